//! The `node:v8` module object, composed from the workspace crates, and the
//! `nodev8` script runtime.
//!
//! * [`create_v8_module`] builds a fresh `node:v8` object (Node's export
//!   order) in the scope's current context. The runtime installs it as
//!   `require('node:v8')` / `require('v8')` and as the ES module `node:v8`.
//! * [`external_references`] lists every native callback reachable from that
//!   object, for startup snapshots: pass it (same list, same order) both to
//!   `v8::Isolate::snapshot_creator` and to the restoring isolate's
//!   `CreateParams::external_references`.
//!
//! Where the exports come from: `v8-stats` (statistics, flags, version tag,
//! `queryObjects`, `isStringOneByteRepresentation`), `heapsnap` (heap
//! snapshots), `gc-profiler` (`GCProfiler`), `promise-hooks`
//! (`promiseHooks`), and this crate: `serialize`/`deserialize` and the
//! `Serializer` classes on V8's `ValueSerializer`, `takeCoverage` /
//! `stopCoverage` ([`coverage`]), `startCpuProfile` / `startHeapProfile`
//! (inspector sessions) and `startupSnapshot` ([`startup_snapshot`]).
//!
//! A host that owns the isolate wires two process-level behaviours:
//! `NODE_V8_COVERAGE` ([`coverage::coverage_dir_from_env`] +
//! [`coverage::start_coverage`] at startup, [`coverage::take_coverage`] at
//! exit, [`coverage::cache_source_map`] per loaded module; the
//! [`runtime::Runtime`] does all of it when `RuntimeOptions::coverage_dir`
//! is set) and snapshot building (mark the creator with
//! `v8_host::state::mark_snapshot_creator`, then run the
//! [`startup_snapshot`] hooks around `create_blob` and after restoring, and
//! [`startup_snapshot::prepare_for_snapshot`] right before `create_blob`).

#![warn(missing_docs)]

pub mod coverage;
mod file_url;
mod inspector;
mod profiles;
pub mod runtime;
mod serdes;
mod source_map_cache;
pub mod startup_snapshot;
mod v8_module;

pub use v8_module::{create_v8_module, external_references, NODE_EXPORT_ORDER};
