//! Running several hooks for one event, as Node does: a JavaScript
//! dispatcher iterates the current list (replaced, never mutated, on every
//! change, so each event sees a snapshot), catches each hook's exception and
//! reports them all afterwards. Rust hooks take part as native functions.

use crate::registry::{registry, Hook, HookKind, Registry};
use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

/// `makeDispatcher(withParent)` → `[run, setList]`, closed over `report`.
const DISPATCHER_SOURCE: &str = r#"(function (report) {
  'use strict';
  return function makeDispatcher(withParent) {
    let list = [];
    const setList = (next) => { list = next; };
    const run = withParent ? function (promise, parent) {
      const hooks = list;
      let errors;
      for (let i = 0; i < hooks.length; i++) {
        try { hooks[i](promise, parent); } catch (err) { (errors ??= []).push(err); }
      }
      if (errors !== undefined) report(errors);
    } : function (promise) {
      const hooks = list;
      let errors;
      for (let i = 0; i < hooks.length; i++) {
        try { hooks[i](promise); } catch (err) { (errors ??= []).push(err); }
      }
      if (errors !== undefined) report(errors);
    };
    return [run, setList];
  };
})"#;

/// A kind's dispatcher: the function installed in V8 and its list setter.
pub(crate) struct Dispatcher {
    pub(crate) run: v8::Global<v8::Function>,
    pub(crate) set_list: v8::Global<v8::Function>,
}

v8_host::native_fn! {
    /// `report(errors)`: hands each exception to the uncaught-exception
    /// handler, or (no handler) rethrows the first and queues the others.
    pub(crate) fn report_exceptions(scope, args, rv) {
        let Ok(errors) = v8::Local::<v8::Array>::try_from(args.get(0)) else {
            return Ok(());
        };
        let mut exceptions = Vec::with_capacity(errors.length() as usize);
        for i in 0..errors.length() {
            if let Some(error) = errors.get_index(scope, i) {
                exceptions.push(error);
            }
        }
        let reg = registry(scope);
        report(scope, &reg, exceptions);
        Ok(())
    }
}

/// A Rust hook as owned by its function (through a `v8::External`).
struct RustHook {
    kind: HookKind,
    hook: Hook,
}

/// Owns a boxed [`RustHook`]; held by the function's Weak finalizer, so the
/// hook is freed once V8 collected the function, unless [`HookOwner::leak`]
/// detached it first.
pub(crate) struct HookOwner(Cell<*mut RustHook>);

impl HookOwner {
    /// Gives up ownership without freeing: for a function that may still
    /// be alive when its Weak must go (before a startup snapshot), so a
    /// late call can never reach freed memory.
    pub(crate) fn leak(&self) {
        self.0.set(std::ptr::null_mut());
    }
}

impl Drop for HookOwner {
    fn drop(&mut self) {
        let hook = self.0.replace(std::ptr::null_mut());
        if !hook.is_null() {
            // SAFETY: created by Box::into_raw in rust_hook_function, freed
            // only here (the pointer is nulled first).
            drop(unsafe { Box::from_raw(hook) });
        }
    }
}

/// The function standing for a Rust hook, with what keeps its hook alive.
pub(crate) struct RustFunction {
    /// Its finalizer owns the hook and frees it once V8 collects the
    /// function; dropping the Weak early drops the finalizer with its owner.
    pub(crate) weak: v8::Weak<v8::Function>,
    /// To [`HookOwner::leak`] the hook before the Weak goes early.
    pub(crate) owner: std::rc::Weak<HookOwner>,
}

/// A Rust hook as a JavaScript function (`data`: External → RustHook).
///
/// The hot path of Rust hooks, so written by hand with as few calls into
/// V8 as possible (no `native_fn!` guard closure, no return value, no type checks of
/// values whose type V8 guarantees), and only the user's closure runs under
/// `catch_unwind` (nothing else here can panic). A panic becomes a
/// thrown `Error`. The function keeps its hook alive, so a hook stopped
/// during an event still runs for that event's snapshot, as in Node.
///
/// # Safety
///
/// A V8 `FunctionCallback` for functions built by [`rust_hook_function`]:
/// only V8 may call it, with a valid `FunctionCallbackInfo`.
pub(crate) unsafe extern "C" fn call_rust_hook(info: *const v8::FunctionCallbackInfo) {
    // SAFETY: V8 passes a valid info that outlives this call.
    let info = unsafe { &*info };
    let args = v8::FunctionCallbackArguments::from_function_callback_info(info);
    // SAFETY: every function with this callback has an External as data.
    let data = unsafe { v8::Local::<v8::External>::cast_unchecked(args.data()) };
    // SAFETY: the RustHook lives as long as this function (HookOwner).
    let rust = unsafe { &*(data.value() as *const RustHook) };
    let promise = args.get(0);
    debug_assert!(promise.is_promise());
    // SAFETY: these functions are reachable only from V8's promise-hook
    // slots and the dispatchers' private lists (never from user code), and
    // V8 passes every hook the JSPromise concerned as first argument.
    let promise = unsafe { v8::Local::<v8::Promise>::cast_unchecked(promise) };
    v8::callback_scope!(unsafe scope, info);
    let outcome = match &rust.hook {
        Hook::Init(f) => {
            let parent = v8::Local::<v8::Promise>::try_from(args.get(1)).ok();
            catch_unwind(AssertUnwindSafe(|| f(scope, promise, parent)))
        }
        Hook::Promise(f) => catch_unwind(AssertUnwindSafe(|| f(scope, promise))),
    };
    if outcome.is_err() {
        throw_panic_error(scope, rust.kind);
    }
}

