//! `NODE_V8_COVERAGE`: `nodev8` writes Node's coverage files (name, JSON
//! shape, `file://` URLs, ranges and counts) at exit and on
//! `v8.takeCoverage()`, compared with committed Node 20 output
//! (`expected/coverage/<script>.json`: per written file, the script's
//! `functions`) and, when Node 20 is installed, with a live run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::support::{self, scripts_dir};

fn coverage_scripts() -> PathBuf {
    scripts_dir().join("coverage")
}

fn epoch_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis()
}

/// One run with `NODE_V8_COVERAGE=<relative dir>` (cwd: a fresh temporary
/// directory) and what it wrote.
struct Covered {
    run: support::Run,
    /// The absolute coverage directory.
    dir: PathBuf,
    /// Written files, sorted by name (= by time), with their JSON.
    files: Vec<(String, Value)>,
    pid: u32,
    started_ms: u128,
    ended_ms: u128,
    _temp: tempfile::TempDir,
}

fn run_covered(program: &str, script: &str) -> std::io::Result<Covered> {
    let temp = tempfile::tempdir()?;
    let started_ms = epoch_ms();
    let child = Command::new(program)
        .arg(coverage_scripts().join(script))
        .current_dir(temp.path())
        // Relative and not yet existing: resolved against the cwd, created.
        .env("NODE_V8_COVERAGE", "cov/nested")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    let pid = child.id();
    let output = child.wait_with_output()?;
    let ended_ms = epoch_ms();
    let dir = temp.path().join("cov/nested");
    let mut files = Vec::new();
    if dir.exists() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let json = serde_json::from_slice(&std::fs::read(&path)?)
                .unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
            files.push((name, json));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Covered {
        run: support::Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            code: output.status.code().unwrap_or(-1),
        },
        dir,
        files,
        pid,
        started_ms,
        ended_ms,
        _temp: temp,
    })
}

fn script_url(script: &str) -> String {
    format!("file://{}", coverage_scripts().join(script).display())
}

/// Checks the files' names and JSON shape; returns, per file, the script's
/// `functions` (`null` if the file does not mention the script).
fn user_functions(covered: &Covered, script: &str) -> Value {
    let url = script_url(script);
    let mut all = Vec::new();
    for (name, json) in &covered.files {
        // coverage-<pid>-<epoch ms>-<thread id>.json
        let parts: Vec<&str> = name
            .strip_prefix("coverage-")
            .and_then(|n| n.strip_suffix(".json"))
            .unwrap_or_else(|| panic!("bad file name {name}"))
            .split('-')
            .collect();
        assert_eq!(parts.len(), 3, "{name}");
        assert_eq!(parts[0], covered.pid.to_string(), "{name}");
        let ms: u128 = parts[1].parse().unwrap();
        assert!(
            (covered.started_ms..=covered.ended_ms + 1).contains(&ms),
            "{name}: time outside the run"
        );
        assert_eq!(parts[2], "0", "{name}: main thread id");

        let object = json.as_object().expect("a JSON object");
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        // Node appends "source-map-cache" only when a module had a map.
        assert!(
            keys == ["result", "timestamp"] || keys == ["result", "timestamp", "source-map-cache"],
            "{name}: {keys:?}"
        );
        assert!(json["timestamp"].is_f64(), "{name}");
        let scripts = json["result"].as_array().expect("result array");
        for s in scripts {
            assert!(s["scriptId"].is_string(), "{s}");
            assert!(s["url"].is_string() && s["functions"].is_array(), "{s}");
        }
        let mine: Vec<&Value> = scripts.iter().filter(|s| s["url"] == url).collect();
        assert!(mine.len() <= 1, "{name}: {url} twice");
        all.push(mine.first().map_or(Value::Null, |s| s["functions"].clone()));
    }
    Value::Array(all)
}

