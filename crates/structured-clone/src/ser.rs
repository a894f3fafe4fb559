//! The writer: Node's `v8.Serializer`, byte-identical to V8 for the same value.

use crate::de::{
    DEFAULT_MAX_DEPTH, LATEST_VERSION, STACK_CHECK_EVERY, STACK_RED_ZONE, STACK_SEGMENT,
};
use crate::error::{Error, ErrorKind, Result};
use crate::keys::{self, MAX_INDEX};
use crate::reader::tag;
use crate::string::{JsStr, JsString, INLINE};
use crate::value::{BigInt, ErrorPrototype, Heap, HeapValue, Key, ObjectId, Value, View, ViewKind};

/// The version written by default: 15, which every released Node reads.
pub const DEFAULT_WRITE_VERSION: u32 = 15;

/// What a host-object delegate is asked to write.
#[derive(Debug, Clone, Copy)]
pub enum HostObjectRef<'h> {
    /// A typed array or DataView (only when views are treated as host objects).
    View {
        /// Its kind.
        kind: ViewKind,
        /// The bytes it covers.
        bytes: &'h [u8],
    },
    /// An opaque host object ([`HeapValue::Host`]).
    Opaque(&'h [u8]),
}

/// Hooks for what the wire format leaves to the embedder (Node's `_writeHostObject`,
/// `_getSharedArrayBufferId`, `_getDataCloneError`).
pub trait SerializerDelegate {
    /// Writes a host object's payload after the `\` tag. The default writes opaque
    /// bytes verbatim and refuses views.
    fn write_host_object(&mut self, out: &mut Vec<u8>, obj: HostObjectRef<'_>) -> Result<()> {
        match obj {
            HostObjectRef::Opaque(b) => {
                out.extend_from_slice(b);
                Ok(())
            }
            HostObjectRef::View { kind, .. } => {
                Err(self
                    .data_clone_error(&format!("Unserializable host object: {}", kind.js_name())))
            }
        }
    }
    /// The id to write for a `SharedArrayBuffer` (default: the id it already has).
    fn get_shared_array_buffer_id(&mut self, id: u32) -> Result<u32> {
        Ok(id)
    }
    /// The transfer id to write for a `WebAssembly.Module` (V8's
    /// `GetWasmModuleTransferId`; default: the id it already has).
    fn get_wasm_module_transfer_id(&mut self, transfer_id: u32) -> Result<u32> {
        Ok(transfer_id)
    }
    /// The conveyor index to write for a shared object (what V8's
    /// `SharedValueConveyor::Persist` returns; default: the index it already has).
    fn get_shared_object_index(&mut self, index: u32) -> Result<u32> {
        Ok(index)
    }
    /// Builds the error for a value that cannot be cloned (Node's `_getDataCloneError`).
    fn data_clone_error(&mut self, message: &str) -> Error {
        Error::new(ErrorKind::DataClone(message.to_string()))
    }
}

/// A delegate that keeps every default.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDelegate;
impl SerializerDelegate for NoDelegate {}

const UNSEEN: u32 = u32::MAX;

/// V8's `WasmMemoryArrayBufferTag`s, written after `u id` when the buffer is
/// WebAssembly memory: `f` then the byte length, or `r` then the memory.
pub(crate) const WASM_BUFFER_FIXED_LENGTH: u8 = b'f';
/// See [`WASM_BUFFER_FIXED_LENGTH`].
pub(crate) const WASM_BUFFER_RESIZABLE: u8 = b'r';

/// Writes V8 wire-format values (Node's `v8.Serializer`).
///
/// ```
/// use structured_clone::{Heap, HeapValue, Serializer, Value};
/// let mut heap = Heap::new();
/// let o = heap.insert(HeapValue::Object(vec![("self".into(), Value::Null)]));
/// if let HeapValue::Object(props) = &mut heap[o] { props[0].1 = Value::Object(o) }
/// let mut ser = Serializer::new();
/// ser.write_header();
/// ser.write_value(&heap, &Value::Object(o))?;
/// assert_eq!(ser.release(), b"\xff\x0fo\x22\x04self^\x00{\x01");
/// # Ok::<(), structured_clone::Error>(())
/// ```
pub struct Serializer<D = NoDelegate> {
    buf: Vec<u8>,
    delegate: D,
    version: u32,
    views_as_host_objects: bool,
    /// Arena index -> wire id.
    ids: Vec<u32>,
    next_id: u32,
    transfers: Vec<(ObjectId, u32)>,
    depth: usize,
    max_depth: usize,
}

