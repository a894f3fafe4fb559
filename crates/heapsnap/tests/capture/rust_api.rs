//! The Rust API: write_heap_snapshot, get_heap_snapshot, options, errors.

use std::io::Read;
use std::os::unix::fs::PermissionsExt;

use heapsnap::capture::{self, CaptureError, HeapSnapshotOptions};
use heapsnap::{HeapSnapshot, ParseOptions};

use super::util::{eval, isolate, SERIAL};

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

#[test]
fn writes_a_valid_snapshot_with_node_default_name() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let old = std::env::current_dir().unwrap();
    std::env::set_current_dir(dir.path()).unwrap();
    let mut iso = isolate();
    let first = capture::write_heap_snapshot(&mut iso, None, Default::default());
    let second = capture::write_heap_snapshot(&mut iso, None, Default::default());
    std::env::set_current_dir(old).unwrap();
    let (first, second) = (first.unwrap(), second.unwrap());
    let name = first.to_str().unwrap().to_string();
    // Heap.YYYYMMDD.HHMMSS.<pid>.<tid>.<seq>.heapsnapshot, relative to the CWD.
    let parts: Vec<&str> = name.split('.').collect();
    assert_eq!(parts.len(), 7, "{name}");
    assert_eq!((parts[0], parts[6]), ("Heap", "heapsnapshot"));
    assert_eq!(
        (parts[1].len(), parts[2].len(), parts[5].len()),
        (8, 6, 3),
        "{name}"
    );
    assert_eq!(parts[3], std::process::id().to_string());
    let seq = |p: &std::path::Path| {
        p.to_str()
            .unwrap()
            .split('.')
            .nth(5)
            .unwrap()
            .parse::<u32>()
            .unwrap()
    };
    assert_eq!(seq(&second), seq(&first) + 1);
    let full = dir.path().join(&first);
    let meta = std::fs::metadata(&full).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    let mut snap = HeapSnapshot::open(&full).unwrap();
    assert!(snap.node_count() > 1000);
    let a = snap.analyze();
    assert!(a.retained_size(snap.root()) > 100_000);
    // Only the two snapshots: no temporary files left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn options_reach_v8() {
    let mut iso = isolate();
    let dir = tempfile::tempdir().unwrap();
    for (internals, numerics) in [(true, false), (false, true), (true, true), (false, false)] {
        let options = HeapSnapshotOptions {
            expose_internals: internals,
            expose_numeric_values: numerics,
        };
        capture::write_heap_snapshot(&mut iso, Some(&dir.path().join("o.heapsnapshot")), options)
            .unwrap();
        let seen = v8_host::heap_snapshot::last_snapshot_options().unwrap();
        assert_eq!(
            (seen.expose_internals, seen.expose_numeric_values),
            (internals, numerics)
        );
        let _ = capture::get_heap_snapshot(&mut iso, options).unwrap();
        let seen = v8_host::heap_snapshot::last_snapshot_options().unwrap();
        assert_eq!(
            (seen.expose_internals, seen.expose_numeric_values),
            (internals, numerics)
        );
    }
}

#[test]
fn file_errors_are_node_shaped_and_leave_nothing() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut iso = isolate();
    let dir = tempfile::tempdir().unwrap();
    let check = |r: Result<std::path::PathBuf, CaptureError>, code: &str, syscall: &str| match r {
        Err(CaptureError::Io {
            code: ref c,
            syscall: s,
            ref path,
            ..
        }) => {
            assert_eq!((c.as_str(), s), (code, syscall));
            let text = r.as_ref().unwrap_err().to_string();
            assert!(text.starts_with(&format!("{code}: ")), "{text}");
            assert!(
                text.ends_with(&format!("{syscall} '{}'", path.display())),
                "{text}"
            );
        }
        other => panic!("expected {code}, got {other:?}"),
    };
    let fds = open_fds();
    check(
        capture::write_heap_snapshot(&mut iso, Some(dir.path()), Default::default()),
        "EISDIR",
        "open",
    );
    let missing = dir.path().join("nope/x.heapsnapshot");
    check(
        capture::write_heap_snapshot(&mut iso, Some(&missing), Default::default()),
        "ENOENT",
        "open",
    );
    check(
        capture::write_heap_snapshot(&mut iso, Some("".as_ref()), Default::default()),
        "ENOENT",
        "open",
    );
    // A full disk: Node leaks the descriptor here; we close it.
    check(
        capture::write_heap_snapshot(&mut iso, Some("/dev/full".as_ref()), Default::default()),
        "ENOSPC",
        "write",
    );
    assert_eq!(open_fds(), fds, "a file descriptor leaked");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "partial file left behind"
    );
    if unsafe { libc::geteuid() } != 0 {
        let ro = dir.path().join("ro");
        std::fs::create_dir(&ro).unwrap();
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o500)).unwrap();
        check(
            capture::write_heap_snapshot(&mut iso, Some(&ro.join("x")), Default::default()),
            "EACCES",
            "open",
        );
    }
}

