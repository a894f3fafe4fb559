//! Numbers, varints, BigInts and strings in V8's encodings.

use crate::reader::tag;
use crate::string::{JsStr, JsString, INLINE};
use crate::value::BigInt;

/// `I` and the zigzag varint, in one copy for values below 2^13 in magnitude.
#[inline(always)]
pub(crate) fn write_smi(buf: &mut Vec<u8>, i: i32) {
    let z = zigzag(i);
    if z < 0x80 {
        buf.extend_from_slice(&[tag::INT32, z as u8]);
    } else if z < 0x4000 {
        buf.extend_from_slice(&[tag::INT32, z as u8 | 0x80, (z >> 7) as u8]);
    } else {
        buf.push(tag::INT32);
        write_varint_long(buf, z as u64);
    }
}

#[inline]
pub(crate) fn zigzag(i: i32) -> u32 {
    ((i << 1) ^ (i >> 31)) as u32
}

/// Unsigned LEB128 (one and two bytes inline, the rest out of line).
#[inline(always)]
pub(crate) fn write_varint(buf: &mut Vec<u8>, v: u64) {
    if v < 0x80 {
        buf.push(v as u8);
    } else if v < 0x4000 {
        buf.extend_from_slice(&[v as u8 | 0x80, (v >> 7) as u8]);
    } else {
        write_varint_long(buf, v);
    }
}

#[inline(never)]
fn write_varint_long(buf: &mut Vec<u8>, mut v: u64) {
    buf.reserve(10);
    let at = buf.len();
    let spare = &mut buf.spare_capacity_mut()[..10];
    let mut n = 0;
    while v >= 0x80 {
        spare[n].write((v as u8) | 0x80);
        v >>= 7;
        n += 1;
    }
    spare[n].write(v as u8);
    // SAFETY: the `n + 1 <= 10` bytes after `at` were just initialised.
    unsafe { buf.set_len(at + n + 1) };
}

fn varint_len(v: u64) -> usize {
    (64 - (v | 1).leading_zeros() as usize).div_ceil(7)
}

/// `bitfield = sign | byteLength << 1`, then whole 8-byte digits.
pub(crate) fn write_bigint(buf: &mut Vec<u8>, b: &BigInt) {
    let bytes = b.digits().len() as u64 * 8;
    write_varint(buf, (bytes << 1) | b.is_negative() as u64);
    buf.reserve(bytes as usize);
    for d in b.digits() {
        buf.extend_from_slice(&d.to_le_bytes());
    }
}

/// One-byte as `"`, two-byte as `c` (with V8's alignment padding), UTF-8 by content.
#[inline(always)]
pub(crate) fn write_string(buf: &mut Vec<u8>, s: &JsString) {
    if let Some((inline, len)) = s.inline_buffer() {
        // Short one-byte text: tag, length and the fixed-size inline buffer in
        // straight-line stores; only `2 + len` bytes count.
        buf.reserve(2 + INLINE);
        let at = buf.len();
        let head = [tag::ONE_BYTE_STRING, len as u8];
        // SAFETY: `reserve` made room for `2 + INLINE` bytes after `at`; the
        // source arrays do not overlap the vector; `set_len` covers only the
        // `2 + len <= 2 + INLINE` bytes just written.
        unsafe {
            let dst = buf.as_mut_ptr().add(at);
            std::ptr::copy_nonoverlapping(head.as_ptr(), dst, 2);
            std::ptr::copy_nonoverlapping(inline.as_ptr(), dst.add(2), INLINE);
            buf.set_len(at + 2 + len);
        }
        return;
    }
    match s.repr() {
        JsStr::OneByte(b) => write_one_byte(buf, b),
        JsStr::TwoByte(u) => write_two_byte(buf, u),
        JsStr::Utf8(_) => write_utf8_by_content(buf, s),
    }
}

/// A property key as V8 holds it. V8 internalizes keys, and an internalized
/// string whose code units all fit in one byte is a one-byte string, so a
/// two-byte key such as `"\u00ac"` is written with `"` (V8 15.2 reads
/// `o c 02 ac 00 ...` and writes `o " 01 ac ...`). Values keep their form.
#[inline(always)]
pub(crate) fn write_key_string(buf: &mut Vec<u8>, s: &JsString) {
    match s.repr() {
        JsStr::TwoByte(u) if u.iter().all(|&c| c < 0x100) => {
            let latin1: Vec<u8> = u.iter().map(|&c| c as u8).collect();
            write_one_byte(buf, &latin1)
        }
        _ => write_string(buf, s),
    }
}

