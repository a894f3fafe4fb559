//! The reader: Node's `v8.Deserializer`, checking everything V8 checks.

use crate::error::{Error, ErrorKind, Result, TagByte};
use crate::key_cache;
use crate::keys::{self, Canon};
use crate::reader::{tag, Reader};
use crate::string::JsString;
use crate::value::{
    regexp_flags, ArrayBuffer, BigInt, ErrorObject, ErrorPrototype, Graph, Heap, HeapValue, Key,
    ObjectId, Properties, Value, View, ViewKind,
};
use std::sync::Arc;

/// Default nesting limit: deep enough for real data, shallow enough for a
/// 2 MiB thread stack in a debug build.
pub const DEFAULT_MAX_DEPTH: usize = 1000;

/// Oldest and newest wire versions this reader accepts.
pub const MIN_READ_VERSION: u32 = 13;
/// Newest wire version (V8 15.2 writes 16).
pub const LATEST_VERSION: u32 = 16;

/// What a host-object delegate produced.
#[derive(Debug, Clone, PartialEq)]
pub enum HostObject {
    /// A typed array or DataView with its own copy of the bytes (Node's host format).
    View {
        /// The view kind.
        kind: ViewKind,
        /// The bytes (a new, non-shared buffer is made for them).
        bytes: Vec<u8>,
    },
    /// Anything else, kept as opaque bytes (written back verbatim by default).
    Opaque(Vec<u8>),
}

/// Hooks for what the wire format leaves to the embedder (Node's `_readHostObject`).
pub trait DeserializerDelegate {
    /// Reads a host object's payload after the `\` tag.
    fn read_host_object(&mut self, input: &mut Reader<'_>) -> Result<HostObject> {
        Err(input.err(ErrorKind::Delegate(
            "a host object needs a DeserializerDelegate that reads it".into(),
        )))
    }
    /// Accepts (or rejects) a `SharedArrayBuffer` id from the stream.
    fn get_shared_array_buffer_from_id(&mut self, id: u32) -> Result<()> {
        Err(Error::new(ErrorKind::Delegate(format!(
            "SharedArrayBuffer id {id} needs a DeserializerDelegate"
        ))))
    }
}

/// A delegate that handles nothing (like a plain `v8.Deserializer`).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDelegate;
impl DeserializerDelegate for NoDelegate {}

const RESERVED: u32 = u32::MAX;

/// Stack left before recursing grows it by another segment (see `stacker`).
pub(crate) const STACK_RED_ZONE: usize = 256 * 1024;
/// The stack is checked every this many levels (a level takes well under
/// 16 KiB even unoptimised, so the red zone covers the levels in between).
pub(crate) const STACK_CHECK_EVERY: usize = 16;
/// Size of each extra stack segment.
pub(crate) const STACK_SEGMENT: usize = 2 * 1024 * 1024;

/// Reads V8 wire-format values (Node's `v8.Deserializer`).
///
/// ```
/// use structured_clone::{Deserializer, Value};
/// let mut de = Deserializer::new(&[0xff, 0x0f, b'I', 0x54]);
/// de.read_header()?;
/// assert_eq!(de.wire_format_version(), 15);
/// assert_eq!(de.read_value()?, Value::Int32(42));
/// # Ok::<(), structured_clone::Error>(())
/// ```
pub struct Deserializer<'a, D = NoDelegate> {
    r: Reader<'a>,
    version: u32,
    heap: Heap,
    /// Wire id -> arena index (`RESERVED` until the object is registered).
    ids: Vec<u32>,
    depth: usize,
    max_depth: usize,
    delegate: D,
    transfers: Vec<(u32, ArrayBuffer, Option<ObjectId>)>,
    keep_transfer_placeholders: bool,
    v13_broken_mode: bool,
    /// Properties of the objects being read (see `read_properties`).
    scratch: Properties,
}

impl<'a> Deserializer<'a, NoDelegate> {
    /// A deserializer without a delegate.
    pub fn new(data: &'a [u8]) -> Self {
        Deserializer::with_delegate(data, NoDelegate)
    }
}

impl<'a, D: DeserializerDelegate> Deserializer<'a, D> {
    /// A deserializer with host-object hooks.
    pub fn with_delegate(data: &'a [u8], delegate: D) -> Self {
        // A capacity hint bounded by the input (real graphs spend well over 64
        // bytes per object), so big inputs do not regrow the arena a dozen times.
        let hint = (data.len() / 64).min(1 << 16);
        let mut heap = Heap::new();
        heap.reserve(hint);
        Deserializer {
            r: Reader::new(data),
            version: 0,
            heap,
            ids: Vec::with_capacity(hint),
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            delegate,
            transfers: Vec::new(),
            keep_transfer_placeholders: false,
            v13_broken_mode: false,
            scratch: Vec::new(),
        }
    }

