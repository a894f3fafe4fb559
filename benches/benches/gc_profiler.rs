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
    // What each recorded GC costs the profiler: two of these (prologue and
    // epilogue) plus a Vec push.
    group.bench_function("heap_state_capture", |b| {
        b.iter(|| black_box(gc_profiler::HeapState::capture(scope)));
    });
    group.finish();
    interleaved_ratio(scope, churn, undefined);
}

/// The machine is shared, so sequential benchmarks see different load.
/// This pairs the variants in time: each round runs the workload without
/// and with a profiler back to back (order alternating) and the median of
/// the per-round ratios is printed.
fn interleaved_ratio(
    scope: &mut v8::PinScope<'_, '_>,
    churn: v8::Local<v8::Function>,
    undefined: v8::Local<v8::Value>,
) {
    const ROUNDS: usize = 60;
    const CALLS: usize = 10;
    let timed = |scope: &mut v8::PinScope<'_, '_>| {
        let start = std::time::Instant::now();
        for _ in 0..CALLS {
            black_box(churn.call(scope, undefined, &[]));
        }
        start.elapsed().as_secs_f64()
    };
    let mut ratios = Vec::with_capacity(ROUNDS);
    let (mut total_off, mut total_on, mut gcs) = (0.0, 0.0, 0);
    for round in 0..ROUNDS {
        let mut run_on = |scope: &mut v8::PinScope<'_, '_>| {
            let mut profiler = gc_profiler::GcProfiler::new();
            profiler.start(scope);
            let t = timed(scope);
            gcs += profiler.recorded();
            black_box(profiler.stop());
            t
        };
        let (off, on) = if round % 2 == 0 {
            let off = timed(scope);
            (off, run_on(scope))
        } else {
            let on = run_on(scope);
            (timed(scope), on)
        };
        total_off += off;
        total_on += on;
        ratios.push(on / off);
    }
    ratios.sort_by(|a, b| a.total_cmp(b));
    eprintln!(
        "gc_profiler interleaved: median on/off = {:.4} (mean off {:.3} ms, mean on {:.3} ms per call; {:.2} GCs per call)",
        ratios[ROUNDS / 2],
        total_off * 1e3 / (ROUNDS * CALLS) as f64,
        total_on * 1e3 / (ROUNDS * CALLS) as f64,
        gcs as f64 / (ROUNDS * CALLS) as f64
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
