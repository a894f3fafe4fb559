//! Rust hooks as native functions: one per hook (installed directly when it
//! is the only hook of its kind, or listed in the JavaScript dispatcher), and
//! a native dispatcher running every hook of a kind when they are all Rust
//! hooks (no JavaScript in between).
//!
//! A function owns what it runs through a `v8::External` whose pointee is
//! freed by the function's Weak finalizer once V8 collected it, so a hook
//! stopped during an event still runs for that event's snapshot, as in Node.
//! These callbacks are the hot path of Rust hooks, so they are written by
//! hand with as few calls into V8 as possible: no `native_fn!` guard closure,
//! no return value, no type checks of values whose type V8 guarantees, and
//! only the user's closures run under `catch_unwind` (nothing else here can
//! panic).

use crate::dispatch;
use crate::registry::{registry, Hook, HookKind};
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::{self, Rc};

/// One Rust hook.
pub(crate) struct RustHook {
    kind: HookKind,
    hook: Hook,
}

/// The Rust hooks of one kind, run in order by [`call_rust_hooks`]; holding
/// their owners keeps them alive as long as this list may run.
struct MultiHook {
    kind: HookKind,
    hooks: Vec<Rc<Owner<RustHook>>>,
}

/// Owns a boxed `T`; held by a function's Weak finalizer (and, for single
/// hooks, by the native dispatchers listing them), so `T` is freed once
/// nothing can call it any more, unless [`Leak::leak`] detached it first.
pub(crate) struct Owner<T>(Cell<*mut T>);

/// The owner of a single Rust hook.
pub(crate) type HookOwner = Owner<RustHook>;

impl<T> Owner<T> {
    fn new(value: T) -> Rc<Self> {
        Rc::new(Owner(Cell::new(Box::into_raw(Box::new(value)))))
    }
}

/// Type-erased [`Owner::leak`].
pub(crate) trait Leak {
    /// Gives up ownership without freeing: for a function that may still be
    /// alive when its Weak must go (before a startup snapshot), so a late
    /// call can never reach freed memory.
    fn leak(&self);
}

impl<T> Leak for Owner<T> {
    fn leak(&self) {
        self.0.set(std::ptr::null_mut());
    }
}

impl<T> Drop for Owner<T> {
    fn drop(&mut self) {
        let value = self.0.replace(std::ptr::null_mut());
        if !value.is_null() {
            // SAFETY: created by Box::into_raw in Owner::new, freed only
            // here (the pointer is nulled first).
            drop(unsafe { Box::from_raw(value) });
        }
    }
}

/// A native hook function, with what keeps its data alive.
pub(crate) struct RustFunction {
    /// Its finalizer owns the data and frees it once V8 collects the
    /// function; dropping the Weak early drops the finalizer with its owner.
    pub(crate) weak: v8::Weak<v8::Function>,
    /// To [`Leak::leak`] the data before the Weak goes early.
    pub(crate) owner: rc::Weak<dyn Leak>,
}

/// A Rust hook as a JavaScript function (`data`: External → [`RustHook`]).
/// A panic becomes a thrown `Error`.
///
/// # Safety
///
/// A V8 `FunctionCallback` for functions built by [`rust_hook_function`]:
/// only V8 may call it, with a valid `FunctionCallbackInfo`.
pub(crate) unsafe extern "C" fn call_rust_hook(info: *const v8::FunctionCallbackInfo) {
    // SAFETY: V8 passes a valid info that outlives this call.
    let info = unsafe { &*info };
    let args = v8::FunctionCallbackArguments::from_function_callback_info(info);
    // SAFETY: every function with this callback has an External as data,
    // whose RustHook lives as long as the function (Owner).
    let rust = unsafe { &*(external_value(args.data()) as *const RustHook) };
    let promise = promise_arg(args.get(0));
    v8::callback_scope!(unsafe scope, info);
    let outcome = match &rust.hook {
        Hook::Init(f) => {
            let parent = v8::Local::<v8::Promise>::try_from(args.get(1)).ok();
            catch_unwind(AssertUnwindSafe(|| f(scope, promise, parent)))
        }
        Hook::Promise(f) => catch_unwind(AssertUnwindSafe(|| f(scope, promise))),
    };
    if outcome.is_err() {
        let error = panic_error(scope, rust.kind);
        scope.throw_exception(error);
    }
}

