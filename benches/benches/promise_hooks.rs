//! Promise-heavy workload (await loops and then-chains) with 0, 1 and 3
//! registered hook sets (each set = init + before + after + settled),
//! as JavaScript hooks (`v8.promiseHooks.createHook`) and as Rust closures.
//! One set uses the fast path (each hook installed directly in V8: the JS
//! function, or the Rust hook's native function); three JS sets go through
//! Node's JavaScript dispatcher, three Rust sets through the native
//! dispatcher (one native call per event running the closures in order).
//!
//! `nice -n 10 cargo bench -p benches --bench promise_hooks`

use criterion::{criterion_group, criterion_main, Criterion};
use std::cell::Cell;
use std::rc::Rc;

const WORKLOAD: &str = r#"
(async function work() {
  let n = 0;
  for (let i = 0; i < 200; i++) await null;
  let p = Promise.resolve(0);
  for (let i = 0; i < 200; i++) p = p.then((v) => v + 1);
  n += await p;
  await Promise.all([1, 2, 3, 4].map(async (x) => x * 2));
  return n;
})
"#;

fn run(scope: &mut v8::PinScope<'_, '_>, work: v8::Local<v8::Function>) {
    let undefined = v8::undefined(scope).into();
    work.call(scope, undefined, &[]).unwrap();
    scope.perform_microtask_checkpoint();
}

fn eval<'s>(scope: &mut v8::PinScope<'s, '_>, src: &str) -> v8::Local<'s, v8::Value> {
    let source = v8::String::new(scope, src).unwrap();
    v8::Script::compile(scope, source, None)
        .unwrap()
        .run(scope)
        .unwrap()
}

fn bench(c: &mut Criterion) {
    v8_host::init();
    let isolate = &mut v8::Isolate::new(v8::CreateParams::default());
    isolate.set_microtasks_policy(v8::MicrotasksPolicy::Explicit);
    v8::scope!(let scope, isolate);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    promise_hooks::install_into_context(scope, context);
    let hooks_obj = promise_hooks::js::promise_hooks_object(scope).unwrap();
    let key = v8::String::new(scope, "promiseHooks").unwrap();
    context.global(scope).set(scope, key.into(), hooks_obj);
    let work = eval(scope, WORKLOAD);
    let work = v8::Local::<v8::Function>::try_from(work).unwrap();

    let mut group = c.benchmark_group("promise_hooks/workload");
    group.bench_function("0_hooks", |b| b.iter(|| run(scope, work)));
    for sets in [1, 3] {
        let stop_all = format!(
            "globalThis.__count = 0; globalThis.__stops = []; for (let i = 0; i < {sets}; i++) __stops.push(promiseHooks.createHook({{ \
               init() {{ __count++; }}, before() {{ __count++; }}, after() {{ __count++; }}, settled() {{ __count++; }} }}));"
        );
        eval(scope, &stop_all);
        group.bench_function(format!("{sets}_js_hooks"), |b| b.iter(|| run(scope, work)));
        eval(scope, "for (const stop of __stops) stop();");
    }
    for sets in [1, 3] {
        let count = Rc::new(Cell::new(0u64));
        let mut handles = Vec::new();
        for _ in 0..sets {
            let c = count.clone();
            handles.push(promise_hooks::on_init(scope, move |_, _, _| {
                c.set(c.get() + 1)
            }));
            for kind in 0..3 {
                let c = count.clone();
                let hook = move |_: &mut v8::PinScope<'_, '_>, _: v8::Local<'_, v8::Promise>| {
                    c.set(c.get() + 1)
                };
                handles.push(match kind {
                    0 => promise_hooks::on_before(scope, hook),
                    1 => promise_hooks::on_after(scope, hook),
                    _ => promise_hooks::on_settled(scope, hook),
                });
            }
        }
        group.bench_function(format!("{sets}_rust_hooks"), |b| {
            b.iter(|| run(scope, work))
        });
        for h in &handles {
            h.stop(scope);
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
