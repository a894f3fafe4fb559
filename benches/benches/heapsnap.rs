//! heapsnap analyzer: parse, analyze (DevTools' dominators + retained sizes),
//! summary, and the whole `heapsnap summary` pipeline, on a generated
//! Node-20-shaped snapshot (~300 k nodes, ~20 MB). Anchor in the same run:
//! `serde_json` deserializing the same file into typed vectors (the fastest
//! generic JSON route measured in the reference notes).
//!
//! `cargo bench -p benches --bench heapsnap`. The big-file comparison with
//! memlab is `benches/scripts/compare-memlab.sh`.

use std::fmt::Write as _;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use heapsnap::HeapSnapshot;

/// A synthetic app heap in Node 20's schema: `items` objects, each with a
/// string, an elements array, a closure every 10th, chained in lists of 50
/// and held by 100 caches, plus a (GC roots) spine.
fn generate(items: usize) -> Vec<u8> {
    // node: type, name, id, self_size, edge_count, trace_node_id, detachedness
    let mut nodes: Vec<[u64; 7]> = Vec::new();
    let mut edges: Vec<(usize, u64, u64, usize)> = Vec::new(); // from, type, name, to
    let strings = [
        "<dummy>",
        "",
        "(GC roots)",
        "global",
        "Cache",
        "Item",
        "(object elements)",
        "item",
        "f",
        "next",
        "name",
        "elements",
        "list",
        "cache",
        "x",
    ];
    let s = |name: &str| strings.iter().position(|&x| x == name).unwrap() as u64;
    let mut add = |t: u64, name: u64, size: u64| {
        nodes.push([t, name, 2 * nodes.len() as u64 + 1, size, 0, 0, 0]);
        nodes.len() - 1
    };
    let root = add(9, s(""), 0);
    let gc = add(9, s("(GC roots)"), 0);
    let global = add(3, s("global"), 64);
    edges.push((root, 1, 1, gc));
    edges.push((root, 5, s("global"), global));
    edges.push((gc, 1, 1, global));
    let caches: Vec<usize> = (0..100).map(|_| add(3, s("Cache"), 40)).collect();
    let lists: Vec<usize> = (0..100)
        .map(|_| add(1, s("(object elements)"), 16))
        .collect();
    for (i, (&c, &l)) in caches.iter().zip(&lists).enumerate() {
        edges.push((global, 2, s("cache"), c));
        edges.push((c, 3, s("list"), l));
        let _ = i;
    }
    let mut prev = None;
    for i in 0..items {
        let item = add(3, s("Item"), 48);
        let name = add(2, s("x"), 24 + (i % 16) as u64);
        let elems = add(1, s("(object elements)"), 32);
        edges.push((item, 2, s("name"), name));
        edges.push((item, 3, s("elements"), elems));
        if i % 10 == 0 {
            let f = add(5, s("f"), 32);
            edges.push((item, 2, s("f"), f));
            edges.push((f, 0, s("item"), item));
        }
        if let Some(p) = prev {
            edges.push((item, 2, s("next"), p));
        }
        prev = if i % 50 == 49 { None } else { Some(item) };
        edges.push((lists[i % 100], 1, (i / 100) as u64, item));
        if i % 7 == 0 {
            edges.push((elems, 6, s("x"), name));
        }
    }
    edges.sort_by_key(|e| e.0);
    for e in &edges {
        nodes[e.0][4] += 1;
    }
    let mut out = String::new();
    write!(out, r#"{{"snapshot":{{"meta":{{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic","concatenated string","sliced string","symbol","bigint","object shape","wasm object"],"string","number","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"]}},"node_count":{},"edge_count":{},"trace_function_count":0}},"nodes":["#, nodes.len(), edges.len()).unwrap();
    for (i, n) in nodes.iter().enumerate() {
        if i > 0 {
            out.push_str("\n,");
        }
        write!(
            out,
            "{},{},{},{},{},{},{}",
            n[0], n[1], n[2], n[3], n[4], n[5], n[6]
        )
        .unwrap();
    }
    out.push_str("],\"edges\":[");
    for (i, e) in edges.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write!(out, "{},{},{}", e.1, e.2, e.3 * 7).unwrap();
    }
    out.push_str("],\"trace_function_infos\":[],\"trace_tree\":[],\"samples\":[],\"locations\":[],\"strings\":");
    out.push_str(&serde_json::to_string(&strings).unwrap());
    out.push('}');
    out.into_bytes()
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Typed {
    nodes: Vec<u32>,
    edges: Vec<u32>,
    strings: Vec<String>,
}

fn bench(c: &mut Criterion) {
    let json = generate(100_000);
    let mut g = c.benchmark_group("heapsnap");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function("anchor_serde_json_typed_parse", |b| {
        b.iter(|| serde_json::from_slice::<Typed>(&json).unwrap())
    });
    g.bench_function("parse", |b| {
        b.iter(|| HeapSnapshot::from_slice(&json).unwrap())
    });
    let parsed = HeapSnapshot::from_slice(&json).unwrap();
    g.bench_function("analyze", |b| {
        b.iter_batched(
            || parsed.clone(),
            |mut s| s.analyze(),
            BatchSize::LargeInput,
        )
    });
    let mut analyzed = parsed.clone();
    let analysis = analyzed.analyze();
    g.bench_function("summarize", |b| {
        b.iter(|| heapsnap::summarize(&analyzed, &analysis))
    });
    g.bench_function("pipeline_parse_analyze_summarize", |b| {
        b.iter(|| {
            let mut s = HeapSnapshot::from_slice(&json).unwrap();
            let a = s.analyze();
            heapsnap::summarize(&s, &a)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
