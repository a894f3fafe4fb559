//! Objects and arrays, and everything else with identity: the body of a
//! receiver met for the first time, and properties in V8's order.

use super::{
    view_bytes, write_bigint, write_key_string, write_string, write_varint, zigzag, HostObjectRef,
    Serializer, SerializerDelegate, WASM_BUFFER_FIXED_LENGTH, WASM_BUFFER_RESIZABLE,
};
use crate::error::Result;
use crate::keys::{self, MAX_INDEX};
use crate::reader::tag;
use crate::string::JsString;
use crate::value::{ErrorPrototype, Heap, HeapValue, Key, ObjectId, Value};

impl<D: SerializerDelegate> Serializer<D> {
    pub(super) fn write_new_receiver(
        &mut self,
        heap: &Heap,
        id: ObjectId,
        obj: &HeapValue,
    ) -> Result<()> {
        if let HeapValue::View(view) = obj {
            if !self.views_as_host_objects {
                // Checked first: a view over a view (or itself) would recurse
                // without going deeper.
                if heap.get(view.buffer).is_some_and(|b| !b.is_buffer()) {
                    return Err(self.delegate.data_clone_error(&format!(
                        "the buffer of a view (object id {}) is not an ArrayBuffer",
                        view.buffer.0
                    )));
                }
                // The buffer is written (and numbered) before the view. V8's
                // reader takes the two as one value, so they share one level.
                self.at_own_level(|s| s.write_receiver(heap, view.buffer))?;
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
                // V8's WriteJSArrayBuffer refuses these at every version
                // (version 16 only widened views and a resizable maximum).
                if len > u32::MAX as u64 {
                    return Err(self.delegate.data_clone_error(&format!(
                        "ArrayBuffer of {len} bytes is over V8's limit of {} bytes",
                        u32::MAX
                    )));
                }
                match ab.max_byte_length {
                    Some(max) => {
                        // Before version 16 V8 wrote the maximum as a u32.
                        if self.version < 16 && max > u32::MAX as u64 {
                            return Err(self.delegate.data_clone_error(&format!(
                                "resizable ArrayBuffer maximum of {max} bytes needs wire version 16"
                            )));
                        }
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
            } => {
                // V8 reads the memory's buffer at the memory's level.
                self.at_own_level(|s| {
                    s.write_wasm_memory(heap, *maximum_pages, *memory64, *buffer)
                })?
            }
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

    /// Writes properties the way V8 enumerates them: array indices ascending as
    /// numbers (`I`, or `N` above the Smi range), then the other keys as strings
    /// in insertion order. Returns the count.
    pub(super) fn write_properties(
        &mut self,
        heap: &Heap,
        props: &[(Key, Value)],
    ) -> Result<usize> {
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
    pub(super) fn write_key(&mut self, k: &Key) {
        match k {
            Key::String(s) => write_key_string(&mut self.buf, s),
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

/// Whether `write_new_receiver` writes any value of `obj` through
/// `Serializer::write` (each a level below `obj` for the reader). Keep in step
/// with the `self.write` calls there (`limits::writer_counts_levels_as_the_reader_does`
/// in the conformance tests fails if they drift).
pub(super) fn writes_values(obj: &HeapValue) -> bool {
    match obj {
        HeapValue::Object(props)
        | HeapValue::SparseArray {
            properties: props, ..
        } => !props.is_empty(),
        HeapValue::DenseArray {
            elements,
            properties,
        } => !properties.is_empty() || elements.iter().any(Option::is_some),
        HeapValue::Map(entries) => !entries.is_empty(),
        HeapValue::Set(values) => !values.is_empty(),
        HeapValue::Error(e) => e.cause.is_some(),
        _ => false,
    }
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

#[cfg(test)]
mod tests {
    use crate::{
        ArrayBuffer, ErrorKind, Heap, HeapValue, Result, Serializer, Value, View, ViewKind,
    };

    #[test]
    fn a_view_over_itself_is_refused() {
        let mut heap = Heap::new();
        let v = heap.insert(HeapValue::Object(vec![]));
        heap[v] = HeapValue::View(View {
            buffer: v,
            kind: ViewKind::Uint8,
            byte_offset: 0,
            byte_length: 0,
            length_tracking: false,
            backed_by_rab: false,
        });
        let mut ser = Serializer::new();
        let e = ser.write_value(&heap, &Value::Object(v)).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::DataClone(m) if m.contains("not an ArrayBuffer")),
            "{e}"
        );
    }

    fn write_buffer(ab: ArrayBuffer, version: u32) -> Result<Vec<u8>> {
        let mut heap = Heap::new();
        let id = heap.insert(HeapValue::ArrayBuffer(ab));
        let mut ser = Serializer::new();
        ser.set_write_version(version)?;
        ser.write_header();
        ser.write_value(&heap, &Value::Object(id))?;
        Ok(ser.release())
    }

    /// V8 throws DataCloneError for a buffer over 4 GiB at every version. The
    /// zeroed allocation is never touched (the length is checked first), so
    /// it costs address space, not memory.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn array_buffers_over_4_gib_are_refused() {
        let ab = ArrayBuffer::new(vec![0u8; u32::MAX as usize + 1]);
        for version in [15, 16] {
            let e = write_buffer(ab.clone(), version).unwrap_err();
            assert!(
                matches!(e.kind(), ErrorKind::DataClone(m) if m.contains("4294967296 bytes")),
                "{e}"
            );
        }
    }

    #[test]
    fn resizable_maximum_over_4_gib_needs_version_16() {
        let ab = ArrayBuffer {
            max_byte_length: Some(1 << 32),
            ..ArrayBuffer::new(vec![7])
        };
        let e = write_buffer(ab.clone(), 15).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::DataClone(_)), "{e}");
        assert_eq!(
            write_buffer(ab, 16).unwrap(),
            [0xff, 16, b'~', 1, 0x80, 0x80, 0x80, 0x80, 0x10, 7]
        );
    }
}