// The id table is reused by the serializers of one thread, so encoding many
// small messages does not allocate it every time (kept only when not big).
thread_local! {
    static POOLED_IDS: std::cell::Cell<Vec<u32>> = const { std::cell::Cell::new(Vec::new()) };
}

impl<D> Drop for Serializer<D> {
    fn drop(&mut self) {
        let mut ids = std::mem::take(&mut self.ids);
        if ids.capacity() <= 1 << 16 {
            ids.clear();
            let _ = POOLED_IDS.try_with(|c| c.set(ids));
        }
    }
}

/// Output reserved per object on first sight (a typical object takes 50 to 60
/// bytes on the wire), up to this many objects at a time.
const HINT_BYTES_PER_OBJECT: usize = 64;
const HINT_MAX_OBJECTS: usize = 1 << 20;

impl Default for Serializer<NoDelegate> {
    fn default() -> Self {
        Serializer::new()
    }
}

impl Serializer<NoDelegate> {
    /// A serializer without a delegate, writing version 15.
    pub fn new() -> Self {
        Serializer::with_delegate(NoDelegate)
    }
}

impl<D: SerializerDelegate> Serializer<D> {
    /// A serializer with host-object hooks.
    pub fn with_delegate(delegate: D) -> Self {
        Serializer {
            buf: Vec::with_capacity(256),
            delegate,
            version: DEFAULT_WRITE_VERSION,
            views_as_host_objects: false,
            ids: POOLED_IDS
                .try_with(std::cell::Cell::take)
                .unwrap_or_default(),
            next_id: 0,
            transfers: Vec::new(),
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
        }
    }

    /// Chooses the version to write (13 to 16). Version 13 omits view flags;
    /// version 16 is read only by V8 >= 14.9 (not by Node 20-26).
    pub fn set_write_version(&mut self, version: u32) -> Result<()> {
        if !(13..=LATEST_VERSION).contains(&version) {
            return Err(Error::new(ErrorKind::UnsupportedVersion(version)));
        }
        self.version = version;
        Ok(())
    }

    /// Node's `_setTreatArrayBufferViewsAsHostObjects(flag)`.
    pub fn set_treat_array_buffer_views_as_host_objects(&mut self, flag: bool) {
        self.views_as_host_objects = flag;
    }

    /// Sets the nesting limit.
    pub fn set_max_depth(&mut self, depth: usize) {
        self.max_depth = depth;
    }

    /// Reserves output capacity.
    pub fn reserve(&mut self, additional: usize) {
        self.buf.reserve(additional);
    }

    /// Node's `writeHeader()`.
    pub fn write_header(&mut self) {
        self.buf.push(tag::VERSION);
        write_varint(&mut self.buf, self.version as u64);
    }

