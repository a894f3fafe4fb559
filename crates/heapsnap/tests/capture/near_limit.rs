//! `setHeapSnapshotNearHeapLimit` in a child process that leaks until V8
//! runs out of heap: it must leave at most `limit` valid snapshots.

use std::process::Command;

const CHILD_ENV: &str = "HEAPSNAP_NEAR_LIMIT_CHILD";

/// The child: a 16 MB old space, 2 snapshots allowed, then leak forever.
#[test]
fn near_limit_child() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    v8_host::init_with_flags("--max-old-space-size=16");
    let mut iso = v8::Isolate::new(Default::default());
    assert!(heapsnap::capture::set_heap_snapshot_near_heap_limit(
        &mut iso,
        2,
        Some(dir.clone().into())
    ));
    // A second call is a silent no-op, as in Node.
    assert!(!heapsnap::capture::set_heap_snapshot_near_heap_limit(
        &mut iso,
        5,
        Some(dir.into())
    ));
    v8::scope!(let scope, &mut iso);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    super::util::run(scope, "const leak = []; for (;;) leak.push({ payload: 'x'.repeat(100) + leak.length, n: leak.length });");
    unreachable!("the leak ends in a V8 out-of-memory abort");
}

#[test]
fn leaks_leave_valid_snapshots_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "near_limit::near_limit_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the child must die of OOM: {stderr}");
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty() && files.len() <= 2, "{files:?}\n{stderr}");
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap();
        assert!(
            name.starts_with("Heap.") && name.ends_with(".heapsnapshot"),
            "{name}"
        );
        assert!(
            stderr.contains(&format!("Wrote snapshot to {}", f.display())),
            "{stderr}"
        );
        let mut snap = heapsnap::HeapSnapshot::open(f).unwrap();
        let a = snap.analyze();
        let s = heapsnap::summarize(&snap, &a);
        assert!(
            s.classes
                .iter()
                .any(|c| c.name == "Object" && c.count > 10_000),
            "{name}"
        );
    }
}
