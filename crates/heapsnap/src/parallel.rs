//! Two-thread parse of inputs that can be read at any offset (files,
//! slices). `"nodes"` and `"edges"` are numeric arrays that V8 writes one
//! after the other, so their boundary can be found without parsing: only
//! digits, commas and whitespace may precede the `]` that closes `"nodes"`,
//! and each of the header's `node_count × fields` numbers takes at least two
//! bytes, so the search starts that far in. The calling thread parses the
//! header, `"nodes"`, then jumps over `"edges"` the same way and parses the
//! remaining sections (strings); a second thread finds `"edges"` and parses
//! it into its own columns.
//!
//! Anything unexpected (another section order, an inconsistency between the
//! two threads' views, any error) gives up and the caller parses serially,
//! so results and error messages are exactly those of [`parse_reader`].
//!
//! [`parse_reader`]: crate::parse_reader

use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::parse::{
    expect_end, parse_edges, parse_header, parse_nodes, skip_numbers, Layout, Loader, MAX_HEADER,
};
use crate::scanner::{Result, Scanner};
use crate::snapshot::HeapSnapshot;
use crate::ParseOptions;

/// Inputs smaller than this are parsed on one thread (a thread costs more).
pub(crate) const PARALLEL_MIN_BYTES: u64 = 4 << 20;

/// Input that can be read from any offset by several threads at once.
pub(crate) trait Source: Sync {
    /// A reader starting at `offset`.
    fn reader_at(&self, offset: u64) -> impl Read + Send + '_;
    /// Length in bytes.
    fn len(&self) -> u64;
}

impl Source for [u8] {
    fn reader_at(&self, offset: u64) -> impl Read + Send + '_ {
        &self[offset.min(self.len() as u64) as usize..]
    }

    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }
}

#[cfg(unix)]
impl Source for std::fs::File {
    fn reader_at(&self, offset: u64) -> impl Read + Send + '_ {
        FileAt {
            file: self,
            pos: offset,
        }
    }

    fn len(&self) -> u64 {
        self.metadata().map(|m| m.len()).unwrap_or(0)
    }
}

/// Positional reads (`pread`), so readers of one file do not share a cursor.
#[cfg(unix)]
struct FileAt<'a> {
    file: &'a std::fs::File,
    pos: u64,
}

#[cfg(unix)]
impl Read for FileAt<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::os::unix::fs::FileExt;
        let n = self.file.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

/// Starts `f` on a new scoped thread; `None` if the system refuses one (the
/// caller then does the work itself).
pub(crate) fn try_spawn<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> Option<std::thread::ScopedJoinHandle<'scope, T>> {
    std::thread::Builder::new().spawn_scoped(scope, f).ok()
}

/// Where a numeric array opened at `open` (the offset of its `[`) holding
/// `values` numbers can close at the earliest.
fn earliest_close(open: u64, values: u64) -> Option<u64> {
    open.checked_add(values.checked_mul(2)?.max(1))
}

/// What the second thread read: where `"nodes"` closes, the edge columns,
/// and the offset just after `"edges"`.
struct EdgesPart {
    nodes_close: u64,
    columns: HeapSnapshot,
    edges_end: u64,
}

/// Second thread: finds the end of `"nodes"` from `search_from`, then
/// parses `"edges"`.
fn edges_part<S: Source + ?Sized>(
    src: &S,
    layout: &Layout,
    options: ParseOptions,
    budget: u64,
    search_from: u64,
    read: &AtomicU64,
) -> Result<Option<EdgesPart>> {
    let mut tally = |n: u64| {
        read.fetch_add(n, Ordering::Relaxed);
    };
    let mut sc = Scanner::at(src.reader_at(search_from), search_from, Some(&mut tally));
    if !sc.skip_to(b']')? {
        return Ok(None);
    }
    let nodes_close = sc.offset();
    sc.next("\"nodes\"")?;
    sc.expect(b',', "the top-level object")?;
    let mut key = Vec::new();
    sc.read_string(&mut key, 256, "a top-level key")?;
    if key != b"edges" {
        return Ok(None);
    }
    sc.expect(b':', "the top-level object")?;
    let mut columns = HeapSnapshot::default();
    if options.edges {
        let (node_count, edge_count) = layout.counts();
        if edge_count > u32::MAX as u64 {
            return Ok(None);
        }
        parse_edges(
            &mut sc,
            layout,
            &mut columns,
            node_count,
            edge_count,
            budget,
        )?;
    } else {
        skip_numbers(&mut sc, "a skipped numeric section")?;
    }
    Ok(Some(EdgesPart {
        nodes_close,
        columns,
        edges_end: sc.offset(),
    }))
}

