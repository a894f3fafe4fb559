//! The Rust API: closures for each event, handles, coexistence, panics,
//! exception reporting without a handler, the fast-path decision.

use super::helpers::{eval, isolate, main_context};
use promise_hooks::{hook_count, hook_mode, HookKind, HookMode};
use std::cell::RefCell;
use std::rc::Rc;

type Log = Rc<RefCell<Vec<String>>>;

fn pid(scope: &mut v8::PinScope<'_, '_>, p: v8::Local<v8::Promise>) -> String {
    // Scripts tag their promises with `.tag`; untagged ones print as "?".
    let key = v8::String::new(scope, "tag").unwrap();
    p.get(scope, key.into())
        .filter(|v| !v.is_undefined())
        .map(|v| v.to_rust_string_lossy(scope))
        .unwrap_or_else(|| "?".into())
}

#[test]
fn closures_see_nodes_event_order() {
    let mut iso = isolate();
    v8::scope!(let scope, &mut iso);
    let context = main_context(scope);
    let scope = &mut v8::ContextScope::new(scope, context);
    let log: Log = Rc::default();
    let l = log.clone();
    let init = promise_hooks::on_init(scope, move |_, _, parent| {
        l.borrow_mut()
            .push(format!("init parent={}", parent.is_some()))
    });
    let l = log.clone();
    let before = promise_hooks::on_before(scope, move |s, p| {
        l.borrow_mut().push(format!("before {}", pid(s, p)))
    });
    let l = log.clone();
    let after = promise_hooks::on_after(scope, move |s, p| {
        l.borrow_mut().push(format!("after {}", pid(s, p)))
    });
    let l = log.clone();
    let settled = promise_hooks::on_settled(scope, move |s, p| {
        l.borrow_mut().push(format!("settled {}", pid(s, p)))
    });
    eval(scope, "const a = Promise.resolve(1); a.tag = 'a'; const b = a.then(() => record('job')); b.tag = 'b';")
        .unwrap();
    log.borrow_mut().push("sync end".into());
    scope.perform_microtask_checkpoint();
    assert_eq!(
        *log.borrow(),
        [
            "init parent=false",
            "settled ?",
            "init parent=true",
            "sync end",
            "before b",
            "settled b",
            "after b"
        ]
    );
    for handle in [&init, &before, &after, &settled] {
        assert!(handle.stop(scope));
        assert!(!handle.stop(scope), "stop is idempotent");
    }
    log.borrow_mut().clear();
    eval(scope, "Promise.resolve(2).then(() => {})").unwrap();
    scope.perform_microtask_checkpoint();
    assert!(log.borrow().is_empty());
}

#[test]
fn many_registrations_coexist_in_order_with_js_hooks() {
    let mut iso = isolate();
    v8::scope!(let scope, &mut iso);
    let context = main_context(scope);
    let scope = &mut v8::ContextScope::new(scope, context);
    let log: Log = Rc::default();
    let mut handles = Vec::new();
    for n in 0..3 {
        let l = log.clone();
        handles.push(promise_hooks::on_settled(scope, move |_, _| {
            l.borrow_mut().push(format!("rust {n}"))
        }));
    }
    eval(
        scope,
        "globalThis.stopJs = v8.promiseHooks.onSettled(() => record('js'))",
    )
    .unwrap();
    let l = log.clone();
    handles.push(promise_hooks::on_settled(scope, move |_, _| {
        l.borrow_mut().push("rust 3".into())
    }));
    assert_eq!(hook_count(scope, HookKind::Settled), 5);
    eval(scope, "Promise.resolve(); record('x')").unwrap();
    let js_events = eval(scope, "__events.join()")
        .unwrap()
        .to_rust_string_lossy(scope);
    assert_eq!(js_events, "js,x");
    assert_eq!(*log.borrow(), ["rust 0", "rust 1", "rust 2", "rust 3"]);
    // Stopping one leaves the others running.
    assert!(handles[1].stop(scope));
    log.borrow_mut().clear();
    eval(scope, "Promise.resolve()").unwrap();
    assert_eq!(*log.borrow(), ["rust 0", "rust 2", "rust 3"]);
    for h in &handles {
        h.stop(scope);
    }
    assert_eq!(
        hook_mode(scope, HookKind::Settled),
        HookMode::Direct,
        "lone JS hook is installed directly"
    );
    eval(scope, "stopJs()").unwrap();
    assert_eq!(hook_mode(scope, HookKind::Settled), HookMode::Off);
}

