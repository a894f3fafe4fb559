//! Objects, arrays, RegExps and Errors, with V8's property checks.

use super::{Deserializer, DeserializerDelegate};
use crate::error::{Error, ErrorKind, Result, TagByte};
use crate::keys::{self, Canon};
use crate::reader::tag;
use crate::string::JsString;
use crate::value::{ErrorObject, ErrorPrototype, HeapValue, Key, ObjectId, Properties, Value};

/// What an object's slot holds while its contents are read: a variant that
/// owns nothing and is two bytes to write (never observable: ids of objects
/// in progress are only used by back-references, which read no contents).
const PLACEHOLDER: HeapValue = HeapValue::BooleanObject(false);

impl<'a, D: DeserializerDelegate> Deserializer<'a, D> {
    /// Reads key/value pairs up to `end` into their own vector, sized for
    /// small objects at the first pair and trimmed when much is left over.
    pub(super) fn read_properties(&mut self, end: u8) -> Result<Properties> {
        let mut props: Properties = Vec::new();
        loop {
            match self.r.peek_tag() {
                None => {
                    return Err(self
                        .r
                        .err(ErrorKind::UnexpectedEnd("a property key or end tag")))
                }
                Some(t) if t == end => {
                    self.r.consume_tag();
                    trim(&mut props);
                    return Ok(props);
                }
                Some(_) => {
                    // Room first: then a primitive pair is stored straight from
                    // registers (a growth call between making the pair and
                    // storing it spills it to the stack and reloads it wider,
                    // a store-forwarding stall on every property).
                    if props.len() == props.capacity() {
                        if props.capacity() == 0 {
                            props = Vec::with_capacity(FIRST_ROOM);
                        } else {
                            props.reserve(1);
                        }
                    }
                    let key = self.read_key()?;
                    let value = match self.primitive() {
                        Some(value) => value,
                        // Objects come back as a bare id (in registers).
                        None if self.object_start() => Value::Object(self.read_object_value()?),
                        None => self.read_value_inner()?,
                    };
                    let len = props.len();
                    // SAFETY: room for slot `len` was made above and `props`
                    // is not touched while the value is read (nested objects
                    // read into their own vectors); the slot is written before
                    // the length covers it.
                    unsafe {
                        props.as_mut_ptr().add(len).write((key, value));
                        props.set_len(len + 1);
                    }
                }
            }
        }
    }

    /// Checks the count and keys of the pairs just read.
    fn check_properties(
        &mut self,
        props: &Properties,
        what: &'static str,
        length: Option<u32>,
        elements: Option<&[Option<Value>]>,
    ) -> Result<()> {
        let at = self.r.position();
        self.check_count(what, props.len() as u32)?;
        if let Some(length) = length {
            self.check_length(length)?;
        }
        check_keys(props, elements, at)
    }

    pub(super) fn check_count(&mut self, what: &'static str, actual: u32) -> Result<()> {
        let at = self.r.position();
        let expected = self.r.varint32("a property count")?;
        if expected != actual {
            return Err(Error::at(
                ErrorKind::Count {
                    what,
                    expected: expected as u64,
                    actual: actual as u64,
                },
                at,
            ));
        }
        Ok(())
    }

    pub(super) fn read_js_object(&mut self) -> Result<ObjectId> {
        let id = self.reserve(PLACEHOLDER);
        let props = self.read_properties(tag::END_JS_OBJECT)?;
        self.check_properties(&props, "object properties", None, None)?;
        fill!(self.heap, id, HeapValue::Object(props));
        Ok(id)
    }

    pub(super) fn read_sparse_array(&mut self) -> Result<ObjectId> {
        let length = self.r.varint32("a sparse array length")?;
        let id = self.reserve(HeapValue::SparseArray {
            length,
            properties: Vec::new(),
        });
        let props = self.read_properties(tag::END_SPARSE_JS_ARRAY)?;
        self.check_properties(&props, "sparse array properties", Some(length), Some(&[]))?;
        // Defining index `i >= length` grows the array, as in JavaScript.
        let length = props
            .iter()
            .filter_map(|(k, _)| match keys::canon(k) {
                Canon::Index(i) => Some(i + 1),
                _ => None,
            })
            .fold(length, u32::max);
        fill!(
            self.heap,
            id,
            HeapValue::SparseArray {
                length,
                properties: props,
            },
        );
        Ok(id)
    }

    pub(super) fn check_length(&mut self, length: u32) -> Result<()> {
        let at = self.r.position();
        let expected = self.r.varint32("an array length")?;
        if expected != length {
            return Err(Error::at(
                ErrorKind::Count {
                    what: "array length",
                    expected: expected as u64,
                    actual: length as u64,
                },
                at,
            ));
        }
        Ok(())
    }

