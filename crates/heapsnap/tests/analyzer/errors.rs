//! Corrupt, truncated and hostile input: always an error with a byte
//! position, never a panic, hang or huge allocation.

use heapsnap::{HeapSnapshot, ParseError};
use proptest::prelude::*;

use super::graph::{Graph, Schema};

fn sample() -> String {
    let mut g = Graph::default();
    let root = g.node("synthetic", "", 0);
    let a = g.node("object", "Caf\u{e9} \"quoted\"\n", 12);
    let b = g.node("string", "日本", 8);
    g.edge(root, "element", "1", a);
    g.edge(a, "property", "s", b);
    g.edge(a, "weak", "w", root);
    g.to_json(Schema::Node20)
}

#[test]
fn every_truncation_is_a_clean_error() {
    let full = sample();
    assert!(HeapSnapshot::from_slice(full.as_bytes()).is_ok());
    for len in 0..full.len() - 1 {
        let cut = &full.as_bytes()[..len];
        match HeapSnapshot::from_slice(cut) {
            Ok(_) => panic!("prefix of {len} bytes parsed"),
            Err(e) => assert!(e.offset() <= len as u64, "{e} beyond {len}"),
        }
    }
}

#[test]
fn errors_name_the_byte_offset() {
    let full = sample();
    let bad = full.replacen("\"nodes\":[9,", "\"nodes\":[9,x", 1);
    let err = HeapSnapshot::from_slice(bad.as_bytes()).unwrap_err();
    let at = bad.find("[9,x").unwrap() as u64 + 3;
    assert_eq!(err.offset(), at, "{err}");
    assert!(matches!(err, ParseError::Syntax { .. }));
    assert!(err.to_string().contains(&format!("byte {at}")));

    let truncated = &full[..full.len() / 2];
    let err = HeapSnapshot::from_slice(truncated.as_bytes()).unwrap_err();
    assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
    assert!(err.to_string().contains("truncated"));
}

#[test]
fn schema_violations_are_reported() {
    let full = sample();
    let cases = [
        (
            full.replace("\"node_count\":3", "\"node_count\":4"),
            "node_count",
        ),
        (full.replace("\"edge_count\":3", "\"edge_count\":2"), "edge"),
        (full.replace("\"to_node\"", "\"to\""), "to_node"),
        (
            full.replacen("\"edges\":[1,1,7", "\"edges\":[1,1,8", 1),
            "to_node",
        ),
        (
            full.replacen("\"edges\":[1,1,7", "\"edges\":[1,1,700", 1),
            "to_node",
        ),
        (
            full.replacen("\"nodes\":[9,", "\"nodes\":[99,", 1),
            "node type",
        ),
        (
            full.replacen("\"nodes\":[9,1,", "\"nodes\":[9,1000,", 1),
            "string",
        ),
        (
            full.replacen("\"nodes\":[9,1,1,", "\"nodes\":[9,1,99999999999,", 1),
            "32 bits",
        ),
        (full.replace("\"strings\":", "\"strangs\":"), "strings"),
        (full.clone() + "x", "after"),
        (
            full.replacen("\"nodes\":[9", "\"nodes\":[-9", 1),
            "non-negative",
        ),
        (
            full.replacen("\"nodes\":[9", "\"nodes\":[12345678901234567890123", 1),
            "too large",
        ),
    ];
    for (text, needle) in cases {
        let err = HeapSnapshot::from_slice(text.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(err.contains(needle), "{needle:?} not in {err:?}");
    }
}

#[test]
fn lying_counts_do_not_allocate_unboundedly() {
    let full = sample().replace("\"node_count\":3", "\"node_count\":4000000000000");
    assert!(HeapSnapshot::from_slice(full.as_bytes()).is_err());
}

#[test]
fn strings_are_decoded() {
    let full = sample().replace(
        "\"strings\":[",
        "\"strings\":[\"\\ud83d\\ude00\\u00e9\\uF600\\ud800x\",",
    );
    // Shifting every string index by one would break the graph, so only parse strings.
    let snap = HeapSnapshot::from_slice(full.as_bytes());
    let snap = snap.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(snap.strings().get(0), "\u{1F600}\u{e9}\u{F600}\u{FFFD}x");
}

proptest! {
    #[test]
    fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = HeapSnapshot::from_slice(&bytes);
    }

    #[test]
    fn corrupted_snapshots_never_panic(pos in 0usize..10_000, byte in any::<u8>(), cut in 0usize..10_000) {
        let mut bytes = sample().into_bytes();
        let pos = pos % bytes.len();
        bytes[pos] = byte;
        let cut = cut % (bytes.len() + 1);
        if let Ok(mut snap) = HeapSnapshot::from_slice(&bytes[..cut]) {
            // Whatever parses must also analyze.
            let a = snap.analyze();
            let _ = heapsnap::summarize(&snap, &a);
        }
    }
}
