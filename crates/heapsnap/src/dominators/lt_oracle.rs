//! Test oracle: the previous Lengauer–Tarjan implementation (the "simple"
//! version with path compression), step for step as Chrome DevTools' heap
//! snapshot worker runs it (checked against DevTools' numbers), including
//! how it attaches nodes that the root does not reach:
//!
//! 1. DFS from the root over essential edges, in edge order;
//! 2. then, in node order, every unvisited node without essential retainers
//!    ("only weak retainers") becomes a DFS root whose parent is the root;
//! 3. then every node still unvisited (cliques retaining each other) gets
//!    the root as parent, individually.
//!
//! Arrays are 1-indexed (vertex `v` = ordinal + 1, 0 = none), like the paper.

use super::PredGroups;
use crate::bitset::BitSet;
use crate::mem;
use crate::snapshot::HeapSnapshot;

/// The dominator tree: `idom[n]` is the ordinal of `n`'s immediate dominator
/// (the root dominates itself), and `order` lists ordinals in DFS preorder,
/// so every node comes after its dominator.
pub(super) struct DominatorTree {
    pub(crate) idom: Vec<u32>,
    pub(crate) order: Vec<u32>,
    /// Nodes attached to the root in steps 2 and 3 (not reachable from it).
    pub(crate) unreachable: u32,
}

/// The oracle's predecessor grouping: every essential predecessor except the
/// DFS parent, in the shared [`PredGroups`] layout.
impl PredGroups {
    /// `counts` is a zeroed scratch array of `n + 1` entries; `number[v]` is
    /// the DFS number (1..=n) of vertex `v` (ordinal + 1).
    fn build_oracle(
        snap: &HeapSnapshot,
        essential: &BitSet,
        number: &[u32],
        parent: &[u32],
        counts: &mut [u32],
    ) -> Self {
        let edge_to = &snap.edge_to;
        // Bucket b = DFS number - 1 lives in counts[b + 1], as fill_csr wants.
        let each = |put: &mut dyn FnMut(usize, u32)| {
            for src in 0..snap.node_count() as u32 {
                for e in snap.edges_of(src) {
                    let w = edge_to[e] as usize + 1;
                    if essential.get(e) && parent[w] != src + 1 {
                        put(number[w] as usize - 1, src);
                    }
                }
            }
        };
        each(&mut |b, _| counts[b + 1] += 1);
        let preds = mem::fill_csr(counts, each);
        PredGroups::from_csr(preds, counts)
    }
}

