//! A bounds-checked cursor over wire bytes with V8's primitive readers.

use crate::error::{Error, ErrorKind, Result};
use crate::string::JsString;

/// Tag bytes (V8 `SerializationTag`).
pub(crate) mod tag {
    pub const VERSION: u8 = 0xFF;
    pub const PADDING: u8 = 0x00;
    pub const VERIFY_OBJECT_COUNT: u8 = b'?';
    pub const THE_HOLE: u8 = b'-';
    pub const UNDEFINED: u8 = b'_';
    pub const NULL: u8 = b'0';
    pub const TRUE: u8 = b'T';
    pub const FALSE: u8 = b'F';
    pub const INT32: u8 = b'I';
    pub const UINT32: u8 = b'U';
    pub const DOUBLE: u8 = b'N';
    pub const BIGINT: u8 = b'Z';
    pub const UTF8_STRING: u8 = b'S';
    pub const ONE_BYTE_STRING: u8 = b'"';
    pub const TWO_BYTE_STRING: u8 = b'c';
    pub const OBJECT_REFERENCE: u8 = b'^';
    pub const BEGIN_JS_OBJECT: u8 = b'o';
    pub const END_JS_OBJECT: u8 = b'{';
    pub const BEGIN_SPARSE_JS_ARRAY: u8 = b'a';
    pub const END_SPARSE_JS_ARRAY: u8 = b'@';
    pub const BEGIN_DENSE_JS_ARRAY: u8 = b'A';
    pub const END_DENSE_JS_ARRAY: u8 = b'$';
    pub const DATE: u8 = b'D';
    pub const TRUE_OBJECT: u8 = b'y';
    pub const FALSE_OBJECT: u8 = b'x';
    pub const NUMBER_OBJECT: u8 = b'n';
    pub const BIGINT_OBJECT: u8 = b'z';
    pub const STRING_OBJECT: u8 = b's';
    pub const REGEXP: u8 = b'R';
    pub const BEGIN_JS_MAP: u8 = b';';
    pub const END_JS_MAP: u8 = b':';
    pub const BEGIN_JS_SET: u8 = b'\'';
    pub const END_JS_SET: u8 = b',';
    pub const ARRAY_BUFFER: u8 = b'B';
    pub const IMMUTABLE_ARRAY_BUFFER: u8 = b'C';
    pub const RESIZABLE_ARRAY_BUFFER: u8 = b'~';
    pub const ARRAY_BUFFER_TRANSFER: u8 = b't';
    pub const ARRAY_BUFFER_VIEW: u8 = b'V';
    pub const SHARED_ARRAY_BUFFER: u8 = b'u';
    pub const SHARED_OBJECT: u8 = b'p';
    pub const WASM_MODULE_TRANSFER: u8 = b'w';
    pub const HOST_OBJECT: u8 = b'\\';
    pub const WASM_MEMORY_TRANSFER: u8 = b'm';
    pub const ERROR: u8 = b'r';

    /// `ErrorTag` subtags.
    pub mod error {
        pub const EVAL: u8 = b'E';
        pub const RANGE: u8 = b'R';
        pub const REFERENCE: u8 = b'F';
        pub const SYNTAX: u8 = b'S';
        pub const TYPE: u8 = b'T';
        pub const URI: u8 = b'U';
        pub const MESSAGE: u8 = b'm';
        pub const CAUSE: u8 = b'c';
        pub const STACK: u8 = b's';
        pub const END: u8 = b'.';
    }
}

