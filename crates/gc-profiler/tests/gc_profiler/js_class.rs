//! The JavaScript `GCProfiler` class.

use super::helpers::{eval_json, isolate};

#[test]
fn start_stop_returns_the_parsed_report() {
    let mut iso = isolate();
    let out = eval_json(
        &mut iso,
        "const p = new v8.GCProfiler(); p.start(); p.start(); gc(); const r = p.stop(); \
         ({ version: r.version, keys: Object.keys(r), n: r.statistics.length, \
            first: r.statistics[0].gcType, again: p.stop() === undefined, \
            ordered: r.startTime <= r.endTime, name: v8.GCProfiler.name, len: v8.GCProfiler.length })",
    )
    .unwrap();
    assert_eq!(
        out,
        r#"{"version":1,"keys":["version","startTime","statistics","endTime"],"n":1,"first":"MarkSweepCompact","again":true,"ordered":true,"name":"GCProfiler","len":0}"#
    );
}

#[test]
fn stop_before_start_is_undefined_and_restart_works() {
    let mut iso = isolate();
    let out = eval_json(
        &mut iso,
        "const p = new v8.GCProfiler(); const a = p.stop(); p.start(); gc(); const b = p.stop(); \
         p.start(); gc(); gc(); const c = p.stop(); [a === undefined, b.statistics.length, c.statistics.length]",
    )
    .unwrap();
    assert_eq!(out, "[true,1,2]");
}

#[test]
fn dispose_and_using_stop_the_profiler() {
    let mut iso = isolate();
    let out = eval_json(
        &mut iso,
        "const p = new v8.GCProfiler(); p.start(); const r1 = p[Symbol.dispose](); p[Symbol.dispose](); \
         { using q = new v8.GCProfiler(); q.start(); gc(); } \
         [r1 === undefined, p.stop() === undefined, typeof v8.GCProfiler.prototype[Symbol.dispose]]",
    )
    .unwrap();
    assert_eq!(out, r#"[true,true,"function"]"#);
}

#[test]
fn class_rules_match_node() {
    let mut iso = isolate();
    let err = eval_json(&mut iso, "v8.GCProfiler()").unwrap_err();
    assert!(
        err.contains("Class constructor GCProfiler cannot be invoked without 'new'"),
        "{err}"
    );
    let out = eval_json(
        &mut iso,
        "Object.getOwnPropertyNames(v8.GCProfiler.prototype).sort().concat(Object.keys(new v8.GCProfiler()))",
    )
    .unwrap();
    assert_eq!(out, r#"["constructor","start","stop"]"#);
}

#[test]
fn profilers_left_running_and_collected_are_cleaned_up() {
    let mut iso = isolate();
    let out = eval_json(
        &mut iso,
        "for (let i = 0; i < 20; i++) new v8.GCProfiler().start(); gc(); gc(); \
         globalThis.p = new v8.GCProfiler(); p.start(); gc(); p.stop().statistics.length",
    )
    .unwrap();
    assert_eq!(out, "1");
    // The 20 collected profilers were unregistered by the last start/stop.
    assert_eq!(gc_profiler::js::running_js_profilers(&mut iso), 0);
    eval_json(&mut iso, "globalThis.q = new v8.GCProfiler(); q.start(); 0").unwrap();
    assert_eq!(gc_profiler::js::running_js_profilers(&mut iso), 1);
}

#[test]
fn a_collected_profiler_is_unregistered_by_the_gc_itself() {
    let mut iso = isolate();
    v8::scope!(let scope, &mut iso);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    let run = |scope: &mut v8::PinScope<'_, '_>, src: &str| {
        v8::scope!(let scope, scope); // its Locals die with it
        let source = v8::String::new(scope, src).unwrap();
        let value = v8::Script::compile(scope, source, None)
            .unwrap()
            .run(scope)
            .unwrap();
        value.to_rust_string_lossy(scope)
    };
    let class = gc_profiler::js::gc_profiler_class(scope).unwrap();
    let key = v8::String::new(scope, "GCProfiler").unwrap();
    context.global(scope).set(scope, key.into(), class.into());
    run(
        scope,
        "globalThis.kept = new GCProfiler(); kept.start(); \
         for (let i = 0; i < 5; i++) new GCProfiler().start();",
    );
    assert_eq!(gc_profiler::js::running_js_profilers(scope), 6);
    // A forced full GC (what `gc()` does with --expose-gc) runs the weak
    // callbacks synchronously; no start()/stop() happens in between.
    scope.low_memory_notification();
    assert_eq!(
        gc_profiler::js::running_js_profilers(scope),
        1,
        "the 5 unreachable profilers were unregistered when collected"
    );
    assert_eq!(
        run(scope, "gc(); kept.stop().statistics.length > 0"),
        "true"
    );
    assert_eq!(gc_profiler::js::running_js_profilers(scope), 0);
}
