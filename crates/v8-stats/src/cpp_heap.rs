//! `v8.getCppHeapStatistics()`: statistics of the isolate's `cppgc` heap
//! (V8's garbage-collected C++ heap), via the `v8-host` C++ shim.

use serde::{Deserialize, Serialize};

use crate::StatsError;

/// How much detail to collect (Node's `'brief' | 'detailed'`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DetailLevel {
    /// Only the heap-wide totals; `space_statistics` and `type_names` are empty.
    Brief,
    /// Totals plus per-space, per-page, free-list and per-type statistics (Node's default).
    #[default]
    Detailed,
}

/// Result of [`cpp_heap_statistics`], keys in Node's order (every JS object
/// of Node's result has a `null` prototype). Unlike Node, sizes are not
/// truncated to 32 bits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CppHeapStatistics {
    /// Committed bytes of the whole heap.
    pub committed_size_bytes: u64,
    /// Resident bytes of the whole heap.
    pub resident_size_bytes: u64,
    /// Used bytes of the whole heap.
    pub used_size_bytes: u64,
    /// Per-space statistics (empty when brief).
    pub space_statistics: Vec<SpaceStatistics>,
    /// Names of the garbage-collected C++ types (empty when brief).
    pub type_names: Vec<String>,
    /// The detail level that was requested.
    pub detail_level: DetailLevel,
}

/// One `cppgc` space, e.g. `NormalPageSpace0` or `LargePageSpace`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpaceStatistics {
    /// Space name.
    pub name: String,
    /// Committed bytes.
    pub committed_size_bytes: u64,
    /// Resident bytes.
    pub resident_size_bytes: u64,
    /// Used bytes.
    pub used_size_bytes: u64,
    /// Per-page statistics.
    pub page_stats: Vec<PageStatistics>,
    /// Free-list statistics.
    pub free_list_stats: FreeListStatistics,
}

/// One page of a space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageStatistics {
    /// Committed bytes.
    pub committed_size_bytes: u64,
    /// Resident bytes.
    pub resident_size_bytes: u64,
    /// Used bytes.
    pub used_size_bytes: u64,
    /// Per-type allocation counts, indexed like `type_names`.
    pub object_statistics: Vec<ObjectStatistics>,
}

/// Allocation count of one type on one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectStatistics {
    /// Bytes allocated.
    pub allocated_bytes: u64,
    /// Objects allocated.
    pub object_count: u64,
}

/// Free-list buckets of a space (parallel arrays, as in Node).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct FreeListStatistics {
    /// Bucket sizes.
    pub bucket_size: Vec<u64>,
    /// Free entries per bucket.
    pub free_count: Vec<u64>,
    /// Free bytes per bucket.
    pub free_size: Vec<u64>,
}

/// `v8.getCppHeapStatistics(detailLevel)` for `isolate`
/// (`CppHeap::CollectStatistics`).
pub fn cpp_heap_statistics(
    isolate: &mut v8::Isolate,
    level: DetailLevel,
) -> Result<CppHeapStatistics, StatsError> {
    let raw = v8_host::shim::cpp_heap_statistics(isolate, level == DetailLevel::Detailed)
        .ok_or(StatsError::NoCppHeap)?;
    let n = |v: usize| v as u64;
    Ok(CppHeapStatistics {
        committed_size_bytes: n(raw.committed_size_bytes),
        resident_size_bytes: n(raw.resident_size_bytes),
        used_size_bytes: n(raw.used_size_bytes),
        space_statistics: raw
            .spaces
            .into_iter()
            .map(|space| SpaceStatistics {
                name: space.name,
                committed_size_bytes: n(space.committed_size_bytes),
                resident_size_bytes: n(space.resident_size_bytes),
                used_size_bytes: n(space.used_size_bytes),
                page_stats: space
                    .pages
                    .into_iter()
                    .map(|page| PageStatistics {
                        committed_size_bytes: n(page.committed_size_bytes),
                        resident_size_bytes: n(page.resident_size_bytes),
                        used_size_bytes: n(page.used_size_bytes),
                        object_statistics: page
                            .objects
                            .into_iter()
                            .map(|(allocated, count)| ObjectStatistics {
                                allocated_bytes: n(allocated),
                                object_count: n(count),
                            })
                            .collect(),
                    })
                    .collect(),
                free_list_stats: FreeListStatistics {
                    bucket_size: space.free_list.iter().map(|b| n(b.0)).collect(),
                    free_count: space.free_list.iter().map(|b| n(b.1)).collect(),
                    free_size: space.free_list.iter().map(|b| n(b.2)).collect(),
                },
            })
            .collect(),
        type_names: raw.type_names,
        detail_level: level,
    })
}
