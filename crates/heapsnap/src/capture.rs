//! Taking heap snapshots out of a live isolate, as Node's `node:v8` does:
//! [`write_heap_snapshot`], [`get_heap_snapshot`] and
//! [`set_heap_snapshot_near_heap_limit`].
//!
//! ```no_run
//! v8_host::init();
//! let mut isolate = v8::Isolate::new(Default::default());
//! let path = heapsnap::capture::write_heap_snapshot(&mut isolate, None, Default::default()).unwrap();
//! assert!(path.to_string_lossy().starts_with("Heap."));
//! ```

use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use v8_host::heap_snapshot::{self as shim, SnapshotOptions, SnapshotOutcome};

/// Bytes per piece handed from V8 to the writer (Node uses 64 KiB too).
pub const CHUNK_SIZE: usize = 64 * 1024;
/// Pieces queued between V8's serializer and the writer thread.
const QUEUE_DEPTH: usize = 4;

/// Node's `{ exposeInternals, exposeNumericValues }` snapshot options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HeapSnapshotOptions {
    /// Show internals (V8 then omits the user-root shortcut edges).
    pub expose_internals: bool,
    /// Show numeric values (Smi and double fields as nodes).
    pub expose_numeric_values: bool,
}

impl From<HeapSnapshotOptions> for SnapshotOptions {
    fn from(o: HeapSnapshotOptions) -> Self {
        SnapshotOptions {
            expose_internals: o.expose_internals,
            expose_numeric_values: o.expose_numeric_values,
        }
    }
}

/// Why a snapshot could not be written.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// A file-system call failed; shaped like Node's `UVException`
    /// (`ENOENT: no such file or directory, open 'x'`).
    #[error("{code}: {description}, {syscall} '{}'", path.display())]
    Io {
        /// Node/libuv error code, e.g. `ENOENT`, `EISDIR`, `EACCES`, `ENOSPC`.
        code: String,
        /// Negative errno, as Node's `err.errno`.
        errno: i32,
        /// libuv's description of the code.
        description: String,
        /// `open`, `write` or `rename`.
        syscall: &'static str,
        /// The path the caller asked for.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// V8 could not take the snapshot (it returned no snapshot, e.g. out of memory).
    #[error("V8 failed to take the heap snapshot")]
    SnapshotFailed,
}

fn uv_code(errno: i32) -> (&'static str, &'static str) {
    match errno {
        libc::ENOENT => ("ENOENT", "no such file or directory"),
        libc::EISDIR => ("EISDIR", "illegal operation on a directory"),
        libc::EACCES => ("EACCES", "permission denied"),
        libc::EPERM => ("EPERM", "operation not permitted"),
        libc::ENOSPC => ("ENOSPC", "no space left on device"),
        libc::EROFS => ("EROFS", "read-only file system"),
        libc::ENOTDIR => ("ENOTDIR", "not a directory"),
        libc::EEXIST => ("EEXIST", "file already exists"),
        libc::EMFILE => ("EMFILE", "too many open files"),
        libc::ENAMETOOLONG => ("ENAMETOOLONG", "name too long"),
        libc::EIO => ("EIO", "i/o error"),
        libc::EDQUOT => ("EDQUOT", "disk quota exceeded"),
        libc::EFBIG => ("EFBIG", "file too large"),
        libc::EXDEV => ("EXDEV", "cross-device link not permitted"),
        libc::EBUSY => ("EBUSY", "resource busy or locked"),
        _ => ("UNKNOWN", "unknown error"),
    }
}

fn io_error(source: io::Error, syscall: &'static str, path: &Path) -> CaptureError {
    let errno = source.raw_os_error().unwrap_or(0);
    let (code, description) = uv_code(errno);
    CaptureError::Io {
        code: code.to_string(),
        errno: -errno,
        description: description.to_string(),
        syscall,
        path: path.to_path_buf(),
        source,
    }
}

static SEQUENCE: AtomicU32 = AtomicU32::new(0);
static NEXT_THREAD_ID: AtomicU32 = AtomicU32::new(0);

thread_local! {
    /// Node's `threadId`: 0 for the first thread that asks, then 1, 2, ...
    static THREAD_ID: u32 = NEXT_THREAD_ID.fetch_add(1, Ordering::Relaxed);
}

