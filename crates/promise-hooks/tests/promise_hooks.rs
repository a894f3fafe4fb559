//! Integration tests of `promise-hooks` on real isolates (one test binary).

mod promise_hooks {
    mod contexts;
    pub mod helpers;
    mod js_api;
    mod node_diff;
    mod nodev8_e2e;
    mod rust_api;
    mod snapshot;
}
