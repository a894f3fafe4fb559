//! `serde` deserialization straight from wire bytes ([`from_slice`]), with no
//! intermediate value tree.
//!
//! Shapes are read as the JavaScript value they encode: objects, sparse arrays,
//! `Map`s and `Error`s are maps (an `Error` gives `name`, then `message`, `stack`,
//! `cause` when present); dense arrays and `Set`s are sequences (holes read as
//! unit, so `Option` elements become `None`); `undefined` and `null` are unit
//! (and `None`); numbers are `i32`/`u32`/`f64`; BigInts are integers when they fit
//! 128 bits; strings are borrowed when they are ASCII one-byte strings (two-byte
//! strings with lone surrogates read with U+FFFD); `ArrayBuffer`s, typed arrays and
//! Node `Buffer`s are bytes (borrowed); a `Date` is its time value in ms; a `RegExp`
//! is the string `/source/flags`. Numeric object keys can be read as strings.
//!
//! A back-reference (`^`) is read again from where its object started, so shared
//! objects become copies; a cycle is an error, and the total work spent on such
//! copies is bounded (use [`crate::decode`] for graphs with heavy sharing).

use crate::de::{
    utf16_from_le_bytes, DEFAULT_MAX_DEPTH, LATEST_VERSION, MIN_READ_VERSION, STACK_CHECK_EVERY,
    STACK_RED_ZONE, STACK_SEGMENT,
};
use crate::error::{Error, ErrorKind, Result, TagByte};
use crate::inspect::js_number_to_string;
use crate::reader::{tag, Reader};
use crate::value::ViewKind;
use serde::de::{self, DeserializeSeed, IgnoredAny, IntoDeserializer, Visitor};
use serde::Deserialize;

/// Deserializes a `T` from Node `v8.serialize` bytes (header plus one value).
///
/// ```
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Point { x: i32, y: i32 }
/// // v8.serialize({x: 1, y: 2})
/// let p: Point = structured_clone::from_slice(b"\xff\x0fo\"\x01xI\x02\"\x01yI\x04{\x02")?;
/// assert_eq!(p, Point { x: 1, y: 2 });
/// # Ok::<(), structured_clone::Error>(())
/// ```
pub fn from_slice<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T> {
    let mut de = WireDeserializer::new(bytes);
    de.read_header()?;
    T::deserialize(&mut de).map_err(|e| de.locate(e))
}

impl de::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error::new(ErrorKind::Custom(msg.to_string()))
    }
}

#[derive(Clone, Copy)]
enum EntryKind {
    /// A value that is parsed again from `start` when referenced.
    Value,
    /// An ArrayBuffer's contents (a `V` may follow a reference to it).
    Buffer(usize, usize),
    /// A view's bytes.
    View(usize, usize),
}

#[derive(Clone, Copy)]
struct Entry {
    start: usize,
    done: bool,
    kind: EntryKind,
}

/// The streaming deserializer behind [`from_slice`].
pub struct WireDeserializer<'de> {
    r: Reader<'de>,
    version: u32,
    depth: usize,
    max_depth: usize,
    entries: Vec<Entry>,
    /// > 0 while re-reading a referenced object: ids are then not recorded again.
    replay: usize,
    replay_budget: usize,
}

impl<'de> WireDeserializer<'de> {
    /// A deserializer at the start of `bytes`.
    pub fn new(bytes: &'de [u8]) -> Self {
        WireDeserializer {
            r: Reader::new(bytes),
            version: 0,
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            entries: Vec::new(),
            replay: 0,
            replay_budget: bytes.len().saturating_mul(64).max(1 << 20),
        }
    }

