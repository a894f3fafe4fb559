//! `heapsnap retainers`: shortest retaining paths from the GC roots, using
//! DevTools' distances (user roots first, then system roots; weak edges are
//! never followed).

use serde::Serialize;

use crate::analysis::{Analysis, NO_DISTANCE};
use crate::classes::Classes;
use crate::error::Error;
use crate::snapshot::HeapSnapshot;

/// All retaining edges of every node, as a CSR over edge indices.
pub struct RetainerIndex {
    first: Vec<u32>,
    edges: Vec<u32>,
}

impl RetainerIndex {
    /// Builds the reverse edge index (4 bytes per edge).
    pub fn build(snap: &HeapSnapshot) -> Self {
        let n = snap.node_count();
        let mut first: Vec<u32> = crate::mem::zeroed(n + 1);
        for e in 0..snap.edge_count() {
            first[snap.edge_to(e) as usize + 1] += 1;
        }
        let edges = crate::mem::fill_csr(&mut first, |put| {
            for e in 0..snap.edge_count() {
                put(snap.edge_to(e) as usize, e as u32);
            }
        });
        RetainerIndex { first, edges }
    }

    /// Edge indices pointing at node `n`.
    pub fn retaining_edges(&self, n: u32) -> &[u32] {
        &self.edges[self.first[n as usize] as usize..self.first[n as usize + 1] as usize]
    }
}

/// Source node of edge `e` (binary search over the edge ranges).
pub fn edge_source(snap: &HeapSnapshot, e: usize) -> u32 {
    (snap.first_edge.partition_point(|&f| f as usize <= e) - 1) as u32
}

/// A node as shown in reports.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct NodeInfo {
    /// V8 object id.
    pub id: u32,
    /// Node type (`object`, `closure`, `hidden`...).
    pub node_type: String,
    /// Raw node name.
    pub name: String,
    /// Self size.
    pub self_size: u64,
    /// Retained size.
    pub retained_size: u64,
    /// DevTools distance.
    pub distance: i32,
}

/// One edge on a retaining path: `from --[edge_type name]--> ...`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PathStep {
    /// The retaining node.
    pub from: NodeInfo,
    /// Edge type (`property`, `element`, `context`, `internal`...).
    pub edge_type: String,
    /// Property name, variable name, or element index.
    pub edge_name: String,
}

/// A path from the root to the target, root first.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RetainingPath {
    /// Steps from the root; the last step's edge points at the target.
    pub steps: Vec<PathStep>,
    /// Whether the path reaches the root (false if only weak or unreachable
    /// retainers were left).
    pub complete: bool,
}

/// Paths for one target node.
#[derive(Debug, Clone, Serialize)]
pub struct Retainers {
    /// The node being explained.
    pub target: NodeInfo,
    /// Up to the requested number of shortest paths, shortest first.
    pub paths: Vec<RetainingPath>,
}

pub(crate) fn node_info(snap: &HeapSnapshot, a: &Analysis, n: u32) -> NodeInfo {
    NodeInfo {
        id: snap.node_id(n),
        node_type: snap.node_type_name(n).to_string(),
        name: snap.node_name(n).chars().take(120).collect(),
        self_size: snap.self_size(n),
        retained_size: a.retained_size(n),
        distance: a.distance(n),
    }
}

/// Ordering key: the root first, then by distance; unreachable last.
fn rank(snap: &HeapSnapshot, a: &Analysis, n: u32) -> i64 {
    if n == snap.root() {
        return -1;
    }
    match a.distance(n) {
        NO_DISTANCE => i64::MAX,
        d => d as i64,
    }
}

fn usable(snap: &HeapSnapshot, e: u32) -> bool {
    Some(snap.edge_type(e as usize)) != snap.edge_types.weak
}

/// Up to `max_paths` shortest retaining paths of node `target`: one per
/// closest distinct retainer, each continued greedily through the closest
/// retainer until the root.
pub fn retaining_paths(
    snap: &HeapSnapshot,
    a: &Analysis,
    index: &RetainerIndex,
    target: u32,
    max_paths: usize,
) -> Retainers {
    let mut first_hops: Vec<u32> = index
        .retaining_edges(target)
        .iter()
        .copied()
        .filter(|&e| usable(snap, e))
        .collect();
    first_hops.sort_by_key(|&e| (rank(snap, a, edge_source(snap, e as usize)), e));
    first_hops.dedup_by_key(|e| edge_source(snap, *e as usize));
    let mut paths = Vec::new();
    for &hop in first_hops.iter().take(max_paths) {
        let mut steps = Vec::new();
        let mut edge = hop;
        let mut complete = false;
        loop {
            let src = edge_source(snap, edge as usize);
            steps.push(PathStep {
                from: node_info(snap, a, src),
                edge_type: snap
                    .edge_types
                    .name(snap.edge_type(edge as usize))
                    .to_string(),
                edge_name: snap.edge_name(edge as usize),
            });
            if src == snap.root() {
                complete = true;
                break;
            }
            let here = rank(snap, a, src);
            let next = index
                .retaining_edges(src)
                .iter()
                .copied()
                .filter(|&e| usable(snap, e))
                .min_by_key(|&e| (rank(snap, a, edge_source(snap, e as usize)), e));
            match next {
                Some(e) if rank(snap, a, edge_source(snap, e as usize)) < here => edge = e,
                _ => break,
            }
        }
        steps.reverse();
        paths.push(RetainingPath { steps, complete });
    }
    Retainers {
        target: node_info(snap, a, target),
        paths,
    }
}

/// Node ordinals whose class (as in the summary) is `class`, largest retained
/// size first.
pub fn nodes_of_class(snap: &HeapSnapshot, a: &Analysis, class: &str) -> Result<Vec<u32>, Error> {
    let classes = Classes::compute(snap);
    let Some(c) = classes.names.iter().position(|n| n == class) else {
        return Err(Error::NotFound(format!(
            "no class named {class:?} in the snapshot"
        )));
    };
    let mut nodes: Vec<u32> = (0..snap.node_count() as u32)
        .filter(|&n| classes.of(snap, n) == c as u32)
        .collect();
    nodes.sort_by(|&x, &y| a.retained_size(y).cmp(&a.retained_size(x)).then(x.cmp(&y)));
    Ok(nodes)
}
