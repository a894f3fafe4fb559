//! Appending wire primitives to the output with one capacity check each.
//!
//! Every writer reserves a fixed worst case, stores through a raw pointer
//! into the spare capacity, and only then sets the length, so a write that
//! bails out (a non-ASCII string) leaves the output unchanged.

use crate::reader::tag;
use std::ptr::{read_unaligned as rd, write_unaligned as wr};

/// Longest string taken by the fused check-and-copy path.
const SHORT: usize = 32;

/// High bit of every byte in a word: set in any byte means "not ASCII".
const HIGH: u128 = 0x8080_8080_8080_8080_8080_8080_8080_8080;

/// Appends `tag::ONE_BYTE_STRING`, the length and `text` when `text` is ASCII
/// and at most 32 bytes, checking and copying in one pass; otherwise appends
/// nothing and returns false.
#[inline(always)]
pub(super) fn try_short_ascii(out: &mut Vec<u8>, text: &[u8]) -> bool {
    let n = text.len();
    if n > SHORT {
        return false;
    }
    out.reserve(2 + SHORT);
    let at = out.len();
    let s = text.as_ptr();
    // SAFETY: `reserve` made room for `2 + SHORT >= 2 + n` bytes after `at`.
    // Reads stay inside `text` (pairs of loads overlap when `n` is not a power
    // of two); writes stay inside `out[at..at + 2 + n]`, which is spare
    // capacity until `set_len` commits it, after the ASCII check passed.
    unsafe {
        let dst = out.as_mut_ptr().add(at);
        let high = if n >= 16 {
            let (a, b) = (rd(s.cast::<u128>()), rd(s.add(n - 16).cast::<u128>()));
            wr(dst.add(2).cast::<u128>(), a);
            wr(dst.add(n - 14).cast::<u128>(), b);
            (a | b) & HIGH
        } else if n >= 8 {
            let (a, b) = (rd(s.cast::<u64>()), rd(s.add(n - 8).cast::<u64>()));
            wr(dst.add(2).cast::<u64>(), a);
            wr(dst.add(n - 6).cast::<u64>(), b);
            ((a | b) & HIGH as u64) as u128
        } else if n >= 4 {
            let (a, b) = (rd(s.cast::<u32>()), rd(s.add(n - 4).cast::<u32>()));
            wr(dst.add(2).cast::<u32>(), a);
            wr(dst.add(n - 2).cast::<u32>(), b);
            ((a | b) & HIGH as u32) as u128
        } else if n >= 2 {
            let (a, b) = (rd(s.cast::<u16>()), rd(s.add(n - 2).cast::<u16>()));
            wr(dst.add(2).cast::<u16>(), a);
            wr(dst.add(n).cast::<u16>(), b);
            ((a | b) & HIGH as u16) as u128
        } else if n == 1 {
            let a = *s;
            dst.add(2).write(a);
            (a & 0x80) as u128
        } else {
            0
        };
        if high != 0 {
            return false;
        }
        dst.write(tag::ONE_BYTE_STRING);
        dst.add(1).write(n as u8);
        out.set_len(at + 2 + n);
    }
    true
}

/// Appends `t` then `v` as a LEB128 varint (`v < 2^35`, at most 5 bytes).
#[inline(always)]
pub(super) fn tag_varint(out: &mut Vec<u8>, t: u8, v: u64) {
    debug_assert!(v < 1 << 35);
    out.reserve(9);
    let at = out.len();
    let (word, n) = leb128_word(v);
    // SAFETY: `reserve(9)` made room for the tag and the 8-byte word after
    // `at`; only the `1 + n <= 6` bytes written with meaning are committed.
    unsafe {
        let dst = out.as_mut_ptr().add(at);
        dst.write(t);
        wr(dst.add(1).cast::<u64>(), word.to_le());
        out.set_len(at + 1 + n);
    }
}

/// Appends `t`, a zero byte, then `v` as a varint (`v < 2^35`): the end of a
/// dense array (`$ 0 length`).
#[inline(always)]
pub(super) fn tag_zero_varint(out: &mut Vec<u8>, t: u8, v: u64) {
    out.reserve(10);
    let at = out.len();
    let (word, n) = leb128_word(v);
    // SAFETY: `reserve(10)` made room for two bytes and the 8-byte word.
    unsafe {
        let dst = out.as_mut_ptr().add(at);
        dst.write(t);
        dst.add(1).write(0);
        wr(dst.add(2).cast::<u64>(), word.to_le());
        out.set_len(at + 2 + n);
    }
}

/// `v < 2^35` as LEB128 bytes packed little-endian into a word, and their count.
#[inline(always)]
fn leb128_word(mut v: u64) -> (u64, usize) {
    let mut word = 0u64;
    let mut n = 0;
    while v >= 0x80 {
        word |= ((v & 0x7f) | 0x80) << (8 * n);
        v >>= 7;
        n += 1;
    }
    (word | v << (8 * n), n + 1)
}

/// Appends `t` then the 8 bytes of `d` (a double, a Date).
#[inline(always)]
pub(super) fn tag_f64(out: &mut Vec<u8>, t: u8, d: f64) {
    out.reserve(9);
    let at = out.len();
    // SAFETY: `reserve(9)` made room for the 9 bytes written after `at`.
    unsafe {
        let dst = out.as_mut_ptr().add(at);
        dst.write(t);
        wr(dst.add(1).cast::<[u8; 8]>(), d.to_le_bytes());
        out.set_len(at + 9);
    }
}
