//! GCProfiler overhead on an allocation-churn workload (goal: ≤ 2% against
//! no profiler). Both variants run in the same process on the same isolate;
//! compare `gc_profiler/churn/off` with `gc_profiler/churn/on`.
//!
//! `nice -n 10 cargo bench -p benches --bench gc_profiler`

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// Short-lived objects and strings: several scavenges per call.
const WORKLOAD: &str = r#"
function churn() {
  let keep = [];
  let total = 0;
  for (let i = 0; i < 50000; i++) {
    keep.push({ i, s: 'item' + i, a: [i, i + 1] });
    if (keep.length > 256) { total += keep.length; keep = []; }
  }
  return total;
}
churn
"#;

fn bench(c: &mut Criterion) {
    v8_host::init();
    let isolate = &mut v8::Isolate::new(v8::CreateParams::default());
    v8::scope!(let scope, isolate);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    let source = v8::String::new(scope, WORKLOAD).unwrap();
    let churn = v8::Script::compile(scope, source, None)
        .unwrap()
        .run(scope)
        .unwrap();
    let churn = v8::Local::<v8::Function>::try_from(churn).unwrap();
    let undefined: v8::Local<v8::Value> = v8::undefined(scope).into();

    let mut group = c.benchmark_group("gc_profiler/churn");
    group.bench_function("off", |b| {
        b.iter(|| black_box(churn.call(scope, undefined, &[])));
    });
    let mut profiler = gc_profiler::GcProfiler::new();
    profiler.start(scope);
    group.bench_function("on", |b| {
        b.iter(|| black_box(churn.call(scope, undefined, &[])));
    });
    let recorded = profiler.recorded();
    let profile = profiler.stop().unwrap();
    eprintln!(
        "gc_profiler: {recorded} collections recorded while profiling; report {} bytes",
        profile.to_json().len()
    );
    group.bench_function("off_again", |b| {
        b.iter(|| black_box(churn.call(scope, undefined, &[])));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
