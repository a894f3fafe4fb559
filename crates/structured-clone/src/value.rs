//! The value model: everything V8's `ValueSerializer` can write, losslessly.
//!
//! Primitives live in [`Value`]; everything that has identity in JavaScript
//! (objects, arrays, dates, buffers, ...) lives in a [`Heap`] arena and is
//! referred to by an [`ObjectId`]. A [`Graph`] is a heap plus its root value,
//! so shared references and cycles are ordinary data.

use crate::string::JsString;
use bytes::Bytes;
use std::fmt;

/// A primitive JavaScript value, or a reference to a heap object.
///
/// Numbers keep V8's two representations: [`Value::Int32`] is written with the
/// `I` tag (a Smi), [`Value::Double`] with `N` (a heap number, also used for
/// `-0`, NaN and every element of a packed-double array). Use
/// [`Value::number`] to pick the representation V8 would pick for a number.
#[derive(Debug, Clone, Default)]
pub enum Value {
    /// `undefined`
    #[default]
    Undefined,
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A small integer (Smi), tag `I`.
    Int32(i32),
    /// A double, tag `N` (NaN payloads are canonicalised on read, as V8 does).
    Double(f64),
    /// A BigInt of any size.
    BigInt(BigInt),
    /// A string, keeping its one-byte / two-byte representation.
    String(JsString),
    /// A reference to an object in the graph's [`Heap`].
    Object(ObjectId),
}

impl Value {
    /// The representation V8 (Node x64, 32-bit Smis) uses for the number `n`:
    /// `Int32` for integral values in the i32 range other than `-0`, else `Double`.
    pub fn number(n: f64) -> Value {
        let i = n as i32;
        if i as f64 == n && !(n == 0.0 && n.is_sign_negative()) {
            Value::Int32(i)
        } else {
            Value::Double(n)
        }
    }

    /// A string value, one-byte when every char is Latin-1, else two-byte.
    pub fn string(s: &str) -> Value {
        Value::String(JsString::from(s))
    }

    /// The numeric value of `Int32`/`Double`, else `None`.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Int32(i) => Some(i as f64),
            Value::Double(d) => Some(d),
            _ => None,
        }
    }

    /// The object id when this is a reference.
    pub fn as_object(&self) -> Option<ObjectId> {
        match *self {
            Value::Object(id) => Some(id),
            _ => None,
        }
    }
}

/// Structural equality that treats doubles bit-exactly (so `-0 != 0` and
/// `NaN == NaN`) and compares object references by id.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int32(a), Value::Int32(b)) => a == b,
            (Value::Double(a), Value::Double(b)) => a.to_bits() == b.to_bits(),
            (Value::BigInt(a), Value::BigInt(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => a == b,
            _ => false,
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i32> for Value {
    fn from(i: i32) -> Value {
        Value::Int32(i)
    }
}
impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::number(n)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::string(s)
    }
}
impl From<JsString> for Value {
    fn from(s: JsString) -> Value {
        Value::String(s)
    }
}
impl From<BigInt> for Value {
    fn from(b: BigInt) -> Value {
        Value::BigInt(b)
    }
}
impl From<ObjectId> for Value {
    fn from(id: ObjectId) -> Value {
        Value::Object(id)
    }
}

/// A BigInt: sign and little-endian 64-bit magnitude digits, normalised (no
/// high zero digits; zero is never negative). One digit is stored inline.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BigInt(BigRepr);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum BigRepr {
    /// Zero (`digit == 0`) or a single digit.
    Small { negative: bool, digit: u64 },
    /// Two or more digits, the highest non-zero.
    Big { negative: bool, digits: Box<[u64]> },
}

impl Default for BigInt {
    fn default() -> BigInt {
        BigInt(BigRepr::Small {
            negative: false,
            digit: 0,
        })
    }
}

