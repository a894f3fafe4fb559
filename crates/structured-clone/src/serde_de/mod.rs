//! `serde` deserialization straight from wire bytes ([`from_slice`]), with no
//! intermediate value tree.
//!
//! Shapes are read as the JavaScript value they encode: objects, sparse arrays,
//! `Map`s and `Error`s are maps (an `Error` gives `name`, then `message`, `stack`,
//! `cause` when present); dense arrays and `Set`s are sequences (holes read as
//! unit, so `Option` elements become `None`); `undefined` and `null` are unit
//! (and `None`); numbers are `i32`/`u32`/`f64`; BigInts are integers when they fit
//! 128 bits; strings are borrowed when they are ASCII one-byte strings (two-byte
//! strings with lone surrogates read with U+FFFD); `ArrayBuffer`s, typed arrays and
//! Node `Buffer`s are bytes (borrowed); a `Date` is its time value in ms; a `RegExp`
//! is the string `/source/flags` (its flags and pattern checked as [`crate::decode`]
//! checks them). Numeric object keys can be read as strings.
//!
//! A back-reference (`^`) is read again from where its object started, so shared
//! objects become copies; a cycle is an error, and the total work spent on such
//! copies is bounded (use [`crate::decode`] for graphs with heavy sharing).

mod access;
mod deserializer;
mod fast;
mod keys;
mod values;

use access::{Elements, Entries, ErrorFields, ObjectProps, Props, SetValues};
use fast::{owned_short, short_ascii_at};
use keys::{KeyDeserializer, StrKey};

use crate::de::{
    utf16_from_le_bytes, DEFAULT_MAX_DEPTH, LATEST_VERSION, MIN_READ_VERSION, STACK_CHECK_EVERY,
    STACK_RED_ZONE, STACK_SEGMENT,
};
use crate::error::{Error, ErrorKind, Result, TagByte};
use crate::inspect::js_number_to_string;
use crate::reader::{tag, Reader};
use crate::value::ViewKind;
use serde::de::{self, DeserializeSeed, IgnoredAny, IntoDeserializer, Visitor};
use serde::Deserialize;

/// Deserializes a `T` from Node `v8.serialize` bytes (header plus one value).
///
/// ```
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Point { x: i32, y: i32 }
/// // v8.serialize({x: 1, y: 2})
/// let p: Point = structured_clone::from_slice(b"\xff\x0fo\"\x01xI\x02\"\x01yI\x04{\x02")?;
/// assert_eq!(p, Point { x: 1, y: 2 });
/// # Ok::<(), structured_clone::Error>(())
/// ```
pub fn from_slice<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T> {
    let mut de = WireDeserializer::new(bytes);
    de.read_header()?;
    match de.root::<T>() {
        Err(e) if de.version == 13 && !matches!(e.kind(), ErrorKind::DepthLimit(_)) => {
            drop(de);
            retry_v13(bytes, e)
        }
        r => r,
    }
}

/// V8 reads version-13 data a second time with view flags when the first
/// read fails (some v13 writers wrote them, crbug.com/1284506), and so does
/// [`crate::decode`]. Only a stream that fails to parse is read again: when it
/// parses without flags, the first error came from a visitor rejecting a value
/// V8 would have made, and it stands.
#[cold]
#[inline(never)]
fn retry_v13<'de, T: Deserialize<'de>>(bytes: &'de [u8], first: Error) -> Result<T> {
    if read_v13::<IgnoredAny>(bytes, false).is_ok() {
        return Err(first);
    }
    read_v13(bytes, true)
}

/// One `T` from version-13 `bytes`, views read with or without flags.
fn read_v13<'de, T: Deserialize<'de>>(bytes: &'de [u8], view_flags: bool) -> Result<T> {
    let mut de = WireDeserializer::new(bytes);
    de.read_header()?;
    de.view_flags = view_flags;
    de.root()
}

impl de::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error::new(ErrorKind::Custom(msg.to_string()))
    }
}

#[derive(Clone, Copy)]
enum EntryKind {
    /// A value that is parsed again from its start when referenced.
    Value,
    /// An ArrayBuffer's contents (a `V` may follow a reference to it).
    Buffer(BufferSpan),
    /// A view's bytes.
    View(usize, usize),
}

/// Where an ArrayBuffer's contents lie in the input, and whether it is resizable
/// (which decides the view flags a view of it must have).
#[derive(Clone, Copy)]
struct BufferSpan {
    data: usize,
    len: usize,
    resizable: bool,
}

/// An object whose visitor returned before its end tag (see
/// [`WireDeserializer::settle`]).
struct Unclosed {
    count: u64,
    id: usize,
    depth: usize,
}

