//! A minimal embedder for the scenario scripts: one isolate, one main
//! context tracked with `install_into_context`, and the globals the Node
//! harness (`node_harness.js`) also defines: `v8` (`{promiseHooks}`),
//! `record(line)` and `onUncaught(fn)`. Uncaught exceptions reach
//! `onUncaught` handlers both from the crate's handler (dispatcher path) and
//! from V8's message listener (single-hook fast path), as in Node.

const PRELUDE: &str = r#"
globalThis.__events = [];
globalThis.__uncaught = [];
globalThis.record = (line) => { __events.push(String(line)); };
globalThis.onUncaught = (fn) => { __uncaught.push(fn); };
globalThis.__reportUncaught = (e) => { for (const fn of __uncaught) fn(e); };
"#;

pub fn isolate() -> v8::OwnedIsolate {
    v8_host::init();
    let mut isolate = v8::Isolate::new(v8::CreateParams::default());
    // Node runs microtasks explicitly, not when the call depth drops to 0.
    isolate.set_microtasks_policy(v8::MicrotasksPolicy::Explicit);
    isolate.add_message_listener(on_message);
    promise_hooks::set_uncaught_exception_handler(
        &mut isolate,
        Some(Box::new(|scope, exception| {
            report_uncaught(scope, exception)
        })),
    );
    isolate
}

fn report_uncaught(scope: &mut v8::PinScope<'_, '_>, exception: v8::Local<v8::Value>) {
    let global = scope.get_current_context().global(scope);
    let key = v8::String::new(scope, "__reportUncaught").unwrap();
    if let Some(Ok(report)) = global
        .get(scope, key.into())
        .map(v8::Local::<v8::Function>::try_from)
    {
        let undefined = v8::undefined(scope).into();
        report.call(scope, undefined, &[exception]);
    }
}

extern "C" fn on_message(message: v8::Local<v8::Message>, exception: v8::Local<v8::Value>) {
    v8::callback_scope!(unsafe scope, message);
    v8::scope!(let scope, scope);
    report_uncaught(scope, exception);
}

/// Creates the main context with the harness globals.
pub fn main_context<'s>(scope: &mut v8::PinScope<'s, '_, ()>) -> v8::Local<'s, v8::Context> {
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    install_v8_global(scope, context);
    eval(scope, PRELUDE).unwrap();
    context
}

/// Runs `src`; `Err` carries the exception text.
pub fn eval<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    src: &str,
) -> Result<v8::Local<'s, v8::Value>, String> {
    v8::tc_scope!(let tc, scope);
    let source = v8::String::new(tc, src).unwrap();
    match v8::Script::compile(tc, source, None).and_then(|s| s.run(tc)) {
        Some(value) => Ok(value),
        None => Err(tc
            .exception()
            .map(|e| e.to_rust_string_lossy(tc))
            .unwrap_or_default()),
    }
}

/// Runs a scenario script to completion (microtasks drained) and returns
/// the recorded events.
pub fn run_scenario(src: &str) -> Vec<String> {
    let mut isolate = isolate();
    v8::scope!(let scope, &mut isolate);
    let context = main_context(scope);
    let scope = &mut v8::ContextScope::new(scope, context);
    eval(scope, src).unwrap();
    scope.perform_microtask_checkpoint();
    let events = eval(scope, "JSON.stringify(__events)")
        .unwrap()
        .to_rust_string_lossy(scope);
    serde_json::from_str(&events).unwrap()
}

/// Tracks `context` for promise hooks and sets `globalThis.v8 = { promiseHooks }`.
pub fn install_v8_global(scope: &mut v8::PinScope<'_, '_>, context: v8::Local<v8::Context>) {
    promise_hooks::install_into_context(scope, context);
    let entries = promise_hooks::js::exports(scope);
    let module = v8_host::js::build::object_from_entries(scope, entries);
    let global = context.global(scope);
    v8_host::js::build::set(scope, global, "v8", module.into()).unwrap();
}
