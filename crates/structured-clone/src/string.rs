//! JavaScript strings with V8's wire representations, stored compactly.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};

/// One-byte strings up to this many bytes are stored inline (no allocation):
/// most property keys and short values fit.
pub(crate) const INLINE: usize = 22;
const INLINE_TAG: u8 = 0;
const _: () = assert!(std::mem::size_of::<JsString>() == 24 && INLINE == 22);

/// A JavaScript string as it appeared on the wire.
///
/// V8 writes a string as one-byte (`"`, Latin-1) or two-byte (`c`, UTF-16 in
/// host order) depending on its *internal* representation, so an ASCII string
/// can arrive as two-byte; keeping the representation makes re-encoding
/// byte-exact. `S` (UTF-8) is only ever read; it is re-encoded as one- or
/// two-byte by content. Look at the representation with [`JsString::repr`].
///
/// The value is 24 bytes; one-byte strings of up to 22 bytes live inline, so
/// decoding typical keys and short values allocates nothing.
#[derive(Clone)]
#[repr(transparent)]
pub struct JsString(Repr);

// `repr(u8)` fixes the layout (tag byte, then each variant's fields as in a
// `repr(C)` struct) so `one_byte_prefix` can build the inline variant with
// three word stores: the reader's hot path then reloads it without stalls.
#[derive(Clone)]
#[repr(u8)]
enum Repr {
    /// Short one-byte text; bytes past `len` are zero.
    Inline {
        len: u8,
        buf: [u8; INLINE],
    } = INLINE_TAG,
    OneByte(Box<[u8]>),
    TwoByte(Box<[u16]>),
    Utf8(Box<[u8]>),
}