    /// Sets the nesting limit (default [`DEFAULT_MAX_DEPTH`]).
    pub fn set_max_depth(&mut self, depth: usize) {
        self.max_depth = depth;
    }

    /// Decodes `t id` without a registered buffer as
    /// [`HeapValue::TransferredArrayBuffer`] instead of failing (useful for inspection).
    pub fn set_keep_transfer_placeholders(&mut self, keep: bool) {
        self.keep_transfer_placeholders = keep;
    }

    /// Node's `readHeader()`: reads `0xFF version`; versions 13 to 16 are accepted.
    pub fn read_header(&mut self) -> Result<()> {
        let at = self.r.position();
        match self.r.data().get(at) {
            Some(&tag::VERSION) => {
                self.r.set_position(at + 1);
                let v = self.r.varint32("a version varint")?;
                if !(MIN_READ_VERSION..=LATEST_VERSION).contains(&v) {
                    return Err(Error::at(ErrorKind::UnsupportedVersion(v), at + 1));
                }
                self.version = v;
                Ok(())
            }
            Some(&b) => Err(Error::at(
                ErrorKind::MissingHeader(TagByte(b).to_string()),
                at,
            )),
            None => Err(Error::at(
                ErrorKind::MissingHeader("end of input".into()),
                at,
            )),
        }
    }

    /// Node's `getWireFormatVersion()` (0 before `read_header`).
    pub fn wire_format_version(&self) -> u32 {
        self.version
    }

    /// Sets the version as if a header had been read (for header-less streams).
    pub fn set_wire_format_version(&mut self, version: u32) {
        self.version = version;
    }

    /// Node's `transferArrayBuffer(id, buffer)`: the contents for `t id` in the stream.
    pub fn transfer_array_buffer(&mut self, id: u32, buffer: ArrayBuffer) {
        self.transfers.retain(|t| t.0 != id);
        self.transfers.push((id, buffer, None));
    }

    /// Node's `readValue()`. Ids continue across calls.
    pub fn read_value(&mut self) -> Result<Value> {
        self.scratch.clear();
        let (pos, heap_len, ids_len) = (self.r.position(), self.heap.len(), self.ids.len());
        match self.read_value_inner() {
            Ok(v) => Ok(v),
            // V8 retries broken version-13 data reading view flags (crbug.com/1284506).
            Err(e)
                if self.version == 13
                    && !self.v13_broken_mode
                    && !matches!(e.kind(), ErrorKind::DepthLimit(_)) =>
            {
                self.r.set_position(pos);
                self.heap.truncate(heap_len);
                self.ids.truncate(ids_len);
                self.depth = 0;
                self.scratch.clear();
                self.v13_broken_mode = true;
                let res = self.read_value_inner();
                self.v13_broken_mode = false;
                res
            }
            Err(e) => Err(e),
        }
    }

