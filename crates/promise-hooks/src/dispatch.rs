//! The native dispatcher installed when a kind has several hooks (or a Rust
//! hook): runs a snapshot of the list, catches each hook's exception, and
//! reports them all afterwards.

use crate::registry::{registry, Hook, HookKind};
use std::panic::{catch_unwind, AssertUnwindSafe};

v8_host::native_fn! {
    /// Dispatcher for `init(promise, parent)`.
    pub(crate) fn dispatch_init(scope, args, rv) {
        dispatch(scope, &args, HookKind::Init);
        Ok(())
    }
}

v8_host::native_fn! {
    /// Dispatcher for `before(promise)`.
    pub(crate) fn dispatch_before(scope, args, rv) {
        dispatch(scope, &args, HookKind::Before);
        Ok(())
    }
}

v8_host::native_fn! {
    /// Dispatcher for `after(promise)`.
    pub(crate) fn dispatch_after(scope, args, rv) {
        dispatch(scope, &args, HookKind::After);
        Ok(())
    }
}

v8_host::native_fn! {
    /// Dispatcher for `settled(promise)`.
    pub(crate) fn dispatch_settled(scope, args, rv) {
        dispatch(scope, &args, HookKind::Settled);
        Ok(())
    }
}

v8_host::native_fn! {
    /// Microtask that rethrows its data (reports a hook exception to V8's
    /// message listeners when no handler is set).
    pub(crate) fn rethrow_data(scope, args, rv) {
        scope.throw_exception(args.data());
        Ok(())
    }
}

pub(crate) fn callback(kind: HookKind) -> v8::FunctionCallback {
    match kind {
        HookKind::Init => dispatch_init,
        HookKind::Before => dispatch_before,
        HookKind::After => dispatch_after,
        HookKind::Settled => dispatch_settled,
    }
}

pub(crate) fn build<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    kind: HookKind,
) -> Option<v8::Local<'s, v8::Function>> {
    let length = if kind == HookKind::Init { 2 } else { 1 };
    v8::Function::builder_raw(callback(kind))
        .length(length)
        .build(scope)
}

fn dispatch(
    scope: &mut v8::PinScope<'_, '_>,
    args: &v8::FunctionCallbackArguments,
    kind: HookKind,
) {
    let reg = registry(scope);
    // A snapshot: hooks may register or stop hooks while running.
    let entries = reg.borrow().lists[kind.index()].clone();
    let promise_value = args.get(0);
    let parent_value = args.get(1);
    let promise = v8::Local::<v8::Promise>::try_from(promise_value).ok();
    let parent = v8::Local::<v8::Promise>::try_from(parent_value).ok();
    let mut exceptions: Vec<v8::Global<v8::Value>> = Vec::new();
    for entry in entries {
        match entry.hook {
            Hook::Js(function) => {
                v8::tc_scope!(let tc, scope);
                let function = v8::Local::new(tc, &*function);
                let receiver = v8::undefined(tc).into();
                let result = if kind == HookKind::Init {
                    function.call(tc, receiver, &[promise_value, parent_value])
                } else {
                    function.call(tc, receiver, &[promise_value])
                };
                if result.is_none() {
                    if tc.has_terminated() {
                        return; // termination wins; V8 keeps unwinding
                    }
                    if let Some(exception) = tc.exception() {
                        exceptions.push(v8::Global::new(tc, exception));
                    }
                }
            }
            Hook::Init(function) => {
                if let Some(promise) = promise {
                    let outcome =
                        catch_unwind(AssertUnwindSafe(|| function(scope, promise, parent)));
                    if outcome.is_err() {
                        exceptions.push(panic_error(scope, kind));
                    }
                }
            }
            Hook::Promise(function) => {
                if let Some(promise) = promise {
                    let outcome = catch_unwind(AssertUnwindSafe(|| function(scope, promise)));
                    if outcome.is_err() {
                        exceptions.push(panic_error(scope, kind));
                    }
                }
            }
        }
    }
    if !exceptions.is_empty() {
        report(scope, &reg, exceptions);
    }
}

fn panic_error(scope: &mut v8::PinScope<'_, '_>, kind: HookKind) -> v8::Global<v8::Value> {
    let text = format!("a Rust promise hook ({kind:?}) panicked");
    let message = v8::String::new(scope, &text).unwrap_or_else(|| v8::String::empty(scope));
    let error = v8::Exception::error(scope, message);
    v8::Global::new(scope, error)
}

fn report(
    scope: &mut v8::PinScope<'_, '_>,
    reg: &std::rc::Rc<std::cell::RefCell<crate::registry::Registry>>,
    exceptions: Vec<v8::Global<v8::Value>>,
) {
    let handler = reg.borrow().handler.clone();
    if let Some(handler) = handler {
        for exception in exceptions {
            let exception = v8::Local::new(scope, exception);
            let _ = catch_unwind(AssertUnwindSafe(|| handler(scope, exception)));
        }
        return;
    }
    let mut exceptions = exceptions.into_iter();
    let first = exceptions.next();
    for later in exceptions {
        let later = v8::Local::new(scope, later);
        if let Some(thrower) = v8::Function::builder_raw(rethrow_data)
            .data(later)
            .build(scope)
        {
            scope.enqueue_microtask(thrower);
        }
    }
    if let Some(first) = first {
        let first = v8::Local::new(scope, first);
        scope.throw_exception(first);
    }
}
