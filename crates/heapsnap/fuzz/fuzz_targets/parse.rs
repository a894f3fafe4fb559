//! Any bytes: the parser returns a snapshot or an error with an offset
//! within the input, never panics; whatever parses also analyzes,
//! summarizes and diffs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match heapsnap::HeapSnapshot::from_slice(data) {
        Err(e) => assert!(e.offset() <= data.len() as u64),
        Ok(mut snap) => {
            let analysis = snap.analyze();
            let _ = heapsnap::summarize(&snap, &analysis);
            let _ = heapsnap::diff(&snap, &snap);
            let index = heapsnap::RetainerIndex::build(&snap);
            let last = (snap.node_count() - 1) as u32;
            let _ = heapsnap::retaining_paths(&snap, &analysis, &index, last, 2);
        }
    }
});
