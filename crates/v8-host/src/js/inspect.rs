//! A subset of Node's `util.inspect` (default options: `compact: 3`,
//! `breakLength: 80`, `maxArrayLength: 100`, `maxStringLength: 10000`),
//! enough for Node's error messages ("Received ...") and `queryObjects`
//! summaries (`util.inspect(o, { depth: 0 })`).
//!
//! Covered: all primitives, functions and classes, plain and class
//! instances, null-prototype objects, `Symbol.toStringTag` prefixes,
//! circular references (`<ref *1>` / `[Circular *1]`), arrays (with Node's
//! column grouping), typed arrays, `Map`/`Set`, `Date`, `RegExp`, errors
//! (their `stack`), boxed primitives, promises, weak collections, proxies
//! (the target is shown, no trap runs) and accessors (`[Getter]`, no getter
//! runs). Not covered: `ArrayBuffer` contents, `showHidden`, colors and the other options.

/// Inspection options (Node's names).
#[derive(Debug, Clone)]
pub struct Options {
    /// How many nesting levels to expand (`depth`, default 2). Negative:
    /// not even the top level (Node's `depth: -1`).
    pub depth: i32,
}

impl Default for Options {
    fn default() -> Self {
        Options { depth: 2 }
    }
}

const BREAK_LENGTH: usize = 80;
const COMPACT: usize = 3;
const MAX_ARRAY_LENGTH: usize = 100;
const MAX_STRING_LENGTH: usize = 10_000;

struct Ctx<'a> {
    options: &'a Options,
    indentation: usize,
    current_depth: usize,
    seen: Vec<v8::Global<v8::Object>>,
    /// Objects met again while being formatted, numbered like Node's `*n`.
    circular: Vec<v8::Global<v8::Object>>,
}

/// `util.inspect(value, options)`.
///
/// Exceptions thrown by user code it meets (a `Symbol.hasInstance`, a
/// `toISOString`) are swallowed, never left pending.
pub fn inspect(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
    options: &Options,
) -> String {
    v8::tc_scope!(let scope, scope);
    let mut ctx = Ctx {
        options,
        indentation: 0,
        current_depth: 0,
        seen: Vec::new(),
        circular: Vec::new(),
    };
    format_value(scope, &mut ctx, value, 0)
}

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

/// JavaScript's `String(number)`, except that `-0` gives `-0` (as inspect).
pub fn number_to_string(scope: &mut v8::PinScope<'_, '_>, value: v8::Local<v8::Value>) -> String {
    let n = value.number_value(scope).unwrap_or(f64::NAN);
    if n == 0.0 && n.is_sign_negative() {
        return "-0".into();
    }
    value.to_rust_string_lossy(scope)
}