    /// Reads the `0xFF version` header (13 to 16).
    pub fn read_header(&mut self) -> Result<()> {
        let at = self.r.position();
        let t = self.r.byte("a version header")?;
        if t != tag::VERSION {
            return Err(Error::at(
                ErrorKind::MissingHeader(TagByte(t).to_string()),
                at,
            ));
        }
        let v = self.r.varint32("a version varint")?;
        if !(MIN_READ_VERSION..=LATEST_VERSION).contains(&v) {
            return Err(Error::at(ErrorKind::UnsupportedVersion(v), at + 1));
        }
        self.version = v;
        Ok(())
    }

    fn locate(&self, e: Error) -> Error {
        match e.offset() {
            Some(_) => e,
            None => Error::at(e.kind().clone(), self.r.position()),
        }
    }

    /// Reads a tag, skipping padding and `?` counts; counts replay work.
    #[inline]
    fn next_tag(&mut self) -> Result<u8> {
        if self.replay > 0 {
            if self.replay_budget == 0 {
                return Err(self.r.err(ErrorKind::Custom(
                    "shared references expand beyond the work limit; use structured_clone::decode"
                        .into(),
                )));
            }
            self.replay_budget -= 1;
        }
        loop {
            let t = self.r.tag()?;
            if t != tag::VERIFY_OBJECT_COUNT {
                return Ok(t);
            }
            self.r.varint32("an object count")?;
        }
    }

    /// Allocates the next object id (not while replaying).
    #[inline]
    fn begin(&mut self, start: usize, kind: EntryKind) -> usize {
        if self.replay > 0 {
            return usize::MAX;
        }
        self.entries.push(Entry {
            start,
            done: kind_is_leaf(kind),
            kind,
        });
        self.entries.len() - 1
    }
    #[inline]
    fn finish(&mut self, id: usize) {
        if let Some(e) = self.entries.get_mut(id) {
            e.done = true;
        }
    }

    fn check_count(&mut self, what: &'static str, actual: u64) -> Result<()> {
        let at = self.r.position();
        let expected = self.r.varint32("a count")? as u64;
        if expected != actual {
            return Err(Error::at(
                ErrorKind::Count {
                    what,
                    expected,
                    actual,
                },
                at,
            ));
        }
        Ok(())
    }

