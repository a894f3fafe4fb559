//! Heap snapshots with `HeapSnapshotOptions` and a chosen chunk size, and
//! `Isolate::AutomaticallyRestoreInitialHeapLimit` (shim
//! `src/shim/heap_snapshot.cc`; the `v8` crate binds neither).

use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// `HeapProfiler::HeapSnapshotOptions` as Node exposes them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SnapshotOptions {
    /// `HeapSnapshotMode::kExposeInternals` (no user-root shortcuts).
    pub expose_internals: bool,
    /// `NumericsMode::kExposeNumericValues` (Smi/double fields as nodes).
    pub expose_numeric_values: bool,
}

#[repr(C)]
struct Sink {
    data: *mut c_void,
    write: extern "C" fn(*mut c_void, *const u8, usize) -> bool,
    end: extern "C" fn(*mut c_void),
    chunk_size: i32,
}

unsafe extern "C" {
    fn nv8_take_heap_snapshot(
        isolate: v8::UnsafeRawIsolatePtr,
        expose_internals: bool,
        expose_numeric_values: bool,
        sink: *const Sink,
    ) -> bool;
    fn nv8_last_heap_snapshot_options() -> i32;
    fn nv8_automatically_restore_initial_heap_limit(
        isolate: v8::UnsafeRawIsolatePtr,
        threshold_percent: f64,
    );
}

struct State<'a> {
    sink: &'a mut dyn FnMut(&[u8]) -> bool,
    ended: bool,
    panicked: bool,
}

extern "C" fn write_trampoline(data: *mut c_void, bytes: *const u8, len: usize) -> bool {
    // SAFETY: `data` is the `State` owned by `take_heap_snapshot_raw`'s frame,
    // alive for the whole (synchronous) serialization.
    let state = unsafe { &mut *(data as *mut State<'_>) };
    if state.panicked {
        return false;
    }
    // SAFETY: V8 passes `len` valid bytes.
    let chunk = unsafe { std::slice::from_raw_parts(bytes, len) };
    // Never unwind into V8: a panicking sink aborts the stream.
    match catch_unwind(AssertUnwindSafe(|| (state.sink)(chunk))) {
        Ok(go_on) => go_on,
        Err(_) => {
            state.panicked = true;
            false
        }
    }
}

extern "C" fn end_trampoline(data: *mut c_void) {
    // SAFETY: as in `write_trampoline`.
    let state = unsafe { &mut *(data as *mut State<'_>) };
    state.ended = true;
}

/// How a snapshot ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotOutcome {
    /// The whole JSON was delivered (V8 called `EndOfStream`).
    Complete,
    /// The sink returned `false` (or panicked) and V8 stopped serializing.
    Aborted,
    /// V8 could not take the snapshot (out of memory); the sink saw nothing.
    Failed,
}

/// Takes a heap snapshot of `isolate` (after a full GC) and feeds its JSON to
/// `sink` in `chunk_size`-byte pieces (the last one may be shorter). Return
/// `false` from `sink` to abort.
pub fn take_heap_snapshot(
    isolate: &mut v8::Isolate,
    options: SnapshotOptions,
    chunk_size: usize,
    sink: &mut dyn FnMut(&[u8]) -> bool,
) -> SnapshotOutcome {
    // SAFETY: a live isolate, used on its own thread for the whole call.
    unsafe { take_heap_snapshot_raw(isolate.as_raw_isolate_ptr(), options, chunk_size, sink) }
}

/// [`take_heap_snapshot`] from a raw isolate pointer (for V8 callbacks that
/// only get a `data` pointer, such as the near-heap-limit callback).
///
/// # Safety
/// `isolate` must be a live isolate entered on the current thread, and no
/// other borrow of it may be used during the call.
pub unsafe fn take_heap_snapshot_raw(
    isolate: v8::UnsafeRawIsolatePtr,
    options: SnapshotOptions,
    chunk_size: usize,
    sink: &mut dyn FnMut(&[u8]) -> bool,
) -> SnapshotOutcome {
    let mut state = State {
        sink,
        ended: false,
        panicked: false,
    };
    let raw = Sink {
        data: &mut state as *mut State<'_> as *mut c_void,
        write: write_trampoline,
        end: end_trampoline,
        chunk_size: chunk_size.clamp(1, i32::MAX as usize) as i32,
    };
    // SAFETY: the caller guarantees the isolate; `raw` and `state` outlive
    // the synchronous call.
    let taken = unsafe {
        nv8_take_heap_snapshot(
            isolate,
            options.expose_internals,
            options.expose_numeric_values,
            &raw,
        )
    };
    if !taken {
        SnapshotOutcome::Failed
    } else if state.ended && !state.panicked {
        SnapshotOutcome::Complete
    } else {
        SnapshotOutcome::Aborted
    }
}

/// The options the last snapshot handed to V8, read back from the
/// `HeapSnapshotOptions` struct V8 received (`None` before any snapshot).
/// V8 15.2 ignores both modes, so this is how tests see that they reach V8.
pub fn last_snapshot_options() -> Option<SnapshotOptions> {
    // SAFETY: reads an atomic.
    let bits = unsafe { nv8_last_heap_snapshot_options() };
    (bits >= 0).then_some(SnapshotOptions {
        expose_internals: bits & 1 != 0,
        expose_numeric_values: bits & 2 != 0,
    })
}

/// `Isolate::AutomaticallyRestoreInitialHeapLimit(threshold_percent)`: once a
/// near-heap-limit callback raised the limit, V8 restores the initial limit
/// when heap usage falls below `threshold_percent` of it.
///
/// # Safety
/// `isolate` must be a live isolate of the current thread.
pub unsafe fn automatically_restore_initial_heap_limit_raw(
    isolate: v8::UnsafeRawIsolatePtr,
    threshold_percent: f64,
) {
    // SAFETY: guaranteed by the caller.
    unsafe { nv8_automatically_restore_initial_heap_limit(isolate, threshold_percent) }
}

/// Safe form of [`automatically_restore_initial_heap_limit_raw`].
pub fn automatically_restore_initial_heap_limit(isolate: &mut v8::Isolate, threshold_percent: f64) {
    // SAFETY: a live isolate on its own thread.
    unsafe {
        automatically_restore_initial_heap_limit_raw(
            isolate.as_raw_isolate_ptr(),
            threshold_percent,
        )
    }
}