    /// Node's `writeUint32(n)` (a varint).
    pub fn write_uint32(&mut self, n: u32) {
        write_varint(&mut self.buf, n as u64);
    }
    /// Node's `writeUint64(hi, lo)` as one u64 (a varint).
    pub fn write_uint64(&mut self, n: u64) {
        write_varint(&mut self.buf, n);
    }
    /// Node's `writeDouble(d)` (8 bytes, little-endian).
    pub fn write_double(&mut self, d: f64) {
        self.buf.extend_from_slice(&d.to_le_bytes());
    }
    /// Node's `writeRawBytes(bytes)`.
    pub fn write_raw_bytes(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Node's `transferArrayBuffer(id, arrayBuffer)`: `buffer` is written as `t id`.
    pub fn transfer_array_buffer(&mut self, id: u32, buffer: ObjectId) {
        self.transfers.retain(|t| t.0 != buffer);
        self.transfers.push((buffer, id));
    }

    /// Node's `releaseBuffer()`: the bytes written so far.
    pub fn release(mut self) -> Vec<u8> {
        let mut buf = std::mem::take(&mut self.buf);
        if buf.capacity() > 2 * buf.len() + 4096 {
            buf.shrink_to_fit();
        }
        buf
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    /// The delegate.
    pub fn delegate_mut(&mut self) -> &mut D {
        &mut self.delegate
    }

    /// Node's `writeValue(value)`; references point into `heap`. Object ids persist
    /// across calls, so later calls must use the same heap.
    pub fn write_value(&mut self, heap: &Heap, value: &Value) -> Result<()> {
        if self.ids.len() < heap.len() {
            // Room for the objects not met before, at about what one takes on
            // the wire: a big graph is then written without regrowing (and
            // copying) the output a dozen times. `release` gives back what a
            // value reaching few of them leaves unused.
            let new = (heap.len() - self.ids.len()).min(HINT_MAX_OBJECTS);
            self.buf.reserve(new * HINT_BYTES_PER_OBJECT);
            self.ids.resize(heap.len(), UNSEEN);
        }
        self.depth = 0;
        self.write(heap, value)
    }

    #[inline(always)] // one copy per call site: each site predicts its own value kinds
    fn write(&mut self, heap: &Heap, value: &Value) -> Result<()> {
        match value {
            Value::Undefined => self.buf.push(tag::UNDEFINED),
            Value::Null => self.buf.push(tag::NULL),
            Value::Bool(true) => self.buf.push(tag::TRUE),
            Value::Bool(false) => self.buf.push(tag::FALSE),
            Value::Int32(i) => write_smi(&mut self.buf, *i),
            Value::Double(d) => {
                let mut b = [tag::DOUBLE; 9];
                b[1..].copy_from_slice(&d.to_le_bytes());
                self.buf.extend_from_slice(&b);
            }
            Value::BigInt(b) => {
                self.buf.push(tag::BIGINT);
                write_bigint(&mut self.buf, b);
            }
            Value::String(s) => write_string(&mut self.buf, s),
            Value::Object(id) => self.write_receiver(heap, *id)?,
        }
        Ok(())
    }

    fn lookup(&self, id: ObjectId) -> u32 {
        self.ids.get(id.index()).copied().unwrap_or(UNSEEN)
    }

    fn assign(&mut self, id: ObjectId) {
        self.ids[id.index()] = self.next_id;
        self.next_id += 1;
    }

    fn write_receiver(&mut self, heap: &Heap, id: ObjectId) -> Result<()> {
        let obj = heap.get(id).ok_or_else(|| {
            self.delegate
                .data_clone_error(&format!("object id {} is not in the heap", id.0))
        })?;
        let seen = self.lookup(id);
        if seen != UNSEEN {
            self.buf.push(tag::OBJECT_REFERENCE);
            write_varint(&mut self.buf, seen as u64);
            return Ok(());
        }
        if self.depth >= self.max_depth {
            return Err(Error::new(ErrorKind::DepthLimit(self.max_depth)));
        }
        self.depth += 1;
        let r = if self.depth % STACK_CHECK_EVERY == 0 {
            stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
                self.write_new_receiver(heap, id, obj)
            })
        } else {
            self.write_new_receiver(heap, id, obj)
        };
        self.depth -= 1;
        r
    }