#[test]
fn get_heap_snapshot_reads_in_64k_chunks() {
    let mut iso = isolate();
    let mut reader = capture::get_heap_snapshot(&mut iso, Default::default()).unwrap();
    let total = reader.remaining();
    let first = reader.next_chunk().unwrap();
    assert_eq!(first.len(), capture::CHUNK_SIZE);
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest).unwrap();
    assert_eq!(first.len() + rest.len(), total);
    let mut json = first;
    json.extend_from_slice(&rest);
    let snap = HeapSnapshot::from_slice(&json).unwrap();
    // V8 15.2's schema: 6 node fields, no trace_node_id.
    assert!(snap.node_count() > 1000);
    assert!(serde_json::from_slice::<serde_json::Value>(&json).is_ok());
}

#[test]
fn a_leak_tops_the_diff() {
    let dir = tempfile::tempdir().unwrap();
    let mut iso = isolate();
    v8::scope!(let scope, &mut iso);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    super::util::run(scope, "class Baseline { constructor(i) { this.i = i; } } globalThis.keep = Array.from({length: 100}, (_, i) => new Baseline(i)); 0");
    let before = capture::write_heap_snapshot(
        scope,
        Some(&dir.path().join("a.heapsnapshot")),
        Default::default(),
    )
    .unwrap();
    super::util::run(
        scope,
        "class LeakyRequest { constructor(i) { this.id = i; this.body = 'x'.repeat(64) + i; this.headers = { a: i }; } }
         globalThis.leaked = []; for (let i = 0; i < 5000; i++) leaked.push(new LeakyRequest(i)); 0",
    );
    let after = capture::write_heap_snapshot(
        scope,
        Some(&dir.path().join("b.heapsnapshot")),
        Default::default(),
    )
    .unwrap();
    let opts = ParseOptions { edges: false };
    let a = HeapSnapshot::open_with(&before, opts, None).unwrap();
    let b = HeapSnapshot::open_with(&after, opts, None).unwrap();
    let d = heapsnap::diff(&a, &b);
    let objects: Vec<&heapsnap::ClassDiff> = d
        .classes
        .iter()
        .filter(|c| !c.name.starts_with('('))
        .collect();
    assert_eq!(objects[0].name, "LeakyRequest", "{:#?}", &d.classes[..5]);
    assert_eq!(objects[0].added_count, 5000);
    assert!(!d
        .classes
        .iter()
        .any(|c| c.name == "Baseline" && c.added_count > 0));
    // And the summary of the second snapshot finds them through `leaked`.
    let mut full = HeapSnapshot::open(&after).unwrap();
    let an = full.analyze();
    let nodes = heapsnap::nodes_of_class(&full, &an, "LeakyRequest").unwrap();
    assert_eq!(nodes.len(), 5000);
    let index = heapsnap::RetainerIndex::build(&full);
    let r = heapsnap::retaining_paths(&full, &an, &index, nodes[0], 1);
    assert!(r.paths[0].complete);
    // The shortest path may run through a transient handle (a background
    // compile job holding the hot array), so check the array's retainers.
    let names: Vec<String> = index
        .retaining_edges(nodes[0])
        .iter()
        .map(|&e| heapsnap::edge_source(&full, e as usize))
        .flat_map(|holder| index.retaining_edges(holder))
        .map(|&e| full.edge_name(e as usize))
        .collect();
    assert!(names.iter().any(|n| n == "leaked"), "{names:?}");
    let _ = eval;
}
