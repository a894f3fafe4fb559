//! Prints `id<TAB>retained<TAB>self` for every node of a snapshot, in file
//! order (the same format as benches/scripts/devtools-oracle.mjs, to compare
//! with Chrome DevTools' numbers node by node):
//!
//! ```sh
//! cargo run --release -p heapsnap --example dump_retained -- FILE > ours.tsv
//! ```
use std::io::{BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: dump_retained FILE")?;
    let mut snap = heapsnap::HeapSnapshot::open(&path)?;
    let analysis = snap.analyze();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for n in 0..snap.node_count() as u32 {
        writeln!(
            out,
            "{}\t{}\t{}",
            snap.node_id(n),
            analysis.retained_size(n),
            snap.self_size(n)
        )?;
    }
    Ok(())
}
