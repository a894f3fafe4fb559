// v8.getCppHeapStatistics(): CppHeap::CollectStatistics, not bound by the v8
// crate. The result is full of std::__Cr containers, so it is flattened into
// plain-old-data callbacks that the Rust side turns into structs.
#include <cstddef>

#include <cppgc/heap-statistics.h>
#include <v8-cppgc.h>

#include "nv8_shim.h"

extern "C" {

// Mirrored by `CppHeapSink` in src/shim.rs (#[repr(C)]). Events arrive in
// document order: totals, then for each space: space, its pages (each
// followed by its object entries), its free-list buckets; then type names.
struct Nv8CppHeapSink {
  void* data;
  void (*totals)(void* data, size_t committed, size_t resident, size_t used,
                 size_t pooled);
  void (*space)(void* data, const char* name, size_t name_len,
                size_t committed, size_t resident, size_t used);
  void (*page)(void* data, size_t committed, size_t resident, size_t used);
  void (*object_entry)(void* data, size_t allocated_bytes, size_t object_count);
  void (*free_list_bucket)(void* data, size_t bucket_size, size_t free_count,
                           size_t free_size);
  void (*type_name)(void* data, const char* name, size_t name_len);
};

void nv8_cpp_heap_collect_statistics(v8::CppHeap* heap, bool detailed,
                                     const Nv8CppHeapSink* sink) {
  cppgc::HeapStatistics stats = heap->CollectStatistics(
      detailed ? cppgc::HeapStatistics::kDetailed
               : cppgc::HeapStatistics::kBrief);
  sink->totals(sink->data, stats.committed_size_bytes,
               stats.resident_size_bytes, stats.used_size_bytes,
               stats.pooled_memory_size_bytes);
  for (const auto& space : stats.space_stats) {
    sink->space(sink->data, space.name.data(), space.name.size(),
                space.committed_size_bytes, space.resident_size_bytes,
                space.used_size_bytes);
    for (const auto& page : space.page_stats) {
      sink->page(sink->data, page.committed_size_bytes,
                 page.resident_size_bytes, page.used_size_bytes);
      for (const auto& entry : page.object_statistics) {
        sink->object_entry(sink->data, entry.allocated_bytes,
                           entry.object_count);
      }
    }
    const auto& free_list = space.free_list_stats;
    for (size_t i = 0; i < free_list.bucket_size.size(); ++i) {
      sink->free_list_bucket(
          sink->data, free_list.bucket_size[i],
          i < free_list.free_count.size() ? free_list.free_count[i] : 0,
          i < free_list.free_size.size() ? free_list.free_size[i] : 0);
    }
  }
  for (const auto& name : stats.type_names) {
    sink->type_name(sink->data, name.data(), name.size());
  }
}

}  // extern "C"
