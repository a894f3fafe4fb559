//! Integration tests of `v8-stats`: the Rust API (`rust_api`) and the
//! JavaScript functions with Node's validation (`js_api`).

use std::sync::Mutex;

#[path = "stats/js_api.rs"]
mod js_api;
#[path = "stats/rust_api.rs"]
mod rust_api;

/// V8 flags are process-wide: tests that change them take this lock.
pub static FLAGS: Mutex<()> = Mutex::new(());

/// Runs `test` in a fresh isolate and context whose global has `v8` set to
/// an object made of `v8_stats::js::exports`.
pub fn with_context(test: impl FnOnce(&mut v8::PinScope<'_, '_>)) {
    v8_host::init();
    let isolate = &mut v8::Isolate::new(Default::default());
    v8::scope!(let scope, isolate);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    let entries = v8_stats::js::exports(scope);
    let module = v8_host::js::build::object_from_entries(scope, entries);
    let global = context.global(scope);
    v8_host::js::build::set(scope, global, "v8", module.into()).unwrap();
    test(scope);
}

/// Runs `source` as a script; the completion value as a string, or the
/// thrown exception's string prefixed by `threw: `.
pub fn eval(scope: &mut v8::PinScope<'_, '_>, source: &str) -> String {
    v8::scope!(let scope, scope); // so that results do not outlive the call
    v8::tc_scope!(let tc, scope);
    let source = v8::String::new(tc, source).unwrap();
    let result = v8::Script::compile(tc, source, None).and_then(|s| s.run(tc));
    match result {
        Some(value) => value.to_rust_string_lossy(tc),
        None => {
            let exception = tc
                .exception()
                .map(|e| e.to_rust_string_lossy(tc))
                .unwrap_or_default();
            format!("threw: {exception}")
        }
    }
}