#[cold]
fn throw_panic_error(scope: &mut v8::PinScope<'_, '_>, kind: HookKind) {
    let text = format!("a Rust promise hook ({kind:?}) panicked");
    let message = v8::String::new(scope, &text).unwrap_or_else(|| v8::String::empty(scope));
    let error = v8::Exception::error(scope, message);
    scope.throw_exception(error);
}

v8_host::native_fn! {
    /// Microtask that rethrows its data (reports a hook exception to V8's
    /// message listeners when no handler is set).
    pub(crate) fn rethrow_data(scope, args, rv) {
        scope.throw_exception(args.data());
        Ok(())
    }
}

/// The function standing for a Rust hook; see [`RustFunction`].
pub(crate) fn rust_hook_function<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    kind: HookKind,
    hook: Hook,
) -> Option<(v8::Local<'s, v8::Function>, RustFunction)> {
    let owner = Rc::new(HookOwner(Cell::new(Box::into_raw(Box::new(RustHook {
        kind,
        hook,
    })))));
    let data = v8::External::new(scope, owner.0.get() as *mut std::ffi::c_void);
    let length = if kind == HookKind::Init { 2 } else { 1 };
    let function = v8::Function::builder_raw(call_rust_hook)
        .data(data.into())
        .length(length)
        .build(scope)?; // on failure `owner` frees the hook
    let registry_owner = Rc::downgrade(&owner);
    let weak = v8::Weak::with_finalizer(scope, function, Box::new(move |_| drop(owner)));
    Some((
        function,
        RustFunction {
            weak,
            owner: registry_owner,
        },
    ))
}

/// Builds the four dispatchers in the current context of `scope`.
pub(crate) fn build_dispatchers(scope: &mut v8::PinScope<'_, '_>) -> Option<Vec<Dispatcher>> {
    let source = v8::String::new(scope, DISPATCHER_SOURCE)?;
    let factory = v8::Script::compile(scope, source, None)?.run(scope)?;
    let factory = v8::Local::<v8::Function>::try_from(factory).ok()?;
    let report = v8::Function::builder_raw(report_exceptions)
        .length(1)
        .build(scope)?;
    let undefined: v8::Local<v8::Value> = v8::undefined(scope).into();
    let make = factory.call(scope, undefined, &[report.into()])?;
    let make = v8::Local::<v8::Function>::try_from(make).ok()?;
    let mut dispatchers = Vec::with_capacity(4);
    for kind in HookKind::ALL {
        let with_parent = v8::Boolean::new(scope, kind == HookKind::Init).into();
        let pair = make.call(scope, undefined, &[with_parent])?;
        let pair = v8::Local::<v8::Array>::try_from(pair).ok()?;
        let run = v8::Local::<v8::Function>::try_from(pair.get_index(scope, 0)?).ok()?;
        let set_list = v8::Local::<v8::Function>::try_from(pair.get_index(scope, 1)?).ok()?;
        dispatchers.push(Dispatcher {
            run: v8::Global::new(scope, run),
            set_list: v8::Global::new(scope, set_list),
        });
    }
    Some(dispatchers)
}

fn report(
    scope: &mut v8::PinScope<'_, '_>,
    reg: &Rc<RefCell<Registry>>,
    exceptions: Vec<v8::Local<v8::Value>>,
) {
    let handler = reg.borrow().handler.clone();
    if let Some(handler) = handler {
        for exception in exceptions {
            let _ = catch_unwind(AssertUnwindSafe(|| handler(scope, exception)));
        }
        return;
    }
    let mut exceptions = exceptions.into_iter();
    let first = exceptions.next();
    for later in exceptions {
        if let Some(thrower) = v8::Function::builder_raw(rethrow_data)
            .data(later)
            .build(scope)
        {
            scope.enqueue_microtask(thrower);
        }
    }
    if let Some(first) = first {
        scope.throw_exception(first);
    }
}
