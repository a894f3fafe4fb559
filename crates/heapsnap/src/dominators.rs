//! Dominators over essential edges, with Chrome DevTools' rules for nodes
//! that the root does not reach:
//!
//! 1. DFS from the root over essential edges, in edge order;
//! 2. then, in node order, every unvisited node without essential retainers
//!    ("only weak retainers") becomes a DFS root whose parent is the root;
//! 3. then every node still unvisited (cliques retaining each other) gets
//!    the root as parent, individually, and as its dominator.
//!
//! Steps 1 and 2 build a valid DFS tree of the essential graph plus an edge
//! from the root to each step-2 root, so the immediate dominators there are
//! that graph's (unique) ones, whatever algorithm finds them. DevTools runs
//! Lengauer–Tarjan; here it is SEMI-NCA (Georgiadis' semidominators by
//! path compression, then the nearest common ancestor walk), which gives
//! the same tree. Step-3 nodes come last in DFS order and only retain each
//! other, so in DevTools' run their candidates never win against a step 1
//! or 2 node's own; they are left out of the computation.
//!
//! Everything after the DFS is indexed by DFS number (the root is 1), so the
//! main loops read their arrays sequentially.

use crate::bitset::BitSet;
use crate::mem;
use crate::snapshot::HeapSnapshot;

/// The dominator tree: `idom[n]` is the ordinal of `n`'s immediate dominator
/// (the root dominates itself), and `order` lists ordinals in DFS preorder,
/// so every node comes after its dominator.
pub(crate) struct DominatorTree {
    pub(crate) idom: Vec<u32>,
    pub(crate) order: Vec<u32>,
    /// Nodes attached to the root in steps 2 and 3 (not reachable from it).
    pub(crate) unreachable: u32,
}

/// DFS numbering. Per ordinal: DFS number (low half, 0 = unvisited) and
/// the DFS parent's number (high half), packed so that building the
/// predecessor lists reads both with one random access.
struct Numbering {
    info: Vec<u64>,
    /// `vertex[i]` is the ordinal with DFS number `i` (`vertex[0]` unused).
    vertex: Vec<u32>,
    seen: BitSet,
    count: u32,
}

impl Numbering {
    fn number(&mut self, o: u32, parent: u32) -> u32 {
        self.count += 1;
        let i = self.count;
        self.info[o as usize] = i as u64 | (parent as u64) << 32;
        self.vertex[i as usize] = o;
        self.seen.set(o as usize);
        i
    }

    /// Numbers everything reachable from `start` (unvisited) over essential
    /// edges, in DevTools' order, with `parent` as `start`'s parent number.
    fn dfs(&mut self, snap: &HeapSnapshot, essential: &BitSet, start: u32, parent: u32) {
        let first_edge = &snap.first_edge;
        let range = |o: u32| (first_edge[o as usize], first_edge[o as usize + 1]);
        // (DFS number, next edge, end of edges) per open vertex.
        let mut stack: Vec<(u32, u32, u32)> = Vec::new();
        let i = self.number(start, parent);
        let (from, to) = range(start);
        stack.push((i, from, to));
        while let Some(top) = stack.last_mut() {
            let (v, ref mut e, end) = *top;
            let mut child = None;
            while *e < end {
                let edge = *e as usize;
                *e += 1;
                // Later siblings are likely children too: fetch their edge
                // ranges, then their edges, before the walk gets there.
                if let Some(&ahead) = snap.edge_to.get(edge + 8) {
                    mem::prefetch(first_edge, ahead as usize);
                }
                if let Some(&ahead) = snap.edge_to.get(edge + 4) {
                    let f = first_edge[ahead as usize] as usize;
                    mem::prefetch(&snap.edge_to, f);
                    mem::prefetch(essential.words(), f / 64);
                }
                if essential.get(edge) {
                    let w = snap.edge_to(edge);
                    if !self.seen.get(w as usize) {
                        child = Some(w);
                        break;
                    }
                }
            }
            match child {
                Some(w) => {
                    let i = self.number(w, v);
                    let (from, to) = range(w);
                    stack.push((i, from, to));
                }
                None => {
                    stack.pop();
                }
            }
        }
    }
}

/// Essential predecessors grouped by the DFS number of their target, as DFS
/// numbers, built after the DFS so that the main loop, which visits
/// vertices in reverse DFS order, reads them back to front: no per-vertex
/// offsets array (4 bytes per node at the peak), just a bit per group
/// start. Only sources numbered above their target are kept: for the others
/// the candidate semidominator is the source itself, so only their minimum
/// matters, which goes straight into the target's `semi` (with the DFS
/// parent's number). Edges from and to step-3 vertices are left out.
struct PredGroups {
    /// Group `i` (targets with DFS number `i`) precedes group `i + 1`,
    /// sources in node order within a group.
    preds: Vec<u32>,
    /// Bit `k` set: `preds[k]` starts a group.
    starts: BitSet,
    /// Bit `i` set: the group of DFS number `i` is not empty.
    nonempty: BitSet,
    /// Groups not yet handed out are `preds[..end]`.
    end: usize,
}

