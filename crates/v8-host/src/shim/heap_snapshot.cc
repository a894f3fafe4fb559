// Heap snapshots with options and a chosen chunk size, and
// Isolate::AutomaticallyRestoreInitialHeapLimit: the v8 crate's
// take_heap_snapshot passes no HeapSnapshotOptions and keeps V8's 1 KiB
// chunks, and it has no binding for the heap-limit restore.
#include <atomic>
#include <cstddef>

#include <v8-isolate.h>
#include <v8-profiler.h>

#include "nv8_shim.h"

extern "C" {
// Receives the JSON: `write` returns true to continue, false to abort.
struct Nv8SnapshotSink {
  void* data;
  bool (*write)(void* data, const char* bytes, size_t len);
  void (*end)(void* data);
  int chunk_size;
};
}

namespace {

// What the last call put into V8's HeapSnapshotOptions (read back from the
// struct V8 receives), so tests can check the options reach V8: V8 15.2
// itself ignores snapshot_mode and numerics_mode.
std::atomic<int> g_last_options{-1};

class SinkStream final : public v8::OutputStream {
 public:
  explicit SinkStream(const Nv8SnapshotSink* sink) : sink_(sink) {}
  int GetChunkSize() override { return sink_->chunk_size; }
  void EndOfStream() override { sink_->end(sink_->data); }
  WriteResult WriteAsciiChunk(char* data, int size) override {
    return sink_->write(sink_->data, data, static_cast<size_t>(size)) ? kContinue
                                                                      : kAbort;
  }

 private:
  const Nv8SnapshotSink* sink_;
};

}  // namespace

// Takes a heap snapshot (a full GC first) and serializes it into `sink`.
// Returns false if V8 could not take it (then `sink` was never called).
extern "C" bool nv8_take_heap_snapshot(v8::Isolate* isolate,
                                       bool expose_internals,
                                       bool expose_numeric_values,
                                       const Nv8SnapshotSink* sink) {
  v8::HandleScope scope(isolate);
  v8::HeapProfiler::HeapSnapshotOptions options;
  options.snapshot_mode =
      expose_internals ? v8::HeapProfiler::HeapSnapshotMode::kExposeInternals
                       : v8::HeapProfiler::HeapSnapshotMode::kRegular;
  options.numerics_mode =
      expose_numeric_values
          ? v8::HeapProfiler::NumericsMode::kExposeNumericValues
          : v8::HeapProfiler::NumericsMode::kHideNumericValues;
  g_last_options.store(
      (options.snapshot_mode ==
               v8::HeapProfiler::HeapSnapshotMode::kExposeInternals
           ? 1
           : 0) |
      (options.numerics_mode ==
               v8::HeapProfiler::NumericsMode::kExposeNumericValues
           ? 2
           : 0));
  const v8::HeapSnapshot* snapshot =
      isolate->GetHeapProfiler()->TakeHeapSnapshot(options);
  if (snapshot == nullptr) return false;
  SinkStream stream(sink);
  snapshot->Serialize(&stream, v8::HeapSnapshot::kJSON);
  // Delete only ours: DeleteAllHeapSnapshots would drop the inspector's too.
  const_cast<v8::HeapSnapshot*>(snapshot)->Delete();
  return true;
}

// Bit 0: kExposeInternals, bit 1: kExposeNumericValues; -1 before any call.
extern "C" int nv8_last_heap_snapshot_options() { return g_last_options.load(); }

extern "C" void nv8_automatically_restore_initial_heap_limit(
    v8::Isolate* isolate, double threshold_percent) {
  isolate->AutomaticallyRestoreInitialHeapLimit(threshold_percent);
}
