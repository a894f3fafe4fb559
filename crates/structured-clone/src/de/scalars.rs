//! Scalars: BigInts, strings and property keys.

use super::{uint32_value, Deserializer, DeserializerDelegate};
use crate::error::{Error, ErrorKind, Result};
use crate::reader::tag;
use crate::string::JsString;
use crate::value::{BigInt, Key, Value};

impl<'a, D: DeserializerDelegate> Deserializer<'a, D> {
    pub(super) fn read_bigint(&mut self) -> Result<BigInt> {
        let at = self.r.position();
        let bitfield = self.r.varint32("a BigInt bitfield")?;
        let negative = bitfield & 1 == 1;
        let byte_len = (bitfield >> 1) as u64;
        // BigInt::kMaxLengthBits is 2^30, i.e. 2^27 bytes.
        if byte_len > (1 << 27) {
            return Err(Error::at(
                ErrorKind::Length {
                    what: "BigInt",
                    len: byte_len,
                    limit: 1 << 27,
                },
                at,
            ));
        }
        let bytes = self.r.raw(byte_len, "BigInt digits")?;
        if byte_len == 0 && negative {
            return Err(Error::at(ErrorKind::NegativeZeroBigInt, at));
        }
        let digit = |chunk: &[u8]| {
            let mut d = [0u8; 8];
            d[..chunk.len()].copy_from_slice(chunk);
            u64::from_le_bytes(d)
        };
        if bytes.len() <= 8 {
            // The common small BigInt: no digit vector.
            return Ok(BigInt::from_digits(negative, &[digit(bytes)]));
        }
        let digits: Vec<u64> = bytes.chunks(8).map(digit).collect();
        Ok(BigInt::from_digits(negative, &digits))
    }

    /// V8 `ReadString`: any value that turns out to be a string.
    pub(super) fn read_string(&mut self) -> Result<JsString> {
        let at = self.r.position();
        match self.read_value_inner()? {
            Value::String(s) => Ok(s),
            _ => Err(Error::at(ErrorKind::ExpectedString, at)),
        }
    }

    #[inline]
    pub(super) fn read_key(&mut self) -> Result<Key> {
        // The common key: a short one-byte string, copied inline.
        let rest = &self.r.data()[self.r.position()..];
        if let [tag::ONE_BYTE_STRING, len, ..] = *rest {
            if len < 0x80 && rest.len() >= 2 + len as usize {
                self.r.skip(2 + len as usize);
                return Ok(Key::String(JsString::one_byte_prefix(
                    &rest[2..],
                    len as usize,
                )));
            }
        }
        self.read_key_slow()
    }

    fn read_key_slow(&mut self) -> Result<Key> {
        let t = self.r.value_tag()?;
        Ok(match t {
            // Short one-byte keys are inline in the `JsString`: no allocation.
            tag::ONE_BYTE_STRING | tag::TWO_BYTE_STRING | tag::UTF8_STRING => {
                Key::String(self.r.string_body(t)?)
            }
            tag::INT32 => Key::Int32(self.r.zigzag32()?),
            tag::UINT32 => match uint32_value(self.r.varint32("a uint32 varint")?) {
                Value::Int32(i) => Key::Int32(i),
                v => Key::Double(v.as_f64().unwrap_or(0.0)),
            },
            tag::DOUBLE => Key::Double(self.r.double("a double key")?),
            _ => return Err(Error::at(ErrorKind::InvalidKey, self.r.position() - 1)),
        })
    }
}

/// UTF-16 code units from little-endian bytes (a plain copy on little-endian hosts).
pub(crate) fn utf16_from_le_bytes(bytes: &[u8]) -> Vec<u16> {
    let n = bytes.len() / 2;
    #[cfg(target_endian = "little")]
    {
        let mut v: Vec<u16> = Vec::with_capacity(n);
        // SAFETY: the destination has capacity for `n` u16 (2n bytes), the source
        // holds at least 2n bytes, the regions are distinct allocations, and every
        // bit pattern is a valid u16; `set_len` follows the full initialisation.
        unsafe {
            std::ptr::copy_nonoverlapping(bytes.as_ptr(), v.as_mut_ptr().cast::<u8>(), n * 2);
            v.set_len(n);
        }
        v
    }
    #[cfg(not(target_endian = "little"))]
    {
        bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect()
    }
}
