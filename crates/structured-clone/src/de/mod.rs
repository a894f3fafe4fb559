//! The reader: Node's `v8.Deserializer`, checking everything V8 checks.
//!
//! This module holds the public API and the value dispatch; each family of
//! values is read in its own submodule.

/// Stores `$value` over the placeholder in heap slot `$id`, forgetting the
/// placeholder (which owns nothing). A macro, so that the value is built right
/// in the slot: handed to a function it is built on the stack first and then
/// copied with wider loads than its stores, a store-forwarding stall per object.
macro_rules! fill {
    ($heap:expr, $id:expr, $value:expr $(,)?) => {
        if let Some(slot) = $heap.slot_mut($id) {
            let slot: *mut $crate::value::HeapValue = slot;
            let value: $crate::value::HeapValue = $value;
            // SAFETY: `slot` comes from a live `&mut` into the heap, and the
            // placeholder it holds owns nothing, so skipping its drop leaks
            // nothing.
            unsafe { slot.write(value) }
        }
    };
}

mod buffers;
mod collections;
mod dispatch;
mod objects;
pub(crate) mod regexp;
mod scalars;
mod shared;

use crate::error::{Error, ErrorKind, Result, TagByte};
use crate::reader::{tag, Reader};
use crate::value::{ArrayBuffer, Graph, Heap, ObjectId, Value, ViewKind};
use bytes::Bytes;

use dispatch::uint32_value;
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
    /// For a `SharedArrayBuffer` accepted by
    /// [`get_shared_array_buffer_from_id`](Self::get_shared_array_buffer_from_id):
    /// its byte length if its backing store is WebAssembly memory, else `None`
    /// (the default). V8 reads a suffix after `u id` exactly when the buffer is
    /// wasm memory: `f` and a byte length (at most the one returned here), or
    /// `r` and the `WebAssembly.Memory` it belongs to.
    fn shared_array_buffer_wasm_memory_length(&mut self, id: u32) -> Option<u64> {
        let _ = id;
        None
    }
    /// Accepts (or rejects) a `WebAssembly.Module` transfer id from the stream
    /// (`w`, V8's `GetWasmModuleFromId`).
    fn get_wasm_module_from_id(&mut self, transfer_id: u32) -> Result<()> {
        Err(Error::new(ErrorKind::Delegate(format!(
            "WebAssembly.Module transfer id {transfer_id} ('w') needs a DeserializerDelegate"
        ))))
    }
    /// Accepts (or rejects) a shared object's conveyor index from the stream
    /// (`p`, V8's `GetSharedValueConveyor`).
    fn get_shared_object_from_index(&mut self, index: u32) -> Result<()> {
        Err(Error::new(ErrorKind::Delegate(format!(
            "shared object {index} ('p') needs a DeserializerDelegate"
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
    /// Wire id -> arena index (`RESERVED` until the object is registered),
    /// only once `mapped`: until then wire id `i` is arena index `i`, as V8
    /// numbers objects in the order they are first met, which is the order
    /// they are inserted (an Error's late registration or a repeated transfer
    /// ends that, and the table takes over).
    ids: Vec<u32>,
    mapped: bool,
    depth: usize,
    max_depth: usize,
    /// Elements the dense arrays being read still expect after the one being
    /// read now: input they need beyond what a nested array may claim.
    open_room: u64,
    delegate: D,
    transfers: Vec<(u32, ArrayBuffer, Option<ObjectId>)>,
    keep_transfer_placeholders: bool,
    v13_broken_mode: bool,
    /// Whether RegExp patterns are syntax-checked (see `set_check_regexp_patterns`).
    check_regexp_patterns: bool,
    /// Pattern-check work left (see `regexp::WORK_PER_DESERIALIZER`).
    regexp_budget: u64,
    /// The input as shared bytes, when given so: buffers become slices of it.
    shared_input: Option<Bytes>,
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
        // Made with its room in one step: a `reserve` call would return the
        // vector through the stack (a store-forwarding stall per message).
        let heap = Heap::with_capacity(hint);
        Deserializer {
            r: Reader::new(data),
            version: 0,
            heap,
            ids: Vec::new(),
            mapped: false,
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            open_room: 0,
            delegate,
            transfers: Vec::new(),
            keep_transfer_placeholders: false,
            v13_broken_mode: false,
            check_regexp_patterns: true,
            regexp_budget: regexp::WORK_PER_DESERIALIZER,
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

    /// Whether a RegExp's pattern must be valid JavaScript regular-expression
    /// syntax under its flags, as V8 requires (default `true`): an invalid one
    /// fails with [`ErrorKind::InvalidRegExp`]. The check never rejects a
    /// pattern V8 accepts; it is skipped for patterns over 16 Ki code units and
    /// a few others that would be costly to parse, and once one deserializer
    /// has spent about a tenth of a second on checks (so that a blob of costly
    /// patterns cannot stall the reader). Turn it off to read such RegExps
    /// anyway, or to save the parse.
    pub fn set_check_regexp_patterns(&mut self, check: bool) {
        self.check_regexp_patterns = check;
    }

    /// Decodes `t id` without a registered buffer as
    /// [`HeapValue::TransferredArrayBuffer`](crate::HeapValue::TransferredArrayBuffer) instead of failing (useful for inspection).
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
    ///
    /// Version-13 data that fails to read is read a second time with view
    /// flags, as V8 does for the data some version-13 writers produced
    /// (crbug.com/1284506). The second try numbers objects from where the
    /// first began, as the writer numbered them. V8 does not reset its ids
    /// for that try, so there its back-references may name objects of the
    /// failed first try instead: on such damaged data the two can differ.
    pub fn read_value(&mut self) -> Result<Value> {
        // No array is open between values (a failed read may have left some).
        self.open_room = 0;
        if self.version != 13 || self.v13_broken_mode {
            // No retry possible: the value goes straight to the caller.
            return self.read_value_inner();
        }
        self.read_value_v13()
    }

    /// [`Self::read_value`] for version-13 data, which may need a second try.
    #[cold]
    fn read_value_v13(&mut self) -> Result<Value> {
        let (pos, heap_len, ids_len) = (self.r.position(), self.heap.len(), self.ids.len());
        let mapped = self.mapped;
        match self.read_value_inner() {
            Ok(v) => Ok(v),
            // V8 retries broken version-13 data reading view flags (crbug.com/1284506).
            Err(e) if !matches!(e.kind(), ErrorKind::DepthLimit(_)) => {
                self.r.set_position(pos);
                self.heap.truncate(heap_len);
                // Transferred buffers first met in the failed try are met
                // again: their objects went with the truncated heap.
                for t in &mut self.transfers {
                    t.2 = t.2.filter(|id| id.index() < heap_len);
                }
                self.ids.truncate(ids_len);
                self.mapped = mapped;
                self.depth = 0;
                self.open_room = 0;
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
}