    fn string_body<V: Visitor<'de>>(&mut self, t: u8, v: V) -> Result<V::Value> {
        let len = self.r.varint32("a string length")? as u64;
        match t {
            tag::ONE_BYTE_STRING => {
                let b = self.r.raw(len, "one-byte string")?;
                if b.is_ascii() {
                    // SAFETY: ASCII bytes are valid UTF-8.
                    v.visit_borrowed_str(unsafe { std::str::from_utf8_unchecked(b) })
                } else {
                    v.visit_string(b.iter().map(|&c| c as char).collect())
                }
            }
            tag::UTF8_STRING => {
                let b = self.r.raw(len, "UTF-8 string")?;
                match std::str::from_utf8(b) {
                    Ok(s) => v.visit_borrowed_str(s),
                    Err(_) => v.visit_string(String::from_utf8_lossy(b).into_owned()),
                }
            }
            _ => {
                if len % 2 != 0 {
                    return Err(self.r.err(ErrorKind::OddTwoByteLength(len)));
                }
                let b = self.r.raw(len, "two-byte string")?;
                v.visit_string(String::from_utf16_lossy(&utf16_from_le_bytes(b)))
            }
        }
    }

    fn bigint<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value> {
        let at = self.r.position();
        let bitfield = self.r.varint32("a BigInt bitfield")?;
        let negative = bitfield & 1 == 1;
        let bytes = self.r.raw((bitfield >> 1) as u64, "BigInt digits")?;
        if bytes.is_empty() && negative {
            return Err(Error::at(ErrorKind::NegativeZeroBigInt, at));
        }
        let significant = bytes.iter().rposition(|&b| b != 0).map_or(0, |p| p + 1);
        if significant > 16 {
            return Err(Error::at(
                ErrorKind::Custom("BigInt does not fit in 128 bits".into()),
                at,
            ));
        }
        let mut mag = [0u8; 16];
        mag[..significant].copy_from_slice(&bytes[..significant]);
        let mag = u128::from_le_bytes(mag);
        match (negative, mag) {
            (false, m) if m <= u64::MAX as u128 => v.visit_u64(m as u64),
            (false, m) => v.visit_u128(m),
            (true, m) if m <= 1 << 63 => v.visit_i64((m as i64).wrapping_neg()),
            (true, m) if m <= 1 << 127 => v.visit_i128((m as i128).wrapping_neg()),
            _ => Err(Error::at(
                ErrorKind::Custom("BigInt does not fit in 128 bits".into()),
                at,
            )),
        }
    }

    /// After bytes of an ArrayBuffer: a following `V` makes the value a view.
    fn buffer_or_view<V: Visitor<'de>>(
        &mut self,
        start: usize,
        data: usize,
        len: usize,
        v: V,
    ) -> Result<V::Value> {
        if self.r.peek_tag() != Some(tag::ARRAY_BUFFER_VIEW) {
            return v.visit_borrowed_bytes(&self.r.data()[data..data + len]);
        }
        self.r.consume_tag();
        let at = self.r.position();
        let sub = self.r.varint8("a view subtag")?;
        let off = self.r.varint64("a view byte offset")?;
        let vlen = self.r.varint64("a view byte length")?;
        if self.version >= 14 {
            self.r.varint32("view flags")?;
        }
        let kind = ViewKind::from_wire_tag(sub)
            .ok_or_else(|| Error::at(ErrorKind::InvalidView("unknown view subtag"), at))?;
        if off > len as u64 || vlen > len as u64 - off {
            return Err(Error::at(
                ErrorKind::InvalidView("offset or length outside the buffer"),
                at,
            ));
        }
        let size = kind.element_size();
        if kind != ViewKind::DataView && (off % size != 0 || vlen % size != 0) {
            return Err(Error::at(
                ErrorKind::InvalidView("offset or length not a multiple of the element size"),
                at,
            ));
        }
        let s = data + off as usize;
        self.begin(start, EntryKind::View(s, vlen as usize));
        v.visit_borrowed_bytes(&self.r.data()[s..s + vlen as usize])
    }

    fn any<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value> {
        if self.depth >= self.max_depth {
            return Err(self.r.err(ErrorKind::DepthLimit(self.max_depth)));
        }
        self.depth += 1;
        let r = if self.depth % STACK_CHECK_EVERY == 0 {
            stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || self.any_inner(v))
        } else {
            self.any_inner(v)
        };
        self.depth -= 1;
        r
    }

    fn any_inner<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value> {
        let t = self.next_tag()?;
        let at = self.r.position() - 1;
        match t {
            tag::UNDEFINED | tag::NULL => v.visit_unit(),
            tag::TRUE => v.visit_bool(true),
            tag::FALSE => v.visit_bool(false),
            tag::INT32 => v.visit_i32(self.r.zigzag32()?),
            tag::UINT32 => v.visit_u32(self.r.varint32("a uint32")?),
            tag::DOUBLE => visit_number(self.r.double("a double")?, v),
            tag::BIGINT => self.bigint(v),
            tag::ONE_BYTE_STRING | tag::TWO_BYTE_STRING | tag::UTF8_STRING => {
                self.string_body(t, v)
            }
            tag::OBJECT_REFERENCE => self.reference(at, v),
            tag::BEGIN_JS_OBJECT | tag::BEGIN_SPARSE_JS_ARRAY => {
                let sparse_len = if t == tag::BEGIN_SPARSE_JS_ARRAY {
                    Some(self.r.varint32("a sparse array length")?)
                } else {
                    None
                };
                let id = self.begin(at, EntryKind::Value);
                let end = if sparse_len.is_some() {
                    tag::END_SPARSE_JS_ARRAY
                } else {
                    tag::END_JS_OBJECT
                };
                let mut access = Props {
                    de: self,
                    end,
                    count: 0,
                    done: false,
                };
                let value = v.visit_map(&mut access)?;
                let count = access.drain()?;
                self.check_count("properties", count)?;
                if let Some(len) = sparse_len {
                    self.check_count("array length", len as u64)?;
                }
                self.finish(id);
                Ok(value)
            }
            tag::BEGIN_DENSE_JS_ARRAY => {
                let len = self.r.varint32("a dense array length")?;
                if len as usize > self.r.remaining() {
                    return Err(self.r.err(ErrorKind::Length {
                        what: "dense array",
                        len: len as u64,
                        limit: self.r.remaining() as u64,
                    }));
                }
                let id = self.begin(at, EntryKind::Value);
                let mut access = Elements {
                    de: self,
                    left: len,
                };
                let value = v.visit_seq(&mut access)?;
                while access.left > 0 {
                    de::SeqAccess::next_element::<IgnoredAny>(&mut access)?;
                }
                let mut props = Props {
                    de: self,
                    end: tag::END_DENSE_JS_ARRAY,
                    count: 0,
                    done: false,
                };
                let count = props.drain()?;
                self.check_count("properties", count)?;
                self.check_count("array length", len as u64)?;
                self.finish(id);
                Ok(value)
            }
            tag::DATE => {
                let d = self.r.double("a date value")?;
                self.begin(at, EntryKind::Value);
                v.visit_f64(d)
            }
            tag::TRUE_OBJECT | tag::FALSE_OBJECT => {
                self.begin(at, EntryKind::Value);
                v.visit_bool(t == tag::TRUE_OBJECT)
            }
            tag::NUMBER_OBJECT => {
                let d = self.r.double("a number object value")?;
                self.begin(at, EntryKind::Value);
                v.visit_f64(d)
            }
            tag::BIGINT_OBJECT => {
                self.begin(at, EntryKind::Value);
                self.bigint(v)
            }
            tag::STRING_OBJECT => {
                let id = self.begin(at, EntryKind::Value);
                let t = self.next_tag()?;
                if !matches!(
                    t,
                    tag::ONE_BYTE_STRING | tag::TWO_BYTE_STRING | tag::UTF8_STRING
                ) {
                    return Err(Error::at(ErrorKind::ExpectedString, self.r.position() - 1));
                }
                let r = self.string_body(t, v);
                self.finish(id);
                r
            }
            tag::REGEXP => {
                let id = self.begin(at, EntryKind::Value);
                let source: String = self.any(StringVisitor)?;
                let flags = self.r.varint32("RegExp flags")?;
                let mut text = format!("/{source}/");
                for (bit, c) in crate::value::regexp_flags::LETTERS {
                    if flags & bit != 0 {
                        text.push(c);
                    }
                }
                self.finish(id);
                v.visit_string(text)
            }
            tag::BEGIN_JS_MAP | tag::BEGIN_JS_SET => {
                let id = self.begin(at, EntryKind::Value);
                let (end, per) = if t == tag::BEGIN_JS_MAP {
                    (tag::END_JS_MAP, 2)
                } else {
                    (tag::END_JS_SET, 1)
                };
                let value;
                let count;
                if t == tag::BEGIN_JS_MAP {
                    let mut access = Entries {
                        de: self,
                        end,
                        count: 0,
                        done: false,
                    };
                    value = v.visit_map(&mut access)?;
                    count = access.drain()?;
                } else {
                    let mut access = SetValues {
                        de: self,
                        count: 0,
                        done: false,
                    };
                    value = v.visit_seq(&mut access)?;
                    while !access.done {
                        de::SeqAccess::next_element::<IgnoredAny>(&mut access)?;
                    }
                    count = access.count;
                }
                self.check_count(
                    if per == 2 {
                        "Map entries"
                    } else {
                        "Set values"
                    },
                    count * per,
                )?;
                self.finish(id);
                Ok(value)
            }
            tag::ARRAY_BUFFER | tag::RESIZABLE_ARRAY_BUFFER | tag::IMMUTABLE_ARRAY_BUFFER => {
                let len = self.r.varint64("an ArrayBuffer byte length")?;
                if t == tag::RESIZABLE_ARRAY_BUFFER {
                    let max = self.r.varint64("an ArrayBuffer max byte length")?;
                    if len > max {
                        return Err(self.r.err(ErrorKind::Length {
                            what: "resizable ArrayBuffer",
                            len,
                            limit: max,
                        }));
                    }
                }
                let data = self.r.position();
                self.r.raw(len, "ArrayBuffer contents")?;
                self.begin(at, EntryKind::Buffer(data, len as usize));
                self.buffer_or_view(at, data, len as usize, v)
            }
            tag::HOST_OBJECT => {
                // Node's DefaultSerializer view: type index, byte length, bytes.
                let index = self.r.read_uint32()?;
                let kind = ViewKind::from_node_index(index).ok_or_else(|| {
                    Error::at(
                        ErrorKind::Delegate(format!("unknown host object type index {index}")),
                        at,
                    )
                })?;
                let len = self.r.read_uint32()? as usize;
                let data = self.r.position();
                self.r.read_raw_bytes(len)?;
                let len = len / kind.element_size() as usize * kind.element_size() as usize;
                self.begin(at, EntryKind::View(data, len));
                v.visit_borrowed_bytes(&self.r.data()[data..data + len])
            }
            tag::ERROR => {
                let id = self.begin(at, EntryKind::Value);
                let first = self.r.varint8("an Error subtag")?;
                let name = match first {
                    tag::error::EVAL => Some("EvalError"),
                    tag::error::RANGE => Some("RangeError"),
                    tag::error::REFERENCE => Some("ReferenceError"),
                    tag::error::SYNTAX => Some("SyntaxError"),
                    tag::error::TYPE => Some("TypeError"),
                    tag::error::URI => Some("URIError"),
                    _ => None,
                };
                let pending = if name.is_some() { None } else { Some(first) };
                let mut access = ErrorFields {
                    de: self,
                    name: Some(name.unwrap_or("Error")),
                    pending_name: None,
                    pending,
                    done: false,
                };
                let value = v.visit_map(&mut access)?;
                access.drain()?;
                self.finish(id);
                Ok(value)
            }
            tag::ARRAY_BUFFER_TRANSFER
            | tag::SHARED_ARRAY_BUFFER
            | tag::SHARED_OBJECT
            | tag::WASM_MODULE_TRANSFER
            | tag::WASM_MEMORY_TRANSFER => Err(Error::at(
                ErrorKind::Unsupported(
                    "transferred, shared or wasm objects in from_slice (use Deserializer)",
                ),
                at,
            )),
            other => Err(Error::at(
                ErrorKind::UnexpectedTag {
                    expected: "a value tag",
                    found: TagByte(other),
                },
                at,
            )),
        }
    }

    fn reference<V: Visitor<'de>>(&mut self, at: usize, v: V) -> Result<V::Value> {
        let id = self.r.varint32("an object id")?;
        let entry = match self.entries.get(id as usize) {
            Some(e) => *e,
            None => return Err(Error::at(ErrorKind::UnknownReference(id), at)),
        };
        if !entry.done {
            return Err(Error::at(
                ErrorKind::Custom(format!(
                    "cyclic reference to object {id} cannot be read into Rust data"
                )),
                at,
            ));
        }
        match entry.kind {
            EntryKind::Buffer(data, len) => self.buffer_or_view(at, data, len, v),
            EntryKind::View(data, len) => v.visit_borrowed_bytes(&self.r.data()[data..data + len]),
            EntryKind::Value => {
                let resume = self.r.position();
                self.r.set_position(entry.start);
                self.replay += 1;
                let r = self.any(v);
                self.replay -= 1;
                self.r.set_position(resume);
                r
            }
        }
    }
}

