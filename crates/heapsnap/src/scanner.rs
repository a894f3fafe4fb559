//! A buffered JSON byte scanner specialised for heap snapshots.
//!
//! The file is read through a fixed-size buffer, so memory stays O(buffer)
//! regardless of the file size, and the OS page cache (not our RSS) holds the
//! text. The hot path is [`Scanner::parse_uint_array`]: snapshots are > 95 %
//! ASCII digits and commas, so it is a hand-rolled digit loop over the buffer.

use std::io::{ErrorKind, Read};

use crate::error::ParseError;

const BUF_SIZE: usize = 1 << 20;

/// Largest number of decimal digits accepted for one number (u64 holds 19).
const MAX_DIGITS: u32 = 19;

pub(crate) type Result<T> = std::result::Result<T, ParseError>;

pub(crate) struct Scanner<'p, R> {
    reader: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    /// File offset of `buf[0]`.
    base: u64,
    eof: bool,
    /// Called with the number of bytes of each read.
    progress: Option<&'p mut dyn FnMut(u64)>,
    /// Off while [`Scanner::skip_to`] reads bytes that another reader parses.
    counting: bool,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

impl<'p, R: Read> Scanner<'p, R> {
    /// A scanner over `reader`; `progress` receives the size of each read.
    pub(crate) fn new(reader: R, progress: Option<&'p mut dyn FnMut(u64)>) -> Self {
        Self::at(reader, 0, progress)
    }

    /// A scanner over `reader`, whose first byte is at file offset `base`.
    pub(crate) fn at(reader: R, base: u64, progress: Option<&'p mut dyn FnMut(u64)>) -> Self {
        Scanner {
            reader,
            buf: vec![0; BUF_SIZE].into_boxed_slice(),
            pos: 0,
            len: 0,
            base,
            eof: false,
            progress,
            counting: true,
        }
    }

