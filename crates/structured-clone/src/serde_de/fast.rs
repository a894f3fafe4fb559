//! The common tokens read straight from the input, and the bodies of
//! objects and dense arrays (shared by `deserialize_any` and the typed entry
//! points that expect them).
//!
//! A fast path only ever consumes a token it has checked completely; anything
//! else (padding, `?` counts, long varints, non-ASCII text) is left for the
//! general reader, which reports errors with their offsets.

use super::*;

impl<'de> WireDeserializer<'de> {
    /// The byte at the cursor (no padding skipped).
    #[inline(always)]
    pub(super) fn peek_byte(&self) -> Option<u8> {
        self.r.data().get(self.r.position()).copied()
    }

    /// A Smi (`I`) whose varint has at most 3 bytes, consumed.
    #[inline(always)]
    pub(super) fn take_smi(&mut self) -> Option<i32> {
        if self.depth >= self.max_depth {
            return None;
        }
        let rest = &self.r.data()[self.r.position()..];
        let (z, n) = match *rest {
            [tag::INT32, z0, ..] if z0 < 0x80 => (z0 as u32, 2),
            [tag::INT32, z0, z1, ..] if z1 < 0x80 => ((z0 & 0x7f) as u32 | (z1 as u32) << 7, 3),
            [tag::INT32, z0, z1, z2, ..] if z2 < 0x80 => (
                (z0 & 0x7f) as u32 | ((z1 & 0x7f) as u32) << 7 | (z2 as u32) << 14,
                4,
            ),
            _ => return None,
        };
        self.r.skip(n);
        Some(unzigzag(z))
    }

    /// A one-byte string of fewer than 128 ASCII bytes, borrowed and consumed.
    #[inline(always)]
    pub(super) fn take_short_ascii(&mut self) -> Option<&'de str> {
        if self.depth >= self.max_depth {
            return None;
        }
        let s = short_ascii_at(self.r.data(), self.r.position())?;
        self.r.skip(2 + s.len());
        Some(s)
    }

    /// A double (`N`) as `visit_number` offers it, consumed.
    #[inline(always)]
    pub(super) fn take_double(&mut self) -> Option<f64> {
        if self.depth >= self.max_depth {
            return None;
        }
        let rest = &self.r.data()[self.r.position()..];
        match rest {
            [tag::DOUBLE, d @ ..] if d.len() >= 8 => {
                let d = f64::from_le_bytes(d[..8].try_into().unwrap_or_default());
                self.r.skip(9);
                Some(if d.is_nan() { f64::NAN } else { d })
            }
            _ => None,
        }
    }

    /// After an `o` tag at `at`: properties up to `{`, then their count.
    #[inline]
    pub(super) fn object_body<V: Visitor<'de>>(&mut self, at: usize, v: V) -> Result<V::Value> {
        let id = self.begin(at);
        let mut access = Props {
            de: self,
            end: tag::END_JS_OBJECT,
            count: 0,
            done: false,
        };
        let value = v.visit_map(&mut access)?;
        let count = access.drain()?;
        self.check_count("properties", count)?;
        self.finish(id);
        Ok(value)
    }

    /// After an `A` tag at `at`: the length, elements, extra properties up to
    /// `$`, then the property count and the length again.
    #[inline]
    pub(super) fn dense_body<V: Visitor<'de>>(&mut self, at: usize, v: V) -> Result<V::Value> {
        let len = self.r.varint32("a dense array length")?;
        if len as usize > self.r.remaining() {
            return Err(self.r.err(ErrorKind::Length {
                what: "dense array",
                len: len as u64,
                limit: self.r.remaining() as u64,
            }));
        }
        let id = self.begin(at);
        let mut access = Elements {
            de: self,
            left: len,
        };
        let value = v.visit_seq(&mut access)?;
        while access.left > 0 {
            de::SeqAccess::next_element::<IgnoredAny>(&mut access)?;
        }
        let mut props = Props {
            de: self,
            end: tag::END_DENSE_JS_ARRAY,
            count: 0,
            done: false,
        };
        let count = props.drain()?;
        self.check_count("properties", count)?;
        self.check_count("array length", len as u64)?;
        self.finish(id);
        Ok(value)
    }

    /// An object (`o`) or dense array (`A`) read for a visitor that expects
    /// one; anything else goes through `any`.
    #[inline]
    pub(super) fn container<V: Visitor<'de>>(&mut self, expect: u8, v: V) -> Result<V::Value> {
        let at = self.r.position();
        match self.peek_byte() {
            Some(t) if t == expect => self.nested(|de| {
                de.r.skip(1);
                if t == tag::BEGIN_JS_OBJECT {
                    de.object_body(at, v)
                } else {
                    de.dense_body(at, v)
                }
            }),
            _ => self.any(v),
        }
    }
}

/// The text of a one-byte string at `pos` when it is shorter than 128 bytes
/// (a one-byte length) and ASCII.
#[inline(always)]
pub(super) fn short_ascii_at(data: &[u8], pos: usize) -> Option<&str> {
    match data.get(pos..)? {
        [tag::ONE_BYTE_STRING, len, rest @ ..] if *len < 0x80 && rest.len() >= *len as usize => {
            let text = &rest[..*len as usize];
            if text.is_ascii() {
                // SAFETY: ASCII bytes are valid UTF-8.
                Some(unsafe { std::str::from_utf8_unchecked(text) })
            } else {
                None
            }
        }
        _ => None,
    }
}

#[inline(always)]
fn unzigzag(u: u32) -> i32 {
    ((u >> 1) as i32) ^ -((u & 1) as i32)
}
