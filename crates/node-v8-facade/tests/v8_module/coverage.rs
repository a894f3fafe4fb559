//! `takeCoverage`/`stopCoverage` over an in-process inspector session.

use crate::{eval, with_module};

fn interval_count(file: &std::path::Path) -> u64 {
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    assert!(json["timestamp"].is_number(), "{json}");
    let script = json["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["url"] == "file:///cov.js")
        .unwrap_or_else(|| panic!("no file:///cov.js in {json}"));
    let function = script["functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["functionName"] == "interval")
        .expect("interval() is reported");
    assert_eq!(function["isBlockCoverage"], true);
    function["ranges"][0]["count"].as_u64().unwrap()
}

#[test]
fn take_coverage_writes_files_resets_counts_and_stop_coverage_ends_collection() {
    let dir = tempfile::tempdir().unwrap();
    let files = || {
        let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        names
    };
    with_module(|scope| {
        // Not collecting (no NODE_V8_COVERAGE): both are silent no-ops.
        assert_eq!(
            eval(scope, "String([v8.takeCoverage(), v8.stopCoverage()])"),
            ","
        );
        assert!(files().is_empty());

        node_v8_facade::coverage::start_coverage(scope, dir.path()).unwrap();
        assert!(node_v8_facade::coverage::coverage_active(scope));
        eval(
            scope,
            "function interval(n) { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }\n\
             for (let i = 0; i < 3; i++) interval(i);\n\
             v8.takeCoverage();\n\
             interval(5);\n\
             //# sourceURL=file:///cov.js",
        );
        let second = node_v8_facade::coverage::take_coverage(scope)
            .unwrap()
            .expect("collecting");
        let written = files();
        assert_eq!(written.len(), 2, "{written:?}");
        let name = second.file_name().unwrap().to_string_lossy().into_owned();
        let prefix = format!("coverage-{}-", std::process::id());
        assert!(
            name.starts_with(&prefix) && name.ends_with("-0.json"),
            "{name}"
        );
        // Counters reset at each take, as in Node.
        let first = written.iter().find(|p| **p != second).unwrap();
        assert_eq!(interval_count(first), 3);
        assert_eq!(interval_count(&second), 1);

        eval(scope, "v8.stopCoverage()");
        assert!(!node_v8_facade::coverage::coverage_active(scope));
        eval(scope, "v8.takeCoverage()");
        assert_eq!(
            node_v8_facade::coverage::take_coverage(scope).unwrap(),
            None
        );
        assert_eq!(files().len(), 2);
    });
}
