//! A small per-thread cache of decoded property-key strings.
//!
//! Objects of one shape repeat the same keys, across objects and across
//! messages, so a key's `Arc<JsString>` is shared instead of allocating two
//! blocks (the `Arc` and the text) per key. The cache is direct-mapped (a
//! collision simply replaces the slot) and bounded: [`SLOTS`] keys of at most
//! [`MAX_CACHED_KEY`] bytes per thread.

use crate::reader::tag;
use crate::string::JsString;
use std::cell::RefCell;
use std::sync::Arc;

/// Keys longer than this many wire bytes are not cached.
pub(crate) const MAX_CACHED_KEY: usize = 32;
const SLOT_BITS: u32 = 9;
const SLOTS: usize = 1 << SLOT_BITS;

type Slots = Vec<Option<(u8, Arc<JsString>)>>;

thread_local! {
    static CACHE: RefCell<Slots> = const { RefCell::new(Vec::new()) };
}

/// FxHash-style mixing over 8-byte words; the top bits pick the slot.
#[inline]
fn slot_of(t: u8, raw: &[u8]) -> usize {
    const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mut h = (t as u64) ^ ((raw.len() as u64) << 8);
    let mut chunks = raw.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap_or_default());
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    let mut tail = [0u8; 8];
    tail[..rest.len()].copy_from_slice(rest);
    h = (h.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    (h >> (64 - SLOT_BITS)) as usize
}

/// Whether `s` is exactly the string that tag `t` with body `raw` decodes to.
#[inline]
fn matches(t: u8, raw: &[u8], s: &JsString) -> bool {
    match s {
        JsString::OneByte(b) => t == tag::ONE_BYTE_STRING && b.as_slice() == raw,
        JsString::TwoByte(u) => {
            t == tag::TWO_BYTE_STRING
                && u.len() * 2 == raw.len()
                && u.iter()
                    .zip(raw.chunks_exact(2))
                    .all(|(&c, b)| c == u16::from_le_bytes([b[0], b[1]]))
        }
        JsString::Utf8(_) => false,
    }
}

/// The cached key for tag `t` (one- or two-byte) and wire body `raw`, or the
/// result of `make`, which is then cached.
#[inline]
pub(crate) fn get_or_insert<E>(
    t: u8,
    raw: &[u8],
    make: impl FnOnce() -> Result<Arc<JsString>, E>,
) -> Result<Arc<JsString>, E> {
    let slot = slot_of(t, raw);
    let hit = CACHE
        .try_with(|c| match c.try_borrow().ok()?.get(slot) {
            Some(Some((st, s))) if *st == t && matches(t, raw, s) => Some(s.clone()),
            _ => None,
        })
        .ok()
        .flatten();
    if let Some(s) = hit {
        return Ok(s);
    }
    let s = make()?;
    // A thread being torn down just skips caching.
    let _ = CACHE.try_with(|c| {
        if let Ok(mut c) = c.try_borrow_mut() {
            if c.is_empty() {
                c.resize(SLOTS, None);
            }
            c[slot] = Some((t, s.clone()));
        }
    });
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_bytes_under_another_tag_is_another_key() {
        let one = get_or_insert::<()>(tag::ONE_BYTE_STRING, b"ab", || {
            Ok(Arc::new(JsString::OneByte(b"ab".to_vec())))
        })
        .unwrap();
        let two = get_or_insert::<()>(tag::TWO_BYTE_STRING, b"ab", || {
            Ok(Arc::new(JsString::TwoByte(vec![0x6261])))
        })
        .unwrap();
        assert_eq!(*one, JsString::OneByte(b"ab".to_vec()));
        assert_eq!(*two, JsString::TwoByte(vec![0x6261]));
        // A hit returns the cached string without calling `make`.
        let again = get_or_insert::<()>(tag::TWO_BYTE_STRING, b"ab", || Err(())).unwrap();
        assert!(Arc::ptr_eq(&two, &again));
    }
}