    /// The same scanner (buffer, progress callback) continuing at file offset
    /// `base` of `reader`, which must start there.
    pub(crate) fn reposition<R2: Read>(self, reader: R2, base: u64) -> Scanner<'p, R2> {
        Scanner {
            reader,
            buf: self.buf,
            pos: 0,
            len: 0,
            base,
            eof: false,
            progress: self.progress,
            counting: true,
        }
    }

    /// Advances to the next occurrence of `byte` (not consumed); `false` if
    /// the input ends first. Reads here are not reported as progress.
    pub(crate) fn skip_to(&mut self, byte: u8) -> Result<bool> {
        self.counting = false;
        let found = loop {
            if self.pos >= self.len && !self.fill()? {
                break false;
            }
            match memchr::memchr(byte, &self.buf[self.pos..self.len]) {
                Some(i) => {
                    self.pos += i;
                    break true;
                }
                None => self.pos = self.len,
            }
        };
        self.counting = true;
        Ok(found)
    }

    pub(crate) fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// Refills the buffer once it is consumed. Returns `false` at end of input.
    #[cold]
    fn fill(&mut self) -> Result<bool> {
        if self.pos < self.len {
            return Ok(true);
        }
        if self.eof {
            return Ok(false);
        }
        self.base += self.len as u64;
        self.pos = 0;
        self.len = 0;
        loop {
            match self.reader.read(&mut self.buf) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.len = n;
                    if let Some(p) = self.progress.as_mut().filter(|_| self.counting) {
                        p(n as u64);
                    }
                    return Ok(true);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => {
                    return Err(ParseError::Io {
                        offset: self.base,
                        source: e,
                    })
                }
            }
        }
    }

    fn truncated(&self, context: &'static str) -> ParseError {
        ParseError::Truncated {
            offset: self.offset(),
            context,
        }
    }

    /// The next byte without consuming it; `None` at end of input.
    pub(crate) fn peek(&mut self) -> Result<Option<u8>> {
        if self.pos >= self.len && !self.fill()? {
            return Ok(None);
        }
        Ok(Some(self.buf[self.pos]))
    }

    /// The next byte, consumed; a `Truncated` error at end of input.
    pub(crate) fn next(&mut self, context: &'static str) -> Result<u8> {
        if self.pos >= self.len && !self.fill()? {
            return Err(self.truncated(context));
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        Ok(b)
    }

    /// Skips whitespace and returns the next byte without consuming it.
    pub(crate) fn peek_non_ws(&mut self, context: &'static str) -> Result<u8> {
        loop {
            match self.peek()? {
                None => return Err(self.truncated(context)),
                Some(b) if is_ws(b) => self.pos += 1,
                Some(b) => return Ok(b),
            }
        }
    }

    /// Skips whitespace; `true` if the input ends there.
    pub(crate) fn at_end(&mut self) -> Result<bool> {
        loop {
            match self.peek()? {
                None => return Ok(true),
                Some(b) if is_ws(b) => self.pos += 1,
                Some(_) => return Ok(false),
            }
        }
    }

    /// Skips whitespace and consumes `expected`.
    pub(crate) fn expect(&mut self, expected: u8, context: &'static str) -> Result<()> {
        let b = self.peek_non_ws(context)?;
        if b != expected {
            return Err(ParseError::syntax(
                self.offset(),
                format!(
                    "expected '{}' in {context}, found {}",
                    expected as char,
                    describe(b)
                ),
            ));
        }
        self.pos += 1;
        Ok(())
    }

    /// Reads a JSON string (the opening quote must be next, after whitespace)
    /// and appends its UTF-8 decoding to `out`. Lone UTF-16 surrogates (V8
    /// writes them: it truncates astral characters to 16 bits) become U+FFFD.
    /// At most `limit` decoded bytes are accepted.
    pub(crate) fn read_string(
        &mut self,
        out: &mut Vec<u8>,
        limit: usize,
        context: &'static str,
    ) -> Result<()> {
        self.expect(b'"', context)?;
        let start_len = out.len();
        loop {
            if self.pos >= self.len && !self.fill()? {
                return Err(self.truncated(context));
            }
            let chunk = &self.buf[self.pos..self.len];
            let stop = memchr::memchr3(b'"', b'\\', b'\n', chunk)
                .map(|i| i.min(first_control(chunk, i)))
                .unwrap_or_else(|| first_control(chunk, chunk.len()));
            out.extend_from_slice(&chunk[..stop]);
            self.pos += stop;
            if out.len() - start_len > limit {
                return Err(ParseError::schema(
                    self.offset(),
                    format!("string in {context} longer than {limit} bytes"),
                ));
            }
            if stop == chunk.len() {
                continue;
            }
            let b = self.buf[self.pos];
            match b {
                b'"' => {
                    self.pos += 1;
                    return Ok(());
                }
                b'\\' => {
                    self.pos += 1;
                    self.read_escape(out, context)?;
                }
                _ => {
                    return Err(ParseError::syntax(
                        self.offset(),
                        format!("unescaped control character {} in a string", describe(b)),
                    ))
                }
            }
        }
    }

    fn read_hex4(&mut self, context: &'static str) -> Result<u16> {
        let mut v: u16 = 0;
        for _ in 0..4 {
            let at = self.offset();
            let b = self.next(context)?;
            let d = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => {
                    return Err(ParseError::syntax(
                        at,
                        format!("invalid hex digit {} in \\u escape", describe(b)),
                    ))
                }
            };
            v = (v << 4) | d as u16;
        }
        Ok(v)
    }

    fn read_escape(&mut self, out: &mut Vec<u8>, context: &'static str) -> Result<()> {
        let at = self.offset();
        let b = self.next(context)?;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.read_hex4(context)?;
                if (0xD800..0xDC00).contains(&hi) {
                    // A high surrogate: combine with a following low one if present.
                    if self.peek()? == Some(b'\\') {
                        self.pos += 1;
                        if self.peek()? == Some(b'u') {
                            self.pos += 1;
                            let lo = self.read_hex4(context)?;
                            if (0xDC00..0xE000).contains(&lo) {
                                let cp = 0x10000
                                    + (((hi as u32) - 0xD800) << 10)
                                    + ((lo as u32) - 0xDC00);
                                push_char(out, char::from_u32(cp).unwrap_or('\u{FFFD}'));
                            } else {
                                push_char(out, '\u{FFFD}');
                                push_char(out, char::from_u32(lo as u32).unwrap_or('\u{FFFD}'));
                            }
                            return Ok(());
                        }
                        push_char(out, '\u{FFFD}');
                        return self.read_escape(out, context);
                    }
                    '\u{FFFD}'
                } else {
                    char::from_u32(hi as u32).unwrap_or('\u{FFFD}')
                }
            }
            _ => {
                return Err(ParseError::syntax(
                    at,
                    format!("invalid escape \\{} in a string", describe_char(b)),
                ))
            }
        };
        push_char(out, c);
        Ok(())
    }

    /// Skips one JSON value of any kind, iteratively (no recursion).
    pub(crate) fn skip_value(&mut self, context: &'static str) -> Result<()> {
        let mut depth: usize = 0;
        let mut scratch = Vec::new();
        loop {
            let b = self.peek_non_ws(context)?;
            match b {
                b'{' | b'[' => {
                    self.pos += 1;
                    depth += 1;
                    continue;
                }
                b'}' | b']' if depth > 0 => {
                    self.pos += 1;
                    depth -= 1;
                }
                b'"' => {
                    scratch.clear();
                    self.read_string(&mut scratch, usize::MAX, context)?;
                }
                b',' | b':' if depth > 0 => {
                    self.pos += 1;
                    continue;
                }
                b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => self.skip_scalar(context)?,
                _ => {
                    return Err(ParseError::syntax(
                        self.offset(),
                        format!("unexpected {} in {context}", describe(b)),
                    ))
                }
            }
            if depth == 0 {
                return Ok(());
            }
        }
    }

    fn skip_scalar(&mut self, context: &'static str) -> Result<()> {
        while let Some(b) = self.peek()? {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.') {
                self.pos += 1;
            } else {
                return Ok(());
            }
        }
        let _ = context;
        Ok(())
    }

    /// Reads one JSON value verbatim (for the small `snapshot` header), at most
    /// `limit` bytes.
    pub(crate) fn capture_value(&mut self, limit: usize, context: &'static str) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        let mut depth: usize = 0;
        let mut in_string = false;
        let mut escaped = false;
        self.peek_non_ws(context)?;
        loop {
            let b = self.next(context)?;
            out.push(b);
            if out.len() > limit {
                return Err(ParseError::schema(
                    self.offset(),
                    format!("{context} is larger than {limit} bytes"),
                ));
            }
            if in_string {
                if escaped {
                    escaped = false;
                } else if b == b'\\' {
                    escaped = true;
                } else if b == b'"' {
                    in_string = false;
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Ok(out);
                    }
                }
                _ if depth == 0 => {
                    return Err(ParseError::syntax(
                        self.offset() - 1,
                        format!("expected an object in {context}, found {}", describe(b)),
                    ))
                }
                _ => {}
            }
        }
    }

    /// Parses a JSON array of non-negative integers, calling `sink(value,
    /// offset_of_value)` for each. This is the hot loop of the parser: up to
    /// 8 digits are converted at once (SWAR), the rest byte by byte.
    pub(crate) fn parse_uint_array<F>(&mut self, context: &'static str, mut sink: F) -> Result<()>
    where
        F: FnMut(u64, u64) -> Result<()>,
    {
        self.expect(b'[', context)?;
        // State kept across buffer refills.
        let mut value: u64 = 0;
        let mut digits: u32 = 0;
        // A number ended by whitespace: only ',' or ']' may follow.
        let mut closed = false;
        let mut any = false;
        loop {
            if self.pos >= self.len && !self.fill()? {
                return Err(self.truncated(context));
            }
            let base = self.base;
            let buf = &self.buf[..self.len];
            let mut i = self.pos;
            while i < buf.len() {
                let b = buf[i];
                if b.wrapping_sub(b'0') < 10 {
                    if closed {
                        self.pos = i;
                        return Err(ParseError::syntax(
                            self.offset(),
                            format!("expected ',' or ']' in {context}, found a digit"),
                        ));
                    }
                    if digits == 0 && i + 8 <= buf.len() {
                        let chunk = u64::from_le_bytes(buf[i..i + 8].try_into().expect("8 bytes"));
                        let n = leading_digits(chunk);
                        let v = swar_parse(chunk << (64 - 8 * n));
                        // The common case, a short number and its comma:
                        // hand it over without another trip round the loop.
                        if n < 8 && buf[i + n as usize] == b',' {
                            sink(v, base + i as u64)?;
                            any = true;
                            i += n as usize + 1;
                            continue;
                        }
                        value = v;
                        digits = n;
                        i += n as usize;
                        continue;
                    }
                    digits += 1;
                    if digits > MAX_DIGITS {
                        return Err(ParseError::syntax(
                            base + i as u64 + 1 - digits as u64,
                            format!("number too large in {context}"),
                        ));
                    }
                    value = value * 10 + (b - b'0') as u64;
                    i += 1;
                    continue;
                }
                match b {
                    b',' => {
                        if digits == 0 {
                            self.pos = i;
                            return Err(ParseError::syntax(
                                self.offset(),
                                format!("expected a number in {context}, found ','"),
                            ));
                        }
                        sink(value, base + i as u64 - digits as u64)?;
                        value = 0;
                        digits = 0;
                        closed = false;
                        any = true;
                    }
                    b' ' | b'\n' | b'\r' | b'\t' => {
                        if digits > 0 {
                            closed = true;
                        }
                    }
                    b']' => {
                        if digits > 0 {
                            sink(value, base + i as u64 - digits as u64)?;
                        } else if any {
                            self.pos = i;
                            return Err(ParseError::syntax(
                                self.offset(),
                                format!("expected a number in {context}, found ']'"),
                            ));
                        }
                        self.pos = i + 1;
                        return Ok(());
                    }
                    _ => {
                        self.pos = i;
                        return Err(ParseError::syntax(
                            self.offset(),
                            format!(
                                "expected a non-negative integer in {context}, found {}",
                                describe(b)
                            ),
                        ));
                    }
                }
                i += 1;
            }
            self.pos = i;
        }
    }
}

