//! End-to-end differential tests under the `nodev8` binary: each scenario is
//! appended to `cjs_prelude.js` and run as a main script; its event list
//! must equal Node's committed output (and live `node`'s, when installed).
//!
//! The binary is taken from `$NODEV8_BIN`, else from this test binary's
//! target directory (`cargo build -p node-v8-facade --bin nodev8` with the
//! same `CARGO_TARGET_DIR`). Without it the tests print SKIP and pass.

use std::path::PathBuf;
use std::process::Command;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/promise_hooks")
}

fn nodev8() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NODEV8_BIN") {
        return Some(PathBuf::from(path));
    }
    // target/<profile>/deps/<test> → target/<profile>/nodev8
    let exe = std::env::current_exe().ok()?;
    let candidate = exe.parent()?.parent()?.join("nodev8");
    candidate.is_file().then_some(candidate)
}

fn run(binary: &str, script: &std::path::Path) -> Option<Vec<String>> {
    let out = Command::new(binary).arg(script).output().ok()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let last = stdout.lines().last()?;
    serde_json::from_str(last).ok()
}

fn check(name: &str) {
    let Some(bin) = nodev8() else {
        eprintln!("SKIP nodev8 e2e for {name}: no nodev8 binary (set NODEV8_BIN or build it into this target dir)");
        return;
    };
    let prelude = std::fs::read_to_string(dir().join("cjs_prelude.js")).unwrap();
    let scenario = std::fs::read_to_string(dir().join(format!("scripts/{name}.js"))).unwrap();
    let tmp = std::env::temp_dir().join(format!(
        "promise-hooks-e2e-{}-{name}.js",
        std::process::id()
    ));
    std::fs::write(&tmp, format!("{prelude}{scenario}")).unwrap();
    let committed: Vec<String> = serde_json::from_str(
        &std::fs::read_to_string(dir().join(format!("node/{name}.json"))).unwrap(),
    )
    .unwrap();
    let ours = run(bin.to_str().unwrap(), &tmp);
    let live = run("node", &tmp);
    let _ = std::fs::remove_file(&tmp);
    assert_eq!(
        ours.as_ref(),
        Some(&committed),
        "{name}: nodev8 vs committed Node output"
    );
    match live {
        Some(live) => assert_eq!(ours.as_ref(), Some(&live), "{name}: nodev8 vs live node"),
        None => eprintln!("SKIP live node comparison for {name}: `node` is not installed"),
    }
}

#[test]
fn basic_under_nodev8() {
    check("basic");
}

#[test]
fn await_under_nodev8() {
    check("await");
}

#[test]
fn multi_under_nodev8() {
    check("multi");
}

#[test]
fn exceptions_under_nodev8() {
    check("exceptions");
}

#[test]
fn validation_under_nodev8() {
    check("validation");
}
