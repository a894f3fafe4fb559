//! Differential tests: each scenario in `scripts/` gives the same event
//! sequence here as under Node (`node node_harness.js scripts/<name>.js`).
//! Node 20's output is committed in `node/<name>.json` so the tests run
//! without Node; when `node` is installed the live output is compared too.
//!
//! These run the scripts in this crate's own test embedder (helpers.rs),
//! not in the `nodev8` binary.

use super::helpers::run_scenario;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/promise_hooks")
}

fn live_node(name: &str) -> Option<Vec<String>> {
    let out = std::process::Command::new("node")
        .arg(dir().join("node_harness.js"))
        .arg(dir().join(format!("scripts/{name}.js")))
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

fn check(name: &str) {
    let script = std::fs::read_to_string(dir().join(format!("scripts/{name}.js"))).unwrap();
    let committed: Vec<String> = serde_json::from_str(
        &std::fs::read_to_string(dir().join(format!("node/{name}.json"))).unwrap(),
    )
    .unwrap();
    let ours = run_scenario(&script);
    assert_eq!(ours, committed, "{name}: ours vs committed Node output");
    match live_node(name) {
        Some(live) => assert_eq!(ours, live, "{name}: ours vs live node"),
        None => eprintln!("SKIP live node comparison for {name}: `node` is not installed"),
    }
}

#[test]
fn basic_matches_node() {
    check("basic");
}

#[test]
fn await_matches_node() {
    check("await");
}

#[test]
fn multi_matches_node() {
    check("multi");
}

#[test]
fn exceptions_match_node() {
    check("exceptions");
}

#[test]
fn validation_matches_node() {
    check("validation");
}
