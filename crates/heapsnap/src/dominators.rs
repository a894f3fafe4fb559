//! Lengauer–Tarjan dominators (the "simple" version with path compression),
//! step for step as Chrome DevTools' heap snapshot worker runs it, including
//! how it attaches nodes that the root does not reach:
//!
//! 1. DFS from the root over essential edges, in edge order;
//! 2. then, in node order, every unvisited node without essential retainers
//!    ("only weak retainers") becomes a DFS root whose parent is the root;
//! 3. then every node still unvisited (cliques retaining each other) gets
//!    the root as parent, individually.
//!
//! Arrays are 1-indexed (vertex `v` = ordinal + 1, 0 = none), like the paper.

use crate::bitset::BitSet;
use crate::mem;
use crate::snapshot::HeapSnapshot;

/// Predecessors over essential edges only, as a CSR: sources of the essential
/// edges into node `n` are `preds[first[n]..first[n + 1]]`.
pub(crate) struct EssentialPreds {
    pub(crate) first: Vec<u32>,
    pub(crate) preds: Vec<u32>,
}

impl EssentialPreds {
    pub(crate) fn build(snap: &HeapSnapshot, essential: &BitSet) -> Self {
        let n = snap.node_count();
        let mut first: Vec<u32> = mem::zeroed(n + 1);
        for e in 0..snap.edge_count() {
            if essential.get(e) {
                first[snap.edge_to(e) as usize + 1] += 1;
            }
        }
        let preds = mem::fill_csr(&mut first, |put| {
            for src in 0..n as u32 {
                for e in snap.edges_of(src) {
                    if essential.get(e) {
                        put(snap.edge_to(e) as usize, src);
                    }
                }
            }
        });
        EssentialPreds { first, preds }
    }

    fn of(&self, n: usize) -> &[u32] {
        &self.preds[self.first[n] as usize..self.first[n + 1] as usize]
    }
}

/// The dominator tree: `idom[n]` is the ordinal of `n`'s immediate dominator
/// (the root dominates itself), and `order` lists ordinals in DFS preorder,
/// so every node comes after its dominator.
pub(crate) struct DominatorTree {
    pub(crate) idom: Vec<u32>,
    pub(crate) order: Vec<u32>,
    /// Nodes attached to the root in steps 2 and 3 (not reachable from it).
    pub(crate) unreachable: u32,
}

