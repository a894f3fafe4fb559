//! `v8.setHeapSnapshotNearHeapLimit(limit)` with Node's semantics
//! (`Environment::NearHeapLimitCallback`): when the heap nears its limit,
//! write a snapshot (internals and numeric values exposed), raise the limit
//! by the young generation's size so the snapshot can finish, at most
//! `limit` times; then let V8 restore the initial limit once usage drops.

use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use crate::capture::{default_filename, write_heap_snapshot_raw, HeapSnapshotOptions};

/// Per-isolate state: set once, never re-armed (a second call is a no-op).
#[derive(Default)]
struct NearLimitSlot {
    data: Option<Box<NearHeapLimit>>,
}

/// What the near-heap-limit callback knows (owned by the isolate's slot, so
/// the pointer V8 holds stays valid as long as the isolate).
pub struct NearHeapLimit {
    isolate: v8::UnsafeRawIsolatePtr,
    limit: u32,
    taken: u32,
    in_callback: bool,
    registered: bool,
    directory: Option<PathBuf>,
    /// Paths written so far.
    pub written: Vec<PathBuf>,
}

/// Young-generation budget by which Node raises the limit: V8's default
/// maximum young generation (3 semi-spaces of 16 MiB on 64-bit), or more if
/// the new spaces already hold more.
fn max_young_gen_size(isolate: &mut v8::Isolate) -> usize {
    let mut young = 0;
    for i in 0..isolate.number_of_heap_spaces() {
        if let Some(s) = isolate.get_heap_space_statistics(i) {
            let name = s.space_name().to_string_lossy();
            if name == "new_space" || name == "new_large_object_space" {
                young += s.space_size();
            }
        }
    }
    young.max(48 << 20)
}

/// `uv_get_available_memory()` on Linux (`MemAvailable`), if readable.
fn available_memory() -> Option<usize> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

unsafe extern "C" fn near_heap_limit_callback(
    data: *mut c_void,
    current: usize,
    _initial: usize,
) -> usize {
    // SAFETY: `data` is the `NearHeapLimit` boxed in the isolate's slot.
    let state = unsafe { &mut *(data as *mut NearHeapLimit) };
    let fallback = current.saturating_add(48 << 20);
    // Never unwind into V8.
    catch_unwind(AssertUnwindSafe(|| on_near_limit(state, current))).unwrap_or(fallback)
}

fn on_near_limit(state: &mut NearHeapLimit, current: usize) -> usize {
    let mut raw = state.isolate;
    // SAFETY: V8 calls this on the isolate's thread while it is alive.
    let isolate = unsafe { v8::Isolate::ref_from_raw_isolate_ptr_mut(&mut raw) };
    let young = max_young_gen_size(isolate);
    let new_limit = current.saturating_add(young);
    if state.in_callback {
        return new_limit;
    }
    if available_memory().is_some_and(|avail| young > avail) {
        eprintln!("Not generating snapshots because it's too risky.");
        unregister(state, isolate);
        return new_limit;
    }
    state.in_callback = true;
    let name = default_filename();
    let path = match &state.directory {
        Some(dir) => dir.join(name),
        None => PathBuf::from(name),
    };
    let options = HeapSnapshotOptions {
        expose_internals: true,
        expose_numeric_values: true,
    };
    // Errors are ignored, as in Node (the process is about to die anyway).
    // SAFETY: the isolate is live and entered on this thread.
    let ok = unsafe { write_heap_snapshot_raw(state.isolate, Some(&path), options) }.is_ok();
    state.taken += 1;
    if state.taken >= state.limit {
        unregister(state, isolate);
    }
    if ok {
        eprintln!("Wrote snapshot to {}", path.display());
        state.written.push(path);
    }
    v8_host::heap_snapshot::automatically_restore_initial_heap_limit(isolate, 0.95);
    state.in_callback = false;
    new_limit
}

fn unregister(state: &mut NearHeapLimit, isolate: &mut v8::Isolate) {
    if state.registered {
        isolate.remove_near_heap_limit_callback(near_heap_limit_callback, 0);
        state.registered = false;
    }
}

/// `v8.setHeapSnapshotNearHeapLimit(limit)`: arms near-heap-limit snapshots
/// (written to `directory`, or the current directory) for at most `limit`
/// snapshots. Returns `false` (and does nothing) if it was already called for
/// this isolate or `limit` is 0, like Node's silent no-op.
pub fn set_heap_snapshot_near_heap_limit(
    isolate: &mut v8::Isolate,
    limit: u32,
    directory: Option<PathBuf>,
) -> bool {
    let slot = v8_host::state::get_or_init::<NearLimitSlot>(isolate);
    if limit == 0 || slot.borrow().data.is_some() {
        return false;
    }
    // SAFETY: the pointer is only used while the isolate (which owns the slot) lives.
    let raw = unsafe { isolate.as_raw_isolate_ptr() };
    let mut data = Box::new(NearHeapLimit {
        isolate: raw,
        limit,
        taken: 0,
        in_callback: false,
        registered: true,
        directory,
        written: Vec::new(),
    });
    let ptr = &mut *data as *mut NearHeapLimit as *mut c_void;
    slot.borrow_mut().data = Some(data);
    isolate.add_near_heap_limit_callback(near_heap_limit_callback, ptr);
    true
}

/// Paths written by near-heap-limit snapshots of this isolate so far.
pub fn near_heap_limit_snapshots(isolate: &mut v8::Isolate) -> Vec<PathBuf> {
    v8_host::state::get::<NearLimitSlot>(isolate)
        .and_then(|s| s.borrow().data.as_ref().map(|d| d.written.clone()))
        .unwrap_or_default()
}