    fn write_new_receiver(&mut self, heap: &Heap, id: ObjectId, obj: &HeapValue) -> Result<()> {
        if let HeapValue::View(view) = obj {
            if !self.views_as_host_objects {
                // The buffer is written (and numbered) before the view.
                self.write_receiver(heap, view.buffer)?;
                self.assign(id);
                return self.write_view(view);
            }
        }
        if let HeapValue::SharedObject { index } = obj {
            // No id: V8's reader allocates none for `p` (see `write_shared_object`).
            return self.write_shared_object(*index);
        }
        self.assign(id);
        match obj {
            HeapValue::Object(props) => {
                self.buf.push(tag::BEGIN_JS_OBJECT);
                let n = self.write_properties(heap, props)?;
                self.buf.push(tag::END_JS_OBJECT);
                write_varint(&mut self.buf, n as u64);
            }
            HeapValue::DenseArray {
                elements,
                properties,
            } => {
                self.buf.push(tag::BEGIN_DENSE_JS_ARRAY);
                write_varint(&mut self.buf, elements.len() as u64);
                for e in elements {
                    match e {
                        Some(v) => self.write(heap, v)?,
                        None => self.buf.push(tag::THE_HOLE),
                    }
                }
                let n = self.write_properties(heap, properties)?;
                self.buf.push(tag::END_DENSE_JS_ARRAY);
                write_varint(&mut self.buf, n as u64);
                write_varint(&mut self.buf, elements.len() as u64);
            }
            HeapValue::SparseArray { length, properties } => {
                self.buf.push(tag::BEGIN_SPARSE_JS_ARRAY);
                write_varint(&mut self.buf, *length as u64);
                let n = self.write_properties(heap, properties)?;
                self.buf.push(tag::END_SPARSE_JS_ARRAY);
                write_varint(&mut self.buf, n as u64);
                write_varint(&mut self.buf, *length as u64);
            }
            HeapValue::Date(t) => {
                self.buf.push(tag::DATE);
                self.buf.extend_from_slice(&t.to_le_bytes());
            }
            HeapValue::RegExp { pattern, flags } => {
                self.buf.push(tag::REGEXP);
                write_string(&mut self.buf, pattern);
                write_varint(&mut self.buf, *flags as u64);
            }
            HeapValue::BooleanObject(b) => self.buf.push(if *b {
                tag::TRUE_OBJECT
            } else {
                tag::FALSE_OBJECT
            }),
            HeapValue::NumberObject(n) => {
                self.buf.push(tag::NUMBER_OBJECT);
                self.buf.extend_from_slice(&n.to_le_bytes());
            }
            HeapValue::BigIntObject(b) => {
                self.buf.push(tag::BIGINT_OBJECT);
                write_bigint(&mut self.buf, b);
            }
            HeapValue::StringObject(s) => {
                self.buf.push(tag::STRING_OBJECT);
                write_string(&mut self.buf, s);
            }
            HeapValue::Map(entries) => {
                self.buf.push(tag::BEGIN_JS_MAP);
                for (k, v) in entries {
                    self.write(heap, k)?;
                    self.write(heap, v)?;
                }
                self.buf.push(tag::END_JS_MAP);
                write_varint(&mut self.buf, 2 * entries.len() as u64);
            }
            HeapValue::Set(values) => {
                self.buf.push(tag::BEGIN_JS_SET);
                for v in values {
                    self.write(heap, v)?;
                }
                self.buf.push(tag::END_JS_SET);
                write_varint(&mut self.buf, values.len() as u64);
            }
            HeapValue::ArrayBuffer(ab) => {
                if let Some(&(_, t)) = self.transfers.iter().find(|t| t.0 == id) {
                    self.buf.push(tag::ARRAY_BUFFER_TRANSFER);
                    write_varint(&mut self.buf, t as u64);
                    return Ok(());
                }
                let len = ab.data.len() as u64;
                if self.version < 16 && len > u32::MAX as u64 {
                    return Err(self
                        .delegate
                        .data_clone_error("ArrayBuffer is too large for wire version 15"));
                }
                match ab.max_byte_length {
                    Some(max) => {
                        self.buf.push(tag::RESIZABLE_ARRAY_BUFFER);
                        write_varint(&mut self.buf, len);
                        write_varint(&mut self.buf, max);
                    }
                    None => {
                        self.buf.push(if ab.immutable {
                            tag::IMMUTABLE_ARRAY_BUFFER
                        } else {
                            tag::ARRAY_BUFFER
                        });
                        write_varint(&mut self.buf, len);
                    }
                }
                self.buf.extend_from_slice(&ab.data);
            }
            HeapValue::SharedArrayBuffer { id: sab } => self.write_shared_array_buffer(*sab)?,
            HeapValue::WasmSharedArrayBuffer {
                id: sab,
                byte_length,
            } => {
                self.write_shared_array_buffer(*sab)?;
                self.buf.push(WASM_BUFFER_FIXED_LENGTH);
                write_varint(&mut self.buf, *byte_length);
            }
            HeapValue::WasmGrowableSharedArrayBuffer { id: sab, memory } => {
                if !matches!(heap.get(*memory), Some(HeapValue::WasmMemory { .. })) {
                    return Err(self.delegate.data_clone_error(
                        "a growable wasm SharedArrayBuffer must name a WebAssembly.Memory",
                    ));
                }
                self.write_shared_array_buffer(*sab)?;
                self.buf.push(WASM_BUFFER_RESIZABLE);
                self.write_receiver(heap, *memory)?;
            }
            HeapValue::WasmModule { transfer_id } => {
                let wire = self.delegate.get_wasm_module_transfer_id(*transfer_id)?;
                self.buf.push(tag::WASM_MODULE_TRANSFER);
                write_varint(&mut self.buf, wire as u64);
            }
            HeapValue::WasmMemory {
                maximum_pages,
                memory64,
                buffer,
            } => self.write_wasm_memory(heap, *maximum_pages, *memory64, *buffer)?,
            // Written above, without an id.
            HeapValue::SharedObject { .. } => {}
            HeapValue::TransferredArrayBuffer { id: t } => {
                self.buf.push(tag::ARRAY_BUFFER_TRANSFER);
                write_varint(&mut self.buf, *t as u64);
            }
            HeapValue::View(view) => {
                // Views as host objects (DefaultSerializer): only the covered bytes go out.
                let bytes = view_bytes(heap, view).ok_or_else(|| {
                    self.delegate
                        .data_clone_error("a host view needs an ArrayBuffer with contents")
                })?;
                self.buf.push(tag::HOST_OBJECT);
                self.delegate.write_host_object(
                    &mut self.buf,
                    HostObjectRef::View {
                        kind: view.kind,
                        bytes,
                    },
                )?;
            }
            HeapValue::Error(e) => {
                self.buf.push(tag::ERROR);
                let proto = match e.prototype {
                    ErrorPrototype::Error => None,
                    ErrorPrototype::EvalError => Some(tag::error::EVAL),
                    ErrorPrototype::RangeError => Some(tag::error::RANGE),
                    ErrorPrototype::ReferenceError => Some(tag::error::REFERENCE),
                    ErrorPrototype::SyntaxError => Some(tag::error::SYNTAX),
                    ErrorPrototype::TypeError => Some(tag::error::TYPE),
                    ErrorPrototype::UriError => Some(tag::error::URI),
                };
                if let Some(p) = proto {
                    self.buf.push(p);
                }
                if let Some(m) = &e.message {
                    self.buf.push(tag::error::MESSAGE);
                    write_string(&mut self.buf, m);
                }
                if let Some(s) = &e.stack {
                    self.buf.push(tag::error::STACK);
                    write_string(&mut self.buf, s);
                }
                if let Some(c) = &e.cause {
                    self.buf.push(tag::error::CAUSE);
                    self.write(heap, c)?;
                }
                self.buf.push(tag::error::END);
            }
            HeapValue::Host(bytes) => {
                self.buf.push(tag::HOST_OBJECT);
                self.delegate
                    .write_host_object(&mut self.buf, HostObjectRef::Opaque(bytes))?;
            }
        }
        Ok(())
    }

