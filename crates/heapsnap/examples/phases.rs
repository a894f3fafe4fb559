//! Times each phase of parse + analysis + summary on one file:
//! `cargo run --release -p heapsnap --example phases -- FILE`.
use std::time::Instant;

/// Peak resident set so far (`VmHWM`), in MiB.
fn peak_mb() -> u64 {
    status_mb("VmHWM:")
}

/// Current resident set (`VmRSS`), in MiB.
fn rss_mb() -> u64 {
    status_mb("VmRSS:")
}

fn status_mb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with(key)).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<u64>().ok())
            })
        })
        .map(|kb| kb / 1024)
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: phases FILE")?;
    let t = Instant::now();
    let mut snap = heapsnap::HeapSnapshot::open(&path)?;
    eprintln!(
        "parse           {:>8.3} s  peak {} MiB ({} nodes, {} edges)",
        t.elapsed().as_secs_f64(),
        peak_mb(),
        snap.node_count(),
        snap.edge_count()
    );
    let mut last = Instant::now();
    let mut name = String::from("start");
    let analysis = snap.analyze_with(&mut |phase| {
        eprintln!(
            "{name:<15} {:>8.3} s  peak {} MiB, now {} MiB",
            last.elapsed().as_secs_f64(),
            peak_mb(),
            rss_mb()
        );
        name = phase.to_string();
        last = Instant::now();
    });
    eprintln!("{name:<15} {:>8.3} s", last.elapsed().as_secs_f64());
    let t2 = Instant::now();
    let summary = heapsnap::summarize(&snap, &analysis);
    eprintln!(
        "summary         {:>8.3} s  peak {} MiB",
        t2.elapsed().as_secs_f64(),
        peak_mb()
    );
    eprintln!(
        "total           {:>8.3} s  (root retained {})",
        t.elapsed().as_secs_f64(),
        summary.statistics.total
    );
    Ok(())
}
