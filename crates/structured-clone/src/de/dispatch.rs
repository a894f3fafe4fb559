//! The value dispatch: object ids, nesting bookkeeping, the inline fast path
//! for common primitives, and the tag switch that hands each value to its reader.

use super::{
    Deserializer, DeserializerDelegate, RESERVED, STACK_CHECK_EVERY, STACK_RED_ZONE, STACK_SEGMENT,
};
use crate::error::{Error, ErrorKind, Result, TagByte};
use crate::reader::tag;
use crate::string::JsString;
use crate::value::{HeapValue, ObjectId, Value};

impl<'a, D: DeserializerDelegate> Deserializer<'a, D> {
    // ---- object registry ----

    /// Allocates the next wire id and an arena slot holding `placeholder`.
    pub(super) fn reserve(&mut self, placeholder: HeapValue) -> ObjectId {
        let id = self.heap.insert(placeholder);
        if self.mapped {
            self.ids.push(id.0);
        }
        id
    }
    /// Allocates a wire id that is registered later (error objects).
    pub(super) fn reserve_id_only(&mut self) -> usize {
        self.map_ids();
        self.ids.push(RESERVED);
        self.ids.len() - 1
    }
    /// Adds an object that gets no wire id (a shared object: V8's
    /// `ReadSharedObject` allocates none, so later ids do not count it).
    pub(super) fn insert_unnumbered(&mut self, v: HeapValue) -> ObjectId {
        self.map_ids();
        self.heap.insert(v)
    }
    /// Gives the next wire id to the existing object `id` (a repeated transfer).
    pub(super) fn alias_id(&mut self, id: ObjectId) {
        self.map_ids();
        self.ids.push(id.0);
    }
    /// Switches from "wire id = arena index" to the explicit table.
    fn map_ids(&mut self) {
        if !self.mapped {
            self.ids.clear();
            self.ids.extend(0..self.heap.len() as u32);
            self.mapped = true;
        }
    }
    /// The object a back-reference names, if registered.
    #[inline]
    pub(super) fn lookup(&self, wire: u32) -> Option<ObjectId> {
        if self.mapped {
            match self.ids.get(wire as usize) {
                Some(&idx) if idx != RESERVED => Some(ObjectId(idx)),
                _ => None,
            }
        } else {
            ((wire as usize) < self.heap.len()).then_some(ObjectId(wire))
        }
    }

    /// The common primitives (Smis, doubles, short one-byte strings, booleans,
    /// null, undefined) read inline, without nesting bookkeeping; `None` for
    /// anything else (nothing consumed). Applies the same depth limit.
    #[inline(always)]
    pub(super) fn primitive(&mut self) -> Option<Value> {
        if self.depth >= self.max_depth {
            return None;
        }
        let rest = &self.r.data()[self.r.position()..];
        let (v, n) = match *rest {
            [tag::INT32, z, ..] if z < 0x80 => (Value::Int32(unzigzag(z as u32)), 2),
            // Two- and three-byte varints (up to 2^21: ids, counters, years).
            [tag::INT32, z0, z1, ..] if z1 < 0x80 => {
                let u = (z0 & 0x7f) as u32 | (z1 as u32) << 7;
                (Value::Int32(unzigzag(u)), 3)
            }
            [tag::INT32, z0, z1, z2, ..] if z2 < 0x80 => {
                let u = (z0 & 0x7f) as u32 | ((z1 & 0x7f) as u32) << 7 | (z2 as u32) << 14;
                (Value::Int32(unzigzag(u)), 4)
            }
            [tag::DOUBLE, ..] if rest.len() >= 9 => {
                let d = f64::from_le_bytes(rest[1..9].try_into().unwrap_or_default());
                (Value::Double(if d.is_nan() { f64::NAN } else { d }), 9)
            }
            [tag::ONE_BYTE_STRING, len, ..] if len < 0x80 && rest.len() >= 2 + len as usize => (
                Value::String(JsString::one_byte_prefix(&rest[2..], len as usize)),
                2 + len as usize,
            ),
            [tag::TRUE, ..] => (Value::Bool(true), 1),
            [tag::FALSE, ..] => (Value::Bool(false), 1),
            [tag::NULL, ..] => (Value::Null, 1),
            [tag::UNDEFINED, ..] => (Value::Undefined, 1),
            _ => return None,
        };
        self.r.skip(n);
        Some(v)
    }

    /// `read_value_inner` with [`Self::primitive`] tried first.
    #[inline(always)]
    pub(super) fn read_value_fast(&mut self) -> Result<Value> {
        match self.primitive() {
            Some(v) => Ok(v),
            None => self.read_value_inner(),
        }
    }