    /// `u id`: the id comes from the delegate (V8's `GetSharedArrayBufferId`).
    fn write_shared_array_buffer(&mut self, sab: u32) -> Result<()> {
        let wire = self.delegate.get_shared_array_buffer_id(sab)?;
        self.buf.push(tag::SHARED_ARRAY_BUFFER);
        write_varint(&mut self.buf, wire as u64);
        Ok(())
    }

    /// `m`, the maximum (zigzag), the memory64 byte, then the buffer as any
    /// object (its id follows the memory's, or it is a back-reference), as
    /// V8's `WriteWasmMemory` does. Limits V8's reader would refuse are refused.
    fn write_wasm_memory(
        &mut self,
        heap: &Heap,
        maximum_pages: i32,
        memory64: bool,
        buffer: ObjectId,
    ) -> Result<()> {
        if !is_shared_buffer(heap.get(buffer)) {
            return Err(self
                .delegate
                .data_clone_error("a WebAssembly.Memory must have a SharedArrayBuffer"));
        }
        if !wasm_maximum_pages_valid(maximum_pages, memory64) {
            return Err(self.delegate.data_clone_error(&format!(
                "WebAssembly.Memory maximum of {maximum_pages} pages is out of range"
            )));
        }
        self.buf.push(tag::WASM_MEMORY_TRANSFER);
        write_varint(&mut self.buf, zigzag(maximum_pages) as u64);
        self.buf.push(memory64 as u8);
        self.write_receiver(heap, buffer)
    }

