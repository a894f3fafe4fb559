//! The reader: Node's `v8.Deserializer`, checking everything V8 checks.
//!
//! This module holds the public API and the value dispatch; each family of
//! values is read in its own submodule.

mod buffers;
mod collections;
mod objects;
mod scalars;

use crate::error::{Error, ErrorKind, Result, TagByte};
use crate::reader::{tag, Reader};
use crate::string::JsString;
use crate::value::{ArrayBuffer, Graph, Heap, HeapValue, Key, ObjectId, Value, ViewKind};
use bytes::Bytes;
use std::cell::Cell;

pub(crate) use scalars::utf16_from_le_bytes;

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
    scratch: Vec<(Key, Value)>,
    /// The input as shared bytes, when given so: buffers become slices of it.
    shared_input: Option<Bytes>,
}

// Vectors reused by the deserializers of one thread, so decoding many small
// messages does not allocate them every time (returned empty, and only when
// they are not big).
thread_local! {
    static POOLED_IDS: Cell<Vec<u32>> = const { Cell::new(Vec::new()) };
    static POOLED_SCRATCH: Cell<Vec<(Key, Value)>> = const { Cell::new(Vec::new()) };
}
/// Pooled vectors are kept only up to these capacities (256 KiB of ids,
/// 224 KiB of pending properties), so a thread retains little after a big input.
const POOL_KEEP_IDS: usize = 1 << 16;
const POOL_KEEP_SCRATCH: usize = 1 << 12;

impl<D> Drop for Deserializer<'_, D> {
    fn drop(&mut self) {
        let mut ids = std::mem::take(&mut self.ids);
        if ids.capacity() <= POOL_KEEP_IDS {
            ids.clear();
            let _ = POOLED_IDS.try_with(|c| c.set(ids));
        }
        let mut scratch = std::mem::take(&mut self.scratch);
        if scratch.capacity() <= POOL_KEEP_SCRATCH {
            scratch.clear();
            let _ = POOLED_SCRATCH.try_with(|c| c.set(scratch));
        }
    }
}

impl<'a> Deserializer<'a, NoDelegate> {
    /// A deserializer without a delegate.
    pub fn new(data: &'a [u8]) -> Self {
        Deserializer::with_delegate(data, NoDelegate)
    }
    /// A deserializer without a delegate whose buffers share `data` (see
    /// [`Deserializer::with_delegate_shared`]).
    pub fn from_bytes(data: &'a Bytes) -> Self {
        Deserializer::with_delegate_shared(data, NoDelegate)
    }
}

impl<'a, D: DeserializerDelegate> Deserializer<'a, D> {
    /// A deserializer with host-object hooks.
    pub fn with_delegate(data: &'a [u8], delegate: D) -> Self {
        // A capacity hint bounded by the input (real graphs spend well over 64
        // bytes per object), so big inputs do not regrow the arena a dozen times.
        let hint = (data.len() / 64).clamp(4, 1 << 16);
        let mut heap = Heap::new();
        heap.reserve(hint);
        let mut ids = POOLED_IDS.try_with(Cell::take).unwrap_or_default();
        ids.reserve(hint);
        Deserializer {
            r: Reader::new(data),
            version: 0,
            heap,
            ids,
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            delegate,
            transfers: Vec::new(),
            keep_transfer_placeholders: false,
            v13_broken_mode: false,
            scratch: POOLED_SCRATCH.try_with(Cell::take).unwrap_or_default(),
            shared_input: None,
        }
    }

