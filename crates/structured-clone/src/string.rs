//! JavaScript strings with V8's wire representations.

use std::borrow::Cow;
use std::fmt;

/// A JavaScript string as it appeared on the wire.
///
/// V8 writes a string as one-byte (`"`, Latin-1) or two-byte (`c`, UTF-16 in
/// host order) depending on its *internal* representation, so an ASCII string
/// can arrive as two-byte; keeping the variant makes re-encoding byte-exact.
/// `S` (UTF-8) is only ever read; it is re-encoded as one- or two-byte by content.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum JsString {
    /// Latin-1 code units (`"` tag).
    OneByte(Vec<u8>),
    /// UTF-16 code units, lone surrogates allowed (`c` tag).
    TwoByte(Vec<u16>),
    /// UTF-8 bytes as read from the legacy `S` tag (decoded leniently, like V8).
    Utf8(Vec<u8>),
}

impl JsString {
    /// The string's UTF-16 code units.
    pub fn code_units(&self) -> Cow<'_, [u16]> {
        match self {
            JsString::OneByte(b) => Cow::Owned(b.iter().map(|&c| c as u16).collect()),
            JsString::TwoByte(u) => Cow::Borrowed(u),
            JsString::Utf8(b) => Cow::Owned(String::from_utf8_lossy(b).encode_utf16().collect()),
        }
    }

    /// Length in UTF-16 code units (JavaScript's `length`).
    pub fn len(&self) -> usize {
        match self {
            JsString::OneByte(b) => b.len(),
            JsString::TwoByte(u) => u.len(),
            JsString::Utf8(b) => String::from_utf8_lossy(b).encode_utf16().count(),
        }
    }

    /// Whether the string is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text as Rust UTF-8; lone surrogates become U+FFFD.
    pub fn to_string_lossy(&self) -> Cow<'_, str> {
        match self {
            JsString::OneByte(b) => {
                if b.is_ascii() {
                    // ASCII is valid UTF-8.
                    Cow::Borrowed(std::str::from_utf8(b).unwrap_or_default())
                } else {
                    Cow::Owned(b.iter().map(|&c| c as char).collect())
                }
            }
            JsString::TwoByte(u) => Cow::Owned(String::from_utf16_lossy(u)),
            JsString::Utf8(b) => String::from_utf8_lossy(b),
        }
    }

    /// The text as Rust UTF-8, or `None` if it holds a lone surrogate.
    pub fn to_str(&self) -> Option<Cow<'_, str>> {
        match self {
            JsString::TwoByte(u) => String::from_utf16(u).ok().map(Cow::Owned),
            JsString::Utf8(b) => std::str::from_utf8(b).ok().map(Cow::Borrowed),
            JsString::OneByte(_) => Some(self.to_string_lossy()),
        }
    }

    /// Same text regardless of representation.
    pub fn same_text(&self, other: &JsString) -> bool {
        match (self, other) {
            (JsString::OneByte(a), JsString::OneByte(b)) => a == b,
            (JsString::TwoByte(a), JsString::TwoByte(b)) => a == b,
            _ => self.code_units() == other.code_units(),
        }
    }

    /// The array index this string denotes (`"0"`..`"4294967294"`, canonical form), if any.
    #[inline]
    pub fn as_array_index(&self) -> Option<u32> {
        // Fast exit for the common case: keys that do not start with a digit.
        let first = match self {
            JsString::OneByte(b) | JsString::Utf8(b) => *b.first()? as u16,
            JsString::TwoByte(u) => *u.first()?,
        };
        if !(b'0' as u16..=b'9' as u16).contains(&first) {
            return None;
        }
        match self {
            JsString::OneByte(b) | JsString::Utf8(b) => parse_index(b.iter().map(|&c| c as u16)),
            JsString::TwoByte(u) => parse_index(u.iter().copied()),
        }
    }

    /// The best representation for V8 output: one-byte if every unit fits Latin-1.
    pub fn from_utf16(units: Vec<u16>) -> JsString {
        if units.iter().all(|&u| u < 0x100) {
            JsString::OneByte(units.into_iter().map(|u| u as u8).collect())
        } else {
            JsString::TwoByte(units)
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

impl From<&str> for JsString {
    /// One-byte if every char is Latin-1 (as V8 would store a literal), else two-byte.
    fn from(s: &str) -> JsString {
        if s.is_ascii() {
            return JsString::OneByte(s.as_bytes().to_vec());
        }
        if s.chars().all(|c| (c as u32) < 0x100) {
            JsString::OneByte(s.chars().map(|c| c as u8).collect())
        } else {
            JsString::TwoByte(s.encode_utf16().collect())
        }
    }
}

impl From<String> for JsString {
    fn from(s: String) -> JsString {
        if s.is_ascii() {
            return JsString::OneByte(s.into_bytes());
        }
        JsString::from(s.as_str())
    }
}

impl fmt::Debug for JsString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self {
            JsString::OneByte(_) => "one-byte",
            JsString::TwoByte(_) => "two-byte",
            JsString::Utf8(_) => "utf8",
        };
        write!(f, "{:?}({tag})", self.to_string_lossy())
    }
}

impl fmt::Display for JsString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_lossy())
    }
}