/// Parses `src` on two threads; `None` if the serial parser must do it
/// (unusual layout or any error).
pub(crate) fn parse<S: Source + ?Sized>(
    src: &S,
    options: ParseOptions,
    progress: Option<&mut dyn FnMut(u64)>,
) -> Option<HeapSnapshot> {
    let read = AtomicU64::new(0);
    let mut user = progress;
    let mut report = |n: u64| {
        let total = read.fetch_add(n, Ordering::Relaxed) + n;
        if let Some(p) = user.as_mut() {
            p(total);
        }
    };
    let mut loader = Loader::new(options, Some(src.len()));
    let budget = loader.budget();
    let mut sc = Scanner::at(src.reader_at(0), 0, Some(&mut report));
    let layout = header(&mut sc).ok()??;
    let (node_values, edge_values) = layout.declared_values()?;
    let nodes_search = earliest_close(sc.offset(), node_values)?;
    if node_values == 0 || nodes_search >= src.len() {
        return None;
    }
    let (mine, theirs) = std::thread::scope(|scope| {
        let second = try_spawn(scope, || {
            edges_part(src, &layout, options, budget, nodes_search, &read)
        })?;
        let mine = nodes_and_tail(src, sc, &layout, edge_values, &mut loader);
        Some((mine, second.join()))
    })?;
    let (nodes_close, edges_end, end) = mine.ok()??;
    let theirs = theirs.ok()?.ok()??;
    if theirs.nodes_close != nodes_close || theirs.edges_end != edges_end {
        return None;
    }
    let columns = theirs.columns;
    loader.snap.edge_type = columns.edge_type;
    loader.snap.edge_name = columns.edge_name;
    loader.snap.edge_to = columns.edge_to;
    loader.have_edges = true;
    loader.layout = Some(layout);
    loader.finish(end).ok()
}

/// First thread: `"nodes"` (the scanner is at its `[`), then everything
/// after `"edges"`. Returns where `"nodes"` closes, where `"edges"` ends and
/// where the top-level object ends.
fn nodes_and_tail<S: Source + ?Sized>(
    src: &S,
    mut sc: Scanner<'_, impl Read>,
    layout: &Layout,
    edge_values: u64,
    loader: &mut Loader,
) -> Result<Option<(u64, u64, u64)>> {
    let budget = loader.budget();
    let edge_sum = parse_nodes(&mut sc, layout, &mut loader.snap, budget)?;
    loader.nodes_read();
    let nodes_close = sc.offset() - 1;
    if edge_sum != layout.counts().1 || !next_key(&mut sc, b"edges")? {
        return Ok(None);
    }
    if sc.peek_non_ws("\"edges\"")? != b'[' {
        return Ok(None);
    }
    let Some(search) = earliest_close(sc.offset(), edge_values) else {
        return Ok(None);
    };
    let mut sc = sc.reposition(src.reader_at(search), search);
    if !sc.skip_to(b']')? {
        return Ok(None);
    }
    sc.next("\"edges\"")?;
    let edges_end = sc.offset();
    loader.tail_only = true;
    loader.members(&mut sc, false)?;
    let end = sc.offset();
    expect_end(&mut sc)?;
    Ok(Some((nodes_close, edges_end, end)))
}

/// Reads `{"snapshot":{...},"nodes":` and returns the layout, leaving the
/// scanner at the `[` of `"nodes"`; `None` for any other start.
fn header<R: Read>(sc: &mut Scanner<'_, R>) -> Result<Option<Layout>> {
    sc.expect(b'{', "the top-level object")?;
    let mut key = Vec::new();
    sc.read_string(&mut key, 256, "a top-level key")?;
    if key != b"snapshot" {
        return Ok(None);
    }
    sc.expect(b':', "the top-level object")?;
    let at = sc.offset();
    let bytes = sc.capture_value(MAX_HEADER, "\"snapshot\"")?;
    let layout = parse_header(&bytes, at)?;
    if !next_key(sc, b"nodes")? || sc.peek_non_ws("\"nodes\"")? != b'[' {
        return Ok(None);
    }
    Ok(Some(layout))
}

