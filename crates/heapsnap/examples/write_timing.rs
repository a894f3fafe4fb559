//! Times `write_heap_snapshot` on the heap shape of
//! `benches/scripts/heap-shape.js` (the same shape `gen-heapsnapshot.js`
//! snapshots with Node), so both writers can be compared:
//!
//! ```sh
//! cargo run --release -p heapsnap --example write_timing -- /tmp/ours.heapsnapshot 230000
//! node benches/scripts/gen-heapsnapshot.js /tmp/node.heapsnapshot 230000
//! ```
use std::time::Instant;

const SHAPE: &str = include_str!("../../../benches/scripts/heap-shape.js");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().ok_or("usage: write_timing OUT [ITEMS]")?;
    let items: u32 = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(230_000);
    v8_host::init_with_flags("--max-old-space-size=16000");
    let mut isolate = v8::Isolate::new(Default::default());
    v8::scope!(let scope, &mut isolate);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    let source = format!("{SHAPE}\nbuildHeap({items});");
    let source = v8::String::new(scope, &source).ok_or("source too long")?;
    v8::Script::compile(scope, source, None)
        .and_then(|s| s.run(scope))
        .ok_or("building the heap threw")?;
    let t = Instant::now();
    let path =
        heapsnap::capture::write_heap_snapshot(scope, Some(out.as_ref()), Default::default())?;
    let ms = t.elapsed().as_secs_f64() * 1e3;
    let size = std::fs::metadata(&path)?.len();
    eprintln!(
        "heapsnap (V8 15.2): wrote {} ({:.1} MB) in {ms:.0} ms",
        path.display(),
        size as f64 / 1e6
    );
    Ok(())
}
