//! ArrayBuffers and the views over them.

use super::ObjectId;
use bytes::Bytes;

/// The kind of an `ArrayBufferView` (V8's `ArrayBufferViewTag`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViewKind {
    /// `Int8Array`
    Int8,
    /// `Uint8Array`
    Uint8,
    /// `Uint8ClampedArray`
    Uint8Clamped,
    /// `Int16Array`
    Int16,
    /// `Uint16Array`
    Uint16,
    /// `Int32Array`
    Int32,
    /// `Uint32Array`
    Uint32,
    /// `Float16Array`
    Float16,
    /// `Float32Array`
    Float32,
    /// `Float64Array`
    Float64,
    /// `BigInt64Array`
    BigInt64,
    /// `BigUint64Array`
    BigUint64,
    /// `DataView`
    DataView,
    /// Node's `Buffer` (a `Uint8Array` subclass): `B` natively, host index 10.
    NodeBuffer,
}

impl ViewKind {
    /// Bytes per element (1 for `DataView`).
    pub fn element_size(self) -> u64 {
        use ViewKind::*;
        match self {
            Int8 | Uint8 | Uint8Clamped | DataView | NodeBuffer => 1,
            Int16 | Uint16 | Float16 => 2,
            Int32 | Uint32 | Float32 => 4,
            Float64 | BigInt64 | BigUint64 => 8,
        }
    }
    /// The JavaScript constructor name.
    pub fn js_name(self) -> &'static str {
        use ViewKind::*;
        match self {
            Int8 => "Int8Array",
            Uint8 => "Uint8Array",
            Uint8Clamped => "Uint8ClampedArray",
            Int16 => "Int16Array",
            Uint16 => "Uint16Array",
            Int32 => "Int32Array",
            Uint32 => "Uint32Array",
            Float16 => "Float16Array",
            Float32 => "Float32Array",
            Float64 => "Float64Array",
            BigInt64 => "BigInt64Array",
            BigUint64 => "BigUint64Array",
            DataView => "DataView",
            NodeBuffer => "Buffer",
        }
    }
    /// The wire subtag after `V`.
    pub fn wire_tag(self) -> u8 {
        use ViewKind::*;
        match self {
            Int8 => b'b',
            Uint8 | NodeBuffer => b'B',
            Uint8Clamped => b'C',
            Int16 => b'w',
            Uint16 => b'W',
            Int32 => b'd',
            Uint32 => b'D',
            Float16 => b'h',
            Float32 => b'f',
            Float64 => b'F',
            BigInt64 => b'q',
            BigUint64 => b'Q',
            DataView => b'?',
        }
    }
    /// Parses a wire subtag.
    pub fn from_wire_tag(tag: u8) -> Option<ViewKind> {
        use ViewKind::*;
        Some(match tag {
            b'b' => Int8,
            b'B' => Uint8,
            b'C' => Uint8Clamped,
            b'w' => Int16,
            b'W' => Uint16,
            b'd' => Int32,
            b'D' => Uint32,
            b'h' => Float16,
            b'f' => Float32,
            b'F' => Float64,
            b'q' => BigInt64,
            b'Q' => BigUint64,
            b'?' => DataView,
            _ => return None,
        })
    }
    /// Node's `DefaultSerializer` type index (0-13; `Buffer` = 10, `Float16Array` = 13).
    pub fn node_index(self) -> u32 {
        use ViewKind::*;
        match self {
            Int8 => 0,
            Uint8 => 1,
            Uint8Clamped => 2,
            Int16 => 3,
            Uint16 => 4,
            Int32 => 5,
            Uint32 => 6,
            Float32 => 7,
            Float64 => 8,
            DataView => 9,
            NodeBuffer => 10,
            BigInt64 => 11,
            BigUint64 => 12,
            Float16 => 13,
        }
    }
    /// Inverse of [`ViewKind::node_index`].
    pub fn from_node_index(i: u32) -> Option<ViewKind> {
        use ViewKind::*;
        Some(match i {
            0 => Int8,
            1 => Uint8,
            2 => Uint8Clamped,
            3 => Int16,
            4 => Uint16,
            5 => Int32,
            6 => Uint32,
            7 => Float32,
            8 => Float64,
            9 => DataView,
            10 => NodeBuffer,
            11 => BigInt64,
            12 => BigUint64,
            13 => Float16,
            _ => return None,
        })
    }
}

/// An `ArrayBuffer` with its contents.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArrayBuffer {
    /// The bytes: shared and cheap to clone; [`crate::decode_bytes`] makes them
    /// a slice of the input instead of a copy.
    pub data: Bytes,
    /// `Some(max)` for a resizable buffer (`~` tag).
    pub max_byte_length: Option<u64>,
    /// An immutable buffer (`C` tag).
    pub immutable: bool,
}

impl ArrayBuffer {
    /// A fixed-length buffer holding `data` (a `Vec<u8>` is taken without a copy).
    pub fn new(data: impl Into<Bytes>) -> ArrayBuffer {
        ArrayBuffer {
            data: data.into(),
            max_byte_length: None,
            immutable: false,
        }
    }
}

/// A typed array or `DataView` over a buffer object in the same heap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// The buffer object (`ArrayBuffer`, shared or transferred).
    pub buffer: ObjectId,
    /// Typed array kind or `DataView`.
    pub kind: ViewKind,
    /// Offset into the buffer in bytes.
    pub byte_offset: u64,
    /// Length in bytes. A length-tracking view's length follows its buffer:
    /// this field is then kept as read, but written as 0, as V8 writes it.
    pub byte_length: u64,
    /// Flag bit 0: the view tracks the length of a resizable buffer.
    pub length_tracking: bool,
    /// Flag bit 1: the view is backed by a resizable buffer.
    pub backed_by_rab: bool,
}