/// JS numbers that are exact integers (beyond the Smi range, up to 2^53) are
/// offered as integers, so integer fields read them; floats accept them too.
fn visit_number<'de, V: Visitor<'de>>(d: f64, v: V) -> Result<V::Value> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if d.trunc() == d && d.abs() <= EXACT && !(d == 0.0 && d.is_sign_negative()) {
        if d >= 0.0 {
            v.visit_u64(d as u64)
        } else {
            v.visit_i64(d as i64)
        }
    } else {
        v.visit_f64(d)
    }
}

fn kind_is_leaf(kind: EntryKind) -> bool {
    !matches!(kind, EntryKind::Value)
}

struct StringVisitor;
impl<'de> Visitor<'de> for StringVisitor {
    type Value = String;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<String, E> {
        Ok(v)
    }
}

/// Key/value pairs of an object or sparse array, up to `end`.
struct Props<'a, 'de> {
    de: &'a mut WireDeserializer<'de>,
    end: u8,
    count: u64,
    done: bool,
}

impl<'de> Props<'_, 'de> {
    fn at_end(&mut self) -> Result<bool> {
        if self.done {
            return Ok(true);
        }
        match self.de.r.peek_tag() {
            None => Err(self
                .de
                .r
                .err(ErrorKind::UnexpectedEnd("a property key or end tag"))),
            Some(t) if t == self.end => {
                self.de.r.consume_tag();
                self.done = true;
                Ok(true)
            }
            Some(_) => Ok(false),
        }
    }
    fn drain(&mut self) -> Result<u64> {
        while !self.at_end()? {
            self.count += 1;
            KeyDeserializer { de: self.de }.skip()?;
            self.de.any(IgnoredAny)?;
        }
        Ok(self.count)
    }
}