/// Node's default snapshot name (`DiagnosticFilename`):
/// `Heap.YYYYMMDD.HHMMSS.<pid>.<thread id>.<seq>.heapsnapshot`, local time,
/// with a 3-digit sequence number shared by the whole process.
pub fn default_filename() -> String {
    let seq = SEQUENCE.fetch_add(1, Ordering::Relaxed) + 1;
    let tid = THREAD_ID.with(|t| *t);
    // SAFETY: plain libc calls with valid out-pointers.
    let tm = unsafe {
        let now = libc::time(std::ptr::null_mut());
        let mut tm: libc::tm = std::mem::zeroed();
        libc::localtime_r(&now, &mut tm);
        tm
    };
    format!(
        "Heap.{:04}{:02}{:02}.{:02}{:02}{:02}.{}.{}.{:03}.heapsnapshot",
        tm.tm_year + 1900,
        tm.tm_mon + 1,
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        std::process::id(),
        tid,
        seq
    )
}

/// Appends V8's piece to `buf`, handing out every completed [`CHUNK_SIZE`]
/// buffer (V8 15.2 delivers 65535-byte pieces even when asked for 64 KiB).
/// Returns `false` if `emit` did.
fn rebuffer(buf: &mut Vec<u8>, mut chunk: &[u8], mut emit: impl FnMut(Vec<u8>) -> bool) -> bool {
    while !chunk.is_empty() {
        let take = (CHUNK_SIZE - buf.len()).min(chunk.len());
        buf.extend_from_slice(&chunk[..take]);
        chunk = &chunk[take..];
        if buf.len() == CHUNK_SIZE && !emit(std::mem::replace(buf, Vec::with_capacity(CHUNK_SIZE)))
        {
            return false;
        }
    }
    true
}

/// Streams the snapshot of `isolate` into `file` on a writer thread, so disk
/// I/O overlaps V8's serialization. Extra memory is `QUEUE_DEPTH` chunks.
///
/// # Safety
/// `isolate` must be live and entered on this thread.
unsafe fn stream_to_file(
    isolate: v8::UnsafeRawIsolatePtr,
    file: File,
    options: HeapSnapshotOptions,
) -> Result<(), Result<io::Error, ()>> {
    let (tx, rx) = crossbeam_channel::bounded::<Vec<u8>>(QUEUE_DEPTH);
    let writer = std::thread::Builder::new()
        .name("heapsnap-writer".into())
        .spawn(move || -> io::Result<()> {
            let mut file = file;
            for buf in rx {
                file.write_all(&buf)?;
            }
            file.flush()
            // `file` (the descriptor) is closed here on every path.
        })
        .map_err(Ok)?;
    let mut buf = Vec::with_capacity(CHUNK_SIZE);
    let mut sink = |chunk: &[u8]| -> bool {
        rebuffer(&mut buf, chunk, |full| {
            // Fails only once the writer stopped on an error: abort V8 then.
            tx.send(full).is_ok()
        })
    };
    // SAFETY: forwarded from the caller.
    let outcome =
        unsafe { shim::take_heap_snapshot_raw(isolate, options.into(), CHUNK_SIZE, &mut sink) };
    if outcome == SnapshotOutcome::Complete && !buf.is_empty() {
        let _ = tx.send(std::mem::take(&mut buf));
    }
    drop(tx);
    let written = writer
        .join()
        .unwrap_or_else(|_| Err(io::Error::other("writer thread panicked")));
    match (outcome, written) {
        (_, Err(e)) => Err(Ok(e)),
        (SnapshotOutcome::Complete, Ok(())) => Ok(()),
        _ => Err(Err(())),
    }
}

/// `v8.writeHeapSnapshot([filename[, options]])`: writes a snapshot of
/// `isolate` and returns the path written (Node's default name in the
/// current directory when `filename` is `None`).
///
/// The JSON goes to a temporary file next to the target, renamed into place
/// only when complete, so a failure never leaves a file that looks complete.
/// A directory as `filename` fails with `EISDIR` before any snapshot is taken.
pub fn write_heap_snapshot(
    isolate: &mut v8::Isolate,
    filename: Option<&Path>,
    options: HeapSnapshotOptions,
) -> Result<PathBuf, CaptureError> {
    // SAFETY: a live isolate borrowed for the call, on its thread.
    unsafe { write_heap_snapshot_raw(isolate.as_raw_isolate_ptr(), filename, options) }
}

