//! The Rust API on a plain `OwnedIsolate`.

use crate::{eval, with_context, FLAGS};

const HEAP_KEYS: [&str; 15] = [
    "total_heap_size",
    "total_heap_size_executable",
    "total_physical_size",
    "total_available_size",
    "used_heap_size",
    "heap_size_limit",
    "malloced_memory",
    "peak_malloced_memory",
    "does_zap_garbage",
    "number_of_native_contexts",
    "number_of_detached_contexts",
    "total_global_handles_size",
    "used_global_handles_size",
    "external_memory",
    "total_allocated_bytes",
];

/// V8 15.2's `AllocationSpace` names, sorted (as Node's test-v8-stats.js).
const SPACES_SORTED: [&str; 13] = [
    "code_large_object_space",
    "code_space",
    "large_object_space",
    "new_large_object_space",
    "new_space",
    "old_space",
    "read_only_space",
    "shared_large_object_space",
    "shared_space",
    "shared_trusted_large_object_space",
    "shared_trusted_space",
    "trusted_large_object_space",
    "trusted_space",
];

fn keys(value: &serde_json::Value) -> Vec<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn heap_statistics_has_nodes_15_keys_in_order_and_sane_values() {
    v8_host::init();
    let mut isolate = v8::Isolate::new(Default::default());
    let stats = v8_stats::heap_statistics(&mut isolate);
    let json = serde_json::to_value(&stats).unwrap();
    assert_eq!(keys(&json), HEAP_KEYS);
    assert!(json.as_object().unwrap().values().all(|v| v.is_u64()));
    assert!(stats.used_heap_size <= stats.total_heap_size);
    assert!(stats.total_heap_size <= stats.heap_size_limit);
    assert!(stats.used_global_handles_size <= stats.total_global_handles_size);
    assert!(stats.does_zap_garbage <= 1);
    assert!(stats.total_allocated_bytes > 0);
}

#[test]
fn total_allocated_bytes_grows_with_allocation() {
    with_context(|scope| {
        let before = v8_stats::heap_statistics(scope).total_allocated_bytes;
        eval(
            scope,
            "globalThis.keep = Array.from({ length: 10000 }, (_, i) => ({ i }))",
        );
        let after = v8_stats::heap_statistics(scope).total_allocated_bytes;
        assert!(after >= before + 10_000 * 16, "{before} -> {after}");
        assert!(v8_stats::heap_statistics(scope).number_of_native_contexts >= 1);
    });
}

#[test]
fn heap_space_statistics_lists_every_v8_space() {
    with_context(|scope| {
        eval(scope, "globalThis.keep = new Array(1000).fill({})");
        let spaces = v8_stats::heap_space_statistics(scope);
        let mut names: Vec<&str> = spaces.iter().map(|s| s.space_name.as_str()).collect();
        names.sort();
        assert_eq!(names, SPACES_SORTED);
        let json = serde_json::to_value(&spaces[0]).unwrap();
        assert_eq!(
            keys(&json),
            [
                "space_name",
                "space_size",
                "space_used_size",
                "space_available_size",
                "physical_space_size"
            ]
        );
        for space in &spaces {
            assert!(space.space_used_size <= space.space_size, "{space:?}");
        }
        let read_only = spaces
            .iter()
            .find(|s| s.space_name == "read_only_space")
            .unwrap();
        assert_eq!((read_only.space_size, read_only.space_used_size), (0, 0));
        // The spaces add up to the heap totals (plausibly: V8 counts a few
        // pages outside the per-space numbers).
        let heap = v8_stats::heap_statistics(scope);
        let used: usize = spaces.iter().map(|s| s.space_used_size).sum();
        let size: usize = spaces.iter().map(|s| s.space_size).sum();
        assert!(
            used > 0 && used <= heap.used_heap_size + (1 << 20),
            "{used} vs {}",
            heap.used_heap_size
        );
        assert!(
            size <= heap.total_heap_size + (1 << 20) && size * 2 >= heap.total_heap_size,
            "{size} vs {}",
            heap.total_heap_size
        );
        let old = spaces.iter().find(|s| s.space_name == "old_space").unwrap();
        assert!(old.space_used_size > 0);
    });
}

#[test]
fn heap_code_statistics_has_nodes_keys_and_counts_bytecode() {
    with_context(|scope| {
        eval(
            scope,
            "function f(x) { return x * 2 } for (let i = 0; i < 10; i++) f(i)",
        );
        let stats = v8_stats::heap_code_statistics(scope);
        let json = serde_json::to_value(&stats).unwrap();
        assert_eq!(
            keys(&json),
            [
                "code_and_metadata_size",
                "bytecode_and_metadata_size",
                "external_script_source_size",
                "cpu_profiler_metadata_size"
            ]
        );
        assert!(stats.bytecode_and_metadata_size > 0);
    });
}

