//! A complete, byte-exact, hardened codec for V8's `ValueSerializer` wire format
//! (what Node's `v8.serialize` writes), in pure Rust with no V8 dependency.
//!
//! * [`decode`] / [`encode`] are Node's `v8.deserialize` / `v8.serialize`: header plus
//!   one value, typed arrays in Node's `DefaultSerializer` host format.
//! * [`Serializer`] / [`Deserializer`] mirror Node's `v8.Serializer` / `v8.Deserializer`,
//!   with delegate traits for host objects; [`DefaultSerializer`] / [`DefaultDeserializer`]
//!   add Node's view format.
//! * [`to_vec`] / [`from_slice`] map serde types to the wire format directly.
//! * The value model ([`Graph`], [`Heap`], [`HeapValue`], [`Value`]) holds everything V8
//!   writes, losslessly, including shared references and cycles.
//!
//! Reading accepts versions 13 to 16 and checks everything V8 checks (counts, lengths
//! against the remaining input, duplicate keys, back-reference ids, view alignment and
//! flags, `-0n`, RegExp flag bits and pattern syntax), with a nesting limit. Every
//! error carries the byte offset where it was found. Writing produces V8's bytes (version 15 by default).
//! Values built by hand take V8's forms through [`Value::number`], [`HeapValue::array`]
//! and [`HeapValue::regexp`]. The tests check the writer against V8 15.2 and Node 20 on
//! arbitrary value graphs: V8 reads our bytes and, for the value it then holds, writes
//! back the bytes we write for that value. They check the reader against V8 15.2's on
//! damaged input (bytes changed, inserted, removed or cut off): both refuse it, or both
//! read the same value. Two differences are kept on purpose: Error fields in the order
//! Node 20 writes them (cause before stack) are read, where V8 15.2 refuses them; and
//! version-13 data read a second time is numbered as its writer numbered it (see
//! [`Deserializer::read_value`]).
//!
//! Strings are compact ([`JsString`] is 24 bytes and keeps one-byte text of up to
//! 22 bytes inline), so decoding typical keys and short values allocates nothing.
//! The writer and the serde reader reuse their id tables on each thread (only
//! small ones stay pooled), so many small messages are cheap.
//!
//! ```
//! let bytes = [0xff, 0x0f, b'o', b'"', 1, b'a', b'I', 2, b'{', 1]; // v8.serialize({a: 1})
//! let graph = structured_clone::decode(&bytes)?;
//! assert_eq!(structured_clone::encode(&graph)?, bytes);
//! # Ok::<(), structured_clone::Error>(())
//! ```
#![warn(missing_docs)]

mod de;
mod error;
pub mod inspect;
mod keys;
mod node;
mod reader;
mod ser;
pub mod serde_de;
pub mod serde_ser;
mod string;
mod value;

pub use de::{
    Deserializer, DeserializerDelegate, HostObject, NoDelegate as NoDeserializerDelegate,
    DEFAULT_MAX_DEPTH, LATEST_VERSION, MIN_READ_VERSION,
};
pub use error::{Error, ErrorKind, Result, TagByte};
pub use node::{DefaultDeserializer, DefaultSerializer, NodeHost};
pub use reader::Reader;
pub use ser::{HostObjectRef, NoDelegate, Serializer, SerializerDelegate, DEFAULT_WRITE_VERSION};

pub use bytes::Bytes;
pub use serde_de::from_slice;
pub use serde_ser::to_vec;
pub use string::{JsStr, JsString};
pub use value::{
    regexp_flags, ArrayBuffer, BigInt, ErrorObject, ErrorPrototype, Graph, Heap, HeapValue, Key,
    ObjectId, Properties, Value, View, ViewKind,
};

/// Node's `v8.deserialize(bytes)`: a header and one value, reading Node's host views.
///
/// Trailing bytes after the value are ignored, as in Node.
pub fn decode(bytes: &[u8]) -> Result<Graph> {
    let mut de = DefaultDeserializer::new(bytes);
    de.read_header()?;
    let root = de.read_value()?;
    Ok(de.into_inner().into_graph(root))
}

/// [`decode`] for input held in shared [`Bytes`]: `ArrayBuffer` contents are
/// zero-copy slices of `bytes` (keeping its allocation alive) rather than copies.
/// Everything else, including every check, is as in [`decode`].
///
/// ```
/// // v8.serialize(new Uint8Array([1, 2]).buffer), plain format
/// let input = structured_clone::Bytes::from_static(&[0xff, 0x0f, b'B', 2, 1, 2]);
/// let graph = structured_clone::decode_bytes(&input)?;
/// let root = graph.root.as_object().unwrap();
/// let structured_clone::HeapValue::ArrayBuffer(ab) = &graph.heap[root] else { unreachable!() };
/// assert_eq!(ab.data.as_ptr(), input[4..].as_ptr()); // the same memory
/// # Ok::<(), structured_clone::Error>(())
/// ```
pub fn decode_bytes(bytes: &Bytes) -> Result<Graph> {
    let mut de = DefaultDeserializer::from_bytes(bytes);
    de.read_header()?;
    let root = de.read_value()?;
    Ok(de.into_inner().into_graph(root))
}

/// Node's `v8.serialize(value)`: version 15 header and one value, views as Node host objects.
pub fn encode(graph: &Graph) -> Result<Vec<u8>> {
    let mut ser = DefaultSerializer::new();
    ser.write_header();
    ser.write_value(&graph.heap, &graph.root)?;
    Ok(ser.release())
}
