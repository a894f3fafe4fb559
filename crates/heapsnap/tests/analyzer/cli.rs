//! The `heapsnap` command line: tables, --json, errors and exit codes.

use std::process::Command;

use super::graph::{Graph, Schema};

fn write(dir: &std::path::Path, name: &str, g: &Graph) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, g.to_json(Schema::Node20)).unwrap();
    p
}

fn app(leaks: usize) -> Graph {
    let mut g = Graph::default();
    let root = g.node("synthetic", "", 0);
    let global = g.node("object", "global", 10);
    let list = g.node("array", "(object elements)", 16);
    g.edge(root, "shortcut", "global", global);
    g.edge(global, "internal", "elements", list);
    for i in 0..leaks {
        let leak = g.node("object", "Leak", 40);
        g.nodes[leak].id = 1001 + 2 * i as u32;
        g.edge(list, "element", &i.to_string(), leak);
    }
    g
}

fn heapsnap(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_heapsnap"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn summary_diff_and_retainers() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.heapsnapshot", &app(2));
    let new = write(dir.path(), "new.heapsnapshot", &app(7));
    let (ok, out, _) = heapsnap(&["summary", new.to_str().unwrap()]);
    assert!(ok);
    assert!(
        out.lines()
            .any(|l| l.starts_with("Leak ") && l.contains(" 7 ") && l.contains(" 280 ")),
        "{out}"
    );

    let (ok, out, _) = heapsnap(&["summary", "--json", new.to_str().unwrap()]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["statistics"]["total"], 10 + 16 + 7 * 40);
    assert_eq!(v["classes"][0]["name"], "global");

    let (ok, out, _) = heapsnap(&[
        "diff",
        "--json",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["classes"][0]["name"], "Leak");
    assert_eq!(v["classes"][0]["added_count"], 5);
    let (ok, out, _) = heapsnap(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    assert!(ok && out.contains("Leak"), "{out}");

    let (ok, out, _) = heapsnap(&["retainers", "--id", "1001", new.to_str().unwrap()]);
    assert!(ok);
    assert!(out.contains("global @3 --[internal elements]-->"), "{out}");
    let (ok, out, _) = heapsnap(&[
        "retainers",
        "--json",
        "--name",
        "Leak",
        "--limit",
        "2",
        new.to_str().unwrap(),
    ]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["paths"][0]["steps"][1]["from"]["name"], "global");
}

#[test]
fn errors_exit_nonzero_with_the_position() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cut.heapsnapshot");
    let full = app(3).to_json(Schema::V8_15);
    std::fs::write(&p, &full[..full.len() / 2]).unwrap();
    let (ok, _, err) = heapsnap(&["summary", p.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("truncated") && err.contains("byte"), "{err}");
    let (ok, _, err) = heapsnap(&["summary", "/nonexistent/x.heapsnapshot"]);
    assert!(!ok && err.contains("cannot open"), "{err}");
    let good = write(dir.path(), "g.heapsnapshot", &app(1));
    let (ok, _, err) = heapsnap(&["retainers", "--id", "999999", good.to_str().unwrap()]);
    assert!(!ok && err.contains("no node with id @999999"), "{err}");
    let (ok, _, err) = heapsnap(&["retainers", "--name", "Nope", good.to_str().unwrap()]);
    assert!(!ok && err.contains("no class named"), "{err}");
}
