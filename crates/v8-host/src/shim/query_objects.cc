// v8.queryObjects(): HeapProfiler::QueryObjects, not bound by the v8 crate.
// The predicate runs during heap iteration, where no JavaScript may run and
// nothing may be allocated on the V8 heap, so it lives entirely in C++.
#include <vector>

#include <v8-array-buffer.h>
#include <v8-container.h>
#include <v8-context.h>
#include <v8-isolate.h>
#include <v8-object.h>
#include <v8-persistent-handle.h>
#include <v8-profiler.h>

#include "nv8_shim.h"

namespace {

// Node's PrototypeChainHas (src/internal_only_v8.cc): objects created in
// `context` that have `search` somewhere on their prototype chain.
class PrototypeChainHas final : public v8::QueryObjectPredicate {
 public:
  PrototypeChainHas(v8::Isolate* isolate, v8::Local<v8::Context> context,
                    v8::Local<v8::Object> search)
      : isolate_(isolate), context_(context), search_(search) {}

  bool Filter(v8::Local<v8::Object> object) override {
    v8::HandleScope scope(isolate_);
    v8::Local<v8::Context> creation;
    if (!object->GetCreationContext(isolate_).ToLocal(&creation) ||
        creation != context_) {
      return false;
    }
    v8::Local<v8::Value> proto = object->GetPrototype();
    // Bounded walk: a prototype chain cannot be cyclic, but stay defensive.
    for (int depth = 0; depth < 100000 && proto->IsObject(); ++depth) {
      if (proto == search_) return true;
      // A Proxy's [[GetPrototypeOf]] would run JavaScript: stop there.
      if (proto->IsProxy()) return false;
      proto = proto.As<v8::Object>()->GetPrototype();
    }
    return false;
  }

 private:
  v8::Isolate* isolate_;
  v8::Local<v8::Context> context_;
  v8::Local<v8::Object> search_;
};

}  // namespace

// Runs a full GC, then collects every live object of `context` whose
// prototype chain contains `prototype`. Returns a new JS Array (a Local in
// the caller's HandleScope), or null if V8 could not allocate it.
extern "C" v8::Array* nv8_query_objects(const v8::Context* context_ptr,
                                        const v8::Object* prototype_ptr) {
  v8::Local<v8::Context> context = nv8::ptr_to_local(context_ptr);
  v8::Local<v8::Object> prototype = nv8::ptr_to_local(prototype_ptr);
  // QueryObjects itself relies on the thread's entered isolate, as do we.
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  PrototypeChainHas predicate(isolate, context, prototype);
  std::vector<v8::Global<v8::Object>> found;
  isolate->GetHeapProfiler()->QueryObjects(context, &predicate, &found);

  v8::EscapableHandleScope scope(isolate);
  std::vector<v8::Local<v8::Value>> locals;
  locals.reserve(found.size());
  for (auto& global : found) locals.push_back(global.Get(isolate));
  v8::Local<v8::Array> array =
      v8::Array::New(isolate, locals.data(), locals.size());
  return nv8::local_to_ptr(scope.Escape(array));
}
