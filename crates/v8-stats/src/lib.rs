//! Node's `v8` statistics and engine knobs on a live V8 isolate: the Rust
//! side of `v8.getHeapStatistics()`, `getHeapSpaceStatistics()`,
//! `getHeapCodeStatistics()`, `getCppHeapStatistics()`,
//! `cachedDataVersionTag()`, `setFlagsFromString()`,
//! `isStringOneByteRepresentation()` and `queryObjects()`.
//!
//! The structs serialize (serde) with Node's exact key names **in Node's
//! order**, so `serde_json::to_string(&heap_statistics(isolate))` has the
//! same shape as `JSON.stringify(v8.getHeapStatistics())`.
//!
//! Every function takes the isolate the way the workspace shares it (see
//! [`v8_host`]): a plain `&mut v8::Isolate` (an `OwnedIsolate` or any scope
//! derefs to one) or, for functions that need a context, a `PinScope`.
//! The [`js`] module installs the JavaScript functions with Node's argument
//! validation and errors.
//!
//! ```
//! v8_host::init();
//! let mut isolate = v8::Isolate::new(Default::default());
//! let stats = v8_stats::heap_statistics(&mut isolate);
//! assert!(stats.used_heap_size <= stats.total_heap_size);
//! let spaces = v8_stats::heap_space_statistics(&mut isolate);
//! assert!(spaces.iter().any(|s| s.space_name == "old_space"));
//! let json = serde_json::to_string(&stats).unwrap();
//! assert!(json.starts_with(r#"{"total_heap_size":"#));
//! ```

#![warn(missing_docs)]

mod cpp_heap;
mod engine;
mod heap;
pub mod js;
mod query;

pub use cpp_heap::{
    cpp_heap_statistics, CppHeapStatistics, DetailLevel, FreeListStatistics, ObjectStatistics,
    PageStatistics, SpaceStatistics,
};
pub use engine::{
    cached_data_version_tag, is_string_one_byte_representation, set_flags_from_string,
};
pub use heap::{
    heap_code_statistics, heap_space_statistics, heap_statistics, HeapCodeStatistics,
    HeapSpaceStatistics, HeapStatistics,
};
pub use query::{query_objects, QueryFormat, QueryResult};

/// Errors of the Rust API.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StatsError {
    /// The isolate has no `CppHeap` (V8 15 creates one for every isolate,
    /// so this only happens with an unusual embedder configuration).
    #[error("the isolate has no CppHeap")]
    NoCppHeap,
    /// JavaScript threw while reading the constructor's `prototype`; the
    /// exception is pending in the scope.
    #[error("a JavaScript exception is pending")]
    Thrown,
    /// The operation is refused in an isolate marked as a snapshot creator
    /// (see `v8_host::state::mark_snapshot_creator`).
    #[error("{0} is not supported in startup snapshot")]
    NotSupportedInSnapshot(&'static str),
}
