//! Running `nodev8` (and `node`) on the test scripts.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

pub fn scripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/scripts")
}

fn expected_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/expected")
}

/// Replaces the absolute scripts directory by `<scripts>` (as in the committed files).
pub fn normalize(text: &str) -> String {
    text.replace(&scripts_dir().display().to_string(), "<scripts>")
}

fn run_program(program: &str, flags: &[&str], script: &str, args: &[&str]) -> std::io::Result<Run> {
    let output = Command::new(program)
        .args(flags)
        .arg(script)
        .args(args)
        .current_dir(scripts_dir())
        .env("NODEV8_TEST_VAR", "hello")
        .output()?;
    Ok(Run {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        code: output.status.code().unwrap_or(-1),
    })
}

/// Runs `nodev8 [flags] script [args]` in the scripts directory.
pub fn nodev8(flags: &[&str], script: &str, args: &[&str]) -> Run {
    run_program(env!("CARGO_BIN_EXE_nodev8"), flags, script, args).expect("nodev8 runs")
}

/// Runs the installed `node`, or `None` (with a note on stderr) when absent.
pub fn node(flags: &[&str], script: &str, args: &[&str]) -> Option<Run> {
    match run_program("node", flags, script, args) {
        Ok(run) => Some(run),
        Err(err) => {
            eprintln!(
                "SKIPPED live comparison with node for {script}: `node` is not runnable ({err})"
            );
            None
        }
    }
}

/// The committed Node 20 output of `name` (stdout, stderr, exit code).
pub fn expected(name: &str) -> Run {
    let read = |ext: &str| {
        std::fs::read_to_string(expected_dir().join(format!("{name}.{ext}")))
            .unwrap_or_else(|e| panic!("missing expected file {name}.{ext}: {e}"))
    };
    Run {
        stdout: read("stdout"),
        stderr: read("stderr"),
        code: read("code").trim().parse().expect("exit code"),
    }
}

/// Line-by-line assertion with a readable first difference.
pub fn assert_same_text(what: &str, expected: &str, actual: &str) {
    if expected == actual {
        return;
    }
    let exp: Vec<_> = expected.lines().collect();
    let act: Vec<_> = actual.lines().collect();
    for i in 0..exp.len().max(act.len()) {
        let (e, a) = (exp.get(i), act.get(i));
        if e != a {
            panic!("{what}: first difference at line {}:\n expected: {e:?}\n   actual: {a:?}\n--- full actual ---\n{actual}", i + 1);
        }
    }
    panic!("{what}: texts differ only in trailing newlines:\n{expected:?}\n{actual:?}");
}