    /// Node's `readUint32()`.
    pub fn read_uint32(&mut self) -> Result<u32> {
        self.r.read_uint32()
    }
    /// Node's `readUint64()` as one u64.
    pub fn read_uint64(&mut self) -> Result<u64> {
        self.r.read_uint64()
    }
    /// Node's `readDouble()`.
    pub fn read_double(&mut self) -> Result<f64> {
        self.r.read_double()
    }
    /// Node's `readRawBytes(length)`.
    pub fn read_raw_bytes(&mut self, len: usize) -> Result<&'a [u8]> {
        self.r.read_raw_bytes(len)
    }

    /// Current input offset.
    pub fn position(&self) -> usize {
        self.r.position()
    }
    /// The objects read so far.
    pub fn heap(&self) -> &Heap {
        &self.heap
    }
    /// The delegate.
    pub fn delegate_mut(&mut self) -> &mut D {
        &mut self.delegate
    }
    /// Consumes the deserializer, returning its heap.
    pub fn into_heap(self) -> Heap {
        self.heap
    }
    /// Consumes the deserializer, pairing its heap with `root`.
    pub fn into_graph(self, root: Value) -> Graph {
        Graph::from_parts(self.heap, root)
    }

    // ---- object registry ----

    /// Allocates the next wire id and an arena slot holding `placeholder`.
    fn reserve(&mut self, placeholder: HeapValue) -> ObjectId {
        let id = self.heap.insert(placeholder);
        self.ids.push(id.0);
        id
    }
    /// Allocates a wire id that is registered later (error objects).
    fn reserve_id_only(&mut self) -> usize {
        self.ids.push(RESERVED);
        self.ids.len() - 1
    }

    fn read_value_inner(&mut self) -> Result<Value> {
        if self.depth >= self.max_depth {
            return Err(self.r.err(ErrorKind::DepthLimit(self.max_depth)));
        }
        self.depth += 1;
        // Recursion is bounded by `max_depth`; stacker keeps even a small thread
        // stack (or an unoptimised build) from overflowing before the limit.
        let result = if self.depth % STACK_CHECK_EVERY == 0 {
            stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
                self.read_object_internal()
            })
        } else {
            self.read_object_internal()
        };
        let result = match result {
            Ok(Value::Object(id)) if is_buffer(&self.heap[id]) => {
                if self.r.peek_tag() == Some(tag::ARRAY_BUFFER_VIEW) {
                    self.r.consume_tag();
                    self.read_view(id).map(Value::Object)
                } else {
                    Ok(Value::Object(id))
                }
            }
            other => other,
        };
        self.depth -= 1;
        result
    }

    fn read_object_internal(&mut self) -> Result<Value> {
        let mut t;
        loop {
            t = self.r.tag()?;
            if t != tag::VERIFY_OBJECT_COUNT {
                break;
            }
            self.r.varint32("an object count")?;
        }
        let at = self.r.position() - 1;
        Ok(match t {
            tag::UNDEFINED => Value::Undefined,
            tag::NULL => Value::Null,
            tag::TRUE => Value::Bool(true),
            tag::FALSE => Value::Bool(false),
            tag::INT32 => Value::Int32(self.r.zigzag32()?),
            tag::UINT32 => uint32_value(self.r.varint32("a uint32 varint")?),
            tag::DOUBLE => Value::Double(self.r.double("a double")?),
            tag::BIGINT => Value::BigInt(self.read_bigint()?),
            tag::UTF8_STRING | tag::ONE_BYTE_STRING | tag::TWO_BYTE_STRING => {
                Value::String(self.read_string_body(t)?)
            }
            tag::OBJECT_REFERENCE => {
                let id = self.r.varint32("an object id")?;
                match self.ids.get(id as usize) {
                    Some(&idx) if idx != RESERVED => Value::Object(ObjectId(idx)),
                    _ => return Err(Error::at(ErrorKind::UnknownReference(id), at)),
                }
            }
            tag::BEGIN_JS_OBJECT => self.read_js_object()?,
            tag::BEGIN_SPARSE_JS_ARRAY => self.read_sparse_array()?,
            tag::BEGIN_DENSE_JS_ARRAY => self.read_dense_array()?,
            tag::DATE => {
                let t = self.r.double("a date value")?;
                Value::Object(self.reserve(HeapValue::Date(time_clip(t))))
            }
            tag::TRUE_OBJECT => Value::Object(self.reserve(HeapValue::BooleanObject(true))),
            tag::FALSE_OBJECT => Value::Object(self.reserve(HeapValue::BooleanObject(false))),
            tag::NUMBER_OBJECT => {
                let n = self.r.double("a number object value")?;
                Value::Object(self.reserve(HeapValue::NumberObject(n)))
            }
            tag::BIGINT_OBJECT => {
                let b = self.read_bigint()?;
                Value::Object(self.reserve(HeapValue::BigIntObject(b)))
            }
            tag::STRING_OBJECT => {
                let id = self.reserve(HeapValue::StringObject(JsString::OneByte(Vec::new())));
                let s = self.read_string()?;
                self.heap[id] = HeapValue::StringObject(s);
                Value::Object(id)
            }
            tag::REGEXP => self.read_regexp()?,
            tag::BEGIN_JS_MAP => self.read_map()?,
            tag::BEGIN_JS_SET => self.read_set()?,
            tag::ARRAY_BUFFER | tag::RESIZABLE_ARRAY_BUFFER | tag::IMMUTABLE_ARRAY_BUFFER => {
                self.read_array_buffer(t)?
            }
            tag::ARRAY_BUFFER_TRANSFER => self.read_transferred(at)?,
            tag::SHARED_ARRAY_BUFFER => {
                let id = self.r.varint32("a shared array buffer id")?;
                self.delegate
                    .get_shared_array_buffer_from_id(id)
                    .map_err(|e| relocate(e, at))?;
                Value::Object(self.reserve(HeapValue::SharedArrayBuffer { id }))
            }
            tag::ERROR => self.read_error()?,
            tag::HOST_OBJECT => self.read_host_object()?,
            tag::SHARED_OBJECT if self.version >= 15 => {
                return Err(Error::at(
                    ErrorKind::Unsupported("shared objects ('p')"),
                    at,
                ))
            }
            tag::WASM_MODULE_TRANSFER => {
                return Err(Error::at(
                    ErrorKind::Unsupported("WebAssembly modules ('w')"),
                    at,
                ))
            }
            tag::WASM_MEMORY_TRANSFER => {
                return Err(Error::at(
                    ErrorKind::Unsupported("WebAssembly memory ('m')"),
                    at,
                ))
            }
            other => {
                return Err(Error::at(
                    ErrorKind::UnexpectedTag {
                        expected: "a value tag",
                        found: TagByte(other),
                    },
                    at,
                ))
            }
        })
    }

    fn read_bigint(&mut self) -> Result<BigInt> {
        let at = self.r.position();
        let bitfield = self.r.varint32("a BigInt bitfield")?;
        let negative = bitfield & 1 == 1;
        let byte_len = (bitfield >> 1) as u64;
        // BigInt::kMaxLengthBits is 2^30, i.e. 2^27 bytes.
        if byte_len > (1 << 27) {
            return Err(Error::at(
                ErrorKind::Length {
                    what: "BigInt",
                    len: byte_len,
                    limit: 1 << 27,
                },
                at,
            ));
        }
        let bytes = self.r.raw(byte_len, "BigInt digits")?;
        if byte_len == 0 && negative {
            return Err(Error::at(ErrorKind::NegativeZeroBigInt, at));
        }
        let mut digits = Vec::with_capacity(bytes.len().div_ceil(8));
        for chunk in bytes.chunks(8) {
            let mut d = [0u8; 8];
            d[..chunk.len()].copy_from_slice(chunk);
            digits.push(u64::from_le_bytes(d));
        }
        Ok(BigInt::new(negative, digits))
    }

    fn read_string_body(&mut self, t: u8) -> Result<JsString> {
        let len = self.r.varint32("a string length")? as u64;
        match t {
            tag::ONE_BYTE_STRING => Ok(JsString::OneByte(
                self.r.raw(len, "one-byte string")?.to_vec(),
            )),
            tag::UTF8_STRING => Ok(JsString::Utf8(self.r.raw(len, "UTF-8 string")?.to_vec())),
            _ => {
                if len % 2 != 0 {
                    return Err(self.r.err(ErrorKind::OddTwoByteLength(len)));
                }
                let bytes = self.r.raw(len, "two-byte string")?;
                Ok(JsString::TwoByte(utf16_from_le_bytes(bytes)))
            }
        }
    }

    /// V8 `ReadString`: any value that turns out to be a string.
    fn read_string(&mut self) -> Result<JsString> {
        let at = self.r.position();
        match self.read_value_inner()? {
            Value::String(s) => Ok(s),
            _ => Err(Error::at(ErrorKind::ExpectedString, at)),
        }
    }

    fn read_key(&mut self) -> Result<Key> {
        let mut t;
        loop {
            t = self.r.tag()?;
            if t != tag::VERIFY_OBJECT_COUNT {
                break;
            }
            self.r.varint32("an object count")?;
        }
        Ok(match t {
            tag::INT32 => Key::Int32(self.r.zigzag32()?),
            tag::UINT32 => match uint32_value(self.r.varint32("a uint32 varint")?) {
                Value::Int32(i) => Key::Int32(i),
                v => Key::Double(v.as_f64().unwrap_or(0.0)),
            },
            tag::DOUBLE => Key::Double(self.r.double("a double key")?),
            tag::ONE_BYTE_STRING | tag::TWO_BYTE_STRING => Key::String(self.read_key_string(t)?),
            tag::UTF8_STRING => Key::String(Arc::new(self.read_string_body(t)?)),
            _ => return Err(Error::at(ErrorKind::InvalidKey, self.r.position() - 1)),
        })
    }

    /// A key string, shared with earlier identical keys (see `key_cache`):
    /// objects of one shape repeat the same keys.
    fn read_key_string(&mut self, t: u8) -> Result<Arc<JsString>> {
        let start = self.r.position();
        let len = self.r.varint32("a string length")? as usize;
        let body = self.r.position();
        if len > key_cache::MAX_CACHED_KEY || len > self.r.remaining() {
            self.r.set_position(start);
            return self.read_string_body(t).map(Arc::new);
        }
        let raw = &self.r.data()[body..body + len];
        self.r.set_position(start);
        let s = key_cache::get_or_insert(t, raw, || self.read_string_body(t).map(Arc::new))?;
        self.r.set_position(body + len);
        Ok(s)
    }

    /// Reads key/value pairs up to `end`; returns their count.
    fn read_properties(&mut self, props: &mut Properties, end: u8) -> Result<u32> {
        // Pairs are gathered on a shared scratch stack (nested objects push above
        // and take their own), then moved into an exactly sized vector.
        let base = self.scratch.len();
        if self.scratch.capacity() == 0 {
            // One allocation up front instead of growing 4 -> 8 -> 16.
            self.scratch.reserve(16);
        }
        loop {
            match self.r.peek_tag() {
                None => {
                    return Err(self
                        .r
                        .err(ErrorKind::UnexpectedEnd("a property key or end tag")))
                }
                Some(t) if t == end => {
                    self.r.consume_tag();
                    *props = self.scratch.drain(base..).collect();
                    return Ok(props.len() as u32);
                }
                Some(_) => {
                    let key = self.read_key()?;
                    let value = self.read_value_inner()?;
                    self.scratch.push((key, value));
                }
            }
        }
    }

    fn check_count(&mut self, what: &'static str, actual: u32) -> Result<()> {
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

    fn read_js_object(&mut self) -> Result<Value> {
        let id = self.reserve(HeapValue::Object(Vec::new()));
        let mut props = Vec::new();
        let n = self.read_properties(&mut props, tag::END_JS_OBJECT)?;
        let at = self.r.position();
        self.check_count("object properties", n)?;
        check_keys(&props, None, at)?;
        self.heap[id] = HeapValue::Object(props);
        Ok(Value::Object(id))
    }

    fn read_sparse_array(&mut self) -> Result<Value> {
        let length = self.r.varint32("a sparse array length")?;
        let id = self.reserve(HeapValue::SparseArray {
            length,
            properties: Vec::new(),
        });
        let mut props = Vec::new();
        let n = self.read_properties(&mut props, tag::END_SPARSE_JS_ARRAY)?;
        let at = self.r.position();
        self.check_count("sparse array properties", n)?;
        self.check_length(length)?;
        check_keys(&props, Some(&[]), at)?;
        // Defining index `i >= length` grows the array, as in JavaScript.
        let length = props
            .iter()
            .filter_map(|(k, _)| match keys::canon(k) {
                Canon::Index(i) => Some(i + 1),
                _ => None,
            })
            .fold(length, u32::max);
        self.heap[id] = HeapValue::SparseArray {
            length,
            properties: props,
        };
        Ok(Value::Object(id))
    }

    fn check_length(&mut self, length: u32) -> Result<()> {
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

    fn read_dense_array(&mut self) -> Result<Value> {
        let at = self.r.position();
        let length = self.r.varint32("a dense array length")?;
        // Every element takes at least one byte: this bounds the allocation.
        if length as u64 > self.r.remaining() as u64 {
            return Err(Error::at(
                ErrorKind::Length {
                    what: "dense array",
                    len: length as u64,
                    limit: self.r.remaining() as u64,
                },
                at,
            ));
        }
        let id = self.reserve(HeapValue::DenseArray {
            elements: Vec::new(),
            properties: Vec::new(),
        });
        let mut elements = Vec::with_capacity(length as usize);
        for _ in 0..length {
            if self.r.peek_tag() == Some(tag::THE_HOLE) {
                self.r.consume_tag();
                elements.push(None);
                continue;
            }
            elements.push(Some(self.read_value_inner()?));
        }
        let mut props = Vec::new();
        let n = self.read_properties(&mut props, tag::END_DENSE_JS_ARRAY)?;
        let at = self.r.position();
        self.check_count("dense array properties", n)?;
        self.check_length(length)?;
        check_keys(&props, Some(&elements), at)?;
        self.heap[id] = HeapValue::DenseArray {
            elements,
            properties: props,
        };
        Ok(Value::Object(id))
    }

    fn read_regexp(&mut self) -> Result<Value> {
        let id = self.reserve(HeapValue::RegExp {
            pattern: JsString::OneByte(Vec::new()),
            flags: 0,
        });
        let pattern = self.read_string()?;
        let at = self.r.position();
        let flags = self.r.varint32("RegExp flags")?;
        let bad = (u32::MAX << 9) | regexp_flags::LINEAR;
        let uv = regexp_flags::UNICODE | regexp_flags::UNICODE_SETS;
        if flags & bad != 0 || flags & uv == uv {
            return Err(Error::at(ErrorKind::InvalidRegExpFlags(flags), at));
        }
        self.heap[id] = HeapValue::RegExp { pattern, flags };
        Ok(Value::Object(id))
    }

    fn read_map(&mut self) -> Result<Value> {
        let id = self.reserve(HeapValue::Map(Vec::new()));
        let mut entries: Vec<(Value, Value)> = Vec::new();
        let mut seen = Dedup::default();
        let mut read = 0u32;
        loop {
            match self.r.peek_tag() {
                None => return Err(self.r.err(ErrorKind::UnexpectedEnd("a Map entry or ':'"))),
                Some(tag::END_JS_MAP) => {
                    self.r.consume_tag();
                    break;
                }
                Some(_) => {
                    let k = normalize_collection_key(self.read_value_inner()?);
                    let v = self.read_value_inner()?;
                    read = read.saturating_add(2);
                    // Map.prototype.set: an existing key keeps its place.
                    match seen.find(entries.iter().map(|e| &e.0), &k) {
                        Some(i) => entries[i].1 = v,
                        None => {
                            seen.add(&k, entries.len());
                            entries.push((k, v));
                        }
                    }
                }
            }
        }
        self.check_count("Map entries (2 per entry)", read)?;
        self.heap[id] = HeapValue::Map(entries);
        Ok(Value::Object(id))
    }

    fn read_set(&mut self) -> Result<Value> {
        let id = self.reserve(HeapValue::Set(Vec::new()));
        let mut values: Vec<Value> = Vec::new();
        let mut seen = Dedup::default();
        let mut read = 0u32;
        loop {
            match self.r.peek_tag() {
                None => return Err(self.r.err(ErrorKind::UnexpectedEnd("a Set value or ','"))),
                Some(tag::END_JS_SET) => {
                    self.r.consume_tag();
                    break;
                }
                Some(_) => {
                    let v = normalize_collection_key(self.read_value_inner()?);
                    read = read.saturating_add(1);
                    if seen.find(values.iter(), &v).is_none() {
                        seen.add(&v, values.len());
                        values.push(v);
                    }
                }
            }
        }
        self.check_count("Set values", read)?;
        self.heap[id] = HeapValue::Set(values);
        Ok(Value::Object(id))
    }

    fn read_array_buffer(&mut self, t: u8) -> Result<Value> {
        let at = self.r.position();
        let len = self.r.varint64("an ArrayBuffer byte length")?;
        let mut max = None;
        if t == tag::RESIZABLE_ARRAY_BUFFER {
            let m = self.r.varint64("an ArrayBuffer max byte length")?;
            if len > m {
                return Err(Error::at(
                    ErrorKind::Length {
                        what: "resizable ArrayBuffer",
                        len,
                        limit: m,
                    },
                    at,
                ));
            }
            max = Some(m);
        }
        let data = self.r.raw(len, "ArrayBuffer contents")?.to_vec();
        let ab = ArrayBuffer {
            data,
            max_byte_length: max,
            immutable: t == tag::IMMUTABLE_ARRAY_BUFFER,
        };
        Ok(Value::Object(self.reserve(HeapValue::ArrayBuffer(ab))))
    }

    fn read_transferred(&mut self, at: usize) -> Result<Value> {
        let transfer_id = self.r.varint32("a transfer id")?;
        if let Some(i) = self.transfers.iter().position(|t| t.0 == transfer_id) {
            // The same transferred buffer is one object, however often it appears.
            if let Some(existing) = self.transfers[i].2 {
                self.ids.push(existing.0);
                return Ok(Value::Object(existing));
            }
            let ab = self.transfers[i].1.clone();
            let id = self.reserve(HeapValue::ArrayBuffer(ab));
            self.transfers[i].2 = Some(id);
            return Ok(Value::Object(id));
        }
        if self.keep_transfer_placeholders {
            return Ok(Value::Object(
                self.reserve(HeapValue::TransferredArrayBuffer { id: transfer_id }),
            ));
        }
        Err(Error::at(ErrorKind::UnknownTransfer(transfer_id), at))
    }

    fn read_view(&mut self, buffer: ObjectId) -> Result<ObjectId> {
        let at = self.r.position();
        let sub = self.r.varint8("a view subtag")?;
        let byte_offset = self.r.varint64("a view byte offset")?;
        let byte_length = self.r.varint64("a view byte length")?;
        let (buf_len, resizable, shared) = match &self.heap[buffer] {
            HeapValue::ArrayBuffer(ab) => (
                Some(ab.data.len() as u64),
                ab.max_byte_length.is_some(),
                false,
            ),
            HeapValue::SharedArrayBuffer { .. } => (None, false, true),
            _ => (None, false, false),
        };
        if let Some(bl) = buf_len {
            if byte_offset > bl || byte_length > bl - byte_offset {
                return Err(Error::at(
                    ErrorKind::InvalidView("offset or length outside the buffer"),
                    at,
                ));
            }
        }
        let flags = if self.version >= 14 || self.v13_broken_mode {
            self.r.varint32("view flags")?
        } else {
            0
        };
        let kind = ViewKind::from_wire_tag(sub)
            .ok_or_else(|| Error::at(ErrorKind::InvalidView("unknown view subtag"), at))?;
        let size = kind.element_size();
        if kind != ViewKind::DataView && (byte_offset % size != 0 || byte_length % size != 0) {
            return Err(Error::at(
                ErrorKind::InvalidView("offset or length not a multiple of the element size"),
                at,
            ));
        }
        let length_tracking = flags & 1 != 0;
        let backed_by_rab = flags & 2 != 0;
        // V8 ValidateJSArrayBufferViewFlags; unknown buffers (placeholders) are not checked.
        if buf_len.is_some() || shared {
            if (length_tracking || backed_by_rab)
                && (!resizable && !shared || backed_by_rab && shared)
            {
                return Err(Error::at(
                    ErrorKind::InvalidView("flags need a resizable buffer"),
                    at,
                ));
            }
            if resizable && !backed_by_rab {
                return Err(Error::at(
                    ErrorKind::InvalidView("a resizable buffer needs the backed-by-RAB flag"),
                    at,
                ));
            }
        }
        let view = View {
            buffer,
            kind,
            byte_offset,
            byte_length,
            length_tracking,
            backed_by_rab,
        };
        Ok(self.reserve(HeapValue::View(view)))
    }

    fn read_error(&mut self) -> Result<Value> {
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

    fn read_host_object(&mut self) -> Result<Value> {
        let id = self.reserve(HeapValue::Host(Vec::new()));
        match self.delegate.read_host_object(&mut self.r)? {
            HostObject::Opaque(bytes) => self.heap[id] = HeapValue::Host(bytes),
            HostObject::View { kind, bytes } => {
                // Node copies (or aliases) the bytes; lengths not a multiple of the
                // element size are truncated, as `new ctor(buf, off, len / size)` does.
                let byte_length = bytes.len() as u64 / kind.element_size() * kind.element_size();
                let buffer = self
                    .heap
                    .insert(HeapValue::ArrayBuffer(ArrayBuffer::new(bytes)));
                self.heap[id] = HeapValue::View(View {
                    buffer,
                    kind,
                    byte_offset: 0,
                    byte_length,
                    length_tracking: false,
                    backed_by_rab: false,
                });
            }
        }
        Ok(Value::Object(id))
    }
}

/// UTF-16 code units from little-endian bytes (a plain copy on little-endian hosts).
pub(crate) fn utf16_from_le_bytes(bytes: &[u8]) -> Vec<u16> {
    let n = bytes.len() / 2;
    #[cfg(target_endian = "little")]
    {
        let mut v: Vec<u16> = Vec::with_capacity(n);
        // SAFETY: the destination has capacity for `n` u16 (2n bytes), the source
        // holds at least 2n bytes, the regions are distinct allocations, and every
        // bit pattern is a valid u16; `set_len` follows the full initialisation.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), v.as_mut_ptr().cast::<u8>(), n * 2);
            v.set_len(n);
        }
        v
    }
    #[cfg(not(target_endian = "little"))]
    {
        bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect()
    }
}

fn is_buffer(v: &HeapValue) -> bool {
    matches!(
        v,
        HeapValue::ArrayBuffer(_)
            | HeapValue::SharedArrayBuffer { .. }
            | HeapValue::TransferredArrayBuffer { .. }
    )
}

fn relocate(e: Error, at: usize) -> Error {
    if e.offset().is_some() {
        e
    } else {
        Error::at(e.kind().clone(), at)
    }
}

/// `U` values become Smis when they fit (Node x64 has 32-bit Smis).
fn uint32_value(u: u32) -> Value {
    if u <= i32::MAX as u32 {
        Value::Int32(u as i32)
    } else {
        Value::Double(u as f64)
    }
}

/// ECMAScript TimeClip, applied by `JSDate::New`.
fn time_clip(t: f64) -> f64 {
    if !t.is_finite() || t.abs() > 8.64e15 {
        f64::NAN
    } else {
        t.trunc() + 0.0 // +0.0 turns -0 into +0
    }
}

/// Map keys and Set values: `-0` becomes `+0` (a Smi), as `Map.prototype.set` does.
fn normalize_collection_key(v: Value) -> Value {
    match v {
        Value::Double(d) => {
            if d == 0.0 {
                Value::Int32(0)
            } else {
                Value::Double(d)
            }
        }
        v => v,
    }
}

/// Finds SameValueZero-equal entries: a linear scan for small collections, a
/// hash map once they grow (hostile input must not make decoding quadratic).
#[derive(Default)]
struct Dedup {
    map: Option<std::collections::HashMap<SvzKey, usize>>,
}

#[derive(PartialEq, Eq, Hash)]
enum SvzKey {
    Undefined,
    Null,
    Bool(bool),
    Number(u64),
    BigInt(BigInt),
    String(Vec<u16>),
    Object(u32),
}

const LINEAR_LIMIT: usize = 16;

impl Dedup {
    fn key(v: &Value) -> SvzKey {
        match v {
            Value::Undefined => SvzKey::Undefined,
            Value::Null => SvzKey::Null,
            Value::Bool(b) => SvzKey::Bool(*b),
            Value::Int32(_) | Value::Double(_) => {
                let d = v.as_f64().unwrap_or(0.0);
                let d = if d == 0.0 {
                    0.0
                } else if d.is_nan() {
                    f64::NAN
                } else {
                    d
                };
                SvzKey::Number(d.to_bits())
            }
            Value::BigInt(b) => SvzKey::BigInt(b.clone()),
            Value::String(s) => SvzKey::String(s.code_units().into_owned()),
            Value::Object(id) => SvzKey::Object(id.0),
        }
    }

    fn find<'v>(
        &mut self,
        mut existing: impl ExactSizeIterator<Item = &'v Value>,
        v: &Value,
    ) -> Option<usize> {
        if let Some(map) = &self.map {
            return map.get(&Dedup::key(v)).copied();
        }
        if existing.len() < LINEAR_LIMIT {
            return existing.position(|e| same_value_zero(e, v));
        }
        let map = existing
            .enumerate()
            .map(|(i, e)| (Dedup::key(e), i))
            .collect();
        self.map = Some(map);
        self.map
            .as_ref()
            .and_then(|m| m.get(&Dedup::key(v)).copied())
    }

    fn add(&mut self, v: &Value, index: usize) {
        if let Some(map) = &mut self.map {
            map.insert(Dedup::key(v), index);
        }
    }
}

