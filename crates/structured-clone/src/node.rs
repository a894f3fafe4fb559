//! Node's `DefaultSerializer` / `DefaultDeserializer`: typed arrays, DataView
//! and Buffer as host objects `\ typeIndex byteLength bytes` (lib/v8.js).

use crate::de::{Deserializer, DeserializerDelegate, HostObject};
use crate::error::{ErrorKind, Result};
use crate::reader::Reader;
use crate::ser::{write_varint, HostObjectRef, Serializer, SerializerDelegate};
use crate::value::ViewKind;
use std::ops::{Deref, DerefMut};

/// Node's host-object format for array buffer views (type index table 0-13).
#[derive(Debug, Clone, Copy, Default)]
pub struct NodeHost;

impl SerializerDelegate for NodeHost {
    fn write_host_object(&mut self, out: &mut Vec<u8>, obj: HostObjectRef<'_>) -> Result<()> {
        match obj {
            HostObjectRef::View { kind, bytes } => {
                write_varint(out, kind.node_index() as u64);
                write_varint(out, bytes.len() as u64);
                out.extend_from_slice(bytes);
                Ok(())
            }
            HostObjectRef::Opaque(b) => {
                out.extend_from_slice(b);
                Ok(())
            }
        }
    }
}

impl DeserializerDelegate for NodeHost {
    fn read_host_object(&mut self, input: &mut Reader<'_>) -> Result<HostObject> {
        let at = input.position();
        let index = input.read_uint32()?;
        let kind = ViewKind::from_node_index(index).ok_or_else(|| {
            crate::Error::at(
                ErrorKind::Delegate(format!(
                    "unknown host object type index {index} (expected 0 to 13)"
                )),
                at,
            )
        })?;
        let len = input.read_uint32()?;
        let bytes = input.read_raw_bytes(len as usize)?.to_vec();
        Ok(HostObject::View { kind, bytes })
    }
}

/// Node's `v8.DefaultSerializer`: a [`Serializer`] that writes views as Node host objects.
///
/// ```
/// use structured_clone::{ArrayBuffer, DefaultSerializer, Heap, HeapValue, Value, View, ViewKind};
/// let mut heap = Heap::new();
/// let ab = heap.insert(HeapValue::ArrayBuffer(ArrayBuffer::new(b"hi".to_vec())));
/// let buf = heap.insert(HeapValue::View(View {
///     buffer: ab, kind: ViewKind::NodeBuffer, byte_offset: 0, byte_length: 2,
///     length_tracking: false, backed_by_rab: false,
/// }));
/// let mut ser = DefaultSerializer::new();
/// ser.write_header();
/// ser.write_value(&heap, &Value::Object(buf))?;
/// assert_eq!(ser.release(), [0xff, 0x0f, b'\\', 10, 2, b'h', b'i']);
/// # Ok::<(), structured_clone::Error>(())
/// ```
pub struct DefaultSerializer(Serializer<NodeHost>);

impl DefaultSerializer {
    /// A serializer with Node's defaults (version 15, views as host objects).
    pub fn new() -> Self {
        let mut s = Serializer::with_delegate(NodeHost);
        s.set_treat_array_buffer_views_as_host_objects(true);
        DefaultSerializer(s)
    }
    /// The bytes written so far (Node's `releaseBuffer()`).
    pub fn release(self) -> Vec<u8> {
        self.0.release()
    }
}

impl Default for DefaultSerializer {
    fn default() -> Self {
        DefaultSerializer::new()
    }
}

impl Deref for DefaultSerializer {
    type Target = Serializer<NodeHost>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}
impl DerefMut for DefaultSerializer {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

/// Node's `v8.DefaultDeserializer`: a [`Deserializer`] reading Node's host views.
pub struct DefaultDeserializer<'a>(Deserializer<'a, NodeHost>);

impl<'a> DefaultDeserializer<'a> {
    /// A deserializer over `data` with Node's host-object format.
    pub fn new(data: &'a [u8]) -> Self {
        DefaultDeserializer(Deserializer::with_delegate(data, NodeHost))
    }
    /// Like [`DefaultDeserializer::new`], with `ArrayBuffer` contents as
    /// zero-copy slices of `data` (see [`Deserializer::with_delegate_shared`]).
    pub fn from_bytes(data: &'a bytes::Bytes) -> Self {
        DefaultDeserializer(Deserializer::with_delegate_shared(data, NodeHost))
    }
    /// The inner deserializer (e.g. to get its heap).
    pub fn into_inner(self) -> Deserializer<'a, NodeHost> {
        self.0
    }
}

impl<'a> Deref for DefaultDeserializer<'a> {
    type Target = Deserializer<'a, NodeHost>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}
impl DerefMut for DefaultDeserializer<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}
