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

use crate::error::{Error, ErrorKind, Result};
use crate::reader::tag;
use crate::ser::{write_one_byte, write_smi, write_two_byte, write_varint};
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
    #[inline]
    fn int(&mut self, i: i64) {
        if let Ok(small) = i32::try_from(i) {
            write_smi(&mut self.out, small);
        } else if i.unsigned_abs() <= 1 << 53 {
            self.double(i as f64);
        } else {
            self.bigint(i < 0, i.unsigned_abs() as u128);
        }
    }
    #[inline]
    fn uint64(&mut self, u: u64) {
        if u <= i32::MAX as u64 {
            write_smi(&mut self.out, u as i32);
        } else {
            self.uint(u as u128);
        }
    }
    #[inline]
    fn uint(&mut self, u: u128) {
        if u <= i32::MAX as u128 {
            write_smi(&mut self.out, u as i32);
        } else if u <= 1 << 53 {
            self.double(u as f64);
        } else {
            self.bigint(false, u);
        }
    }
    #[inline]
    fn double(&mut self, d: f64) {
        self.out.push(tag::DOUBLE);
        self.out.extend_from_slice(&d.to_le_bytes());
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
    #[inline]
    fn str(&mut self, s: &str) {
        if s.is_ascii() {
            write_one_byte(&mut self.out, s.as_bytes());
        } else if s.chars().all(|c| (c as u32) < 0x100) {
            let b: Vec<u8> = s.chars().map(|c| c as u8).collect();
            write_one_byte(&mut self.out, &b);
        } else {
            let u: Vec<u16> = s.encode_utf16().collect();
            write_two_byte(&mut self.out, &u);
        }
    }
    fn begin_object(&mut self) {
        self.out.push(tag::BEGIN_JS_OBJECT);
    }
    fn end_object(&mut self, n: u32) {
        self.out.push(tag::END_JS_OBJECT);
        write_varint(&mut self.out, n as u64);
    }
    fn begin_array(&mut self, len: Option<usize>) -> ArrayState {
        self.out.push(tag::BEGIN_DENSE_JS_ARRAY);
        match len {
            Some(n) => {
                write_varint(&mut self.out, n as u64);
                ArrayState {
                    len_at: None,
                    count: 0,
                }
            }
            None => ArrayState {
                len_at: Some(self.out.len()),
                count: 0,
            },
        }
    }
    fn end_array(&mut self, st: ArrayState) {
        if let Some(at) = st.len_at {
            let mut v = Vec::with_capacity(5);
            write_varint(&mut v, st.count as u64);
            self.out.splice(at..at, v);
        }
        self.out.push(tag::END_DENSE_JS_ARRAY);
        self.out.push(0);
        write_varint(&mut self.out, st.count as u64);
    }
}

#[doc(hidden)]
pub struct ArrayState {
    len_at: Option<usize>,
    count: u32,
}

#[doc(hidden)]
pub struct Compound<'a> {
    ser: &'a mut WireSerializer,
    array: ArrayState,
    props: u32,
    /// Enum variants wrap their content in `{Variant: ...}`.
    close_variant: bool,
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

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out.push(if v { tag::TRUE } else { tag::FALSE });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.int(v as i64);
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.int(v as i64);
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.int(v as i64);
        Ok(())
    }
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
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.uint64(v as u64);
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.uint64(v as u64);
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.uint64(v as u64);
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.uint64(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<()> {
        self.uint(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<()> {
        self.serialize_f64(v as f64)
    }
    fn serialize_f64(self, v: f64) -> Result<()> {
        let i = v as i32;
        if i as f64 == v && !(v == 0.0 && v.is_sign_negative()) {
            write_smi(&mut self.out, i);
        } else {
            self.double(v);
        }
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.str(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
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
    fn serialize_none(self) -> Result<()> {
        self.out.push(tag::NULL);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        self.out.push(tag::NULL);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.str(variant);
        Ok(())
    }
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
        self.begin_object();
        self.str(variant);
        value.serialize(&mut *self)?;
        self.end_object(1);
        Ok(())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>> {
        let array = self.begin_array(len);
        Ok(Compound {
            ser: self,
            array,
            props: 0,
            close_variant: false,
        })
    }
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
        self.begin_object();
        self.str(variant);
        let array = self.begin_array(Some(len));
        Ok(Compound {
            ser: self,
            array,
            props: 0,
            close_variant: true,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>> {
        self.begin_object();
        Ok(Compound {
            ser: self,
            array: ArrayState {
                len_at: None,
                count: 0,
            },
            props: 0,
            close_variant: false,
        })
    }
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
        self.begin_object();
        self.str(variant);
        self.begin_object();
        Ok(Compound {
            ser: self,
            array: ArrayState {
                len_at: None,
                count: 0,
            },
            props: 0,
            close_variant: true,
        })
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.array.count += 1;
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<()> {
        self.ser.end_array(self.array);
        Ok(())
    }
}
impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
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
        self.ser.end_array(self.array);
        self.ser.end_object(1);
        Ok(())
    }
}
impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.props += 1;
        key.serialize(KeySerializer { ser: self.ser })
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<()> {
        self.ser.end_object(self.props);
        Ok(())
    }
}
impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.props += 1;
        write_one_byte_key(&mut self.ser.out, key);
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result<()> {
        self.ser.end_object(self.props);
        if self.close_variant {
            self.ser.end_object(1);
        }
        Ok(())
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
        ser::SerializeStruct::end(self)
    }
}

#[inline]
fn write_one_byte_key(out: &mut Vec<u8>, key: &str) {
    if key.is_ascii() {
        write_one_byte(out, key.as_bytes());
    } else {
        let mut w = WireSerializer {
            out: std::mem::take(out),
        };
        w.str(key);
        *out = w.out;
    }
}

/// Map keys: strings as strings, integers as index keys or strings, like JS property names.
struct KeySerializer<'a> {
    ser: &'a mut WireSerializer,
}

fn key_error() -> Error {
    Error::new(ErrorKind::Custom(
        "map keys must be strings, chars, integers or booleans".into(),
    ))
}

impl KeySerializer<'_> {
    /// Array-index keys are numbers on the wire (`I`, or `N` above the Smi range), as V8 writes them.
    fn int(self, i: i128) -> Result<()> {
        if (0..=i32::MAX as i128).contains(&i) {
            write_smi(&mut self.ser.out, i as i32);
        } else if (0..=crate::keys::MAX_INDEX as i128).contains(&i) {
            self.ser.double(i as f64);
        } else {
            self.ser.str(&i.to_string());
        }
        Ok(())
    }
}

impl ser::Serializer for KeySerializer<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.ser.str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.int(v as i128)
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.int(v as i128)
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.int(v as i128)
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.int(v as i128)
    }
    fn serialize_i128(self, v: i128) -> Result<()> {
        self.int(v)
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.int(v as i128)
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.int(v as i128)
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.int(v as i128)
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.int(v as i128)
    }
    fn serialize_u128(self, v: u128) -> Result<()> {
        match i128::try_from(v) {
            Ok(i) => self.int(i),
            Err(_) => {
                self.ser.str(&v.to_string());
                Ok(())
            }
        }
    }
    fn serialize_f32(self, _: f32) -> Result<()> {
        Err(key_error())
    }
    fn serialize_f64(self, _: f64) -> Result<()> {
        Err(key_error())
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.ser.str(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        self.ser.str(v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<()> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<()> {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<()> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        Err(key_error())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        self.ser.str(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, v: &T) -> Result<()> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_error())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_error())
    }
}
