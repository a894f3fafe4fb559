//! Node's argument validators (`lib/internal/validators.js`), same checks,
//! same order, same errors. Each returns the converted value or
//! `Err(Thrown)` after throwing.

use super::errors::{throw_invalid_arg_type, throw_invalid_arg_value, throw_out_of_range};
use super::{inspect, JsResult};

/// `validateString(value, name)`: a primitive string.
pub fn string(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
    name: &str,
) -> JsResult<String> {
    if !value.is_string() {
        return Err(throw_invalid_arg_type(scope, name, &["string"], value));
    }
    Ok(value.to_rust_string_lossy(scope))
}

/// `validateBoolean(value, name)`.
pub fn boolean(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
    name: &str,
) -> JsResult<bool> {
    if !value.is_boolean() {
        return Err(throw_invalid_arg_type(scope, name, &["boolean"], value));
    }
    Ok(value.is_true())
}

/// `validateFunction(value, name)`.
pub fn function<'s>(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<'s, v8::Value>,
    name: &str,
) -> JsResult<v8::Local<'s, v8::Function>> {
    match v8::Local::<v8::Function>::try_from(value) {
        Ok(function) => Ok(function),
        Err(_) => Err(throw_invalid_arg_type(scope, name, &["Function"], value)),
    }
}

/// Flags of [`object`] (Node's `kValidateObject*`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ObjectOptions {
    /// Accept `null` (`kValidateObjectAllowNullable`); it is returned as `None`.
    pub allow_nullable: bool,
    /// Accept arrays (`kValidateObjectAllowArray`).
    pub allow_array: bool,
    /// Accept functions (`kValidateObjectAllowFunction`).
    pub allow_function: bool,
}

/// `validateObject(value, name, options)`. With the default options, `null`,
/// arrays, functions and primitives are rejected with `ERR_INVALID_ARG_TYPE`
/// ("must be of type object"). Returns `None` only for an allowed `null`.
pub fn object<'s>(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<'s, v8::Value>,
    name: &str,
    options: ObjectOptions,
) -> JsResult<Option<v8::Local<'s, v8::Object>>> {
    if value.is_null() && options.allow_nullable {
        return Ok(None);
    }
    let ok = !value.is_null()
        && (options.allow_array || !value.is_array())
        && (value.is_object() && (!value.is_function() || options.allow_function));
    if !ok {
        return Err(throw_invalid_arg_type(scope, name, &["Object"], value));
    }
    Ok(v8::Local::<v8::Object>::try_from(value).ok())
}

/// `validateOneOf(value, name, oneOf)` for string choices: throws
/// `ERR_INVALID_ARG_VALUE` "... must be one of: 'a', 'b'. Received ...".
/// Returns the index of the matching choice.
pub fn one_of(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
    name: &str,
    choices: &[&str],
) -> JsResult<usize> {
    if value.is_string() {
        let text = value.to_rust_string_lossy(scope);
        if let Some(index) = choices.iter().position(|c| *c == text) {
            return Ok(index);
        }
    }
    let allowed = choices
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let reason = format!("must be one of: {allowed}");
    Err(throw_invalid_arg_value(scope, name, value, Some(&reason)))
}

fn number_arg(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
    name: &str,
) -> JsResult<f64> {
    if !value.is_number() {
        return Err(throw_invalid_arg_type(scope, name, &["number"], value));
    }
    Ok(value.number_value(scope).unwrap_or(f64::NAN))
}

fn integer_in(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
    name: &str,
    min: f64,
    max: f64,
) -> JsResult<f64> {
    let n = number_arg(scope, value, name)?;
    if !n.is_finite() || n.fract() != 0.0 {
        return Err(throw_out_of_range(scope, name, "an integer", value));
    }
    if n < min || n > max {
        let range = format!(">= {} && <= {}", js_number(min), js_number(max));
        return Err(throw_out_of_range(scope, name, &range, value));
    }
    Ok(n)
}

/// Formats an integral bound the way JavaScript's `String(n)` does.
fn js_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i128)
    } else {
        format!("{n}")
    }
}

/// The largest integer a double represents exactly (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// `validateInteger(value, name, min, max)` (Node's defaults are
/// `-MAX_SAFE_INTEGER` and [`MAX_SAFE_INTEGER`]).
pub fn integer(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
    name: &str,
    min: f64,
    max: f64,
) -> JsResult<i64> {
    integer_in(scope, value, name, min, max).map(|n| n as i64)
}

/// `validateInt32(value, name, min = -2**31, max = 2**31-1)`.
pub fn int32(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
    name: &str,
    min: i32,
    max: i32,
) -> JsResult<i32> {
    integer_in(scope, value, name, f64::from(min), f64::from(max)).map(|n| n as i32)
}

/// `validateUint32(value, name, positive)`: `>= (positive ? 1 : 0) && <= 4294967295`.
pub fn uint32(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
    name: &str,
    positive: bool,
) -> JsResult<u32> {
    let min = if positive { 1.0 } else { 0.0 };
    integer_in(scope, value, name, min, f64::from(u32::MAX)).map(|n| n as u32)
}

/// `validateNumber(value, name, min, max)`: a number, and within the given
/// bounds if any (then `NaN` is out of range too).
pub fn number(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
    name: &str,
    min: Option<f64>,
    max: Option<f64>,
) -> JsResult<f64> {
    let n = number_arg(scope, value, name)?;
    let bounded = min.is_some() || max.is_some();
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) || (bounded && n.is_nan()) {
        let mut range = String::new();
        if let Some(m) = min {
            range.push_str(&format!(">= {}", js_number(m)));
        }
        if min.is_some() && max.is_some() {
            range.push_str(" && ");
        }
        if let Some(m) = max {
            range.push_str(&format!("<= {}", js_number(m)));
        }
        return Err(throw_out_of_range(scope, name, &range, value));
    }
    Ok(n)
}

/// Reads `object[key]` (running getters), mapping a V8 failure to [`Thrown`](super::Thrown).
pub fn property<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    object: v8::Local<v8::Object>,
    key: &str,
) -> JsResult<v8::Local<'s, v8::Value>> {
    let name = super::build::string(scope, key)?;
    object.get(scope, name.into()).ok_or(super::Thrown)
}

/// `util.inspect(value)` with default options, for custom messages.
pub fn describe(scope: &mut v8::PinScope<'_, '_>, value: v8::Local<v8::Value>) -> String {
    inspect::inspect(scope, value, &inspect::Options::default())
}