    /// A deserializer over shared bytes: `ArrayBuffer` contents become
    /// zero-copy slices of `data` (they keep its allocation alive) instead of
    /// copies. Everything else reads as with [`Deserializer::with_delegate`].
    pub fn with_delegate_shared(data: &'a Bytes, delegate: D) -> Self {
        let mut de = Deserializer::with_delegate(data, delegate);
        de.shared_input = Some(data.clone());
        de
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
    pub fn into_heap(mut self) -> Heap {
        std::mem::take(&mut self.heap)
    }
    /// Consumes the deserializer, pairing its heap with `root`.
    pub fn into_graph(mut self, root: Value) -> Graph {
        Graph::from_parts(std::mem::take(&mut self.heap), root)
    }

    // ---- object registry ----

    /// Allocates the next wire id and an arena slot holding `placeholder`.
    pub(super) fn reserve(&mut self, placeholder: HeapValue) -> ObjectId {
        let id = self.heap.insert(placeholder);
        self.ids.push(id.0);
        id
    }
    /// Allocates a wire id that is registered later (error objects).
    pub(super) fn reserve_id_only(&mut self) -> usize {
        self.ids.push(RESERVED);
        self.ids.len() - 1
    }

    /// The common primitives (Smis, doubles, short one-byte strings, booleans,
    /// null, undefined) read inline, without nesting bookkeeping; `None` for
    /// anything else (nothing consumed). Applies the same depth limit.
    #[inline(always)]
    pub(super) fn primitive(&mut self) -> Option<Value> {
        if self.depth >= self.max_depth {
            return None;
        }
        let rest = &self.r.data()[self.r.position()..];
        let (v, n) = match *rest {
            [tag::INT32, z, ..] if z < 0x80 => {
                (Value::Int32(((z >> 1) as i32) ^ -((z & 1) as i32)), 2)
            }
            [tag::DOUBLE, ..] if rest.len() >= 9 => {
                let d = f64::from_le_bytes(rest[1..9].try_into().unwrap_or_default());
                (Value::Double(if d.is_nan() { f64::NAN } else { d }), 9)
            }
            [tag::ONE_BYTE_STRING, len, ..] if len < 0x80 && rest.len() >= 2 + len as usize => (
                Value::String(JsString::one_byte_prefix(&rest[2..], len as usize)),
                2 + len as usize,
            ),
            [tag::TRUE, ..] => (Value::Bool(true), 1),
            [tag::FALSE, ..] => (Value::Bool(false), 1),
            [tag::NULL, ..] => (Value::Null, 1),
            [tag::UNDEFINED, ..] => (Value::Undefined, 1),
            _ => return None,
        };
        self.r.skip(n);
        Some(v)
    }

    /// `read_value_inner` with [`Self::primitive`] tried first.
    #[inline(always)]
    pub(super) fn read_value_fast(&mut self) -> Result<Value> {
        match self.primitive() {
            Some(v) => Ok(v),
            None => self.read_value_inner(),
        }
    }

    pub(super) fn read_value_inner(&mut self) -> Result<Value> {
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
        // A buffer may be followed by a view of it (checked tag-first: cheap).
        let result = match result {
            Ok(Value::Object(id))
                if self.r.peek_tag() == Some(tag::ARRAY_BUFFER_VIEW)
                    && is_buffer(&self.heap[id]) =>
            {
                self.r.consume_tag();
                self.read_view(id).map(Value::Object)
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
                let id = self.reserve(HeapValue::StringObject(JsString::default()));
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
}

pub(super) fn is_buffer(v: &HeapValue) -> bool {
    matches!(
        v,
        HeapValue::ArrayBuffer(_)
            | HeapValue::SharedArrayBuffer { .. }
            | HeapValue::TransferredArrayBuffer { .. }
    )
}

pub(super) fn relocate(e: Error, at: usize) -> Error {
    if e.offset().is_some() {
        e
    } else {
        Error::at(e.kind().clone(), at)
    }
}

/// `U` values become Smis when they fit (Node x64 has 32-bit Smis).
pub(super) fn uint32_value(u: u32) -> Value {
    if u <= i32::MAX as u32 {
        Value::Int32(u as i32)
    } else {
        Value::Double(u as f64)
    }
}

/// ECMAScript TimeClip, applied by `JSDate::New`.
pub(super) fn time_clip(t: f64) -> f64 {
    if !t.is_finite() || t.abs() > 8.64e15 {
        f64::NAN
    } else {
        t.trunc() + 0.0 // +0.0 turns -0 into +0
    }
}
