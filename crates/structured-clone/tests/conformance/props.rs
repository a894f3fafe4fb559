//! Property tests: arbitrary value graphs (shared references, cycles, every kind)
//! round-trip; arbitrary and mutated bytes never panic; serde round-trips.

use crate::describe::describe;
use crate::partial::full_and_partial;
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use structured_clone::{
    decode, from_slice, regexp_flags, to_vec, ArrayBuffer, BigInt, Deserializer, ErrorObject,
    ErrorPrototype, Graph, Heap, HeapValue, JsString, Key, ObjectId, Serializer, Value, View,
    ViewKind,
};

/// A child slot: a primitive or a reference to object `i % n`.
#[derive(Debug, Clone)]
pub enum Slot {
    Prim(Value),
    Ref(usize),
}

#[derive(Debug, Clone)]
pub enum Spec {
    Object(Vec<(u8, Slot)>),
    Dense(Vec<Option<Slot>>, Vec<(u8, Slot)>),
    Sparse(u32, Vec<(u32, Slot)>),
    Date(i64),
    RegExp(JsString, u32),
    Wrapper(u8, Value),
    Map(Vec<Slot>),
    Set(Vec<Slot>),
    /// Contents, max byte length (resizable), immutable.
    Buffer(Vec<u8>, Option<u64>, bool),
    View(usize, u8, u8, u8, bool),
    Error(u8, Option<JsString>, Option<JsString>, Option<Slot>),
    Transferred(u32),
}

fn js_string() -> impl Strategy<Value = JsString> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..12).prop_map(JsString::one_byte_vec),
        proptest::collection::vec(any::<u16>(), 0..12).prop_map(JsString::two_byte),
        "[a-z€😀é]{0,8}".prop_map(|s| JsString::from(s.as_str())),
    ]
}

/// A RegExp pattern valid under every flag set: like [`js_string`], with the
/// syntax characters replaced (the reader checks patterns as V8 does).
fn regexp_pattern() -> impl Strategy<Value = JsString> {
    const SYNTAX: &[u8] = b"\\^$.*+?()[]{}|";
    let plain = |c: u16| {
        if c < 0x80 && SYNTAX.contains(&(c as u8)) {
            u16::from(b'x')
        } else {
            c
        }
    };
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..12).prop_map(move |b| {
            JsString::one_byte_vec(b.into_iter().map(|c| plain(c.into()) as u8).collect())
        }),
        proptest::collection::vec(any::<u16>(), 0..12)
            .prop_map(move |u| JsString::two_byte(u.into_iter().map(plain).collect::<Vec<_>>())),
        "[a-z€😀é]{0,8}".prop_map(|s| JsString::from(s.as_str())),
    ]
}

fn bigint() -> impl Strategy<Value = BigInt> {
    (any::<bool>(), proptest::collection::vec(any::<u64>(), 0..3))
        .prop_map(|(n, d)| BigInt::new(n, d))
}

fn double() -> impl Strategy<Value = f64> {
    // V8 canonicalises NaN payloads on read, so only the canonical NaN round-trips.
    prop_oneof![
        any::<f64>().prop_map(|d| if d.is_nan() { f64::NAN } else { d }),
        Just(-0.0),
        Just(f64::NAN),
        Just(f64::INFINITY),
    ]
}

fn prim() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Undefined),
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::Int32),
        double().prop_map(Value::Double),
        bigint().prop_map(Value::BigInt),
        js_string().prop_map(Value::String),
    ]
}

fn slot() -> impl Strategy<Value = Slot> {
    prop_oneof![
        prim().prop_map(Slot::Prim),
        (0usize..16).prop_map(Slot::Ref)
    ]
}