/// Number of leading ASCII digits (1..=8) in the little-endian bytes of
/// `chunk`, whose first byte is known to be a digit. A byte is a digit iff
/// neither `b - 0x30` borrows nor `b + 0x46` reaches 0x80; carries only move
/// upwards, so the first non-digit is found exactly.
#[inline]
fn leading_digits(chunk: u64) -> u32 {
    const LO: u64 = 0x3030_3030_3030_3030;
    const HI: u64 = 0x4646_4646_4646_4646;
    const TOP: u64 = 0x8080_8080_8080_8080;
    let non_digit = (chunk.wrapping_add(HI) | chunk.wrapping_sub(LO)) & TOP;
    if non_digit == 0 {
        8
    } else {
        non_digit.trailing_zeros() / 8
    }
}

/// Value of 8 ASCII digits (first digit in the lowest byte; zero bytes act
/// as leading zeros).
#[inline]
fn swar_parse(chunk: u64) -> u64 {
    let v = (chunk & 0x0F0F_0F0F_0F0F_0F0F).wrapping_mul(2561) >> 8;
    let v = (v & 0x00FF_00FF_00FF_00FF).wrapping_mul(6_553_601) >> 16;
    (v & 0x0000_FFFF_0000_FFFF).wrapping_mul(42_949_672_960_001) >> 32
}

