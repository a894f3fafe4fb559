//! Chrome DevTools' snapshot initialisation, in the same order and with the
//! same rules (`HeapSnapshot.ts`/`JSHeapSnapshot`): page-owned flags,
//! distances from the user roots, shallow-size redistribution, essential
//! edges, dominators (see `dominators`) and retained sizes.

use std::collections::{HashSet, VecDeque};

use regex::Regex;

use crate::bitset::BitSet;
use crate::classes::Classes;
use crate::dominators;
use crate::mem;
use crate::parallel::try_spawn;
use crate::sizes::Sizes;
use crate::snapshot::HeapSnapshot;
use crate::summary;

/// Shallow-size owner markers (`calculateShallowSizes`).
const UNVISITED: u32 = u32::MAX;
const MULTIPLE: u32 = u32::MAX - 1;

/// Distance DevTools gives nodes it cannot reach from the root.
pub const NO_DISTANCE: i32 = -5;
/// Distances at or above this mean "reached only through system roots"
/// (DevTools' `baseSystemDistance`; their sizes are its "system" statistic).
pub const BASE_SYSTEM_DISTANCE: i32 = 100_000_000;

/// Up to this many nodes (at most about 17 MB of distance column),
/// distances are computed on a second thread during the dominator pass;
/// above it they start afterwards, so that big snapshots stay within their
/// memory budget (peak no larger than the file).
const PARALLEL_DISTANCES_MAX_NODES: usize = 1 << 22;

/// Results of [`HeapSnapshot::analyze`].
#[derive(Debug, Clone)]
pub struct Analysis {
    pub(crate) idom: Vec<u32>,
    pub(crate) order: Vec<u32>,
    pub(crate) retained: Sizes,
    pub(crate) distance: Vec<i32>,
    pub(crate) unreachable: u32,
    pub(crate) redistributed: bool,
    pub(crate) classes: Classes,
    /// Retained size per class id (see `summary::class_retained_sizes`).
    pub(crate) class_retained: Vec<u64>,
}

impl Analysis {
    /// Retained size of node `n`: self sizes of all nodes it dominates.
    pub fn retained_size(&self, n: u32) -> u64 {
        self.retained.get(n)
    }

    /// Ordinal of node `n`'s immediate dominator (the root's is itself).
    pub fn dominator(&self, n: u32) -> u32 {
        self.idom[n as usize]
    }

    /// DevTools' distance of node `n` from the user roots ([`NO_DISTANCE`]
    /// if unreachable, `>= BASE_SYSTEM_DISTANCE` if only system roots reach it).
    pub fn distance(&self, n: u32) -> i32 {
        self.distance[n as usize]
    }

    /// Nodes the root does not reach over essential edges (DevTools warns
    /// about them and attaches them to the root).
    pub fn unreachable_count(&self) -> u32 {
        self.unreachable
    }

    /// Whether hidden/array self sizes were moved into their single owner
    /// (DevTools does so only when the snapshot has user roots, i.e. was not
    /// taken with `exposeInternals`).
    pub fn shallow_sizes_redistributed(&self) -> bool {
        self.redistributed
    }

    /// Nodes in dominator-tree preorder (each after its dominator).
    pub fn preorder(&self) -> &[u32] {
        &self.order
    }

    /// Dominator-tree children as a CSR: children of `n` are
    /// `children[first[n]..first[n + 1]]`.
    pub fn dominated(&self) -> (Vec<u32>, Vec<u32>) {
        let n = self.idom.len();
        let mut first: Vec<u32> = mem::zeroed(n + 1);
        for (o, &d) in self.idom.iter().enumerate() {
            if d as usize != o {
                first[d as usize + 1] += 1;
            }
        }
        let children = mem::fill_csr(&mut first, |put| {
            for &o in &self.order {
                let d = self.idom[o as usize];
                if d != o {
                    put(d as usize, o);
                }
            }
        });
        (first, children)
    }
}

/// Recognises V8's WeakMap ephemeron edge names, e.g.
/// `"3 / part of key (Object @5) -> value (Array @7) pair in WeakMap (table @9)"`.
pub(crate) struct WeakMapNames {
    re: Regex,
    /// Per string index: 0 unknown, 1 not an ephemeron name, 2 is one.
    state: Vec<u8>,
}

impl WeakMapNames {
    pub(crate) fn new(strings: usize) -> Self {
        WeakMapNames {
            re: Regex::new(
                r"^[0-9]+( / part of key \(.*? @[0-9]+\) -> value \(.*? @[0-9]+\) pair in WeakMap \(table @([0-9]+)\))$",
            )
            .expect("static regex"),
            state: vec![0; strings],
        }
    }

