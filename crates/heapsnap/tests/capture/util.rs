//! Shared helpers: one isolate per test, JS evaluation.

use std::sync::Mutex;

/// Tests that change the working directory or count fds run one at a time.
pub static SERIAL: Mutex<()> = Mutex::new(());

pub fn isolate() -> v8::OwnedIsolate {
    v8_host::init();
    v8::Isolate::new(v8::CreateParams::default())
}

/// Runs `source` in a fresh context of `isolate` and returns the completion
/// value as a string (the exception's text if it threw).
pub fn eval(isolate: &mut v8::OwnedIsolate, source: &str) -> String {
    v8::scope!(let scope, isolate);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    run(scope, source)
}

pub fn run(scope: &mut v8::PinScope<'_, '_>, source: &str) -> String {
    v8::tc_scope!(let tc, scope);
    let code = v8::String::new(tc, source).unwrap();
    let result = v8::Script::compile(tc, code, None).and_then(|s| s.run(tc));
    match result {
        Some(v) => {
            tc.perform_microtask_checkpoint();
            v.to_rust_string_lossy(tc)
        }
        None => {
            let e = tc.exception().unwrap();
            format!("THREW {}", e.to_rust_string_lossy(tc))
        }
    }
}
