//! Startup snapshots of a context that used promise hooks: after the hooks
//! are stopped and `prepare_for_snapshot` released the crate's handles,
//! `create_blob` succeeds (V8 checks that no Global/Weak is left pointing
//! outside the snapshot) and the restored `promiseHooks` object works.
//! Active hooks are refused, as Node refuses them (see the crate docs).
//! Each test runs alone in a child process (`v8_host::testing::run_alone`):
//! V8's snapshot creator is not safe beside isolates on other threads.

use super::helpers::eval;
use promise_hooks::{HookKind, SnapshotError};
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

fn references() -> &'static [v8::ExternalReference] {
    thread_local! {
        static REFS: &'static [v8::ExternalReference] =
            Box::leak(promise_hooks::js::external_references().into_boxed_slice());
    }
    REFS.with(|refs| *refs)
}

/// A context with `globalThis.v8 = { promiseHooks }` and a `log` array.
fn prepare_context<'s>(scope: &mut v8::PinScope<'s, '_, ()>) -> v8::Local<'s, v8::Context> {
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    super::helpers::install_v8_global(scope, context);
    eval(scope, "globalThis.log = [];").unwrap();
    context
}

/// Registers and stops JS hooks (fast path and dispatcher) and Rust hooks
/// (fast path and mixed with JS), checking that they ran.
fn use_and_stop_hooks(scope: &mut v8::PinScope<'_, '_>) {
    let rust_events = Rc::new(RefCell::new(0));
    let r = rust_events.clone();
    let rust_init = promise_hooks::on_init(scope, move |_, _, _| *r.borrow_mut() += 1);
    let second = Rc::new(RefCell::new(0));
    let r = second.clone();
    // Two Rust hooks of a kind: the native dispatcher.
    let rust_init2 = promise_hooks::on_init(scope, move |_, _, _| *r.borrow_mut() += 1);
    eval(scope, "Promise.resolve(1)").unwrap();
    assert!(rust_init2.stop(scope));
    assert_eq!(*second.borrow(), 1);
    let r = rust_events.clone();
    let rust_settled = promise_hooks::on_settled(scope, move |_, _| *r.borrow_mut() += 1);
    eval(
        scope,
        "const stopA = v8.promiseHooks.onInit(() => log.push('a')); \
         const stopB = v8.promiseHooks.createHook({ init() { log.push('b') }, settled() { log.push('s') } }); \
         Promise.resolve(2); stopA(); stopB(); \
         const stopC = v8.promiseHooks.onBefore(() => log.push('c')); \
         Promise.resolve(3).then(() => {}); stopC();",
    )
    .unwrap();
    scope.perform_microtask_checkpoint();
    assert!(rust_init.stop(scope));
    assert!(rust_settled.stop(scope));
    // init: 1 + 3 (two resolves and a then); settled: 3.
    assert_eq!(*rust_events.borrow(), 7);
    assert_eq!(
        eval(scope, "log.join()")
            .unwrap()
            .to_rust_string_lossy(scope),
        "a,b,s"
    );
    for kind in HookKind::ALL {
        assert_eq!(promise_hooks::hook_count(scope, kind), 0);
    }
}

fn restored_hooks_work(blob: v8::StartupData) {
    let params = v8::CreateParams::default()
        .snapshot_blob(blob)
        .external_references(Cow::Borrowed(references()));
    let isolate = &mut v8::Isolate::new(params);
    isolate.set_microtasks_policy(v8::MicrotasksPolicy::Explicit);
    v8::scope!(let scope, isolate);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    promise_hooks::install_into_context(scope, context);
    let got = eval(
        scope,
        "const before = log.join(); log.length = 0; \
         const stop = v8.promiseHooks.createHook({ init(p, parent) { log.push(parent ? 'init child' : 'init') }, \
           settled() { log.push('settled') } }); \
         Promise.resolve(1).then(() => {}); stop(); Promise.resolve(2); before + '|' + log.join()",
    )
    .unwrap()
    .to_rust_string_lossy(scope);
    assert_eq!(got, "a,b,s|init,settled,init child");
}

