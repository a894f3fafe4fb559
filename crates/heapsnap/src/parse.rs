//! Streaming parser: `.heapsnapshot` JSON → [`HeapSnapshot`] columns.
//!
//! The field layout comes from `snapshot.meta` (Node 20 writes 7 node fields,
//! V8 15.2 writes 6; location fields differ too), so nothing positional is
//! hard-coded. Sections are read in the order V8 writes them; `nodes` and
//! `edges` must follow `snapshot`, and `edges` must follow `nodes`.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, ParseError};
use crate::mem;
use crate::parallel;
use crate::scanner::{Result, Scanner};
use crate::snapshot::{EdgeTypes, HeapSnapshot, NodeTypes, BIG_SELF_SIZE};
use crate::strings::StringTable;

/// Largest accepted `snapshot` header (meta + counts); V8's is ~1 KiB.
pub(crate) const MAX_HEADER: usize = 1 << 20;

/// What to load.
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    /// Load the `edges` section. Without edges only node columns and strings
    /// are kept, which is all [`crate::diff()`] needs (about half the memory).
    pub edges: bool,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions { edges: true }
    }
}

#[derive(Deserialize)]
struct RawHeader {
    meta: RawMeta,
    node_count: u64,
    edge_count: u64,
    #[serde(default)]
    trace_function_count: u64,
    #[serde(default)]
    root_index: Option<u64>,
}