#[test]
fn cpp_heap_statistics_brief_and_detailed_shapes() {
    v8_host::init();
    let mut isolate = v8::Isolate::new(Default::default());
    let brief = v8_stats::cpp_heap_statistics(&mut isolate, v8_stats::DetailLevel::Brief).unwrap();
    let json = serde_json::to_value(&brief).unwrap();
    assert_eq!(
        keys(&json),
        [
            "committed_size_bytes",
            "resident_size_bytes",
            "used_size_bytes",
            "space_statistics",
            "type_names",
            "detail_level"
        ]
    );
    assert_eq!(json["detail_level"], "brief");
    assert!(brief.space_statistics.is_empty() && brief.type_names.is_empty());
    assert!(brief.used_size_bytes <= brief.committed_size_bytes);

    let detailed =
        v8_stats::cpp_heap_statistics(&mut isolate, v8_stats::DetailLevel::Detailed).unwrap();
    let json = serde_json::to_value(&detailed).unwrap();
    assert_eq!(json["detail_level"], "detailed");
    let names: Vec<&str> = detailed
        .space_statistics
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    for expected in [
        "NormalPageSpace0",
        "NormalPageSpace1",
        "NormalPageSpace2",
        "NormalPageSpace3",
        "LargePageSpace",
    ] {
        assert!(names.contains(&expected), "{names:?}");
    }
    let space = &json["space_statistics"][0];
    assert_eq!(
        keys(space),
        [
            "name",
            "committed_size_bytes",
            "resident_size_bytes",
            "used_size_bytes",
            "page_stats",
            "free_list_stats"
        ]
    );
    assert_eq!(
        keys(&space["free_list_stats"]),
        ["bucket_size", "free_count", "free_size"]
    );
    for space in &detailed.space_statistics {
        assert!(space.used_size_bytes <= space.committed_size_bytes);
        let fl = &space.free_list_stats;
        assert!(
            fl.bucket_size.len() == fl.free_count.len()
                && fl.free_count.len() == fl.free_size.len()
        );
        for page in &space.page_stats {
            let page_json = serde_json::to_value(page).unwrap();
            assert_eq!(
                keys(&page_json),
                [
                    "committed_size_bytes",
                    "resident_size_bytes",
                    "used_size_bytes",
                    "object_statistics"
                ]
            );
        }
    }
}

#[test]
fn cached_data_version_tag_is_stable_and_changes_with_flags() {
    let _flags = FLAGS.lock().unwrap_or_else(|e| e.into_inner());
    v8_host::init();
    let tag = v8_stats::cached_data_version_tag();
    assert_eq!(tag, v8_stats::cached_data_version_tag());
    v8_stats::set_flags_from_string("--allow-natives-syntax");
    let changed = v8_stats::cached_data_version_tag();
    v8_stats::set_flags_from_string("--no-allow-natives-syntax");
    assert_ne!(tag, changed);
    assert_eq!(tag, v8_stats::cached_data_version_tag());
}

#[test]
fn one_byte_representation_not_content() {
    with_context(|scope| {
        let cases = [
            ("hello", true),
            ("h\u{e9}llo \u{ff}", true),
            ("\u{4e2d}\u{6587}", false),
            ("\u{1f600}", false),
        ];
        for (text, expected) in cases {
            let s = v8::String::new(scope, text).unwrap();
            assert_eq!(
                v8_stats::is_string_one_byte_representation(s),
                expected,
                "{text:?}"
            );
        }
        // ASCII content stored as two-byte (a slice of a two-byte string):
        // the representation is asked, not the content.
        let sliced = crate::eval(
            scope,
            "globalThis.s = ('\\u4e2d' + 'abcdefghijklmnopqrstuvwxyz').slice(1); s",
        );
        assert_eq!(sliced, "abcdefghijklmnopqrstuvwxyz");
        let global = scope.get_current_context().global(scope);
        let s = v8_host::js::validate::property(scope, global, "s").unwrap();
        let s = v8::Local::<v8::String>::try_from(s).unwrap();
        assert!(s.contains_only_onebyte());
        assert!(!v8_stats::is_string_one_byte_representation(s));
    });
}

#[test]
fn query_objects_counts_and_summarises_current_context_only() {
    with_context(|scope| {
        eval(scope, "globalThis.Q = class Q { constructor(n) { this.n = n } }; globalThis.qs = [new Q(1), new Q(2)]");
        let global = scope.get_current_context().global(scope);
        let q = v8_host::js::validate::property(scope, global, "Q").unwrap();
        let q = v8::Local::<v8::Object>::try_from(q).unwrap();
        let count = v8_stats::query_objects(scope, q, v8_stats::QueryFormat::Count).unwrap();
        assert_eq!(count, v8_stats::QueryResult::Count(2));
        let summary = v8_stats::query_objects(scope, q, v8_stats::QueryFormat::Summary).unwrap();
        let v8_stats::QueryResult::Summary(mut lines) = summary else {
            panic!("summary")
        };
        lines.sort();
        assert_eq!(lines, ["Q { n: 1 }", "Q { n: 2 }"]);
        // After the objects die, a full GC (done by QueryObjects) drops them.
        eval(scope, "globalThis.qs = null");
        let count = v8_stats::query_objects(scope, q, v8_stats::QueryFormat::Count).unwrap();
        assert_eq!(count, v8_stats::QueryResult::Count(0));
        // Objects of another context are not reported.
        eval(scope, "globalThis.qs = [new Q(3)]");
        let other = v8::Context::new(scope, Default::default());
        let other_scope = &mut v8::ContextScope::new(scope, other);
        let count = v8_stats::query_objects(other_scope, q, v8_stats::QueryFormat::Count).unwrap();
        assert_eq!(count, v8_stats::QueryResult::Count(0));
    });
}