#[test]
fn snapshot_after_stopped_js_and_rust_hooks() {
    v8_host::testing::run_alone(
        "promise_hooks::snapshot::snapshot_after_stopped_js_and_rust_hooks",
        || {
            v8_host::init();
            let mut creator =
                v8::Isolate::snapshot_creator(Some(Cow::Borrowed(references())), None);
            creator.set_microtasks_policy(v8::MicrotasksPolicy::Explicit);
            {
                v8::scope!(let scope, &mut creator);
                let context = prepare_context(scope);
                let scope = &mut v8::ContextScope::new(scope, context);
                use_and_stop_hooks(scope);
                context.clear_all_slots();
                scope.set_default_context(context);
            }
            promise_hooks::prepare_for_snapshot(&mut creator).expect("no active hooks");
            let blob = creator
                .create_blob(v8::FunctionCodeHandling::Keep)
                .expect("snapshot blob");
            restored_hooks_work(blob);
        },
    );
}

#[test]
fn active_hooks_are_refused_until_stopped() {
    v8_host::testing::run_alone(
        "promise_hooks::snapshot::active_hooks_are_refused_until_stopped",
        || {
            v8_host::init();
            let mut creator =
                v8::Isolate::snapshot_creator(Some(Cow::Borrowed(references())), None);
            let (rust, stop_js) = {
                v8::scope!(let scope, &mut creator);
                let context = prepare_context(scope);
                let scope = &mut v8::ContextScope::new(scope, context);
                let rust = promise_hooks::on_settled(scope, |_, _| {});
                let stop_js = eval(
                    scope,
                    "v8.promiseHooks.createHook({ init() {}, settled() {} })",
                )
                .unwrap();
                let stop_js =
                    v8::Global::new(scope, v8::Local::<v8::Function>::try_from(stop_js).unwrap());
                context.clear_all_slots();
                scope.set_default_context(context);
                (rust, stop_js)
            };
            let err = promise_hooks::prepare_for_snapshot(&mut creator).unwrap_err();
            assert_eq!(
                err,
                SnapshotError::ActiveHooks {
                    init: 1,
                    before: 0,
                    after: 0,
                    settled: 2
                }
            );
            assert_eq!(
                err.to_string(),
                "promise hooks are not supported in startup snapshots: stop the active hooks \
             (init: 1, before: 0, after: 0, settled: 2) first"
            );
            assert_eq!(
                promise_hooks::hook_count(&mut creator, HookKind::Settled),
                2,
                "nothing changed"
            );
            {
                v8::scope!(let scope, &mut creator);
                let stop_js = v8::Local::new(scope, stop_js);
                let context = v8::Context::new(scope, Default::default());
                let scope = &mut v8::ContextScope::new(scope, context);
                let undefined = v8::undefined(scope).into();
                stop_js.call(scope, undefined, &[]).unwrap();
                assert!(rust.stop(scope));
            }
            promise_hooks::prepare_for_snapshot(&mut creator).expect("hooks stopped");
            let blob = creator
                .create_blob(v8::FunctionCodeHandling::Keep)
                .expect("snapshot blob");
            assert!(blob.is_valid());
        },
    );
}

/// `prepare_for_snapshot` called while a stopped Rust hook's function is
/// still alive (here: a `Local` of the open scope) leaks that hook instead
/// of freeing it, and `create_blob` still succeeds.
#[test]
fn prepare_inside_a_scope_leaks_live_stopped_hooks() {
    v8_host::testing::run_alone(
        "promise_hooks::snapshot::prepare_inside_a_scope_leaks_live_stopped_hooks",
        || {
            v8_host::init();
            let token = Rc::new(());
            let mut creator =
                v8::Isolate::snapshot_creator(Some(Cow::Borrowed(references())), None);
            {
                v8::scope!(let scope, &mut creator);
                let context = prepare_context(scope);
                let scope = &mut v8::ContextScope::new(scope, context);
                let t = token.clone();
                let hook = promise_hooks::on_settled(scope, move |_, _| drop(t.clone()));
                eval(scope, "Promise.resolve()").unwrap();
                assert!(hook.stop(scope));
                promise_hooks::prepare_for_snapshot(scope).expect("no active hooks");
                assert_eq!(Rc::strong_count(&token), 2, "leaked, not freed");
                context.clear_all_slots();
                scope.set_default_context(context);
            }
            let blob = creator
                .create_blob(v8::FunctionCodeHandling::Keep)
                .expect("snapshot blob");
            assert!(blob.is_valid());
            assert_eq!(Rc::strong_count(&token), 2);
        },
    );
}