/// Every Rust hook of a kind, in order (`data`: External → [`MultiHook`]),
/// as the JavaScript dispatcher would run them: each exception (a closure's
/// own, or the `Error` standing for its panic) is caught, the other hooks
/// still run, and all are reported afterwards.
///
/// # Safety
///
/// A V8 `FunctionCallback` for functions built by [`rust_multi_function`]:
/// only V8 may call it, with a valid `FunctionCallbackInfo`.
pub(crate) unsafe extern "C" fn call_rust_hooks(info: *const v8::FunctionCallbackInfo) {
    // SAFETY: V8 passes a valid info that outlives this call.
    let info = unsafe { &*info };
    let args = v8::FunctionCallbackArguments::from_function_callback_info(info);
    // SAFETY: every function with this callback has an External as data,
    // whose MultiHook lives as long as the function (Owner).
    let multi = unsafe { &*(external_value(args.data()) as *const MultiHook) };
    let promise = promise_arg(args.get(0));
    v8::callback_scope!(unsafe scope, info);
    let parent = match multi.kind {
        HookKind::Init => v8::Local::<v8::Promise>::try_from(args.get(1)).ok(),
        _ => None,
    };
    let exceptions = run_all(scope, multi, promise, parent);
    if !exceptions.is_empty() {
        let reg = registry(scope);
        dispatch::report(scope, &reg, exceptions);
    }
}

/// Runs every hook of `multi`, catching each exception.
fn run_all<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    multi: &MultiHook,
    promise: v8::Local<v8::Promise>,
    parent: Option<v8::Local<v8::Promise>>,
) -> Vec<v8::Local<'s, v8::Value>> {
    v8::tc_scope!(let tc, scope);
    let mut exceptions = Vec::new();
    for owner in &multi.hooks {
        let rust = owner.0.get();
        if rust.is_null() {
            continue; // detached before a snapshot: nothing runs any more
        }
        // SAFETY: the list holds the owner, which frees only on drop.
        let rust = unsafe { &*rust };
        let outcome = match &rust.hook {
            Hook::Init(f) => catch_unwind(AssertUnwindSafe(|| f(tc, promise, parent))),
            Hook::Promise(f) => catch_unwind(AssertUnwindSafe(|| f(tc, promise))),
        };
        if let Some(exception) = tc.exception() {
            exceptions.push(exception);
            tc.reset();
        }
        if outcome.is_err() {
            exceptions.push(panic_error(tc, multi.kind));
        }
    }
    exceptions
}

/// The pointer in a function's External data.
fn external_value(data: v8::Local<v8::Value>) -> *mut std::ffi::c_void {
    // SAFETY: only called on the data of functions built in this module,
    // which is always an External.
    unsafe { v8::Local::<v8::External>::cast_unchecked(data) }.value()
}

/// The promise an event concerns.
fn promise_arg(value: v8::Local<v8::Value>) -> v8::Local<v8::Promise> {
    debug_assert!(value.is_promise());
    // SAFETY: hook functions are reachable only from V8's promise-hook slots
    // and the dispatchers' private lists (never from user code), and V8
    // passes every hook the JSPromise concerned as first argument.
    unsafe { v8::Local::<v8::Promise>::cast_unchecked(value) }
}

#[cold]
fn panic_error<'s>(scope: &mut v8::PinScope<'s, '_>, kind: HookKind) -> v8::Local<'s, v8::Value> {
    let text = format!("a Rust promise hook ({kind:?}) panicked");
    let message = v8::String::new(scope, &text).unwrap_or_else(|| v8::String::empty(scope));
    v8::Exception::error(scope, message)
}

/// A function whose External data is owned by the function (freed by its
/// Weak finalizer).
fn owning_function<'s, T: 'static>(
    scope: &mut v8::PinScope<'s, '_>,
    callback: v8::FunctionCallback,
    kind: HookKind,
    value: T,
) -> Option<(
    v8::Local<'s, v8::Function>,
    RustFunction,
    rc::Weak<Owner<T>>,
)> {
    let owner = Owner::new(value);
    let data = v8::External::new(scope, owner.0.get() as *mut std::ffi::c_void);
    let length = if kind == HookKind::Init { 2 } else { 1 };
    let function = v8::Function::builder_raw(callback)
        .data(data.into())
        .length(length)
        .build(scope)?; // on failure `owner` frees the value
    let weak_owner = Rc::downgrade(&owner);
    let leak: rc::Weak<dyn Leak> = weak_owner.clone();
    let weak = v8::Weak::with_finalizer(scope, function, Box::new(move |_| drop(owner)));
    Some((function, RustFunction { weak, owner: leak }, weak_owner))
}

/// The function standing for a Rust hook, and its owner (for
/// [`rust_multi_function`]).
pub(crate) fn rust_hook_function<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    kind: HookKind,
    hook: Hook,
) -> Option<(
    v8::Local<'s, v8::Function>,
    RustFunction,
    rc::Weak<HookOwner>,
)> {
    owning_function(scope, call_rust_hook, kind, RustHook { kind, hook })
}

/// The native dispatcher for `hooks`, all Rust hooks of `kind`, in order.
pub(crate) fn rust_multi_function<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    kind: HookKind,
    hooks: Vec<Rc<HookOwner>>,
) -> Option<(v8::Local<'s, v8::Function>, RustFunction)> {
    owning_function(scope, call_rust_hooks, kind, MultiHook { kind, hooks })
        .map(|(function, owned, _)| (function, owned))
}
