//! Errors with the byte offset where they were detected.

use std::fmt;

/// What went wrong. Every decode error says what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ended early.
    #[error("unexpected end of input, expected {0}")]
    UnexpectedEnd(&'static str),
    /// No `0xFF` version header.
    #[error("expected a version header (0xFF), found {0}")]
    MissingHeader(String),
    /// A version this reader does not support (13 to 16 are supported).
    #[error("invalid or unsupported version {0} (expected 13 to 16)")]
    UnsupportedVersion(u32),
    /// A tag that is unknown, or not allowed here.
    #[error("unexpected tag {found}, expected {expected}")]
    UnexpectedTag {
        /// What the reader wanted.
        expected: &'static str,
        /// The byte found, printed as a character when printable.
        found: TagByte,
    },
    /// A length larger than the remaining input or a hard limit.
    #[error("{what} length {len} exceeds the {limit} available")]
    Length {
        /// What was being read.
        what: &'static str,
        /// The length on the wire.
        len: u64,
        /// The limit it broke (usually the remaining bytes).
        limit: u64,
    },
    /// A trailing count did not match what was read.
    #[error("{what}: expected count {expected}, but {actual} were read")]
    Count {
        /// Which count.
        what: &'static str,
        /// The count written on the wire.
        expected: u64,
        /// The count actually read.
        actual: u64,
    },
    /// The same property key appeared twice in one object.
    #[error("duplicate property key {0:?}")]
    DuplicateKey(String),
    /// A value that cannot be a property key (only Smi, double or string can).
    #[error("invalid property key, expected an integer, a double or a string")]
    InvalidKey,
    /// An array with an own `length` property.
    #[error("an array cannot have an own \"length\" property on the wire")]
    ArrayLengthKey,
    /// A back-reference to an id that was never (or not yet) assigned.
    #[error("back-reference to unknown object id {0}")]
    UnknownReference(u32),
    /// A view did not follow an `ArrayBuffer`, or a back-reference pointed at a non-buffer.
    #[error("invalid array buffer view: {0}")]
    InvalidView(&'static str),
    /// `-0n`.
    #[error("invalid BigInt: negative zero")]
    NegativeZeroBigInt,
    /// RegExp flags V8 rejects.
    #[error("invalid RegExp flags 0x{0:x}")]
    InvalidRegExpFlags(u32),
    /// A RegExp pattern that is not valid syntax under its flags (V8 throws a
    /// SyntaxError from `JSRegExp::New`). The offset is the pattern's.
    #[error("invalid RegExp /{pattern}/: {reason}")]
    InvalidRegExp {
        /// The pattern (lone surrogates shown as U+FFFD).
        pattern: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Two-byte string with an odd byte length.
    #[error("two-byte string with odd byte length {0}")]
    OddTwoByteLength(u64),
    /// A string was expected (RegExp pattern, String object, error message).
    #[error("expected a string value")]
    ExpectedString,
    /// Unknown or misplaced error-object subtag.
    #[error("invalid Error subtag {0}, expected one of E R F S T U m s c .")]
    InvalidErrorTag(TagByte),
    /// The nesting limit was reached.
    #[error("nesting deeper than the limit of {0}")]
    DepthLimit(usize),
    /// `t` with a transfer id nobody registered.
    #[error("transferred ArrayBuffer id {0} was not registered with transfer_array_buffer")]
    UnknownTransfer(u32),
    /// A `WebAssembly.Memory` (`m`) or a wasm-memory `SharedArrayBuffer`
    /// suffix that V8 refuses.
    #[error("invalid WebAssembly memory: {0}")]
    InvalidWasmMemory(&'static str),
    /// A feature this codec does not implement.
    #[error("unsupported: {0}")]
    Unsupported(&'static str),
    /// A host object or shared array buffer without a delegate that handles it.
    #[error("{0}")]
    Delegate(String),
    /// A raw read (`read_uint32`, ...) failed.
    #[error("{0}() failed")]
    RawRead(&'static str),
    /// A value cannot be serialized (Node's DataCloneError).
    #[error("{0}")]
    DataClone(String),
    /// A serde error.
    #[error("{0}")]
    Custom(String),
}

/// A tag byte, displayed as `'c' (0x63)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagByte(pub u8);

impl fmt::Display for TagByte {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_ascii_graphic() {
            write!(f, "'{}' (0x{:02x})", self.0 as char, self.0)
        } else {
            write!(f, "0x{:02x}", self.0)
        }
    }
}

/// A codec error: its kind and, for decoding, the input byte offset where it was found.
///
/// One pointer wide, so results of the reader's hot paths stay small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    offset: Option<usize>,
}

impl Error {
    /// An error at a byte offset.
    #[cold]
    pub fn at(kind: ErrorKind, offset: usize) -> Error {
        Error(Box::new(Inner {
            kind,
            offset: Some(offset),
        }))
    }
    /// An error without a position (e.g. while encoding a value).
    #[cold]
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(Inner { kind, offset: None }))
    }
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }
    /// Input byte offset, when the error came from decoding.
    pub fn offset(&self) -> Option<usize> {
        self.0.offset
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.offset {
            Some(o) => write!(f, "{} at byte offset {}", self.0.kind, o),
            None => write!(f, "{}", self.0.kind),
        }
    }
}

impl std::error::Error for Error {}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
