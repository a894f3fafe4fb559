//! Primitives, strings and property keys as `util.inspect` prints them.

use super::*;

/// JavaScript's `String(number)`, except that `-0` gives `-0` (as inspect).
pub fn number_to_string(scope: &mut v8::PinScope<'_, '_>, value: v8::Local<v8::Value>) -> String {
    let n = value.number_value(scope).unwrap_or(f64::NAN);
    if n == 0.0 && n.is_sign_negative() {
        return "-0".into();
    }
    value.to_rust_string_lossy(scope)
}

pub(super) fn symbol_to_string(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
) -> String {
    match v8::Local::<v8::Symbol>::try_from(value) {
        Ok(symbol) => {
            let description = symbol.description(scope);
            if description.is_undefined() {
                "Symbol()".into()
            } else {
                format!("Symbol({})", description.to_rust_string_lossy(scope))
            }
        }
        Err(_) => String::new(),
    }
}

pub(super) fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

pub(super) fn utf16_prefix(s: &str, n: usize) -> String {
    let units: Vec<u16> = s.encode_utf16().take(n).collect();
    String::from_utf16_lossy(&units)
}

pub(super) fn json_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Node's `strEscape`: single quotes unless the text contains `'`, then
/// double quotes, then backticks; control characters escaped.
pub fn quote_string(s: &str) -> String {
    let mut quote = '\'';
    if s.contains('\'') {
        if !s.contains('"') {
            quote = '"';
        } else if !s.contains('`') && !s.contains("${") {
            quote = '`';
        }
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        let code = c as u32;
        match c {
            '\'' if quote == '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            _ if code < 0x20 || (0x7f..=0x9f).contains(&code) => {
                out.push_str(&format!("\\x{code:02X}"))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

pub(super) fn format_key(scope: &mut v8::PinScope<'_, '_>, key: v8::Local<v8::Value>) -> String {
    if key.is_symbol() {
        return format!("[{}]", symbol_to_string(scope, key));
    }
    let text = key.to_rust_string_lossy(scope);
    let mut chars = text.chars();
    let identifier = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if identifier {
        text
    } else {
        quote_string(&text)
    }
}

pub(super) fn format_primitive(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
) -> Option<String> {
    if value.is_string() {
        let text = value.to_rust_string_lossy(scope);
        let length = utf16_len(&text);
        if length > MAX_STRING_LENGTH {
            // Node's maxStringLength: the rest is summarized.
            let remaining = length - MAX_STRING_LENGTH;
            let plural = if remaining > 1 { "s" } else { "" };
            let shown = quote_string(&utf16_prefix(&text, MAX_STRING_LENGTH));
            return Some(format!("{shown}... {remaining} more character{plural}"));
        }
        return Some(quote_string(&text));
    }
    if value.is_number() {
        return Some(number_to_string(scope, value));
    }
    if value.is_big_int() {
        return Some(format!("{}n", value.to_rust_string_lossy(scope)));
    }
    if value.is_boolean() {
        return Some(value.boolean_value(scope).to_string());
    }
    if value.is_undefined() {
        return Some("undefined".into());
    }
    if value.is_null() {
        return Some("null".into());
    }
    if value.is_symbol() {
        return Some(symbol_to_string(scope, value));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::quote_string;

    #[test]
    fn quotes_like_node() {
        assert_eq!(quote_string("x"), "'x'");
        assert_eq!(quote_string("a\nb"), "'a\\nb'");
        assert_eq!(quote_string("a'b\"c"), "`a'b\"c`");
        assert_eq!(quote_string("a'b\"c`"), "'a\\'b\"c`'");
        assert_eq!(quote_string("it's"), "\"it's\"");
    }
}
