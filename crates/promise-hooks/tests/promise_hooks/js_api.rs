//! The JavaScript surface beyond the Node scenarios: exports and snapshot
//! references.

use super::helpers::{eval, isolate, main_context};

#[test]
fn exports_promise_hooks_with_nodes_keys() {
    let mut iso = isolate();
    v8::scope!(let scope, &mut iso);
    let context = main_context(scope);
    let scope = &mut v8::ContextScope::new(scope, context);
    let exports = promise_hooks::js::exports(scope);
    assert_eq!(exports.len(), 1);
    assert_eq!(exports[0].0, "promiseHooks");
    let keys = eval(scope, "Object.keys(v8.promiseHooks).join()")
        .unwrap()
        .to_rust_string_lossy(scope);
    assert_eq!(keys, "createHook,onInit,onBefore,onAfter,onSettled");
    assert_eq!(promise_hooks::js::external_references().len(), 7);
}

#[test]
fn hooks_registered_from_js_are_stopped_by_createhook_stop() {
    let mut iso = isolate();
    v8::scope!(let scope, &mut iso);
    let context = main_context(scope);
    let scope = &mut v8::ContextScope::new(scope, context);
    eval(
        scope,
        "const stop = v8.promiseHooks.createHook({ init() { record('i'); }, before() { record('b'); }, \
           after() { record('a'); }, settled() { record('s'); } }); \
         Promise.resolve().then(() => record('job')); stop(); Promise.resolve();",
    )
    .unwrap();
    scope.perform_microtask_checkpoint();
    for kind in promise_hooks::HookKind::ALL {
        assert_eq!(promise_hooks::hook_count(scope, kind), 0);
    }
    assert_eq!(
        eval(scope, "__events.join()")
            .unwrap()
            .to_rust_string_lossy(scope),
        "i,s,i,job"
    );
}
