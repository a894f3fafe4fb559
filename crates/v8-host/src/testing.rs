//! Test support for code that builds startup snapshots.
//!
//! V8's snapshot creator touches process-wide state, so a test that calls
//! `create_blob` while other isolates run on other test threads can crash
//! the whole test binary (a libc++ hardening assertion inside V8). A mutex
//! between snapshot tests is not enough: every other test of the binary
//! would have to take it too. [`run_alone`] instead re-runs the one test in a
//! child process of the same test binary, with a single test thread.

use std::process::Command;

/// Set in the child process to the name of the test it must run.
const CHILD_ENV: &str = "V8_HOST_RUN_ALONE";

/// Runs `body` in a fresh process of the current test binary where it is the
/// only test running.
///
/// `test_name` is the test's full libtest name without the crate, e.g.
/// `"my_tests::snapshot::round_trip"` (what `cargo test -- --list` prints).
/// The parent process asserts that the child ran exactly that one test and
/// that it passed, so a wrong name fails instead of silently passing.
pub fn run_alone(test_name: &str, body: impl FnOnce()) {
    if std::env::var(CHILD_ENV).is_ok_and(|name| name == test_name) {
        body();
        return;
    }
    let exe = std::env::current_exe().expect("path of the running test binary");
    let output = Command::new(exe)
        .args([
            test_name,
            "--exact",
            "--test-threads=1",
            "--include-ignored",
        ])
        .env(CHILD_ENV, test_name)
        .output()
        .expect("spawn the test binary for an isolated test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("test result: ok. 1 passed"),
        "isolated test `{test_name}` failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
}