#[cold]
fn write_utf8_by_content(buf: &mut Vec<u8>, s: &JsString) {
    let s = JsString::from_utf16(s.code_units().into_owned());
    match s.repr() {
        JsStr::OneByte(b) => write_one_byte(buf, b),
        JsStr::TwoByte(u) => write_two_byte(buf, u),
        JsStr::Utf8(b) => write_one_byte(buf, b), // from_utf16 never builds UTF-8
    }
}

#[inline]
pub(crate) fn write_one_byte(buf: &mut Vec<u8>, b: &[u8]) {
    let n = b.len();
    if n <= COPY_SHORT_MAX {
        // The common short string: tag, length and text in straight-line stores.
        buf.reserve(2 + n);
        let at = buf.len();
        // SAFETY: `reserve` made room for `2 + n` bytes after `at`; `copy_short`
        // writes exactly `n` bytes; `set_len` covers only what was written.
        unsafe {
            let dst = buf.as_mut_ptr().add(at);
            dst.write(tag::ONE_BYTE_STRING);
            dst.add(1).write(n as u8);
            copy_short(b, dst.add(2));
            buf.set_len(at + 2 + n);
        }
        return;
    }
    buf.reserve(n + 6);
    buf.push(tag::ONE_BYTE_STRING);
    write_varint(buf, n as u64);
    buf.extend_from_slice(b);
}

/// The longest text [`copy_short`] copies.
pub(crate) const COPY_SHORT_MAX: usize = 32;

/// Copies `src` (at most [`COPY_SHORT_MAX`] bytes) to `dst` with two overlapping fixed-size
/// moves instead of a `memcpy` call.
///
/// # Safety
/// `dst` must be valid for `src.len()` bytes and not overlap `src`.
#[inline(always)]
pub(crate) unsafe fn copy_short(src: &[u8], dst: *mut u8) {
    use std::ptr::{read_unaligned as rd, write_unaligned as wr};
    let (n, s) = (src.len(), src.as_ptr());
    debug_assert!(n <= COPY_SHORT_MAX);
    // SAFETY (all arms): every read is within `src` and every write within
    // `dst[..n]`; the pairs overlap in the middle when `n` is not a power of two.
    unsafe {
        if n >= 16 {
            wr(dst.cast::<u128>(), rd(s.cast::<u128>()));
            wr(
                dst.add(n - 16).cast::<u128>(),
                rd(s.add(n - 16).cast::<u128>()),
            );
        } else if n >= 8 {
            wr(dst.cast::<u64>(), rd(s.cast::<u64>()));
            wr(dst.add(n - 8).cast::<u64>(), rd(s.add(n - 8).cast::<u64>()));
        } else if n >= 4 {
            wr(dst.cast::<u32>(), rd(s.cast::<u32>()));
            wr(dst.add(n - 4).cast::<u32>(), rd(s.add(n - 4).cast::<u32>()));
        } else {
            for i in 0..n {
                dst.add(i).write(*s.add(i));
            }
        }
    }
}

pub(crate) fn write_two_byte(buf: &mut Vec<u8>, u: &[u16]) {
    let byte_len = u.len() as u64 * 2;
    buf.reserve(u.len() * 2 + 7);
    // The payload must start at an even offset from the start of the buffer.
    if (buf.len() + 1 + varint_len(byte_len)) % 2 == 1 {
        buf.push(tag::PADDING);
    }
    buf.push(tag::TWO_BYTE_STRING);
    write_varint(buf, byte_len);
    #[cfg(target_endian = "little")]
    {
        // SAFETY: a `[u16]` is `2 * len` initialised bytes; u8 has alignment 1.
        let bytes = unsafe { std::slice::from_raw_parts(u.as_ptr().cast::<u8>(), u.len() * 2) };
        buf.extend_from_slice(bytes);
    }
    #[cfg(not(target_endian = "little"))]
    for &c in u {
        buf.extend_from_slice(&c.to_le_bytes());
    }
}