/// A cursor over input bytes. Host-object delegates receive one to read their payload
/// with [`Reader::read_uint32`], [`Reader::read_uint64`], [`Reader::read_double`] and
/// [`Reader::read_raw_bytes`].
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `data`.
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { data, pos: 0 }
    }
    /// Current byte offset.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }
    /// Bytes left.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }
    /// The whole input.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }
    /// Advances past `n` bytes the caller has checked are there.
    #[inline(always)]
    pub(crate) fn skip(&mut self, n: usize) {
        debug_assert!(n <= self.remaining());
        self.pos += n;
    }
    pub(crate) fn set_position(&mut self, pos: usize) {
        self.pos = pos.min(self.data.len());
    }

    #[inline]
    pub(crate) fn err(&self, kind: ErrorKind) -> Error {
        Error::at(kind, self.pos)
    }

    /// Next byte, or an "unexpected end" error naming `what`.
    #[inline]
    pub(crate) fn byte(&mut self, what: &'static str) -> Result<u8> {
        match self.data.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => Err(self.err(ErrorKind::UnexpectedEnd(what))),
        }
    }

    /// Reads a tag, skipping padding bytes (V8 `ReadTag`).
    #[inline]
    pub(crate) fn tag(&mut self) -> Result<u8> {
        loop {
            let b = self.byte("a tag")?;
            if b != tag::PADDING {
                return Ok(b);
            }
        }
    }

    /// The next tag of a value: after padding and any `?` object-count
    /// checks (V8 reads each count and otherwise ignores it).
    #[inline]
    pub(crate) fn value_tag(&mut self) -> Result<u8> {
        loop {
            let t = self.tag()?;
            if t != tag::VERIFY_OBJECT_COUNT {
                return Ok(t);
            }
            self.varint32("an object count")?;
        }
    }

    /// Peeks at the next tag after padding without consuming anything.
    #[inline]
    pub(crate) fn peek_tag(&self) -> Option<u8> {
        match self.data.get(self.pos) {
            // Padding is rare: only two-byte strings are aligned with it.
            Some(&b) if b != tag::PADDING => Some(b),
            _ => self.data[self.pos.min(self.data.len())..]
                .iter()
                .copied()
                .find(|&b| b != tag::PADDING),
        }
    }

    /// Consumes padding and the tag returned by `peek_tag`.
    #[inline]
    pub(crate) fn consume_tag(&mut self) {
        let _ = self.tag();
    }

    /// V8 `ReadVarint<T>` for a `bits`-wide T: at most `ceil(bits/7)` bytes are
    /// consumed, higher bits are dropped, and over-long encodings are accepted
    /// when a byte follows them.
    #[inline]
    fn varint_bits(&mut self, bits: u32, what: &'static str) -> Result<u64> {
        if let Some(&b) = self.data.get(self.pos) {
            if b < 0x80 {
                self.pos += 1;
                return Ok(b as u64);
            }
        }
        let mut value: u64 = 0;
        let mut shift = 0u32;
        loop {
            if shift >= bits {
                // Still continued at the longest length: V8 stops here, but
                // only where another byte follows (its `ReadVarintLoop` looks
                // at that byte, which stays unread).
                if self.pos >= self.data.len() {
                    return Err(self.err(ErrorKind::UnexpectedEnd(what)));
                }
                break;
            }
            let b = self.byte(what)?;
            value |= ((b & 0x7f) as u64) << shift;
            shift += 7;
            if b < 0x80 {
                break;
            }
        }
        if bits < 64 {
            value &= (1u64 << bits) - 1;
        }
        Ok(value)
    }

    /// A u32 varint.
    #[inline]
    pub(crate) fn varint32(&mut self, what: &'static str) -> Result<u32> {
        self.varint_bits(32, what).map(|v| v as u32)
    }
    /// A u64 varint (also V8's `ReadSizeT` on 64-bit hosts).
    #[inline]
    pub(crate) fn varint64(&mut self, what: &'static str) -> Result<u64> {
        self.varint_bits(64, what)
    }
    /// A u8 varint (view subtags, error subtags).
    #[inline]
    pub(crate) fn varint8(&mut self, what: &'static str) -> Result<u8> {
        self.varint_bits(8, what).map(|v| v as u8)
    }
    /// A zigzag-encoded i32.
    #[inline]
    pub(crate) fn zigzag32(&mut self) -> Result<i32> {
        let u = self.varint32("an int32 varint")?;
        Ok(((u >> 1) as i32) ^ -((u & 1) as i32))
    }
    /// A little-endian f64; NaNs become the canonical quiet NaN, as in V8.
    #[inline]
    pub(crate) fn double(&mut self, what: &'static str) -> Result<f64> {
        let b = self.raw(8, what)?;
        let d = f64::from_le_bytes(b.try_into().expect("8 bytes"));
        Ok(if d.is_nan() { f64::NAN } else { d })
    }

    /// The bytes of a string whose tag `t` (`"`, `c` or `S`) was just read:
    /// its length, then that many bytes (an even number for two-byte text).
    pub(crate) fn string_bytes(&mut self, t: u8) -> Result<&'a [u8]> {
        let len = self.varint32("a string length")? as u64;
        match t {
            tag::ONE_BYTE_STRING => self.raw(len, "one-byte string"),
            tag::UTF8_STRING => self.raw(len, "UTF-8 string"),
            _ => {
                if len % 2 != 0 {
                    return Err(self.err(ErrorKind::OddTwoByteLength(len)));
                }
                self.raw(len, "two-byte string")
            }
        }
    }

    /// [`Reader::string_bytes`] as a [`JsString`] in the same representation.
    pub(crate) fn string_body(&mut self, t: u8) -> Result<JsString> {
        let bytes = self.string_bytes(t)?;
        Ok(match t {
            tag::ONE_BYTE_STRING => JsString::one_byte(bytes),
            tag::UTF8_STRING => JsString::utf8(bytes),
            _ => JsString::two_byte(crate::de::utf16_from_le_bytes(bytes)),
        })
    }

    /// `len` raw bytes; the length is checked against the remaining input first.
    #[inline]
    pub(crate) fn raw(&mut self, len: u64, what: &'static str) -> Result<&'a [u8]> {
        if len > self.remaining() as u64 {
            return Err(self.err(ErrorKind::Length {
                what,
                len,
                limit: self.remaining() as u64,
            }));
        }
        let s = &self.data[self.pos..self.pos + len as usize];
        self.pos += len as usize;
        Ok(s)
    }

    /// Node's `readUint32()`: a varint; fails with "ReadUint32() failed".
    pub fn read_uint32(&mut self) -> Result<u32> {
        let at = self.pos;
        self.varint32("a uint32")
            .map_err(|_| Error::at(ErrorKind::RawRead("ReadUint32"), at))
    }
    /// Node's `readUint64()` as one u64 (Node returns `[hi, lo]`).
    pub fn read_uint64(&mut self) -> Result<u64> {
        let at = self.pos;
        self.varint64("a uint64")
            .map_err(|_| Error::at(ErrorKind::RawRead("ReadUint64"), at))
    }
    /// Node's `readDouble()` (8 bytes, little-endian).
    pub fn read_double(&mut self) -> Result<f64> {
        let at = self.pos;
        self.double("a double")
            .map_err(|_| Error::at(ErrorKind::RawRead("ReadDouble"), at))
    }
    /// Node's `readRawBytes(length)`: borrows `len` bytes of the input.
    pub fn read_raw_bytes(&mut self, len: usize) -> Result<&'a [u8]> {
        let at = self.pos;
        self.raw(len as u64, "raw bytes")
            .map_err(|_| Error::at(ErrorKind::RawRead("ReadRawBytes"), at))
    }
}