    pub(super) fn read_dense_array(&mut self) -> Result<ObjectId> {
        let at = self.r.position();
        let length = self.r.varint32("a dense array length")?;
        // Every element takes at least one byte, and so do the elements the
        // enclosing arrays still expect: this bounds the room reserved below,
        // all open arrays together, by the bytes left (nested arrays that each
        // claim the rest of the input cannot each reserve it).
        let limit = (self.r.remaining() as u64).saturating_sub(self.open_room);
        if length as u64 > limit {
            return Err(Error::at(
                ErrorKind::Length {
                    what: "dense array",
                    len: length as u64,
                    limit,
                },
                at,
            ));
        }
        let id = self.reserve(PLACEHOLDER);
        let mut elements = Vec::with_capacity(length as usize);
        for i in 0..length as usize {
            if self.r.peek_tag() == Some(tag::THE_HOLE) {
                self.r.consume_tag();
                elements.push(None);
                continue;
            }
            match self.primitive() {
                // SAFETY: `elements` has room for `length` slots and holds `i`
                // (one push per turn); slot `i` is written before the length
                // covers it. (Stored straight from registers, as in `read_properties`.)
                Some(value) => unsafe {
                    elements.as_mut_ptr().add(i).write(Some(value));
                    elements.set_len(i + 1);
                },
                None => {
                    let after = u64::from(length) - 1 - i as u64;
                    self.open_room += after;
                    let value = if self.object_start() {
                        self.read_object_value().map(Value::Object)
                    } else {
                        self.read_value_inner()
                    };
                    self.open_room -= after;
                    elements.push(Some(value?));
                }
            }
        }
        if self.r.data().get(self.r.position()) == Some(&tag::END_DENSE_JS_ARRAY) {
            // The usual array: no extra properties (the same checks, in order).
            // The empty vector is written in place, not kept on the stack.
            self.r.skip(1);
            self.check_count("dense array properties", 0)?;
            self.check_length(length)?;
            fill!(
                self.heap,
                id,
                HeapValue::DenseArray {
                    elements,
                    properties: Vec::new(),
                },
            );
        } else {
            let props = self.read_properties(tag::END_DENSE_JS_ARRAY)?;
            self.check_properties(
                &props,
                "dense array properties",
                Some(length),
                Some(&elements),
            )?;
            fill!(
                self.heap,
                id,
                HeapValue::DenseArray {
                    elements,
                    properties: props,
                },
            );
        }
        Ok(id)
    }

    pub(super) fn read_regexp(&mut self) -> Result<Value> {
        let id = self.reserve(HeapValue::RegExp {
            pattern: JsString::default(),
            flags: 0,
        });
        let pattern_at = self.r.position();
        let pattern = self.read_string()?;
        let flags = super::regexp::read_flags(&mut self.r)?;
        // Then V8's `JSRegExp::New` compiles the pattern.
        if self.check_regexp_patterns {
            super::regexp::check_at(&pattern, flags, &mut self.regexp_budget, pattern_at)?;
        }
        fill!(self.heap, id, HeapValue::RegExp { pattern, flags });
        Ok(Value::Object(id))
    }

    pub(super) fn read_error(&mut self) -> Result<Value> {
        let wire_id = self.reserve_id_only();
        let mut err = ErrorObject::default();
        let mut at = self.r.position();
        let mut t = self.r.varint8("an Error subtag")?;
        let proto = match t {
            tag::error::EVAL => Some(ErrorPrototype::EvalError),
            tag::error::RANGE => Some(ErrorPrototype::RangeError),
            tag::error::REFERENCE => Some(ErrorPrototype::ReferenceError),
            tag::error::SYNTAX => Some(ErrorPrototype::SyntaxError),
            tag::error::TYPE => Some(ErrorPrototype::TypeError),
            tag::error::URI => Some(ErrorPrototype::UriError),
            _ => None,
        };
        if let Some(p) = proto {
            err.prototype = p;
            at = self.r.position();
            t = self.r.varint8("an Error subtag")?;
        }
        // The object exists (and can be referenced by its cause) from here on.
        // V8 >= 12.1 requires m, s, c in that order; V8 <= 12.0 (Node 20) wrote m, c, s.
        let id = self.heap.insert(HeapValue::Error(Box::default()));
        self.ids[wire_id] = id.0;
        loop {
            match t {
                tag::error::MESSAGE if err.message.is_none() => {
                    err.message = Some(self.read_string()?)
                }
                tag::error::STACK if err.stack.is_none() => err.stack = Some(self.read_string()?),
                tag::error::CAUSE if err.cause.is_none() => {
                    err.cause = Some(self.read_value_inner()?)
                }
                tag::error::END => break,
                other => return Err(Error::at(ErrorKind::InvalidErrorTag(TagByte(other)), at)),
            }
            at = self.r.position();
            t = self.r.varint8("an Error subtag")?;
        }
        self.heap[id] = HeapValue::Error(Box::new(err));
        Ok(Value::Object(id))
    }
}