impl PredGroups {
    /// `counts` is a zeroed scratch array of `walked + 1` entries; `semi`
    /// (by DFS number, 0 = no candidate yet) receives the smallest source
    /// numbered below each target.
    fn build(
        snap: &HeapSnapshot,
        essential: &BitSet,
        info: &[u64],
        walked: u32,
        counts: &mut [u32],
        semi: &mut [u32],
    ) -> Self {
        let edge_to = &snap.edge_to;
        // Calls `pred(target, source)` for every essential edge that matters.
        let each = |pred: &mut dyn FnMut(u32, u32)| {
            for src in 0..snap.node_count() as u32 {
                let s = info[src as usize] as u32;
                if s > walked {
                    continue;
                }
                for e in snap.edges_of(src) {
                    // The targets' entries are random accesses: ask for
                    // them a few edges ahead.
                    if let Some(&ahead) = edge_to.get(e + 16) {
                        mem::prefetch(info, ahead as usize);
                    }
                    if !essential.get(e) {
                        continue;
                    }
                    let t = info[edge_to[e] as usize];
                    let (w, parent) = (t as u32, (t >> 32) as u32);
                    if w <= walked && parent != s && w != 1 {
                        pred(w, s);
                    }
                }
            }
        };
        // Bucket b = DFS number - 1 lives in counts[b + 1], as fill_csr wants.
        each(&mut |w, s| {
            if s > w {
                counts[w as usize] += 1;
            } else {
                let m = &mut semi[w as usize];
                if *m == 0 || s < *m {
                    *m = s;
                }
            }
        });
        let preds = mem::fill_csr(counts, |put| {
            each(&mut |w, s| {
                if s > w {
                    put(w as usize - 1, s);
                }
            })
        });
        PredGroups::from_csr(preds, counts)
    }

    /// Groups from `fill_csr`'s output: `preds` bucketed by DFS number - 1,
    /// `counts` the bucket offsets it left behind.
    fn from_csr(preds: Vec<u32>, counts: &[u32]) -> Self {
        let mut starts = BitSet::new(preds.len() + 1);
        let mut nonempty = BitSet::new(counts.len() + 1);
        for (b, w) in counts.windows(2).enumerate() {
            if w[0] < w[1] {
                starts.set(w[0] as usize);
                nonempty.set(b + 1);
            }
        }
        let end = preds.len();
        PredGroups {
            preds,
            starts,
            nonempty,
            end,
        }
    }

    /// The group of DFS number `i`; groups must be asked for from the last
    /// number down.
    fn group(&mut self, i: u32) -> &[u32] {
        if !self.nonempty.get(i as usize) {
            return &[];
        }
        let end = self.end;
        let mut start = end - 1;
        while !self.starts.get(start) {
            start -= 1;
        }
        self.end = start;
        &self.preds[start..end]
    }
}

/// Takes the essential-edge set to free it as soon as the groups are built.
pub(crate) fn build(snap: &HeapSnapshot, essential: BitSet) -> DominatorTree {
    let node_count = snap.node_count();
    let len = node_count + 1;
    let mut num = Numbering {
        info: mem::zeroed(node_count),
        vertex: mem::zeroed(len),
        seen: BitSet::new(node_count),
        count: 0,
    };
    let root = snap.root();
    num.dfs(snap, &essential, root, 0);
    let reached = num.count;
    if (reached as usize) < node_count {
        // Step 2 needs to know which nodes have essential retainers.
        let mut retained = BitSet::new(node_count);
        for (e, &to) in snap.edge_to.iter().enumerate() {
            if essential.get(e) {
                retained.set(to as usize);
            }
        }
        for o in 0..node_count as u32 {
            if !num.seen.get(o as usize) && !retained.get(o as usize) {
                num.dfs(snap, &essential, o, 1);
            }
        }
    }
    let walked = num.count;
    if (walked as usize) < node_count {
        for o in 0..node_count as u32 {
            if !num.seen.get(o as usize) {
                num.number(o, 1);
            }
        }
    }
    let n = num.count;
    let Numbering {
        info, vertex, seen, ..
    } = num;
    drop(seen);

    let mut counts: Vec<u32> = mem::zeroed(walked as usize + 1);
    let mut semi: Vec<u32> = mem::zeroed(walked as usize + 1);
    let mut groups = PredGroups::build(snap, &essential, &info, walked, &mut counts, &mut semi);
    drop((counts, essential));
    // Parent numbers by DFS number (the root's is 0); the parent is also a
    // candidate semidominator.
    let mut parent: Vec<u32> = mem::zeroed(walked as usize + 1);
    for i in 2..=walked as usize {
        let p = (info[vertex[i] as usize] >> 32) as u32;
        parent[i] = p;
        if semi[i] == 0 || p < semi[i] {
            semi[i] = p;
        }
    }
    drop(info);

    // Semidominators, in reverse DFS order. The link-eval forest: a vertex
    // is linked (to its parent) exactly when it is processed, so "linked" is
    // "number above the current one"; `label` holds the smallest semi on the
    // compressed path.
    let mut label: Vec<u32> = mem::zeroed(walked as usize + 1);
    let mut ancestor = parent.clone();
    let mut path: Vec<u32> = Vec::new();
    for w in (2..=walked).rev() {
        let mut s = semi[w as usize];
        for &v in groups.group(w) {
            s = s.min(eval(v, w, &mut ancestor, &mut label, &mut path));
        }
        semi[w as usize] = s;
        label[w as usize] = s;
    }
    drop((groups, ancestor));

    // Immediate dominators: the nearest ancestor of the parent whose number
    // is at most semi (ancestors' idoms are known first). Stored in `label`.
    let mut idom = label;
    idom[1] = 1;
    for w in 2..=walked as usize {
        let mut d = parent[w];
        while d > semi[w] {
            d = idom[d as usize];
        }
        idom[w] = d;
    }
    drop((semi, parent));

    // To ordinals: idom[o] and order[i] = vertex[i + 1].
    let mut by_ordinal: Vec<u32> = mem::zeroed(node_count);
    for i in 1..=n as usize {
        let d = if i <= walked as usize { idom[i] } else { 1 };
        by_ordinal[vertex[i] as usize] = vertex[d as usize];
    }
    drop(idom);
    let mut order = vertex;
    order.remove(0);
    order.truncate(n as usize);
    DominatorTree {
        idom: by_ordinal,
        order,
        unreachable: n - reached,
    }
}

