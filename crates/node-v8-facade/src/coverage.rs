//! `v8.takeCoverage()` / `v8.stopCoverage()` and the `NODE_V8_COVERAGE`
//! collection behind them, on an in-process V8 inspector session (V8's
//! precise coverage has no other public API).
//!
//! As in Node, collection is only active when the host started it
//! ([`start_coverage`], normally from [`coverage_dir_from_env`] at startup;
//! the [`Runtime`](crate::runtime::Runtime) of `nodev8` does this from
//! `RuntimeOptions::coverage_dir` and writes the exit-time file when it is
//! dropped); otherwise both JavaScript functions are no-ops.
//!
//! [`take_coverage`] writes `coverage-<pid>-<epoch ms>-<thread id>.json`
//! atomically (temporary file + rename; the directory is created) and
//! resets the counters. The content is Node's: the raw
//! `Profiler.takePreciseCoverage` result, `{"result":[ScriptCoverage...],
//! "timestamp":<monotonic seconds>}`, with `"source-map-cache"` appended
//! when a loaded module had a `sourceMappingURL` ([`cache_source_map`]).
//! Scripts named by an absolute path are reported with `file://` URLs, as
//! Node's inspector client does. [`stop_coverage`] ends collection, so
//! nothing more is written.
//!
//! Known differences from Node 20: after `stopCoverage()` Node still asks
//! V8 for coverage on each `takeCoverage()` and at exit and prints
//! `'result' from coverage profile response is not an object` to stderr;
//! here those calls are silent no-ops (no file either way). Two files
//! taken within one millisecond get consecutive millisecond stamps instead
//! of overwriting each other. The thread id is always 0 (no workers).
//! `nodev8 -e` reports its code as `[eval]` only (Node also lists its
//! internal `[eval]-wrapper`). There is no `process.kill`, so Node's
//! "write coverage when the process sends itself SIGINT/SIGTERM" has no
//! counterpart; an external signal ends both without a file.

use std::path::{Path, PathBuf};

use v8_host::js::build;

pub use crate::inspector::ProtocolError;
use crate::inspector::Session;
use crate::source_map_cache::SourceMapCache;

