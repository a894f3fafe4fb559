// Shared helpers for the v8-host C++ shim. Every exported symbol is
// `extern "C"` and prefixed `nv8_` (never `v8__`, which binding.cc uses).
#pragma once

#include <v8-local-handle.h>

// The prebuilt librusty_v8.a has none of these; a header/ABI mismatch would
// silently corrupt memory, so refuse to compile instead.
#if defined(V8_COMPRESS_POINTERS) || defined(V8_31BIT_SMIS_ON_64BIT_ARCH) || \
    defined(V8_ENABLE_SANDBOX) || defined(V8_ENABLE_CHECKS) ||               \
    defined(V8_ENABLE_DIRECT_HANDLE)
#error "v8-host shim: build configuration differs from librusty_v8.a"
#endif

namespace nv8 {

// rusty_v8 passes a `Local<T>` as the raw `T*` it wraps (binding.cc's
// `ptr_to_local` / `local_to_ptr` do the same conversions).
template <class T>
inline v8::Local<T> ptr_to_local(const T* ptr) {
  static_assert(sizeof(v8::Local<T>) == sizeof(T*));
  return *reinterpret_cast<const v8::Local<T>*>(&ptr);
}

template <class T>
inline T* local_to_ptr(v8::Local<T> local) {
  return *local;
}

}  // namespace nv8