/// Position of the first ASCII control character (< 0x20) in `chunk[..end]`,
/// or `end`.
fn first_control(chunk: &[u8], end: usize) -> usize {
    chunk[..end].iter().position(|&b| b < 0x20).unwrap_or(end)
}

fn push_char(out: &mut Vec<u8>, c: char) {
    let mut tmp = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
}

fn describe_char(b: u8) -> String {
    if b.is_ascii_graphic() {
        (b as char).to_string()
    } else {
        format!("0x{b:02x}")
    }
}

/// Human description of a byte for error messages.
pub(crate) fn describe(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", b as char)
    } else {
        format!("byte 0x{b:02x}")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::Scanner;

    fn parse(text: &str, buf_hint: usize) -> Result<Vec<u64>, String> {
        // Feed the reader in small pieces so numbers straddle refills.
        struct Trickle<'a>(&'a [u8], usize);
        impl std::io::Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(out.len()).min(self.1);
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut sc = Scanner::new(Trickle(text.as_bytes(), buf_hint), None);
        let mut out = Vec::new();
        sc.parse_uint_array("test", |v, _| {
            out.push(v);
            Ok(())
        })
        .map_err(|e| e.to_string())?;
        Ok(out)
    }

    proptest! {
        #[test]
        fn numbers_round_trip(values in proptest::collection::vec(0u64..10_000_000_000_000_000_000, 0..60),
                              seps in proptest::collection::vec(0usize..4, 60),
                              piece in 1usize..40) {
            let sep = [",", ", ", ",\n", " ,"];
            let mut text = String::from("[");
            for (i, v) in values.iter().enumerate() {
                if i > 0 { text.push_str(sep[seps[i]]); }
                text.push_str(&v.to_string());
            }
            text.push(']');
            prop_assert_eq!(parse(&text, piece).unwrap(), values);
        }

        #[test]
        fn small_numbers_round_trip(values in proptest::collection::vec(0u64..100_000_000_000, 0..200)) {
            let text = format!("[{}]", values.iter().map(u64::to_string).collect::<Vec<_>>().join(","));
            prop_assert_eq!(parse(&text, 1 << 20).unwrap(), values);
        }
    }

    /// Scanners started far into a file (the parallel parser's) report
    /// offsets beyond 4 GiB exactly.
    #[test]
    fn offsets_beyond_4_gib() {
        let base = 5u64 << 30;
        let text = b"   [1,2,x]";
        let mut sc = Scanner::at(&text[..], base, None);
        let err = sc.parse_uint_array("test", |_, _| Ok(())).unwrap_err();
        assert_eq!(err.offset(), base + 8);
        let mut sc = Scanner::at(&text[..], base, None);
        assert!(sc.skip_to(b'x').unwrap());
        assert_eq!(sc.offset(), base + 8);
        let mut at = Vec::new();
        let mut sc = Scanner::at(&b"[7,8]"[..], base, None);
        sc.parse_uint_array("test", |_, off| {
            at.push(off);
            Ok(())
        })
        .unwrap();
        assert_eq!(at, [base + 1, base + 3]);
    }

    #[test]
    fn rejects_malformed_arrays() {
        for bad in [
            "[1 2]",
            "[1,,2]",
            "[,1]",
            "[1,]",
            "[1.5]",
            "[-1]",
            "[1e3]",
            "[99999999999999999999]",
            "[12345678x]",
            "[1",
        ] {
            assert!(parse(bad, 3).is_err(), "{bad}");
            assert!(parse(bad, 1 << 20).is_err(), "{bad}");
        }
        assert_eq!(parse("[ ]", 1).unwrap(), Vec::<u64>::new());
        assert_eq!(
            parse("[ 12345678901 , 0 ]", 1 << 20).unwrap(),
            vec![12345678901, 0]
        );
    }
}
