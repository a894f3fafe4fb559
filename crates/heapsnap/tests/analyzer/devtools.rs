//! DevTools' own test vectors and the special rules of its analysis.

use heapsnap::{HeapSnapshot, ParseOptions};

use super::graph::{Graph, Schema};

/// `createHeapSnapshotMockRaw` from DevTools' HeapSnapshot tests: extra node
/// fields (`retained_size`, `dominator`) that must be ignored, and
/// placeholder type tags.
const DEVTOOLS_MOCK: &str = r#"{"snapshot":{"meta":{
  "node_fields":["type","name","id","self_size","retained_size","dominator","edge_count"],
  "node_types":[["hidden","object"],"","","","","",""],
  "edge_fields":["type","name_or_index","to_node"],
  "edge_types":[["element","property","shortcut"],"",""]},
  "node_count":6,"edge_count":7},
 "nodes":[0,0,1,0,20,0,2, 1,1,2,2,2,0,2, 1,2,3,3,8,0,2, 1,3,4,4,10,0,1, 1,4,5,5,5,14,0, 1,5,6,6,6,21,0],
 "edges":[1,6,7,1,7,14, 0,1,14,1,8,21, 1,9,21,1,10,28, 1,11,35],
 "strings":["","A","B","C","D","E","a","b","ac","bc","bd","ce"]}"#;

#[test]
fn devtools_mock_dominators_and_retained_sizes() {
    let mut snap = HeapSnapshot::from_slice(DEVTOOLS_MOCK.as_bytes()).unwrap();
    let a = snap.analyze();
    let dominators: Vec<u32> = (0..6).map(|n| a.dominator(n)).collect();
    let retained: Vec<u64> = (0..6).map(|n| a.retained_size(n)).collect();
    assert_eq!(dominators, [0, 0, 0, 0, 2, 3]);
    assert_eq!(retained, [20, 2, 8, 10, 5, 6]);
    let (first, children) = a.dominated();
    assert_eq!(&children[first[0] as usize..first[1] as usize].len(), &3);
}

#[test]
fn retained_sizes_above_4_gib() {
    // A chain of six 1e9-byte objects: the root retains 6e9 bytes.
    let mut g = Graph::default();
    g.node("synthetic", "", 0);
    for i in 1..=6 {
        g.node("native", "Big", 1_000_000_000);
        g.edge(i - 1, "internal", "next", i);
    }
    let mut snap = HeapSnapshot::from_slice(g.to_json(Schema::V8_15).as_bytes()).unwrap();
    let a = snap.analyze();
    assert_eq!(a.retained_size(0), 6_000_000_000);
    assert_eq!(a.retained_size(1), 6_000_000_000);
    assert_eq!(a.retained_size(6), 1_000_000_000);
}

#[test]
fn self_sizes_above_4_gib_survive_parsing() {
    let mut g = Graph::default();
    g.node("synthetic", "", 0);
    g.node("native", "Huge", 5_000_000_000);
    g.edge(0, "element", "1", 1);
    let mut snap = HeapSnapshot::from_slice(g.to_json(Schema::V8_15).as_bytes()).unwrap();
    assert_eq!(snap.self_size(1), 5_000_000_000);
    assert_eq!(snap.analyze().retained_size(0), 5_000_000_000);
}

#[test]
fn weakmap_values_are_retained_by_the_key_not_the_table() {
    let mut g = Graph::default();
    let root = g.node("synthetic", "", 0);
    let gc = g.node("synthetic", "(GC roots)", 0);
    let table = g.node("array", "system / EphemeronHashTable", 40);
    let key = g.node("object", "Key", 16);
    let value = g.node("object", "Value", 100);
    g.edge(root, "element", "1", gc);
    g.edge(gc, "element", "1", table);
    g.edge(gc, "element", "2", key);
    let id = |i: usize| g.nodes[i].id;
    let name = format!(
        "3 / part of key (Key @{}) -> value (Value @{}) pair in WeakMap (table @{})",
        id(key),
        id(value),
        id(table)
    );
    g.edge(table, "internal", &name, value);
    g.edge(key, "internal", &name, value);
    let mut snap = HeapSnapshot::from_slice(g.to_json(Schema::V8_15).as_bytes()).unwrap();
    let a = snap.analyze();
    assert_eq!(a.dominator(value as u32), key as u32);
    assert_eq!(a.retained_size(key as u32), 116);
    assert_eq!(a.retained_size(table as u32), 40);
}

