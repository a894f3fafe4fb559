//! Arbitrary value graphs for property and differential tests: every kind
//! of value, shared references and cycles. Included by structured-clone's
//! conformance tests and by node-v8-facade's, which checks V8 against them.

use proptest::prelude::*;
use std::collections::HashSet;
use structured_clone::{
    regexp_flags, ArrayBuffer, BigInt, ErrorObject, ErrorPrototype, Graph, Heap, HeapValue,
    JsString, Key, ObjectId, Value, View, ViewKind,
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

/// `g`'s value in the form V8 writes it back after reading it: V8's reader
/// makes every array holey (`NewJSArray(HOLEY_ELEMENTS, …)`), and V8 writes
/// holey arrays sparse; a double that fits a Smi becomes one (`N 1.0` is
/// written back as `I 1`); V8 has only the one-byte empty string; a RegExp
/// gets the source V8 keeps for its pattern ([`HeapValue::regexp`]); an
/// array's index properties are its elements (`set_elements`).
pub fn v8_writes_back(g: &Graph) -> Graph {
    let mut g = g.clone();
    canonical(&mut g.root);
    for i in 0..g.heap.len() {
        let obj = &mut g.heap[ObjectId(i as u32)];
        if let HeapValue::DenseArray {
            elements,
            properties,
        } = obj
        {
            let length = elements.len() as u32;
            let mut sparse: Vec<(Key, Value)> = (0..)
                .zip(elements.drain(..))
                .filter_map(|(i, v)| Some((Key::Int32(i), v?)))
                .collect();
            sparse.append(properties);
            *obj = HeapValue::SparseArray {
                length,
                properties: sparse,
            };
        }
        if let HeapValue::SparseArray { length, properties } = obj {
            set_elements(length, properties);
        }
        match obj {
            HeapValue::Object(p) | HeapValue::SparseArray { properties: p, .. } => {
                for (k, v) in p {
                    if let Key::String(s) = k {
                        one_byte_if_empty(s);
                    }
                    canonical(v);
                }
            }
            HeapValue::Map(e) => e.iter_mut().for_each(|(k, v)| {
                canonical(k);
                canonical(v)
            }),
            HeapValue::Set(s) => s.iter_mut().for_each(canonical),
            HeapValue::StringObject(s) => one_byte_if_empty(s),
            HeapValue::RegExp { pattern, flags } => {
                *obj = HeapValue::regexp(pattern.clone(), *flags)
            }
            HeapValue::Error(e) => {
                e.message
                    .iter_mut()
                    .chain(&mut e.stack)
                    .for_each(one_byte_if_empty);
                e.cause.iter_mut().for_each(canonical);
            }
            _ => {}
        }
    }
    g
}

/// An array's index properties as V8 holds them after reading them: one
/// element per index (a later property replaces an element), written as
/// numbers, and the length grown past the highest index.
fn set_elements(length: &mut u32, properties: &mut Vec<(Key, Value)>) {
    let index = |k: &Key| match k {
        Key::Int32(i) => u32::try_from(*i).ok(),
        Key::Double(d) => {
            (d.fract() == 0.0 && *d >= 0.0 && *d < u32::MAX as f64).then_some(*d as u32)
        }
        Key::String(s) => s.as_array_index(),
    };
    let mut elements = std::collections::BTreeMap::new();
    let mut named = Vec::new();
    for (k, v) in properties.drain(..) {
        match index(&k) {
            Some(i) => {
                elements.insert(i, v);
            }
            None => named.push((k, v)),
        }
    }
    if let Some((&last, _)) = elements.last_key_value() {
        *length = (*length).max(last + 1);
    }
    properties.extend(elements.into_iter().map(|(i, v)| {
        let key = match i32::try_from(i) {
            Ok(i) => Key::Int32(i),
            Err(_) => Key::Double(i as f64),
        };
        (key, v)
    }));
    properties.append(&mut named);
}

fn canonical(v: &mut Value) {
    match v {
        Value::String(s) => one_byte_if_empty(s),
        Value::Double(d) => *v = Value::number(*d),
        _ => {}
    }
}

fn one_byte_if_empty(s: &mut JsString) {
    if s.is_empty() {
        *s = JsString::from("");
    }
}
