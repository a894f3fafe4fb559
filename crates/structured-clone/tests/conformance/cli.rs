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

/// `n` nested one-element dense arrays around `leaf`.
fn nested_arrays(n: usize, leaf: &[u8]) -> Vec<u8> {
    crate::limits::nested(b"A\x01", b"$\x00\x01", n, leaf)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn hex_input_is_read_byte_by_byte() {
    for (input, message) in [
        (
            &b"a\xc3\xa9b"[..],
            "'\u{e9}' at byte offset 1 is not a hex digit",
        ),
        (b"+f", "'+' at byte offset 0 is not a hex digit"),
        (b"ff0f\xff", "byte 0xff at byte offset 4 is not a hex digit"),
        (
            b"ff0f5\xe2\x80\x83f",
            "'\\u{2003}' at byte offset 5 is not a hex digit",
        ),
        (b"ff0f5", "hex input has an odd number of digits"),
    ] {
        let out = run(&["check", "--hex"], input);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
    }
    // ASCII whitespace anywhere, even inside a pair, as before.
    let out = run(&["check", "--hex"], b" F\tf0f\r\n4 9\x0b0\x0c2\n");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        "ok: version 15, 4 bytes, 0 objects"
    );
}

/// A plain Uint8Array in 999 arrays is at level 999: the reader takes it
/// under the default limit of 1000, and so must the writer.
#[test]
fn reencode_writes_what_it_reads_at_the_limit() {
    let view = b"B\x01\x07VB\x00\x01\x00";
    let bytes = nested_arrays(999, view);
    let out = run(&["reencode", "--plain"], &bytes);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, bytes);
    let bytes = nested_arrays(1000, view);
    for cmd in ["check", "reencode"] {
        let out = run(&[cmd, "--plain"], &bytes);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("nesting deeper than the limit of 1000"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn reencode_writes_under_max_depth() {
    let bytes = nested_arrays(1500, b"_");
    let out = run(&["reencode", "--max-depth", "1501"], &bytes);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, bytes);
    let out = run(&["reencode", "--max-depth", "1500"], &bytes);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nesting deeper than the limit of 1500"));
}

#[test]
fn dump_prints_deep_input_to_a_depth() {
    let bytes = nested_arrays(100_000, b"_");
    let dump = |extra: &[&str]| {
        let out = run(
            &[&["dump", "--max-depth", "1000000"], extra].concat(),
            &bytes,
        );
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(dump(&[]), "[ [ [ [Array] ] ] ]\n");
    assert_eq!(dump(&["--depth", "0"]), "[ [Array] ]\n");
    assert_eq!(dump(&["--depth", "5"]), "[ [ [ [ [ [ [Array] ] ] ] ] ] ]\n");
    // Deeper than fits on a line: one level per line.
    let text = dump(&["--depth", "40"]);
    assert!(text.starts_with("[\n  [\n    [\n"), "{text}");
    assert_eq!(text.matches("[Array]").count(), 1, "{text}");
    assert_eq!(text.matches('[').count(), 42, "{text}");
    // Every depth is safe, and small input prints in full.
    let out = run(
        &["dump", "--hex", "--depth", &usize::MAX.to_string()],
        b"ff0f4101410141015f240001240001240001",
    );
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "[ [ [ undefined ] ] ]\n"
    );

    let out = run(&["dump", "--help"], b"");
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("--depth <DEPTH>") && help.contains("[Object]"),
        "{help}"
    );
}
