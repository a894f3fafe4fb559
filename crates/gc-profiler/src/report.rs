//! The report a stopped profiler produces, shaped exactly like Node's
//! `GCProfiler.stop()` result (key names and key order included).

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The kind of a garbage collection, named as Node names it in `gcType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GcType {
    /// Young-generation copying collection (`kGCTypeScavenge`).
    Scavenge,
    /// Young-generation mark-sweep (`kGCTypeMinorMarkSweep`, with `--minor-ms`).
    MinorMarkSweep,
    /// Full mark-sweep-compact (`kGCTypeMarkSweepCompact`).
    MarkSweepCompact,
    /// A step of incremental marking (`kGCTypeIncrementalMarking`).
    IncrementalMarking,
    /// Processing of weak callbacks (`kGCTypeProcessWeakCallbacks`).
    ProcessWeakCallbacks,
    /// Any other (or combined) type bits.
    Unknown,
}

impl GcType {
    /// Maps V8's `GCType` bits the way Node's `GetGCTypeName` does: an exact
    /// match on a single enum value, anything else is [`GcType::Unknown`].
    pub fn from_bits(bits: u32) -> GcType {
        match bits {
            b if b == v8::GCType::kGCTypeScavenge.0 => GcType::Scavenge,
            b if b == v8::GCType::kGCTypeMinorMarkSweep.0 => GcType::MinorMarkSweep,
            b if b == v8::GCType::kGCTypeMarkSweepCompact.0 => GcType::MarkSweepCompact,
            b if b == v8::GCType::kGCTypeIncrementalMarking.0 => GcType::IncrementalMarking,
            b if b == v8::GCType::kGCTypeProcessWeakCallbacks.0 => GcType::ProcessWeakCallbacks,
            _ => GcType::Unknown,
        }
    }

    /// Node's name for this type (`"Scavenge"`, `"MarkSweepCompact"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            GcType::Scavenge => "Scavenge",
            GcType::MinorMarkSweep => "MinorMarkSweep",
            GcType::MarkSweepCompact => "MarkSweepCompact",
            GcType::IncrementalMarking => "IncrementalMarking",
            GcType::ProcessWeakCallbacks => "ProcessWeakCallbacks",
            GcType::Unknown => "Unknown",
        }
    }
}

/// A whole profile: Node's `{version, startTime, statistics, endTime}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GcProfile {
    /// Report format version; always 1.
    pub version: u32,
    /// Wall-clock start, in milliseconds since the Unix epoch.
    pub start_time: u64,
    /// One entry per (non-nested) garbage collection, in order.
    pub statistics: Vec<GcStatistic>,
    /// Wall-clock end, in milliseconds since the Unix epoch.
    pub end_time: u64,
}

impl GcProfile {
    /// The report as Node's JSON text (same keys, same order).
    pub fn to_json(&self) -> String {
        // Serialising plain structs of numbers and strings cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// One collection: Node's `{gcType, beforeGC, cost, afterGC}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GcStatistic {
    /// The kind of collection.
    #[serde(rename = "gcType")]
    pub gc_type: GcType,
    /// Heap state in the GC prologue.
    #[serde(rename = "beforeGC")]
    pub before_gc: HeapState,
    /// Time between prologue and epilogue, in microseconds.
    pub cost: f64,
    /// Heap state in the GC epilogue.
    #[serde(rename = "afterGC")]
    pub after_gc: HeapState,
}

/// Heap state at one instant: `{heapStatistics, heapSpaceStatistics}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeapState {
    /// Whole-heap numbers.
    pub heap_statistics: HeapStatistics,
    /// One entry for every heap space V8 reports.
    pub heap_space_statistics: Vec<HeapSpaceStatistics>,
}

/// Node's 11 heap keys, in Node's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)] // field names are V8's HeapStatistics accessors
pub struct HeapStatistics {
    pub total_heap_size: u64,
    pub total_heap_size_executable: u64,
    pub total_physical_size: u64,
    pub total_available_size: u64,
    pub total_global_handles_size: u64,
    pub used_global_handles_size: u64,
    pub used_heap_size: u64,
    pub heap_size_limit: u64,
    pub malloced_memory: u64,
    pub external_memory: u64,
    pub peak_malloced_memory: u64,
}

/// One heap space, with Node's keys in Node's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)] // field names are V8's HeapSpaceStatistics accessors
pub struct HeapSpaceStatistics {
    pub space_name: Cow<'static, str>,
    pub space_size: u64,
    pub space_used_size: u64,
    pub space_available_size: u64,
    pub physical_space_size: u64,
}

impl HeapState {
    /// Reads the current heap state of `isolate`. Safe inside GC callbacks
    /// (it only reads statistics; no JavaScript runs).
    pub fn capture(isolate: &mut v8::Isolate) -> HeapState {
        let s = isolate.get_heap_statistics();
        let heap_statistics = HeapStatistics {
            total_heap_size: s.total_heap_size() as u64,
            total_heap_size_executable: s.total_heap_size_executable() as u64,
            total_physical_size: s.total_physical_size() as u64,
            total_available_size: s.total_available_size() as u64,
            total_global_handles_size: s.total_global_handles_size() as u64,
            used_global_handles_size: s.used_global_handles_size() as u64,
            used_heap_size: s.used_heap_size() as u64,
            heap_size_limit: s.heap_size_limit() as u64,
            malloced_memory: s.malloced_memory() as u64,
            external_memory: s.external_memory() as u64,
            peak_malloced_memory: s.peak_malloced_memory() as u64,
        };
        let count = isolate.number_of_heap_spaces();
        let mut heap_space_statistics = Vec::with_capacity(count);
        for i in 0..count {
            if let Some(space) = isolate.get_heap_space_statistics(i) {
                let space_name = match space.space_name().to_str() {
                    Ok(name) => Cow::Borrowed(name),
                    Err(_) => Cow::Owned(space.space_name().to_string_lossy().into_owned()),
                };
                heap_space_statistics.push(HeapSpaceStatistics {
                    space_name,
                    space_size: space.space_size() as u64,
                    space_used_size: space.space_used_size() as u64,
                    space_available_size: space.space_available_size() as u64,
                    physical_space_size: space.physical_space_size() as u64,
                });
            }
        }
        HeapState {
            heap_statistics,
            heap_space_statistics,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::GcType;
    use proptest::prelude::*;

    const SINGLE: [(u32, GcType); 5] = [
        (1, GcType::Scavenge),
        (2, GcType::MinorMarkSweep),
        (4, GcType::MarkSweepCompact),
        (8, GcType::IncrementalMarking),
        (16, GcType::ProcessWeakCallbacks),
    ];

    #[test]
    fn single_bits_map_to_nodes_names() {
        for (bits, ty) in SINGLE {
            assert_eq!(GcType::from_bits(bits), ty);
            assert_eq!(
                serde_json::to_string(&ty).unwrap(),
                format!("\"{}\"", ty.name())
            );
        }
        assert_eq!(GcType::from_bits(v8::GCType::kGCTypeAll.0), GcType::Unknown);
        assert_eq!(GcType::Unknown.name(), "Unknown");
    }

    proptest! {
        #[test]
        fn anything_but_a_single_known_bit_is_unknown(bits in any::<u32>()) {
            let expected = SINGLE.iter().find(|(b, _)| *b == bits).map(|(_, t)| *t).unwrap_or(GcType::Unknown);
            prop_assert_eq!(GcType::from_bits(bits), expected);
        }
    }
}