/// Where an object with a wire id lies: `end` is 0 until it has been read
/// (a reference to an object still being read is a cycle).
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

// The per-object span table is reused by the deserializers of one thread
// (returned empty, and only when it is at most 512 KiB).
thread_local! {
    static POOLED_SPANS: std::cell::Cell<Vec<Span>> = const { std::cell::Cell::new(Vec::new()) };
}

impl Drop for WireDeserializer<'_> {
    fn drop(&mut self) {
        let mut spans = std::mem::take(&mut self.spans);
        if spans.capacity() <= 1 << 15 {
            spans.clear();
            let _ = POOLED_SPANS.try_with(|c| c.set(spans));
        }
    }
}

/// The streaming deserializer behind [`from_slice`], for reading with a
/// `DeserializeSeed` or other state of your own:
///
/// ```
/// use serde::de::DeserializeSeed;
/// use std::marker::PhantomData;
/// use structured_clone::serde_de::WireDeserializer;
/// // v8.serialize([1, 2])
/// let mut de = WireDeserializer::new(b"\xff\x0fA\x02I\x02I\x04$\x00\x02");
/// de.read_header()?;
/// let v: Vec<u8> = PhantomData.deserialize(&mut de)?;
/// de.end()?;
/// assert_eq!(v, [1, 2]);
/// # Ok::<(), structured_clone::Error>(())
/// ```
pub struct WireDeserializer<'de> {
    r: Reader<'de>,
    version: u32,
    /// Whether views carry a flags varint: from version 14, and in the
    /// version-13 retry of [`from_slice`].
    view_flags: bool,
    depth: usize,
    max_depth: usize,
    /// The depth below which the typed fast paths may read a token:
    /// `max_depth`, or 0 while `unclosed` is not empty.
    fast_depth: usize,
    /// Objects whose visitor returned before their end tag, innermost first:
    /// the rest of their properties is skipped before the next token is read.
    unclosed: Vec<Unclosed>,
    /// Per object id, in wire order.
    spans: Vec<Span>,
    /// Buffers and views (rare), by object id in increasing order.
    buffers: Vec<(usize, EntryKind)>,
    /// > 0 while re-reading a referenced object: ids are then not recorded again.
    replay: usize,
    /// Input bytes that references may still re-read in total.
    replay_budget: usize,
    /// Elements offered as size hints by the dense arrays being read.
    open_hints: u64,
    /// RegExp pattern-check work left (as in the value reader).
    regexp_budget: u64,
}

impl<'de> WireDeserializer<'de> {
    /// A deserializer at the start of `bytes`.
    pub fn new(bytes: &'de [u8]) -> Self {
        WireDeserializer {
            r: Reader::new(bytes),
            version: 0,
            view_flags: false,
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            fast_depth: DEFAULT_MAX_DEPTH,
            unclosed: Vec::new(),
            spans: POOLED_SPANS
                .try_with(std::cell::Cell::take)
                .unwrap_or_default(),
            buffers: Vec::new(),
            replay: 0,
            replay_budget: bytes.len().saturating_mul(64).max(1 << 20),
            open_hints: 0,
            regexp_budget: crate::de::regexp::WORK_PER_DESERIALIZER,
        }
    }

    /// Reads the `0xFF version` header (13 to 16). Version-13 views are read
    /// without flags; only [`from_slice`] also tries them with flags, as V8 does.
    pub fn read_header(&mut self) -> Result<()> {
        let at = self.r.position();
        let t = self.r.byte("a version header")?;
        if t != tag::VERSION {
            return Err(Error::at(
                ErrorKind::MissingHeader(TagByte(t).to_string()),
                at,
            ));
        }
        let v = self.r.varint32("a version varint")?;
        if !(MIN_READ_VERSION..=LATEST_VERSION).contains(&v) {
            return Err(Error::at(ErrorKind::UnsupportedVersion(v), at + 1));
        }
        self.version = v;
        self.view_flags = v >= 14;
        Ok(())
    }

    /// Finishes reading the last value: skips (and checks) the properties of
    /// objects whose visitors stopped early. [`from_slice`] calls this; call it
    /// after deserializing with `T::deserialize(&mut de)` yourself. Bytes after
    /// the value are not an error (V8 ignores them too).
    pub fn end(&mut self) -> Result<()> {
        self.settle()
    }

