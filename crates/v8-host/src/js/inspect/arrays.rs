//! Array and typed-array items, holes included.

use super::*;

/// An entry of an array's output: a value to format, or Node's text for
/// holes (`<2 empty items>`) and the rest (`... 5 more items`).
pub(super) enum ArrayItem<'s> {
    Value(v8::Local<'s, v8::Value>),
    Text(String),
}

/// Node's `formatArray` + `formatSpecialArray`: up to `maxArrayLength`
/// entries, holes collapsed into `<n empty items>`. Holes are found from the
/// own keys (never by probing every index of a huge sparse array).
pub(super) fn array_items_of<'s>(
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

pub(super) fn special_array_items<'s>(
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