    /// `p index`, with no object id. V8's `WriteSharedObject` runs after
    /// `WriteJSReceiver` allocated an id, but `ReadSharedObject` allocates
    /// none, so V8's own output misnumbers every later back-reference. This
    /// writer numbers objects as the reader does instead: the bytes equal V8's
    /// unless a back-reference follows a `p` (where V8's bytes do not read back
    /// as what was written), and a repeated shared object is written as `p`
    /// again rather than as `^`.
    fn write_shared_object(&mut self, index: u32) -> Result<()> {
        if self.version < 15 {
            return Err(self
                .delegate
                .data_clone_error("shared objects need wire format version 15 or later"));
        }
        let wire = self.delegate.get_shared_object_index(index)?;
        self.buf.push(tag::SHARED_OBJECT);
        write_varint(&mut self.buf, wire as u64);
        Ok(())
    }

    fn write_view(&mut self, view: &View) -> Result<()> {
        self.buf.push(tag::ARRAY_BUFFER_VIEW);
        self.buf.push(view.kind.wire_tag());
        write_varint(&mut self.buf, view.byte_offset);
        write_varint(&mut self.buf, view.byte_length);
        if self.version >= 14 {
            let flags = view.length_tracking as u64 | (view.backed_by_rab as u64) << 1;
            write_varint(&mut self.buf, flags);
        }
        Ok(())
    }

    /// Writes properties the way V8 enumerates them: array indices ascending as
    /// numbers (`I`, or `N` above the Smi range), then the other keys as strings
    /// in insertion order. Returns the count.
    fn write_properties(&mut self, heap: &Heap, props: &[(Key, Value)]) -> Result<usize> {
        if !props.iter().any(|(k, _)| index_of(k).is_some()) {
            // The common case: no index keys, so insertion order is wire order.
            for (k, v) in props {
                self.write_key(k);
                self.write(heap, v)?;
            }
            return Ok(props.len());
        }
        let mut indices: Vec<(u32, usize)> = props
            .iter()
            .enumerate()
            .filter_map(|(i, (k, _))| index_of(k).map(|ix| (ix, i)))
            .collect();
        indices.sort_by_key(|p| p.0);
        for &(ix, i) in &indices {
            write_index_key(&mut self.buf, ix);
            self.write(heap, &props[i].1)?;
        }
        for (k, v) in props {
            if index_of(k).is_none() {
                self.write_key(k);
                self.write(heap, v)?;
            }
        }
        Ok(props.len())
    }

    /// A key that is not an array index, written as the string it denotes.
    #[inline(always)]
    fn write_key(&mut self, k: &Key) {
        match k {
            Key::String(s) => write_string(&mut self.buf, s),
            Key::Int32(i) => {
                write_string(&mut self.buf, &JsString::one_byte(i.to_string().as_bytes()))
            }
            Key::Double(d) => write_string(
                &mut self.buf,
                &JsString::from(keys::number_to_string(*d).as_str()),
            ),
        }
    }
}

/// Whether `v` is a `SharedArrayBuffer` of any kind (what a `WebAssembly.Memory` wraps).
pub(crate) fn is_shared_buffer(v: Option<&HeapValue>) -> bool {
    matches!(
        v,
        Some(
            HeapValue::SharedArrayBuffer { .. }
                | HeapValue::WasmSharedArrayBuffer { .. }
                | HeapValue::WasmGrowableSharedArrayBuffer { .. }
        )
    )
}

/// V8's `ReadWasmMemory` check: no maximum (-1), or at most the spec's page
/// limit (65536 pages for 32-bit memories, 262144 for 64-bit ones).
pub(crate) fn wasm_maximum_pages_valid(maximum_pages: i32, memory64: bool) -> bool {
    let limit = if memory64 { 262_144 } else { 65_536 };
    maximum_pages == -1 || (0..=limit).contains(&maximum_pages)
}

/// The array index a key denotes, if any.
#[inline(always)]
fn index_of(k: &Key) -> Option<u32> {
    match k {
        Key::Int32(i) if *i >= 0 => Some(*i as u32),
        Key::Int32(_) => None,
        Key::Double(d) => keys::double_index(*d),
        Key::String(s) => s.as_array_index(),
    }
}

