//! The shared V8 foundation of the `node:v8` crates.
//!
//! Every crate in this workspace (`v8-stats`, `heapsnap`, `gc-profiler`,
//! `promise-hooks`, `startup-snapshot`, `node-v8-facade`) reaches V8 the same
//! way, so that they compose on **one isolate** without knowing each other:
//!
//! * **Platform** — [`init`] initialises V8 exactly once per process, with
//!   `--no-freeze-flags-after-init` set *before* `V8::initialize` (as Node
//!   does), so that `setFlagsFromString` can change flags later without
//!   aborting the process.
//! * **Isolate** — the handle is a plain `&mut v8::Isolate` (or a scope that
//!   derefs to one). A Rust user who owns a `v8::OwnedIsolate` can call any
//!   crate directly; there is no wrapper type to adopt.
//! * **Per-isolate state** — each crate keeps its state in an isolate slot
//!   under a crate-private type, obtained with [`state::get_or_init`]. Slots
//!   are keyed by `TypeId`, so two crates can never collide, and state is
//!   dropped together with the isolate.
//!
//! ```
//! v8_host::init();
//! let mut isolate = v8::Isolate::new(v8::CreateParams::default());
//! #[derive(Default)]
//! struct Counter(u32);
//! let counter = v8_host::state::get_or_init::<Counter>(&mut isolate);
//! counter.borrow_mut().0 += 1;
//! assert_eq!(v8_host::state::get_or_init::<Counter>(&mut isolate).borrow().0, 1);
//! ```

#![warn(missing_docs)]

pub mod js;
pub mod shim;
pub mod state;

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