/// Smallest `label` on the forest path from `v` (processed) up to, not
/// including, the first unprocessed vertex (number `<= current`),
/// compressing the path on the way (iteratively: paths can be long).
#[inline]
fn eval(v: u32, current: u32, ancestor: &mut [u32], label: &mut [u32], path: &mut Vec<u32>) -> u32 {
    let mut x = v;
    while ancestor[x as usize] > current {
        path.push(x);
        x = ancestor[x as usize];
    }
    // `x` is the top of the path; each vertex below takes the smaller label
    // of its ancestor and skips to the ancestor's ancestor.
    while let Some(y) = path.pop() {
        let y = y as usize;
        let a = ancestor[y] as usize;
        if label[a] < label[y] {
            label[y] = label[a];
        }
        ancestor[y] = ancestor[a];
    }
    label[v as usize]
}

#[cfg(test)]
mod lt_oracle;

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{build, lt_oracle};
    use crate::bitset::BitSet;
    use crate::snapshot::HeapSnapshot;

    /// A graph of `n` nodes with `edges` (source, target, essential).
    fn graph(n: usize, root: u32, mut edges: Vec<(u32, u32, bool)>) -> (HeapSnapshot, BitSet) {
        edges.sort_by_key(|e| e.0);
        let mut snap = HeapSnapshot {
            node_type: vec![0; n],
            root,
            ..HeapSnapshot::default()
        };
        let mut first_edge = vec![0u32; n + 1];
        for &(s, _, _) in &edges {
            first_edge[s as usize + 1] += 1;
        }
        for i in 0..n {
            first_edge[i + 1] += first_edge[i];
        }
        snap.first_edge = first_edge;
        snap.edge_to = edges.iter().map(|e| e.1).collect();
        let mut essential = BitSet::new(edges.len());
        for (i, e) in edges.iter().enumerate() {
            if e.2 {
                essential.set(i);
            }
        }
        (snap, essential)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Same tree, order and unreachable count as the Lengauer–Tarjan run
        /// (DevTools' algorithm), also for nodes the root does not reach:
        /// weakly held ones, and cycles that only retain each other.
        #[test]
        fn same_tree_as_lengauer_tarjan(
            n in 1usize..60,
            root in any::<prop::sample::Index>(),
            raw in proptest::collection::vec(
                (any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0u8..5), 0..150),
        ) {
            let edges: Vec<(u32, u32, bool)> = raw
                .iter()
                .map(|(a, b, k)| (a.index(n) as u32, b.index(n) as u32, *k > 0))
                .collect();
            let root = root.index(n) as u32;
            let (snap, essential) = graph(n, root, edges);
            let ours = build(&snap, essential.clone());
            let theirs = lt_oracle::build(&snap, essential);
            prop_assert_eq!(&ours.idom, &theirs.idom);
            prop_assert_eq!(&ours.order, &theirs.order);
            prop_assert_eq!(ours.unreachable, theirs.unreachable);
        }
    }

    #[test]
    fn long_chains_do_not_recurse() {
        let n = 200_000u32;
        let mut edges: Vec<(u32, u32, bool)> = (0..n - 1).map(|i| (i, i + 1, true)).collect();
        edges.push((n - 1, 1, true));
        let (snap, essential) = graph(n as usize, 0, edges);
        let tree = build(&snap, essential);
        assert_eq!(tree.idom[n as usize - 1], n - 2);
        assert_eq!(tree.order.len(), n as usize);
    }
}
