//! Objects and arrays, and everything else with identity: the body of a
//! receiver met for the first time, and properties in V8's order.

use super::{
    view_bytes, write_bigint, write_string, write_varint, zigzag, HostObjectRef, Serializer,
    SerializerDelegate, WASM_BUFFER_FIXED_LENGTH, WASM_BUFFER_RESIZABLE,
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
