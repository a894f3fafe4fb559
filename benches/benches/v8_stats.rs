//! v8-stats: the JavaScript `getHeapStatistics()` against the Rust call it
//! wraps (anchor), and `queryObjects` (a full GC plus a heap walk) on a heap
//! holding 10,000 matching objects.
//!
//! `cargo bench -p benches --bench v8_stats`

use criterion::{criterion_group, criterion_main, Criterion};

fn run(scope: &mut v8::PinScope<'_, '_>, source: &str) {
    v8::scope!(let scope, scope);
    let source = v8::String::new(scope, source).unwrap();
    v8::Script::compile(scope, source, None)
        .unwrap()
        .run(scope)
        .unwrap();
}

fn bench(c: &mut Criterion) {
    v8_host::init();
    let isolate = &mut v8::Isolate::new(Default::default());
    v8::scope!(let scope, isolate);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    let module = v8::Object::new(scope);
    for (name, value) in v8_stats::js::exports(scope) {
        v8_host::js::build::set(scope, module, name, value).unwrap();
    }
    let global = context.global(scope);
    v8_host::js::build::set(scope, global, "v8", module.into()).unwrap();

    let mut group = c.benchmark_group("heap_statistics");
    group.bench_function("rust_anchor", |b| {
        b.iter(|| v8_stats::heap_statistics(scope))
    });
    group.bench_function("js_getHeapStatistics_x100", |b| {
        b.iter(|| {
            run(
                scope,
                "for (let i = 0; i < 100; i++) v8.getHeapStatistics()",
            )
        })
    });
    group.finish();

    run(scope, "globalThis.A = class A { x = 1 }; globalThis.keep = Array.from({ length: 10000 }, () => new A())");
    let mut group = c.benchmark_group("query_objects_10k");
    group.sample_size(10);
    group.bench_function("count", |b| b.iter(|| run(scope, "v8.queryObjects(A)")));
    group.bench_function("summary", |b| {
        b.iter(|| run(scope, "v8.queryObjects(A, { format: 'summary' })"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