impl<'de> de::MapAccess<'de> for Props<'_, 'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.at_end()? {
            return Ok(None);
        }
        self.count += 1;
        seed.deserialize(KeyDeserializer { de: self.de }).map(Some)
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value> {
        seed.deserialize(&mut *self.de)
    }
}

/// Dense array elements; holes read as unit.
struct Elements<'a, 'de> {
    de: &'a mut WireDeserializer<'de>,
    left: u32,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Error;
    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        if self.de.r.peek_tag() == Some(tag::THE_HOLE) {
            self.de.r.consume_tag();
            return seed.deserialize(().into_deserializer()).map(Some);
        }
        seed.deserialize(&mut *self.de).map(Some)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left as usize)
    }
}

/// `Map` entries (any value as key).
struct Entries<'a, 'de> {
    de: &'a mut WireDeserializer<'de>,
    end: u8,
    count: u64,
    done: bool,
}

impl Entries<'_, '_> {
    fn at_end(&mut self) -> Result<bool> {
        if self.done {
            return Ok(true);
        }
        match self.de.r.peek_tag() {
            None => Err(self
                .de
                .r
                .err(ErrorKind::UnexpectedEnd("a Map entry or ':'"))),
            Some(t) if t == self.end => {
                self.de.r.consume_tag();
                self.done = true;
                Ok(true)
            }
            Some(_) => Ok(false),
        }
    }
    fn drain(&mut self) -> Result<u64> {
        while !self.at_end()? {
            self.count += 1;
            self.de.any(IgnoredAny)?;
            self.de.any(IgnoredAny)?;
        }
        Ok(self.count)
    }
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.at_end()? {
            return Ok(None);
        }
        self.count += 1;
        seed.deserialize(&mut *self.de).map(Some)
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value> {
        seed.deserialize(&mut *self.de)
    }
}

