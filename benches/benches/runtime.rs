//! The `nodev8` runtime: startup, `util.inspect` formatting, event-loop turns.
//!
//! Anchors measured in the same run: a bare isolate + context (startup),
//! `JSON.stringify` of the same object (formatting), microtasks instead of
//! immediates (loop turns).

use criterion::{criterion_group, criterion_main, Criterion};
use node_v8_facade::runtime::{Runtime, RuntimeOptions};

const OBJECT: &str = "globalThis.obj = { a: 1, b: 'text', c: [1, 2, 3], d: { e: null, f: true, g: [{ h: 1 }] }, \
                      m: new Map([['k', 1]]), s: new Set([1, 2]), big: Array.from({ length: 30 }, (_, i) => i) };";

fn startup(c: &mut Criterion) {
    v8_host::init();
    let mut group = c.benchmark_group("runtime_startup");
    group.sample_size(20);
    group.bench_function("bare_isolate_and_context", |b| {
        b.iter(|| {
            let mut isolate = v8::Isolate::new(v8::CreateParams::default());
            v8::scope!(let scope, &mut isolate);
            let context = v8::Context::new(scope, Default::default());
            std::hint::black_box(context);
        })
    });
    group.bench_function("runtime_new", |b| {
        b.iter(|| std::hint::black_box(Runtime::new(RuntimeOptions::default()).unwrap()))
    });
    group.finish();
}

fn formatting(c: &mut Criterion) {
    let mut rt = Runtime::new(RuntimeOptions::default()).unwrap();
    rt.execute_script("setup.js", OBJECT).unwrap();
    let mut group = c.benchmark_group("runtime_format");
    group.bench_function("json_stringify_anchor", |b| {
        b.iter(|| {
            rt.execute_script("b.js", "JSON.stringify(obj).length")
                .unwrap()
        })
    });
    group.bench_function("util_inspect", |b| {
        b.iter(|| rt.execute_script("b.js", "obj").unwrap())
    });
    group.finish();
}

fn loop_turns(c: &mut Criterion) {
    let mut rt = Runtime::new(RuntimeOptions::default()).unwrap();
    let mut group = c.benchmark_group("runtime_loop_1000");
    group.bench_function("queue_microtask_anchor", |b| {
        b.iter(|| {
            rt.execute_script(
                "b.js",
                "for (let i = 0; i < 1000; i++) queueMicrotask(() => {})",
            )
            .unwrap();
            rt.run_event_loop().unwrap();
        })
    });
    group.bench_function("set_immediate", |b| {
        b.iter(|| {
            rt.execute_script(
                "b.js",
                "for (let i = 0; i < 1000; i++) setImmediate(() => {})",
            )
            .unwrap();
            rt.run_event_loop().unwrap();
        })
    });
    group.bench_function("set_timeout_0", |b| {
        b.iter(|| {
            rt.execute_script(
                "b.js",
                "for (let i = 0; i < 1000; i++) setTimeout(() => {}, 0)",
            )
            .unwrap();
            rt.run_event_loop().unwrap();
        })
    });
    group.finish();
}

criterion_group!(benches, startup, formatting, loop_turns);
criterion_main!(benches);
