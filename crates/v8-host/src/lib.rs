//! The shared V8 foundation of the `node:v8` crates.
//!
//! Every crate in this workspace (`v8-stats`, `heapsnap`, `gc-profiler`,
//! `promise-hooks`, `structured-clone`, `node-v8-facade`) reaches V8 the
//! same way, so that they compose on **one isolate** without knowing each
//! other.
//!
//! # The shared isolate handle
//!
//! * **The handle is the isolate itself.** Functions take `&mut v8::Isolate`
//!   (a `v8::OwnedIsolate` and every scope deref to one) or, when they need
//!   a context, a `&mut v8::PinScope` whose current context is the one to
//!   use. There is no wrapper type to adopt: a Rust user with a plain
//!   `OwnedIsolate` calls any crate directly (`v8_stats::heap_statistics(&mut
//!   isolate)`), and inside a V8 callback the callback's scope is the handle.
//!   Owning the isolate (creating it, running the event loop) stays with the
//!   application, e.g. the `nodev8` runtime.
//! * **Why isolate slots for state.** Each crate keeps its per-isolate state
//!   (GC profilers, hook registries, warning flags, ...) in an isolate slot
//!   under a *crate-private* type, via [`state::get_or_init`]. Slots are
//!   keyed by `TypeId`, so crates cannot collide or even see each other's
//!   state, nothing global is needed (several isolates per process and per
//!   thread just work), and the state is dropped with the isolate (or when
//!   a snapshot creator serializes it). State is an `Rc<RefCell<T>>` cloned
//!   out of the slot so the isolate stays usable while it is held; never
//!   keep a `borrow_mut` across a call into JavaScript.
//! * **Why one initialisation.** V8's platform can be initialised once per
//!   process, and flags freeze at `V8::initialize` unless
//!   `--no-freeze-flags-after-init` was set first (then Node's
//!   `setFlagsFromString` would abort the process). [`init`] does both
//!   exactly once (`std::sync::Once`); every crate and test calls it, so
//!   whichever comes first wins and the others are no-ops.
//! * **Native functions.** [`js`] has Node's errors, validators and the
//!   [`native_fn!`] macro, which defines callbacks as plain `extern "C"`
//!   functions (stable addresses for startup-snapshot external references)
//!   and catches panics so none unwinds into V8.
//! * **C++ shim.** [`shim`] wraps V8 APIs that the `v8` crate does not bind
//!   (`HeapProfiler::QueryObjects`, `CppHeap::CollectStatistics`). It is
//!   compiled by `build.rs` with clang++ (`$NV8_CXX`, else `clang++-22`)
//!   against the `v8` crate's own headers and bundled libc++.
//!
//! ```
//! v8_host::init();
//! let mut isolate = v8::Isolate::new(v8::CreateParams::default());
//! #[derive(Default)]
//! struct Counter(u32); // crate-private: no other crate can name it
//! let counter = v8_host::state::get_or_init::<Counter>(&mut isolate);
//! counter.borrow_mut().0 += 1;
//! assert_eq!(v8_host::state::get_or_init::<Counter>(&mut isolate).borrow().0, 1);
//! ```

#![warn(missing_docs)]

pub mod heap_snapshot;
pub mod js;
pub mod shim;
pub mod state;
pub mod testing;

/// The `v8` crate this workspace pins, re-exported for macros.
pub use v8;

use std::sync::Once;

static INIT: Once = Once::new();

/// Flags every isolate of this workspace needs before `V8::initialize`.
const REQUIRED_FLAGS: &str = "--no-freeze-flags-after-init";

/// Initialises the V8 platform once per process. Later calls do nothing.
///
/// Equivalent to [`init_with_flags`] with no extra flags.
pub fn init() {
    init_with_flags("");
}

/// Initialises the V8 platform once per process, applying `flags` (in V8's
/// command-line syntax, e.g. `"--expose-gc --max-old-space-size=64"`) before
/// `V8::initialize`.
///
/// Returns `true` if this call initialised V8, `false` if V8 was already
/// initialised (then `flags` are **not** applied; use
/// `v8::V8::set_flags_from_string` for flags that may change at run time).
pub fn init_with_flags(flags: &str) -> bool {
    let mut initialised_now = false;
    INIT.call_once(|| {
        v8::V8::set_flags_from_string(REQUIRED_FLAGS);
        if !flags.trim().is_empty() {
            v8::V8::set_flags_from_string(flags);
        }
        let platform = v8::new_default_platform(0, false).make_shared();
        v8::V8::initialize_platform(platform);
        v8::V8::initialize();
        initialised_now = true;
    });
    initialised_now
}

/// Whether [`init`] (or [`init_with_flags`]) has completed.
pub fn is_initialized() -> bool {
    INIT.is_completed()
}

#[cfg(test)]
mod tests {
    #[test]
    fn init_is_idempotent_and_flags_stay_mutable() {
        super::init();
        assert!(super::is_initialized());
        assert!(!super::init_with_flags("--expose-gc"));
        // Would abort the process if flags had been frozen by V8::initialize.
        let before = v8::script_compiler::cached_data_version_tag();
        v8::V8::set_flags_from_string("--allow-natives-syntax");
        let after = v8::script_compiler::cached_data_version_tag();
        v8::V8::set_flags_from_string("--no-allow-natives-syntax");
        assert_ne!(before, after);
    }
}