impl BigInt {
    /// Builds a BigInt from a sign and little-endian digits, normalising it.
    pub fn new(negative: bool, digits: Vec<u64>) -> BigInt {
        BigInt::from_digits(negative, &digits)
    }
    /// Builds a BigInt from a sign and little-endian digits, normalising it.
    pub fn from_digits(negative: bool, digits: &[u64]) -> BigInt {
        let used = digits.iter().rposition(|&d| d != 0).map_or(0, |i| i + 1);
        let negative = negative && used > 0;
        match used {
            0 => BigInt::default(),
            1 => BigInt(BigRepr::Small {
                negative,
                digit: digits[0],
            }),
            _ => BigInt(BigRepr::Big {
                negative,
                digits: digits[..used].into(),
            }),
        }
    }
    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        match self.0 {
            BigRepr::Small { negative, .. } | BigRepr::Big { negative, .. } => negative,
        }
    }
    /// Little-endian 64-bit magnitude digits (empty for zero).
    pub fn digits(&self) -> &[u64] {
        match &self.0 {
            BigRepr::Small { digit: 0, .. } => &[],
            BigRepr::Small { digit, .. } => std::slice::from_ref(digit),
            BigRepr::Big { digits, .. } => digits,
        }
    }
    /// The value as an i64 when it fits.
    pub fn to_i64(&self) -> Option<i64> {
        let negative = self.is_negative();
        match self.digits() {
            [] => Some(0),
            [d] if !negative => i64::try_from(*d).ok(),
            [d] => {
                if *d <= 1u64 << 63 {
                    Some((*d as i64).wrapping_neg())
                } else {
                    None
                }
            }
            _ => None,
        }
    }
    /// The value as a u64 when it fits.
    pub fn to_u64(&self) -> Option<u64> {
        match (self.is_negative(), self.digits()) {
            (_, []) => Some(0),
            (false, [d]) => Some(*d),
            _ => None,
        }
    }
    /// The value as an i128 when it fits.
    pub fn to_i128(&self) -> Option<i128> {
        let mag: u128 = match self.digits() {
            [] => 0,
            [a] => *a as u128,
            [a, b] => (*a as u128) | ((*b as u128) << 64),
            _ => return None,
        };
        if self.is_negative() {
            if mag <= 1u128 << 127 {
                Some((mag as i128).wrapping_neg())
            } else {
                None
            }
        } else {
            i128::try_from(mag).ok()
        }
    }
}

impl From<i64> for BigInt {
    fn from(v: i64) -> BigInt {
        BigInt::from_digits(v < 0, &[v.unsigned_abs()])
    }
}
impl From<u64> for BigInt {
    fn from(v: u64) -> BigInt {
        BigInt::from_digits(false, &[v])
    }
}
impl From<i128> for BigInt {
    fn from(v: i128) -> BigInt {
        let m = v.unsigned_abs();
        BigInt::from_digits(v < 0, &[m as u64, (m >> 64) as u64])
    }
}
impl From<u128> for BigInt {
    fn from(m: u128) -> BigInt {
        BigInt::from_digits(false, &[m as u64, (m >> 64) as u64])
    }
}

impl fmt::Display for BigInt {
    /// Decimal, like JavaScript's `BigInt.prototype.toString()`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.digits().is_empty() {
            return f.write_str("0");
        }
        // Repeated division by 10^19 on a scratch copy.
        const CHUNK: u64 = 10_000_000_000_000_000_000;
        let mut mag = self.digits().to_vec();
        let mut chunks = Vec::new();
        while !mag.is_empty() {
            let mut rem: u128 = 0;
            for d in mag.iter_mut().rev() {
                let cur = (rem << 64) | *d as u128;
                *d = (cur / CHUNK as u128) as u64;
                rem = cur % CHUNK as u128;
            }
            chunks.push(rem as u64);
            while mag.last() == Some(&0) {
                mag.pop();
            }
        }
        let mut out = String::with_capacity(chunks.len() * 19 + 1);
        if self.is_negative() {
            out.push('-');
        }
        let mut iter = chunks.iter().rev();
        if let Some(first) = iter.next() {
            out.push_str(&first.to_string());
        }
        for c in iter {
            out.push_str(&format!("{c:019}"));
        }
        f.write_str(&out)
    }
}

