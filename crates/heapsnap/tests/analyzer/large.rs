//! More than 2^24 nodes (the limit of tools that pack node indexes into
//! 24 bits or float arrays). Too big for a debug-build test run, so it is
//! ignored by default; run it with
//! `cargo test --release -p heapsnap --test analyzer -- --ignored`.

use heapsnap::HeapSnapshot;
use std::io::Write;

/// Items under the holder: the total node count is this plus 3.
const ITEMS: u32 = (1 << 24) + 10;
const HOLDER_SIZE: u64 = 10;
const ITEM_SIZE: u64 = 2;
const TAIL_SIZE: u64 = 7;

/// root -> Holder -> ITEMS x Item, and the last Item -> Tail.
fn write_snapshot(path: &std::path::Path) {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path).unwrap());
    let nodes = ITEMS as u64 + 3;
    let edges = ITEMS as u64 + 2;
    // V8 15.2's layout: 6 node fields; strings: 0 "", 1 Holder, 2 Item, 3 Tail, 4 tail.
    write!(
        out,
        r#"{{"snapshot":{{"meta":{{"node_fields":["type","name","id","self_size","edge_count","detachedness"],"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic","concatenated string","sliced string","symbol","bigint","object shape"],"string","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"],"location_fields":["object_index","script_id","line","column"]}},"node_count":{nodes},"edge_count":{edges},"trace_function_count":0}},"nodes":["#
    )
    .unwrap();
    // type 9 = synthetic, 3 = object.
    write!(out, "9,0,1,0,1,0,3,1,3,{HOLDER_SIZE},{ITEMS},0").unwrap();
    for i in 0..ITEMS {
        let id = 5 + 2 * i as u64;
        let edge_count = u32::from(i == ITEMS - 1);
        write!(out, ",3,2,{id},{ITEM_SIZE},{edge_count},0").unwrap();
    }
    let tail_id = 5 + 2 * ITEMS as u64;
    write!(out, ",3,3,{tail_id},{TAIL_SIZE},0,0],\"edges\":[1,0,6").unwrap();
    // element edges (type 1) from the holder to each item; to_node is a field offset.
    for i in 0..ITEMS {
        write!(out, ",1,{i},{}", (2 + i as u64) * 6).unwrap();
    }
    write!(out, ",2,4,{}", (2 + ITEMS as u64) * 6).unwrap();
    write!(
        out,
        r#"],"trace_function_infos":[],"trace_tree":[],"samples":[],"locations":[],"strings":["","Holder","Item","Tail","tail"]}}"#
    )
    .unwrap();
    out.flush().unwrap();
}

#[test]
#[ignore = "writes and analyzes a ~500 MB snapshot: run in release with --ignored"]
fn more_than_2_pow_24_nodes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.heapsnapshot");
    write_snapshot(&path);
    let mut snap = HeapSnapshot::open(&path).unwrap();
    assert_eq!(snap.node_count(), ITEMS as usize + 3);
    assert!(snap.node_count() > 1 << 24);
    let analysis = snap.analyze();
    let total = HOLDER_SIZE + ITEMS as u64 * ITEM_SIZE + TAIL_SIZE;
    assert_eq!(analysis.retained_size(snap.root()), total);
    assert_eq!(analysis.retained_size(1), total);
    let last_item = ITEMS + 1;
    let tail = ITEMS + 2;
    assert_eq!(snap.find_by_id(5 + 2 * ITEMS), Some(tail));
    assert_eq!(analysis.dominator(tail), last_item);
    assert_eq!(analysis.retained_size(last_item), ITEM_SIZE + TAIL_SIZE);
    assert_eq!(analysis.retained_size(last_item - 1), ITEM_SIZE);
    let summary = heapsnap::summarize(&snap, &analysis);
    let items = summary.classes.iter().find(|c| c.name == "Item").unwrap();
    assert_eq!(items.count, ITEMS as u64);
    assert_eq!(items.retained_size, ITEMS as u64 * ITEM_SIZE + TAIL_SIZE);
    assert_eq!(summary.statistics.total, total);
}