/// Reads `,"<key>":` and says whether the key was `want`.
fn next_key<R: Read>(sc: &mut Scanner<'_, R>, want: &[u8]) -> Result<bool> {
    sc.expect(b',', "the top-level object")?;
    let mut key = Vec::new();
    sc.read_string(&mut key, 256, "a top-level key")?;
    sc.expect(b':', "the top-level object")?;
    Ok(key == want)
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::io::Write as _;

    use proptest::prelude::*;

    use super::parse;
    use crate::{parse_reader, ParseOptions};

    /// A Node-20-shaped snapshot: `nodes` as (type, name, self size, edge
    /// count), `edges` as (type, name, target ordinal); `sep` separates
    /// numbers; `tail_first` puts `strings` before `nodes` (a layout only
    /// the serial parser takes).
    fn snapshot(
        nodes: &[(u8, u32, u64, u32)],
        edges: &[(u8, u32, u32)],
        sep: &str,
        tail_first: bool,
    ) -> String {
        let strings = r#""strings":["","a","b \"q\"","c\u00e9"]"#;
        let mut out = String::from(
            r#"{"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],"node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic"],"string","number","number","number","number","number"],"edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"]},"#,
        );
        let edge_count: u32 = nodes.iter().map(|n| n.3).sum();
        write!(
            out,
            r#""node_count":{},"edge_count":{edge_count}}},"#,
            nodes.len()
        )
        .unwrap();
        if tail_first {
            write!(out, "{strings},").unwrap();
        }
        out.push_str("\"nodes\":[");
        for (i, &(t, name, size, count)) in nodes.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            let id = 2 * i + 1;
            let det = i % 3;
            write!(out, "{t},{name},{id},{size},{count},0{sep}{det}").unwrap();
        }
        out.push_str("],\n\"edges\":[");
        for (i, &(t, name, to)) in edges.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            write!(out, "{t},{name},{}", to * 7).unwrap();
        }
        out.push_str(
            r#"],"trace_function_infos":[],"trace_tree":[],"samples":[],"locations":[1,2,3]"#,
        );
        if !tail_first {
            write!(out, ",{strings}").unwrap();
        }
        out.push_str("}\n");
        out
    }

    fn generated(sizes: &[u64], targets: &[u32], sep: &str, tail_first: bool) -> String {
        let n = sizes.len() as u32;
        let mut nodes: Vec<(u8, u32, u64, u32)> = sizes
            .iter()
            .enumerate()
            .map(|(i, &s)| ((i % 10) as u8, (i % 4) as u32, s, 0))
            .collect();
        let mut edges = Vec::new();
        // Edges from node i % n in order, so each node's edges are contiguous.
        let mut by_source: Vec<Vec<u32>> = vec![Vec::new(); n as usize];
        for (k, &t) in targets.iter().enumerate() {
            by_source[k % n as usize].push(t % n);
        }
        for (i, targets) in by_source.iter().enumerate() {
            nodes[i].3 = targets.len() as u32;
            for (k, &t) in targets.iter().enumerate() {
                edges.push(((k % 7) as u8, (k % 4) as u32, t));
            }
        }
        snapshot(&nodes, &edges, sep, tail_first)
    }

    /// The parallel parser gives the serial parser's result or gives up.
    fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
        let serial = parse_reader(
            bytes,
            ParseOptions::default(),
            Some(bytes.len() as u64),
            None,
        );
        if let Some(snap) = parse(bytes, ParseOptions::default(), None) {
            prop_assert_eq!(&snap, serial.as_ref().expect("serial parse"));
        }
        let opts = ParseOptions { edges: false };
        let serial = parse_reader(bytes, opts, Some(bytes.len() as u64), None);
        if let Some(snap) = parse(bytes, opts, None) {
            prop_assert_eq!(&snap, serial.as_ref().expect("serial parse"));
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn same_result_as_serial(sizes in proptest::collection::vec(
                                     prop_oneof![0u64..100, Just(u32::MAX as u64), Just(1u64 << 40)], 1..40),
                                 targets in proptest::collection::vec(any::<u32>(), 0..120),
                                 sep in prop_oneof![Just(","), Just(", "), Just(",\n  ")],
                                 tail_first in any::<bool>(),
                                 cut in any::<prop::sample::Index>(),
                                 flip in any::<prop::sample::Index>(),
                                 byte in prop_oneof![Just(b']'), Just(b'"'), Just(b','), Just(b'7'), Just(b' ')]) {
            let text = generated(&sizes, &targets, sep, tail_first);
            let bytes = text.as_bytes();
            prop_assert!(parse_reader(bytes, ParseOptions::default(), None, None).is_ok());
            if !tail_first {
                prop_assert!(parse(bytes, ParseOptions::default(), None).is_some());
            }
            check(bytes)?;
            check(&bytes[..cut.index(bytes.len())])?;
            let mut changed = bytes.to_vec();
            changed[flip.index(bytes.len())] = byte;
            check(&changed)?;
        }
    }

    #[test]
    fn header_counts_that_lie_fall_back_to_the_serial_error() {
        let text = generated(&[1, 2, 3, 4], &[1, 2, 3, 0, 2], ",", false);
        for (from, to) in [
            ("\"node_count\":4", "\"node_count\":2"),
            ("\"node_count\":4", "\"node_count\":9"),
            ("\"edge_count\":5", "\"edge_count\":1"),
            ("\"edge_count\":5", "\"edge_count\":50"),
        ] {
            let bad = text.replace(from, to);
            assert!(
                parse(bad.as_bytes(), ParseOptions::default(), None).is_none(),
                "{to}"
            );
            assert!(parse_reader(bad.as_bytes(), ParseOptions::default(), None, None).is_err());
        }
    }

    #[cfg(unix)]
    #[test]
    fn files_are_read_at_offsets_with_progress() {
        let sizes: Vec<u64> = (0..5000).collect();
        let targets: Vec<u32> = (0..20000).map(|i| i * 7919).collect();
        let text = generated(&sizes, &targets, ", ", false);
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        let mut seen = Vec::new();
        let mut progress = |n: u64| seen.push(n);
        let snap = parse(&file, ParseOptions::default(), Some(&mut progress)).expect("parallel");
        assert_eq!(
            snap,
            parse_reader(text.as_bytes(), ParseOptions::default(), None, None).unwrap()
        );
        assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
        assert!(*seen.last().unwrap() <= text.len() as u64);
    }
}
