//! Type names, prefixes and the bases of functions and special objects.

use super::*;

/// Node's `determineSpecificType`, the "Received ..." part of
/// `ERR_INVALID_ARG_TYPE`: `null`, `undefined`, `type number (1)`,
/// `type string ('x')`, `function f`, `an instance of Map`, ...
pub fn determine_specific_type(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
) -> String {
    v8::tc_scope!(let scope, scope);
    if value.is_null() {
        return "null".into();
    }
    if value.is_undefined() {
        return "undefined".into();
    }
    if value.is_big_int() {
        return format!("type bigint ({}n)", value.to_rust_string_lossy(scope));
    }
    if value.is_number() {
        return format!("type number ({})", number_to_string(scope, value));
    }
    if value.is_boolean() {
        return format!("type boolean ({})", value.boolean_value(scope));
    }
    if value.is_symbol() {
        return format!("type symbol ({})", symbol_to_string(scope, value));
    }
    if value.is_function() {
        let name = function_name(scope, value);
        return format!("function {name}");
    }
    if value.is_string() {
        let mut text = value.to_rust_string_lossy(scope);
        if utf16_len(&text) > 28 {
            text = utf16_prefix(&text, 25) + "...";
        }
        if !text.contains('\'') {
            return format!("type string ('{text}')");
        }
        return format!("type string ({})", json_quote(&text));
    }
    if let Ok(object) = v8::Local::<v8::Object>::try_from(value) {
        if let Some(name) = constructor_property_name(scope, object) {
            return format!("an instance of {name}");
        }
        return inspect(scope, value, &Options { depth: -1 });
    }
    inspect(scope, value, &Options::default())
}

pub(super) fn function_name(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
) -> String {
    let Ok(object) = v8::Local::<v8::Object>::try_from(value) else {
        return String::new();
    };
    let key = v8::String::new(scope, "name").expect("short string");
    match object.get(scope, key.into()) {
        Some(name) if name.is_string() => name.to_rust_string_lossy(scope),
        _ => String::new(),
    }
}

/// `value.constructor.name` when `value.constructor` exists and has a
/// `name` (the object case of `determineSpecificType`).
pub(super) fn constructor_property_name(
    scope: &mut v8::PinScope<'_, '_>,
    object: v8::Local<v8::Object>,
) -> Option<String> {
    let key = v8::String::new(scope, "constructor")?;
    let ctor = object.get(scope, key.into())?;
    let ctor = v8::Local::<v8::Object>::try_from(ctor).ok()?;
    let name_key = v8::String::new(scope, "name")?;
    if !ctor.has(scope, name_key.into())? {
        return None;
    }
    let name = ctor.get(scope, name_key.into())?;
    Some(name.to_rust_string_lossy(scope))
}

/// Node's `getConstructorName`: the first prototype-chain object whose own
/// `constructor` is a named function the value is an instance of. `None`
/// for a null-prototype chain.
pub(super) fn constructor_name(
    scope: &mut v8::PinScope<'_, '_>,
    object: v8::Local<v8::Object>,
) -> Option<String> {
    let key = v8::String::new(scope, "constructor")?;
    let mut current: v8::Local<v8::Value> = object.into();
    for _ in 0..1000 {
        let Ok(obj) = v8::Local::<v8::Object>::try_from(current) else {
            return None;
        };
        if obj.is_proxy() {
            return None;
        }
        if let Some(descriptor) = obj.get_own_property_descriptor(scope, key.into()) {
            if let Ok(descriptor) = v8::Local::<v8::Object>::try_from(descriptor) {
                let value_key = v8::String::new(scope, "value")?;
                if let Some(ctor) = descriptor.get(scope, value_key.into()) {
                    if let Ok(function) = v8::Local::<v8::Function>::try_from(ctor) {
                        let name = function.get_name(scope).to_rust_string_lossy(scope);
                        let ctor_object: v8::Local<v8::Object> = function.into();
                        if !name.is_empty() && object.instance_of(scope, ctor_object) == Some(true)
                        {
                            return Some(name);
                        }
                    }
                }
            }
        }
        current = obj.get_prototype(scope)?;
    }
    None
}

/// Node's `getPrefix`.
pub(super) fn prefix(
    constructor: &Option<String>,
    tag: &str,
    fallback: &str,
    size: &str,
) -> String {
    match constructor {
        None if !tag.is_empty() && tag != fallback => {
            format!("[{fallback}{size}: null prototype] [{tag}] ")
        }
        None => format!("[{fallback}{size}: null prototype] "),
        Some(name) if !tag.is_empty() && tag != name => format!("{name}{size} [{tag}] "),
        Some(name) => format!("{name}{size} "),
    }
}

/// `value[Symbol.toStringTag]` when it is a string that is not an own
/// enumerable property (which would be printed anyway), else `""`.
pub(super) fn to_string_tag(
    scope: &mut v8::PinScope<'_, '_>,
    object: v8::Local<v8::Object>,
) -> String {
    let symbol = v8::Symbol::get_to_string_tag(scope);
    let Some(tag) = object.get(scope, symbol.into()) else {
        return String::new();
    };
    if !tag.is_string() {
        return String::new();
    }
    let tag = tag.to_rust_string_lossy(scope);
    let own_enumerable = object
        .get_own_property_descriptor(scope, symbol.into())
        .and_then(|d| v8::Local::<v8::Object>::try_from(d).ok())
        .and_then(|d| {
            let key = v8::String::new(scope, "enumerable")?;
            d.get(scope, key.into())
        })
        .is_some_and(|e| e.is_true());
    if own_enumerable {
        String::new()
    } else {
        tag
    }
}

