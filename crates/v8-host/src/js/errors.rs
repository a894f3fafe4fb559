//! Node's internal errors (`lib/internal/errors.js`): the same classes,
//! `code` property, `stack` header (`TypeError [ERR_X]: message`) and the
//! exact message texts, including the "Received ..." description.

use super::{inspect, Thrown};

/// The built-in class an error is an instance of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// `Error`
    Error,
    /// `TypeError`
    TypeError,
    /// `RangeError`
    RangeError,
}

impl ErrorClass {
    fn name(self) -> &'static str {
        match self {
            ErrorClass::Error => "Error",
            ErrorClass::TypeError => "TypeError",
            ErrorClass::RangeError => "RangeError",
        }
    }
}

fn key<'s>(scope: &v8::PinScope<'s, '_>, name: &str) -> v8::Local<'s, v8::Value> {
    // Only used for short ASCII property names, which V8 can always allocate.
    v8::String::new(scope, name)
        .expect("short property name")
        .into()
}

/// Creates (without throwing) a Node-style error: an instance of `class`
/// with own `message`, an own enumerable `code`, a `stack` whose first
/// line reads `<Class> [<code>]: <message>`, and a `toString()` giving the
/// same text, as in Node.
pub fn node_error<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    class: ErrorClass,
    code: &str,
    message: &str,
) -> v8::Local<'s, v8::Value> {
    let msg = v8::String::new(scope, message).unwrap_or_else(|| v8::String::empty(scope));
    let error = match class {
        ErrorClass::Error => v8::Exception::error(scope, msg),
        ErrorClass::TypeError => v8::Exception::type_error(scope, msg),
        ErrorClass::RangeError => v8::Exception::range_error(scope, msg),
    };
    if let Ok(object) = v8::Local::<v8::Object>::try_from(error) {
        if let Some(prototype) = node_error_prototype(scope, class) {
            object.set_prototype(scope, prototype.into());
        }
        // Node's trick: V8 formats `stack` lazily from the current `name`, so
        // format it once with the code in the name, then drop the own name.
        let name_key = key(scope, "name");
        let decorated = format!("{} [{code}]", class.name());
        let decorated = key(scope, &decorated);
        object.set(scope, name_key, decorated);
        let stack_key = key(scope, "stack");
        let _ = object.get(scope, stack_key);
        object.delete(scope, name_key);
        let code_key = key(scope, "code");
        let code_value = key(scope, code);
        object.set(scope, code_key, code_value);
    }
    error
}

/// The per-context prototype Node errors of `class` get: it sits between
/// the error and `<class>.prototype` and carries Node's `toString`
/// (`TypeError [ERR_X]: message`). Kept on the global object under a V8
/// private key, so it is found again (also after a startup snapshot).
fn node_error_prototype<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    class: ErrorClass,
) -> Option<v8::Local<'s, v8::Object>> {
    let context = scope.get_current_context();
    let global = context.global(scope);
    let name = v8::String::new(scope, &format!("v8_host.NodeError.{}", class.name()))?;
    let private = v8::Private::for_api(scope, Some(name));
    if let Some(existing) = global.get_private(scope, private) {
        if let Ok(prototype) = v8::Local::<v8::Object>::try_from(existing) {
            return Some(prototype);
        }
    }
    // Compiled JavaScript (not a native function): nothing to list as a
    // startup-snapshot external reference.
    let source = format!(
        "(function () {{ const p = Object.create({}.prototype);          Object.defineProperty(p, 'toString', {{ value: function toString() {{          return `${{this.name}} [${{this.code}}]: ${{this.message}}`; }}, writable: true, configurable: true }});          return p; }})()",
        class.name()
    );
    let source = v8::String::new(scope, &source)?;
    // If user code broke `Object.create` & co., fall back to a plain error
    // rather than leaving their exception pending.
    let prototype = {
        v8::tc_scope!(let tc, scope);
        let prototype = v8::Script::compile(tc, source, None).and_then(|script| script.run(tc));
        prototype.and_then(|p| v8::Local::<v8::Object>::try_from(p).ok())
    }?;
    global.set_private(scope, private, prototype.into());
    Some(prototype)
}