/// Index of an object in a [`Heap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectId(pub u32);

impl ObjectId {
    /// The arena index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A property key as it appears on the wire: a Smi, a double or a string.
///
/// JavaScript converts every key to a string (or an array index); the writer
/// canonicalises keys the way V8 enumerates them (see [`crate::Serializer`]).
#[derive(Debug, Clone)]
pub enum Key {
    /// An integer key written with `I`.
    Int32(i32),
    /// A number key written with `N` (e.g. index keys above the Smi range).
    Double(f64),
    /// A string key (short keys are stored inline, see [`JsString`]).
    String(JsString),
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        match (self, other) {
            (Key::Int32(a), Key::Int32(b)) => a == b,
            (Key::Double(a), Key::Double(b)) => a.to_bits() == b.to_bits(),
            (Key::String(a), Key::String(b)) => a == b,
            _ => false,
        }
    }
}

impl From<&str> for Key {
    fn from(s: &str) -> Key {
        Key::String(JsString::from(s))
    }
}
impl From<i32> for Key {
    fn from(i: i32) -> Key {
        Key::Int32(i)
    }
}

/// Ordered own enumerable properties.
pub type Properties = Vec<(Key, Value)>;

/// Bits of `RegExp` flags as V8 stores them.
pub mod regexp_flags {
    /// `g`
    pub const GLOBAL: u32 = 1;
    /// `i`
    pub const IGNORE_CASE: u32 = 2;
    /// `m`
    pub const MULTILINE: u32 = 4;
    /// `y`
    pub const STICKY: u32 = 8;
    /// `u`
    pub const UNICODE: u32 = 16;
    /// `s`
    pub const DOT_ALL: u32 = 32;
    /// `l` (experimental linear engine; rejected on read, as V8 does by default)
    pub const LINEAR: u32 = 64;
    /// `d`
    pub const HAS_INDICES: u32 = 128;
    /// `v`
    pub const UNICODE_SETS: u32 = 256;
    /// Flag letters in the order JavaScript prints them, with their bits.
    pub const LETTERS: [(u32, char); 9] = [
        (HAS_INDICES, 'd'),
        (GLOBAL, 'g'),
        (IGNORE_CASE, 'i'),
        (LINEAR, 'l'),
        (MULTILINE, 'm'),
        (DOT_ALL, 's'),
        (UNICODE, 'u'),
        (UNICODE_SETS, 'v'),
        (STICKY, 'y'),
    ];
}

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
    /// Length in bytes (0 for a length-tracking view, as V8 writes it).
    pub byte_length: u64,
    /// Flag bit 0: the view tracks the length of a resizable buffer.
    pub length_tracking: bool,
    /// Flag bit 1: the view is backed by a resizable buffer.
    pub backed_by_rab: bool,
}

/// The prototype of an `Error` (V8 keeps six native kinds, others become `Error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ErrorPrototype {
    /// `Error`
    #[default]
    Error,
    /// `EvalError`
    EvalError,
    /// `RangeError`
    RangeError,
    /// `ReferenceError`
    ReferenceError,
    /// `SyntaxError`
    SyntaxError,
    /// `TypeError`
    TypeError,
    /// `URIError`
    UriError,
}

impl ErrorPrototype {
    /// The constructor name.
    pub fn name(self) -> &'static str {
        match self {
            ErrorPrototype::Error => "Error",
            ErrorPrototype::EvalError => "EvalError",
            ErrorPrototype::RangeError => "RangeError",
            ErrorPrototype::ReferenceError => "ReferenceError",
            ErrorPrototype::SyntaxError => "SyntaxError",
            ErrorPrototype::TypeError => "TypeError",
            ErrorPrototype::UriError => "URIError",
        }
    }
}

