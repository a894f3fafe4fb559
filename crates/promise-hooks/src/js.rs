//! `node:v8`'s `promiseHooks` object.
//!
//! The object is Node's own JavaScript (`lib/internal/promise_hooks.js`
//! shape: `makeUseHook`, `createHook({init, before, after, settled} = {})`,
//! stop functions named `bound stop`) compiled around three natives that
//! validate (`validatePlainFunction`) and add/remove JavaScript hooks in the
//! shared Rust registry, so JavaScript and Rust hooks coexist.

use crate::registry::{self, HookKind};
use v8_host::js::JsResult;

const SOURCE: &str = r#"(function (nativeAdd, nativeRemove, validatePlainFunction) {
  'use strict';
  const FunctionPrototypeBind = Function.prototype.call.bind(Function.prototype.bind);
  const ArrayPrototypePush = Function.prototype.call.bind(Array.prototype.push);

  function stop(kind, hook) {
    nativeRemove(kind, hook);
  }

  function makeUseHook(kind, name) {
    return (fn) => {
      validatePlainFunction(fn, name);
      nativeAdd(kind, fn);
      return FunctionPrototypeBind(stop, null, kind, fn);
    };
  }

  const onInit = makeUseHook(0, 'initHook');
  const onBefore = makeUseHook(1, 'beforeHook');
  const onAfter = makeUseHook(2, 'afterHook');
  const onSettled = makeUseHook(3, 'settledHook');

  function createHook({ init, before, after, settled } = {}) {
    const hooks = [];
    if (init) ArrayPrototypePush(hooks, onInit(init));
    if (before) ArrayPrototypePush(hooks, onBefore(before));
    if (after) ArrayPrototypePush(hooks, onAfter(after));
    if (settled) ArrayPrototypePush(hooks, onSettled(settled));
    return () => {
      for (const stop of hooks) {
        stop();
      }
    };
  }

  return { createHook, onInit, onBefore, onAfter, onSettled };
})"#;

v8_host::native_fn! {
    /// `nativeAdd(kind, fn)`: registers a validated JavaScript hook.
    fn native_add(scope, args, rv) {
        let kind = kind_arg(scope, args.get(0))?;
        let hook = v8_host::js::validate::function(scope, args.get(1), "hook")?;
        let _ = registry::register_js(scope, kind, hook);
        Ok(())
    }
}

v8_host::native_fn! {
    /// `nativeRemove(kind, fn)`: removes the first registration of `fn`.
    fn native_remove(scope, args, rv) {
        let kind = kind_arg(scope, args.get(0))?;
        registry::remove_js(scope, kind, args.get(1));
        Ok(())
    }
}

v8_host::native_fn! {
    /// `validatePlainFunction(value, name)`: a function that is neither an
    /// async function nor an async generator function.
    fn validate_plain_function(scope, args, rv) {
        let value = args.get(0);
        let name = args.get(1).to_rust_string_lossy(scope);
        if !value.is_function() || value.is_async_function() {
            return Err(v8_host::js::errors::throw_invalid_arg_type(scope, &name, &["Function"], value));
        }
        Ok(())
    }
}

fn kind_arg(scope: &mut v8::PinScope<'_, '_>, value: v8::Local<v8::Value>) -> JsResult<HookKind> {
    let index = value.uint32_value(scope).unwrap_or(u32::MAX);
    HookKind::from_index(index).ok_or_else(|| {
        v8_host::js::errors::throw(
            scope,
            v8_host::js::ErrorClass::RangeError,
            "ERR_OUT_OF_RANGE",
            "invalid hook kind",
        )
    })
}

/// `(name, value)` pairs this crate contributes to `node:v8`:
/// `[("promiseHooks", {createHook, onInit, onBefore, onAfter, onSettled})]`.
/// Needs a scope with a current context; hooks registered through this
/// object apply to that context and every other tracked context.
pub fn exports<'s>(
    scope: &mut v8::PinScope<'s, '_>,
) -> Vec<(&'static str, v8::Local<'s, v8::Value>)> {
    match promise_hooks_object(scope) {
        Some(object) => vec![("promiseHooks", object)],
        None => Vec::new(),
    }
}

/// Every native callback [`exports`] installs (and the registry installs:
/// the dispatchers' reporter, Rust hook functions and native dispatchers,
/// the rethrow microtask),
/// for startup snapshots.
pub fn external_references() -> Vec<v8::ExternalReference> {
    let functions: [v8::FunctionCallback; 7] = [
        native_add,
        native_remove,
        validate_plain_function,
        crate::dispatch::report_exceptions,
        crate::native::call_rust_hook,
        crate::native::call_rust_hooks,
        crate::dispatch::rethrow_data,
    ];
    functions
        .into_iter()
        .map(|function| v8::ExternalReference { function })
        .collect()
}

/// Builds a `promiseHooks` object in the current context of `scope`.
pub fn promise_hooks_object<'s>(
    scope: &mut v8::PinScope<'s, '_>,
) -> Option<v8::Local<'s, v8::Value>> {
    let source = v8::String::new(scope, SOURCE)?;
    let factory = v8::Script::compile(scope, source, None)?.run(scope)?;
    let factory = v8::Local::<v8::Function>::try_from(factory).ok()?;
    let add = v8::Function::builder_raw(native_add)
        .length(2)
        .build(scope)?;
    let remove = v8::Function::builder_raw(native_remove)
        .length(2)
        .build(scope)?;
    let validate = v8::Function::builder_raw(validate_plain_function)
        .length(2)
        .build(scope)?;
    let undefined = v8::undefined(scope).into();
    factory.call(
        scope,
        undefined,
        &[add.into(), remove.into(), validate.into()],
    )
}