/// Throws [`node_error`] and returns the [`Thrown`] marker.
pub fn throw(
    scope: &mut v8::PinScope<'_, '_>,
    class: ErrorClass,
    code: &str,
    message: &str,
) -> Thrown {
    let error = node_error(scope, class, code, message);
    scope.throw_exception(error);
    Thrown
}

/// Builds Node's `ERR_INVALID_ARG_TYPE` message.
///
/// `name` is the argument name (`"flags"`), a property path (`"options.format"`,
/// rendered as `property`) or a phrase ending in `" argument"`. `expected`
/// lists types (`"string"`, `"Object"`, `"Function"`, ...), class names
/// (`"Buffer"`) or other descriptions, exactly as Node's callers pass them.
pub fn invalid_arg_type_message(
    scope: &mut v8::PinScope<'_, '_>,
    name: &str,
    expected: &[&str],
    actual: v8::Local<v8::Value>,
) -> String {
    const TYPES: [&str; 9] = [
        "string", "function", "number", "object", "Function", "Object", "boolean", "bigint",
        "symbol",
    ];
    let mut msg = String::from("The ");
    if name.ends_with(" argument") {
        msg.push_str(name);
        msg.push(' ');
    } else {
        let kind = if name.contains('.') {
            "property"
        } else {
            "argument"
        };
        msg.push_str(&format!("\"{name}\" {kind} "));
    }
    msg.push_str("must be ");
    let mut types: Vec<String> = Vec::new();
    let mut instances: Vec<String> = Vec::new();
    let mut other: Vec<String> = Vec::new();
    for &value in expected {
        if TYPES.contains(&value) {
            types.push(value.to_lowercase());
        } else if is_class_name(value) {
            instances.push(value.to_string());
        } else {
            other.push(value.to_string());
        }
    }
    if !instances.is_empty() {
        if let Some(pos) = types.iter().position(|t| t == "object") {
            types.remove(pos);
            instances.push("Object".to_string());
        }
    }
    if !types.is_empty() {
        match types.len() {
            1 => msg.push_str(&format!("of type {}", types[0])),
            2 => msg.push_str(&format!("one of type {} or {}", types[0], types[1])),
            _ => {
                let last = types.pop().unwrap_or_default();
                msg.push_str(&format!("one of type {}, or {last}", types.join(", ")));
            }
        }
        if !instances.is_empty() || !other.is_empty() {
            msg.push_str(" or ");
        }
    }
    if !instances.is_empty() {
        if instances.len() > 2 {
            let last = instances.pop().unwrap_or_default();
            msg.push_str(&format!(
                "an instance of {}, or {last}",
                instances.join(", ")
            ));
        } else {
            msg.push_str(&format!("an instance of {}", instances[0]));
            if instances.len() == 2 {
                msg.push_str(&format!(" or {}", instances[1]));
            }
        }
        if !other.is_empty() {
            msg.push_str(" or ");
        }
    }
    if !other.is_empty() {
        match other.len() {
            1 => {
                if other[0].to_lowercase() != other[0] {
                    msg.push_str("an ");
                }
                msg.push_str(&other[0]);
            }
            2 => msg.push_str(&format!("one of {} or {}", other[0], other[1])),
            _ => {
                let last = other.pop().unwrap_or_default();
                msg.push_str(&format!("one of {}, or {last}", other.join(", ")));
            }
        }
    }
    msg.push_str(". Received ");
    msg.push_str(&inspect::determine_specific_type(scope, actual));
    msg
}

/// Node's `classRegExp`: `/^([A-Z][a-z0-9]*)+$/`.
fn is_class_name(value: &str) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes[0].is_ascii_uppercase()
        && bytes
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// Throws `TypeError [ERR_INVALID_ARG_TYPE]` (see [`invalid_arg_type_message`]).
pub fn throw_invalid_arg_type(
    scope: &mut v8::PinScope<'_, '_>,
    name: &str,
    expected: &[&str],
    actual: v8::Local<v8::Value>,
) -> Thrown {
    let message = invalid_arg_type_message(scope, name, expected, actual);
    throw(
        scope,
        ErrorClass::TypeError,
        "ERR_INVALID_ARG_TYPE",
        &message,
    )
}

