//! The JavaScript functions: shapes, Node's docs example, validation.

use crate::{eval, with_context, FLAGS};

#[test]
fn exports_in_node_order() {
    with_context(|scope| {
        assert_eq!(
            eval(scope, "Object.keys(v8).join()"),
            "cachedDataVersionTag,getHeapStatistics,getHeapSpaceStatistics,getHeapCodeStatistics,\
             getCppHeapStatistics,setFlagsFromString,queryObjects,isStringOneByteRepresentation"
        );
        assert_eq!(
            eval(scope, "v8.getHeapStatistics.name"),
            "getHeapStatistics"
        );
        assert_eq!(
            eval(
                scope,
                "try { new v8.getHeapStatistics(); 'constructed' } catch (e) { e.name }"
            ),
            "TypeError"
        );
    });
}

#[test]
fn statistics_objects_have_nodes_shapes() {
    with_context(|scope| {
        let got = eval(
            scope,
            "const s = v8.getHeapStatistics(); \
             JSON.stringify([Object.keys(s).length, Object.values(s).every(v => typeof v === 'number'), \
               Object.getPrototypeOf(s) === Object.prototype, s.total_allocated_bytes > 0])",
        );
        assert_eq!(got, "[15,true,true,true]");
        let got = eval(
            scope,
            "const sp = v8.getHeapSpaceStatistics(); \
             JSON.stringify([Array.isArray(sp), sp.length, sp.every(s => typeof s.space_name === 'string' && \
               ['space_size','space_used_size','space_available_size','physical_space_size'].every(k => typeof s[k] === 'number'))])",
        );
        assert_eq!(got, "[true,13,true]");
        let got = eval(scope, "Object.keys(v8.getHeapCodeStatistics()).join()");
        assert_eq!(got, "code_and_metadata_size,bytecode_and_metadata_size,external_script_source_size,cpu_profiler_metadata_size");
        let got = eval(scope, "typeof v8.cachedDataVersionTag() === 'number' && v8.cachedDataVersionTag() >>> 0 === v8.cachedDataVersionTag()");
        assert_eq!(got, "true");
    });
}

#[test]
fn cpp_heap_statistics_from_js_like_test_cppheap_stats() {
    with_context(|scope| {
        let got = eval(
            scope,
            "const d = v8.getCppHeapStatistics(); const b = v8.getCppHeapStatistics('brief'); \
             const sp = d.space_statistics[0]; \
             JSON.stringify([Object.keys(d), d.detail_level, Object.getPrototypeOf(d), Object.getPrototypeOf(sp), \
               Object.keys(sp), Object.keys(sp.free_list_stats), b.detail_level, b.space_statistics.length, b.type_names.length, \
               d.space_statistics.every(s => s.page_stats.every(p => Object.keys(p).join() === \
                 'committed_size_bytes,resident_size_bytes,used_size_bytes,object_statistics' && \
                 p.object_statistics.every(o => Object.keys(o).join() === 'allocated_bytes,object_count'))), \
               d.type_names.every(t => typeof t === 'string')])",
        );
        assert_eq!(
            got,
            r#"[["committed_size_bytes","resident_size_bytes","used_size_bytes","space_statistics","type_names","detail_level"],"detailed",null,null,["name","committed_size_bytes","resident_size_bytes","used_size_bytes","page_stats","free_list_stats"],["bucket_size","free_count","free_size"],"brief",0,0,true,true]"#
        );
    });
}

#[test]
fn query_objects_node_docs_example() {
    with_context(|scope| {
        let got = eval(
            scope,
            "const { queryObjects } = v8; const out = []; \
             class A { foo = 'bar'; } \
             out.push(queryObjects(A)); \
             const a = new A(); \
             out.push(queryObjects(A)); \
             out.push(queryObjects(A, { format: 'summary' })); \
             class B extends A { bar = 'qux'; } \
             const b = new B(); \
             out.push(queryObjects(B)); \
             out.push(queryObjects(B, { format: 'summary' })); \
             out.push(queryObjects(A)); \
             out.push(queryObjects(A, { format: 'summary' }).sort()); \
             out.push(queryObjects(A, { format: '' }), queryObjects(A, {}), queryObjects(A, undefined)); \
             JSON.stringify(out)",
        );
        assert_eq!(
            got,
            r#"[0,1,["A { foo: 'bar' }"],1,["B { foo: 'bar', bar: 'qux' }"],3,["A { foo: 'bar' }","A {}","B { foo: 'bar', bar: 'qux' }"],3,3,3]"#
        );
    });
}

#[test]
fn query_objects_emits_one_experimental_warning_through_process() {
    with_context(|scope| {
        let got = eval(
            scope,
            "const warnings = []; globalThis.process = { emitWarning: (m, t) => warnings.push(t + ': ' + m) }; \
             v8.queryObjects(Array); v8.queryObjects(Map); JSON.stringify(warnings)",
        );
        assert_eq!(
            got,
            r#"["ExperimentalWarning: v8.queryObjects() is an experimental feature and might change at any time"]"#
        );
    });
}

#[test]
fn is_string_one_byte_representation_from_js() {
    with_context(|scope| {
        let got = eval(
            scope,
            "let ok = true; for (let i = 0; i < 2000; i++) { \
               ok = ok && v8.isStringOneByteRepresentation('latin1 \\xe9') === true \
                       && v8.isStringOneByteRepresentation('\\u4e2d\\u6587') === false \
                       && v8.isStringOneByteRepresentation('\\u{1f600}') === false; } ok",
        );
        assert_eq!(got, "true");
    });
}

#[test]
fn set_flags_from_string_changes_the_version_tag_from_js() {
    let _flags = FLAGS.lock().unwrap_or_else(|e| e.into_inner());
    with_context(|scope| {
        let got = eval(
            scope,
            "const t0 = v8.cachedDataVersionTag(); v8.setFlagsFromString('--allow_natives_syntax'); \
             const t1 = v8.cachedDataVersionTag(); v8.setFlagsFromString('--noallow_natives_syntax'); \
             JSON.stringify([t0 !== t1, t0 === v8.cachedDataVersionTag()])",
        );
        assert_eq!(got, "[true,true]");
    });
}

#[test]
fn every_validation_error_matches_node() {
    // Recorded from Node 20 (and its internal validators for the two
    // functions Node 20 lacks) by tests/stats/gen_validation_vectors.js.
    let vectors: Vec<(String, serde_json::Value)> =
        serde_json::from_str(include_str!("validation_vectors.json")).unwrap();
    assert!(vectors.len() > 120);
    with_context(|scope| {
        let mut failures = Vec::new();
        for (expr, expected) in &vectors {
            let source = format!(
                "(() => {{ try {{ {expr}; return JSON.stringify('ok'); }} catch (e) {{ \
                 return JSON.stringify([e.name, e.code, e.message, e.stack.split('\\n')[0]]); }} }})()"
            );
            let got: serde_json::Value = serde_json::from_str(&eval(scope, &source)).unwrap();
            if &got != expected {
                failures.push(format!("{expr}: got {got}, node {expected}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    });
}