#[derive(Deserialize)]
struct RawMeta {
    node_fields: Vec<String>,
    node_types: Vec<serde_json::Value>,
    edge_fields: Vec<String>,
    edge_types: Vec<serde_json::Value>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NodeField {
    Type,
    Name,
    Id,
    SelfSize,
    EdgeCount,
    Detachedness,
    Other,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum EdgeField {
    Type,
    NameOrIndex,
    ToNode,
    Other,
}

pub(crate) struct Layout {
    node_fields: Vec<NodeField>,
    edge_fields: Vec<EdgeField>,
    node_types: NodeTypes,
    edge_types: EdgeTypes,
    node_count: u64,
    edge_count: u64,
    trace_function_count: u64,
    root_index: Option<u64>,
}

impl Layout {
    /// Numbers in `"nodes"` and in `"edges"` as the header declares them
    /// (`None` on overflow).
    pub(crate) fn declared_values(&self) -> Option<(u64, u64)> {
        Some((
            self.node_count.checked_mul(self.node_fields.len() as u64)?,
            self.edge_count.checked_mul(self.edge_fields.len() as u64)?,
        ))
    }

    /// Header counts of nodes and edges.
    pub(crate) fn counts(&self) -> (u64, u64) {
        (self.node_count, self.edge_count)
    }
}

fn enum_names(
    types: &[serde_json::Value],
    at: usize,
    what: &str,
    offset: u64,
) -> Result<Vec<String>> {
    let list = types.get(at).and_then(|v| v.as_array()).ok_or_else(|| {
        ParseError::schema(offset, format!("meta.{what}[{at}] is not a list of names"))
    })?;
    let names: Option<Vec<String>> = list.iter().map(|v| v.as_str().map(str::to_owned)).collect();
    let names = names.ok_or_else(|| {
        ParseError::schema(offset, format!("meta.{what}[{at}] has a non-string entry"))
    })?;
    if names.len() > 255 {
        return Err(ParseError::schema(
            offset,
            format!("meta.{what}[{at}] has more than 255 types"),
        ));
    }
    Ok(names)
}

pub(crate) fn parse_header(bytes: &[u8], offset: u64) -> Result<Layout> {
    let raw: RawHeader = serde_json::from_slice(bytes)
        .map_err(|e| ParseError::schema(offset, format!("bad \"snapshot\" header: {e}")))?;
    let m = &raw.meta;
    let pos = |fields: &[String], name: &str| fields.iter().position(|f| f == name);
    for required in ["type", "name", "id", "self_size", "edge_count"] {
        if pos(&m.node_fields, required).is_none() {
            return Err(ParseError::schema(
                offset,
                format!("meta.node_fields lacks \"{required}\""),
            ));
        }
    }
    for required in ["type", "name_or_index", "to_node"] {
        if pos(&m.edge_fields, required).is_none() {
            return Err(ParseError::schema(
                offset,
                format!("meta.edge_fields lacks \"{required}\""),
            ));
        }
    }
    let node_fields = m
        .node_fields
        .iter()
        .map(|f| match f.as_str() {
            "type" => NodeField::Type,
            "name" => NodeField::Name,
            "id" => NodeField::Id,
            "self_size" => NodeField::SelfSize,
            "edge_count" => NodeField::EdgeCount,
            "detachedness" => NodeField::Detachedness,
            _ => NodeField::Other,
        })
        .collect();
    let edge_fields = m
        .edge_fields
        .iter()
        .map(|f| match f.as_str() {
            "type" => EdgeField::Type,
            "name_or_index" => EdgeField::NameOrIndex,
            "to_node" => EdgeField::ToNode,
            _ => EdgeField::Other,
        })
        .collect();
    let nt = enum_names(
        &m.node_types,
        pos(&m.node_fields, "type").unwrap_or(0),
        "node_types",
        offset,
    )?;
    let et = enum_names(
        &m.edge_types,
        pos(&m.edge_fields, "type").unwrap_or(0),
        "edge_types",
        offset,
    )?;
    Ok(Layout {
        node_fields,
        edge_fields,
        node_types: NodeTypes::new(nt),
        edge_types: EdgeTypes::new(et),
        node_count: raw.node_count,
        edge_count: raw.edge_count,
        trace_function_count: raw.trace_function_count,
        root_index: raw.root_index,
    })
}

/// Parses a snapshot from any reader. `size_hint` (the file length, if known)
/// bounds pre-allocation so a lying header cannot make us allocate without
/// limit; `progress` is called with the number of bytes read so far.
pub fn parse_reader<R: Read>(
    reader: R,
    options: ParseOptions,
    size_hint: Option<u64>,
    progress: Option<&mut dyn FnMut(u64)>,
) -> std::result::Result<HeapSnapshot, ParseError> {
    let mut read: u64 = 0;
    let mut progress = progress;
    let mut total = |n: u64| {
        read += n;
        if let Some(p) = progress.as_mut() {
            p(read)
        }
    };
    let mut sc = Scanner::new(reader, Some(&mut total));
    let mut loader = Loader::new(options, size_hint);
    sc.expect(b'{', "the top-level object")?;
    loader.members(&mut sc, true)?;
    let end = sc.offset();
    expect_end(&mut sc)?;
    loader.finish(end)
}

/// Only whitespace may follow the top-level object.
pub(crate) fn expect_end<R: Read>(sc: &mut Scanner<'_, R>) -> Result<()> {
    if !sc.at_end()? {
        return Err(ParseError::syntax(
            sc.offset(),
            "unexpected data after the top-level object",
        ));
    }
    Ok(())
}

/// The top-level sections read so far and the columns they filled.
pub(crate) struct Loader {
    options: ParseOptions,
    budget: u64,
    pub(crate) snap: HeapSnapshot,
    pub(crate) layout: Option<Layout>,
    have_nodes: bool,
    pub(crate) have_edges: bool,
    have_strings: bool,
    edge_count_sum: u64,
    /// Set when another thread reads "snapshot", "nodes" and "edges": they
    /// are then an error here (the caller falls back to a serial parse).
    pub(crate) tail_only: bool,
}

impl Loader {
    pub(crate) fn new(options: ParseOptions, size_hint: Option<u64>) -> Self {
        Loader {
            options,
            budget: size_hint.unwrap_or(1 << 24),
            snap: HeapSnapshot::default(),
            layout: None,
            have_nodes: false,
            have_edges: false,
            have_strings: false,
            edge_count_sum: 0,
            tail_only: false,
        }
    }

    pub(crate) fn budget(&self) -> u64 {
        self.budget
    }

    /// Reads members of the top-level object up to and including its `}`;
    /// `first` if no member was read yet (no comma expected).
    pub(crate) fn members<R: Read>(
        &mut self,
        sc: &mut Scanner<'_, R>,
        mut first: bool,
    ) -> Result<()> {
        let mut key = Vec::new();
        loop {
            let b = sc.peek_non_ws("the top-level object")?;
            if b == b'}' {
                sc.next("the top-level object")?;
                return Ok(());
            }
            if !first {
                sc.expect(b',', "the top-level object")?;
            }
            first = false;
            key.clear();
            sc.read_string(&mut key, 256, "a top-level key")?;
            sc.expect(b':', "the top-level object")?;
            let at = sc.offset();
            self.section(sc, &key, at)?;
        }
    }

    /// Reads the value of top-level member `key` (which starts at `at`).
    fn section<R: Read>(&mut self, sc: &mut Scanner<'_, R>, key: &[u8], at: u64) -> Result<()> {
        if self.tail_only && matches!(key, b"snapshot" | b"nodes" | b"edges") {
            return Err(ParseError::schema(at, "a section appears twice"));
        }
        match key {
            b"snapshot" => {
                let bytes = sc.capture_value(MAX_HEADER, "\"snapshot\"")?;
                self.layout = Some(parse_header(&bytes, at)?);
            }
            b"nodes" => {
                let l = self
                    .layout
                    .as_ref()
                    .ok_or_else(|| ParseError::schema(at, "\"nodes\" before \"snapshot\""))?;
                self.edge_count_sum = parse_nodes(sc, l, &mut self.snap, self.budget)?;
                self.have_nodes = true;
            }
            b"edges" if self.options.edges => {
                let l = self
                    .layout
                    .as_ref()
                    .ok_or_else(|| ParseError::schema(at, "\"edges\" before \"snapshot\""))?;
                if !self.have_nodes {
                    return Err(ParseError::schema(at, "\"edges\" before \"nodes\""));
                }
                if self.edge_count_sum > u32::MAX as u64 {
                    return Err(ParseError::schema(
                        at,
                        "more than 2^32 edges are not supported",
                    ));
                }
                let node_count = self.snap.node_type.len() as u64;
                parse_edges(
                    sc,
                    l,
                    &mut self.snap,
                    node_count,
                    self.edge_count_sum,
                    self.budget,
                )?;
                self.have_edges = true;
            }
            b"edges" | b"locations" | b"samples" => skip_numbers(sc, "a skipped numeric section")?,
            b"strings" => {
                self.snap.strings = parse_strings(sc)?;
                self.have_strings = true;
            }
            _ => sc.skip_value("a skipped section")?,
        }
        Ok(())
    }

    /// Marks the node columns as read by another thread.
    pub(crate) fn nodes_read(&mut self) {
        self.have_nodes = true;
    }

    /// Checks that every required section was present and builds the
    /// snapshot; `end` is the offset just after the top-level object.
    pub(crate) fn finish(self, end: u64) -> Result<HeapSnapshot> {
        let Loader {
            options,
            mut snap,
            layout,
            have_nodes,
            have_edges,
            have_strings,
            ..
        } = self;
        let layout = layout.ok_or_else(|| ParseError::schema(end, "no \"snapshot\" header"))?;
        if !have_nodes {
            return Err(ParseError::schema(end, "no \"nodes\" section"));
        }
        if !have_strings {
            return Err(ParseError::schema(end, "no \"strings\" section"));
        }
        if options.edges && !have_edges {
            return Err(ParseError::schema(end, "no \"edges\" section"));
        }
        snap.node_types = layout.node_types;
        snap.edge_types = layout.edge_types;
        snap.trace_function_count = layout.trace_function_count;
        snap.file_size = end;
        if snap.node_type.is_empty() {
            return Err(ParseError::schema(
                end,
                "the snapshot has no nodes (no root)",
            ));
        }
        if let Some(ri) = layout.root_index {
            let nf = layout.node_fields.len() as u64;
            if ri % nf != 0 || ri / nf >= snap.node_type.len() as u64 {
                return Err(ParseError::schema(
                    end,
                    format!("snapshot.root_index {ri} is not a node"),
                ));
            }
            snap.root = (ri / nf) as u32;
        }
        validate_strings(&snap, end)?;
        if !options.edges {
            snap.first_edge = Vec::new();
        }
        Ok(snap)
    }
}

/// Validates a numeric section that is not kept.
pub(crate) fn skip_numbers<R: Read>(sc: &mut Scanner<'_, R>, context: &'static str) -> Result<()> {
    sc.parse_uint_array(context, |_, _| Ok(()))
}

/// Reads `"nodes"` into `snap`'s node columns; returns the sum of the
/// nodes' edge counts (checked against `snapshot.edge_count`).
pub(crate) fn parse_nodes<R: Read>(
    sc: &mut Scanner<'_, R>,
    l: &Layout,
    snap: &mut HeapSnapshot,
    budget: u64,
) -> Result<u64> {
    let nf = l.node_fields.len();
    // Each node needs at least 2 bytes per field ("0,"), which bounds the
    // allocation even if the header lies.
    let cap = l
        .node_count
        .min(budget / (2 * nf as u64))
        .min(u32::MAX as u64) as usize;
    mem::reserve(&mut snap.node_type, cap);
    mem::reserve(&mut snap.node_name, cap);
    mem::reserve(&mut snap.node_id, cap);
    mem::reserve(&mut snap.self_size, cap);
    mem::reserve(&mut snap.first_edge, cap + 1);
    let has_det = l.node_fields.contains(&NodeField::Detachedness);
    if has_det {
        snap.detachedness.reserve(cap);
    }
    let type_count = l.node_types.names.len() as u64;
    let fields = &l.node_fields;
    let mut j = 0usize;
    let mut edges: u64 = 0;
    snap.first_edge.push(0);
    sc.parse_uint_array(
        "\"nodes\"",
        // Inlined into the digit loop: a call per number cost ~10% of `summary`.
        #[inline(always)]
        |v, at| {
            match fields[j] {
                NodeField::Type => {
                    if v >= type_count {
                        return Err(ParseError::schema(
                            at,
                            format!("node type {v} is not in meta.node_types"),
                        ));
                    }
                    snap.node_type.push(v as u8);
                }
                NodeField::Name => snap.node_name.push(narrow(v, at, "node name index")?),
                NodeField::Id => snap.node_id.push(narrow(v, at, "node id")?),
                NodeField::SelfSize => {
                    let n = snap.self_size.len() as u32;
                    if v >= BIG_SELF_SIZE as u64 {
                        snap.big_self_size.insert(n, v);
                        snap.self_size.push(BIG_SELF_SIZE);
                    } else {
                        snap.self_size.push(v as u32);
                    }
                }
                NodeField::EdgeCount => {
                    edges += v;
                    if edges > u32::MAX as u64 {
                        return Err(ParseError::schema(
                            at,
                            "more than 2^32 edges are not supported",
                        ));
                    }
                    snap.first_edge.push(edges as u32);
                }
                NodeField::Detachedness => snap.detachedness.push(v),
                NodeField::Other => {}
            }
            j += 1;
            if j == nf {
                j = 0;
                if snap.node_type.len() > u32::MAX as usize - 1 {
                    return Err(ParseError::schema(
                        at,
                        "more than 2^32 nodes are not supported",
                    ));
                }
            }
            Ok(())
        },
    )?;
    let at = sc.offset();
    if j != 0 {
        return Err(ParseError::schema(
            at,
            format!("\"nodes\" length is not a multiple of {nf} node fields"),
        ));
    }
    if snap.node_type.len() as u64 != l.node_count {
        return Err(ParseError::schema(
            at,
            format!(
                "snapshot.node_count is {} but \"nodes\" holds {} nodes",
                l.node_count,
                snap.node_type.len()
            ),
        ));
    }
    if edges != l.edge_count {
        return Err(ParseError::schema(
            at,
            format!(
                "snapshot.edge_count is {} but the nodes' edge counts sum to {edges}",
                l.edge_count
            ),
        ));
    }
    shrink(snap);
    Ok(edges)
}

fn shrink(snap: &mut HeapSnapshot) {
    snap.node_type.shrink_to_fit();
    snap.node_name.shrink_to_fit();
    snap.node_id.shrink_to_fit();
    snap.self_size.shrink_to_fit();
    snap.first_edge.shrink_to_fit();
    snap.detachedness.shrink_to_fit();
}

/// `v / nf`, with the field counts V8 writes (6 and 7) as constants: the
/// compiler then multiplies instead of dividing (once per edge).
#[inline(always)]
fn divide_by_fields(v: u64, nf: u64) -> u64 {
    match nf {
        6 => v / 6,
        7 => v / 7,
        _ => v / nf,
    }
}

#[inline(always)]
fn narrow(v: u64, at: u64, what: &str) -> Result<u32> {
    u32::try_from(v)
        .map_err(|_| ParseError::schema(at, format!("{what} {v} does not fit in 32 bits")))
}

/// Reads `"edges"` into `snap`'s edge columns; targets must be below
/// `node_count`, and exactly `expected` edges must be present.
pub(crate) fn parse_edges<R: Read>(
    sc: &mut Scanner<'_, R>,
    l: &Layout,
    snap: &mut HeapSnapshot,
    node_count: u64,
    expected: u64,
    budget: u64,
) -> Result<()> {
    let ef = l.edge_fields.len();
    let nf = l.node_fields.len() as u64;
    let cap = expected.min(budget / (2 * ef as u64)) as usize;
    mem::reserve(&mut snap.edge_type, cap);
    mem::reserve(&mut snap.edge_name, cap);
    mem::reserve(&mut snap.edge_to, cap);
    let type_count = l.edge_types.names.len() as u64;
    let fields = &l.edge_fields;
    let mut j = 0usize;
    let mut count: u64 = 0;
    sc.parse_uint_array(
        "\"edges\"",
        // Inlined like the nodes sink (a call per number is measurable).
        #[inline(always)]
        |v, at| {
            match fields[j] {
                EdgeField::Type => {
                    if v >= type_count {
                        return Err(ParseError::schema(
                            at,
                            format!("edge type {v} is not in meta.edge_types"),
                        ));
                    }
                    snap.edge_type.push(v as u8);
                }
                EdgeField::NameOrIndex => snap.edge_name.push(narrow(v, at, "edge name_or_index")?),
                EdgeField::ToNode => {
                    let node = divide_by_fields(v, nf);
                    if node * nf != v || node >= node_count {
                        return Err(ParseError::schema(
                            at,
                            format!(
                                "edge to_node {v} is not a node index (multiple of {nf} below {})",
                                node_count * nf
                            ),
                        ));
                    }
                    snap.edge_to.push(node as u32);
                }
                EdgeField::Other => {}
            }
            j += 1;
            if j == ef {
                j = 0;
                count += 1;
                if count > expected {
                    return Err(ParseError::schema(
                        at,
                        format!("more edges than the {expected} the nodes declare"),
                    ));
                }
            }
            Ok(())
        },
    )?;
    let at = sc.offset();
    if j != 0 {
        return Err(ParseError::schema(
            at,
            format!("\"edges\" length is not a multiple of {ef} edge fields"),
        ));
    }
    if count != expected {
        return Err(ParseError::schema(
            at,
            format!("\"edges\" holds {count} edges but the nodes declare {expected}"),
        ));
    }
    Ok(())
}

fn parse_strings<R: Read>(sc: &mut Scanner<'_, R>) -> Result<StringTable> {
    sc.expect(b'[', "\"strings\"")?;
    let mut bytes = Vec::new();
    let mut ends = Vec::new();
    if sc.peek_non_ws("\"strings\"")? == b']' {
        sc.next("\"strings\"")?;
        return Ok(StringTable::from_parts(bytes, ends));
    }
    loop {
        sc.read_string(&mut bytes, usize::MAX, "\"strings\"")?;
        ends.push(bytes.len());
        let b = sc.peek_non_ws("\"strings\"")?;
        sc.next("\"strings\"")?;
        match b {
            b',' => continue,
            b']' => break,
            _ => {
                return Err(ParseError::syntax(
                    sc.offset() - 1,
                    format!(
                        "expected ',' or ']' in \"strings\", found {}",
                        crate::scanner::describe(b)
                    ),
                ))
            }
        }
    }
    Ok(StringTable::from_parts(bytes, ends))
}

fn validate_strings(snap: &HeapSnapshot, at: u64) -> Result<()> {
    let n = snap.strings.len() as u32;
    if let Some((i, &s)) = snap.node_name.iter().enumerate().find(|(_, &s)| s >= n) {
        return Err(ParseError::schema(
            at,
            format!("node #{i} names string {s} but there are only {n} strings"),
        ));
    }
    for (e, (&t, &s)) in snap.edge_type.iter().zip(&snap.edge_name).enumerate() {
        if s >= n && !snap.edge_types.has_index_name(t) {
            return Err(ParseError::schema(
                at,
                format!("edge #{e} names string {s} but there are only {n} strings"),
            ));
        }
    }
    Ok(())
}

impl HeapSnapshot {
    /// Parses the file at `path` with default options (everything loaded).
    pub fn open(path: impl AsRef<Path>) -> std::result::Result<HeapSnapshot, Error> {
        Self::open_with(path, ParseOptions::default(), None)
    }

    /// Parses the file at `path`; `progress` receives bytes read so far.
    pub fn open_with(
        path: impl AsRef<Path>,
        options: ParseOptions,
        progress: Option<&mut dyn FnMut(u64)>,
    ) -> std::result::Result<HeapSnapshot, Error> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let file = File::open(path).map_err(|source| Error::Open {
            path: shown.clone(),
            source,
        })?;
        let size = file.metadata().ok().map(|m| m.len());
        #[cfg_attr(not(unix), allow(unused_mut))]
        let mut progress = progress;
        #[cfg(unix)]
        if parallel_worthwhile(size.unwrap_or(0)) {
            let reborrowed: Option<&mut dyn FnMut(u64)> = match progress {
                Some(ref mut p) => Some(&mut **p),
                None => None,
            };
            if let Some(snap) = parallel::parse(&file, options, reborrowed) {
                return Ok(snap);
            }
        }
        // The parallel attempt used positional reads: the cursor is at 0.
        parse_reader(&file, options, size, progress).map_err(|source| Error::Parse {
            path: shown,
            source,
        })
    }

    /// Parses a snapshot held in memory.
    pub fn from_slice(bytes: &[u8]) -> std::result::Result<HeapSnapshot, ParseError> {
        if parallel_worthwhile(bytes.len() as u64) {
            if let Some(snap) = parallel::parse(bytes, ParseOptions::default(), None) {
                return Ok(snap);
            }
        }
        parse_reader(
            bytes,
            ParseOptions::default(),
            Some(bytes.len() as u64),
            None,
        )
    }
}

/// Two threads pay off for big inputs on a machine with a second core.
fn parallel_worthwhile(len: u64) -> bool {
    len >= parallel::PARALLEL_MIN_BYTES
        && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}
