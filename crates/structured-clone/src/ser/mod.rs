//! The writer: Node's `v8.Serializer`, byte-identical to V8 for the same value.

use crate::de::{
    DEFAULT_MAX_DEPTH, LATEST_VERSION, STACK_CHECK_EVERY, STACK_RED_ZONE, STACK_SEGMENT,
};
use crate::error::{Error, ErrorKind, Result};
use crate::reader::tag;
use crate::value::{Heap, ObjectId, Value, ViewKind};

mod objects;
mod scalars;
mod shared;

pub(crate) use scalars::*;
pub(crate) use shared::{is_shared_buffer, view_bytes, wasm_maximum_pages_valid};

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
    /// An opaque host object ([`HeapValue::Host`](crate::HeapValue::Host)).
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

    /// Sets the nesting limit (default [`DEFAULT_MAX_DEPTH`]). Levels are
    /// counted as [`Deserializer`](crate::Deserializer) counts them, so what
    /// it reads under a limit is written under the same limit: every value,
    /// back-references and primitives included, is one level below its
    /// container, and a view and its buffer share one level.
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
        // The reader counts the root as a level too.
        if self.max_depth == 0 {
            return Err(self.depth_limit());
        }
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
        // Checked before back-references: the reader counts those as a level too.
        if self.depth >= self.max_depth {
            return Err(self.depth_limit());
        }
        let seen = self.lookup(id);
        if seen != UNSEEN {
            self.buf.push(tag::OBJECT_REFERENCE);
            write_varint(&mut self.buf, seen as u64);
            return Ok(());
        }
        self.depth += 1;
        // The reader counts every value a level below its container,
        // primitives too: a receiver at the limit may hold none. Checked here
        // once per receiver rather than once per value.
        if self.depth >= self.max_depth && objects::writes_values(obj) {
            self.depth -= 1;
            return Err(self.depth_limit());
        }
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

    /// Runs `f` one level up, for the part of a receiver that the reader
    /// reads at the receiver's own level (a view's buffer, a memory's buffer).
    /// Only called from `write_new_receiver`, so `depth` is at least 1.
    fn at_own_level(&mut self, f: impl FnOnce(&mut Self) -> Result<()>) -> Result<()> {
        self.depth -= 1;
        let r = f(self);
        self.depth += 1;
        r
    }

    #[cold]
    fn depth_limit(&self) -> Error {
        Error::new(ErrorKind::DepthLimit(self.max_depth))
    }
}