/// Takes the essential-edge set to free it as soon as the groups are built.
pub(super) fn build(snap: &HeapSnapshot, essential: BitSet) -> DominatorTree {
    let node_count = snap.node_count();
    let len = node_count + 1;
    // Nodes with essential retainers (DevTools' step 2 test), by vertex.
    let mut retained = BitSet::new(len);
    for (e, &to) in snap.edge_to.iter().enumerate() {
        if essential.get(e) {
            retained.set(to as usize + 1);
        }
    }
    let mut parent = mem::zeroed(len);
    let mut vertex = mem::zeroed(len);
    let mut semi = mem::zeroed(len);
    // The DFS's "next edge to examine" per ordinal.
    let mut dom = mem::zeroed(len);
    let mut n: u32 = 0;
    let first_edge = &snap.first_edge;

    let dfs = |root: u32,
               parent: &mut [u32],
               semi: &mut [u32],
               vertex: &mut [u32],
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
        &mut dom,
        &mut seen,
        &mut n,
    );
    let reached = n;
    if (n as usize) < node_count {
        for v in 1..=node_count as u32 {
            if semi[v as usize] == 0 && !retained.get(v as usize) {
                parent[v as usize] = r;
                dfs(
                    v,
                    &mut parent,
                    &mut semi,
                    &mut vertex,
                    &mut dom,
                    &mut seen,
                    &mut n,
                );
            }
        }
    }
    let walked = n;
    drop(retained);
    if (n as usize) < node_count {
        for v in 1..=node_count as u32 {
            if semi[v as usize] == 0 {
                parent[v as usize] = r;
                n += 1;
                semi[v as usize] = n;
                vertex[n as usize] = v;
            }
        }
    }
    drop(seen);
    // Free the DFS cursors now; a fresh `dom` (untouched zero pages) is
    // allocated after the groups, so the two never coexist (peak memory).
    drop(dom);
    // `semi` still holds each vertex's DFS number. `label` is the scratch
    // array for grouping, then starts as the identity.
    let mut label: Vec<u32> = mem::zeroed(len);
    let mut groups = PredGroups::build_oracle(snap, &essential, &semi, &parent, &mut label);
    drop(essential);
    let mut dom: Vec<u32> = mem::zeroed(len);
    label
        .iter_mut()
        .enumerate()
        .for_each(|(v, l)| *l = v as u32);

    // LT's `ancestor` forest is stored in `parent`: a vertex gets linked (its
    // ancestor becomes its parent) exactly when it is processed, so
    // "ancestor[v] != 0" is "v is processed" (a bit), and compression may then
    // overwrite `parent[v]`, which is never read again once v is processed.
    let mut forest = Forest {
        ancestor: parent,
        label,
        linked: BitSet::new(len),
        stack: Vec::new(),
    };
    for i in (2..=n).rev() {
        let w = vertex[i as usize];
        // Orphans (no essential retainers) are exactly the roots of step 2.
        let orphan = i > reached
            && i <= walked
            && forest.ancestor[w as usize] == r
            && !groups.nonempty.get(i as usize);
        if orphan {
            // Orphans have the root as their only predecessor.
            semi[w as usize] = semi[r as usize];
        } else {
            if i <= walked {
                // The DFS parent's candidate (see PredGroups); vertices
                // attached in step 3 have no edge from their parent.
                semi[w as usize] = semi[forest.ancestor[w as usize] as usize];
            }
            for &p in groups.group(i) {
                let u = forest.eval(p + 1, &semi);
                if semi[u as usize] < semi[w as usize] {
                    semi[w as usize] = semi[u as usize];
                }
            }
        }
        // w has DFS children iff the next vertex in DFS order is its child
        // (that entry is intact: compression never points it at w).
        let kids = i < n && forest.ancestor[vertex[i as usize + 1] as usize] == w;
        forest.empty_bucket(w, kids, &mut dom, &semi);
        let s = vertex[semi[w as usize] as usize];
        if s != w {
            dom[w as usize] = dom[s as usize];
            dom[s as usize] = w;
        }
        // link(parent[w], w): ancestor[w] = parent[w], already in place.
        forest.linked.set(w as usize);
    }
    forest.empty_bucket(r, n >= 2, &mut dom, &semi);
    drop((groups, forest));

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

/// LT's link-eval forest (ancestors with path compression and labels).
struct Forest {
    ancestor: Vec<u32>,
    label: Vec<u32>,
    /// Processed (linked) vertices.
    linked: BitSet,
    stack: Vec<u32>,
}

impl Forest {
    fn eval(&mut self, v: u32, semi: &[u32]) -> u32 {
        if !self.linked.get(v as usize) {
            return v;
        }
        let (ancestor, label) = (&mut self.ancestor, &mut self.label);
        // compress(v), iteratively.
        let mut x = v;
        while self.linked.get(ancestor[x as usize] as usize) {
            self.stack.push(x);
            x = ancestor[x as usize];
        }
        while let Some(w) = self.stack.pop() {
            let w = w as usize;
            let a = ancestor[w] as usize;
            if semi[label[a] as usize] < semi[label[w] as usize] {
                label[w] = label[a];
            }
            ancestor[w] = ancestor[a];
        }
        label[v as usize]
    }

    /// Buckets. DevTools (like the paper) empties bucket(p) after linking
    /// each child of p; a member v then evaluates the path from v up to the
    /// child of p above it. Nothing on that path changes until p itself is
    /// linked, so bucket(p) is emptied once, just before p is linked, with
    /// the same results, and only if p has children (otherwise DevTools never
    /// empties it and its members keep dom = 0). Until then `dom[p]` is free
    /// and holds the bucket's head; the "next" links are in the members'
    /// `dom`, which is written exactly when they leave the bucket.
    fn empty_bucket(&mut self, p: u32, has_kids: bool, dom: &mut [u32], semi: &[u32]) {
        let mut v = std::mem::take(&mut dom[p as usize]);
        while v != 0 {
            let next = dom[v as usize];
            dom[v as usize] = if !has_kids {
                0
            } else {
                let u = self.eval(v, semi);
                if semi[u as usize] < semi[v as usize] {
                    u
                } else {
                    p
                }
            };
            v = next;
        }
    }
}