fn expected_functions(script: &str) -> Value {
    let stem = script.rsplit_once('.').unwrap().0;
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/e2e/expected/coverage")
        .join(format!("{stem}.json"));
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

/// Runs `script` under nodev8, checks it against the committed Node output
/// and (if Node 20 is installed) against a live node run.
fn check(script: &str, code: i32) -> Covered {
    let ours = run_covered(env!("CARGO_BIN_EXE_nodev8"), script).expect("nodev8 runs");
    assert_eq!(ours.run.code, code, "{script}: {}", ours.run.stderr);
    let functions = user_functions(&ours, script);
    assert_eq!(
        functions,
        expected_functions(script),
        "{script}: coverage differs from Node 20's (committed)"
    );
    for (name, _) in &ours.files {
        assert!(!name.ends_with(".tmp"), "temporary file left: {name}");
    }
    match support::node_is_v20() {
        Err(why) => eprintln!("SKIPPED live coverage comparison with node for {script}: {why}"),
        Ok(()) => {
            let node = run_covered("node", script).expect("node runs");
            assert_eq!(node.run.code, code, "{script} under node");
            assert_eq!(
                functions,
                user_functions(&node, script),
                "{script}: coverage differs from the installed node's"
            );
        }
    }
    ours
}

#[test]
fn coverage_file_at_normal_exit_matches_node() {
    let covered = check("basic.js", 0);
    assert_eq!(covered.files.len(), 1);
    // process.env.NODE_V8_COVERAGE was made absolute for children.
    assert_eq!(
        covered.run.stdout,
        format!("-19 {}\n", covered.dir.display())
    );
    // Internal scripts are reported too (as Node's node:internal ones).
    let scripts = covered.files[0].1["result"].as_array().unwrap();
    assert!(scripts
        .iter()
        .any(|s| s["url"].as_str().unwrap().starts_with("node:internal/")));
}

/// The `source-map-cache` with the scripts directory's URL as a placeholder.
fn source_map_cache(covered: &Covered) -> Value {
    let (_, json) = covered.files.last().expect("a coverage file");
    let text = json["source-map-cache"].to_string();
    let base = format!("file://{}", coverage_scripts().display());
    serde_json::from_str(&text.replace(&base, "<coverage scripts>")).unwrap()
}

#[test]
fn source_map_cache_matches_node() {
    let covered = check("source_map.js", 0);
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/e2e/expected/coverage/source_map.cache.json");
    let expected: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let actual = source_map_cache(&covered);
    assert_eq!(actual, expected, "source-map-cache differs from Node 20's");
    // Same key order as Node (load order, `sourceURL` alias after its file).
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&actual), keys(&expected));
    if support::node_is_v20().is_ok() {
        let node = run_covered("node", "source_map.js").expect("node runs");
        assert_eq!(
            source_map_cache(&node),
            actual,
            "differs from the installed node"
        );
    }
    // No map anywhere: no key (checked on the plain script).
    let plain = run_covered(env!("CARGO_BIN_EXE_nodev8"), "basic.js").unwrap();
    assert!(plain.files[0].1.get("source-map-cache").is_none());
}

#[test]
fn take_coverage_resets_counts_and_stop_coverage_ends_files() {
    let covered = check("take.js", 0);
    assert_eq!(covered.files.len(), 2, "{:?}", covered.files);
}

#[test]
fn coverage_file_after_process_exit_and_exit_listeners() {
    check("exit.js", 3);
}

#[test]
fn coverage_file_after_uncaught_exception_in_es_module() {
    let covered = check("throw.mjs", 1);
    assert!(covered.run.stderr.contains("Error: boom"));
}

#[test]
fn stop_coverage_first_means_no_file_and_no_directory() {
    let covered = check("stop.js", 0);
    assert!(covered.files.is_empty());
    assert!(!covered.dir.exists());
}

#[test]
fn no_file_when_an_uncaught_exception_listener_throws() {
    let covered = check("handler_throws.js", 7);
    assert!(covered.files.is_empty());
}