    pub(super) fn read_value_inner(&mut self) -> Result<Value> {
        if self.object_start() {
            return self.read_object_value().map(Value::Object);
        }
        if self.depth >= self.max_depth {
            return Err(self.r.err(ErrorKind::DepthLimit(self.max_depth)));
        }
        self.depth += 1;
        // Recursion is bounded by `max_depth`; stacker keeps even a small thread
        // stack (or an unoptimised build) from overflowing before the limit.
        let result = if self.depth % STACK_CHECK_EVERY == 0 {
            stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || {
                self.read_object_internal()
            })
        } else {
            self.read_object_internal()
        };
        // A buffer may be followed by a view of it (checked tag-first: cheap).
        let result = match result {
            Ok(Value::Object(id))
                if self.r.peek_tag() == Some(tag::ARRAY_BUFFER_VIEW)
                    && self.heap[id].is_buffer() =>
            {
                self.r.consume_tag();
                self.read_view(id).map(Value::Object)
            }
            other => other,
        };
        self.depth -= 1;
        result
    }

    /// Whether the next byte starts a value [`Self::read_object_value`] reads.
    #[inline(always)]
    pub(super) fn object_start(&self) -> bool {
        matches!(
            self.r.data().get(self.r.position()),
            Some(
                &(tag::BEGIN_JS_OBJECT
                    | tag::BEGIN_DENSE_JS_ARRAY
                    | tag::BEGIN_SPARSE_JS_ARRAY
                    | tag::OBJECT_REFERENCE
                    | tag::DATE)
            )
        )
    }

    /// [`Self::read_value_inner`] for a value that [`Self::object_start`]
    /// accepts, returning the bare id: small enough to come back in registers,
    /// where a `Value` comes back through memory, written in parts and reloaded
    /// whole by each caller (a store-forwarding stall per level).
    pub(super) fn read_object_value(&mut self) -> Result<ObjectId> {
        if self.depth >= self.max_depth {
            return Err(self.r.err(ErrorKind::DepthLimit(self.max_depth)));
        }
        self.depth += 1;
        // The result is passed on untouched, so it is written once, in place.
        let result = if self.depth % STACK_CHECK_EVERY == 0 {
            self.read_object_body_on_big_stack()
        } else {
            self.read_object_body()
        };
        self.depth -= 1;
        result
    }

    #[cold]
    #[inline(never)]
    fn read_object_body_on_big_stack(&mut self) -> Result<ObjectId> {
        stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || self.read_object_body())
    }

    fn read_object_body(&mut self) -> Result<ObjectId> {
        let t = self.r.tag()?;
        let at = self.r.position() - 1;
        match t {
            tag::BEGIN_JS_OBJECT => self.read_js_object(),
            tag::BEGIN_DENSE_JS_ARRAY => self.read_dense_array(),
            tag::BEGIN_SPARSE_JS_ARRAY => self.read_sparse_array(),
            tag::OBJECT_REFERENCE => {
                let id = self.r.varint32("an object id")?;
                let Some(id) = self.lookup(id) else {
                    return Err(Error::at(ErrorKind::UnknownReference(id), at));
                };
                // A buffer may be followed by a view of it (only a reference,
                // of the values read here, can name a buffer).
                if self.r.peek_tag() == Some(tag::ARRAY_BUFFER_VIEW) && self.heap[id].is_buffer() {
                    self.r.consume_tag();
                    return self.read_view(id);
                }
                Ok(id)
            }
            tag::DATE => {
                let t = self.r.double("a date value")?;
                Ok(self.reserve(HeapValue::Date(time_clip(t))))
            }
            // Not reached: callers check `object_start` first.
            other => Err(Error::at(
                ErrorKind::UnexpectedTag {
                    expected: "a value tag",
                    found: TagByte(other),
                },
                at,
            )),
        }
    }

    pub(super) fn read_object_internal(&mut self) -> Result<Value> {
        let t = self.r.value_tag()?;
        let at = self.r.position() - 1;
        Ok(match t {
            tag::UNDEFINED => Value::Undefined,
            tag::NULL => Value::Null,
            tag::TRUE => Value::Bool(true),
            tag::FALSE => Value::Bool(false),
            tag::INT32 => Value::Int32(self.r.zigzag32()?),
            tag::UINT32 => uint32_value(self.r.varint32("a uint32 varint")?),
            tag::DOUBLE => Value::Double(self.r.double("a double")?),
            tag::BIGINT => Value::BigInt(self.read_bigint()?),
            tag::UTF8_STRING | tag::ONE_BYTE_STRING | tag::TWO_BYTE_STRING => {
                Value::String(self.r.string_body(t)?)
            }
            tag::OBJECT_REFERENCE => {
                let id = self.r.varint32("an object id")?;
                match self.lookup(id) {
                    Some(id) => Value::Object(id),
                    None => return Err(Error::at(ErrorKind::UnknownReference(id), at)),
                }
            }
            tag::BEGIN_JS_OBJECT => Value::Object(self.read_js_object()?),
            tag::BEGIN_SPARSE_JS_ARRAY => Value::Object(self.read_sparse_array()?),
            tag::BEGIN_DENSE_JS_ARRAY => Value::Object(self.read_dense_array()?),
            tag::DATE => {
                let t = self.r.double("a date value")?;
                Value::Object(self.reserve(HeapValue::Date(time_clip(t))))
            }
            tag::TRUE_OBJECT => Value::Object(self.reserve(HeapValue::BooleanObject(true))),
            tag::FALSE_OBJECT => Value::Object(self.reserve(HeapValue::BooleanObject(false))),
            tag::NUMBER_OBJECT => {
                let n = self.r.double("a number object value")?;
                Value::Object(self.reserve(HeapValue::NumberObject(n)))
            }
            tag::BIGINT_OBJECT => {
                let b = self.read_bigint()?;
                Value::Object(self.reserve(HeapValue::BigIntObject(b)))
            }
            tag::STRING_OBJECT => {
                let id = self.reserve(HeapValue::StringObject(JsString::default()));
                let s = self.read_string()?;
                fill!(self.heap, id, HeapValue::StringObject(s));
                Value::Object(id)
            }
            tag::REGEXP => self.read_regexp()?,
            tag::BEGIN_JS_MAP => self.read_map()?,
            tag::BEGIN_JS_SET => self.read_set()?,
            tag::ARRAY_BUFFER | tag::RESIZABLE_ARRAY_BUFFER | tag::IMMUTABLE_ARRAY_BUFFER => {
                self.read_array_buffer(t)?
            }
            tag::ARRAY_BUFFER_TRANSFER => self.read_transferred(at)?,
            tag::SHARED_ARRAY_BUFFER => Value::Object(self.read_shared_array_buffer(at)?),
            tag::ERROR => self.read_error()?,
            tag::HOST_OBJECT => self.read_host_object()?,
            // Older data does not know the tag (V8 treats it as unknown).
            tag::SHARED_OBJECT if self.version >= 15 => Value::Object(self.read_shared_object(at)?),
            tag::WASM_MODULE_TRANSFER => Value::Object(self.read_wasm_module(at)?),
            tag::WASM_MEMORY_TRANSFER => Value::Object(self.read_wasm_memory()?),
            other => {
                return Err(Error::at(
                    ErrorKind::UnexpectedTag {
                        expected: "a value tag",
                        found: TagByte(other),
                    },
                    at,
                ))
            }
        })
    }
}