/// Errors of the coverage API.
#[derive(Debug, thiserror::Error)]
pub enum CoverageError {
    /// The inspector answered a request with an error (or not at all).
    #[error(transparent)]
    Protocol(#[from] ProtocolError),
    /// The coverage directory could not be created (Node's message).
    #[error("{}: Failed to create coverage profile directory {}", errno_name(.source), .dir.display())]
    CreateDir {
        /// The directory.
        dir: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Writing the coverage file failed (Node's message).
    #[error("{}: Failed to write coverage profile to {}", errno_name(.source), .path.display())]
    Write {
        /// The file being written.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// The libuv error name Node prints for `error` (`ENOTDIR`, ...).
fn errno_name(error: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as Kind;
    if error.raw_os_error() == Some(1) {
        return "EPERM";
    }
    match error.kind() {
        Kind::NotFound => "ENOENT",
        Kind::PermissionDenied => "EACCES",
        Kind::AlreadyExists => "EEXIST",
        Kind::NotADirectory => "ENOTDIR",
        Kind::IsADirectory => "EISDIR",
        Kind::StorageFull => "ENOSPC",
        Kind::ReadOnlyFilesystem => "EROFS",
        Kind::InvalidFilename => "ENAMETOOLONG",
        Kind::QuotaExceeded => "EDQUOT",
        _ => "EIO",
    }
}

/// An active collection.
struct Collector {
    session: Session,
    dir: PathBuf,
    source_maps: SourceMapCache,
}

#[derive(Default)]
struct Slot(Option<Collector>);

/// `NODE_V8_COVERAGE` as an absolute directory, if set and non-empty (Node
/// resolves it against the working directory; export the result back into
/// `process.env` so children inherit the absolute path).
pub fn coverage_dir_from_env() -> Option<PathBuf> {
    let dir = std::env::var_os("NODE_V8_COVERAGE").filter(|d| !d.is_empty())?;
    let dir = PathBuf::from(dir);
    Some(if dir.is_absolute() {
        dir
    } else {
        std::env::current_dir().ok()?.join(dir)
    })
}

/// Starts precise coverage (call counts, block granularity) for every
/// script of `isolate`, to be written into `dir`. Call it before user code
/// runs. Starting again while active does nothing.
pub fn start_coverage(isolate: &mut v8::Isolate, dir: &Path) -> Result<(), CoverageError> {
    let slot = v8_host::state::get_or_init::<Slot>(isolate);
    if slot.borrow().0.is_some() {
        return Ok(());
    }
    let mut collector = Collector {
        session: Session::connect(isolate),
        dir: dir.to_path_buf(),
        source_maps: SourceMapCache::default(),
    };
    collector.session.call("Profiler.enable", "{}")?;
    collector.session.call(
        "Profiler.startPreciseCoverage",
        r#"{"callCount":true,"detailed":true}"#,
    )?;
    slot.borrow_mut().0 = Some(collector);
    Ok(())
}

/// Whether collection is active on `isolate`.
pub fn coverage_active(isolate: &mut v8::Isolate) -> bool {
    v8_host::state::get::<Slot>(isolate).is_some_and(|slot| slot.borrow().0.is_some())
}

/// Takes (and resets) the coverage collected so far and writes it as a new
/// file; `Ok(None)` when collection is not active.
pub fn take_coverage(isolate: &mut v8::Isolate) -> Result<Option<PathBuf>, CoverageError> {
    let Some(slot) = v8_host::state::get::<Slot>(isolate) else {
        return Ok(None);
    };
    let mut slot = slot.borrow_mut();
    let Some(collector) = slot.0.as_mut() else {
        return Ok(None);
    };
    let mut result = collector
        .session
        .call("Profiler.takePreciseCoverage", "{}")?;
    if let (Some(object), Some(cache)) = (result.as_object_mut(), collector.source_maps.to_json()) {
        object.insert("source-map-cache".to_owned(), cache);
    }
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    // Two takes within one millisecond would share Node's file name: move
    // to the next free millisecond instead of overwriting.
    let mut millis = millis;
    let mut path;
    loop {
        path = collector
            .dir
            .join(format!("coverage-{}-{millis}-0.json", std::process::id()));
        if !path.exists() {
            break;
        }
        millis += 1;
    }
    write_atomically(&path, result.to_string().as_bytes())?;
    Ok(Some(path))
}

/// Records a loaded module for the `"source-map-cache"` of later coverage
/// files, as Node does while `NODE_V8_COVERAGE` is set: `filename` is the
/// module's absolute path or URL, `content` its source and
/// `source_mapping_url` V8's value of its `sourceMappingURL` magic comment
/// (`""` when none: nothing is recorded). A file map is read now, relative
/// to the module. Does nothing when collection is not active.
pub fn cache_source_map(
    isolate: &mut v8::Isolate,
    filename: &str,
    content: &str,
    source_mapping_url: &str,
) {
    if source_mapping_url.is_empty() {
        return;
    }
    let Some(slot) = v8_host::state::get::<Slot>(isolate) else {
        return;
    };
    let mut slot = slot.borrow_mut();
    if let Some(collector) = slot.0.as_mut() {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        collector
            .source_maps
            .record(filename, content, source_mapping_url, &cwd);
    }
}

/// Stops collection: later [`take_coverage`] calls (and the exit-time one)
/// write nothing.
pub fn stop_coverage(isolate: &mut v8::Isolate) -> Result<(), CoverageError> {
    let Some(slot) = v8_host::state::get::<Slot>(isolate) else {
        return Ok(());
    };
    let collector = slot.borrow_mut().0.take();
    if let Some(mut collector) = collector {
        collector
            .session
            .call("Profiler.stopPreciseCoverage", "{}")?;
    }
    Ok(())
}

/// Ends collection without writing anything, for a process that dies
/// abnormally: Node writes no coverage file on `process.abort()` or when
/// an `uncaughtException` listener throws (exit code 7).
pub fn discard_coverage(isolate: &mut v8::Isolate) {
    if let Some(slot) = v8_host::state::get::<Slot>(isolate) {
        let collector = slot.borrow_mut().0.take();
        drop(collector);
    }
}

/// Creates `path` through a temporary file and a rename, so a reader never
/// sees half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CoverageError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| CoverageError::CreateDir {
            dir: dir.to_path_buf(),
            source,
        })?;
    }
    // Hidden and not `*.json`: tools that read every coverage file in the
    // directory never pick up a temporary one.
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = path.with_file_name(format!(".{name}.tmp"));
    let written = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        // Leave no partial file behind.
        let _ = std::fs::remove_file(&temp);
    }
    written.map_err(|source| CoverageError::Write {
        path: path.to_path_buf(),
        source,
    })
}

v8_host::native_fn! {
    /// `takeCoverage()`: a no-op unless collection is active; never throws
    /// (a write failure is reported on stderr, as Node does).
    pub fn take_coverage_js(scope, args, rv) {
        if let Err(error) = take_coverage(scope) {
            eprintln!("{error}");
        }
        Ok(())
    }
}

v8_host::native_fn! {
    /// `stopCoverage()`.
    pub fn stop_coverage_js(scope, args, rv) {
        if let Err(error) = stop_coverage(scope) {
            eprintln!("{error}");
        }
        Ok(())
    }
}

/// `takeCoverage`, `stopCoverage`.
pub(crate) fn exports<'s>(
    scope: &mut v8::PinScope<'s, '_>,
) -> Vec<(&'static str, v8::Local<'s, v8::Value>)> {
    let mut out = Vec::new();
    for (name, callback) in [
        ("takeCoverage", take_coverage_js as v8::FunctionCallback),
        ("stopCoverage", stop_coverage_js),
    ] {
        if let Ok(function) = build::function(scope, name, callback) {
            out.push((name, function.into()));
        }
    }
    out
}

/// The native callbacks of [`exports`].
pub(crate) fn external_references() -> Vec<v8::ExternalReference> {
    vec![
        v8::ExternalReference {
            function: take_coverage_js,
        },
        v8::ExternalReference {
            function: stop_coverage_js,
        },
    ]
}
