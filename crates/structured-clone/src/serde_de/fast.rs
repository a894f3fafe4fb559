//! The common tokens read straight from the input, and the bodies of
//! objects and dense arrays (shared by `deserialize_any` and the typed entry
//! points that expect them).
//!
//! A fast path only ever consumes a token it has checked completely; anything
//! else (padding, `?` counts, long varints, non-ASCII text) is left for the
//! general reader, which reports errors with their offsets.

use super::*;
use crate::ser::{copy_short, COPY_SHORT_MAX};

impl<'de> WireDeserializer<'de> {
    /// The byte at the cursor (no padding skipped).
    #[inline(always)]
    pub(super) fn peek_byte(&self) -> Option<u8> {
        self.r.data().get(self.r.position()).copied()
    }

    /// A Smi (`I`) whose varint has at most 4 bytes, consumed.
    #[inline(always)]
    pub(super) fn take_smi(&mut self) -> Option<i32> {
        if self.depth >= self.fast_depth {
            return None;
        }
        // Near the end of the input the general reader takes over.
        let w = self
            .r
            .data()
            .get(self.r.position()..self.r.position() + 5)?;
        if w[0] != tag::INT32 {
            return None;
        }
        let (z, n) = varint_in_word(u32::from_le_bytes(w[1..].try_into().ok()?))?;
        self.r.skip(1 + n);
        Some(unzigzag(z))
    }

