//! V8 heap, space and code statistics with Node's keys and order.

use serde::{Deserialize, Serialize};

/// `v8.getHeapStatistics()`: the 15 keys in Node's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeapStatistics {
    /// Bytes V8 has allocated for the heap.
    pub total_heap_size: usize,
    /// Bytes of the heap reserved for executable code.
    pub total_heap_size_executable: usize,
    /// Committed physical memory of the heap.
    pub total_physical_size: usize,
    /// Bytes still available to the heap.
    pub total_available_size: usize,
    /// Bytes used by live (and not yet collected) objects.
    pub used_heap_size: usize,
    /// The heap's maximum size.
    pub heap_size_limit: usize,
    /// Bytes currently allocated through `malloc` by V8.
    pub malloced_memory: usize,
    /// Peak of `malloced_memory`.
    pub peak_malloced_memory: usize,
    /// `1` if V8 overwrites freed memory with a bit pattern (`--zap-code-space`), else `0`.
    pub does_zap_garbage: u8,
    /// Number of live top-level contexts (a growing value hints at a leak).
    pub number_of_native_contexts: usize,
    /// Contexts detached but not yet collected.
    pub number_of_detached_contexts: usize,
    /// Bytes reserved for global handles.
    pub total_global_handles_size: usize,
    /// Bytes used by global handles.
    pub used_global_handles_size: usize,
    /// Bytes of external (array buffer etc.) memory V8 knows about.
    pub external_memory: usize,
    /// Bytes allocated since the isolate was created (monotonic).
    pub total_allocated_bytes: u64,
}

/// One element of `v8.getHeapSpaceStatistics()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeapSpaceStatistics {
    /// V8's space name, e.g. `old_space`.
    pub space_name: String,
    /// Bytes allocated for the space.
    pub space_size: usize,
    /// Bytes used in the space.
    pub space_used_size: usize,
    /// Bytes still available in the space.
    pub space_available_size: usize,
    /// Committed physical memory of the space.
    pub physical_space_size: usize,
}

/// `v8.getHeapCodeStatistics()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeapCodeStatistics {
    /// Bytes of code and its metadata.
    pub code_and_metadata_size: usize,
    /// Bytes of bytecode and its metadata.
    pub bytecode_and_metadata_size: usize,
    /// Bytes of external script sources.
    pub external_script_source_size: usize,
    /// Bytes of CPU-profiler metadata.
    pub cpu_profiler_metadata_size: usize,
}

/// `v8.getHeapStatistics()` for `isolate`.
pub fn heap_statistics(isolate: &mut v8::Isolate) -> HeapStatistics {
    let s = isolate.get_heap_statistics();
    HeapStatistics {
        total_heap_size: s.total_heap_size(),
        total_heap_size_executable: s.total_heap_size_executable(),
        total_physical_size: s.total_physical_size(),
        total_available_size: s.total_available_size(),
        used_heap_size: s.used_heap_size(),
        heap_size_limit: s.heap_size_limit(),
        malloced_memory: s.malloced_memory(),
        peak_malloced_memory: s.peak_malloced_memory(),
        does_zap_garbage: u8::from(s.does_zap_garbage()),
        number_of_native_contexts: s.number_of_native_contexts(),
        number_of_detached_contexts: s.number_of_detached_contexts(),
        total_global_handles_size: s.total_global_handles_size(),
        used_global_handles_size: s.used_global_handles_size(),
        external_memory: s.external_memory(),
        total_allocated_bytes: s.total_allocated_bytes(),
    }
}

/// `v8.getHeapSpaceStatistics()`: every space V8 reports, in V8's order
/// (13 in V8 15.2; `read_only_space` always reports zeros because it is
/// shared between isolates).
pub fn heap_space_statistics(isolate: &mut v8::Isolate) -> Vec<HeapSpaceStatistics> {
    (0..isolate.number_of_heap_spaces())
        .filter_map(|i| isolate.get_heap_space_statistics(i))
        .map(|s| HeapSpaceStatistics {
            space_name: s.space_name().to_string_lossy().into_owned(),
            space_size: s.space_size(),
            space_used_size: s.space_used_size(),
            space_available_size: s.space_available_size(),
            physical_space_size: s.physical_space_size(),
        })
        .collect()
}

/// `v8.getHeapCodeStatistics()`. V8 always fills these; zeros are returned
/// if it ever refused.
pub fn heap_code_statistics(isolate: &mut v8::Isolate) -> HeapCodeStatistics {
    match isolate.get_heap_code_and_metadata_statistics() {
        Some(s) => HeapCodeStatistics {
            code_and_metadata_size: s.code_and_metadata_size(),
            bytecode_and_metadata_size: s.bytecode_and_metadata_size(),
            external_script_source_size: s.external_script_source_size(),
            cpu_profiler_metadata_size: s.cpu_profiler_metadata_size(),
        },
        None => HeapCodeStatistics {
            code_and_metadata_size: 0,
            bytecode_and_metadata_size: 0,
            external_script_source_size: 0,
            cpu_profiler_metadata_size: 0,
        },
    }
}
