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

mod arrays;
mod layout;
mod names;
mod text;

use arrays::*;
use layout::*;
pub use names::determine_specific_type;
use names::*;
use text::*;
pub use text::{number_to_string, quote_string};

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
