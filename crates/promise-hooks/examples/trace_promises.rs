//! Prints every promise lifecycle event of a small async script, using Rust
//! closures.  `cargo run -p promise-hooks --example trace_promises`

use std::cell::RefCell;
use std::rc::Rc;

fn main() {
    v8_host::init();
    let isolate = &mut v8::Isolate::new(v8::CreateParams::default());
    isolate.set_microtasks_policy(v8::MicrotasksPolicy::Explicit);
    v8::scope!(let scope, isolate);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    promise_hooks::install_into_context(scope, context);

    let events = Rc::new(RefCell::new(Vec::new()));
    let log = events.clone();
    let init = promise_hooks::on_init(scope, move |_, promise, parent| {
        let parent = parent
            .map(|p| p.get_identity_hash().to_string())
            .unwrap_or("-".into());
        log.borrow_mut().push(format!(
            "init {} parent {parent}",
            promise.get_identity_hash()
        ));
    });
    let mut handles = vec![init];
    for (name, kind) in [("before", 0), ("after", 1), ("settled", 2)] {
        let log = events.clone();
        let hook = move |_: &mut v8::PinScope<'_, '_>, promise: v8::Local<'_, v8::Promise>| {
            log.borrow_mut()
                .push(format!("{name} {}", promise.get_identity_hash()));
        };
        handles.push(match kind {
            0 => promise_hooks::on_before(scope, hook),
            1 => promise_hooks::on_after(scope, hook),
            _ => promise_hooks::on_settled(scope, hook),
        });
    }
    let source = v8::String::new(
        scope,
        "(async () => { await null; return 1; })().then((v) => v + 1)",
    )
    .expect("short source");
    if let Some(script) = v8::Script::compile(scope, source, None) {
        script.run(scope);
    }
    scope.perform_microtask_checkpoint();
    for handle in &handles {
        handle.stop(scope);
    }
    for event in events.borrow().iter() {
        println!("{event}");
    }
}
