//! Integration tests of `gc-profiler` on real isolates (one test binary).
//! V8 is initialised with `--expose-gc` so scripts can call `gc()`.

mod gc_profiler {
    pub mod helpers;
    mod js_class;
    mod node_diff;
    mod nodev8_e2e;
    mod rust_api;
    mod snapshot;
}
