//! `serde` serialization straight to wire bytes ([`to_vec`]).
//!
//! Mapping (the same shapes `JSON.parse` would give, plus what JSON lacks):
//!
//! | Rust | JavaScript (wire) |
//! |---|---|
//! | `bool` | boolean |
//! | integers in the i32 range | number as a Smi (`I`) |
//! | other integers up to ±2^53 | number (`N`) |
//! | integers beyond ±2^53 (`u64`, `i64`, `i128`, `u128`) | BigInt (`Z`), so nothing is rounded |
//! | `f32`/`f64` | number (`I` when integral and in i32 range, like V8) |
//! | `char`, `&str`, `String` | string (one-byte if Latin-1, else two-byte) |
//! | `&[u8]` via `serde_bytes`/`serialize_bytes` | Node `Buffer` (DefaultSerializer host object) |
//! | `None`, `()`, unit structs | `null` |
//! | `Some(x)`, newtype structs | `x` |
//! | sequences, tuples, tuple structs | dense array |
//! | maps, structs | plain object (keys in serde order; string keys stay strings) |
//! | enums | externally tagged like serde_json: `"Unit"`, `{"Newtype": x}`, `{"Tuple": [..]}`, `{"Struct": {..}}` |
//!
//! Map keys must be strings, chars, integers or booleans (written as their string).

mod keys;
mod out;

use crate::error::{Error, ErrorKind, Result};
use crate::reader::tag;
use crate::ser::{write_two_byte, write_varint};
use keys::KeySerializer;
use serde::ser::{self, Serialize};

/// Serializes `value` as Node's `v8.serialize` would serialize its JavaScript shape
/// (version 15 header, one value).
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Point { x: i32, y: i32 }
/// let bytes = structured_clone::to_vec(&Point { x: 1, y: 2 })?;
/// assert_eq!(bytes, b"\xff\x0fo\"\x01xI\x02\"\x01yI\x04{\x02");
/// # Ok::<(), structured_clone::Error>(())
/// ```
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let mut s = WireSerializer {
        out: Vec::with_capacity(128),
    };
    s.out
        .extend_from_slice(&[tag::VERSION, crate::ser::DEFAULT_WRITE_VERSION as u8]);
    value.serialize(&mut s)?;
    Ok(s.out)
}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error::new(ErrorKind::Custom(msg.to_string()))
    }
}

struct WireSerializer {
    out: Vec<u8>,
}

impl WireSerializer {
    #[inline(always)]
    fn byte(&mut self, b: u8) {
        self.out.push(b);
    }
    #[inline(always)]
    fn smi(&mut self, i: i32) {
        out::tag_varint(
            &mut self.out,
            tag::INT32,
            ((i << 1) ^ (i >> 31)) as u32 as u64,
        );
    }
    #[inline]
    fn int(&mut self, i: i64) {
        if let Ok(small) = i32::try_from(i) {
            self.smi(small);
        } else if i.unsigned_abs() <= 1 << 53 {
            self.double(i as f64);
        } else {
            self.bigint(i < 0, i.unsigned_abs() as u128);
        }
    }
    #[inline]
    fn uint(&mut self, u: u128) {
        if u <= i32::MAX as u128 {
            self.smi(u as i32);
        } else if u <= 1 << 53 {
            self.double(u as f64);
        } else {
            self.bigint(false, u);
        }
    }
    #[inline(always)]
    fn double(&mut self, d: f64) {
        out::tag_f64(&mut self.out, tag::DOUBLE, d);
    }
    fn bigint(&mut self, negative: bool, mag: u128) {
        let digits = if mag >> 64 == 0 { 1 } else { 2 };
        self.out.push(tag::BIGINT);
        write_varint(&mut self.out, ((digits * 8) << 1) as u64 | negative as u64);
        self.out.extend_from_slice(&(mag as u64).to_le_bytes());
        if digits == 2 {
            self.out
                .extend_from_slice(&((mag >> 64) as u64).to_le_bytes());
        }
    }
    /// A string: one-byte when every char is Latin-1, else two-byte.
    #[inline(always)]
    fn str(&mut self, s: &str) {
        if !out::try_short_ascii(&mut self.out, s.as_bytes()) {
            self.str_long(s);
        }
    }
    #[inline(never)]
    fn str_long(&mut self, s: &str) {
        if s.is_ascii() {
            self.one_byte(s.as_bytes());
        } else if s.chars().all(|c| (c as u32) < 0x100) {
            let b: Vec<u8> = s.chars().map(|c| c as u8).collect();
            self.one_byte(&b);
        } else {
            let u: Vec<u16> = s.encode_utf16().collect();
            write_two_byte(&mut self.out, &u);
        }
    }
    fn one_byte(&mut self, b: &[u8]) {
        self.out.reserve(b.len() + 11);
        self.out.push(tag::ONE_BYTE_STRING);
        write_varint(&mut self.out, b.len() as u64);
        self.out.extend_from_slice(b);
    }
    #[inline(always)]
    fn begin_object(&mut self) {
        self.byte(tag::BEGIN_JS_OBJECT);
    }
    #[inline(always)]
    fn end_object(&mut self, n: u32) {
        out::tag_varint(&mut self.out, tag::END_JS_OBJECT, n as u64);
    }
    /// `A length`; an unknown length is inserted at `end_array`.
    #[inline]
    fn begin_array(&mut self, len: Option<usize>) -> usize {
        match len {
            Some(n) if n <= u32::MAX as usize => {
                out::tag_varint(&mut self.out, tag::BEGIN_DENSE_JS_ARRAY, n as u64);
                KNOWN_LENGTH
            }
            _ => {
                self.byte(tag::BEGIN_DENSE_JS_ARRAY);
                self.out.len()
            }
        }
    }
    #[inline]
    fn end_array(&mut self, len_at: usize, count: u32) {
        if len_at != KNOWN_LENGTH {
            let mut v = Vec::with_capacity(5);
            write_varint(&mut v, count as u64);
            self.out.splice(len_at..len_at, v);
        }
        out::tag_zero_varint(&mut self.out, tag::END_DENSE_JS_ARRAY, count as u64);
    }
    /// `{Variant: ` of an externally tagged enum.
    fn begin_variant(&mut self, variant: &str) {
        self.begin_object();
        self.str(variant);
    }
}

