//! The profiler: one prologue/epilogue callback pair per running profiler,
//! registered with the profiler's own recorder as `data` (so several
//! profilers on one isolate are independent, as in Node).

use crate::report::{GcProfile, GcStatistic, GcType, HeapState};
use std::cell::{Cell, RefCell};
use std::ffi::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Records garbage collections of one isolate, like Node's `v8.GCProfiler`.
///
/// ```
/// v8_host::init();
/// let mut isolate = v8::Isolate::new(v8::CreateParams::default());
/// let mut profiler = gc_profiler::GcProfiler::new();
/// profiler.start(&mut isolate);
/// isolate.low_memory_notification(); // forces full collections
/// let profile = profiler.stop().expect("was running");
/// assert_eq!(profile.version, 1);
/// assert!(!profile.statistics.is_empty());
/// assert!(profile.to_json().starts_with(r#"{"version":1,"startTime":"#));
/// ```
///
/// * [`start`](Self::start) while running does nothing.
/// * [`stop`](Self::stop) when not running returns `None`.
/// * Dropping a running profiler unregisters its callbacks.
/// * A collection that starts while another one is being recorded (a nested
///   GC) is ignored, exactly as Node ignores it.
/// * The callbacks only read heap statistics: they never run JavaScript and
///   never let a panic unwind into V8.
pub struct GcProfiler {
    session: Option<Session>,
}

/// A running registration: the isolate it is on and the recorder V8 sees as
/// the callbacks' `data`.
struct Session {
    isolate: v8::UnsafeRawIsolatePtr,
    isolate_alive: Rc<Cell<bool>>,
    recorder: Box<RefCell<Recorder>>,
}

struct Recorder {
    start_time: u64,
    /// Raw `GCType` bits of the collection being recorded, 0 when idle.
    current_gc_type: u32,
    current: Option<(GcType, HeapState, Instant)>,
    statistics: Vec<GcStatistic>,
}

/// Per-isolate liveness flag: cleared when the isolate's slots are dropped,
/// so a profiler outliving its isolate never touches the freed isolate.
struct Liveness(Rc<Cell<bool>>);

impl Default for Liveness {
    fn default() -> Self {
        Liveness(Rc::new(Cell::new(true)))
    }
}

impl Drop for Liveness {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

impl Default for GcProfiler {
    fn default() -> Self {
        Self::new()
    }
}

impl GcProfiler {
    /// A profiler that is not running yet.
    pub fn new() -> Self {
        GcProfiler { session: None }
    }

    /// Whether the profiler is recording.
    pub fn is_running(&self) -> bool {
        self.session.is_some()
    }

    /// Starts recording every collection of `isolate`. A no-op (returning
    /// `false`) if this profiler is already running.
    pub fn start(&mut self, isolate: &mut v8::Isolate) -> bool {
        if self.session.is_some() {
            return false;
        }
        let isolate_alive = v8_host::state::get_or_init::<Liveness>(isolate)
            .borrow()
            .0
            .clone();
        let recorder = Box::new(RefCell::new(Recorder {
            start_time: now_ms(),
            current_gc_type: 0,
            current: None,
            statistics: Vec::new(),
        }));
        let data = recorder_data(&recorder);
        isolate.add_gc_prologue_callback(on_prologue, data, v8::GCType::kGCTypeAll);
        isolate.add_gc_epilogue_callback(on_epilogue, data, v8::GCType::kGCTypeAll);
        self.session = Some(Session {
            // SAFETY: only used while `isolate_alive` says the isolate exists.
            isolate: unsafe { isolate.as_raw_isolate_ptr() },
            isolate_alive,
            recorder,
        });
        true
    }

    /// Stops recording and returns the profile, or `None` if the profiler
    /// was not running. Works even after the isolate was dropped (the
    /// profile then ends at that point).
    pub fn stop(&mut self) -> Option<GcProfile> {
        let session = self.session.take()?;
        session.unregister();
        let recorder = session.recorder.into_inner();
        Some(GcProfile {
            version: 1,
            start_time: recorder.start_time,
            statistics: recorder.statistics,
            end_time: now_ms(),
        })
    }

    /// Number of collections recorded so far (0 when not running).
    pub fn recorded(&self) -> usize {
        self.session
            .as_ref()
            .and_then(|s| s.recorder.try_borrow().ok().map(|r| r.statistics.len()))
            .unwrap_or(0)
    }
}

impl Session {
    fn unregister(&self) {
        if !self.isolate_alive.get() {
            return;
        }
        // SAFETY: the isolate is alive (its slots are not dropped yet) and,
        // since `GcProfiler` is `!Send`, we are on the thread that uses it.
        let mut isolate = unsafe { v8::Isolate::from_raw_isolate_ptr(self.isolate) };
        let data = recorder_data(&self.recorder);
        // This exact (callback, data) pair was added in `start` and is
        // removed exactly once, since the session is consumed afterwards.
        isolate.remove_gc_prologue_callback(on_prologue, data);
        isolate.remove_gc_epilogue_callback(on_epilogue, data);
    }
}

impl Drop for GcProfiler {
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            session.unregister();
        }
    }
}

