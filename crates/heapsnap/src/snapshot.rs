//! The in-memory heap graph: compact columns, one entry per node or edge.

use std::collections::HashMap;

use crate::bitset::Packed2;
use crate::strings::StringTable;

/// Sentinel in the 32-bit self-size column: the real size is in the overflow map.
pub(crate) const BIG_SELF_SIZE: u32 = u32::MAX;

/// Indices of the node types the analysis needs, resolved from
/// `snapshot.meta.node_types` (never hard-coded). `None` if the snapshot's
/// schema has no such type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeTypes {
    /// All type names in the file's order.
    pub names: Vec<String>,
    pub(crate) hidden: Option<u8>,
    pub(crate) array: Option<u8>,
    pub(crate) object: Option<u8>,
    pub(crate) native: Option<u8>,
    pub(crate) synthetic: Option<u8>,
    pub(crate) code: Option<u8>,
    pub(crate) closure: Option<u8>,
    pub(crate) regexp: Option<u8>,
}

impl NodeTypes {
    pub(crate) fn new(names: Vec<String>) -> Self {
        let find = |n: &str| names.iter().position(|s| s == n).map(|i| i as u8);
        NodeTypes {
            hidden: find("hidden"),
            array: find("array"),
            object: find("object"),
            native: find("native"),
            synthetic: find("synthetic"),
            code: find("code"),
            closure: find("closure"),
            regexp: find("regexp"),
            names,
        }
    }

    /// The name of type index `t`.
    pub fn name(&self, t: u8) -> &str {
        self.names
            .get(t as usize)
            .map(String::as_str)
            .unwrap_or("?")
    }
}

/// Indices of the edge types, resolved from `snapshot.meta.edge_types`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EdgeTypes {
    /// All type names in the file's order.
    pub names: Vec<String>,
    pub(crate) element: Option<u8>,
    pub(crate) hidden: Option<u8>,
    pub(crate) internal: Option<u8>,
    pub(crate) shortcut: Option<u8>,
    pub(crate) weak: Option<u8>,
}

impl EdgeTypes {
    pub(crate) fn new(names: Vec<String>) -> Self {
        let find = |n: &str| names.iter().position(|s| s == n).map(|i| i as u8);
        EdgeTypes {
            element: find("element"),
            hidden: find("hidden"),
            internal: find("internal"),
            shortcut: find("shortcut"),
            weak: find("weak"),
            names,
        }
    }

    /// The name of type index `t`.
    pub fn name(&self, t: u8) -> &str {
        self.names
            .get(t as usize)
            .map(String::as_str)
            .unwrap_or("?")
    }

    /// Whether edges of type `t` carry a numeric index instead of a string
    /// index in `name_or_index` (V8: `element` and `hidden`).
    pub fn has_index_name(&self, t: u8) -> bool {
        Some(t) == self.element || Some(t) == self.hidden
    }
}

/// A parsed heap snapshot as compact columns (struct of arrays).
///
/// Nodes are addressed by their *ordinal* (position in the file's `nodes`
/// array divided by the number of node fields), edges by their position in
/// `edges`. Edges of node `n` are `first_edge[n]..first_edge[n + 1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeapSnapshot {
    pub(crate) node_types: NodeTypes,
    pub(crate) edge_types: EdgeTypes,
    pub(crate) root: u32,
    pub(crate) node_type: Vec<u8>,
    pub(crate) node_name: Vec<u32>,
    pub(crate) node_id: Vec<u32>,
    pub(crate) self_size: Vec<u32>,
    pub(crate) big_self_size: HashMap<u32, u64>,
    /// Two bits per node.
    pub(crate) detachedness: Packed2,
    /// `node_count + 1` prefix sums of `edge_count` (empty if edges were skipped).
    pub(crate) first_edge: Vec<u32>,
    pub(crate) edge_type: Vec<u8>,
    pub(crate) edge_name: Vec<u32>,
    pub(crate) edge_to: Vec<u32>,
    pub(crate) strings: StringTable,
    pub(crate) trace_function_count: u64,
    pub(crate) file_size: u64,
}

