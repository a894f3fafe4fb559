//! Hooks apply to every tracked context, including contexts created after
//! the hooks were registered, and V8's isolate-wide hook flag never leaves a
//! tracked context without its hooks.

use super::helpers::{eval, isolate, main_context};
use std::cell::RefCell;
use std::rc::Rc;

#[test]
fn hooks_reach_contexts_created_later_and_stop_everywhere() {
    let mut iso = isolate();
    v8::scope!(let scope, &mut iso);
    let main = main_context(scope);
    let log: Rc<RefCell<Vec<String>>> = Rc::default();
    let l = log.clone();
    let handle = {
        let scope = &mut v8::ContextScope::new(scope, main);
        eval(
            scope,
            "globalThis.stopJs = v8.promiseHooks.onSettled(() => record('js'))",
        )
        .unwrap();
        promise_hooks::on_settled(scope, move |_, _| l.borrow_mut().push("rust".into()))
    };
    // A context created afterwards, tracked by its creator.
    let later = v8::Context::new(scope, Default::default());
    {
        let scope = &mut v8::ContextScope::new(scope, later);
        promise_hooks::install_into_context(scope, later);
        eval(scope, "Promise.resolve()").unwrap();
    }
    assert_eq!(*log.borrow(), ["rust"]);
    {
        let scope = &mut v8::ContextScope::new(scope, main);
        assert_eq!(
            eval(scope, "__events.join()")
                .unwrap()
                .to_rust_string_lossy(scope),
            "js"
        );
    }
    // An untracked context does not receive hooks (documented).
    let untracked = v8::Context::new(scope, Default::default());
    {
        let scope = &mut v8::ContextScope::new(scope, untracked);
        eval(scope, "Promise.resolve()").unwrap();
    }
    assert_eq!(log.borrow().len(), 1);
    // Stopping everything clears every tracked context...
    assert!(handle.stop(scope));
    {
        let scope = &mut v8::ContextScope::new(scope, main);
        eval(scope, "stopJs(); Promise.resolve()").unwrap();
    }
    {
        let scope = &mut v8::ContextScope::new(scope, later);
        eval(scope, "Promise.resolve()").unwrap();
    }
    assert_eq!(log.borrow().len(), 1);
    // ...and registering again (from the later context) re-enables both,
    // despite V8's isolate-wide flag having been switched off.
    let l = log.clone();
    let again = {
        let scope = &mut v8::ContextScope::new(scope, later);
        promise_hooks::on_settled(scope, move |_, _| l.borrow_mut().push("again".into()))
    };
    for context in [main, later] {
        let scope = &mut v8::ContextScope::new(scope, context);
        eval(scope, "Promise.resolve()").unwrap();
    }
    assert_eq!(log.borrow().len(), 3);
    again.stop(scope);
}

#[test]
fn collected_contexts_are_dropped_from_tracking() {
    let mut iso = isolate();
    {
        v8::scope!(let scope, &mut iso);
        for _ in 0..20 {
            let context = v8::Context::new(scope, Default::default());
            let scope = &mut v8::ContextScope::new(scope, context);
            promise_hooks::install_into_context(scope, context);
        }
    }
    iso.low_memory_notification();
    v8::scope!(let scope, &mut iso);
    let main = main_context(scope);
    let scope = &mut v8::ContextScope::new(scope, main);
    let count = Rc::new(RefCell::new(0));
    let c = count.clone();
    let handle = promise_hooks::on_init(scope, move |_, _, _| *c.borrow_mut() += 1);
    eval(scope, "Promise.resolve()").unwrap();
    assert_eq!(*count.borrow(), 1);
    handle.stop(scope);
}