#[test]
fn no_file_after_process_abort() {
    // Node 20 dies of SIGABRT here and writes no file (checked by hand; not
    // run live, as an abort may dump core); nodev8 exits with 134 and
    // writes none either.
    let covered = run_covered(env!("CARGO_BIN_EXE_nodev8"), "abort.js").unwrap();
    assert_eq!(covered.run.code, 134);
    assert!(covered.files.is_empty(), "{:?}", covered.files);
}

#[test]
fn no_coverage_without_the_variable() {
    let temp = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_nodev8"))
        .arg(coverage_scripts().join("take.js"))
        .current_dir(temp.path())
        .env_remove("NODE_V8_COVERAGE")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 0);
    // An empty value also means off, as in Node.
    let output = Command::new(env!("CARGO_BIN_EXE_nodev8"))
        .arg(coverage_scripts().join("take.js"))
        .current_dir(temp.path())
        .env("NODE_V8_COVERAGE", "")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 0);
}

/// Script URLs of a run in `dir` (cwd) with `NODE_V8_COVERAGE=cov`, without
/// `node:` ones, and what it printed.
fn urls_in(program: &str, dir: &Path, script: &str) -> (String, Vec<String>) {
    let output = Command::new(program)
        .arg(script)
        .current_dir(dir)
        .env("NODE_V8_COVERAGE", "cov")
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let cov = dir.join("cov");
    let file = std::fs::read_dir(&cov)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let json: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    std::fs::remove_dir_all(cov).unwrap();
    let urls = json["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["url"].as_str().unwrap().to_owned())
        .filter(|u| !u.starts_with("node:"))
        .collect();
    (String::from_utf8_lossy(&output.stdout).into_owned(), urls)
}

#[test]
fn script_urls_are_percent_encoded_like_node() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("sp ace#[x]");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("main.mjs"),
        "import { v } from './dep%20x.mjs';\nimport c from './c%20j.cjs';\n\
         console.log(import.meta.url, v, c.c);\n",
    )
    .unwrap();
    std::fs::write(dir.join("dep x.mjs"), "export const v = 1;\n").unwrap();
    std::fs::write(dir.join("c j.cjs"), "exports.c = 2;\n").unwrap();
    let (stdout, urls) = urls_in(env!("CARGO_BIN_EXE_nodev8"), &dir, "main.mjs");
    // ES modules carry pathToFileURL's encoding; Node's inspector encodes
    // CommonJS paths with the WHATWG path set (no `[`/`]` escapes).
    let base = format!("file://{}", temp.path().display());
    let esm_dir = format!("{base}/sp%20ace%23%5Bx%5D");
    let expected = [
        format!("{esm_dir}/main.mjs"),
        format!("{esm_dir}/dep%20x.mjs"),
        format!("{base}/sp%20ace%23[x]/c%20j.cjs"),
    ];
    assert_eq!(urls, expected);
    assert_eq!(stdout, format!("{esm_dir}/main.mjs 1 2\n"));
    match support::node_is_v20() {
        Ok(()) => assert_eq!(urls_in("node", &dir, "main.mjs"), (stdout, urls)),
        Err(why) => eprintln!("SKIPPED live URL comparison with node: {why}"),
    }
}

#[test]
fn unwritable_directory_is_reported_like_node_and_keeps_the_exit_code() {
    let temp = tempfile::tempdir().unwrap();
    std::fs::write(temp.path().join("afile"), "").unwrap();
    let dir = temp.path().join("afile/sub");
    let output = Command::new(env!("CARGO_BIN_EXE_nodev8"))
        .args(["-e", "process.exitCode = 4"])
        .env("NODE_V8_COVERAGE", &dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4));
    // Node 20 prints exactly this line.
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "ENOTDIR: Failed to create coverage profile directory {}\n",
            dir.display()
        )
    );
}