pub(super) fn function_base(
    scope: &mut v8::PinScope<'_, '_>,
    object: v8::Local<v8::Object>,
    constructor: &Option<String>,
) -> String {
    let value: v8::Local<v8::Value> = object.into();
    let source = value
        .to_string(scope)
        .map(|s| s.to_rust_string_lossy(scope))
        .unwrap_or_default();
    let name = function_name(scope, value);
    if source.starts_with("class") && source.ends_with('}') {
        let mut base = format!(
            "class {}",
            if name.is_empty() {
                "(anonymous)"
            } else {
                &name
            }
        );
        if let Some(ctor) = constructor {
            if ctor != "Function" {
                base.push_str(&format!(" [{ctor}]"));
            }
        }
        if let Some(parent) = object.get_prototype(scope) {
            let parent_name = function_name(scope, parent);
            if !parent_name.is_empty() {
                base.push_str(&format!(" extends {parent_name}"));
            }
        }
        return format!("[{base}]");
    }
    let mut kind = "Function".to_string();
    if value.is_generator_function() {
        kind = format!("Generator{kind}");
    }
    if value.is_async_function() {
        kind = format!("Async{kind}");
    }
    let mut base = format!("[{kind}");
    if constructor.is_none() {
        base.push_str(" (null prototype)");
    }
    if name.is_empty() {
        base.push_str(" (anonymous)");
    } else {
        base.push_str(&format!(": {name}"));
    }
    base.push(']');
    if let Some(ctor) = constructor {
        if *ctor != kind {
            base.push_str(&format!(" {ctor}"));
        }
    }
    base
}

pub(super) fn special_base(
    scope: &mut v8::PinScope<'_, '_>,
    object: v8::Local<v8::Object>,
) -> String {
    let value: v8::Local<v8::Value> = object.into();
    if value.is_date() {
        let date = v8::Local::<v8::Date>::try_from(value).expect("checked is_date");
        if date.value_of().is_nan() {
            return "Invalid Date".into();
        }
        return call_method(scope, object, "toISOString").unwrap_or_default();
    }
    if value.is_native_error() {
        let key = v8::String::new(scope, "stack").expect("short string");
        if let Some(stack) = object.get(scope, key.into()) {
            if stack.is_string() {
                return stack.to_rust_string_lossy(scope);
            }
        }
        return format!("[{}]", value.to_rust_string_lossy(scope));
    }
    value
        .to_string(scope)
        .map(|s| s.to_rust_string_lossy(scope))
        .unwrap_or_default()
}

pub(super) fn boxed_base(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
) -> Option<String> {
    let kind = if value.is_number_object() {
        "Number"
    } else if value.is_string_object() {
        "String"
    } else if value.is_boolean_object() {
        "Boolean"
    } else if value.is_big_int_object() {
        "BigInt"
    } else if value.is_symbol_object() {
        "Symbol"
    } else {
        return None;
    };
    let object = v8::Local::<v8::Object>::try_from(value).ok()?;
    let inner = call_method_value(scope, object, "valueOf")?;
    let text = format_primitive(scope, inner)?;
    Some(format!("[{kind}: {text}]"))
}

pub(super) fn call_method_value<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    object: v8::Local<v8::Object>,
    name: &str,
) -> Option<v8::Local<'s, v8::Value>> {
    let key = v8::String::new(scope, name)?;
    let method = object.get(scope, key.into())?;
    let method = v8::Local::<v8::Function>::try_from(method).ok()?;
    method.call(scope, object.into(), &[])
}

pub(super) fn call_method(
    scope: &mut v8::PinScope<'_, '_>,
    object: v8::Local<v8::Object>,
    name: &str,
) -> Option<String> {
    let result = call_method_value(scope, object, name)?;
    Some(result.to_rust_string_lossy(scope))
}

/// `[Getter]`, `[Setter]` or `[Getter/Setter]` for an accessor property
/// (Node shows these without running the getter), `None` for data.
pub(super) fn accessor_label(
    scope: &mut v8::PinScope<'_, '_>,
    object: v8::Local<v8::Object>,
    key: v8::Local<v8::Value>,
) -> Option<&'static str> {
    let key = v8::Local::<v8::Name>::try_from(key).ok()?;
    let descriptor = object.get_own_property_descriptor(scope, key)?;
    let descriptor = v8::Local::<v8::Object>::try_from(descriptor).ok()?;
    let get_key = v8::String::new(scope, "get")?;
    let set_key = v8::String::new(scope, "set")?;
    let has_get = descriptor
        .get(scope, get_key.into())
        .is_some_and(|v| v.is_function());
    let has_set = descriptor
        .get(scope, set_key.into())
        .is_some_and(|v| v.is_function());
    match (has_get, has_set) {
        (true, true) => Some("[Getter/Setter]"),
        (true, false) => Some("[Getter]"),
        (false, true) => Some("[Setter]"),
        (false, false) => None,
    }
}