/// Builds Node's `ERR_INVALID_ARG_VALUE` message:
/// `The argument 'name' is invalid. Received <inspect(value)>` (`property`
/// when `name` contains a dot; `reason` defaults to `"is invalid"`).
pub fn invalid_arg_value_message(
    scope: &mut v8::PinScope<'_, '_>,
    name: &str,
    value: v8::Local<v8::Value>,
    reason: Option<&str>,
) -> String {
    let mut inspected = inspect::inspect(scope, value, &inspect::Options::default());
    if inspected.chars().count() > 128 {
        inspected = inspected.chars().take(128).collect::<String>() + "...";
    }
    let kind = if name.contains('.') {
        "property"
    } else {
        "argument"
    };
    let reason = reason.unwrap_or("is invalid");
    format!("The {kind} '{name}' {reason}. Received {inspected}")
}

/// Throws `TypeError [ERR_INVALID_ARG_VALUE]` (see [`invalid_arg_value_message`]).
pub fn throw_invalid_arg_value(
    scope: &mut v8::PinScope<'_, '_>,
    name: &str,
    value: v8::Local<v8::Value>,
    reason: Option<&str>,
) -> Thrown {
    let message = invalid_arg_value_message(scope, name, value, reason);
    throw(
        scope,
        ErrorClass::TypeError,
        "ERR_INVALID_ARG_VALUE",
        &message,
    )
}

/// Builds Node's `ERR_OUT_OF_RANGE` message:
/// `The value of "name" is out of range. It must be <range>. Received <input>`,
/// with `_` separators for integers beyond 2**32 and `n` for BigInts.
pub fn out_of_range_message(
    scope: &mut v8::PinScope<'_, '_>,
    name: &str,
    range: &str,
    input: v8::Local<v8::Value>,
) -> String {
    let received = if input.is_number() {
        let n = input.number_value(scope).unwrap_or(f64::NAN);
        if n.is_finite() && n.fract() == 0.0 && n.abs() > 4_294_967_296.0 {
            add_numerical_separator(&inspect::number_to_string(scope, input))
        } else {
            inspect::inspect(scope, input, &inspect::Options::default())
        }
    } else if input.is_big_int() {
        let text = input.to_rust_string_lossy(scope);
        let big = text.trim_start_matches('-');
        let beyond = big.len() > 10 || (big.len() == 10 && big > "4294967296");
        let text = if beyond {
            add_numerical_separator(&text)
        } else {
            text
        };
        format!("{text}n")
    } else {
        inspect::inspect(scope, input, &inspect::Options::default())
    };
    format!("The value of \"{name}\" is out of range. It must be {range}. Received {received}")
}

/// Throws `RangeError [ERR_OUT_OF_RANGE]` (see [`out_of_range_message`]).
pub fn throw_out_of_range(
    scope: &mut v8::PinScope<'_, '_>,
    name: &str,
    range: &str,
    input: v8::Local<v8::Value>,
) -> Thrown {
    let message = out_of_range_message(scope, name, range, input);
    throw(scope, ErrorClass::RangeError, "ERR_OUT_OF_RANGE", &message)
}

/// Node's `addNumericalSeparator`: `1099511627776` → `1_099_511_627_776`.
pub fn add_numerical_separator(value: &str) -> String {
    let start = usize::from(value.starts_with('-'));
    let mut end = value.len();
    let mut groups = Vec::new();
    while end >= start + 4 {
        groups.push(&value[end - 3..end]);
        end -= 3;
    }
    let mut out = value[..end].to_string();
    for group in groups.iter().rev() {
        out.push('_');
        out.push_str(group);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn numerical_separator_matches_node() {
        assert_eq!(
            super::add_numerical_separator("1099511627776"),
            "1_099_511_627_776"
        );
        assert_eq!(
            super::add_numerical_separator("-4294967297"),
            "-4_294_967_297"
        );
        assert_eq!(super::add_numerical_separator("1234"), "1_234");
        assert_eq!(super::add_numerical_separator("123"), "123");
    }

    #[test]
    fn class_names() {
        assert!(super::is_class_name("Buffer"));
        assert!(super::is_class_name("ArrayBuffer"));
        assert!(!super::is_class_name("string"));
        assert!(!super::is_class_name("an integer"));
    }
}