#[test]
fn weak_shortcut_and_debugger_edges_do_not_retain() {
    let mut g = Graph::default();
    let root = g.node("synthetic", "", 0);
    let global = g.node("object", "global", 10);
    let debugger = g.node("synthetic", "(Debugger)", 0);
    let dbg_obj = g.node("object", "DebugScope", 5);
    let a_obj = g.node("object", "A", 7);
    let b_obj = g.node("object", "B", 9);
    g.edge(root, "shortcut", "global", global);
    g.edge(root, "element", "1", debugger);
    g.edge(debugger, "element", "1", dbg_obj);
    g.edge(global, "property", "a", a_obj);
    // Not page-owned -> page-owned: ignored, so `global` keeps dominating A.
    g.edge(dbg_obj, "property", "a", a_obj);
    // Weak and non-root shortcut edges never retain.
    g.edge(global, "weak", "w", b_obj);
    g.edge(a_obj, "shortcut", "s", b_obj);
    g.edge(dbg_obj, "property", "b", b_obj);
    let mut snap = HeapSnapshot::from_slice(g.to_json(Schema::Node20).as_bytes()).unwrap();
    let a = snap.analyze();
    assert_eq!(a.dominator(a_obj as u32), global as u32);
    // B is page-owned (through A's shortcut), so the debugger's edge is
    // ignored and B has no retaining edge left: it hangs off the root.
    assert_eq!(a.dominator(b_obj as u32), root as u32);
    assert_eq!(a.unreachable_count(), 1);
    assert_eq!(a.retained_size(global as u32), 17);
    // Distances: user roots first (global = 1), system roots from 1e8.
    assert_eq!(a.distance(global as u32), 1);
    assert_eq!(a.distance(a_obj as u32), 2);
    assert!(a.distance(dbg_obj as u32) >= heapsnap::BASE_SYSTEM_DISTANCE);
}

#[test]
fn single_owner_hidden_and_array_sizes_move_to_the_owner() {
    let build = |user_root: bool| {
        let mut g = Graph::default();
        let root = g.node("synthetic", "", 0);
        let holder = g.node("object", "Holder", 24);
        let store = g.node("array", "(object elements)", 80);
        let shared = g.node("array", "(shared)", 32);
        let other = g.node("object", "Other", 8);
        if user_root {
            g.edge(root, "shortcut", "holder", holder);
            g.edge(root, "element", "2", other);
        } else {
            let gc = g.node("synthetic", "(GC roots)", 0);
            g.edge(root, "element", "1", gc);
            g.edge(gc, "element", "1", holder);
            g.edge(gc, "element", "2", other);
        }
        g.edge(holder, "internal", "elements", store);
        g.edge(holder, "internal", "s", shared);
        g.edge(other, "internal", "s", shared);
        HeapSnapshot::from_slice(g.to_json(Schema::Node20).as_bytes()).unwrap()
    };
    let mut with_roots = build(true);
    let a = with_roots.analyze();
    assert!(a.shallow_sizes_redistributed());
    assert_eq!(with_roots.self_size(1), 24 + 80);
    assert_eq!(with_roots.self_size(2), 0);
    assert_eq!(with_roots.self_size(3), 32, "two owners: unchanged");
    // exposeInternals-style snapshots (no user roots) keep real sizes.
    let mut internals = build(false);
    assert!(!internals.analyze().shallow_sizes_redistributed());
    assert_eq!(internals.self_size(1), 24);
}

#[test]
fn unreachable_cycles_are_attached_to_the_root() {
    let mut g = Graph::default();
    let root = g.node("synthetic", "", 0);
    let a = g.node("object", "A", 1);
    let orphan = g.node("object", "Orphan", 2);
    let c1 = g.node("object", "C1", 4);
    let c2 = g.node("object", "C2", 8);
    g.edge(root, "element", "1", a);
    g.edge(a, "weak", "w", orphan);
    g.edge(c1, "property", "x", c2);
    g.edge(c2, "property", "y", c1);
    let mut snap = HeapSnapshot::from_slice(g.to_json(Schema::V8_15).as_bytes()).unwrap();
    let an = snap.analyze();
    assert_eq!(an.unreachable_count(), 3);
    assert_eq!(an.retained_size(0), 15);
    for n in [orphan, c1, c2] {
        assert_eq!(an.dominator(n as u32), 0);
    }
}

