//! Profiles the collections caused by an allocation-churn script and prints
//! Node's report JSON.  `cargo run -p gc-profiler --example profile_churn`

fn main() {
    v8_host::init();
    let isolate = &mut v8::Isolate::new(v8::CreateParams::default());
    let mut profiler = gc_profiler::GcProfiler::new();
    profiler.start(isolate);
    {
        v8::scope!(let scope, isolate);
        let context = v8::Context::new(scope, Default::default());
        let scope = &mut v8::ContextScope::new(scope, context);
        let code = "let keep = []; for (let i = 0; i < 200000; i++) { keep.push({ i }); if (keep.length > 500) keep = []; }";
        let source = v8::String::new(scope, code).expect("short source");
        if let Some(script) = v8::Script::compile(scope, source, None) {
            script.run(scope);
        }
    }
    isolate.low_memory_notification();
    if let Some(profile) = profiler.stop() {
        let kinds: Vec<&str> = profile
            .statistics
            .iter()
            .map(|s| s.gc_type.name())
            .collect();
        eprintln!("{} collections: {kinds:?}", kinds.len());
        println!("{}", profile.to_json());
    }
}