    /// For an ephemeron edge name: (the part after the index, the table id).
    pub(crate) fn parse<'a>(
        &mut self,
        snap: &'a HeapSnapshot,
        name: u32,
    ) -> Option<(&'a str, u64)> {
        let st = self.state.get(name as usize).copied()?;
        if st == 1 {
            return None;
        }
        let s = snap.strings.get(name);
        match self.re.captures(s) {
            Some(c) => {
                self.state[name as usize] = 2;
                let dup = c.get(1).map(|m| m.as_str()).unwrap_or("");
                let table = c
                    .get(2)
                    .and_then(|m| m.as_str().parse().ok())
                    .unwrap_or(u64::MAX);
                Some((dup, table))
            }
            None => {
                self.state[name as usize] = 1;
                None
            }
        }
    }
}

impl HeapSnapshot {
    fn is_synthetic(&self, n: u32) -> bool {
        Some(self.node_type(n)) == self.node_types.synthetic
    }

    fn is_document_dom_trees_root(&self, n: u32) -> bool {
        self.is_synthetic(n) && self.node_name(n) == "(Document DOM trees)"
    }

    /// DevTools' `JSHeapSnapshot.isUserRoot`: a non-synthetic child of the
    /// root (a global object) or the document DOM trees root.
    fn is_user_root(&self, n: u32) -> bool {
        !self.is_synthetic(n) || self.is_document_dom_trees_root(n)
    }

    fn user_roots(&self) -> Vec<u32> {
        self.edges_of(self.root)
            .map(|e| self.edge_to(e))
            .filter(|&c| self.is_user_root(c))
            .collect()
    }

    /// `markPageOwnedNodes`: everything reachable, over non-weak edges, from
    /// the root's shortcut edges (user globals) and the document DOM trees.
    fn page_owned(&self) -> BitSet {
        let mut flags = BitSet::new(self.node_count());
        let mut stack = Vec::new();
        let et = &self.edge_types;
        for e in self.edges_of(self.root) {
            let t = Some(self.edge_type(e));
            let to = self.edge_to(e);
            if t == et.element {
                if !self.is_document_dom_trees_root(to) {
                    continue;
                }
            } else if t != et.shortcut {
                continue;
            }
            stack.push(to);
            flags.set(to as usize);
        }
        while let Some(n) = stack.pop() {
            for e in self.edges_of(n) {
                let c = self.edge_to(e);
                if flags.get(c as usize) || Some(self.edge_type(e)) == et.weak {
                    continue;
                }
                stack.push(c);
                flags.set(c as usize);
            }
        }
        flags
    }

    /// `calculateDistances` with `JSHeapSnapshot`'s edge filter.
    fn distances(&self, weakmaps: &mut WeakMapNames) -> Vec<i32> {
        let n = self.node_count();
        let mut dist = mem::filled(n, NO_DISTANCE);
        // Only the frontier is kept (a ring buffer), not every node reached.
        let mut queue: VecDeque<u32> = VecDeque::new();
        let mut pending: HashSet<&str> = HashSet::new();
        // Visited flags as bits: the per-edge check then stays in cache.
        let mut seen = BitSet::new(n);
        let special = self.special_for_distances();
        let mut roots = 0;
        for c in self.user_roots() {
            dist[c as usize] = 1;
            seen.set(c as usize);
            queue.push_back(c);
            roots += 1;
        }
        self.bfs(
            &mut queue,
            &mut dist,
            &mut seen,
            &special,
            weakmaps,
            &mut pending,
        );
        dist[self.root as usize] = if roots > 0 { BASE_SYSTEM_DISTANCE } else { 0 };
        seen.set(self.root as usize);
        queue.clear();
        queue.push_back(self.root);
        self.bfs(
            &mut queue,
            &mut dist,
            &mut seen,
            &special,
            weakmaps,
            &mut pending,
        );
        dist
    }

    /// Nodes whose edges the distance walk filters: native contexts and
    /// descriptor arrays (one sequential pass instead of reading each
    /// dequeued node's type and name at random).
    fn special_for_distances(&self) -> BitSet {
        let nt = &self.node_types;
        let native_context_names = self.string_indices("system / NativeContext");
        let descriptors_names = self.string_indices("(map descriptors)");
        let mut special = BitSet::new(self.node_count());
        if native_context_names.is_empty() && descriptors_names.is_empty() {
            return special;
        }
        for (n, (&t, name)) in self.node_type.iter().zip(&self.node_name).enumerate() {
            let t = Some(t);
            if (t == nt.hidden && native_context_names.contains(name))
                || (t == nt.array && descriptors_names.contains(name))
            {
                special.set(n);
            }
        }
        special
    }

