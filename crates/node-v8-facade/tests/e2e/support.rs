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

/// The committed outputs come from Node 20; other majors format some values
/// differently, so live comparisons only run against a Node 20.
pub fn node_is_v20() -> Result<(), String> {
    static VERSION: std::sync::OnceLock<Result<String, String>> = std::sync::OnceLock::new();
    let version = VERSION.get_or_init(|| {
        Command::new("node")
            .arg("--version")
            .output()
            .map_err(|e| format!("`node` is not runnable ({e})"))
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    });
    match version {
        Ok(v) if v.starts_with("v20.") => Ok(()),
        Ok(v) => Err(format!("the installed node is {v}, not v20")),
        Err(e) => Err(e.clone()),
    }
}

/// Runs the installed `node` (Node 20), or `None` with a note on stderr.
pub fn node(flags: &[&str], script: &str, args: &[&str]) -> Option<Run> {
    if let Err(why) = node_is_v20() {
        eprintln!("SKIPPED live comparison with node for {script}: {why}");
        return None;
    }
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
