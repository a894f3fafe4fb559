//! Safe wrappers over the C++ shim (`src/shim/*.cc`, compiled by `build.rs`
//! with clang against V8's headers and bundled libc++) for V8 APIs that the
//! `v8` crate does not bind.
//!
//! Every `unsafe` block below only converts between rusty_v8 handles and the
//! raw pointers the C++ side expects (a `Local<T>` is a `#[repr(C)]`
//! non-null `T*`, exactly what V8's `Local<T>` wraps in this build).
//!
//! Adding a shim: put `src/shim/<topic>.cc` next to the others (the build
//! picks up every `*.cc`), export `extern "C" nv8_<name>` functions, include
//! `nv8_shim.h` for the handle conversions and build-config guards, and wrap
//! them here or in a new module.

use std::ffi::c_void;

unsafe extern "C" {
    fn nv8_query_objects(
        context: *const v8::Context,
        prototype: *const v8::Object,
    ) -> *const v8::Array;
    fn nv8_cpp_heap_collect_statistics(
        heap: *const v8::cppgc::Heap,
        detailed: bool,
        sink: *const CppHeapSink,
    );
}

/// Converts a handle pointer returned by the shim into a `Local` of the
/// caller's scope (`None` for null).
///
/// # Safety
/// `ptr` must be null or a handle created in a HandleScope that `scope`
/// (lifetime `'s`) covers.
unsafe fn local_from_raw<'s, T>(
    _scope: &v8::PinScope<'s, '_>,
    ptr: *const T,
) -> Option<v8::Local<'s, T>> {
    const {
        assert!(size_of::<Option<v8::Local<'static, v8::Value>>>() == size_of::<*const v8::Value>())
    };
    // SAFETY: `Option<Local<T>>` is a nullable `T*` (niche of `NonNull`).
    unsafe { std::mem::transmute::<*const T, Option<v8::Local<'s, T>>>(ptr) }
}

/// `HeapProfiler::QueryObjects` with Node's predicate: after a full GC,
/// every live object **created in the scope's current context** whose
/// prototype chain contains `prototype` (the walk stops at a Proxy, whose
/// trap would run JavaScript). Returns them as a new array, in heap order.
///
/// `None` if V8 could not allocate the result.
pub fn query_objects<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    prototype: v8::Local<v8::Object>,
) -> Option<v8::Local<'s, v8::Array>> {
    let context = scope.get_current_context();
    // SAFETY: both handles are live in `scope`; the shim returns a handle
    // escaped into the caller's (i.e. `scope`'s) HandleScope.
    unsafe {
        let array = nv8_query_objects(&*context, &*prototype);
        local_from_raw(scope, array)
    }
}

/// One `cppgc` space of [`CppHeapStatistics`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CppHeapSpace {
    /// Space name, e.g. `NormalPageSpace0` or `LargePageSpace`.
    pub name: String,
    /// Committed bytes.
    pub committed_size_bytes: usize,
    /// Resident bytes.
    pub resident_size_bytes: usize,
    /// Used bytes.
    pub used_size_bytes: usize,
    /// Per-page statistics.
    pub pages: Vec<CppHeapPage>,
    /// Free-list buckets: `(bucket_size, free_count, free_size)`.
    pub free_list: Vec<(usize, usize, usize)>,
}

/// One page of a [`CppHeapSpace`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CppHeapPage {
    /// Committed bytes.
    pub committed_size_bytes: usize,
    /// Resident bytes.
    pub resident_size_bytes: usize,
    /// Used bytes.
    pub used_size_bytes: usize,
    /// Per-type entries `(allocated_bytes, object_count)`, indexed like
    /// [`CppHeapStatistics::type_names`].
    pub objects: Vec<(usize, usize)>,
}

/// `cppgc::HeapStatistics`, flattened out of its `std::__Cr` containers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CppHeapStatistics {
    /// Committed bytes of the whole heap.
    pub committed_size_bytes: usize,
    /// Resident bytes of the whole heap.
    pub resident_size_bytes: usize,
    /// Used bytes of the whole heap.
    pub used_size_bytes: usize,
    /// Bytes kept in the page pool.
    pub pooled_memory_size_bytes: usize,
    /// Spaces (empty for brief statistics).
    pub spaces: Vec<CppHeapSpace>,
    /// Names of garbage-collected types (empty for brief statistics).
    pub type_names: Vec<String>,
}

