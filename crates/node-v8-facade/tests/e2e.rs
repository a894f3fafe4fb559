//! End-to-end tests: the built `nodev8` binary on scripts in `tests/e2e/scripts`,
//! compared with committed outputs of Node 20 (and with the installed `node`
//! when there is one), plus the runtime's Rust API in-process.

#[path = "e2e/support.rs"]
mod support;

#[path = "e2e/coverage.rs"]
mod coverage;

#[path = "e2e/differential.rs"]
mod differential;

#[path = "e2e/errors.rs"]
mod errors;

#[path = "e2e/process.rs"]
mod process;

#[path = "e2e/runtime_api.rs"]
mod runtime_api;
