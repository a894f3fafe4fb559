//! Property tests: arbitrary value graphs (shared references, cycles, every kind)
//! round-trip; arbitrary and mutated bytes never panic; serde round-trips.

use crate::describe::describe;
use crate::graphs::{build, spec};
use crate::partial::full_and_partial;
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use structured_clone::{
    decode, from_slice, to_vec, Deserializer, Graph, HeapValue, Serializer, Value,
};

/// The reachable ArrayBuffers as sorted (contents, immutable) pairs: `describe`
/// leaves out the immutable flag.
fn buffers(g: &Graph) -> Vec<(Vec<u8>, bool)> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut stack = vec![g.root.clone()];
    while let Some(v) = stack.pop() {
        let Value::Object(id) = v else { continue };
        if !seen.insert(id) {
            continue;
        }
        // Only the kinds `build` makes that hold references.
        match &g.heap[id] {
            HeapValue::ArrayBuffer(ab) => out.push((ab.data.to_vec(), ab.immutable)),
            HeapValue::Object(p) | HeapValue::SparseArray { properties: p, .. } => {
                stack.extend(p.iter().map(|(_, v)| v.clone()))
            }
            HeapValue::DenseArray {
                elements,
                properties,
            } => {
                stack.extend(elements.iter().flatten().cloned());
                stack.extend(properties.iter().map(|(_, v)| v.clone()));
            }
            HeapValue::Map(e) => stack.extend(e.iter().flat_map(|(k, v)| [k.clone(), v.clone()])),
            HeapValue::Set(s) => stack.extend(s.iter().cloned()),
            HeapValue::View(view) => stack.push(Value::Object(view.buffer)),
            HeapValue::Error(e) => stack.extend(e.cause.clone()),
            _ => {}
        }
    }
    out.sort();
    out
}

pub fn encode_plain(g: &Graph) -> Vec<u8> {
    let mut ser = Serializer::new();
    ser.write_header();
    ser.write_value(&g.heap, &g.root).unwrap();
    ser.release()
}

pub fn decode_plain(bytes: &[u8]) -> structured_clone::Result<Graph> {
    let mut de = Deserializer::new(bytes);
    de.set_keep_transfer_placeholders(true);
    de.read_header()?;
    let root = de.read_value()?;
    Ok(de.into_graph(root))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Record {
    id: u64,
    name: String,
    score: f64,
    flags: Vec<bool>,
    tags: BTreeMap<String, i64>,
    parent: Option<Box<Record>>,
    pair: (i32, char),
    wide: i128,
}

fn record() -> impl Strategy<Value = Record> {
    let leaf = (
        any::<u64>(),
        ".{0,12}",
        any::<f64>().prop_filter("NaN never equals itself", |f| !f.is_nan()),
        proptest::collection::vec(any::<bool>(), 0..4),
        proptest::collection::btree_map(".{0,6}", any::<i64>(), 0..4),
        (any::<i32>(), any::<char>()),
        any::<i128>(),
    )
        .prop_map(|(id, name, score, flags, tags, pair, wide)| Record {
            id,
            name,
            score,
            flags,
            tags,
            parent: None,
            pair,
            wide,
        });
    leaf.prop_recursive(3, 8, 1, |inner| {
        (inner.clone(), inner).prop_map(|(mut a, b)| {
            a.parent = Some(Box::new(b));
            a
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn graphs_round_trip(specs in proptest::collection::vec(spec(), 1..10), root in 0usize..16) {
        let g = build(&specs, root);
        let bytes = encode_plain(&g);
        let back = decode_plain(&bytes).map_err(|e| TestCaseError::fail(format!("{e}\n{g:#?}")))?;
        prop_assert_eq!(describe(&back, false), describe(&g, false));
        prop_assert_eq!(buffers(&back), buffers(&g));
        prop_assert_eq!(encode_plain(&back), bytes);
    }

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..256), version in 13u8..=16) {
        let mut bytes = vec![0xff, version];
        bytes.extend_from_slice(&body);
        let shared = structured_clone::Bytes::copy_from_slice(&bytes);
        let (zero_copy, copied) = (structured_clone::decode_bytes(&shared), decode(&bytes));
        prop_assert_eq!(format!("{zero_copy:?}"), format!("{copied:?}"));
        if let Ok(g) = decode(&bytes) {
            let again = structured_clone::encode(&g).unwrap();
            prop_assert!(decode(&again).is_ok());
        }
        let _ = decode_plain(&bytes);
        let _ = from_slice::<serde::de::IgnoredAny>(&bytes);
    }

    #[test]
    fn mutated_graphs_never_panic(specs in proptest::collection::vec(spec(), 1..6), flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4)) {
        let mut bytes = encode_plain(&build(&specs, 0));
        for (at, b) in flips {
            let i = 2 + at % (bytes.len() - 1).max(1);
            if i < bytes.len() { bytes[i] = b; }
        }
        if let Ok(g) = decode_plain(&bytes) {
            let again = encode_plain(&g);
            prop_assert_eq!(encode_plain(&decode_plain(&again).unwrap()), again);
        }
        let _ = from_slice::<serde::de::IgnoredAny>(&bytes);
    }

    #[test]
    fn visitors_that_stop_early_read_like_full_reads(specs in proptest::collection::vec(spec(), 1..8), keep in 0usize..3, flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..3)) {
        let mut bytes = encode_plain(&build(&specs, 0));
        for (at, b) in flips {
            let i = 2 + at % (bytes.len() - 1).max(1);
            if i < bytes.len() { bytes[i] = b; }
        }
        let (full, partial) = full_and_partial(&bytes, keep);
        prop_assert_eq!(full, partial);
    }

    #[test]
    fn serde_round_trips(r in record()) {
        let bytes = to_vec(&r).unwrap();
        let back: Record = from_slice(&bytes).unwrap();
        prop_assert_eq!(&back, &r);
        // The same bytes are a valid V8 stream for the full decoder.
        prop_assert!(decode(&bytes).is_ok());
    }
}
