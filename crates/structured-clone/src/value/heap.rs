//! Objects with identity, the heap that holds them, and graphs.

use super::{ArrayBuffer, View};
use super::{BigInt, Key, ObjectId, Properties, Value};
use crate::string::JsString;

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
    ///
    /// Written as held, holes as hole tags, which V8 reads. V8 itself writes
    /// an array densely only when its elements kind has no holes;
    /// [`HeapValue::array`] makes the variant V8 writes for an array literal.
    /// (V8's reader gives every array it reads a holey kind, so Node's
    /// `v8.serialize(v8.deserialize(bytes))` turns `A` into `a`.)
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
    /// `RegExp`. Written as held; [`HeapValue::regexp`] makes the source V8
    /// keeps for a pattern.
    RegExp {
        /// The source.
        pattern: JsString,
        /// Flag bits, see [`regexp_flags`](super::regexp_flags).
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

impl HeapValue {
    /// A JS array with these elements (`None` is a hole), in the form V8
    /// writes it: dense (`A`) when it has no holes, otherwise sparse (`a`)
    /// with its elements as index keys in ascending order, as V8's
    /// `WriteJSArray` chooses by elements kind.
    ///
    /// ```
    /// use structured_clone::{Graph, HeapValue, Value};
    ///
    /// // [1, , 3]: Node's `v8.Serializer` writes it sparse.
    /// let mut g = Graph::new(Value::Undefined);
    /// let holey = HeapValue::array(vec![Some(Value::Int32(1)), None, Some(Value::Int32(3))]);
    /// g.root = Value::Object(g.heap.insert(holey));
    /// let mut ser = structured_clone::Serializer::new();
    /// ser.write_header();
    /// ser.write_value(&g.heap, &g.root)?;
    /// assert_eq!(ser.release(), b"\xff\x0f\x61\x03\x49\x00\x49\x02\x49\x04\x49\x06\x40\x02\x03");
    ///
    /// // [1, 3] has no holes: dense.
    /// let packed = HeapValue::array(vec![Some(Value::Int32(1)), Some(Value::Int32(3))]);
    /// assert!(matches!(packed, HeapValue::DenseArray { .. }));
    /// # Ok::<(), structured_clone::Error>(())
    /// ```
    pub fn array(elements: Vec<Option<Value>>) -> HeapValue {
        let length = match u32::try_from(elements.len()) {
            Ok(n) if elements.iter().any(Option::is_none) => n,
            // No holes; or longer than any JS array, which the writer refuses.
            _ => {
                return HeapValue::DenseArray {
                    elements,
                    properties: Vec::new(),
                }
            }
        };
        let properties = (0..length)
            .zip(elements)
            .filter_map(|(i, v)| Some((index_key(i), v?)))
            .collect();
        HeapValue::SparseArray { length, properties }
    }

    /// `new RegExp(pattern, flags)` in the form V8 writes it: the source as
    /// V8 keeps it (`(?:)` for the empty pattern; `/` outside a character
    /// class and line terminators escaped, as `RegExp.prototype.source`
    /// shows). Flags are [`regexp_flags`](super::regexp_flags) bits. The
    /// pattern is not compiled here; the reader checks it.
    ///
    /// ```
    /// use structured_clone::{regexp_flags, HeapValue, JsString};
    ///
    /// let re = HeapValue::regexp("a/b\n", regexp_flags::GLOBAL);
    /// let HeapValue::RegExp { pattern, .. } = &re else { unreachable!() };
    /// assert_eq!(*pattern, JsString::from("a\\/b\\n"));
    /// ```
    pub fn regexp(pattern: impl Into<JsString>, flags: u32) -> HeapValue {
        HeapValue::RegExp {
            pattern: super::regexp_source::v8_source(&pattern.into()),
            flags,
        }
    }

    /// Whether a view may stand over this object: any kind of buffer,
    /// transferred ones included (V8's reader accepts a view after each).
    pub fn is_buffer(&self) -> bool {
        matches!(
            self,
            HeapValue::ArrayBuffer(_)
                | HeapValue::SharedArrayBuffer { .. }
                | HeapValue::WasmSharedArrayBuffer { .. }
                | HeapValue::WasmGrowableSharedArrayBuffer { .. }
                | HeapValue::TransferredArrayBuffer { .. }
        )
    }
}

/// The key for array index `i`: an int32 up to `i32::MAX` (V8's Smi range on
/// 64-bit builds without pointer compression), a double above.
fn index_key(i: u32) -> Key {
    match i32::try_from(i) {
        Ok(small) => Key::Int32(small),
        Err(_) => Key::Double(f64::from(i)),
    }
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
    /// The slot of object `id`, for the reader's `fill!` (see there).
    #[inline(always)]
    pub(crate) fn slot_mut(&mut self, id: ObjectId) -> Option<&mut HeapValue> {
        self.objects.get_mut(id.index())
    }
    /// An empty heap with room for `capacity` objects.
    pub(crate) fn with_capacity(capacity: usize) -> Heap {
        Heap {
            objects: Vec::with_capacity(capacity),
        }
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