pub(crate) fn build(
    snap: &HeapSnapshot,
    essential: &BitSet,
    preds: &EssentialPreds,
) -> DominatorTree {
    let node_count = snap.node_count();
    let len = node_count + 1;
    let mut parent = mem::zeroed(len);
    let mut vertex = mem::zeroed(len);
    let mut label = mem::zeroed(len);
    let mut semi = mem::zeroed(len);
    // Doubles as the DFS's "next edge to examine" per ordinal until the main loop.
    let mut dom = mem::zeroed(len);
    let mut n: u32 = 0;
    let first_edge = &snap.first_edge;

    let dfs = |root: u32,
               parent: &mut [u32],
               semi: &mut [u32],
               vertex: &mut [u32],
               label: &mut [u32],
               next: &mut [u32],
               seen: &mut BitSet,
               n: &mut u32| {
        next[root as usize - 1] = first_edge[root as usize - 1];
        let mut v = root;
        while v != 0 {
            if semi[v as usize] == 0 {
                *n += 1;
                seen.set(v as usize);
                semi[v as usize] = *n;
                vertex[*n as usize] = v;
                label[v as usize] = v;
            }
            let mut v_next = parent[v as usize];
            let vo = v as usize - 1;
            let end = first_edge[vo + 1];
            while next[vo] < end {
                let e = next[vo] as usize;
                if essential.get(e) {
                    let wo = snap.edge_to(e) as usize;
                    let w = wo + 1;
                    // A bit set stays in cache; `semi` is 4 bytes per node.
                    if !seen.get(w) {
                        parent[w] = v;
                        next[wo] = first_edge[wo];
                        v_next = w as u32;
                        break;
                    }
                }
                next[vo] += 1;
            }
            v = v_next;
        }
    };

    let r = snap.root() + 1;
    let mut seen = BitSet::new(len);
    dfs(
        r,
        &mut parent,
        &mut semi,
        &mut vertex,
        &mut label,
        &mut dom,
        &mut seen,
        &mut n,
    );
    let reached = n;
    if (n as usize) < node_count {
        for v in 1..=node_count as u32 {
            if semi[v as usize] == 0 && preds.of(v as usize - 1).is_empty() {
                parent[v as usize] = r;
                dfs(
                    v,
                    &mut parent,
                    &mut semi,
                    &mut vertex,
                    &mut label,
                    &mut dom,
                    &mut seen,
                    &mut n,
                );
            }
        }
    }
    if (n as usize) < node_count {
        for v in 1..=node_count as u32 {
            if semi[v as usize] == 0 {
                parent[v as usize] = r;
                n += 1;
                semi[v as usize] = n;
                vertex[n as usize] = v;
                label[v as usize] = v;
            }
        }
    }
    dom.iter_mut().for_each(|d| *d = 0);

    // Bucket lists: heads here, "next" links in `dom` (a vertex's `dom` is
    // written exactly when it leaves its bucket, so the two never overlap).
    let mut bucket_head = mem::zeroed(len);
    let mut stack: Vec<u32> = Vec::new();
    // LT's `ancestor` forest is stored in `parent`: a vertex gets linked (its
    // ancestor becomes its parent) exactly when it is processed, so
    // "ancestor[v] != 0" is "v is processed" (a bit), and compression may then
    // overwrite `parent[v]`, which is never read again once v is processed.
    let mut linked = BitSet::new(len);
    let mut eval =
        |v: u32, ancestor: &mut [u32], linked: &BitSet, label: &mut [u32], semi: &[u32]| -> u32 {
            if !linked.get(v as usize) {
                return v;
            }
            // compress(v), iteratively.
            let mut x = v;
            while linked.get(ancestor[x as usize] as usize) {
                stack.push(x);
                x = ancestor[x as usize];
            }
            while let Some(w) = stack.pop() {
                let w = w as usize;
                let a = ancestor[w] as usize;
                if semi[label[a] as usize] < semi[label[w] as usize] {
                    label[w] = label[a];
                }
                ancestor[w] = ancestor[a];
            }
            label[v as usize]
        };

    for i in (2..=n).rev() {
        let w = vertex[i as usize];
        let wo = w as usize - 1;
        let ps = preds.of(wo);
        if ps.is_empty() {
            // Orphans have the root as their only predecessor.
            semi[w as usize] = semi[r as usize];
        }
        for &p in ps {
            let u = eval(p + 1, &mut parent, &linked, &mut label, &semi);
            if semi[u as usize] < semi[w as usize] {
                semi[w as usize] = semi[u as usize];
            }
        }
        let s = vertex[semi[w as usize] as usize] as usize;
        dom[w as usize] = bucket_head[s];
        bucket_head[s] = w;
        let pw = parent[w as usize];
        // link(pw, w): ancestor[w] = parent[w], already in place.
        linked.set(w as usize);
        let mut v = std::mem::take(&mut bucket_head[pw as usize]);
        while v != 0 {
            let next = dom[v as usize];
            let u = eval(v, &mut parent, &linked, &mut label, &semi);
            dom[v as usize] = if semi[u as usize] < semi[v as usize] {
                u
            } else {
                pw
            };
            v = next;
        }
    }
    // Vertices left in never-processed buckets keep dom = 0, as in DevTools.
    for head in bucket_head.iter_mut() {
        let mut v = std::mem::take(head);
        while v != 0 {
            let next = dom[v as usize];
            dom[v as usize] = 0;
            v = next;
        }
    }
    drop((bucket_head, label, parent, linked));

    dom[0] = r;
    dom[r as usize] = r;
    for i in 2..=n {
        let w = vertex[i as usize] as usize;
        if dom[w] != vertex[semi[w] as usize] {
            dom[w] = dom[dom[w] as usize];
        }
    }
    drop(semi);
    // To ordinals, in place: idom[o] = dom[o + 1] - 1, order[i] = vertex[i + 1] - 1.
    let mut idom = dom;
    idom.copy_within(1.., 0);
    idom.truncate(node_count);
    idom.iter_mut().for_each(|d| *d -= 1);
    let mut order = vertex;
    order.copy_within(1..=n as usize, 0);
    order.truncate(n as usize);
    order.iter_mut().for_each(|v| *v -= 1);
    DominatorTree {
        idom,
        order,
        unreachable: n - reached,
    }
}
