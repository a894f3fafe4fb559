//! The `node:v8` module object: Node's export order, and a startup
//! snapshot of a context that has it installed (proving that
//! `external_references()` covers every native function).

use std::borrow::Cow;

#[path = "v8_module/coverage.rs"]
mod coverage;
/// Arbitrary value graphs, shared with structured-clone's conformance tests.
#[path = "../../structured-clone/tests/conformance/graphs.rs"]
mod graphs;
#[path = "v8_module/mutants.rs"]
mod mutants;
#[path = "v8_module/profiles.rs"]
mod profiles;
#[path = "v8_module/random_graphs.rs"]
mod random_graphs;
#[path = "v8_module/serdes.rs"]
mod serdes;
#[path = "v8_module/startup_snapshot.rs"]
mod startup_snapshot;

fn eval(scope: &mut v8::PinScope<'_, '_>, source: &str) -> String {
    v8::scope!(let scope, scope);
    v8::tc_scope!(let tc, scope);
    let source = v8::String::new(tc, source).unwrap();
    match v8::Script::compile(tc, source, None).and_then(|s| s.run(tc)) {
        Some(value) => value.to_rust_string_lossy(tc),
        None => format!(
            "threw: {}",
            tc.exception()
                .map(|e| e.to_rust_string_lossy(tc))
                .unwrap_or_default()
        ),
    }
}

fn install(scope: &mut v8::PinScope<'_, '_>, context: v8::Local<v8::Context>) {
    let module = node_v8_facade::create_v8_module(scope);
    let global = context.global(scope);
    v8_host::js::build::set(scope, global, "v8", module.into()).unwrap();
}

/// Runs `test` in a fresh isolate's context with `globalThis.v8` installed.
fn with_module(test: impl FnOnce(&mut v8::PinScope<'_, '_>)) {
    v8_host::init();
    let isolate = &mut v8::Isolate::new(Default::default());
    v8::scope!(let scope, isolate);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    install(scope, context);
    test(scope);
}

/// Exercises one export of every crate; the result must not depend on the isolate.
const SMOKE: &str = "JSON.stringify([\
    Object.keys(v8.getHeapStatistics()).length, \
    typeof v8.cachedDataVersionTag(), \
    v8.getCppHeapStatistics('brief').detail_level, \
    v8.queryObjects(class Z {}), \
    (() => { const p = new v8.GCProfiler(); p.start(); p.stop(); p.start(); const r = p.stop(); return r.version; })(), \
    (() => { const stop = v8.promiseHooks.onInit(() => {}); stop(); return typeof stop; })(), \
    (() => { try { v8.setFlagsFromString(1) } catch (e) { return e.code } })(), \
    v8.deserialize(v8.serialize({ a: [1n] })).a[0], \
  ].map(String))";
const SMOKE_EXPECTED: &str =
    r#"["15","number","brief","0","1","function","ERR_INVALID_ARG_TYPE","1"]"#;

/// In a snapshot creator: statistics, GCProfiler, promiseHooks and
/// validation work; queryObjects is refused (V8 crashes iterating a
/// creator's heap). A profiler and a hook are left running in `running`,
/// to be stopped before `prepare_for_snapshot` accepts the isolate.
const CREATOR_SMOKE: &str = "JSON.stringify([\
    Object.keys(v8.getHeapStatistics()).length, \
    v8.getCppHeapStatistics('brief').detail_level, \
    (() => { const p = new v8.GCProfiler(); p.start(); return typeof p.stop().statistics; })(), \
    (() => { try { v8.queryObjects(Array) } catch (e) { return e.code + ': ' + e.message } })(), \
    (() => { try { v8.setFlagsFromString(1) } catch (e) { return e.code } })(), \
    (() => { const p = new v8.GCProfiler(); p.start(); \
      globalThis.running = { p, stop: v8.promiseHooks.onInit(() => {}) }; return 'running'; })(), \
  ])";
