//! Values known only by an embedder's id: SharedArrayBuffers (with V8's
//! wasm-memory suffix), WebAssembly modules and memories, shared objects.
//!
//! Each is accepted or refused by the [`DeserializerDelegate`]; the default
//! refuses, as a plain `v8.Deserializer` does. Object ids are allocated exactly
//! where V8 15.2's `ValueDeserializer` allocates them (`value-serializer.cc`):
//! `u` before its suffix, `w` once its id is read, `m` before its buffer, `p`
//! never.

use super::dispatch::relocate;
use super::{Deserializer, DeserializerDelegate};
use crate::error::{Error, ErrorKind, Result, TagByte};
use crate::ser::{wasm_maximum_pages_valid, WASM_BUFFER_FIXED_LENGTH, WASM_BUFFER_RESIZABLE};
use crate::value::{HeapValue, ObjectId, Value};

impl<'a, D: DeserializerDelegate> Deserializer<'a, D> {
    /// `u id`, then `f len` or `r memory` when the delegate says the buffer is
    /// wasm memory (`ReadJSArrayBuffer` with `SharedFlag`). `at` is the tag's offset.
    pub(super) fn read_shared_array_buffer(&mut self, at: usize) -> Result<ObjectId> {
        let id = self.r.varint32("a shared array buffer id")?;
        self.delegate
            .get_shared_array_buffer_from_id(id)
            .map_err(|e| relocate(e, at))?;
        // Registered before the suffix: `r`'s memory may refer back to it.
        let sab = self.reserve(HeapValue::SharedArrayBuffer { id });
        let Some(wasm_length) = self.delegate.shared_array_buffer_wasm_memory_length(id) else {
            return Ok(sab);
        };
        let sub_at = self.r.position();
        let value = match self.r.varint8("a wasm memory buffer subtag")? {
            WASM_BUFFER_RESIZABLE => {
                let memory = match self.read_value_inner()? {
                    Value::Object(m) if matches!(self.heap[m], HeapValue::WasmMemory { .. }) => m,
                    _ => {
                        return Err(Error::at(
                            ErrorKind::InvalidWasmMemory(
                                "a growable wasm buffer must be followed by its WebAssembly.Memory",
                            ),
                            sub_at + 1,
                        ))
                    }
                };
                HeapValue::WasmGrowableSharedArrayBuffer { id, memory }
            }
            WASM_BUFFER_FIXED_LENGTH => {
                let byte_length = self.r.varint64("a wasm buffer byte length")?;
                if byte_length > wasm_length {
                    return Err(Error::at(
                        ErrorKind::Length {
                            what: "wasm SharedArrayBuffer",
                            len: byte_length,
                            limit: wasm_length,
                        },
                        sub_at + 1,
                    ));
                }
                HeapValue::WasmSharedArrayBuffer { id, byte_length }
            }
            other => {
                return Err(Error::at(
                    ErrorKind::UnexpectedTag {
                        expected: "a wasm memory buffer subtag ('f' or 'r')",
                        found: TagByte(other),
                    },
                    sub_at,
                ))
            }
        };
        fill!(self.heap, sab, value);
        Ok(sab)
    }

    /// `w transfer_id` (`ReadWasmModuleTransfer`: the id is allocated once the
    /// delegate has produced the module).
    pub(super) fn read_wasm_module(&mut self, at: usize) -> Result<ObjectId> {
        let transfer_id = self.r.varint32("a wasm module transfer id")?;
        self.delegate
            .get_wasm_module_from_id(transfer_id)
            .map_err(|e| relocate(e, at))?;
        Ok(self.reserve(HeapValue::WasmModule { transfer_id }))
    }

    /// `m`, zigzag maximum pages, a raw memory64 byte, then a shared buffer
    /// read without the view look-ahead (`ReadWasmMemory` reads it with
    /// `ReadObjectInternal`). The memory's id comes first and it is
    /// registered before the buffer, which may refer back to it.
    pub(super) fn read_wasm_memory(&mut self) -> Result<ObjectId> {
        let max_at = self.r.position();
        let maximum_pages = self.r.zigzag32()?;
        let byte_at = self.r.position();
        let memory64 = match self.r.byte("the wasm memory64 byte")? {
            0 => false,
            1 => true,
            _ => {
                return Err(Error::at(
                    ErrorKind::InvalidWasmMemory("the memory64 byte must be 0 or 1"),
                    byte_at,
                ))
            }
        };
        if !wasm_maximum_pages_valid(maximum_pages, memory64) {
            return Err(Error::at(
                ErrorKind::InvalidWasmMemory("maximum pages out of range"),
                max_at,
            ));
        }
        let memory = self.reserve(HeapValue::WasmMemory {
            maximum_pages,
            memory64,
            buffer: ObjectId(u32::MAX), // set once the buffer is read
        });
        let buffer_at = self.r.position();
        let buffer = match self.read_object_internal() {
            Ok(Value::Object(b)) if crate::ser::is_shared_buffer(self.heap.get(b)) => b,
            Ok(_) => {
                return Err(Error::at(
                    ErrorKind::InvalidWasmMemory("its buffer must be a SharedArrayBuffer"),
                    buffer_at,
                ))
            }
            Err(e) => return Err(name_memory(e)),
        };
        fill!(
            self.heap,
            memory,
            HeapValue::WasmMemory {
                maximum_pages,
                memory64,
                buffer,
            },
        );
        Ok(memory)
    }

    /// `p index` (version 15+). V8's `ReadSharedObject` allocates no object
    /// id, unlike its writer: later back-references do not count it.
    pub(super) fn read_shared_object(&mut self, at: usize) -> Result<ObjectId> {
        let index = self.r.varint32("a shared object index")?;
        self.delegate
            .get_shared_object_from_index(index)
            .map_err(|e| relocate(e, at))?;
        Ok(self.insert_unnumbered(HeapValue::SharedObject { index }))
    }
}

/// A delegate's refusal of a memory's buffer says that a memory was read.
fn name_memory(e: Error) -> Error {
    match (e.kind(), e.offset()) {
        (ErrorKind::Delegate(msg), Some(at)) => Error::at(
            ErrorKind::Delegate(format!("WebAssembly.Memory ('m'): {msg}")),
            at,
        ),
        _ => e,
    }
}