impl HeapSnapshot {
    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.node_type.len()
    }

    /// Number of edges (0 if the snapshot was parsed without edges).
    pub fn edge_count(&self) -> usize {
        self.edge_to.len()
    }

    /// Whether edges were loaded (see [`crate::ParseOptions::edges`]).
    pub fn has_edges(&self) -> bool {
        !self.first_edge.is_empty()
    }

    /// Ordinal of the synthetic root node (0 unless `snapshot.root_index` says otherwise).
    pub fn root(&self) -> u32 {
        self.root
    }

    /// The string table.
    pub fn strings(&self) -> &StringTable {
        &self.strings
    }

    /// Node type names from the file's meta.
    pub fn node_types(&self) -> &NodeTypes {
        &self.node_types
    }

    /// Edge type names from the file's meta.
    pub fn edge_types(&self) -> &EdgeTypes {
        &self.edge_types
    }

    /// Bytes read from the input.
    pub fn file_size(&self) -> u64 {
        self.file_size
    }

    /// Type index of node `n`.
    #[inline]
    pub fn node_type(&self, n: u32) -> u8 {
        self.node_type[n as usize]
    }

    /// Type name of node `n` (e.g. `"object"`).
    pub fn node_type_name(&self, n: u32) -> &str {
        self.node_types.name(self.node_type(n))
    }

    /// Raw name of node `n` (constructor name, string value, `"system / Map"`...).
    pub fn node_name(&self, n: u32) -> &str {
        self.strings.get(self.node_name[n as usize])
    }

    /// String-table index of node `n`'s name.
    #[inline]
    pub fn node_name_index(&self, n: u32) -> u32 {
        self.node_name[n as usize]
    }

    /// V8's object id of node `n` (stable across snapshots of one isolate).
    #[inline]
    pub fn node_id(&self, n: u32) -> u32 {
        self.node_id[n as usize]
    }

    /// Shallow size of node `n` in bytes.
    #[inline]
    pub fn self_size(&self, n: u32) -> u64 {
        let s = self.self_size[n as usize];
        if s == BIG_SELF_SIZE {
            self.big_self_size.get(&n).copied().unwrap_or(s as u64)
        } else {
            s as u64
        }
    }

    pub(crate) fn set_self_size(&mut self, n: u32, size: u64) {
        if size >= BIG_SELF_SIZE as u64 {
            self.self_size[n as usize] = BIG_SELF_SIZE;
            self.big_self_size.insert(n, size);
        } else {
            self.self_size[n as usize] = size as u32;
            if !self.big_self_size.is_empty() {
                self.big_self_size.remove(&n);
            }
        }
    }

    /// Detachedness of node `n` (0 unknown, 1 attached, 2 detached; values
    /// above 2, which V8 does not write, read as 3).
    pub fn detachedness(&self, n: u32) -> u8 {
        self.detachedness.get(n as usize).unwrap_or(0)
    }

    /// Range of edge indices leaving node `n`.
    #[inline]
    pub fn edges_of(&self, n: u32) -> std::ops::Range<usize> {
        self.first_edge[n as usize] as usize..self.first_edge[n as usize + 1] as usize
    }

    /// Type index of edge `e`.
    #[inline]
    pub fn edge_type(&self, e: usize) -> u8 {
        self.edge_type[e]
    }

    /// Target node ordinal of edge `e`.
    #[inline]
    pub fn edge_to(&self, e: usize) -> u32 {
        self.edge_to[e]
    }

    /// Raw `name_or_index` of edge `e`.
    #[inline]
    pub fn edge_name_or_index(&self, e: usize) -> u32 {
        self.edge_name[e]
    }

    /// Display name of edge `e`: the property/variable name, or the index
    /// for element and hidden edges.
    pub fn edge_name(&self, e: usize) -> String {
        let t = self.edge_type[e];
        if self.edge_types.has_index_name(t) {
            self.edge_name[e].to_string()
        } else {
            self.strings.get(self.edge_name[e]).to_string()
        }
    }

    /// All string-table indices holding `s` (V8 stores each string once).
    pub(crate) fn string_indices(&self, s: &str) -> Vec<u32> {
        (0..self.strings.len() as u32)
            .filter(|&i| self.strings.get(i) == s)
            .collect()
    }

    /// Finds the node ordinal with V8 object id `id`.
    pub fn find_by_id(&self, id: u32) -> Option<u32> {
        self.node_id.iter().position(|&x| x == id).map(|i| i as u32)
    }

    /// Approximate bytes held by this structure's columns.
    pub fn heap_bytes(&self) -> usize {
        self.node_type.capacity()
            + self.node_name.capacity() * 4
            + self.node_id.capacity() * 4
            + self.self_size.capacity() * 4
            + self.detachedness.capacity_bytes()
            + self.first_edge.capacity() * 4
            + self.edge_type.capacity()
            + self.edge_name.capacity() * 4
            + self.edge_to.capacity() * 4
            + self.strings.heap_bytes()
    }
}