/// `Set` values.
struct SetValues<'a, 'de> {
    de: &'a mut WireDeserializer<'de>,
    count: u64,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for SetValues<'_, 'de> {
    type Error = Error;
    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>> {
        if self.done {
            return Ok(None);
        }
        match self.de.r.peek_tag() {
            None => Err(self
                .de
                .r
                .err(ErrorKind::UnexpectedEnd("a Set value or ','"))),
            Some(tag::END_JS_SET) => {
                self.de.r.consume_tag();
                self.done = true;
                Ok(None)
            }
            Some(_) => {
                self.count += 1;
                seed.deserialize(&mut *self.de).map(Some)
            }
        }
    }
}

/// An `Error` as a map: `name`, then `message`, `stack`, `cause` as they appear.
struct ErrorFields<'a, 'de> {
    de: &'a mut WireDeserializer<'de>,
    name: Option<&'static str>,
    pending_name: Option<&'static str>,
    pending: Option<u8>,
    done: bool,
}

enum ErrorField {
    Name(&'static str),
    Message,
    Stack,
    Cause,
}

impl<'de> ErrorFields<'_, 'de> {
    fn next_field(&mut self) -> Result<Option<ErrorField>> {
        if let Some(n) = self.name.take() {
            return Ok(Some(ErrorField::Name(n)));
        }
        if self.done {
            return Ok(None);
        }
        let at = self.de.r.position();
        let t = match self.pending.take() {
            Some(t) => t,
            None => self.de.r.varint8("an Error subtag")?,
        };
        Ok(Some(match t {
            tag::error::MESSAGE => ErrorField::Message,
            tag::error::STACK => ErrorField::Stack,
            tag::error::CAUSE => ErrorField::Cause,
            tag::error::END => {
                self.done = true;
                return Ok(None);
            }
            other => return Err(Error::at(ErrorKind::InvalidErrorTag(TagByte(other)), at)),
        }))
    }
    fn drain(&mut self) -> Result<()> {
        while let Some(field) = self.next_field()? {
            if !matches!(field, ErrorField::Name(_)) {
                self.de.any(IgnoredAny)?;
            }
        }
        Ok(())
    }
}

impl<'de> de::MapAccess<'de> for ErrorFields<'_, 'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let key = match self.next_field()? {
            None => return Ok(None),
            Some(ErrorField::Name(n)) => {
                self.pending_name = Some(n);
                "name"
            }
            Some(ErrorField::Message) => "message",
            Some(ErrorField::Stack) => "stack",
            Some(ErrorField::Cause) => "cause",
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value> {
        if let Some(n) = self.pending_name.take() {
            return seed.deserialize(n.into_deserializer());
        }
        seed.deserialize(&mut *self.de)
    }
}

/// Object keys: strings, or numbers that can also be read as their string form.
struct KeyDeserializer<'a, 'de> {
    de: &'a mut WireDeserializer<'de>,
}

impl<'de> KeyDeserializer<'_, 'de> {
    fn skip(self) -> Result<()> {
        de::Deserializer::deserialize_ignored_any(self, IgnoredAny).map(|_| ())
    }