const CREATOR_SMOKE_EXPECTED: &str = r#"[15,"brief","object","ERR_NOT_SUPPORTED_IN_SNAPSHOT: v8.queryObjects() is not supported in startup snapshot","ERR_INVALID_ARG_TYPE","running"]"#;

// V8 crashed in `QueryObjects` while another thread built a snapshot: the
// snapshot tests run alone in child processes (`v8_host::testing::run_alone`).

/// Every native of the facade, leaked for the isolates' lifetime.
fn snapshot_refs() -> &'static [v8::ExternalReference] {
    Box::leak(node_v8_facade::external_references().into_boxed_slice())
}

/// A snapshot blob of a context with `node:v8` installed, after `prepare`
/// ran in that context (inside a marked snapshot-creator isolate).
fn snapshot_with_node_v8(
    refs: &'static [v8::ExternalReference],
    prepare: impl FnOnce(&mut v8::PinScope<'_, '_>),
) -> v8::StartupData {
    let mut creator = v8::Isolate::snapshot_creator(Some(Cow::Borrowed(refs)), None);
    v8_host::state::mark_snapshot_creator(&mut creator);
    {
        v8::scope!(let scope, &mut creator);
        let context = v8::Context::new(scope, Default::default());
        let scope = &mut v8::ContextScope::new(scope, context);
        install(scope, context);
        prepare(scope);
        context.clear_all_slots();
        scope.set_default_context(context);
    }
    node_v8_facade::startup_snapshot::prepare_for_snapshot(&mut creator)
        .expect("nothing left running");
    creator
        .create_blob(v8::FunctionCodeHandling::Keep)
        .expect("snapshot blob")
}

/// Boots `blob` and runs `check` in its default context.
fn restore(
    blob: v8::StartupData,
    refs: &'static [v8::ExternalReference],
    check: impl FnOnce(&mut v8::PinScope<'_, '_>),
) {
    let params = v8::CreateParams::default()
        .snapshot_blob(blob)
        .external_references(Cow::Borrowed(refs));
    let isolate = &mut v8::Isolate::new(params);
    v8::scope!(let scope, isolate);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    check(scope);
}

#[test]
fn exports_are_nodes_24_in_nodes_order() {
    with_module(|scope| {
        // All 24 of Node's exports, in Node's order.
        let keys = eval(scope, "Object.keys(v8).join()");
        assert_eq!(keys, node_v8_facade::NODE_EXPORT_ORDER.join(","));
        assert_eq!(eval(scope, SMOKE), SMOKE_EXPECTED);
    });
}

#[test]
fn a_snapshot_of_a_context_with_node_v8_restores_and_works() {
    v8_host::testing::run_alone(
        "a_snapshot_of_a_context_with_node_v8_restores_and_works",
        || {
            v8_host::init();
            let refs = snapshot_refs();
            let blob = snapshot_with_node_v8(refs, |scope| {
                // What a snapshot builder may use before serializing.
                assert_eq!(eval(scope, CREATOR_SMOKE), CREATOR_SMOKE_EXPECTED);
                let isolate: &mut v8::Isolate = scope;
                let refused = node_v8_facade::startup_snapshot::prepare_for_snapshot(isolate);
                assert!(
                    matches!(
                        refused,
                        Err(node_v8_facade::startup_snapshot::PrepareError::PromiseHooks(_))
                    ),
                    "{refused:?}"
                );
                eval(
                    scope,
                    "running.stop(); running.p.stop(); delete globalThis.running",
                );
                let isolate: &mut v8::Isolate = scope;
                let refused = node_v8_facade::startup_snapshot::prepare_for_snapshot(isolate);
                assert!(refused.is_ok(), "{refused:?}");
            });
            assert!(blob.len() > 1000);
            restore(blob, refs, |scope| {
                assert_eq!(eval(scope, "typeof v8"), "object");
                assert_eq!(eval(scope, SMOKE), SMOKE_EXPECTED);
            });
        },
    );
}