/// [`write_heap_snapshot`] for V8 callbacks that only have a raw isolate.
///
/// # Safety
/// `isolate` must be live and entered on this thread.
pub unsafe fn write_heap_snapshot_raw(
    isolate: v8::UnsafeRawIsolatePtr,
    filename: Option<&Path>,
    options: HeapSnapshotOptions,
) -> Result<PathBuf, CaptureError> {
    let path = match filename {
        Some(p) => p.to_path_buf(),
        None => PathBuf::from(default_filename()),
    };
    if path.as_os_str().is_empty() {
        return Err(io_error(
            io::Error::from_raw_os_error(libc::ENOENT),
            "open",
            &path,
        ));
    }
    let existing = fs::metadata(&path).ok();
    if existing.as_ref().is_some_and(|m| m.is_dir()) {
        return Err(io_error(
            io::Error::from_raw_os_error(libc::EISDIR),
            "open",
            &path,
        ));
    }
    if existing.as_ref().is_some_and(|m| !m.is_file()) {
        // A device, FIFO or socket (`/dev/stdout`, `/dev/full`): written in
        // place like Node does; a rename would replace the node itself.
        let file = OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&path)
            .map_err(|e| io_error(e, "open", &path))?;
        // SAFETY: forwarded from the caller.
        return match unsafe { stream_to_file(isolate, file, options) } {
            Ok(()) => Ok(path),
            Err(Ok(e)) => Err(io_error(e, "write", &path)),
            Err(Err(())) => Err(CaptureError::SnapshotFailed),
        };
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{name}.{}.{}.partial",
        std::process::id(),
        SEQUENCE.load(Ordering::Relaxed)
    ));
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(|e| io_error(e, "open", &path))?;
    // SAFETY: forwarded from the caller.
    let streamed = unsafe { stream_to_file(isolate, file, options) };
    let result = match streamed {
        Ok(()) => fs::rename(&tmp, &path).map_err(|e| io_error(e, "rename", &path)),
        Err(Ok(e)) => Err(io_error(e, "write", &path)),
        Err(Err(())) => Err(CaptureError::SnapshotFailed),
    };
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map(|()| path)
}

/// `v8.getHeapSnapshot([options])`: the snapshot, taken now, as a reader of
/// its JSON. Like Node (which pushes every chunk into its Readable in one
/// tick), the serialized JSON is held in memory, in [`CHUNK_SIZE`] pieces.
pub fn get_heap_snapshot(
    isolate: &mut v8::Isolate,
    options: HeapSnapshotOptions,
) -> Result<HeapSnapshotReader, CaptureError> {
    let mut chunks = VecDeque::new();
    let mut buf = Vec::with_capacity(CHUNK_SIZE);
    let outcome = shim::take_heap_snapshot(isolate, options.into(), CHUNK_SIZE, &mut |chunk| {
        rebuffer(&mut buf, chunk, |full| {
            chunks.push_back(full);
            true
        })
    });
    if outcome != SnapshotOutcome::Complete {
        return Err(CaptureError::SnapshotFailed);
    }
    if !buf.is_empty() {
        chunks.push_back(buf);
    }
    Ok(HeapSnapshotReader { chunks, pos: 0 })
}

/// The JSON of a snapshot taken by [`get_heap_snapshot`].
#[derive(Debug)]
pub struct HeapSnapshotReader {
    chunks: VecDeque<Vec<u8>>,
    pos: usize,
}

impl HeapSnapshotReader {
    /// The next unread piece (at most [`CHUNK_SIZE`] bytes), or `None` at the end.
    pub fn next_chunk(&mut self) -> Option<Vec<u8>> {
        let mut c = self.chunks.pop_front()?;
        if self.pos > 0 {
            c.drain(..self.pos);
            self.pos = 0;
        }
        Some(c)
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.chunks.iter().map(Vec::len).sum::<usize>() - self.pos
    }
}

impl Read for HeapSnapshotReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let Some(front) = self.chunks.front() else {
            return Ok(0);
        };
        let n = out.len().min(front.len() - self.pos);
        out[..n].copy_from_slice(&front[self.pos..self.pos + n]);
        self.pos += n;
        if self.pos == front.len() {
            self.chunks.pop_front();
            self.pos = 0;
        }
        Ok(n)
    }
}

pub use crate::near_limit::{
    near_heap_limit_snapshots, set_heap_snapshot_near_heap_limit, NearHeapLimit,
};