#[test]
fn summary_counts_nested_same_class_objects_once() {
    let mut g = Graph::default();
    let root = g.node("synthetic", "", 0);
    let outer = g.node("object", "Node", 10);
    let inner = g.node("object", "Node", 10);
    let leaf = g.node("string", "hello", 5);
    let f = g.node("closure", "f", 3);
    g.edge(root, "element", "1", outer);
    g.edge(outer, "property", "next", inner);
    g.edge(inner, "property", "s", leaf);
    g.edge(root, "element", "2", f);
    let mut snap = HeapSnapshot::from_slice(g.to_json(Schema::V8_15).as_bytes()).unwrap();
    let a = snap.analyze();
    let s = heapsnap::summarize(&snap, &a);
    let node = s.classes.iter().find(|c| c.name == "Node").unwrap();
    assert_eq!(
        (node.count, node.self_size, node.retained_size),
        (2, 20, 25)
    );
    let string = s.classes.iter().find(|c| c.name == "(string)").unwrap();
    assert_eq!(string.retained_size, 5);
    assert!(s
        .classes
        .iter()
        .any(|c| c.name == "Function" && c.retained_size == 3));
    assert_eq!(s.classes[0].name, "Node");
    assert_eq!(s.statistics.total, 28);
    assert_eq!(s.statistics.strings, 5);
}

#[test]
fn diff_reports_added_removed_and_grown_by_id() {
    let mut old = Graph::default();
    old.node("synthetic", "", 0);
    for _ in 0..3 {
        old.node("object", "Keep", 10);
    }
    old.node("object", "Gone", 50);
    old.node("array", "(arr)", 16);
    let mut new = old.clone();
    new.nodes.retain(|n| n.name != "Gone");
    new.nodes
        .iter_mut()
        .find(|n| n.name == "(arr)")
        .unwrap()
        .self_size = 64;
    for i in 0..5 {
        new.nodes.push(super::graph::Node {
            ty: "object",
            name: "Leak".into(),
            id: 1001 + 2 * i,
            self_size: 40,
        });
    }
    let opts = ParseOptions { edges: false };
    let a =
        heapsnap::parse_reader(old.to_json(Schema::Node20).as_bytes(), opts, None, None).unwrap();
    let b =
        heapsnap::parse_reader(new.to_json(Schema::V8_15).as_bytes(), opts, None, None).unwrap();
    let d = heapsnap::diff(&a, &b);
    assert_eq!(d.classes[0].name, "Leak");
    assert_eq!(
        (d.classes[0].added_count, d.classes[0].size_delta),
        (5, 200)
    );
    let arr = d.classes.iter().find(|c| c.name == "(array)").unwrap();
    assert_eq!(
        (arr.grown_count, arr.grown_size, arr.added_count),
        (1, 48, 0)
    );
    let gone = d.classes.iter().find(|c| c.name == "Gone").unwrap();
    assert_eq!((gone.removed_count, gone.size_delta), (1, -50));
    assert!(!d.classes.iter().any(|c| c.name == "Keep"));
}

#[test]
fn retaining_paths_start_at_the_root() {
    let mut g = Graph::default();
    let root = g.node("synthetic", "", 0);
    let gc = g.node("synthetic", "(GC roots)", 0);
    let global = g.node("object", "global", 10);
    let cache = g.node("object", "Cache", 10);
    let leak = g.node("object", "Leak", 10);
    g.edge(root, "element", "1", gc);
    g.edge(gc, "element", "1", global);
    g.edge(global, "property", "cache", cache);
    g.edge(cache, "element", "7", leak);
    g.edge(global, "weak", "w", leak);
    let mut snap = HeapSnapshot::from_slice(g.to_json(Schema::V8_15).as_bytes()).unwrap();
    let a = snap.analyze();
    let index = heapsnap::RetainerIndex::build(&snap);
    let r = heapsnap::retaining_paths(&snap, &a, &index, leak as u32, 3);
    assert_eq!(r.paths.len(), 1, "weak edges are not retaining paths");
    let p = &r.paths[0];
    assert!(p.complete);
    let names: Vec<&str> = p.steps.iter().map(|s| s.from.name.as_str()).collect();
    assert_eq!(names, ["", "(GC roots)", "global", "Cache"]);
    assert_eq!(p.steps[3].edge_name, "7");
    let by_name = heapsnap::nodes_of_class(&snap, &a, "Leak").unwrap();
    assert_eq!(by_name, [leak as u32]);
    assert!(heapsnap::nodes_of_class(&snap, &a, "Nope").is_err());
}