/// An `Error` object as V8 serializes it (other own properties are dropped by V8).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ErrorObject {
    /// The native prototype.
    pub prototype: ErrorPrototype,
    /// Own `message`.
    pub message: Option<JsString>,
    /// `stack`.
    pub stack: Option<JsString>,
    /// Own `cause`.
    pub cause: Option<Value>,
}

/// An object with identity, stored in a [`Heap`].
#[derive(Debug, Clone, PartialEq)]
pub enum HeapValue {
    /// A plain object.
    Object(Properties),
    /// A dense array (`A`): elements (`None` is a hole) plus extra named properties.
    DenseArray {
        /// Elements; `None` is a hole.
        elements: Vec<Option<Value>>,
        /// Extra own properties (written after the elements).
        properties: Properties,
    },
    /// A sparse array (`a`): a length and its own properties (index keys included).
    SparseArray {
        /// The `length`.
        length: u32,
        /// All own enumerable properties.
        properties: Properties,
    },
    /// `Date` with its time value in ms (NaN for an invalid date).
    Date(f64),
    /// `RegExp`.
    RegExp {
        /// The source.
        pattern: JsString,
        /// Flag bits, see [`regexp_flags`].
        flags: u32,
    },
    /// `new Boolean(b)`
    BooleanObject(bool),
    /// `new Number(n)`
    NumberObject(f64),
    /// `Object(1n)`
    BigIntObject(BigInt),
    /// `new String(s)`
    StringObject(JsString),
    /// `Map` entries in insertion order.
    Map(Vec<(Value, Value)>),
    /// `Set` values in insertion order.
    Set(Vec<Value>),
    /// An `ArrayBuffer` with contents.
    ArrayBuffer(ArrayBuffer),
    /// A `SharedArrayBuffer`, known only by the id its delegate gave it.
    SharedArrayBuffer {
        /// The delegate's id.
        id: u32,
    },
    /// An `ArrayBuffer` passed out of band with `transfer_array_buffer(id, ..)`.
    TransferredArrayBuffer {
        /// The transfer id.
        id: u32,
    },
    /// A typed array or `DataView`.
    View(View),
    /// An `Error` (boxed: it is the largest variant).
    Error(Box<ErrorObject>),
    /// A host object: the opaque bytes its delegate wrote after `\`.
    Host(Vec<u8>),
    /// A `SharedArrayBuffer` whose backing store is WebAssembly memory, with a
    /// fixed length: `u id f byte_length`. V8 adds the `f` suffix when the
    /// buffer is a shared `WebAssembly.Memory`'s `buffer`; the reader expects
    /// it only when the delegate says the buffer is wasm memory
    /// ([`crate::DeserializerDelegate::shared_array_buffer_wasm_memory_length`]).
    WasmSharedArrayBuffer {
        /// The delegate's id.
        id: u32,
        /// The length V8 gives the buffer (at most the backing store's length).
        byte_length: u64,
    },
    /// A growable `SharedArrayBuffer` over WebAssembly memory (from
    /// `memory.toResizableBuffer()`): `u id r` and then its memory.
    WasmGrowableSharedArrayBuffer {
        /// The delegate's id.
        id: u32,
        /// The [`HeapValue::WasmMemory`] the buffer belongs to (usually a
        /// back-reference to a memory that is being read).
        memory: ObjectId,
    },
    /// A `WebAssembly.Module` sent out of band (`w`), known by the transfer id
    /// the embedder gave it (V8's `GetWasmModuleTransferId`).
    WasmModule {
        /// The transfer id.
        transfer_id: u32,
    },
    /// A shared `WebAssembly.Memory` (`m`): its limits, then its buffer.
    WasmMemory {
        /// The maximum size in 64 KiB pages, `-1` for none (zigzag i32 on the wire).
        maximum_pages: i32,
        /// A 64-bit memory (the raw byte after the maximum; V8 added it
        /// without a version bump, so V8 before 12.x does not write it).
        memory64: bool,
        /// The shared buffer object ([`HeapValue::SharedArrayBuffer`],
        /// [`HeapValue::WasmSharedArrayBuffer`] or
        /// [`HeapValue::WasmGrowableSharedArrayBuffer`]).
        buffer: ObjectId,
    },
    /// A shared object (`p`, wire version 15+: shared structs, shared arrays,
    /// atomics mutexes and conditions), known by its index in the embedder's
    /// `SharedValueConveyor`. V8's reader gives it no object id, so neither
    /// does the writer: every occurrence is written as `p index`.
    SharedObject {
        /// The conveyor index.
        index: u32,
    },
}