    /// A one-byte string of fewer than 128 ASCII bytes, borrowed and consumed.
    #[inline(always)]
    pub(super) fn take_short_ascii(&mut self) -> Option<&'de str> {
        if self.depth >= self.fast_depth {
            return None;
        }
        let s = short_ascii_at(self.r.data(), self.r.position())?;
        self.r.skip(2 + s.len());
        Some(s)
    }

    /// A boolean (`T` or `F`), consumed.
    #[inline(always)]
    pub(super) fn take_bool(&mut self) -> Option<bool> {
        if self.depth >= self.fast_depth {
            return None;
        }
        let b = match self.peek_byte()? {
            tag::TRUE => true,
            tag::FALSE => false,
            _ => return None,
        };
        self.r.skip(1);
        Some(b)
    }

    /// A double (`N`), any NaN made the canonical one, consumed.
    #[inline(always)]
    pub(super) fn take_double(&mut self) -> Option<f64> {
        if self.depth >= self.fast_depth {
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
    ///
    /// The visitor's call is the tail: its result (often a large struct) is
    /// built in the caller's slot, not copied there after further checks (a
    /// copy that stalled on the struct's fresh stores). The end tag's checks
    /// run as the visitor reads it, and properties it leaves unread are
    /// skipped by `settle` before the next token is read.
    #[inline(always)]
    pub(super) fn object_body<V: Visitor<'de>>(&mut self, at: usize, v: V) -> Result<V::Value> {
        let id = self.begin(at);
        let mut access = ObjectProps(Props::object(self, id));
        v.visit_map(&mut access.0)
    }

    /// After an `A` tag at `at`: the length, elements, extra properties up to
    /// `$`, then the property count and the length again.
    #[inline(always)]
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
        // serde sizes a `Vec` by the hint up front: arrays read together are
        // offered no more than the bytes left, so nested arrays that each
        // claim the rest of the input cannot each have it reserved.
        let room = (self.r.remaining() as u64).saturating_sub(self.open_hints);
        let hint = len.min(room.try_into().unwrap_or(u32::MAX));
        self.open_hints += u64::from(hint);
        let mut access = Elements {
            de: self,
            left: len,
            hint,
        };
        let value = v.visit_seq(&mut access)?;
        while access.left > 0 {
            de::SeqAccess::next_element::<IgnoredAny>(&mut access)?;
        }
        self.open_hints -= u64::from(hint);
        self.settle()?;
        // Usually `$ 0 len` follows at once: no extra properties.
        let (data, pos) = (self.r.data(), self.r.position());
        if len < 0x80 && data.get(pos..pos + 3) == Some(&[tag::END_DENSE_JS_ARRAY, 0, len as u8]) {
            self.r.skip(3);
        } else {
            Props::new(self, tag::END_DENSE_JS_ARRAY, 0).close()?;
            self.check_count("array length", len as u64)?;
        }
        self.finish(id);
        Ok(value)
    }

    /// An object (`o`) or dense array (`A`) read for a visitor that expects
    /// one; anything else goes through `any`.
    #[inline(always)]
    pub(super) fn container<V: Visitor<'de>>(&mut self, expect: u8, v: V) -> Result<V::Value> {
        let at = self.r.position();
        match self.peek_byte() {
            // Below `fast_depth` nothing is left to settle and the depth
            // limit is not reached; otherwise `any` deals with both.
            Some(t) if t == expect && self.depth < self.fast_depth => self.deeper(|de| {
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
    let (&t, &len) = (data.get(pos)?, data.get(pos + 1)?);
    let (start, len) = (pos + 2, len as usize);
    if t != tag::ONE_BYTE_STRING || len >= 0x80 || data.len() - start < len {
        return None;
    }
    if !is_ascii_at(data, start, len) {
        return None;
    }
    // SAFETY: the bytes were just checked to be ASCII, which is valid UTF-8.
    Some(unsafe { std::str::from_utf8_unchecked(&data[start..start + len]) })
}

/// An owned copy of a string of up to [`COPY_SHORT_MAX`] bytes made with a
/// few overlapping word copies: for text this short, a call to libc's `memcpy` costs more
/// than the copy. Longer strings are copied as usual.
#[inline(always)]
pub(super) fn owned_short(s: &str) -> String {
    let n = s.len();
    if n == 0 || n > COPY_SHORT_MAX {
        return s.to_owned();
    }
    // SAFETY: the layout is valid (alignment 1, 1 to `COPY_SHORT_MAX` bytes);
    // `copy_short` fills all `n` bytes of the new allocation with `s`'s UTF-8
    // before the `String` takes it, and the global allocator made it with the
    // layout a `String` of capacity `n` frees.
    unsafe {
        let layout = std::alloc::Layout::from_size_align_unchecked(n, 1);
        let dst = std::alloc::alloc(layout);
        if dst.is_null() {
            std::alloc::handle_alloc_error(layout);
        }
        copy_short(s.as_bytes(), dst);
        String::from_raw_parts(dst, n, n)
    }
}

/// Whether `data[start..start + len]` (in bounds) is ASCII: texts of up to
/// 32 bytes are checked with a few word loads instead of a byte loop.
#[inline(always)]
fn is_ascii_at(data: &[u8], start: usize, len: usize) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let word = |at: usize| {
        data.get(at..at + 8)
            .map(|w| u64::from_le_bytes(w.try_into().unwrap_or_default()))
    };
    if len <= 8 {
        // One load that may run past the text (not past the input): only
        // the text's bytes are kept.
        if let Some(w) = word(start) {
            let keep = u64::MAX.checked_shr(64 - 8 * len as u32).unwrap_or(0);
            return w & keep & HIGH == 0;
        }
    } else if len <= 16 {
        if let (Some(a), Some(b)) = (word(start), word(start + len - 8)) {
            return (a | b) & HIGH == 0;
        }
    } else if len <= 32 {
        // Two 16-byte loads, the second overlapping the first.
        let wide = |at: usize| {
            data.get(at..at + 16)
                .map(|w| u128::from_le_bytes(w.try_into().unwrap_or_default()))
        };
        if let (Some(a), Some(b)) = (wide(start), wide(start + len - 16)) {
            return (a | b) & (HIGH as u128 * 0x1_0000_0000_0000_0001) == 0;
        }
    }
    data[start..start + len].is_ascii()
}

/// A LEB128 varint of at most 4 bytes packed little-endian in `w`: its value
/// and byte count, or `None` when it is longer.
#[inline(always)]
fn varint_in_word(w: u32) -> Option<(u32, usize)> {
    // The first byte without a continuation bit ends the varint.
    let stops = !w & 0x8080_8080;
    if stops == 0 {
        return None;
    }
    let n = (stops.trailing_zeros() / 8 + 1) as usize;
    // Keep the bytes up to and including the first stop.
    let w = w & (stops ^ (stops - 1));
    let z = (w & 0x7f)
        | ((w >> 1) & (0x7f << 7))
        | ((w >> 2) & (0x7f << 14))
        | ((w >> 3) & (0x7f << 21));
    Some((z, n))
}

#[inline(always)]
fn unzigzag(u: u32) -> i32 {
    ((u >> 1) as i32) ^ -((u & 1) as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_short_copies_every_length() {
        let text: String = ('a'..='z').cycle().take(40).collect();
        for n in 0..=text.len() {
            let s = owned_short(&text[..n]);
            assert_eq!(s, text[..n]);
            assert_eq!(s.capacity(), n);
        }
    }

    #[test]
    fn ascii_check_sees_a_high_byte_anywhere() {
        // Padding around the text: the word loads may read past it.
        for len in 0..=40 {
            for high in 0..len {
                let mut data = vec![b'x'; len + 40];
                data[20 + high] = 0xE9;
                assert!(!is_ascii_at(&data, 20, len), "len {len}, byte {high}");
                // A high byte just outside the text does not count.
                data[20 + high] = b'x';
                data[19] = 0xE9;
                data[20 + len] = 0xE9;
                assert!(is_ascii_at(&data, 20, len), "len {len}");
            }
        }
        // At the very end of the input (no room for whole words).
        let data = b"\"\x05abcd\xE9";
        assert!(!is_ascii_at(data, 2, 5));
        assert!(is_ascii_at(data, 2, 4));
    }

    #[test]
    fn smi_varints_of_every_width() {
        for v in [
            0,
            1,
            -1,
            63,
            -64,
            64,
            8191,
            -8192,
            8192,
            1 << 20,
            -(1 << 27),
            (1 << 27) - 1,
        ] {
            let mut wire = vec![0xFF, 0x0F, b'I'];
            let mut z = ((v << 1) ^ (v >> 31)) as u32;
            while z >= 0x80 {
                wire.push(z as u8 | 0x80);
                z >>= 7;
            }
            wire.push(z as u8);
            assert_eq!(crate::from_slice::<i32>(&wire).unwrap(), v);
            // Followed by more input, so the word path is taken.
            wire.extend_from_slice(&[0; 4]);
            let mut de = WireDeserializer::new(&wire);
            de.read_header().unwrap();
            assert_eq!(de.take_smi(), Some(v));
        }
    }
}