#[test]
fn fast_path_is_taken_for_a_lone_hook() {
    let mut iso = isolate();
    v8::scope!(let scope, &mut iso);
    let context = main_context(scope);
    let scope = &mut v8::ContextScope::new(scope, context);
    assert_eq!(hook_mode(scope, HookKind::Init), HookMode::Off);
    eval(scope, "globalThis.s1 = v8.promiseHooks.onInit(() => {})").unwrap();
    assert_eq!(hook_mode(scope, HookKind::Init), HookMode::Direct);
    eval(scope, "globalThis.s2 = v8.promiseHooks.onInit(() => {})").unwrap();
    assert_eq!(hook_mode(scope, HookKind::Init), HookMode::Dispatcher);
    eval(scope, "s1()").unwrap();
    assert_eq!(hook_mode(scope, HookKind::Init), HookMode::Direct);
    let rust = promise_hooks::on_before(scope, |_, _| {});
    assert_eq!(
        hook_mode(scope, HookKind::Before),
        HookMode::Direct,
        "a lone Rust hook's native function is installed directly"
    );
    rust.stop(scope);
    // A lone hook gets V8's own arguments: init always receives two.
    eval(scope, "s2(); globalThis.s3 = v8.promiseHooks.onInit(function () { record(arguments.length); }); Promise.resolve(); s3()")
        .unwrap();
    assert_eq!(
        eval(scope, "__events.join()")
            .unwrap()
            .to_rust_string_lossy(scope),
        "2"
    );
}

#[test]
fn a_panicking_rust_hook_is_reported_and_does_not_stop_others() {
    let mut iso = isolate();
    v8::scope!(let scope, &mut iso);
    let context = main_context(scope);
    let scope = &mut v8::ContextScope::new(scope, context);
    eval(scope, "onUncaught((e) => record('uncaught ' + e.message))").unwrap();
    let panicking = promise_hooks::on_init(scope, |_, _, _| panic!("hook bug"));
    let log: Log = Rc::default();
    let l = log.clone();
    let other = promise_hooks::on_init(scope, move |_, _, _| {
        l.borrow_mut().push("other ran".into())
    });
    eval(scope, "Promise.resolve(); record('after')").unwrap();
    assert_eq!(*log.borrow(), ["other ran"]);
    let events = eval(scope, "__events.join('|')")
        .unwrap()
        .to_rust_string_lossy(scope);
    assert_eq!(events, "uncaught a Rust promise hook (Init) panicked|after");
    panicking.stop(scope);
    other.stop(scope);
}

#[test]
fn without_a_handler_exceptions_go_to_message_listeners() {
    v8_host::init();
    let mut iso = v8::Isolate::new(Default::default());
    thread_local!(static MESSAGES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) });
    extern "C" fn listener(message: v8::Local<v8::Message>, _exception: v8::Local<v8::Value>) {
        v8::callback_scope!(unsafe scope, message);
        v8::scope!(let scope, scope);
        let text = message.get(scope).to_rust_string_lossy(scope);
        MESSAGES.with(|m| m.borrow_mut().push(text));
    }
    iso.add_message_listener(listener);
    v8::scope!(let scope, &mut iso);
    let context = main_context(scope);
    let scope = &mut v8::ContextScope::new(scope, context);
    eval(
        scope,
        "v8.promiseHooks.onInit(() => { throw new Error('one'); }); \
         v8.promiseHooks.onInit(() => record('still runs')); \
         v8.promiseHooks.onInit(() => { throw new Error('two'); }); \
         Promise.resolve(); record('after')",
    )
    .unwrap();
    scope.perform_microtask_checkpoint();
    let messages = MESSAGES.with(|m| m.borrow().clone());
    assert_eq!(messages, ["Uncaught Error: one", "Uncaught Error: two"]);
    let events = eval(scope, "__events.join()")
        .unwrap()
        .to_rust_string_lossy(scope);
    assert_eq!(events, "still runs,after");
}

