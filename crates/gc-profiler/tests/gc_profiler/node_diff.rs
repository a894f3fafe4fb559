//! Differential check against Node: the same script (`shape.js`) run here
//! and under `node --expose-gc` gives the same report shape. Node's output is
//! committed (`node_shape.json`, from Node 20) so the test runs without Node;
//! when `node` is installed it is also compared live.

use super::helpers::{eval_json, isolate};

const SCRIPT: &str = include_str!("shape.js");
const NODE_SHAPE: &str = include_str!("node_shape.json");

fn live_node_shape() -> Option<String> {
    let out = std::process::Command::new("node")
        .args([
            "--expose-gc",
            "-e",
            &format!(
                "console.log(eval({}))",
                serde_json::to_string(SCRIPT).unwrap()
            ),
        ])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[test]
fn report_shape_matches_node() {
    let mut iso = isolate();
    let ours = eval_json(&mut iso, SCRIPT).unwrap();
    // eval_json stringifies the string completion value once more.
    let ours: String = serde_json::from_str(&ours).unwrap();
    let ours: serde_json::Value = serde_json::from_str(&ours).unwrap();
    let committed: serde_json::Value = serde_json::from_str(NODE_SHAPE.trim()).unwrap();
    assert_eq!(ours, committed);
    match live_node_shape() {
        Some(live) => {
            let live: serde_json::Value = serde_json::from_str(&live).unwrap();
            assert_eq!(ours, live, "live node differs");
        }
        None => eprintln!("SKIP live comparison: `node` is not installed"),
    }
}
