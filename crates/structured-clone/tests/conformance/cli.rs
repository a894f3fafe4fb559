//! The `structured-clone` binary: dump, check (exit status and offset), reencode.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_structured-clone"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn dump_check_and_reencode() {
    // const o = {a: [1, , 3], s: '€'}; o.self = o; v8.serialize(o)
    let hex =
        "ff0f6f220161610349004902490449064002032201736302ac20220473656c665e007b03".to_string();
    let out = run(&["dump", "--hex"], hex.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.trim(),
        "<ref *1> { a: [ 1, <1 empty item>, 3 ], s: '€', self: [Circular *1] }"
    );

    let out = run(&["check", "--hex"], hex.as_bytes());
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok: version 15"));

    let out = run(&["reencode", "--hex", "--hex-out"], hex.as_bytes());
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), hex);

    let dir = std::env::temp_dir().join(format!("sc-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("out.bin");
    let out = run(
        &[
            "reencode",
            "--hex",
            "--write-version",
            "16",
            "-o",
            file.to_str().unwrap(),
        ],
        hex.as_bytes(),
    );
    assert!(out.status.success());
    let written = std::fs::read(&file).unwrap();
    assert_eq!(&written[..2], &[0xff, 0x10]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_reports_the_error_and_offset() {
    let out = run(&["check", "--hex"], b"ff0f6f7b01");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("expected count 1, but 0 were read at byte offset 4"),
        "{err}"
    );
    let out = run(&["check"], &[0xff, 0x0f, 0x01]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("at byte offset 2"));
}

#[test]
fn plain_mode_takes_out_of_band_ids_at_face_value() {
    // [SharedArrayBuffer id 7, WebAssembly.Module transfer 5, shared object 11]
    let hex = "ff0f410375077705700b240003";
    let out = run(&["dump", "--hex", "--plain"], hex.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for part in [
        "SharedArrayBuffer { id: 7 }",
        "[WebAssembly.Module transfer 5]",
        "[Shared object 11]",
    ] {
        assert!(text.contains(part), "{text}");
    }
    let out = run(
        &["reencode", "--hex", "--plain", "--hex-out"],
        hex.as_bytes(),
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), hex);
    // Node's format (the default) has no delegate for them, as in Node.
    let out = run(&["check", "--hex"], hex.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("SharedArrayBuffer id 7 needs a DeserializerDelegate at byte offset 4"));
}