    /// An integer key; a string key is parsed (JS property names are strings).
    fn integer<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self.de.r.peek_tag() {
            Some(tag::ONE_BYTE_STRING | tag::TWO_BYTE_STRING | tag::UTF8_STRING) => {
                let text: String = self.de.any(StringVisitor)?;
                if let Ok(u) = text.parse::<u64>() {
                    v.visit_u64(u)
                } else if let Ok(i) = text.parse::<i64>() {
                    v.visit_i64(i)
                } else {
                    v.visit_string(text)
                }
            }
            _ => self.key(v, false),
        }
    }

    fn key<V: Visitor<'de>>(self, v: V, as_string: bool) -> Result<V::Value> {
        let t = self.de.next_tag()?;
        let at = self.de.r.position() - 1;
        let number = match t {
            tag::ONE_BYTE_STRING | tag::TWO_BYTE_STRING | tag::UTF8_STRING => {
                return self.de.string_body(t, v)
            }
            tag::INT32 => self.de.r.zigzag32()? as f64,
            tag::UINT32 => self.de.r.varint32("a uint32")? as f64,
            tag::DOUBLE => self.de.r.double("a double key")?,
            _ => return Err(Error::at(ErrorKind::InvalidKey, at)),
        };
        if as_string {
            v.visit_string(js_number_to_string(number))
        } else if number >= 0.0 && number.trunc() == number && number <= u64::MAX as f64 {
            v.visit_u64(number as u64)
        } else if number.trunc() == number && number >= i64::MIN as f64 {
            v.visit_i64(number as i64)
        } else {
            v.visit_f64(number)
        }
    }
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'_, 'de> {
    type Error = Error;
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.key(v, false)
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.key(v, true)
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.key(v, true)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.key(v, true)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value> {
        v.visit_newtype_struct(self)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.integer(v)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.integer(v)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.integer(v)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.integer(v)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.integer(v)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.integer(v)
    }
    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.integer(v)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.integer(v)
    }
    serde::forward_to_deserialize_any! {
        bool i128 u128 f32 f64 char bytes byte_buf option unit
        unit_struct seq tuple tuple_struct map struct enum ignored_any
    }
}

