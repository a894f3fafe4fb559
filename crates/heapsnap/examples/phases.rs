//! Times each phase of parse + analysis + summary on one file:
//! `cargo run --release -p heapsnap --example phases -- FILE`.
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: phases FILE")?;
    let t = Instant::now();
    let mut snap = heapsnap::HeapSnapshot::open(&path)?;
    eprintln!(
        "parse           {:>8.3} s  ({} nodes, {} edges)",
        t.elapsed().as_secs_f64(),
        snap.node_count(),
        snap.edge_count()
    );
    let mut last = Instant::now();
    let mut name = String::from("start");
    let analysis = snap.analyze_with(&mut |phase| {
        eprintln!("{name:<15} {:>8.3} s", last.elapsed().as_secs_f64());
        name = phase.to_string();
        last = Instant::now();
    });
    eprintln!("{name:<15} {:>8.3} s", last.elapsed().as_secs_f64());
    let t2 = Instant::now();
    let summary = heapsnap::summarize(&snap, &analysis);
    eprintln!("summary         {:>8.3} s", t2.elapsed().as_secs_f64());
    eprintln!(
        "total           {:>8.3} s  (root retained {})",
        t.elapsed().as_secs_f64(),
        summary.statistics.total
    );
    Ok(())
}
