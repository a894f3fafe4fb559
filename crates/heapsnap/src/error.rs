//! Errors of the analyzer.

use std::io;

/// Why a `.heapsnapshot` could not be read.
///
/// Every variant that comes from the file's content carries the byte offset
/// (0-based, from the start of the file) where the problem was detected.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// Reading the input failed.
    #[error("I/O error at byte {offset}: {source}")]
    Io {
        /// Bytes successfully read before the error.
        offset: u64,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The input ended before the snapshot was complete.
    #[error("unexpected end of input at byte {offset} (truncated file?) while reading {context}")]
    Truncated {
        /// Length of the input.
        offset: u64,
        /// What was being read.
        context: &'static str,
    },
    /// A byte that is not valid JSON (or not valid where it appears).
    #[error("syntax error at byte {offset}: {message}")]
    Syntax {
        /// Where the offending byte is.
        offset: u64,
        /// What was expected.
        message: String,
    },
    /// Valid JSON that does not describe a heap snapshot (missing fields,
    /// out-of-range indices, inconsistent counts).
    #[error("invalid heap snapshot at byte {offset}: {message}")]
    Schema {
        /// Where the problem was detected.
        offset: u64,
        /// What is wrong.
        message: String,
    },
}

impl ParseError {
    /// The byte offset this error refers to.
    pub fn offset(&self) -> u64 {
        match self {
            ParseError::Io { offset, .. }
            | ParseError::Truncated { offset, .. }
            | ParseError::Syntax { offset, .. }
            | ParseError::Schema { offset, .. } => *offset,
        }
    }

    pub(crate) fn syntax(offset: u64, message: impl Into<String>) -> Self {
        ParseError::Syntax {
            offset,
            message: message.into(),
        }
    }

    pub(crate) fn schema(offset: u64, message: impl Into<String>) -> Self {
        ParseError::Schema {
            offset,
            message: message.into(),
        }
    }
}

/// Errors of the high-level operations (open a file, analyze, look up a node).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened.
    #[error("cannot open {path}: {source}")]
    Open {
        /// The path given.
        path: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The file could not be parsed.
    #[error("{path}: {source}")]
    Parse {
        /// The path given.
        path: String,
        /// What went wrong, with its byte offset.
        #[source]
        source: ParseError,
    },
    /// A node id or class name that is not in the snapshot.
    #[error("{0}")]
    NotFound(String),
}