const SMALL_OBJECT: usize = 12;

/// Room made at an object's first property: most objects have a few.
const FIRST_ROOM: usize = 8;

/// Gives back room a small object did not use, so that memory stays a small
/// multiple of the input (a one-property object takes 8 input bytes).
#[inline]
fn trim(props: &mut Properties) {
    let len = props.len();
    if props.capacity() > len + len / 2 + 2 {
        props.shrink_to_fit();
    }
}

/// Whether two keys name the same property. Two strings do exactly when their
/// text is equal (an index has one canonical spelling), so only numeric keys
/// need canonicalising.
#[inline]
fn same_key(a: &Key, b: &Key) -> bool {
    match (a, b) {
        (Key::String(x), Key::String(y)) => match (x.inline_words(), y.inline_words()) {
            (Some(p), Some(q)) => p == q,
            _ => match (x.as_one_byte(), y.as_one_byte()) {
                (Some(p), Some(q)) => p == q,
                _ => x.same_text(y),
            },
        },
        _ => keys::canon(a).same(&keys::canon(b)),
    }
}

/// V8 defines each property with `DefineOwnPropertyIgnoreAttributes` after
/// checking it is absent: duplicates (after canonicalisation) and an array's
/// own `length` fail. `elements` is `Some` for arrays (dense elements, or empty).
fn check_keys(props: &[(Key, Value)], elements: Option<&[Option<Value>]>, at: usize) -> Result<()> {
    if props.is_empty() {
        return Ok(());
    }
    if elements.is_none() && props.len() <= SMALL_OBJECT {
        // The common case, a small plain object with short string keys: equal
        // inline words are equal keys, and distinct ones are distinct keys.
        // A 64-bit Bloom filter of the keys' words: only a key whose bit is
        // already set is compared with the earlier keys.
        let inline = |k: &Key| match k {
            Key::String(s) => s.inline_words(),
            _ => None,
        };
        let mut seen = 0u64;
        let mut all_inline = true;
        for (i, (k, _)) in props.iter().enumerate() {
            let Some(w) = inline(k) else {
                all_inline = false;
                break;
            };
            let mixed = (w[0] ^ w[1].rotate_left(21) ^ w[2].rotate_left(42))
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let bit = 1u64 << (mixed >> 58);
            if seen & bit != 0 {
                if let Some(j) = props[..i].iter().position(|(k, _)| inline(k) == Some(w)) {
                    let c = keys::canon(&props[j].0);
                    return Err(Error::at(ErrorKind::DuplicateKey(c.describe()), at));
                }
            }
            seen |= bit;
        }
        if all_inline {
            return Ok(());
        }
        // Pairwise, without allocating.
        for i in 1..props.len() {
            for (k, _) in &props[..i] {
                if same_key(k, &props[i].0) {
                    let c = keys::canon(k);
                    return Err(Error::at(ErrorKind::DuplicateKey(c.describe()), at));
                }
            }
        }
        return Ok(());
    }
    let canon: Vec<Canon<'_>> = props.iter().map(|(k, _)| keys::canon(k)).collect();
    if let Some(elements) = elements {
        for c in &canon {
            if c.is_length() {
                return Err(Error::at(ErrorKind::ArrayLengthKey, at));
            }
            if let Canon::Index(i) = c {
                if matches!(elements.get(*i as usize), Some(Some(_))) {
                    return Err(Error::at(ErrorKind::DuplicateKey(c.describe()), at));
                }
            }
        }
    }
    if let Some(i) = keys::find_duplicate(&canon) {
        return Err(Error::at(ErrorKind::DuplicateKey(canon[i].describe()), at));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{decode, ErrorKind};

    /// `{a: 1, <key>: 2}` with the second key written as `second` (tag + body).
    fn object_with(second: &[u8]) -> Vec<u8> {
        let mut v = vec![0xff, 0x0f, b'o', b'"', 1, b'a', b'I', 2];
        v.extend_from_slice(second);
        v.extend_from_slice(&[b'I', 4, b'{', 2]);
        v
    }

    #[test]
    fn duplicate_keys_are_found_across_representations() {
        let dup = |second: &[u8]| matches!(decode(&object_with(second)).unwrap_err().kind(), ErrorKind::DuplicateKey(k) if k == "a");
        assert!(dup(b"\"\x01a")); // the same inline one-byte key
        assert!(dup(b"c\x02a\x00")); // the same text, two-byte
        assert!(decode(&object_with(b"\"\x01b")).is_ok());
        assert!(decode(&object_with(b"\"\x02a\x00")).is_ok()); // "a\0" is another key
    }
}
