//! `heapsnap summary`: per-class count, shallow and retained size, plus
//! DevTools' statistics (total, native, code, strings, JS arrays, system).

use serde::Serialize;

use crate::analysis::{Analysis, BASE_SYSTEM_DISTANCE};
use crate::bitset::BitSet;
use crate::classes::Classes;
use crate::mem;
use crate::snapshot::HeapSnapshot;

/// One row of the summary: all nodes of one class (constructor name for
/// objects, `(string)`, `(system)`, `Function`... for the rest).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ClassSummary {
    /// Class name as DevTools shows it.
    pub name: String,
    /// Number of nodes with a non-zero self size.
    pub count: u64,
    /// Sum of their self (shallow) sizes.
    pub self_size: u64,
    /// Retained size of the class: retained sizes of its top-most members in
    /// the dominator tree (nested members are not counted twice).
    pub retained_size: u64,
    /// Smallest distance from the user roots among its members.
    pub distance: i32,
}

/// DevTools' "Statistics" pie.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Statistics {
    /// Retained size of the root.
    pub total: u64,
    /// `total - native`.
    pub v8heap: u64,
    /// Self sizes of `native` nodes.
    pub native: u64,
    /// Self sizes of `code` nodes.
    pub code: u64,
    /// Self sizes of strings (plain, concatenated, sliced).
    pub strings: u64,
    /// `Array` objects plus their `elements` store when not shared.
    pub js_arrays: u64,
    /// Self sizes of nodes only reachable through system roots.
    pub system: u64,
}

/// Result of [`summarize`].
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Bytes of the snapshot file.
    pub file_size: u64,
    /// Number of nodes.
    pub node_count: u64,
    /// Number of edges.
    pub edge_count: u64,
    /// Nodes the root does not reach over retaining edges.
    pub unreachable_nodes: u32,
    /// DevTools' statistics.
    pub statistics: Statistics,
    /// Classes, largest retained size first.
    pub classes: Vec<ClassSummary>,
}

/// Builds the per-class summary of an analysed snapshot.
pub fn summarize(snap: &HeapSnapshot, analysis: &Analysis) -> Summary {
    let classes = &analysis.classes;
    let k = classes.names.len();
    let mut count = vec![0u64; k];
    let mut self_size = vec![0u64; k];
    let mut distance = vec![i32::MAX; k];
    for n in 0..snap.node_count() as u32 {
        let s = snap.self_size(n);
        if s == 0 {
            continue;
        }
        let c = classes.of(snap, n) as usize;
        count[c] += 1;
        self_size[c] += s;
        distance[c] = distance[c].min(analysis.distance(n));
    }

    let retained = &analysis.class_retained;

    let mut rows: Vec<ClassSummary> = (0..k)
        .filter(|&c| count[c] > 0)
        .map(|c| ClassSummary {
            name: classes.names[c].clone(),
            count: count[c],
            self_size: self_size[c],
            retained_size: retained[c],
            distance: distance[c],
        })
        .collect();
    rows.sort_by(|a, b| {
        b.retained_size
            .cmp(&a.retained_size)
            .then_with(|| a.name.cmp(&b.name))
    });
    Summary {
        file_size: snap.file_size(),
        node_count: snap.node_count() as u64,
        edge_count: snap.edge_count() as u64,
        unreachable_nodes: analysis.unreachable_count(),
        statistics: statistics(snap, analysis),
        classes: rows,
    }
}

fn statistics(snap: &HeapSnapshot, analysis: &Analysis) -> Statistics {
    let names: Vec<&str> = snap.node_types.names.iter().map(String::as_str).collect();
    let ty = |name: &str| names.iter().position(|&t| t == name).map(|i| i as u8);
    let (native, code) = (ty("native"), ty("code"));
    let strings = [ty("string"), ty("concatenated string"), ty("sliced string")];
    let internal = snap.edge_types.internal;
    let mut st = Statistics {
        total: analysis.retained_size(snap.root()),
        ..Statistics::default()
    };
    let array_names = snap.string_indices("Array");
    let elements_names = snap.string_indices("elements");
    // Arrays' `elements` stores, counted only if that is their sole retainer.
    let mut elements_of: Vec<(u32, u32)> = Vec::new();
    for n in 0..snap.node_count() as u32 {
        let size = snap.self_size(n);
        if analysis.distance(n) >= BASE_SYSTEM_DISTANCE {
            st.system += size;
            continue;
        }
        let t = Some(snap.node_type(n));
        if t == native {
            st.native += size;
        } else if t == code {
            st.code += size;
        } else if strings.contains(&t) {
            st.strings += size;
        } else if array_names.contains(&snap.node_name_index(n)) {
            st.js_arrays += size;
            if let Some(e) = snap.edges_of(n).find(|&e| {
                Some(snap.edge_type(e)) == internal
                    && elements_names.contains(&snap.edge_name_or_index(e))
            }) {
                elements_of.push((n, snap.edge_to(e)));
            }
        }
    }
    let mut wanted = BitSet::new(snap.node_count());
    for &(_, el) in &elements_of {
        wanted.set(el as usize);
    }
    // Retained once / more than once, for the wanted stores only.
    let mut once = BitSet::new(snap.node_count());
    let mut more = BitSet::new(snap.node_count());
    for &to in &snap.edge_to {
        let to = to as usize;
        if wanted.get(to) {
            if once.get(to) {
                more.set(to);
            } else {
                once.set(to);
            }
        }
    }
    for &(_, el) in &elements_of {
        if !more.get(el as usize) {
            st.js_arrays += snap.self_size(el);
        }
    }
    st.v8heap = st.total - st.native.min(st.total);
    st
}

/// `calculateClassesRetainedSize`: walks the dominator tree; a node counts
/// unless an ancestor of the same class already counted. Run by the
/// analysis while its memory use is lowest (before distances).
pub(crate) fn class_retained_sizes(
    snap: &HeapSnapshot,
    classes: &Classes,
    analysis: &Analysis,
) -> Vec<u64> {
    let k = classes.names.len();
    let mut retained = vec![0u64; k];
    let (first, children) = analysis.dominated();
    let mut on_path = vec![false; k];
    let mut stack: Vec<u32> = vec![snap.root()];
    // (stack length when the subtree is done, class to clear then).
    let mut exits: Vec<(usize, u32)> = Vec::new();
    while let Some(n) = stack.pop() {
        // The tree walk visits nodes in no useful memory order: fetch the
        // columns of a node a few pops ahead.
        if let Some(&ahead) = stack.len().checked_sub(4).and_then(|i| stack.get(i)) {
            let a = ahead as usize;
            mem::prefetch(&snap.node_type, a);
            mem::prefetch(&snap.node_name, a);
            mem::prefetch(&snap.self_size, a);
            mem::prefetch(analysis.retained.small(), a);
            mem::prefetch(&first, a);
        }
        let c = classes.of(snap, n);
        let kids = &children[first[n as usize] as usize..first[n as usize + 1] as usize];
        if !on_path[c as usize] && snap.self_size(n) != 0 {
            retained[c as usize] += analysis.retained_size(n);
            if !kids.is_empty() {
                on_path[c as usize] = true;
                exits.push((stack.len(), c));
            }
        }
        stack.extend_from_slice(kids);
        while let Some(&(len, class)) = exits.last() {
            if len != stack.len() {
                break;
            }
            on_path[class as usize] = false;
            exits.pop();
        }
    }
    retained
}