    /// Breadth-first from the nodes in `queue`, which all have the same
    /// distance; levels are contiguous in the queue, so each node's
    /// distance is its level's.
    #[allow(clippy::too_many_arguments)]
    fn bfs<'a>(
        &'a self,
        queue: &mut VecDeque<u32>,
        dist: &mut [i32],
        seen: &mut BitSet,
        special: &BitSet,
        weakmaps: &mut WeakMapNames,
        pending: &mut HashSet<&'a str>,
    ) {
        let et = &self.edge_types;
        let nt = &self.node_types;
        let native_context_names = self.string_indices("system / NativeContext");
        let descriptors_names = self.string_indices("(map descriptors)");
        let sloppy_names = self.string_indices("sloppy_function_map");
        let Some(&first) = queue.front() else {
            return;
        };
        let mut d = dist[first as usize] + 1;
        // Entries of the current level still queued.
        let mut level_left = queue.len();
        loop {
            if level_left == 0 {
                d += 1;
                level_left = queue.len();
            }
            // Fetch ahead: the edge ranges of nodes a few places on, then
            // their first edges.
            if let Some(&ahead) = queue.get(16) {
                mem::prefetch(&self.first_edge, ahead as usize);
            }
            if let Some(&ahead) = queue.get(8) {
                let e = self.first_edge[ahead as usize] as usize;
                mem::prefetch(&self.edge_type, e);
                mem::prefetch(&self.edge_to, e);
            }
            let Some(n) = queue.pop_front() else {
                break;
            };
            level_left -= 1;
            let (native_context, descriptors) = if special.get(n as usize) {
                let ty = Some(self.node_type(n));
                let name = self.node_name_index(n);
                (
                    ty == nt.hidden && native_context_names.contains(&name),
                    ty == nt.array && descriptors_names.contains(&name),
                )
            } else {
                (false, false)
            };
            for e in self.edges_of(n) {
                let t = self.edge_type(e);
                if Some(t) == et.weak {
                    continue;
                }
                let c = self.edge_to(e);
                if seen.get(c as usize) {
                    continue;
                }
                if native_context
                    && !et.has_index_name(t)
                    && sloppy_names.contains(&self.edge_name_or_index(e))
                {
                    continue;
                }
                if descriptors {
                    // Skip the key slots of descriptor arrays (crbug.com/413608).
                    if let Some(index) = parse_int_prefix(&self.edge_name(e)) {
                        if index >= 2 && index % 3 == 1 {
                            continue;
                        }
                    }
                } else if Some(t) == et.internal {
                    // Reach a WeakMap value through the later of its two edges.
                    if let Some((dup, _)) = weakmaps.parse(self, self.edge_name[e]) {
                        if !pending.remove(dup) {
                            pending.insert(dup);
                            continue;
                        }
                    }
                }
                dist[c as usize] = d;
                seen.set(c as usize);
                queue.push_back(c);
            }
        }
    }

    /// `calculateShallowSizes`, first half: the single owner of each hidden
    /// and array node (`None` when DevTools skips the step: no user roots).
    /// Reads the graph only, so it can run beside other passes.
    fn shallow_size_owners(&self) -> Option<Vec<u32>> {
        if self.user_roots().is_empty() {
            return None;
        }
        let n = self.node_count();
        let nt = &self.node_types;
        let mut owners: Vec<u32> = mem::zeroed(n);
        let mut work: Vec<u32> = Vec::new();
        for (i, owner) in owners.iter_mut().enumerate() {
            let t = Some(self.node_type[i]);
            if t == nt.hidden || t == nt.array {
                *owner = UNVISITED;
            } else {
                *owner = i as u32;
                work.push(i as u32);
            }
        }
        let weak = self.edge_types.weak;
        while let Some(id) = work.pop() {
            let owner = owners[id as usize];
            for e in self.edges_of(id) {
                if Some(self.edge_type(e)) == weak {
                    continue;
                }
                let target = self.edge_to(e);
                let cur = owners[target as usize];
                if cur == UNVISITED {
                    owners[target as usize] = owner;
                    work.push(target);
                } else if cur == target || cur == owner || cur == MULTIPLE {
                } else {
                    owners[target as usize] = MULTIPLE;
                    work.push(target);
                }
            }
        }
        Some(owners)
    }

    /// `calculateShallowSizes`, second half: hidden and array nodes owned by
    /// exactly one other node give their self size to it. Returns whether
    /// sizes were redistributed.
    fn move_shallow_sizes(&mut self, owners: Option<Vec<u32>>) -> bool {
        let Some(owners) = owners else {
            return false;
        };
        for i in 0..self.node_count() as u32 {
            let owner = owners[i as usize];
            if owner == UNVISITED || owner == MULTIPLE || owner == i {
                continue;
            }
            if self.is_synthetic(owner) || owner == self.root {
                continue;
            }
            let moved = self.self_size(i);
            self.set_self_size(i, 0);
            let total = self.self_size(owner) + moved;
            self.set_self_size(owner, total);
        }
        true
    }

    /// `computeIsEssentialEdge` for every edge: the edges that can retain.
    fn essential_edges(&self, page: &BitSet, weakmaps: &mut WeakMapNames) -> BitSet {
        let et = &self.edge_types;
        let mut bits = BitSet::new(self.edge_count());
        for n in 0..self.node_count() as u32 {
            let id = self.node_id(n) as u64;
            let n_page = page.get(n as usize);
            for e in self.edges_of(n) {
                let t = Some(self.edge_type(e));
                if t == et.internal {
                    if let Some((_, table)) = weakmaps.parse(self, self.edge_name[e]) {
                        // WeakMap values are retained through the key, not the table.
                        if table == id {
                            continue;
                        }
                    }
                }
                if t == et.weak {
                    continue;
                }
                let c = self.edge_to(e);
                if c == n {
                    continue;
                }
                if n != self.root {
                    if t == et.shortcut {
                        continue;
                    }
                    // Edges from non-page-owned to page-owned nodes (e.g. the
                    // debugger's) must not steal dominance.
                    if page.get(c as usize) && !n_page {
                        continue;
                    }
                }
                bits.set(e);
            }
        }
        bits
    }

    /// Runs DevTools' analysis: distances, shallow-size redistribution (which
    /// changes [`HeapSnapshot::self_size`] as DevTools shows it), dominators and
    /// retained sizes. Requires edges (see [`crate::ParseOptions`]).
    pub fn analyze(&mut self) -> Analysis {
        self.analyze_with(&mut |_| {})
    }

    /// [`HeapSnapshot::analyze`], reporting each phase's name to `phase`.
    pub fn analyze_with(&mut self, phase: &mut dyn FnMut(&str)) -> Analysis {
        assert!(
            self.has_edges(),
            "analyze() needs a snapshot parsed with edges"
        );
        let two_cores = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
        let this: &HeapSnapshot = self;
        // Shallow-size owners (graph only, 4 bytes per node) on a second core
        // while this one marks page-owned nodes and essential edges, which
        // is far below the dominator pass's peak memory.
        let (essential, owners) = std::thread::scope(|scope| {
            let owners = two_cores
                .then(|| try_spawn(scope, || this.shallow_size_owners()))
                .flatten();
            phase("flags");
            let page = this.page_owned();
            phase("essential edges");
            let essential = this.essential_edges(&page, &mut WeakMapNames::new(this.strings.len()));
            let owners = match owners {
                Some(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                None => this.shallow_size_owners(),
            };
            (essential, owners)
        });
        phase("shallow sizes");
        let redistributed = self.move_shallow_sizes(owners);
        let this: &HeapSnapshot = self;
        std::thread::scope(|scope| {
            // Distances depend only on the graph. On a second core they run
            // alongside the dominator pass when their column (4 bytes per
            // node) is small; otherwise they start after it, so that they
            // do not add to its peak memory, beside the passes that follow.
            let spawn = || {
                try_spawn(scope, move || {
                    this.distances(&mut WeakMapNames::new(this.strings.len()))
                })
            };
            let early = this.node_count() <= PARALLEL_DISTANCES_MAX_NODES && two_cores;
            let mut distances = if early { spawn() } else { None };
            phase("dominators");
            let tree = dominators::build(this, essential);
            if two_cores && distances.is_none() {
                distances = spawn();
            }
            phase("retained sizes");
            let mut retained = Sizes::zeroed(this.node_count());
            for n in 0..this.node_count() as u32 {
                retained.set(n, this.self_size(n));
            }
            for &o in tree.order.iter().skip(1).rev() {
                let d = tree.idom[o as usize];
                retained.add(d, retained.get(o));
            }
            let mut analysis = Analysis {
                idom: tree.idom,
                order: tree.order,
                retained,
                distance: Vec::new(),
                unreachable: tree.unreachable,
                redistributed,
                classes: Classes::compute(this),
                class_retained: Vec::new(),
            };
            phase("class sizes");
            analysis.class_retained =
                summary::class_retained_sizes(this, &analysis.classes, &analysis);
            phase("distances");
            analysis.distance = match distances {
                Some(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                None => this.distances(&mut WeakMapNames::new(this.strings.len())),
            };
            analysis
        })
    }
}

/// JavaScript's `parseInt(s, 10)` for the non-negative case: leading ASCII
/// digits (after optional whitespace), `None` if there are none.
fn parse_int_prefix(s: &str) -> Option<u64> {
    let t = s.trim_start();
    let digits: &str = &t[..t.bytes().take_while(u8::is_ascii_digit).count()];
    if digits.is_empty() {
        None
    } else {
        Some(digits.parse().unwrap_or(u64::MAX))
    }
}
