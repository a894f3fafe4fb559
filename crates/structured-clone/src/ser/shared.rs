//! Values known by an embedder's id (SharedArrayBuffers, WebAssembly
//! modules and memories, shared objects) and views.

use super::{write_varint, zigzag, Serializer, SerializerDelegate};
use crate::error::Result;
use crate::reader::tag;
use crate::value::{Heap, HeapValue, ObjectId, View};

impl<D: SerializerDelegate> Serializer<D> {
    /// `u id`: the id comes from the delegate (V8's `GetSharedArrayBufferId`).
    pub(super) fn write_shared_array_buffer(&mut self, sab: u32) -> Result<()> {
        let wire = self.delegate.get_shared_array_buffer_id(sab)?;
        self.buf.push(tag::SHARED_ARRAY_BUFFER);
        write_varint(&mut self.buf, wire as u64);
        Ok(())
    }

    /// `m`, the maximum (zigzag), the memory64 byte, then the buffer as any
    /// object (its id follows the memory's, or it is a back-reference), as
    /// V8's `WriteWasmMemory` does. Limits V8's reader would refuse are refused.
    pub(super) fn write_wasm_memory(
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
    pub(super) fn write_shared_object(&mut self, index: u32) -> Result<()> {
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

    pub(super) fn write_view(&mut self, view: &View) -> Result<()> {
        self.buf.push(tag::ARRAY_BUFFER_VIEW);
        self.buf.push(view.kind.wire_tag());
        write_varint(&mut self.buf, view.byte_offset);
        // A length-tracking view has no length of its own: V8 holds 0 and
        // writes 0, whatever length the bytes it was read from gave.
        let tracking = view.length_tracking && self.version >= 14;
        write_varint(&mut self.buf, if tracking { 0 } else { view.byte_length });
        if self.version >= 14 {
            let flags = view.length_tracking as u64 | (view.backed_by_rab as u64) << 1;
            write_varint(&mut self.buf, flags);
        }
        Ok(())
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
