//! The value model: everything V8's `ValueSerializer` can write, losslessly.
//!
//! Primitives live in [`Value`]; everything that has identity in JavaScript
//! (objects, arrays, dates, buffers, ...) lives in a [`Heap`] arena and is
//! referred to by an [`ObjectId`]. A [`Graph`] is a heap plus its root value,
//! so shared references and cycles are ordinary data.

use crate::string::JsString;

mod bigint;
mod heap;
mod regexp_source;
mod views;

pub use bigint::BigInt;
pub use heap::{ErrorObject, ErrorPrototype, Graph, Heap, HeapValue};
pub use views::{ArrayBuffer, View, ViewKind};

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
