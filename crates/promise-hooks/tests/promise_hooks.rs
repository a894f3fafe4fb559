//! Integration tests of `promise-hooks` on real isolates (one test binary).

mod promise_hooks {
    pub mod helpers;
    mod contexts;
    mod js_api;
    mod node_diff;
    mod rust_api;
}
