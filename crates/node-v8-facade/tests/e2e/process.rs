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

#[test]
fn a_closed_stdout_pipe_stops_the_script_with_epipe() {
    use std::io::Read;
    use std::process::Stdio;
    use std::time::{Duration, Instant};

    let mut child = Command::new(env!("CARGO_BIN_EXE_nodev8"))
        .arg("stdout_closed.js")
        .current_dir(crate::support::scripts_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nodev8 starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 7];
    stdout.read_exact(&mut first).expect("first bytes");
    assert_eq!(&first, b"line 0\n");
    drop(stdout);
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nodev8 kept running after its stdout was closed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("Error: write EPIPE\n    at WriteStream.write"),
        "{stderr}"
    );
    assert!(stderr.contains("code: 'EPIPE'"), "{stderr}");
}

#[test]
fn eval_and_print_run_code_from_the_command_line() {
    let run = nodev8(
        &["--expose-gc", "-e"],
        "console.log(process.argv.length, typeof gc, typeof require('./lib/helper.js').add, __filename)",
        &["a"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "2 function function [eval]\n");
    let run = nodev8(
        &["-p"],
        "require('node:v8').getHeapSpaceStatistics().length > 5",
        &[],
    );
    assert_eq!(run.stdout, "true\n", "{}", run.stderr);
    let run = nodev8(&["-e"], "null.x", &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.starts_with("[eval]:1\nnull.x\n     ^\n\nTypeError: Cannot read properties of null (reading 'x')\n    at [eval]:1:6\n"), "{}", run.stderr);
}
