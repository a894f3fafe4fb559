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

/// An object with one data property per `(name, value)` entry, in order: how
/// a crate's `js::exports` become a module object. An entry V8 cannot set
/// (an exhausted heap, an exception pending) is left out.
pub fn object_from_entries<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    entries: Vec<(&'static str, v8::Local<'s, v8::Value>)>,
) -> v8::Local<'s, v8::Object> {
    let object = v8::Object::new(scope);
    for (name, value) in entries {
        let _ = set(scope, object, name, value);
    }
    object
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

/// A crate's native callbacks as `(export name, callback)` pairs.
pub type Natives = [(&'static str, v8::FunctionCallback)];

/// One function per entry of `natives`, as `(name, value)` pairs in table
/// order; an entry V8 cannot create (an exception is pending) is left out.
pub fn functions<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    natives: &Natives,
) -> Vec<(&'static str, v8::Local<'s, v8::Value>)> {
    natives
        .iter()
        .filter_map(|&(name, callback)| {
            function(scope, name, callback)
                .ok()
                .map(|f| (name, f.into()))
        })
        .collect()
}

/// The startup-snapshot external references of every callback in `natives`.
pub fn external_references(natives: &Natives) -> Vec<v8::ExternalReference> {
    natives
        .iter()
        .map(|&(_, function)| v8::ExternalReference { function })
        .collect()
}

/// Runs `source`, a script whose value is a factory function, and calls the
/// factory with an object holding `natives` as functions: how a crate builds
/// a JavaScript API on top of its native bindings. Returns the factory's
/// result, which must be an object.
pub fn from_factory<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    source: &str,
    natives: &Natives,
) -> JsResult<v8::Local<'s, v8::Object>> {
    let bindings = v8::Object::new(scope);
    for &(name, callback) in natives {
        set_function(scope, bindings, name, callback)?;
    }
    let source = string(scope, source)?;
    let factory = v8::Script::compile(scope, source, None)
        .ok_or(Thrown)?
        .run(scope)
        .ok_or(Thrown)?;
    let factory = v8::Local::<v8::Function>::try_from(factory).map_err(|_| Thrown)?;
    let undefined = v8::undefined(scope);
    let made = factory
        .call(scope, undefined.into(), &[bindings.into()])
        .ok_or(Thrown)?;
    v8::Local::<v8::Object>::try_from(made).map_err(|_| Thrown)
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

/// Converts a JSON value into JavaScript values: objects keep the key order
/// of `value` (the workspace enables `serde_json/preserve_order`), numbers
/// become doubles. With `null_prototype`, every object gets a `null`
/// prototype (as Node's `getCppHeapStatistics` results have).
pub fn from_json<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    value: &serde_json::Value,
    null_prototype: bool,
) -> JsResult<v8::Local<'s, v8::Value>> {
    use serde_json::Value as J;
    Ok(match value {
        J::Null => v8::null(scope).into(),
        J::Bool(b) => v8::Boolean::new(scope, *b).into(),
        J::Number(n) => number(scope, n.as_f64().unwrap_or(f64::NAN)),
        J::String(s) => string(scope, s)?.into(),
        J::Array(items) => {
            let mut elements = Vec::with_capacity(items.len());
            for item in items {
                elements.push(from_json(scope, item, null_prototype)?);
            }
            v8::Array::new_with_elements(scope, &elements).into()
        }
        J::Object(map) => {
            // Keys are internalized (V8 would internalize them on every
            // property definition otherwise).
            let mut names: Vec<v8::Local<v8::Name>> = Vec::with_capacity(map.len());
            let mut values = Vec::with_capacity(map.len());
            for (key, item) in map {
                let key = v8::String::new_from_utf8(
                    scope,
                    key.as_bytes(),
                    v8::NewStringType::Internalized,
                )
                .ok_or(Thrown)?;
                names.push(key.into());
                values.push(from_json(scope, item, null_prototype)?);
            }
            if null_prototype {
                let null = v8::null(scope);
                v8::Object::with_prototype_and_properties(scope, null.into(), &names, &values)
                    .into()
            } else {
                let object = v8::Object::new(scope);
                for (name, item) in names.into_iter().zip(values) {
                    object
                        .create_data_property(scope, name, item)
                        .ok_or(Thrown)?;
                }
                object.into()
            }
        }
    })
}

/// Serializes `value` with serde and converts it with [`from_json`].
pub fn to_js<'s, T: serde::Serialize>(
    scope: &mut v8::PinScope<'s, '_>,
    value: &T,
    null_prototype: bool,
) -> JsResult<v8::Local<'s, v8::Value>> {
    match serde_json::to_value(value) {
        Ok(json) => from_json(scope, &json, null_prototype),
        Err(error) => Err(super::errors::throw(
            scope,
            super::ErrorClass::Error,
            "ERR_INTERNAL_ASSERTION",
            &error.to_string(),
        )),
    }
}