fn symbol_to_string(scope: &mut v8::PinScope<'_, '_>, value: v8::Local<v8::Value>) -> String {
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

fn function_name(scope: &mut v8::PinScope<'_, '_>, value: v8::Local<v8::Value>) -> String {
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
fn constructor_property_name(
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

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn utf16_prefix(s: &str, n: usize) -> String {
    let units: Vec<u16> = s.encode_utf16().take(n).collect();
    String::from_utf16_lossy(&units)
}

fn json_quote(s: &str) -> String {
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

fn format_key(scope: &mut v8::PinScope<'_, '_>, key: v8::Local<v8::Value>) -> String {
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

fn format_primitive(
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

fn format_value(
    scope: &mut v8::PinScope<'_, '_>,
    ctx: &mut Ctx,
    value: v8::Local<v8::Value>,
    recurse: usize,
) -> String {
    if let Some(text) = format_primitive(scope, value) {
        return text;
    }
    let mut value = value;
    // Show a proxy's target without running any trap, as Node does.
    while let Ok(proxy) = v8::Local::<v8::Proxy>::try_from(value) {
        if proxy.is_revoked() {
            return "<Revoked Proxy>".into();
        }
        value = proxy.get_target(scope);
    }
    if let Some(text) = format_primitive(scope, value) {
        return text;
    }
    let Ok(object) = v8::Local::<v8::Object>::try_from(value) else {
        return value.to_rust_string_lossy(scope);
    };
    if ctx.seen.iter().any(|g| v8::Local::new(scope, g) == object) {
        let index = match ctx
            .circular
            .iter()
            .position(|g| v8::Local::new(scope, g) == object)
        {
            Some(i) => i + 1,
            None => {
                ctx.circular.push(v8::Global::new(scope, object));
                ctx.circular.len()
            }
        };
        return format!("[Circular *{index}]");
    }
    format_raw(scope, ctx, object, recurse)
}

/// Node's `getConstructorName`: the first prototype-chain object whose own
/// `constructor` is a named function the value is an instance of. `None`
/// for a null-prototype chain.
fn constructor_name(
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
fn prefix(constructor: &Option<String>, tag: &str, fallback: &str, size: &str) -> String {
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
fn to_string_tag(scope: &mut v8::PinScope<'_, '_>, object: v8::Local<v8::Object>) -> String {
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

fn own_keys<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    object: v8::Local<v8::Object>,
    skip_indices: bool,
) -> Vec<v8::Local<'s, v8::Value>> {
    let args = v8::GetPropertyNamesArgs {
        mode: v8::KeyCollectionMode::OwnOnly,
        property_filter: v8::PropertyFilter::ONLY_ENUMERABLE,
        index_filter: if skip_indices {
            v8::IndexFilter::SkipIndices
        } else {
            v8::IndexFilter::IncludeIndices
        },
        key_conversion: v8::KeyConversionMode::ConvertToString,
    };
    let Some(names) = object.get_property_names(scope, args) else {
        return Vec::new();
    };
    (0..names.length())
        .filter_map(|i| names.get_index(scope, i))
        .collect()
}

fn format_raw(
    scope: &mut v8::PinScope<'_, '_>,
    ctx: &mut Ctx,
    object: v8::Local<v8::Object>,
    recurse: usize,
) -> String {
    let constructor = constructor_name(scope, object);
    let tag = to_string_tag(scope, object);
    let value: v8::Local<v8::Value> = object.into();
    let mut output: Vec<String> = Vec::new();
    let mut is_array_like = false;
    let mut base = String::new();
    let keys;
    let braces: (String, &str);
    let mut entries: Vec<v8::Local<v8::Value>> = Vec::new();
    let mut array_items: Option<Vec<ArrayItem>> = None;
    let mut map_entries = false;

    if value.is_array() {
        let array = v8::Local::<v8::Array>::try_from(value).expect("checked is_array");
        let len = array.length();
        let p = if constructor.as_deref() != Some("Array") || !tag.is_empty() {
            prefix(&constructor, &tag, "Array", &format!("({len})"))
        } else {
            String::new()
        };
        keys = own_keys(scope, object, true);
        braces = (format!("{p}["), "]");
        if len == 0 && keys.is_empty() {
            return format!("{}]", braces.0);
        }
        is_array_like = true;
        array_items = Some(array_items_of(scope, object, len));
    } else if value.is_typed_array() {
        let typed = v8::Local::<v8::TypedArray>::try_from(value).expect("checked is_typed_array");
        let len = typed.length();
        let fallback = constructor.clone().unwrap_or_else(|| "TypedArray".into());
        braces = (
            format!(
                "{}[",
                prefix(&constructor, &tag, &fallback, &format!("({len})"))
            ),
            "]",
        );
        keys = own_keys(scope, object, true);
        if len == 0 && keys.is_empty() {
            return format!("{}]", braces.0);
        }
        is_array_like = true;
        entries = (0..len.min(MAX_ARRAY_LENGTH) as u32)
            .filter_map(|i| object.get_index(scope, i))
            .collect();
    } else if value.is_map() || value.is_set() {
        let (size, list, fallback) = if let Ok(map) = v8::Local::<v8::Map>::try_from(value) {
            (map.size(), map.as_array(scope), "Map")
        } else {
            let set = v8::Local::<v8::Set>::try_from(value).expect("checked is_set");
            (set.size(), set.as_array(scope), "Set")
        };
        map_entries = fallback == "Map";
        keys = own_keys(scope, object, false);
        braces = (
            format!(
                "{}{{",
                prefix(&constructor, &tag, fallback, &format!("({size})"))
            ),
            "}",
        );
        if size == 0 && keys.is_empty() {
            return format!("{}}}", braces.0);
        }
        entries = (0..list.length())
            .filter_map(|i| list.get_index(scope, i))
            .collect();
    } else {
        keys = own_keys(scope, object, value.is_string_object());
        if value.is_function() {
            base = function_base(scope, object, &constructor);
            if keys.is_empty() {
                return base;
            }
        } else if value.is_reg_exp() || value.is_date() || value.is_native_error() {
            base = special_base(scope, object);
            if keys.is_empty() {
                return base;
            }
        } else if let Some(boxed) = boxed_base(scope, value) {
            base = boxed;
            if keys.is_empty() {
                return base;
            }
        } else if value.is_promise() {
            let promise = v8::Local::<v8::Promise>::try_from(value).expect("checked is_promise");
            let state = match promise.state() {
                v8::PromiseState::Pending => "<pending>".to_string(),
                v8::PromiseState::Fulfilled => {
                    let result = promise.result(scope);
                    ctx.indentation += 2;
                    let s = format_value(scope, ctx, result, recurse + 1);
                    ctx.indentation -= 2;
                    s
                }
                v8::PromiseState::Rejected => {
                    let result = promise.result(scope);
                    format!(
                        "<rejected> {}",
                        format_value(scope, ctx, result, recurse + 1)
                    )
                }
            };
            output.push(state);
        } else if value.is_weak_map() || value.is_weak_set() {
            output.push("<items unknown>".into());
        }
        let p = match &constructor {
            _ if !base.is_empty() => String::new(),
            Some(name) if name == "Object" && tag.is_empty() => String::new(),
            _ => prefix(&constructor, &tag, "Object", ""),
        };
        braces = (format!("{p}{{"), "}");
        if keys.is_empty() && output.is_empty() {
            if !base.is_empty() {
                return base;
            }
            return format!("{}}}", braces.0);
        }
    }

    if recurse as i64 > i64::from(ctx.options.depth) {
        let name = constructor
            .clone()
            .unwrap_or_else(|| "Object: null prototype".into());
        return format!(
            "[{}]",
            if value.is_array() && constructor.is_some() {
                "Array".to_string()
            } else {
                name
            }
        );
    }

    ctx.seen.push(v8::Global::new(scope, object));
    ctx.current_depth = recurse;
    for item in array_items.iter().flatten() {
        match item {
            ArrayItem::Value(v) => {
                ctx.indentation += 2;
                let text = format_value(scope, ctx, *v, recurse + 1);
                ctx.indentation -= 2;
                output.push(text);
            }
            ArrayItem::Text(text) => output.push(text.clone()),
        }
    }
    for entry in &entries {
        ctx.indentation += 2;
        let text = if map_entries {
            match v8::Local::<v8::Array>::try_from(*entry) {
                Ok(_) => String::new(),
                Err(_) => format_value(scope, ctx, *entry, recurse + 1),
            }
        } else {
            format_value(scope, ctx, *entry, recurse + 1)
        };
        ctx.indentation -= 2;
        output.push(text);
    }
    if map_entries {
        // `Map::as_array` is flat: [k0, v0, k1, v1, ...].
        let flat = std::mem::take(&mut output);
        output = flat
            .chunks(2)
            .map(|kv| format!("{} => {}", kv[0], kv.get(1).cloned().unwrap_or_default()))
            .collect();
    }
    if let Ok(typed) = v8::Local::<v8::TypedArray>::try_from(value) {
        if typed.length() > MAX_ARRAY_LENGTH {
            output.push(more_items(typed.length() - MAX_ARRAY_LENGTH));
        }
    }
    for key in keys {
        let name = format_key(scope, key);
        ctx.indentation += 2;
        let text = match accessor_label(scope, object, key) {
            Some(label) => label.to_string(),
            None => match object.get(scope, key) {
                Some(v) => format_value(scope, ctx, v, recurse + 1),
                None => "undefined".into(),
            },
        };
        ctx.indentation -= 2;
        output.push(format!("{name}: {text}"));
    }
    ctx.seen.pop();
    if let Some(i) = ctx
        .circular
        .iter()
        .position(|g| v8::Local::new(scope, g) == object)
    {
        let reference = format!("<ref *{}>", i + 1);
        base = if base.is_empty() {
            reference
        } else {
            format!("{reference} {base}")
        };
    }

    if is_array_like && output.len() > 6 {
        let entries_before = output.len();
        // Node checks `value[i]` for every output position (holes included).
        let values: Vec<v8::Local<v8::Value>> = (0..output.len() as u32)
            .map(|i| {
                object
                    .get_index(scope, i)
                    .unwrap_or_else(|| v8::undefined(scope).into())
            })
            .collect();
        output = group_array_elements(ctx, output, scope, &values);
        if output.len() != entries_before {
            return multi_line(ctx, &output, &base, &braces.0, braces.1);
        }
    }
    reduce_to_single_string(ctx, &output, &base, &braces.0, braces.1, recurse)
}

/// An entry of an array's output: a value to format, or Node's text for
/// holes (`<2 empty items>`) and the rest (`... 5 more items`).
enum ArrayItem<'s> {
    Value(v8::Local<'s, v8::Value>),
    Text(String),
}

fn more_items(remaining: usize) -> String {
    format!(
        "... {remaining} more item{}",
        if remaining > 1 { "s" } else { "" }
    )
}

fn empty_items(count: u64) -> String {
    format!("<{count} empty item{}>", if count > 1 { "s" } else { "" })
}

/// Node's `formatArray` + `formatSpecialArray`: up to `maxArrayLength`
/// entries, holes collapsed into `<n empty items>`. Holes are found from the
/// own keys (never by probing every index of a huge sparse array).
fn array_items_of<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    array: v8::Local<v8::Object>,
    len: u32,
) -> Vec<ArrayItem<'s>> {
    let max = MAX_ARRAY_LENGTH;
    let mut out = Vec::new();
    let limit = len.min(max as u32);
    for i in 0..limit {
        if array.has_index(scope, i) != Some(true) {
            return special_array_items(scope, array, len, out, i);
        }
        let value = array
            .get_index(scope, i)
            .unwrap_or_else(|| v8::undefined(scope).into());
        out.push(ArrayItem::Value(value));
    }
    if len > limit {
        out.push(ArrayItem::Text(more_items((len - limit) as usize)));
    }
    out
}

fn special_array_items<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    array: v8::Local<v8::Object>,
    len: u32,
    mut out: Vec<ArrayItem<'s>>,
    first_hole: u32,
) -> Vec<ArrayItem<'s>> {
    let max = MAX_ARRAY_LENGTH;
    let keys = own_keys(scope, array, false);
    let mut index = u64::from(first_hole);
    for key in keys.iter().skip(first_hole as usize) {
        if out.len() >= max {
            break;
        }
        let text = key.to_rust_string_lossy(scope);
        let is_index = !text.is_empty()
            && text.bytes().all(|b| b.is_ascii_digit())
            && (text == "0" || !text.starts_with('0'));
        let Some(position) = text.parse::<u64>().ok().filter(|_| is_index) else {
            break;
        };
        if position > u64::from(u32::MAX) - 1 {
            break;
        }
        if position != index {
            out.push(ArrayItem::Text(empty_items(position - index)));
            index = position;
            if out.len() == max {
                break;
            }
        }
        let value = array
            .get(scope, *key)
            .unwrap_or_else(|| v8::undefined(scope).into());
        out.push(ArrayItem::Value(value));
        index += 1;
    }
    let remaining = u64::from(len).saturating_sub(index);
    if out.len() != max {
        if remaining > 0 {
            out.push(ArrayItem::Text(empty_items(remaining)));
        }
    } else if remaining > 0 {
        out.push(ArrayItem::Text(more_items(remaining as usize)));
    }
    out
}

/// `[Getter]`, `[Setter]` or `[Getter/Setter]` for an accessor property
/// (Node shows these without running the getter), `None` for data.
fn accessor_label(
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

fn reduce_to_single_string(
    ctx: &Ctx,
    output: &[String],
    base: &str,
    open: &str,
    close: &str,
    recurse: usize,
) -> String {
    if ctx.current_depth.saturating_sub(recurse) < COMPACT {
        let start = output.len() + ctx.indentation + open.len() + base.len() + 10;
        if is_below_break_length(ctx, output, start, base) {
            let joined = output.join(", ");
            if !joined.contains('\n') {
                let base = if base.is_empty() {
                    String::new()
                } else {
                    format!("{base} ")
                };
                return format!("{base}{open} {joined} {close}");
            }
        }
    }
    multi_line(ctx, output, base, open, close)
}

fn multi_line(ctx: &Ctx, output: &[String], base: &str, open: &str, close: &str) -> String {
    let indentation = format!("\n{}", " ".repeat(ctx.indentation));
    let base = if base.is_empty() {
        String::new()
    } else {
        format!("{base} ")
    };
    let joined = output.join(&format!(",{indentation}  "));
    format!("{base}{open}{indentation}  {joined}{indentation}{close}")
}

fn is_below_break_length(ctx: &Ctx, output: &[String], start: usize, base: &str) -> bool {
    let mut total = output.len() + start;
    if total + output.len() > BREAK_LENGTH {
        return false;
    }
    for entry in output {
        total += entry.chars().count();
        if total > BREAK_LENGTH {
            return false;
        }
    }
    let _ = ctx;
    base.is_empty() || !base.contains('\n')
}

/// Node's `groupArrayElements` (compact mode 3): arrays of more than six
/// short entries are laid out in aligned columns.
fn group_array_elements(
    ctx: &Ctx,
    output: Vec<String>,
    scope: &mut v8::PinScope<'_, '_>,
    values: &[v8::Local<v8::Value>],
) -> Vec<String> {
    let mut output_len = output.len();
    if output
        .last()
        .is_some_and(|s| s.starts_with("... ") && s.contains(" more item"))
    {
        output_len -= 1;
    }
    let separator = 2usize;
    let data_len: Vec<usize> = output[..output_len]
        .iter()
        .map(|s| s.chars().count())
        .collect();
    let total: usize = data_len.iter().map(|l| l + separator).sum();
    let max_len = data_len.iter().copied().max().unwrap_or(0);
    let actual_max = max_len + separator;
    if !(actual_max * 3 + ctx.indentation < BREAK_LENGTH
        && (total as f64 / actual_max as f64 > 5.0 || max_len <= 6))
    {
        return output;
    }
    let average_bias = (actual_max as f64 - total as f64 / output.len() as f64).sqrt();
    let biased_max = (actual_max as f64 - 3.0 - average_bias).max(1.0);
    let columns = ((2.5 * biased_max * output_len as f64).sqrt() / biased_max)
        .round()
        .min(((BREAK_LENGTH - ctx.indentation) / actual_max) as f64)
        .min((COMPACT * 4) as f64)
        .min(15.0) as usize;
    if columns <= 1 {
        return output;
    }
    let max_line: Vec<usize> = (0..columns)
        .map(|i| {
            (i..output_len)
                .step_by(columns)
                .map(|j| data_len[j])
                .max()
                .unwrap_or(0)
                + separator
        })
        .collect();
    let numeric = values.iter().all(|v| v.is_number() || v.is_big_int());
    let _ = scope;
    let mut grouped = Vec::new();
    let mut i = 0;
    while i < output_len {
        let max = (i + columns).min(output_len);
        let mut line = String::new();
        let mut j = i;
        while j < max - 1 {
            let cell = format!("{}, ", output[j]);
            line.push_str(&pad(&cell, max_line[j - i], numeric));
            j += 1;
        }
        if numeric {
            line.push_str(&pad(&output[j], max_line[j - i] - separator, true));
        } else {
            line.push_str(&output[j]);
        }
        grouped.push(line);
        i += columns;
    }
    if output_len < output.len() {
        grouped.push(output[output_len].clone());
    }
    grouped
}

fn pad(text: &str, width: usize, start: bool) -> String {
    let len = text.chars().count();
    if len >= width {
        return text.to_string();
    }
    let fill = " ".repeat(width - len);
    if start {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

fn function_base(
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

fn special_base(scope: &mut v8::PinScope<'_, '_>, object: v8::Local<v8::Object>) -> String {
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

fn boxed_base(scope: &mut v8::PinScope<'_, '_>, value: v8::Local<v8::Value>) -> Option<String> {
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

fn call_method_value<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    object: v8::Local<v8::Object>,
    name: &str,
) -> Option<v8::Local<'s, v8::Value>> {
    let key = v8::String::new(scope, name)?;
    let method = object.get(scope, key.into())?;
    let method = v8::Local::<v8::Function>::try_from(method).ok()?;
    method.call(scope, object.into(), &[])
}

fn call_method(
    scope: &mut v8::PinScope<'_, '_>,
    object: v8::Local<v8::Object>,
    name: &str,
) -> Option<String> {
    let result = call_method_value(scope, object, name)?;
    Some(result.to_rust_string_lossy(scope))
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
