//! Running several hooks for one event, as Node does: a JavaScript
//! dispatcher iterates the current list (replaced, never mutated, on every
//! change, so each event sees a snapshot), catches each hook's exception and
//! reports them all afterwards. Rust hooks take part as native functions
//! (see native.rs, which also has the native dispatcher used when every hook
//! of a kind is a Rust hook).

use crate::registry::{registry, HookKind, Registry};
use std::cell::RefCell;
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

v8_host::native_fn! {
    /// Microtask that rethrows its data (reports a hook exception to V8's
    /// message listeners when no handler is set).
    pub(crate) fn rethrow_data(scope, args, rv) {
        scope.throw_exception(args.data());
        Ok(())
    }
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

/// Hands `exceptions` to the uncaught-exception handler, or (no handler)
/// throws the first and rethrows the others from microtasks.
pub(crate) fn report(
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
