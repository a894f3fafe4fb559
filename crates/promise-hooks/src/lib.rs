//! Node's `v8.promiseHooks` for a plain V8 isolate.
//!
//! V8 keeps **one** set of four JavaScript promise hooks per context
//! (`Context::SetPromiseHooks`). This crate keeps a per-isolate registry of
//! any number of hooks — Rust closures and JavaScript functions, in
//! registration order — and installs into every tracked context what Node
//! would: nothing when a kind has no hook, the hook's function itself when
//! it is the only hook of its kind (Node's single-hook fast path; a Rust
//! hook is represented by a native function), and otherwise a JavaScript
//! dispatcher that runs the current list of hook functions (Node's
//! `initAll`/`makeRunHook`: a snapshot per event, exceptions collected).
//!
//! ```
//! use std::{cell::RefCell, rc::Rc};
//! v8_host::init();
//! let isolate = &mut v8::Isolate::new(Default::default());
//! v8::scope!(let scope, isolate);
//! let context = v8::Context::new(scope, Default::default());
//! let scope = &mut v8::ContextScope::new(scope, context);
//!
//! let events = Rc::new(RefCell::new(Vec::new()));
//! let log = events.clone();
//! let init = promise_hooks::on_init(scope, move |_scope, _promise, parent| {
//!     log.borrow_mut().push(if parent.is_some() { "init(child)" } else { "init" });
//! });
//! let log = events.clone();
//! let settled = promise_hooks::on_settled(scope, move |_scope, _promise| log.borrow_mut().push("settled"));
//!
//! let code = v8::String::new(scope, "Promise.resolve(1).then(() => {})").unwrap();
//! v8::Script::compile(scope, code, None).unwrap().run(scope).unwrap();
//! scope.perform_microtask_checkpoint();
//! assert_eq!(*events.borrow(), ["init", "settled", "init(child)", "settled"]);
//!
//! assert!(init.stop(scope));
//! assert!(!init.stop(scope)); // idempotent
//! settled.stop(scope);
//! ```
//!
//! # Contexts
//!
//! Hooks apply to every context the registry tracks. A context is tracked
//! when a hook is registered (or stopped) from a scope whose current context
//! it is, and when its creator calls [`install_into_context`] — embedders
//! that create contexts (the `nodev8` runtime's main context, `vm`-like
//! contexts) call it right after `v8::Context::new`, so contexts created
//! later receive the hooks already registered. Contexts are held weakly.
//!
//! # Exceptions
//!
//! A hook that throws does not stop the others of the same event. With the
//! dispatcher, every exception is caught and, after all hooks ran, handed to
//! the handler set with [`set_uncaught_exception_handler`] (the runtime
//! routes it to `process.on('uncaughtException')`). Without a handler, the
//! first exception is rethrown to V8, which reports it to the isolate's
//! message listeners exactly as for a lone (fast-path) hook, and later ones
//! are rethrown from microtasks. A lone hook's exception is reported by V8
//! itself to the message listeners (as in Node). Rust hooks cannot throw; a
//! panicking Rust hook throws an `Error` instead, reported the same way.
//!
//! # Startup snapshots
//!
//! As in Node, promise hooks are not part of a startup snapshot: stop them
//! all, then call [`prepare_for_snapshot`] on the snapshot creator right
//! before `create_blob`; it releases every handle the crate holds (V8
//! aborts `create_blob` otherwise) and refuses, with
//! [`SnapshotError::ActiveHooks`], while hooks are still registered. The
//! `promiseHooks` object itself is plain JavaScript over the natives listed
//! in [`js::external_references`], so it survives the snapshot; register
//! hooks again after restoring.

#![warn(missing_docs)]

mod dispatch;
pub mod js;
mod native;
mod registry;

pub use registry::{
    hook_count, hook_mode, install_into_context, on_after, on_before, on_init, on_settled,
    prepare_for_snapshot, set_uncaught_exception_handler, HookHandle, HookKind, HookMode,
    SnapshotError, UncaughtExceptionHandler,
};