#[inline(always)]
fn unzigzag(u: u32) -> i32 {
    ((u >> 1) as i32) ^ -((u & 1) as i32)
}

pub(super) fn relocate(e: Error, at: usize) -> Error {
    if e.offset().is_some() {
        e
    } else {
        Error::at(e.kind().clone(), at)
    }
}

/// `U` values become Smis when they fit (Node x64 has 32-bit Smis).
pub(super) fn uint32_value(u: u32) -> Value {
    if u <= i32::MAX as u32 {
        Value::Int32(u as i32)
    } else {
        Value::Double(u as f64)
    }
}

/// ECMAScript TimeClip, applied by `JSDate::New`.
pub(super) fn time_clip(t: f64) -> f64 {
    if !t.is_finite() || t.abs() > 8.64e15 {
        f64::NAN
    } else {
        t.trunc() + 0.0 // +0.0 turns -0 into +0
    }
}

#[cfg(test)]
mod tests {
    use crate::{ArrayBuffer, Deserializer, HeapValue, ObjectId, Value};

    fn dense_elements(bytes: &[u8], transfer: bool) -> Vec<Option<Value>> {
        let mut de = Deserializer::new(bytes);
        if transfer {
            de.transfer_array_buffer(0, ArrayBuffer::new(vec![1]));
        }
        de.read_header().unwrap();
        let root = de.read_value().unwrap();
        let heap = de.into_heap();
        match (root, heap.get(ObjectId(0))) {
            (Value::Object(ObjectId(0)), Some(HeapValue::DenseArray { elements, .. })) => {
                elements.clone()
            }
            other => panic!("not a dense array: {other:?}"),
        }
    }

