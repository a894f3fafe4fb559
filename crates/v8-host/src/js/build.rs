//! Small builders for strings, functions and objects.

use super::{JsResult, Thrown};

/// A V8 string; `Err` (with a `RangeError` pending) only if it exceeds V8's
/// maximum string length.
pub fn string<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    text: &str,
) -> JsResult<v8::Local<'s, v8::String>> {
    match v8::String::new(scope, text) {
        Some(s) => Ok(s),
        None => {
            // V8 refuses strings above its maximum length without throwing.
            let message = v8::String::new(scope, "Invalid string length").ok_or(Thrown)?;
            let error = v8::Exception::range_error(scope, message);
            scope.throw_exception(error);
            Err(Thrown)
        }
    }
}

/// A function named `name` calling `callback` (a [`native_fn!`](crate::native_fn)),
/// created in the current context. It is not a constructor.
pub fn function<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    name: &str,
    callback: v8::FunctionCallback,
) -> JsResult<v8::Local<'s, v8::Function>> {
    let function = v8::Function::builder_raw(callback)
        .constructor_behavior(v8::ConstructorBehavior::Throw)
        .build(scope)
        .ok_or(Thrown)?;
    let name = string(scope, name)?;
    function.set_name(name);
    Ok(function)
}

/// Sets `object[key] = value` (an ordinary data property).
pub fn set<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    object: v8::Local<v8::Object>,
    key: &str,
    value: v8::Local<v8::Value>,
) -> JsResult<()> {
    let key = string(scope, key)?;
    object.set(scope, key.into(), value).ok_or(Thrown)?;
    Ok(())
}

/// Installs `object[name] = function(name, callback)`.
pub fn set_function<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    object: v8::Local<v8::Object>,
    name: &str,
    callback: v8::FunctionCallback,
) -> JsResult<v8::Local<'s, v8::Function>> {
    let function = function(scope, name, callback)?;
    set(scope, object, name, function.into())?;
    Ok(function)
}

/// An object with a `null` prototype (Node's `NewDictionaryInstanceNullProto`).
pub fn null_proto_object<'s>(scope: &mut v8::PinScope<'s, '_>) -> v8::Local<'s, v8::Object> {
    let null = v8::null(scope);
    v8::Object::with_prototype_and_properties(scope, null.into(), &[], &[])
}

/// A number value (JavaScript numbers are doubles; integers above 2**53 lose precision as in Node).
pub fn number<'s>(scope: &mut v8::PinScope<'s, '_>, n: f64) -> v8::Local<'s, v8::Value> {
    v8::Number::new(scope, n).into()
}