impl<'de> de::Deserializer<'de> for &mut WireDeserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.any(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        match self.r.peek_tag() {
            Some(tag::UNDEFINED | tag::NULL) => {
                self.r.consume_tag();
                v.visit_none()
            }
            _ => v.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        v: V,
    ) -> Result<V::Value> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        v: V,
    ) -> Result<V::Value> {
        match self.r.peek_tag() {
            Some(tag::BEGIN_JS_OBJECT) => {
                self.next_tag()?;
                let at = self.r.position() - 1;
                let id = self.begin(at, EntryKind::Value);
                let value = v.visit_enum(VariantAccess { de: self })?;
                let mut rest = Props {
                    de: self,
                    end: tag::END_JS_OBJECT,
                    count: 1,
                    done: false,
                };
                let count = rest.drain()?;
                self.check_count("properties", count)?;
                self.finish(id);
                Ok(value)
            }
            _ => v.visit_enum(UnitVariant { de: self }),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value> {
        self.any(IgnoredAny)?;
        v.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier
    }
}

struct UnitVariant<'a, 'de> {
    de: &'a mut WireDeserializer<'de>,
}

impl<'de> de::EnumAccess<'de> for UnitVariant<'_, 'de> {
    type Error = Error;
    type Variant = Self;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self)> {
        let v = seed.deserialize(&mut *self.de)?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'_, 'de> {
    type Error = Error;
    fn unit_variant(self) -> Result<()> {
        Ok(())
    }
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, _: S) -> Result<S::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a {variant: value} object",
        ))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a {variant: [..]} object",
        ))
    }
    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a {variant: {..}} object",
        ))
    }
}

struct VariantAccess<'a, 'de> {
    de: &'a mut WireDeserializer<'de>,
}

impl<'de> de::EnumAccess<'de> for VariantAccess<'_, 'de> {
    type Error = Error;
    type Variant = Self;
    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self)> {
        if self.de.r.peek_tag() == Some(tag::END_JS_OBJECT) {
            return Err(self.de.r.err(ErrorKind::Custom(
                "expected an object with one variant key".into(),
            )));
        }
        let v = seed.deserialize(KeyDeserializer { de: self.de })?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for VariantAccess<'_, 'de> {
    type Error = Error;
    fn unit_variant(self) -> Result<()> {
        self.de.any(IgnoredAny).map(|_| ())
    }
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value> {
        seed.deserialize(&mut *self.de)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value> {
        self.de.any(v)
    }
    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], v: V) -> Result<V::Value> {
        self.de.any(v)
    }
}