/// SameValueZero, for Map/Set de-duplication.
fn same_value_zero(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y || (x.is_nan() && y.is_nan()),
        _ => match (a, b) {
            (Value::String(x), Value::String(y)) => x.same_text(y),
            _ => a == b,
        },
    }
}

const SMALL_OBJECT: usize = 12;

/// Whether two keys name the same property. Two strings do exactly when their
/// text is equal (an index has one canonical spelling), so only numeric keys
/// need canonicalising.
#[inline]
fn same_key(a: &Key, b: &Key) -> bool {
    match (a, b) {
        (Key::String(x), Key::String(y)) => {
            Arc::ptr_eq(x, y)
                || match (&**x, &**y) {
                    (JsString::OneByte(p), JsString::OneByte(q)) => p == q,
                    _ => x.same_text(y),
                }
        }
        _ => keys::canon(a).same(&keys::canon(b)),
    }
}

/// V8 defines each property with `DefineOwnPropertyIgnoreAttributes` after
/// checking it is absent: duplicates (after canonicalisation) and an array's
/// own `length` fail. `elements` is `Some` for arrays (dense elements, or empty).
fn check_keys(props: &Properties, elements: Option<&[Option<Value>]>, at: usize) -> Result<()> {
    if props.is_empty() {
        return Ok(());
    }
    if elements.is_none() && props.len() <= SMALL_OBJECT {
        // Pairwise, without allocating: the common case of a small plain object.
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