/// Mirror of `Nv8CppHeapSink` in `src/shim/cpp_heap_statistics.cc`.
#[repr(C)]
struct CppHeapSink {
    data: *mut c_void,
    totals: extern "C" fn(*mut c_void, usize, usize, usize, usize),
    space: extern "C" fn(*mut c_void, *const u8, usize, usize, usize, usize),
    page: extern "C" fn(*mut c_void, usize, usize, usize),
    object_entry: extern "C" fn(*mut c_void, usize, usize),
    free_list_bucket: extern "C" fn(*mut c_void, usize, usize, usize),
    type_name: extern "C" fn(*mut c_void, *const u8, usize),
}

// The sink callbacks only push into Vecs (no panics short of an allocation
// failure, which aborts). `data` is the `&mut CppHeapStatistics` below.
fn stats_of(data: *mut c_void) -> &'static mut CppHeapStatistics {
    // SAFETY: `data` is the exclusive `&mut CppHeapStatistics` passed to the
    // shim by `cpp_heap_statistics`, alive for the whole synchronous call.
    unsafe { &mut *data.cast::<CppHeapStatistics>() }
}

fn text(ptr: *const u8, len: usize) -> String {
    if ptr.is_null() || len == 0 {
        return String::new();
    }
    // SAFETY: the shim passes a std::string's data()/size(), valid for the call.
    String::from_utf8_lossy(unsafe { std::slice::from_raw_parts(ptr, len) }).into_owned()
}

extern "C" fn on_totals(
    data: *mut c_void,
    committed: usize,
    resident: usize,
    used: usize,
    pooled: usize,
) {
    let stats = stats_of(data);
    stats.committed_size_bytes = committed;
    stats.resident_size_bytes = resident;
    stats.used_size_bytes = used;
    stats.pooled_memory_size_bytes = pooled;
}

extern "C" fn on_space(
    data: *mut c_void,
    name: *const u8,
    len: usize,
    committed: usize,
    resident: usize,
    used: usize,
) {
    stats_of(data).spaces.push(CppHeapSpace {
        name: text(name, len),
        committed_size_bytes: committed,
        resident_size_bytes: resident,
        used_size_bytes: used,
        ..Default::default()
    });
}

extern "C" fn on_page(data: *mut c_void, committed: usize, resident: usize, used: usize) {
    if let Some(space) = stats_of(data).spaces.last_mut() {
        space.pages.push(CppHeapPage {
            committed_size_bytes: committed,
            resident_size_bytes: resident,
            used_size_bytes: used,
            objects: Vec::new(),
        });
    }
}

extern "C" fn on_object_entry(data: *mut c_void, allocated_bytes: usize, object_count: usize) {
    if let Some(page) = stats_of(data)
        .spaces
        .last_mut()
        .and_then(|s| s.pages.last_mut())
    {
        page.objects.push((allocated_bytes, object_count));
    }
}

extern "C" fn on_free_list_bucket(
    data: *mut c_void,
    bucket_size: usize,
    free_count: usize,
    free_size: usize,
) {
    if let Some(space) = stats_of(data).spaces.last_mut() {
        space.free_list.push((bucket_size, free_count, free_size));
    }
}

extern "C" fn on_type_name(data: *mut c_void, name: *const u8, len: usize) {
    stats_of(data).type_names.push(text(name, len));
}

/// `CppHeap::CollectStatistics(kBrief | kDetailed)` of the isolate's cppgc
/// heap. V8 15 gives every isolate a default CppHeap (an embedder heap can
/// also be passed with `v8::CreateParams::cpp_heap`; V8 no longer has an
/// attach-later API), so this is `None` only for an isolate without one.
pub fn cpp_heap_statistics(isolate: &mut v8::Isolate, detailed: bool) -> Option<CppHeapStatistics> {
    let heap: *const v8::cppgc::Heap = isolate.get_cpp_heap()?;
    let mut stats = CppHeapStatistics::default();
    let sink = CppHeapSink {
        data: (&mut stats as *mut CppHeapStatistics).cast(),
        totals: on_totals,
        space: on_space,
        page: on_page,
        object_entry: on_object_entry,
        free_list_bucket: on_free_list_bucket,
        type_name: on_type_name,
    };
    // SAFETY: `heap` is the isolate's live `v8::CppHeap*` (the opaque
    // `cppgc::Heap` of rusty_v8); `sink` and `stats` outlive the synchronous call.
    unsafe { nv8_cpp_heap_collect_statistics(heap, detailed, &sink) };
    Some(stats)
}