fn write_index_key(buf: &mut Vec<u8>, ix: u32) {
    debug_assert!(ix <= MAX_INDEX);
    if ix <= i32::MAX as u32 {
        buf.push(tag::INT32);
        write_varint(buf, zigzag(ix as i32) as u64);
    } else {
        buf.push(tag::DOUBLE);
        buf.extend_from_slice(&(ix as f64).to_le_bytes());
    }
}

/// The bytes a view covers, when its buffer has contents.
pub(crate) fn view_bytes<'h>(heap: &'h Heap, view: &View) -> Option<&'h [u8]> {
    let HeapValue::ArrayBuffer(ab) = heap.get(view.buffer)? else {
        return None;
    };
    let start = usize::try_from(view.byte_offset).ok()?;
    let len = if view.length_tracking {
        // A length-tracking view covers whole elements up to the buffer's end.
        let size = view.kind.element_size() as usize;
        ab.data.len().checked_sub(start)? / size * size
    } else {
        usize::try_from(view.byte_length).ok()?
    };
    ab.data.get(start..start.checked_add(len)?)
}

/// `I` and the zigzag varint, in one copy for values below 2^13 in magnitude.
#[inline(always)]
pub(crate) fn write_smi(buf: &mut Vec<u8>, i: i32) {
    let z = zigzag(i);
    if z < 0x80 {
        buf.extend_from_slice(&[tag::INT32, z as u8]);
    } else if z < 0x4000 {
        buf.extend_from_slice(&[tag::INT32, z as u8 | 0x80, (z >> 7) as u8]);
    } else {
        buf.push(tag::INT32);
        write_varint_long(buf, z as u64);
    }
}

#[inline]
pub(crate) fn zigzag(i: i32) -> u32 {
    ((i << 1) ^ (i >> 31)) as u32
}

/// Unsigned LEB128 (one and two bytes inline, the rest out of line).
#[inline(always)]
pub(crate) fn write_varint(buf: &mut Vec<u8>, v: u64) {
    if v < 0x80 {
        buf.push(v as u8);
    } else if v < 0x4000 {
        buf.extend_from_slice(&[v as u8 | 0x80, (v >> 7) as u8]);
    } else {
        write_varint_long(buf, v);
    }
}

#[inline(never)]
fn write_varint_long(buf: &mut Vec<u8>, mut v: u64) {
    buf.reserve(10);
    let at = buf.len();
    let spare = &mut buf.spare_capacity_mut()[..10];
    let mut n = 0;
    while v >= 0x80 {
        spare[n].write((v as u8) | 0x80);
        v >>= 7;
        n += 1;
    }
    spare[n].write(v as u8);
    // SAFETY: the `n + 1 <= 10` bytes after `at` were just initialised.
    unsafe { buf.set_len(at + n + 1) };
}

fn varint_len(v: u64) -> usize {
    (64 - (v | 1).leading_zeros() as usize).div_ceil(7)
}

/// `bitfield = sign | byteLength << 1`, then whole 8-byte digits.
pub(crate) fn write_bigint(buf: &mut Vec<u8>, b: &BigInt) {
    let bytes = b.digits().len() as u64 * 8;
    write_varint(buf, (bytes << 1) | b.is_negative() as u64);
    buf.reserve(bytes as usize);
    for d in b.digits() {
        buf.extend_from_slice(&d.to_le_bytes());
    }
}

/// One-byte as `"`, two-byte as `c` (with V8's alignment padding), UTF-8 by content.
#[inline(always)]
pub(crate) fn write_string(buf: &mut Vec<u8>, s: &JsString) {
    if let Some((inline, len)) = s.inline_buffer() {
        // Short one-byte text: tag, length and the fixed-size inline buffer in
        // straight-line stores; only `2 + len` bytes count.
        buf.reserve(2 + INLINE);
        let at = buf.len();
        let head = [tag::ONE_BYTE_STRING, len as u8];
        // SAFETY: `reserve` made room for `2 + INLINE` bytes after `at`; the
        // source arrays do not overlap the vector; `set_len` covers only the
        // `2 + len <= 2 + INLINE` bytes just written.
        unsafe {
            let dst = buf.as_mut_ptr().add(at);
            std::ptr::copy_nonoverlapping(head.as_ptr(), dst, 2);
            std::ptr::copy_nonoverlapping(inline.as_ptr(), dst.add(2), INLINE);
            buf.set_len(at + 2 + len);
        }
        return;
    }
    match s.repr() {
        JsStr::OneByte(b) => write_one_byte(buf, b),
        JsStr::TwoByte(u) => write_two_byte(buf, u),
        JsStr::Utf8(_) => write_utf8_by_content(buf, s),
    }
}