/// A borrowed view of a [`JsString`]'s representation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsStr<'a> {
    /// Latin-1 code units (`"` tag).
    OneByte(&'a [u8]),
    /// UTF-16 code units, lone surrogates allowed (`c` tag).
    TwoByte(&'a [u16]),
    /// UTF-8 bytes as read from the legacy `S` tag (decoded leniently, like V8).
    Utf8(&'a [u8]),
}

impl Default for JsString {
    fn default() -> JsString {
        JsString(Repr::Inline {
            len: 0,
            buf: [0; INLINE],
        })
    }
}

impl JsString {
    /// A one-byte (Latin-1) string holding `bytes`.
    #[inline]
    pub fn one_byte(bytes: &[u8]) -> JsString {
        if bytes.len() <= INLINE {
            let mut buf = [0; INLINE];
            buf[..bytes.len()].copy_from_slice(bytes);
            JsString(Repr::Inline {
                len: bytes.len() as u8,
                buf,
            })
        } else {
            JsString(Repr::OneByte(bytes.into()))
        }
    }

    /// The one-byte string `src[..len]`, for a reader that knows more input
    /// follows: short text is copied with fixed-size moves (no `memcpy` call).
    #[inline(always)]
    pub(crate) fn one_byte_prefix(src: &[u8], len: usize) -> JsString {
        // Whole words are read, so the input must hold the text rounded up to
        // a word (true of all but the last bytes of a stream).
        if len <= INLINE && src.len() >= (len + 7) & !7 {
            let word = |i: usize| {
                // Keep the bytes below `len`.
                match len.saturating_sub(i * 8) {
                    0 => 0,
                    n => {
                        let d = src
                            .get(i * 8..i * 8 + 8)
                            .and_then(|w| w.try_into().ok())
                            .map_or(0, u64::from_le_bytes);
                        if n >= 8 {
                            d
                        } else {
                            d & ((1u64 << (n * 8)) - 1)
                        }
                    }
                }
            };
            return JsString::inline_from_words(len, [word(0), word(1), word(2)]);
        }
        JsString::one_byte(&src[..len])
    }

    /// The inline string of `len <= INLINE` bytes held little-endian in
    /// `words` (zero past `len`), written as three word stores.
    #[inline(always)]
    fn inline_from_words(len: usize, [d0, d1, d2]: [u64; 3]) -> JsString {
        debug_assert!(len <= INLINE);
        #[cfg(target_endian = "little")]
        {
            let words = [
                INLINE_TAG as u64 | (len as u64) << 8 | d0 << 16,
                d0 >> 48 | d1 << 16,
                d1 >> 48 | d2 << 16,
            ];
            // SAFETY: `JsString` is `repr(transparent)` over the `repr(u8)` enum
            // `Repr`, 24 bytes (checked above); its `Inline` variant is laid out
            // as tag (byte 0), `len` (byte 1), `buf` (bytes 2..24). The words set
            // the tag, `len <= INLINE`, and the text with zeros past `len`, as
            // every inline string has: a valid `JsString`.
            unsafe { std::mem::transmute::<[u64; 3], JsString>(words) }
        }
        #[cfg(not(target_endian = "little"))]
        {
            let mut buf = [0u8; INLINE];
            let all: Vec<u8> = [d0, d1, d2].iter().flat_map(|d| d.to_le_bytes()).collect();
            buf.copy_from_slice(&all[..INLINE]);
            JsString(Repr::Inline {
                len: len as u8,
                buf,
            })
        }
    }

    /// A one-byte string taking ownership of `bytes` (no copy when it is long).
    pub fn one_byte_vec(bytes: Vec<u8>) -> JsString {
        if bytes.len() <= INLINE {
            JsString::one_byte(&bytes)
        } else {
            JsString(Repr::OneByte(bytes.into_boxed_slice()))
        }
    }

    /// A two-byte (UTF-16) string holding `units`, kept two-byte even when
    /// every unit is Latin-1 (as V8 may write it).
    pub fn two_byte(units: impl Into<Box<[u16]>>) -> JsString {
        JsString(Repr::TwoByte(units.into()))
    }

    /// A string read from the legacy UTF-8 (`S`) tag.
    pub fn utf8(bytes: impl Into<Box<[u8]>>) -> JsString {
        JsString(Repr::Utf8(bytes.into()))
    }

    /// The representation and its code units.
    #[inline]
    pub fn repr(&self) -> JsStr<'_> {
        match &self.0 {
            Repr::Inline { len, buf } => JsStr::OneByte(&buf[..*len as usize]),
            Repr::OneByte(b) => JsStr::OneByte(b),
            Repr::TwoByte(u) => JsStr::TwoByte(u),
            Repr::Utf8(b) => JsStr::Utf8(b),
        }
    }

    /// The whole inline buffer and the text length, for a short one-byte
    /// string: writers copy the fixed-size buffer (no `memcpy` call).
    #[inline(always)]
    pub(crate) fn inline_buffer(&self) -> Option<(&[u8; INLINE], usize)> {
        match &self.0 {
            Repr::Inline { len, buf } => Some((buf, *len as usize)),
            _ => None,
        }
    }

    /// An inline string's 24 bytes (tag, length, zero-padded text) as words:
    /// two inline strings are equal exactly when their words are.
    #[inline(always)]
    pub(crate) fn inline_words(&self) -> Option<[u64; 3]> {
        match self.0 {
            // SAFETY: the inline variant fills all 24 bytes of the `repr(u8)`
            // layout (tag, `len`, 22 text bytes; no padding), all initialised.
            Repr::Inline { .. } => Some(unsafe {
                std::ptr::read_unaligned((self as *const JsString).cast::<[u64; 3]>())
            }),
            _ => None,
        }
    }

    /// The Latin-1 bytes when the string is one-byte.
    #[inline]
    pub fn as_one_byte(&self) -> Option<&[u8]> {
        match self.repr() {
            JsStr::OneByte(b) => Some(b),
            _ => None,
        }
    }

    /// The string's UTF-16 code units.
    pub fn code_units(&self) -> Cow<'_, [u16]> {
        match self.repr() {
            JsStr::OneByte(b) => Cow::Owned(b.iter().map(|&c| c as u16).collect()),
            JsStr::TwoByte(u) => Cow::Borrowed(u),
            JsStr::Utf8(b) => Cow::Owned(String::from_utf8_lossy(b).encode_utf16().collect()),
        }
    }

    /// Length in UTF-16 code units (JavaScript's `length`).
    pub fn len(&self) -> usize {
        match self.repr() {
            JsStr::OneByte(b) => b.len(),
            JsStr::TwoByte(u) => u.len(),
            JsStr::Utf8(b) => String::from_utf8_lossy(b).encode_utf16().count(),
        }
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text as Rust UTF-8; lone surrogates become U+FFFD.
    pub fn to_string_lossy(&self) -> Cow<'_, str> {
        match self.repr() {
            JsStr::OneByte(b) => {
                if b.is_ascii() {
                    // ASCII is valid UTF-8.
                    Cow::Borrowed(std::str::from_utf8(b).unwrap_or_default())
                } else {
                    Cow::Owned(b.iter().map(|&c| c as char).collect())
                }
            }
            JsStr::TwoByte(u) => Cow::Owned(String::from_utf16_lossy(u)),
            JsStr::Utf8(b) => String::from_utf8_lossy(b),
        }
    }

    /// The text as Rust UTF-8, or `None` if it holds a lone surrogate.
    pub fn to_str(&self) -> Option<Cow<'_, str>> {
        match self.repr() {
            JsStr::TwoByte(u) => String::from_utf16(u).ok().map(Cow::Owned),
            JsStr::Utf8(b) => std::str::from_utf8(b).ok().map(Cow::Borrowed),
            JsStr::OneByte(_) => Some(self.to_string_lossy()),
        }
    }

    /// Same text regardless of representation.
    pub fn same_text(&self, other: &JsString) -> bool {
        match (self.repr(), other.repr()) {
            (JsStr::OneByte(a), JsStr::OneByte(b)) => a == b,
            (JsStr::TwoByte(a), JsStr::TwoByte(b)) => a == b,
            (JsStr::OneByte(a), JsStr::TwoByte(b)) | (JsStr::TwoByte(b), JsStr::OneByte(a)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| x as u16 == y)
            }
            _ => self.code_units() == other.code_units(),
        }
    }

    /// The array index this string denotes (`"0"`..`"4294967294"`, canonical form), if any.
    #[inline]
    pub fn as_array_index(&self) -> Option<u32> {
        // Fast exit for the common case: keys that do not start with a digit.
        let r = self.repr();
        let first = match r {
            JsStr::OneByte(b) | JsStr::Utf8(b) => *b.first()? as u16,
            JsStr::TwoByte(u) => *u.first()?,
        };
        if !(b'0' as u16..=b'9' as u16).contains(&first) {
            return None;
        }
        match r {
            JsStr::OneByte(b) | JsStr::Utf8(b) => parse_index(b.iter().map(|&c| c as u16)),
            JsStr::TwoByte(u) => parse_index(u.iter().copied()),
        }
    }

    /// The best representation for V8 output: one-byte if every unit fits Latin-1.
    pub fn from_utf16(units: Vec<u16>) -> JsString {
        if units.iter().all(|&u| u < 0x100) {
            let bytes: Vec<u8> = units.into_iter().map(|u| u as u8).collect();
            JsString::one_byte_vec(bytes)
        } else {
            JsString::two_byte(units)
        }
    }
}

