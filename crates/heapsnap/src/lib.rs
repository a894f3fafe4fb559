//! Heap snapshots for the `node:v8` port: a fast analyzer for
//! `.heapsnapshot` files, and (feature `capture`) taking snapshots out of a
//! live isolate exactly as Node's `v8.writeHeapSnapshot`,
//! `v8.getHeapSnapshot` and `v8.setHeapSnapshotNearHeapLimit` do.
//!
//! # Analyzer
//!
//! The parser streams the file through 1 MiB buffers into compact columns
//! (about 18 bytes per node and 9 per edge), reading the field layout from
//! `snapshot.meta`; files and slices of 4 MiB and more are parsed on two
//! threads (`"nodes"` on one, `"edges"` on the other). [`HeapSnapshot::analyze`]
//! then reproduces Chrome DevTools' initialisation: page-owned flags,
//! distances, shallow-size redistribution, essential edges, dominators (the
//! tree DevTools' Lengauer–Tarjan run builds) and retained sizes, with the
//! same numbers as DevTools for the same file. Independent passes run on a
//! second core when that does not raise the peak memory.
//!
//! ```
//! let json = br#"{"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count"],
//!   "node_types":[["hidden","object","synthetic"],"string","number","number","number"],
//!   "edge_fields":["type","name_or_index","to_node"],
//!   "edge_types":[["element","property","weak"],"string_or_number","node"]},
//!   "node_count":3,"edge_count":2},
//!   "nodes":[2,0,1,0,1, 1,1,3,100,1, 1,2,5,50,0],
//!   "edges":[0,1,5, 1,3,10],
//!   "strings":["","Foo","Bar","child"]}"#;
//! let mut snap = heapsnap::HeapSnapshot::from_slice(json).unwrap();
//! let analysis = snap.analyze();
//! assert_eq!(analysis.retained_size(0), 150);
//! let summary = heapsnap::summarize(&snap, &analysis);
//! assert_eq!(summary.classes[0].name, "Foo");
//! assert_eq!(summary.classes[0].retained_size, 150);
//! ```
#![warn(missing_docs)]

mod analysis;
mod bitset;
mod classes;
mod diff;
mod dominators;
mod error;
mod mem;
mod parallel;
mod parse;
mod retainers;
mod scanner;
mod sizes;
mod snapshot;
mod strings;
mod summary;

#[cfg(feature = "capture")]
pub mod capture;
#[cfg(feature = "capture")]
pub mod js;
#[cfg(feature = "capture")]
mod near_limit;

pub use analysis::{Analysis, BASE_SYSTEM_DISTANCE, NO_DISTANCE};
pub use diff::{diff, ClassDiff, Diff};
pub use error::{Error, ParseError};
pub use parse::{parse_reader, ParseOptions};
pub use retainers::{
    edge_source, nodes_of_class, retaining_paths, NodeInfo, PathStep, RetainerIndex, Retainers,
    RetainingPath,
};
pub use snapshot::{EdgeTypes, HeapSnapshot, NodeTypes};
pub use strings::StringTable;
pub use summary::{summarize, ClassSummary, Statistics, Summary};