pub fn spec() -> impl Strategy<Value = Spec> {
    let props = || proptest::collection::vec((any::<u8>(), slot()), 0..5);
    prop_oneof![
        props().prop_map(Spec::Object),
        (
            proptest::collection::vec(proptest::option::weighted(0.8, slot()), 0..6),
            props()
        )
            .prop_map(|(e, p)| Spec::Dense(e, p)),
        (
            1u32..50,
            proptest::collection::vec((0u32..60, slot()), 0..4)
        )
            .prop_map(|(l, p)| Spec::Sparse(l, p)),
        (-8_640_000_000_000_000i64..=8_640_000_000_000_000).prop_map(Spec::Date),
        (
            regexp_pattern(),
            proptest::sample::select(vec![0u32, 1, 3, 16, 128, 256, 191, 256 + 128 + 8])
        )
            .prop_map(|(p, f)| Spec::RegExp(p, f)),
        (0u8..5, prim()).prop_map(|(k, v)| Spec::Wrapper(k, v)),
        proptest::collection::vec(slot(), 0..5).prop_map(Spec::Map),
        proptest::collection::vec(slot(), 0..5).prop_map(Spec::Set),
        (
            proptest::collection::vec(any::<u8>(), 0..24),
            proptest::option::of(24u64..64),
            any::<bool>()
        )
            // V8 has no immutable resizable buffers (`~` has no immutable form).
            .prop_map(|(d, m, i)| Spec::Buffer(d, m, i && m.is_none())),
        (0usize..16, 0u8..13, any::<u8>(), any::<u8>(), any::<bool>())
            .prop_map(|(b, k, o, l, t)| Spec::View(b, k, o, l, t)),
        (
            0u8..7,
            proptest::option::of(js_string()),
            proptest::option::of(js_string()),
            proptest::option::of(slot())
        )
            .prop_map(|(p, m, s, c)| Spec::Error(p, m, s, c)),
        any::<u32>().prop_map(Spec::Transferred),
    ]
}

const KEYS: [&str; 8] = ["a", "b", "length", "1", "-1", "01", "x y", "€"];
const VIEW_KINDS: [ViewKind; 13] = [
    ViewKind::Int8,
    ViewKind::Uint8,
    ViewKind::Uint8Clamped,
    ViewKind::Int16,
    ViewKind::Uint16,
    ViewKind::Int32,
    ViewKind::Uint32,
    ViewKind::Float16,
    ViewKind::Float32,
    ViewKind::Float64,
    ViewKind::BigInt64,
    ViewKind::BigUint64,
    ViewKind::DataView,
];