/// An arena of objects; ids are indices.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Heap {
    objects: Vec<HeapValue>,
}

impl Heap {
    /// An empty heap.
    pub fn new() -> Heap {
        Heap::default()
    }
    /// Adds an object and returns its id.
    pub fn insert(&mut self, v: HeapValue) -> ObjectId {
        let id = ObjectId(self.objects.len() as u32);
        self.objects.push(v);
        id
    }
    /// Sets the object `id` to `v`, forgetting what it held: for the reader's
    /// placeholders, which own nothing (no drop call, so `v` is stored
    /// straight from registers instead of via a stack temporary).
    #[inline(always)]
    pub(crate) fn fill(&mut self, id: ObjectId, v: HeapValue) {
        if let Some(slot) = self.objects.get_mut(id.index()) {
            std::mem::forget(std::mem::replace(slot, v));
        }
    }
    /// Reserves room for `additional` more objects.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.objects.reserve(additional);
    }
    /// The object with this id, if any.
    pub fn get(&self, id: ObjectId) -> Option<&HeapValue> {
        self.objects.get(id.index())
    }
    /// Mutable access, e.g. to close a cycle after inserting.
    pub fn get_mut(&mut self, id: ObjectId) -> Option<&mut HeapValue> {
        self.objects.get_mut(id.index())
    }
    /// Number of objects.
    pub fn len(&self) -> usize {
        self.objects.len()
    }
    /// Whether the heap is empty.
    pub fn is_empty(&self) -> bool {
        self.objects.is_empty()
    }
    /// All objects in id order.
    pub fn iter(&self) -> impl Iterator<Item = (ObjectId, &HeapValue)> {
        self.objects
            .iter()
            .enumerate()
            .map(|(i, v)| (ObjectId(i as u32), v))
    }
    pub(crate) fn truncate(&mut self, len: usize) {
        self.objects.truncate(len);
    }
}

impl std::ops::Index<ObjectId> for Heap {
    type Output = HeapValue;
    fn index(&self, id: ObjectId) -> &HeapValue {
        &self.objects[id.index()]
    }
}
impl std::ops::IndexMut<ObjectId> for Heap {
    fn index_mut(&mut self, id: ObjectId) -> &mut HeapValue {
        &mut self.objects[id.index()]
    }
}

/// A complete value: a root plus the heap its references point into.
///
/// This is what [`crate::decode`] returns and [`crate::encode`] takes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Graph {
    /// The objects.
    pub heap: Heap,
    /// The root value.
    pub root: Value,
}

impl Graph {
    /// A graph whose root is `root` and whose heap is empty.
    pub fn new(root: Value) -> Graph {
        Graph {
            heap: Heap::new(),
            root,
        }
    }
    /// A graph built from a heap and a root.
    pub fn from_parts(heap: Heap, root: Value) -> Graph {
        Graph { heap, root }
    }
}

impl From<Value> for Graph {
    fn from(v: Value) -> Graph {
        Graph::new(v)
    }
}
