//! ArrayBuffers, views, transferred and shared buffers, host objects.

use super::{Deserializer, DeserializerDelegate, HostObject};
use crate::error::{Error, ErrorKind, Result};
use crate::reader::tag;
use crate::value::{ArrayBuffer, HeapValue, ObjectId, Value, View, ViewKind};
use bytes::Bytes;

impl<'a, D: DeserializerDelegate> Deserializer<'a, D> {
    pub(super) fn read_array_buffer(&mut self, t: u8) -> Result<Value> {
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
        let start = self.r.position();
        let raw = self.r.raw(len, "ArrayBuffer contents")?;
        let data = match &self.shared_input {
            // A slice of the caller's buffer: no copy.
            Some(input) => input.slice(start..start + raw.len()),
            None => Bytes::copy_from_slice(raw),
        };
        let ab = ArrayBuffer {
            data,
            max_byte_length: max,
            immutable: t == tag::IMMUTABLE_ARRAY_BUFFER,
        };
        Ok(Value::Object(self.reserve(HeapValue::ArrayBuffer(ab))))
    }

    pub(super) fn read_transferred(&mut self, at: usize) -> Result<Value> {
        let transfer_id = self.r.varint32("a transfer id")?;
        if let Some(i) = self.transfers.iter().position(|t| t.0 == transfer_id) {
            // The same transferred buffer is one object, however often it appears.
            if let Some(existing) = self.transfers[i].2 {
                self.alias_id(existing);
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

    pub(super) fn read_view(&mut self, buffer: ObjectId) -> Result<ObjectId> {
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
            // Fixed-length wasm memory: V8 sets the length from the suffix and
            // the buffer is not growable, so it is checked like an ArrayBuffer.
            HeapValue::WasmSharedArrayBuffer { byte_length, .. } => {
                (Some(*byte_length), false, false)
            }
            HeapValue::WasmGrowableSharedArrayBuffer { .. } => (None, true, true),
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
            if resizable && !shared && !backed_by_rab {
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

    pub(super) fn read_host_object(&mut self) -> Result<Value> {
        let id = self.reserve(HeapValue::Host(Vec::new()));
        // A delegate's error without a position gets the payload's.
        let at = self.r.position();
        let host = self
            .delegate
            .read_host_object(&mut self.r)
            .map_err(|e| super::dispatch::relocate(e, at))?;
        match host {
            HostObject::Opaque(bytes) => self.heap[id] = HeapValue::Host(bytes),
            HostObject::View { kind, bytes } => {
                // Node copies (or aliases) the bytes; lengths not a multiple of the
                // element size are truncated, as `new ctor(buf, off, len / size)` does.
                let byte_length = bytes.len() as u64 / kind.element_size() * kind.element_size();
                // The new buffer has no wire id (only the host object has one).
                let buffer =
                    self.insert_unnumbered(HeapValue::ArrayBuffer(ArrayBuffer::new(bytes)));
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
