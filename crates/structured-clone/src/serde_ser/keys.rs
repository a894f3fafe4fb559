//! Map keys: strings as strings, integers as index keys or strings, like JS property names.

use super::WireSerializer;
use crate::error::{Error, ErrorKind, Result};
use serde::ser::{self, Serialize};

/// Map keys: strings as strings, integers as index keys or strings, like JS property names.
pub(super) struct KeySerializer<'a> {
    pub(super) ser: &'a mut WireSerializer,
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
            self.ser.smi(i as i32);
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
