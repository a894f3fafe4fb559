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
    progress: Option<&'p mut dyn FnMut(u64)>,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

impl<'p, R: Read> Scanner<'p, R> {
    pub(crate) fn new(reader: R, progress: Option<&'p mut dyn FnMut(u64)>) -> Self {
        Scanner {
            reader,
            buf: vec![0; BUF_SIZE].into_boxed_slice(),
            pos: 0,
            len: 0,
            base: 0,
            eof: false,
            progress,
        }
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
                    if let Some(p) = self.progress.as_mut() {
                        p(self.base + n as u64);
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
    /// offset_of_value)` for each. This is the hot loop of the parser.
    pub(crate) fn parse_uint_array<F>(&mut self, context: &'static str, mut sink: F) -> Result<()>
    where
        F: FnMut(u64, u64) -> Result<()>,
    {
        self.expect(b'[', context)?;
        // State between buffer refills.
        let mut value: u64 = 0;
        let mut digits: u32 = 0;
        // A number ended by whitespace: only ',' or ']' may follow.
        let mut closed = false;
        // At least one value seen and the last separator was a comma.
        let mut after_comma = false;
        let mut any = false;
        let mut start: u64 = 0;
        loop {
            if self.pos >= self.len && !self.fill()? {
                return Err(self.truncated(context));
            }
            let buf = &self.buf[..self.len];
            let mut i = self.pos;
            while i < buf.len() {
                let b = buf[i];
                let d = b.wrapping_sub(b'0');
                if d < 10 {
                    if closed {
                        self.pos = i;
                        return Err(ParseError::syntax(
                            self.offset(),
                            format!("expected ',' or ']' in {context}, found a digit"),
                        ));
                    }
                    if digits == 0 {
                        start = self.base + i as u64;
                    }
                    digits += 1;
                    if digits > MAX_DIGITS {
                        return Err(ParseError::syntax(
                            start,
                            format!("number too large in {context}"),
                        ));
                    }
                    value = value * 10 + d as u64;
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
                        sink(value, start)?;
                        value = 0;
                        digits = 0;
                        closed = false;
                        after_comma = true;
                        any = true;
                    }
                    b' ' | b'\n' | b'\r' | b'\t' => {
                        if digits > 0 {
                            closed = true;
                        }
                    }
                    b']' => {
                        if digits > 0 {
                            sink(value, start)?;
                        } else if after_comma || any {
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
