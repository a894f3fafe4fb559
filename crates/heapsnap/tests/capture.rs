//! Capture tests on a real isolate: files, errors, options reaching V8, the
//! streaming reader, a leak found by `diff`, JS exports, and near-heap-limit
//! snapshots in a child process.

#[path = "capture/util.rs"]
mod util;

#[path = "capture/rust_api.rs"]
mod rust_api;

#[path = "capture/js_api.rs"]
mod js_api;

#[path = "capture/near_limit.rs"]
mod near_limit;