fn parse_index(mut it: impl Iterator<Item = u16>) -> Option<u32> {
    let first = it.next()?;
    if !(b'0' as u16..=b'9' as u16).contains(&first) {
        return None;
    }
    let mut v = (first - b'0' as u16) as u64;
    let mut len = 1;
    for c in it {
        if v == 0 || !(b'0' as u16..=b'9' as u16).contains(&c) {
            return None; // leading zero or non-digit
        }
        len += 1;
        if len > 10 {
            return None;
        }
        v = v * 10 + (c - b'0' as u16) as u64;
    }
    if v <= 4_294_967_294 {
        Some(v as u32)
    } else {
        None
    }
}

/// Equal when the representation and the code units are equal (use
/// [`JsString::same_text`] to compare text across representations).
impl PartialEq for JsString {
    #[inline]
    fn eq(&self, other: &JsString) -> bool {
        // Short one-byte text is always inline (and zero-padded): compare words.
        if let (Some(a), Some(b)) = (self.inline_words(), other.inline_words()) {
            return a == b;
        }
        self.repr() == other.repr()
    }
}
impl Eq for JsString {}

impl Hash for JsString {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self.repr() {
            JsStr::OneByte(b) => (0u8, b).hash(state),
            JsStr::TwoByte(u) => (1u8, u).hash(state),
            JsStr::Utf8(b) => (2u8, b).hash(state),
        }
    }
}

impl From<&str> for JsString {
    /// One-byte if every char is Latin-1 (as V8 would store a literal), else two-byte.
    fn from(s: &str) -> JsString {
        if s.is_ascii() {
            return JsString::one_byte(s.as_bytes());
        }
        if s.chars().all(|c| (c as u32) < 0x100) {
            JsString::one_byte_vec(s.chars().map(|c| c as u8).collect())
        } else {
            JsString::two_byte(s.encode_utf16().collect::<Vec<u16>>())
        }
    }
}

impl From<String> for JsString {
    fn from(s: String) -> JsString {
        if s.is_ascii() {
            return JsString::one_byte_vec(s.into_bytes());
        }
        JsString::from(s.as_str())
    }
}

impl fmt::Debug for JsString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self.repr() {
            JsStr::OneByte(_) => "one-byte",
            JsStr::TwoByte(_) => "two-byte",
            JsStr::Utf8(_) => "utf8",
        };
        write!(f, "{:?}({tag})", self.to_string_lossy())
    }
}

impl fmt::Display for JsString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_lossy())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_and_representation_preserving() {
        assert_eq!(std::mem::size_of::<JsString>(), 24);
        assert_eq!(std::mem::size_of::<crate::Key>(), 24);
        assert_eq!(std::mem::size_of::<crate::Value>(), 32);
        let short = JsString::one_byte(b"abc");
        let long = JsString::one_byte(&[b'x'; 40]);
        assert_eq!(short.repr(), JsStr::OneByte(b"abc"));
        assert_eq!(long.as_one_byte().map(<[u8]>::len), Some(40));
        assert_eq!(JsString::one_byte_vec(b"abc".to_vec()), short);
        let wide = JsString::two_byte(vec![0x61u16, 0x62, 0x63]);
        assert_ne!(wide, short);
        assert!(wide.same_text(&short));
        assert_eq!(JsString::from("é").repr(), JsStr::OneByte(&[0xe9]));
        let src: Vec<u8> = (1..=80).collect();
        for len in 0..=34 {
            assert_eq!(
                JsString::one_byte_prefix(&src, len),
                JsString::one_byte(&src[..len])
            );
            // Every amount of input after the text (near the end of a stream).
            for avail in len..len + 26 {
                assert_eq!(
                    JsString::one_byte_prefix(&src[..avail], len),
                    JsString::one_byte(&src[..len])
                );
            }
        }
    }
}