fn recorder_data(recorder: &RefCell<Recorder>) -> *mut c_void {
    recorder as *const RefCell<Recorder> as *mut c_void
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Runs `f` on the recorder behind `data`, swallowing any panic so it can
/// never unwind into V8.
fn with_recorder(
    isolate: &mut v8::UnsafeRawIsolatePtr,
    data: *mut c_void,
    f: impl FnOnce(&mut v8::Isolate, &mut Recorder),
) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        if data.is_null() || isolate.is_null() {
            return;
        }
        // SAFETY: `data` is the boxed recorder registered in `start`; it
        // stays alive until the pair is removed.
        let cell = unsafe { &*(data as *const RefCell<Recorder>) };
        let Ok(mut recorder) = cell.try_borrow_mut() else {
            return;
        };
        // SAFETY: V8 passes the isolate that is collecting.
        let isolate = unsafe { v8::Isolate::ref_from_raw_isolate_ptr_mut(isolate) };
        f(isolate, &mut recorder);
    }));
}

unsafe extern "C" fn on_prologue(
    mut isolate: v8::UnsafeRawIsolatePtr,
    gc_type: v8::GCType,
    _flags: v8::GCCallbackFlags,
    data: *mut c_void,
) {
    with_recorder(&mut isolate, data, |isolate, recorder| {
        if recorder.current_gc_type != 0 {
            return; // nested collection: ignored, as in Node
        }
        let before = HeapState::capture(isolate);
        recorder.current_gc_type = gc_type.0;
        recorder.current = Some((GcType::from_bits(gc_type.0), before, Instant::now()));
    });
}

unsafe extern "C" fn on_epilogue(
    mut isolate: v8::UnsafeRawIsolatePtr,
    gc_type: v8::GCType,
    _flags: v8::GCCallbackFlags,
    data: *mut c_void,
) {
    with_recorder(&mut isolate, data, |isolate, recorder| {
        if recorder.current_gc_type != gc_type.0 {
            return;
        }
        recorder.current_gc_type = 0;
        if let Some((gc_type, before_gc, started)) = recorder.current.take() {
            let cost = started.elapsed().as_nanos() as f64 / 1e3;
            let after_gc = HeapState::capture(isolate);
            recorder.statistics.push(GcStatistic {
                gc_type,
                before_gc,
                cost,
                after_gc,
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Drives the callbacks by hand: a collection starting inside another
    /// one (nested) is ignored, and a mismatched epilogue is ignored.
    #[test]
    fn nested_collections_are_ignored() {
        v8_host::init();
        let mut isolate = v8::Isolate::new(v8::CreateParams::default());
        let mut profiler = GcProfiler::new();
        profiler.start(&mut isolate);
        let data = recorder_data(&profiler.session.as_ref().unwrap().recorder);
        let raw = unsafe { isolate.as_raw_isolate_ptr() };
        let flags = v8::GCCallbackFlags::kNoGCCallbackFlags;
        unsafe {
            on_prologue(raw, v8::GCType::kGCTypeMarkSweepCompact, flags, data);
            on_prologue(raw, v8::GCType::kGCTypeScavenge, flags, data); // nested
            on_epilogue(raw, v8::GCType::kGCTypeScavenge, flags, data); // ignored
            on_epilogue(raw, v8::GCType::kGCTypeMarkSweepCompact, flags, data);
            on_epilogue(raw, v8::GCType::kGCTypeMarkSweepCompact, flags, data); // no prologue
        }
        let profile = profiler.stop().unwrap();
        let types: Vec<GcType> = profile.statistics.iter().map(|s| s.gc_type).collect();
        assert_eq!(types, [GcType::MarkSweepCompact]);
        assert!(profile.statistics[0].cost >= 0.0);
    }

    #[test]
    fn null_data_or_isolate_is_ignored() {
        let flags = v8::GCCallbackFlags::kNoGCCallbackFlags;
        unsafe {
            on_prologue(
                v8::UnsafeRawIsolatePtr::null(),
                v8::GCType::kGCTypeScavenge,
                flags,
                std::ptr::null_mut(),
            );
            on_epilogue(
                v8::UnsafeRawIsolatePtr::null(),
                v8::GCType::kGCTypeScavenge,
                flags,
                std::ptr::null_mut(),
            );
        }
    }
}