/// `Compound::len_at` of an array whose length was written up front.
const KNOWN_LENGTH: usize = usize::MAX;

/// An array, object or enum variant being written.
#[doc(hidden)]
pub struct Compound<'a> {
    ser: &'a mut WireSerializer,
    /// Elements or properties written so far.
    count: u32,
    /// Where an array's length goes when it was not known up front.
    len_at: usize,
    /// Enum variants wrap their content in `{Variant: ...}`.
    close_variant: bool,
}

impl<'a> Compound<'a> {
    #[inline(always)]
    fn new(ser: &'a mut WireSerializer, len_at: usize, close_variant: bool) -> Self {
        Compound {
            ser,
            count: 0,
            len_at,
            close_variant,
        }
    }
}

impl<'a> ser::Serializer for &'a mut WireSerializer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    #[inline]
    fn serialize_bool(self, v: bool) -> Result<()> {
        self.byte(if v { tag::TRUE } else { tag::FALSE });
        Ok(())
    }
    #[inline]
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.smi(v as i32);
        Ok(())
    }
    #[inline]
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.smi(v as i32);
        Ok(())
    }
    #[inline]
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.smi(v);
        Ok(())
    }
    #[inline]
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.int(v);
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<()> {
        match i64::try_from(v) {
            Ok(small) => self.int(small),
            Err(_) => self.bigint(v < 0, v.unsigned_abs()),
        }
        Ok(())
    }
    #[inline]
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.smi(v as i32);
        Ok(())
    }
    #[inline]
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.smi(v as i32);
        Ok(())
    }
    #[inline]
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.serialize_u64(v as u64)
    }
    #[inline]
    fn serialize_u64(self, v: u64) -> Result<()> {
        if v <= i32::MAX as u64 {
            self.smi(v as i32);
        } else {
            self.uint(v as u128);
        }
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<()> {
        self.uint(v);
        Ok(())
    }
    #[inline]
    fn serialize_f32(self, v: f32) -> Result<()> {
        self.serialize_f64(v as f64)
    }
    #[inline]
    fn serialize_f64(self, v: f64) -> Result<()> {
        // V8 writes integral numbers in the Smi range as Smis (but not -0).
        let i = v as i32;
        if i as f64 == v && !(v == 0.0 && v.is_sign_negative()) {
            self.smi(i);
        } else {
            self.double(v);
        }
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.str(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    #[inline]
    fn serialize_str(self, v: &str) -> Result<()> {
        self.str(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        // Node's DefaultSerializer host object for a Buffer: `\ 10 len bytes`.
        self.out.reserve(v.len() + 8);
        self.out.push(tag::HOST_OBJECT);
        write_varint(
            &mut self.out,
            crate::ViewKind::NodeBuffer.node_index() as u64,
        );
        write_varint(&mut self.out, v.len() as u64);
        self.out.extend_from_slice(v);
        Ok(())
    }
    #[inline]
    fn serialize_none(self) -> Result<()> {
        self.byte(tag::NULL);
        Ok(())
    }
    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    #[inline]
    fn serialize_unit(self) -> Result<()> {
        self.byte(tag::NULL);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.str(variant);
        Ok(())
    }
    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.begin_variant(variant);
        value.serialize(&mut *self)?;
        self.end_object(1);
        Ok(())
    }
    #[inline]
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>> {
        let len_at = self.begin_array(len);
        Ok(Compound::new(self, len_at, false))
    }
    #[inline]
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>> {
        self.begin_variant(variant);
        let len_at = self.begin_array(Some(len));
        Ok(Compound::new(self, len_at, true))
    }
    #[inline]
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>> {
        self.begin_object();
        Ok(Compound::new(self, KNOWN_LENGTH, false))
    }
    #[inline]
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>> {
        self.begin_variant(variant);
        self.begin_object();
        Ok(Compound::new(self, KNOWN_LENGTH, true))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.count += 1;
        value.serialize(&mut *self.ser)
    }
    #[inline]
    fn end(self) -> Result<()> {
        self.ser.end_array(self.len_at, self.count);
        if self.close_variant {
            self.ser.end_object(1);
        }
        Ok(())
    }
}
impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    #[inline]
    fn end(self) -> Result<()> {
        ser::SerializeSeq::end(self)
    }
}
impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<()> {
        ser::SerializeSeq::end(self)
    }
}
impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<()> {
        ser::SerializeSeq::end(self)
    }
}
impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.count += 1;
        key.serialize(KeySerializer { ser: self.ser })
    }
    #[inline]
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self.ser)
    }
    #[inline]
    fn end(self) -> Result<()> {
        self.ser.end_object(self.count);
        if self.close_variant {
            self.ser.end_object(1);
        }
        Ok(())
    }
}
impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.count += 1;
        self.ser.str(key);
        value.serialize(&mut *self.ser)
    }
    #[inline]
    fn end(self) -> Result<()> {
        ser::SerializeMap::end(self)
    }
}
impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<()> {
        ser::SerializeMap::end(self)
    }
}
