//! `heapsnap diff`: what changed between two snapshots of one isolate, per
//! class, matching objects by V8 object id (ids are stable across snapshots),
//! as DevTools' Comparison view does (nodes with self size 0 are ignored).

use std::collections::HashMap;

use serde::Serialize;

use crate::classes::Classes;
use crate::snapshot::HeapSnapshot;

/// Changes of one class between the old and the new snapshot.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ClassDiff {
    /// Class name.
    pub name: String,
    /// Objects only in the new snapshot.
    pub added_count: u64,
    /// Objects only in the old snapshot.
    pub removed_count: u64,
    /// `added_count - removed_count`.
    pub count_delta: i64,
    /// Self size of the added objects.
    pub added_size: u64,
    /// Self size of the removed objects.
    pub removed_size: u64,
    /// Objects present in both whose self size grew (e.g. arrays).
    pub grown_count: u64,
    /// Net self-size change of objects present in both.
    pub grown_size: i64,
    /// Net change of the class's total self size.
    pub size_delta: i64,
}

/// Result of [`diff()`].
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    /// Nodes in the old snapshot.
    pub old_node_count: u64,
    /// Nodes in the new snapshot.
    pub new_node_count: u64,
    /// Sum of all self sizes, old.
    pub old_total_size: u64,
    /// Sum of all self sizes, new.
    pub new_total_size: u64,
    /// Classes that changed, largest `size_delta` first.
    pub classes: Vec<ClassDiff>,
}

/// (class, id, self size) of every node with a non-zero self size, sorted.
fn keyed(
    snap: &HeapSnapshot,
    classes: &Classes,
    global: &mut HashMap<String, u32>,
) -> (Vec<(u32, u32, u64)>, u64) {
    let local_to_global: Vec<u32> = classes
        .names
        .iter()
        .map(|name| {
            let next = global.len() as u32;
            *global.entry(name.clone()).or_insert(next)
        })
        .collect();
    let mut out = Vec::with_capacity(snap.node_count());
    let mut total = 0;
    for n in 0..snap.node_count() as u32 {
        let s = snap.self_size(n);
        if s == 0 {
            continue;
        }
        total += s;
        out.push((
            local_to_global[classes.of(snap, n) as usize],
            snap.node_id(n),
            s,
        ));
    }
    out.sort_unstable();
    (out, total)
}

/// Compares two snapshots (edges are not needed: parse them with
/// `ParseOptions { edges: false }` to halve memory).
pub fn diff(old: &HeapSnapshot, new: &HeapSnapshot) -> Diff {
    let mut global: HashMap<String, u32> = HashMap::new();
    let (a, old_total) = keyed(old, &Classes::compute(old), &mut global);
    let (b, new_total) = keyed(new, &Classes::compute(new), &mut global);
    let mut names = vec![String::new(); global.len()];
    for (name, id) in global {
        names[id as usize] = name;
    }
    let mut rows: Vec<ClassDiff> = names
        .into_iter()
        .map(|name| ClassDiff {
            name,
            added_count: 0,
            removed_count: 0,
            count_delta: 0,
            added_size: 0,
            removed_size: 0,
            grown_count: 0,
            grown_size: 0,
            size_delta: 0,
        })
        .collect();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let ka = a.get(i).map(|x| (x.0, x.1));
        let kb = b.get(j).map(|x| (x.0, x.1));
        match (ka, kb) {
            (Some(x), Some(y)) if x == y => {
                let (old_size, new_size) = (a[i].2, b[j].2);
                if new_size != old_size {
                    let r = &mut rows[x.0 as usize];
                    if new_size > old_size {
                        r.grown_count += 1;
                    }
                    r.grown_size += new_size as i64 - old_size as i64;
                }
                i += 1;
                j += 1;
            }
            (Some(x), y) if y.is_none() || x < y.unwrap() => {
                let r = &mut rows[x.0 as usize];
                r.removed_count += 1;
                r.removed_size += a[i].2;
                i += 1;
            }
            (_, Some(y)) => {
                let r = &mut rows[y.0 as usize];
                r.added_count += 1;
                r.added_size += b[j].2;
                j += 1;
            }
            (_, None) => unreachable!("loop condition guarantees one side"),
        }
    }
    for r in &mut rows {
        r.count_delta = r.added_count as i64 - r.removed_count as i64;
        r.size_delta = r.added_size as i64 - r.removed_size as i64 + r.grown_size;
    }
    rows.retain(|r| r.added_count + r.removed_count + r.grown_count > 0 || r.grown_size != 0);
    rows.sort_by(|x, y| {
        y.size_delta
            .cmp(&x.size_delta)
            .then(y.count_delta.cmp(&x.count_delta))
            .then_with(|| x.name.cmp(&y.name))
    });
    Diff {
        old_node_count: old.node_count() as u64,
        new_node_count: new.node_count() as u64,
        old_total_size: old_total,
        new_total_size: new_total,
        classes: rows,
    }
}
