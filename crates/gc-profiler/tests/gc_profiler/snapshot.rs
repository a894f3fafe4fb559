//! Startup snapshots of an isolate that used the JavaScript `GCProfiler`:
//! `prepare_for_snapshot` refuses running profilers, unregisters
//! unreachable ones, and releases the crate's handles so that
//! `create_blob` succeeds; the restored class works. Each test runs alone
//! in a child process (`v8_host::testing::run_alone`): V8's snapshot
//! creator is not safe beside isolates on other threads.

use gc_profiler::SnapshotError;
use std::borrow::Cow;

fn references() -> &'static [v8::ExternalReference] {
    thread_local! {
        static REFS: &'static [v8::ExternalReference] =
            Box::leak(gc_profiler::js::external_references().into_boxed_slice());
    }
    REFS.with(|refs| *refs)
}

fn run(scope: &mut v8::PinScope<'_, '_>, src: &str) -> String {
    let source = v8::String::new(scope, src).unwrap();
    let value = v8::Script::compile(scope, source, None)
        .and_then(|s| s.run(scope))
        .expect("script runs");
    value.to_rust_string_lossy(scope)
}

#[test]
fn running_profilers_are_refused_and_stopped_ones_snapshot() {
    v8_host::testing::run_alone(
        "gc_profiler::snapshot::running_profilers_are_refused_and_stopped_ones_snapshot",
        || {
            super::helpers::init();
            let mut creator =
                v8::Isolate::snapshot_creator(Some(Cow::Borrowed(references())), None);
            let context = {
                v8::scope!(let scope, &mut creator);
                let context = v8::Context::new(scope, Default::default());
                let scope = &mut v8::ContextScope::new(scope, context);
                super::helpers::install_v8_global(scope, context);
                run(
                    scope,
                    "globalThis.kept = new v8.GCProfiler(); kept.start(); \
                     (() => { new v8.GCProfiler().start(); })(); \
                     const done = new v8.GCProfiler(); done.start(); done.stop(); 0",
                );
                v8::Global::new(scope, context)
            };
            assert_eq!(gc_profiler::js::running_js_profilers(&mut creator), 2);
            let err = gc_profiler::prepare_for_snapshot(&mut creator).unwrap_err();
            // The unreachable profiler was collected and unregistered.
            assert_eq!(err, SnapshotError::RunningProfilers { running: 1 });
            assert_eq!(
                err.to_string(),
                "GCProfiler is not supported in startup snapshots: stop the 1 running \
                 profiler(s) first"
            );
            assert_eq!(gc_profiler::js::running_js_profilers(&mut creator), 1);
            {
                v8::scope!(let scope, &mut creator);
                let context = v8::Local::new(scope, context);
                let scope = &mut v8::ContextScope::new(scope, context);
                assert_eq!(run(scope, "typeof kept.stop().version"), "number");
                scope.set_default_context(context);
            }
            gc_profiler::prepare_for_snapshot(&mut creator).expect("nothing running");
            assert_eq!(gc_profiler::js::running_js_profilers(&mut creator), 0);
            let blob = creator
                .create_blob(v8::FunctionCodeHandling::Keep)
                .expect("snapshot blob");

            let params = v8::CreateParams::default()
                .snapshot_blob(blob)
                .external_references(Cow::Borrowed(references()));
            let isolate = &mut v8::Isolate::new(params);
            v8::scope!(let scope, isolate);
            let context = v8::Context::new(scope, Default::default());
            let scope = &mut v8::ContextScope::new(scope, context);
            let got = run(
                scope,
                "const p = new v8.GCProfiler(); p.start(); gc(); \
                 const r = p.stop(); `${r.version} ${r.statistics.length > 0} ${kept.stop()}`",
            );
            assert_eq!(got, "1 true undefined");
        },
    );
}