#[cold]
fn write_utf8_by_content(buf: &mut Vec<u8>, s: &JsString) {
    let s = JsString::from_utf16(s.code_units().into_owned());
    match s.repr() {
        JsStr::OneByte(b) => write_one_byte(buf, b),
        JsStr::TwoByte(u) => write_two_byte(buf, u),
        JsStr::Utf8(b) => write_one_byte(buf, b), // from_utf16 never builds UTF-8
    }
}

#[inline]
pub(crate) fn write_one_byte(buf: &mut Vec<u8>, b: &[u8]) {
    let n = b.len();
    if n <= 32 {
        // The common short string: tag, length and text in straight-line stores.
        buf.reserve(2 + n);
        let at = buf.len();
        // SAFETY: `reserve` made room for `2 + n` bytes after `at`; `copy_short`
        // writes exactly `n` bytes; `set_len` covers only what was written.
        unsafe {
            let dst = buf.as_mut_ptr().add(at);
            dst.write(tag::ONE_BYTE_STRING);
            dst.add(1).write(n as u8);
            copy_short(b, dst.add(2));
            buf.set_len(at + 2 + n);
        }
        return;
    }
    buf.reserve(n + 6);
    buf.push(tag::ONE_BYTE_STRING);
    write_varint(buf, n as u64);
    buf.extend_from_slice(b);
}

/// Copies `src` (at most 32 bytes) to `dst` with two overlapping fixed-size
/// moves instead of a `memcpy` call.
///
/// # Safety
/// `dst` must be valid for `src.len()` bytes and not overlap `src`.
#[inline(always)]
unsafe fn copy_short(src: &[u8], dst: *mut u8) {
    use std::ptr::{read_unaligned as rd, write_unaligned as wr};
    let (n, s) = (src.len(), src.as_ptr());
    debug_assert!(n <= 32);
    // SAFETY (all arms): every read is within `src` and every write within
    // `dst[..n]`; the pairs overlap in the middle when `n` is not a power of two.
    unsafe {
        if n >= 16 {
            wr(dst.cast::<u128>(), rd(s.cast::<u128>()));
            wr(
                dst.add(n - 16).cast::<u128>(),
                rd(s.add(n - 16).cast::<u128>()),
            );
        } else if n >= 8 {
            wr(dst.cast::<u64>(), rd(s.cast::<u64>()));
            wr(dst.add(n - 8).cast::<u64>(), rd(s.add(n - 8).cast::<u64>()));
        } else if n >= 4 {
            wr(dst.cast::<u32>(), rd(s.cast::<u32>()));
            wr(dst.add(n - 4).cast::<u32>(), rd(s.add(n - 4).cast::<u32>()));
        } else {
            for i in 0..n {
                dst.add(i).write(*s.add(i));
            }
        }
    }
}

pub(crate) fn write_two_byte(buf: &mut Vec<u8>, u: &[u16]) {
    let byte_len = u.len() as u64 * 2;
    buf.reserve(u.len() * 2 + 7);
    // The payload must start at an even offset from the start of the buffer.
    if (buf.len() + 1 + varint_len(byte_len)) % 2 == 1 {
        buf.push(tag::PADDING);
    }
    buf.push(tag::TWO_BYTE_STRING);
    write_varint(buf, byte_len);
    #[cfg(target_endian = "little")]
    {
        // SAFETY: a `[u16]` is `2 * len` initialised bytes; u8 has alignment 1.
        let bytes = unsafe { std::slice::from_raw_parts(u.as_ptr().cast::<u8>(), u.len() * 2) };
        buf.extend_from_slice(bytes);
    }
    #[cfg(not(target_endian = "little"))]
    for &c in u {
        buf.extend_from_slice(&c.to_le_bytes());
    }
}
