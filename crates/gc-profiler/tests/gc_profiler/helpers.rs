//! Shared test helpers: V8 with `--expose-gc`, script evaluation.

pub fn init() {
    v8_host::init_with_flags("--expose-gc");
}

pub fn isolate() -> v8::OwnedIsolate {
    init();
    v8::Isolate::new(v8::CreateParams::default())
}

/// Runs `src` in a fresh context with `v8` = `{GCProfiler}` installed as a
/// global, and returns the completion value as JSON text (or the exception).
pub fn eval_json(isolate: &mut v8::OwnedIsolate, src: &str) -> Result<String, String> {
    v8::scope!(let scope, isolate);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    install_v8_global(scope, context);
    v8::tc_scope!(let tc, scope);
    let source = v8::String::new(tc, src).unwrap();
    let result = v8::Script::compile(tc, source, None).and_then(|s| s.run(tc));
    match result {
        Some(value) => {
            let text = v8::json::stringify(tc, value)
                .map(|s| s.to_rust_string_lossy(tc))
                .unwrap_or_else(|| "undefined".into());
            Ok(text)
        }
        None => Err(tc
            .exception()
            .map(|e| e.to_rust_string_lossy(tc))
            .unwrap_or_default()),
    }
}

/// Sets `globalThis.v8 = { GCProfiler }` in `context`.
pub fn install_v8_global(scope: &mut v8::PinScope<'_, '_>, context: v8::Local<v8::Context>) {
    let entries = gc_profiler::js::exports(scope);
    let module = v8_host::js::build::object_from_entries(scope, entries);
    let global = context.global(scope);
    v8_host::js::build::set(scope, global, "v8", module.into()).unwrap();
}
