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
//! is the string `/source/flags`. Numeric object keys can be read as strings.
//!
//! A back-reference (`^`) is read again from where its object started, so shared
//! objects become copies; a cycle is an error, and the total work spent on such
//! copies is bounded (use [`crate::decode`] for graphs with heavy sharing).

mod access;
mod deserializer;
mod keys;
mod values;

use access::{Elements, Entries, ErrorFields, Props, SetValues};
use keys::KeyDeserializer;

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
    T::deserialize(&mut de).map_err(|e| de.locate(e))
}

impl de::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error::new(ErrorKind::Custom(msg.to_string()))
    }
}

#[derive(Clone, Copy)]
enum EntryKind {
    /// A value that is parsed again from `start` when referenced.
    Value,
    /// An ArrayBuffer's contents (a `V` may follow a reference to it).
    Buffer(usize, usize),
    /// A view's bytes.
    View(usize, usize),
}

#[derive(Clone, Copy)]
struct Entry {
    start: usize,
    done: bool,
    kind: EntryKind,
}

/// `starts` bit marking an object whose contents have been read.
const DONE: u64 = 1 << 63;

// The per-object start table is reused by the deserializers of one thread
// (returned empty, and only when it is not big).
thread_local! {
    static POOLED_STARTS: std::cell::Cell<Vec<u64>> = const { std::cell::Cell::new(Vec::new()) };
}

impl Drop for WireDeserializer<'_> {
    fn drop(&mut self) {
        let mut starts = std::mem::take(&mut self.starts);
        if starts.capacity() <= 1 << 15 {
            starts.clear();
            let _ = POOLED_STARTS.try_with(|c| c.set(starts));
        }
    }
}

/// The streaming deserializer behind [`from_slice`].
pub struct WireDeserializer<'de> {
    r: Reader<'de>,
    version: u32,
    depth: usize,
    max_depth: usize,
    /// Per object id: where it starts on the wire, plus the `DONE` bit.
    starts: Vec<u64>,
    /// Buffers and views (rare), by object id in increasing order.
    buffers: Vec<(usize, EntryKind)>,
    /// > 0 while re-reading a referenced object: ids are then not recorded again.
    replay: usize,
    replay_budget: usize,
}

impl<'de> WireDeserializer<'de> {
    /// A deserializer at the start of `bytes`.
    pub fn new(bytes: &'de [u8]) -> Self {
        WireDeserializer {
            r: Reader::new(bytes),
            version: 0,
            depth: 0,
            max_depth: DEFAULT_MAX_DEPTH,
            starts: POOLED_STARTS
                .try_with(std::cell::Cell::take)
                .unwrap_or_default(),
            buffers: Vec::new(),
            replay: 0,
            replay_budget: bytes.len().saturating_mul(64).max(1 << 20),
        }
    }

    /// Reads the `0xFF version` header (13 to 16).
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
        Ok(())
    }

    fn locate(&self, e: Error) -> Error {
        match e.offset() {
            Some(_) => e,
            None => Error::at(e.kind().clone(), self.r.position()),
        }
    }

    /// Reads a tag, skipping padding and `?` counts; counts replay work.
    #[inline]
    fn next_tag(&mut self) -> Result<u8> {
        if self.replay > 0 {
            if self.replay_budget == 0 {
                return Err(self.r.err(ErrorKind::Custom(
                    "shared references expand beyond the work limit; use structured_clone::decode"
                        .into(),
                )));
            }
            self.replay_budget -= 1;
        }
        self.r.value_tag()
    }

    /// Allocates the next object id (not while replaying).
    #[inline]
    fn begin(&mut self, start: usize, kind: EntryKind) -> usize {
        if self.replay > 0 {
            return usize::MAX;
        }
        let id = self.starts.len();
        let done = if kind_is_leaf(kind) {
            self.buffers.push((id, kind));
            DONE
        } else {
            0
        };
        self.starts.push(start as u64 | done);
        id
    }
    #[inline]
    fn finish(&mut self, id: usize) {
        if let Some(s) = self.starts.get_mut(id) {
            *s |= DONE;
        }
    }
    /// The object with wire id `id`, if one was read.
    fn entry(&self, id: usize) -> Option<Entry> {
        let s = *self.starts.get(id)?;
        let kind = match self.buffers.binary_search_by_key(&id, |b| b.0) {
            Ok(i) => self.buffers[i].1,
            Err(_) => EntryKind::Value,
        };
        Some(Entry {
            start: (s & !DONE) as usize,
            done: s & DONE != 0,
            kind,
        })
    }

    fn check_count(&mut self, what: &'static str, actual: u64) -> Result<()> {
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

fn kind_is_leaf(kind: EntryKind) -> bool {
    !matches!(kind, EntryKind::Value)
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