#[test]
fn handles_of_another_isolate_do_nothing() {
    let mut a = isolate();
    let handle = {
        v8::scope!(let scope, &mut a);
        let context = main_context(scope);
        let scope = &mut v8::ContextScope::new(scope, context);
        promise_hooks::on_settled(scope, |_, _| {})
    };
    {
        // Isolates are entered on creation: use `b` only while it is the
        // current one, and drop it before touching `a` again.
        let mut b = isolate();
        assert!(!handle.stop(&mut b));
    }
    assert_eq!(hook_count(&mut a, HookKind::Settled), 1);
    assert!(handle.stop(&mut a));
    assert_eq!(handle.kind(), HookKind::Settled);
}

mod registry_invariants {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        /// Register a Rust (false) or JavaScript (true) settled hook.
        Add(bool),
        /// Stop the n-th handle ever created (modulo count); maybe again.
        Stop(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            any::<bool>().prop_map(Op::Add),
            (0usize..16).prop_map(Op::Stop)
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// After any sequence of registrations and (repeated) stops, one
        /// event runs exactly the live hooks, in registration order, and the
        /// installed mode follows the live count.
        #[test]
        fn live_hooks_run_in_registration_order(ops in proptest::collection::vec(op(), 1..24)) {
            let mut iso = isolate();
            v8::scope!(let scope, &mut iso);
            let context = main_context(scope);
            let scope = &mut v8::ContextScope::new(scope, context);
            let log: Log = Rc::default();
            // (label, stop) per registration; JS hooks log through record().
            let mut handles: Vec<(usize, Option<promise_hooks::HookHandle>)> = Vec::new();
            let mut live: Vec<usize> = Vec::new();
            for op in ops {
                match op {
                    Op::Add(js) => {
                        let label = handles.len();
                        if js {
                            eval(scope, &format!(
                                "globalThis.s{label} = v8.promiseHooks.onSettled(() => __events.push('{label}'))"
                            )).unwrap();
                            handles.push((label, None));
                        } else {
                            let l = log.clone();
                            let f = eval(scope, "(l) => __events.push(l)").unwrap();
                            let f = v8::Global::new(scope, v8::Local::<v8::Function>::try_from(f).unwrap());
                            let handle = promise_hooks::on_settled(scope, move |s, _| {
                                l.borrow_mut().push(label.to_string());
                                let f = v8::Local::new(s, &f);
                                let arg = v8::String::new(s, &label.to_string()).unwrap().into();
                                let undefined = v8::undefined(s).into();
                                f.call(s, undefined, &[arg]);
                            });
                            handles.push((label, Some(handle)));
                        }
                        live.push(label);
                    }
                    Op::Stop(n) if !handles.is_empty() => {
                        let (label, handle) = &handles[n % handles.len()];
                        match handle {
                            Some(h) => { h.stop(scope); }
                            None => { eval(scope, &format!("s{label}()")).unwrap(); }
                        }
                        live.retain(|l| l != label);
                    }
                    Op::Stop(_) => {}
                }
            }
            eval(scope, "__events.length = 0; Promise.resolve()").unwrap();
            let seen = eval(scope, "__events.join()").unwrap().to_rust_string_lossy(scope);
            let expected = live.iter().map(|l| l.to_string()).collect::<Vec<_>>().join(",");
            prop_assert_eq!(seen, expected);
            let mode = hook_mode(scope, HookKind::Settled);
            let expected_mode = match live.len() { 0 => HookMode::Off, 1 => HookMode::Direct, _ => HookMode::Dispatcher };
            prop_assert_eq!(mode, expected_mode);
            for (_, handle) in &handles {
                if let Some(h) = handle { h.stop(scope); }
            }
        }
    }
}