    /// Reads one `T` and finishes it (see [`Self::end`]), errors located.
    #[inline(always)]
    fn root<T: Deserialize<'de>>(&mut self) -> Result<T> {
        T::deserialize(&mut *self)
            .and_then(|value| self.end().map(|()| value))
            .map_err(|e| self.locate(e))
    }

    fn locate(&self, e: Error) -> Error {
        match e.offset() {
            Some(_) => e,
            None => Error::at(e.kind().clone(), self.r.position()),
        }
    }

    /// Reads a tag, skipping padding and `?` counts.
    #[inline]
    fn next_tag(&mut self) -> Result<u8> {
        self.r.value_tag()
    }

    /// Skips what visitors left unread of `unclosed` objects. Every read of a
    /// token calls this first (the fast paths through `fast_depth`), so an
    /// object's visitor result is returned as it is, with no checks after it.
    #[inline(always)]
    fn settle(&mut self) -> Result<()> {
        if self.unclosed.is_empty() {
            return Ok(());
        }
        self.settle_unclosed()
    }
    #[cold]
    #[inline(never)]
    fn settle_unclosed(&mut self) -> Result<()> {
        let mut unclosed = std::mem::take(&mut self.unclosed);
        self.fast_depth = self.max_depth;
        let depth = self.depth;
        for u in unclosed.drain(..) {
            // Skipped at the depth the object's properties were read at.
            self.depth = u.depth;
            Props::resume(self, u).close()?;
        }
        self.depth = depth;
        if self.unclosed.is_empty() {
            self.unclosed = unclosed; // keeps its allocation
        }
        Ok(())
    }
    /// Records that the object being read (`id`, its properties read at the
    /// current depth) was left before its end tag, `count` properties in.
    #[cold]
    #[inline(never)]
    fn defer_close(&mut self, count: u64, id: usize) {
        self.unclosed.push(Unclosed {
            count,
            id,
            depth: self.depth,
        });
        self.fast_depth = 0;
    }

    /// Allocates the next object id, starting at `start` (not while replaying).
    #[inline]
    fn begin(&mut self, start: usize) -> usize {
        if self.replay > 0 {
            return usize::MAX;
        }
        self.spans.push(Span { start, end: 0 });
        self.spans.len() - 1
    }
    /// Marks object `id` read: references to it may now re-read it.
    #[inline]
    fn finish(&mut self, id: usize) {
        let end = self.r.position();
        if let Some(s) = self.spans.get_mut(id) {
            s.end = end;
        }
    }
    /// An object with no children (a Date, a wrapper), read in one step.
    #[inline]
    fn leaf(&mut self, start: usize) {
        let id = self.begin(start);
        self.finish(id);
    }
    /// A buffer or view: references to it give its bytes, not a re-read.
    fn leaf_bytes(&mut self, start: usize, kind: EntryKind) {
        if self.replay == 0 {
            self.buffers.push((self.spans.len(), kind));
        }
        self.leaf(start);
    }
    /// The object with wire id `id`, if one was read (or started).
    fn entry(&self, id: usize) -> Option<(Span, EntryKind)> {
        let s = *self.spans.get(id)?;
        let kind = match self.buffers.binary_search_by_key(&id, |b| b.0) {
            Ok(i) => self.buffers[i].1,
            Err(_) => EntryKind::Value,
        };
        Some((s, kind))
    }

    /// Reads a count varint that must equal `actual`.
    #[inline]
    fn check_count(&mut self, what: &'static str, actual: u64) -> Result<()> {
        // The common case: a one-byte count that matches.
        if actual < 0x80 && self.r.data().get(self.r.position()) == Some(&(actual as u8)) {
            self.r.skip(1);
            return Ok(());
        }
        self.check_count_slow(what, actual)
    }
    #[inline(never)]
    fn check_count_slow(&mut self, what: &'static str, actual: u64) -> Result<()> {
        let at = self.r.position();
        let expected = self.r.varint32("a count")? as u64;
        if expected != actual {
            return Err(Error::at(
                ErrorKind::Count {
                    what,
                    expected,
                    actual,
                },
                at,
            ));
        }
        Ok(())
    }
}

/// JS numbers that are exact integers (beyond the Smi range, up to 2^53) are
/// offered as integers, so integer fields read them; floats accept them too.
fn visit_number<'de, V: Visitor<'de>>(d: f64, v: V) -> Result<V::Value> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if d.trunc() == d && d.abs() <= EXACT && !(d == 0.0 && d.is_sign_negative()) {
        if d >= 0.0 {
            v.visit_u64(d as u64)
        } else {
            v.visit_i64(d as i64)
        }
    } else {
        v.visit_f64(d)
    }
}

struct StringVisitor;
impl<'de> Visitor<'de> for StringVisitor {
    type Value = String;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<String, E> {
        Ok(v)
    }
}
