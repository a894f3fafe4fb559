//! Composition of the `node:v8` module object from the workspace crates.
//!
//! Each crate with JavaScript exports has a `js` module with
//! `exports(scope) -> Vec<(name, value)>` and `external_references()`. This
//! module concatenates them and orders the names as Node's `lib/v8.js`
//! does; a name Node does not know would go last.

/// Node's `module.exports` order of `node:v8` (upstream `lib/v8.js`).
pub const NODE_EXPORT_ORDER: [&str; 24] = [
    "cachedDataVersionTag",
    "getHeapSnapshot",
    "getHeapStatistics",
    "getHeapSpaceStatistics",
    "getHeapCodeStatistics",
    "getCppHeapStatistics",
    "setFlagsFromString",
    "Serializer",
    "Deserializer",
    "DefaultSerializer",
    "DefaultDeserializer",
    "deserialize",
    "takeCoverage",
    "stopCoverage",
    "serialize",
    "writeHeapSnapshot",
    "promiseHooks",
    "queryObjects",
    "startupSnapshot",
    "setHeapSnapshotNearHeapLimit",
    "GCProfiler",
    "isStringOneByteRepresentation",
    "startCpuProfile",
    "startHeapProfile",
];

/// Builds a new `node:v8` module object in the current context of `scope`:
/// a plain object whose properties are the working exports, in Node's order.
pub fn create_v8_module<'s>(scope: &mut v8::PinScope<'s, '_>) -> v8::Local<'s, v8::Object> {
    let entries = exports(scope);
    v8_host::js::build::object_from_entries(scope, entries)
}

/// Every native callback reachable from [`create_v8_module`]'s object, for
/// startup snapshots. The list has the same content and order on every
/// call; pass the same list to the snapshot creator and to the restoring
/// isolate (`v8::CreateParams::external_references`).
pub fn external_references() -> Vec<v8::ExternalReference> {
    let mut refs = v8_stats::js::external_references();
    refs.extend(gc_profiler::js::external_references());
    refs.extend(promise_hooks::js::external_references());
    refs.extend(heapsnap::js::external_references());
    refs.extend(crate::serdes::external_references());
    refs.extend(crate::coverage::external_references());
    refs.extend(crate::startup_snapshot::external_references());
    refs.extend(crate::profiles::external_references());
    refs
}

/// `(name, value)` pairs of the module, in Node's export order.
fn exports<'s>(scope: &mut v8::PinScope<'s, '_>) -> Vec<(&'static str, v8::Local<'s, v8::Value>)> {
    let mut all = v8_stats::js::exports(scope);
    all.extend(gc_profiler::js::exports(scope));
    all.extend(promise_hooks::js::exports(scope));
    all.extend(heapsnap::js::exports(scope));
    all.extend(crate::serdes::exports(scope));
    all.extend(crate::coverage::exports(scope));
    all.extend(crate::startup_snapshot::exports(scope));
    all.extend(crate::profiles::exports(scope));
    all.sort_by_key(|(name, _)| {
        NODE_EXPORT_ORDER
            .iter()
            .position(|n| n == name)
            .unwrap_or(usize::MAX)
    });
    all
}