/// Builds a valid graph (what V8 could have written) from specs.
pub fn build(specs: &[Spec], root: usize) -> Graph {
    let n = specs.len();
    let resolve = |s: &Slot| match s {
        Slot::Prim(v) => v.clone(),
        Slot::Ref(i) => Value::Object(ObjectId((i % n) as u32)),
    };
    let key_for = |k: u8, arrays: bool| -> Key {
        let pick = KEYS[k as usize % KEYS.len()];
        if arrays && (pick == "length" || pick == "1") {
            return Key::from("p");
        }
        match (k / 8) % 3 {
            // An integer or double spelling of the same property for some keys.
            1 if pick == "1" => Key::Int32(1),
            2 if pick == "1" => Key::Double(1.0),
            _ => Key::from(pick),
        }
    };
    let dedupe = |props: Vec<(Key, Value)>| -> Vec<(Key, Value)> {
        let mut seen = HashSet::new();
        props
            .into_iter()
            .filter(|(k, _)| {
                let text = match k {
                    Key::Int32(i) => i.to_string(),
                    Key::Double(d) => structured_clone::inspect::js_number_to_string(*d),
                    Key::String(s) => s.to_string_lossy().into_owned(),
                };
                seen.insert(text)
            })
            .collect()
    };
    let buffers: Vec<usize> = specs
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s, Spec::Buffer(..)))
        .map(|(i, _)| i)
        .collect();
    let mut heap = Heap::new();
    for s in specs {
        let v = match s {
            Spec::Object(p) => HeapValue::Object(dedupe(
                p.iter()
                    .map(|(k, v)| (key_for(*k, false), resolve(v)))
                    .collect(),
            )),
            Spec::Dense(e, p) => HeapValue::DenseArray {
                elements: e.iter().map(|x| x.as_ref().map(resolve)).collect(),
                properties: dedupe(
                    p.iter()
                        .map(|(k, v)| (key_for(*k, true), resolve(v)))
                        .collect(),
                ),
            },
            Spec::Sparse(len, p) => {
                let mut idx = HashSet::new();
                HeapValue::SparseArray {
                    length: *len,
                    properties: p
                        .iter()
                        .filter(|(i, _)| *i < *len && idx.insert(*i))
                        .map(|(i, v)| (Key::Int32(*i as i32), resolve(v)))
                        .collect(),
                }
            }
            Spec::Date(t) => HeapValue::Date(*t as f64),
            Spec::RegExp(p, f) => HeapValue::RegExp {
                pattern: p.clone(),
                flags: *f & !regexp_flags::LINEAR,
            },
            Spec::Wrapper(k, v) => match (k, v) {
                (0, Value::Bool(b)) => HeapValue::BooleanObject(*b),
                (1, Value::Double(d)) => HeapValue::NumberObject(*d),
                (2, Value::BigInt(b)) => HeapValue::BigIntObject(b.clone()),
                (_, Value::String(s)) => HeapValue::StringObject(s.clone()),
                (_, v) => HeapValue::NumberObject(v.as_f64().unwrap_or(0.5)),
            },
            Spec::Map(vals) => {
                // Distinct keys: alternating integers and (distinct) objects.
                let mut seen = HashSet::new();
                let mut entries = Vec::new();
                for (i, s) in vals.iter().enumerate() {
                    let k = match s {
                        Slot::Ref(r) if seen.insert(r % n) => {
                            Value::Object(ObjectId((r % n) as u32))
                        }
                        _ => Value::Int32(i as i32),
                    };
                    entries.push((k, resolve(s)));
                }
                HeapValue::Map(entries)
            }
            Spec::Set(vals) => {
                let mut seen = HashSet::new();
                let values = vals
                    .iter()
                    .enumerate()
                    .map(|(i, s)| match s {
                        Slot::Ref(r) if seen.insert(r % n) => {
                            Value::Object(ObjectId((r % n) as u32))
                        }
                        _ => Value::Double(i as f64 + 0.5),
                    })
                    .collect();
                HeapValue::Set(values)
            }
            Spec::Buffer(d, max, immutable) => HeapValue::ArrayBuffer(ArrayBuffer {
                data: d.clone().into(),
                max_byte_length: *max,
                immutable: *immutable,
            }),
            Spec::View(b, k, o, l, tracking) => {
                let Some(&buf) = buffers.get(b % buffers.len().max(1)) else {
                    heap.insert(HeapValue::ArrayBuffer(ArrayBuffer::new(vec![1, 2, 3])));
                    continue;
                };
                let Spec::Buffer(data, max, _) = &specs[buf] else {
                    unreachable!()
                };
                let kind = VIEW_KINDS[*k as usize];
                let size = kind.element_size();
                let len = data.len() as u64;
                let off = (*o as u64 % (len + 1)) / size * size;
                let vlen = (*l as u64 % (len - off + 1)) / size * size;
                let resizable = max.is_some();
                let tracking = *tracking && resizable;
                HeapValue::View(View {
                    buffer: ObjectId(buf as u32),
                    kind,
                    byte_offset: off,
                    byte_length: if tracking { 0 } else { vlen },
                    length_tracking: tracking,
                    backed_by_rab: resizable,
                })
            }
            Spec::Error(p, m, s, c) => HeapValue::Error(Box::new(ErrorObject {
                prototype: [
                    ErrorPrototype::Error,
                    ErrorPrototype::EvalError,
                    ErrorPrototype::RangeError,
                    ErrorPrototype::ReferenceError,
                    ErrorPrototype::SyntaxError,
                    ErrorPrototype::TypeError,
                    ErrorPrototype::UriError,
                ][*p as usize],
                message: m.clone(),
                stack: s.clone(),
                cause: c.as_ref().map(resolve),
            })),
            Spec::Transferred(id) => HeapValue::TransferredArrayBuffer { id: *id },
        };
        heap.insert(v);
    }
    Graph::from_parts(heap, Value::Object(ObjectId((root % n) as u32)))
}

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
