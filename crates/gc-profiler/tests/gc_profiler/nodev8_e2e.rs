//! End-to-end: `shape.js` run as a main script by the `nodev8` binary
//! (`nodev8 --expose-gc file.js`) prints the same report shape as Node.
//!
//! The binary is taken from `$NODEV8_BIN`, else from this test binary's
//! target directory (`cargo build -p node-v8-facade --bin nodev8` with the
//! same `CARGO_TARGET_DIR`). Without it the test prints SKIP and passes.

use std::path::PathBuf;

const SCRIPT: &str = include_str!("shape.js");
const NODE_SHAPE: &str = include_str!("node_shape.json");

fn nodev8() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NODEV8_BIN") {
        return Some(PathBuf::from(path));
    }
    let exe = std::env::current_exe().ok()?;
    let candidate = exe.parent()?.parent()?.join("nodev8");
    candidate.is_file().then_some(candidate)
}

#[test]
fn report_shape_under_nodev8_matches_node() {
    let Some(bin) = nodev8() else {
        eprintln!(
            "SKIP nodev8 e2e: no nodev8 binary (set NODEV8_BIN or build it into this target dir)"
        );
        return;
    };
    let file = std::env::temp_dir().join(format!("gc-profiler-e2e-{}.js", std::process::id()));
    let main = format!(
        "console.log(eval({}));\n",
        serde_json::to_string(SCRIPT).unwrap()
    );
    std::fs::write(&file, main).unwrap();
    let out = std::process::Command::new(&bin)
        .arg("--expose-gc")
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let node: serde_json::Value = serde_json::from_str(NODE_SHAPE.trim()).unwrap();
    assert_eq!(ours, node);
}
