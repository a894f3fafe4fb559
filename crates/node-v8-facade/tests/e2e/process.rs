//! CLI behaviour: V8 flags, examples, exit codes.

use std::process::Command;

use crate::support::nodev8;

#[test]
fn leading_v8_flags_are_applied_and_expose_gc() {
    let run = nodev8(&["--expose-gc"], "process_info.js", &["x"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let line = run.stdout.lines().nth(3).expect("gc line");
    assert_eq!(line, "function --expose-gc");
}

#[test]
fn readme_example_prints_live_heap_statistics() {
    let output = Command::new(env!("CARGO_BIN_EXE_nodev8"))
        .arg("examples/stats.js")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("nodev8 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("heap statistics: {\n  total_heap_size: "),
        "{stdout}"
    );
    assert!(stdout.contains("total_allocated_bytes: "), "{stdout}");
    assert!(stdout.contains("old_space"), "{stdout}");
}

#[test]
fn module_example_collects_garbage_with_expose_gc() {
    let output = Command::new(env!("CARGO_BIN_EXE_nodev8"))
        .args(["--expose-gc", "examples/stats.mjs"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("nodev8 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("collected: true"), "{stdout}");
}

#[test]
fn help_is_served_by_clap() {
    let output = Command::new(env!("CARGO_BIN_EXE_nodev8"))
        .arg("--help")
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("Usage: nodev8"));
}

#[test]
fn unknown_v8_flags_are_rejected_like_node() {
    let run = nodev8(&["--no-such-v8-flag"], "process_info.js", &[]);
    assert_eq!(run.code, 9);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "nodev8: bad option: --no-such-v8-flag\n");
}

#[test]
fn package_type_module_makes_js_files_es_modules() {
    let run = nodev8(&[], "esm_pkg/main.js", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "number esm helper undefined true\n");
}

#[test]
fn heap_snapshot_stream_pipes_to_stdout() {
    let run = nodev8(&[], "snapshot_to_stdout.js", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("{\"snapshot\":{\"meta\":{\"node_fields\":"),
        "{}",
        &run.stdout[..run.stdout.len().min(200)]
    );
    assert!(
        run.stdout.trim_end().ends_with('}'),
        "the whole snapshot reached stdout"
    );
    assert!(run.stdout.contains("\"strings\":["));
}

#[test]
fn es_module_named_imports_write_a_heap_snapshot() {
    let run = nodev8(&[], "write_snapshot.mjs", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "test.heapsnapshot true {\"snapshot\":{\"meta\":\n"
    );
}