    /// Smis of every varint length, as a property, an element and the root.
    #[test]
    fn int32_varints_of_every_length() {
        use crate::{decode, encode, Graph, Heap, Key};
        for v in [
            0,
            -1,
            63,
            -64,
            64,
            -65,
            8191,
            -8192,
            8192,
            1_048_575,
            -1_048_576,
            1_048_576,
            i32::MAX,
            i32::MIN,
        ] {
            let mut heap = Heap::new();
            let arr = heap.insert(HeapValue::DenseArray {
                elements: vec![Some(Value::Int32(v))],
                properties: vec![],
            });
            let root = heap.insert(HeapValue::Object(vec![
                (Key::from("a"), Value::Int32(v)),
                (Key::from("b"), Value::Object(arr)),
            ]));
            let g = Graph::from_parts(heap, Value::Object(root));
            let bytes = encode(&g).unwrap();
            let d = decode(&bytes).unwrap();
            let Value::Object(r) = d.root else {
                panic!("{v}: root")
            };
            let HeapValue::Object(props) = &d.heap[r] else {
                panic!("{v}: object")
            };
            assert_eq!(props[0].1, Value::Int32(v));
            let Value::Object(a) = props[1].1 else {
                panic!("{v}: array")
            };
            assert!(
                matches!(&d.heap[a], HeapValue::DenseArray { elements, .. } if elements == &[Some(Value::Int32(v))]),
                "{v}"
            );
            // The serde reader has its own inline path.
            let wire = crate::to_vec(&(v, vec![v])).unwrap();
            let back: (i32, Vec<i32>) = crate::from_slice(&wire).unwrap();
            assert_eq!(back, (v, vec![v]));
            assert_eq!(
                crate::from_slice::<i32>(&crate::to_vec(&v).unwrap()).unwrap(),
                v
            );
            let bytes = encode(&Graph::new(Value::Int32(v))).unwrap();
            assert_eq!(decode(&bytes).unwrap().root, Value::Int32(v), "{v}");
        }
        // Over-long encodings read as V8 reads them.
        let bytes = [
            0xff, 0x0f, b'A', 2, b'I', 0x80, 0x00, b'I', 0x81, 0x80, 0x00, b'$', 0, 2,
        ];
        let mut de = Deserializer::new(&bytes);
        de.read_header().unwrap();
        let root = de.read_value().unwrap();
        let heap = de.into_heap();
        match (root, heap.get(ObjectId(0))) {
            (Value::Object(_), Some(HeapValue::DenseArray { elements, .. })) => {
                assert_eq!(elements, &[Some(Value::Int32(0)), Some(Value::Int32(-1))])
            }
            other => panic!("{other:?}"),
        }
    }

    /// Wire ids are arena indices until a repeated transfer or an Error
    /// breaks the correspondence; references resolve either way.
    #[test]
    fn references_after_the_id_table_takes_over() {
        let obj = |i| Some(Value::Object(ObjectId(i)));
        // [t0, t0, {}, ^3]: the second transfer reuses arena 1 as wire id 2.
        let bytes = [
            0xff, 0x0f, b'A', 4, b't', 0, b't', 0, b'o', b'{', 0, b'^', 3, b'$', 0, 4,
        ];
        assert_eq!(
            dense_elements(&bytes, true),
            [obj(1), obj(1), obj(2), obj(2)]
        );
        // [error, ^1, {}, ^2]
        let bytes = [
            0xff, 0x0f, b'A', 4, b'r', b'.', b'^', 1, b'o', b'{', 0, b'^', 2, b'$', 0, 4,
        ];
        assert_eq!(
            dense_elements(&bytes, false),
            [obj(1), obj(1), obj(2), obj(2)]
        );
        // Identity: [{}, ^1, ^0] (^0 is the array itself).
        let bytes = [
            0xff, 0x0f, b'A', 3, b'o', b'{', 0, b'^', 1, b'^', 0, b'$', 0, 3,
        ];
        assert_eq!(dense_elements(&bytes, false), [obj(1), obj(1), obj(0)]);
        // A reference past the objects read so far.
        let bytes = [0xff, 0x0f, b'A', 1, b'^', 1, b'$', 0, 1];
        let mut de = Deserializer::new(&bytes);
        de.read_header().unwrap();
        assert!(de.read_value().is_err());
    }
}