#[test]
fn rust_hooks_may_register_and_stop_hooks_while_running() {
    let mut iso = isolate();
    v8::scope!(let scope, &mut iso);
    let context = main_context(scope);
    let scope = &mut v8::ContextScope::new(scope, context);
    let log: Log = Rc::default();
    let inner: Rc<RefCell<Option<promise_hooks::HookHandle>>> = Rc::default();
    let (l, slot) = (log.clone(), inner.clone());
    let outer = promise_hooks::on_init(scope, move |s, _, _| {
        l.borrow_mut().push("A".into());
        let mut slot = slot.borrow_mut();
        match slot.take() {
            None => {
                let l = l.clone();
                *slot = Some(promise_hooks::on_init(s, move |_, _, _| {
                    l.borrow_mut().push("B".into())
                }));
            }
            Some(handle) => {
                assert!(handle.stop(s));
            }
        }
    });
    // Each event runs a snapshot, as in Node: 1st: A registers B (B misses
    // it); 2nd: A stops B, B still runs; 3rd: A registers B again.
    for _ in 0..3 {
        eval(scope, "Promise.resolve()").unwrap();
    }
    assert_eq!(*log.borrow(), ["A", "A", "B", "A"]);
    outer.stop(scope);
}

#[test]
fn stopped_rust_hooks_are_freed_after_gc_and_with_the_isolate() {
    let token = Rc::new(());
    let mut iso = isolate();
    {
        v8::scope!(let scope, &mut iso);
        let context = main_context(scope);
        let scope = &mut v8::ContextScope::new(scope, context);
        let t = token.clone();
        let stopped = promise_hooks::on_settled(scope, move |_, _| drop(t.clone()));
        let t = token.clone();
        let _running = promise_hooks::on_init(scope, move |_, _, _| drop(t.clone()));
        eval(scope, "Promise.resolve()").unwrap();
        assert_eq!(Rc::strong_count(&token), 3);
        stopped.stop(scope);
    }
    iso.low_memory_notification();
    assert_eq!(
        Rc::strong_count(&token),
        2,
        "the stopped hook's closure is freed once V8 collects its function"
    );
    drop(iso);
    assert_eq!(
        Rc::strong_count(&token),
        1,
        "running hooks are freed with the isolate"
    );
}

/// With only Rust hooks for a kind, the native dispatcher runs them; an
/// exception a closure throws itself is caught like the JavaScript
/// dispatcher catches it: later hooks still run and it is reported after.
#[test]
fn exceptions_thrown_by_rust_hooks_are_reported_after_all_ran() {
    let mut iso = isolate();
    v8::scope!(let scope, &mut iso);
    let context = main_context(scope);
    let scope = &mut v8::ContextScope::new(scope, context);
    eval(scope, "onUncaught((e) => record('uncaught ' + e))").unwrap();
    let log: Log = Rc::default();
    let l = log.clone();
    let first = promise_hooks::on_settled(scope, move |s, _| {
        l.borrow_mut().push("first".into());
        let message = v8::String::new(s, "thrown by a hook").unwrap();
        s.throw_exception(message.into());
    });
    let l = log.clone();
    let second = promise_hooks::on_settled(scope, move |_, _| l.borrow_mut().push("second".into()));
    assert_eq!(hook_mode(scope, HookKind::Settled), HookMode::Dispatcher);
    eval(scope, "Promise.resolve(); record('after')").unwrap();
    assert_eq!(*log.borrow(), ["first", "second"]);
    let events = eval(scope, "__events.join('|')")
        .unwrap()
        .to_rust_string_lossy(scope);
    assert_eq!(events, "uncaught thrown by a hook|after");
    first.stop(scope);
    second.stop(scope);
}
