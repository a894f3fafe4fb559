//! Retained sizes by brute force, from the definition: node `v` dominates
//! `w` iff removing `v` makes `w` unreachable from the root, over the edges
//! DevTools considers retaining. Checked against the Lengauer–Tarjan result
//! on random graphs.
#![allow(clippy::needless_range_loop)]

use heapsnap::HeapSnapshot;
use proptest::prelude::*;

use super::graph::{Graph, Schema, EDGE_TYPES};

/// DevTools' retaining-edge rule, written out independently.
fn retaining_edges(g: &Graph) -> Vec<(usize, usize)> {
    // Page-owned: reachable over non-weak edges from the root's shortcut edges.
    let n = g.nodes.len();
    let mut page = vec![false; n];
    let mut stack: Vec<usize> = g
        .edges
        .iter()
        .filter(|e| e.from == 0 && e.ty == "shortcut")
        .map(|e| e.to)
        .collect();
    for &s in &stack {
        page[s] = true;
    }
    while let Some(x) = stack.pop() {
        for e in g.edges.iter().filter(|e| e.from == x && e.ty != "weak") {
            if !page[e.to] {
                page[e.to] = true;
                stack.push(e.to);
            }
        }
    }
    g.edges
        .iter()
        .filter(|e| e.ty != "weak" && e.from != e.to)
        // Not from the root: no shortcuts, and nothing from a non-page-owned
        // node into a page-owned one.
        .filter(|e| e.from == 0 || (e.ty != "shortcut" && (page[e.from] || !page[e.to])))
        .map(|e| (e.from, e.to))
        .collect()
}

fn reachable(n: usize, edges: &[(usize, usize)], removed: Option<usize>) -> Vec<bool> {
    let mut seen = vec![false; n];
    if removed == Some(0) {
        return seen;
    }
    seen[0] = true;
    let mut stack = vec![0];
    while let Some(x) = stack.pop() {
        for &(a, b) in edges {
            if a == x && !seen[b] && Some(b) != removed {
                seen[b] = true;
                stack.push(b);
            }
        }
    }
    seen
}

/// (idom, retained) by definition, or `None` when some nodes are only
/// reachable through retainer cycles outside the root's reach (DevTools then
/// attaches them in a way that is not a dominator tree of any graph).
pub fn naive(g: &Graph, self_sizes: &[u64]) -> Option<(Vec<usize>, Vec<u64>)> {
    let n = g.nodes.len();
    let mut edges = retaining_edges(g);
    let r0 = reachable(n, &edges, None);
    for v in 1..n {
        if !r0[v] && !edges.iter().any(|&(_, b)| b == v) {
            edges.push((0, v));
        }
    }
    if reachable(n, &edges, None).iter().any(|&r| !r) {
        return None;
    }
    // dominated[v] = nodes that need v to be reached (v included).
    let mut dominated = vec![vec![false; n]; n];
    dominated[0] = vec![true; n];
    for v in 1..n {
        let r = reachable(n, &edges, Some(v));
        for w in 0..n {
            dominated[v][w] = !r[w];
        }
    }
    let retained = (0..n)
        .map(|v| {
            (0..n)
                .filter(|&w| dominated[v][w])
                .map(|w| self_sizes[w])
                .sum()
        })
        .collect();
    let depth = |v: usize| (0..n).filter(|&d| dominated[d][v]).count();
    let idom = (0..n)
        .map(|w| {
            if w == 0 {
                return 0;
            }
            (0..n)
                .filter(|&d| d != w && dominated[d][w])
                .max_by_key(|&d| depth(d))
                .unwrap()
        })
        .collect();
    Some((idom, retained))
}

const TYPES: [&str; 7] = [
    "object",
    "hidden",
    "array",
    "synthetic",
    "closure",
    "string",
    "native",
];

fn graph_strategy() -> impl Strategy<Value = Graph> {
    (2usize..14)
        .prop_flat_map(|n| {
            (
                Just(n),
                proptest::collection::vec((0usize..TYPES.len(), 0u64..100), n),
                proptest::collection::vec((any::<prop::sample::Index>(), 0usize..10), n),
                proptest::collection::vec((0..n, 0usize..EDGE_TYPES.len(), 0..n), 0..3 * n),
            )
        })
        .prop_map(|(n, nodes, tree, extra)| {
            let mut g = Graph::default();
            g.node("synthetic", "", 0);
            for &(t, s) in &nodes[1..] {
                let ty = TYPES[t];
                let name = if ty == "object" { "Foo" } else { "x" };
                g.node(ty, name, s);
            }
            // A spanning tree, mostly of retaining edge types.
            for (i, &(parent, kind)) in tree.iter().enumerate().skip(1) {
                let p = parent.index(i);
                let ty = [
                    "element", "property", "internal", "context", "hidden", "property", "element",
                    "internal", "weak", "shortcut",
                ][kind];
                g.edge(p, ty, &i.to_string(), i);
            }
            for (a, t, b) in extra {
                g.edge(a, EDGE_TYPES[t], &b.to_string(), b);
            }
            let _ = n;
            g
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]
    #[test]
    fn dominators_match_the_definition(g in graph_strategy(), node20 in any::<bool>()) {
        let schema = if node20 { Schema::Node20 } else { Schema::V8_15 };
        let mut snap = HeapSnapshot::from_slice(g.to_json(schema).as_bytes()).unwrap();
        let a = snap.analyze();
        let sizes: Vec<u64> = (0..g.nodes.len() as u32).map(|v| snap.self_size(v)).collect();
        // Redistribution moves size, never creates or loses it.
        prop_assert_eq!(sizes.iter().sum::<u64>(), g.nodes.iter().map(|n| n.self_size).sum::<u64>());
        if let Some((idom, retained)) = naive(&g, &sizes) {
            for v in 0..g.nodes.len() {
                prop_assert_eq!(a.retained_size(v as u32), retained[v], "retained of {}", v);
                prop_assert_eq!(a.dominator(v as u32) as usize, idom[v], "idom of {}", v);
            }
        } else {
            // Cycles outside the root's reach are attached to the root.
            prop_assert!(a.unreachable_count() > 0);
            prop_assert_eq!(a.retained_size(0), sizes.iter().sum::<u64>());
        }
    }
}
