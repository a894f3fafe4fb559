//! Node's `v8.GCProfiler` for a plain V8 isolate.
//!
//! [`GcProfiler`] registers its own GC prologue/epilogue callbacks on an
//! isolate and, when stopped, yields a [`GcProfile`] that serialises (serde)
//! to exactly the JSON Node's `GCProfiler.stop()` parses: `version`,
//! `startTime`, `statistics[]` (`gcType`, `beforeGC`, `cost` in µs,
//! `afterGC`), `endTime`, with Node's key names and key order.
//!
//! JavaScript: [`js::exports`] provides the `GCProfiler` class of `node:v8`.
//! Before building a startup snapshot of an isolate that used it, call
//! [`prepare_for_snapshot`] (running JavaScript profilers are refused).

#![warn(missing_docs)]

pub mod js;
mod profiler;
mod report;

pub use js::{prepare_for_snapshot, SnapshotError};
pub use profiler::GcProfiler;
pub use report::{GcProfile, GcStatistic, GcType, HeapSpaceStatistics, HeapState, HeapStatistics};
