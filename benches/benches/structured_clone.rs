//! structured-clone: encode and decode against denoland's `v8_valueserializer`
//! (same bytes, same run), the serde path against `serde_json`, and the 16 MiB
//! buffer and 1 MiB strings against a plain memcpy of their bytes.
//!
//! `cargo bench -p benches --bench structured_clone`
//!
//! With `--features mimalloc` the whole bench (ours and every anchor alike)
//! runs under mimalloc instead of the system allocator: the serde `from_slice`
//! lines spend over 40% of their time in glibc's malloc and free, a cost no
//! format can avoid, so the allocator moves the ratios.
//!
//! Workloads: a ~1 MB mixed object graph, 10,000 small (~100 B) messages, a
//! 16 MiB ArrayBuffer, a 1 MiB string, a serde struct (~1 MB as JSON), and
//! 1,000 RegExps (decoded with and without the pattern syntax check).
//! Inputs use the plain `v8.Serializer` format (no Node host objects), which is
//! what `v8_valueserializer` reads.
//!
//! Like-for-like pairs are `decode/*` and `encode/*` (same bytes in, same kind of
//! output: an owned value tree or a fresh `Vec<u8>`). Two extra lines are anchors,
//! not comparisons: `array_buffer_16mib/decode_zero_copy/ours` decodes shared
//! `Bytes` input, so the buffer is a slice of the input (no copy at all), and
//! `serde_struct/from_slice/clone_floor` clones the decoded `Vec<Customer>`: the
//! allocations any deserializer must make for that output, with no parsing.
//! `serde_struct/from_slice/token_floor` deserializes it from tokens decoded
//! beforehand: those allocations plus serde's visitors, still with no parsing,
//! which is about as fast as any serde format can deserialize this type (see
//! `benches::serde_tokens`).

use benches::serde_tokens::{Token, TokenDeserializer};
use criterion::measurement::WallTime;
use criterion::{
    black_box, criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, Throughput,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use structured_clone::{
    ArrayBuffer, BigInt, Deserializer, Graph, Heap, HeapValue, JsString, Key, Serializer, Value,
};

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn key(s: &str) -> Key {
    Key::from(s)
}

/// ~1 MB: 2,500 records with strings (some two-byte), numbers, nested objects,
/// arrays, dates, a map, BigInts and shared references.
fn mixed_graph() -> Graph {
    let mut heap = Heap::new();
    let shared = heap.insert(HeapValue::Object(vec![
        (key("kind"), Value::string("shared")),
        (key("v"), Value::Int32(1)),
    ]));
    let mut records = Vec::new();
    for i in 0..2500 {
        let tags = heap.insert(HeapValue::DenseArray {
            elements: (0..4)
                .map(|t| Some(Value::string(&format!("tag-{}", (i + t) % 17))))
                .collect(),
            properties: vec![],
        });
        let date = heap.insert(HeapValue::Date(1.7e12 + i as f64));
        let nested = heap.insert(HeapValue::Object(vec![
            (key("ok"), Value::Bool(i % 3 == 0)),
            (key("ratio"), Value::Double(i as f64 / 7.0)),
            (key("when"), Value::Object(date)),
            (key("shared"), Value::Object(shared)),
        ]));
        let scores = heap.insert(HeapValue::DenseArray {
            elements: (0..8)
                .map(|s| Some(Value::Double((i * s) as f64 * 0.25)))
                .collect(),
            properties: vec![],
        });
        let name = if i % 10 == 0 {
            format!("名前-{i}-€")
        } else {
            format!("user-{i}-name")
        };
        records.push(Some(Value::Object(heap.insert(HeapValue::Object(vec![
            (key("id"), Value::Int32(i)),
            (key("name"), Value::string(&name)),
            (key("email"), Value::string(&format!("user{i}@example.com"))),
            (
                key("balance"),
                Value::BigInt(BigInt::from(i as i64 * 1_000_000_007)),
            ),
            (key("tags"), Value::Object(tags)),
            (key("scores"), Value::Object(scores)),
            (key("nested"), Value::Object(nested)),
            (
                key("note"),
                if i % 5 == 0 {
                    Value::Null
                } else {
                    Value::string("lorem ipsum dolor sit amet")
                },
            ),
        ])))));
    }
    let index = heap.insert(HeapValue::Map(
        (0..200)
            .map(|i| (Value::string(&format!("k{i}")), Value::Int32(i)))
            .collect(),
    ));
    let records = heap.insert(HeapValue::DenseArray {
        elements: records,
        properties: vec![],
    });
    let root = heap.insert(HeapValue::Object(vec![
        (key("records"), Value::Object(records)),
        (key("index"), Value::Object(index)),
    ]));
    Graph::from_parts(heap, Value::Object(root))
}

/// A ~100 B message.
fn message(i: i32) -> Graph {
    let mut heap = Heap::new();
    let to = heap.insert(HeapValue::DenseArray {
        elements: vec![Some(Value::string("alice")), Some(Value::string("bob"))],
        properties: vec![],
    });
    let root = heap.insert(HeapValue::Object(vec![
        (key("type"), Value::string("chat.message")),
        (key("seq"), Value::Int32(i)),
        (key("to"), Value::Object(to)),
        (key("body"), Value::string("hello there, how are you?")),
        (key("ts"), Value::Double(1.7e12 + i as f64)),
        (key("urgent"), Value::Bool(i % 2 == 0)),
    ]));
    Graph::from_parts(heap, Value::Object(root))
}

fn encode_plain(g: &Graph) -> Vec<u8> {
    let mut ser = Serializer::new();
    ser.write_header();
    ser.write_value(&g.heap, &g.root).unwrap();
    ser.release()
}

fn decode_plain(bytes: &[u8]) -> Graph {
    let mut de = Deserializer::new(bytes);
    de.read_header().unwrap();
    let root = de.read_value().unwrap();
    de.into_graph(root)
}

/// Decode then encode, for both codecs, on the same bytes. The group is
/// returned open, for anchors that belong beside these lines.
fn compare<'c>(c: &'c mut Criterion, name: &str, bytes: &[u8]) -> BenchmarkGroup<'c, WallTime> {
    let mut group = c.benchmark_group(format!("structured_clone/{name}"));
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("decode/ours", |b| b.iter(|| decode_plain(black_box(bytes))));
    group.bench_function("decode/v8_valueserializer", |b| {
        b.iter(|| {
            v8_valueserializer::ValueDeserializer::default()
                .read(black_box(bytes))
                .unwrap()
        })
    });
    let ours = decode_plain(bytes);
    assert_eq!(
        encode_plain(&ours),
        bytes,
        "{name}: our encode must reproduce the bytes"
    );
    let (theirs_value, theirs_heap) = v8_valueserializer::ValueDeserializer::default()
        .read(bytes)
        .unwrap();
    group.bench_function("encode/ours", |b| b.iter(|| encode_plain(black_box(&ours))));
    group.bench_function("encode/v8_valueserializer", |b| {
        b.iter(|| {
            v8_valueserializer::ValueSerializer::default()
                .finish(&theirs_heap, &theirs_value)
                .unwrap()
        })
    });
    group
}

fn messages(c: &mut Criterion) {
    let blobs: Vec<Vec<u8>> = (0..10_000).map(|i| encode_plain(&message(i))).collect();
    let total: usize = blobs.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("structured_clone/messages_10k");
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("decode/ours", |b| {
        b.iter(|| {
            for m in &blobs {
                black_box(decode_plain(black_box(m)));
            }
        })
    });
    group.bench_function("decode/v8_valueserializer", |b| {
        b.iter(|| {
            for m in &blobs {
                black_box(
                    v8_valueserializer::ValueDeserializer::default()
                        .read(black_box(m))
                        .unwrap(),
                );
            }
        })
    });
    let ours: Vec<Graph> = blobs.iter().map(|m| decode_plain(m)).collect();
    let theirs: Vec<_> = blobs
        .iter()
        .map(|m| {
            v8_valueserializer::ValueDeserializer::default()
                .read(m)
                .unwrap()
        })
        .collect();
    group.bench_function("encode/ours", |b| {
        b.iter(|| {
            ours.iter()
                .map(|g| encode_plain(black_box(g)).len())
                .sum::<usize>()
        })
    });
    group.bench_function("encode/v8_valueserializer", |b| {
        b.iter(|| {
            theirs
                .iter()
                .map(|(v, h)| {
                    v8_valueserializer::ValueSerializer::default()
                        .finish(h, v)
                        .unwrap()
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

fn big_buffer(c: &mut Criterion) {
    const LEN: usize = 16 << 20;
    let data: Vec<u8> = (0..LEN).map(|i| (i * 31) as u8).collect();
    let mut heap = Heap::new();
    let ab = heap.insert(HeapValue::ArrayBuffer(ArrayBuffer::new(data.clone())));
    let graph = Graph::from_parts(heap, Value::Object(ab));
    let bytes = encode_plain(&graph);
    let mut group = compare(c, "array_buffer_16mib", &bytes);
    memcpy_anchor(&mut group, &bytes);
    // Not like-for-like: shared input, the buffer becomes a slice of it.
    let shared = structured_clone::Bytes::from(bytes.clone());
    group.bench_function("decode_zero_copy/ours", |b| {
        b.iter(|| {
            let mut de = Deserializer::from_bytes(black_box(&shared));
            de.read_header().unwrap();
            let root = de.read_value().unwrap();
            de.into_graph(root)
        })
    });
    group.finish();
}

fn big_string(c: &mut Criterion) {
    let text: String = (0..(1 << 20))
        .map(|i| (b'a' + (i % 26) as u8) as char)
        .collect();
    let bytes = encode_plain(&Graph::new(Value::String(JsString::from(text.as_str()))));
    let mut group = compare(c, "string_1mib_one_byte", &bytes);
    memcpy_anchor(&mut group, &bytes);
    group.finish();
    let wide: Vec<u16> = (0..(1 << 19)).map(|i| 0x4e00 + (i % 500) as u16).collect();
    let bytes = encode_plain(&Graph::new(Value::String(JsString::two_byte(wide))));
    let mut group = compare(c, "string_1mib_two_byte", &bytes);
    memcpy_anchor(&mut group, &bytes);
    group.finish();
}

/// One memcpy of `bytes` into a fresh allocation, beside the codecs in
/// `group`: the speed a codec that copies its payload once can reach.
fn memcpy_anchor(group: &mut BenchmarkGroup<'_, WallTime>, bytes: &[u8]) {
    group.bench_function("memcpy", |b| b.iter(|| black_box(bytes).to_vec()));
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
struct Address {
    street: String,
    city: String,
    zip: u32,
}

#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
struct Customer {
    id: u64,
    name: String,
    email: String,
    active: bool,
    score: f64,
    tags: Vec<String>,
    address: Address,
    orders: Vec<u32>,
    meta: BTreeMap<String, i64>,
    nickname: Option<String>,
}

fn customers() -> Vec<Customer> {
    (0..4000)
        .map(|i| Customer {
            id: i,
            name: format!("Customer Number {i}"),
            email: format!("customer{i}@example.org"),
            active: i % 2 == 0,
            score: i as f64 * 1.5 + 0.25,
            tags: vec![
                "vip".into(),
                format!("region-{}", i % 7),
                "newsletter".into(),
            ],
            address: Address {
                street: format!("{i} Main Street"),
                city: "Springfield".into(),
                zip: 10_000 + i as u32,
            },
            orders: (0..5).map(|o| (i as u32) * 10 + o).collect(),
            meta: [
                ("visits".to_string(), i as i64 * 3),
                ("returns".to_string(), (i % 4) as i64),
            ]
            .into(),
            nickname: if i % 3 == 0 {
                Some(format!("nick{i}"))
            } else {
                None
            },
        })
        .collect()
}

/// `data` as the tokens a self-describing format would give serde's visitors
/// (structs and maps as maps, in field order; strings borrowed).
fn customer_tokens(data: &[Customer]) -> Vec<Token<'_>> {
    let mut t = vec![Token::Seq(data.len() as u32)];
    for c in data {
        t.extend([
            Token::Map(10),
            Token::Str("id"),
            Token::U64(c.id),
            Token::Str("name"),
            Token::Str(&c.name),
            Token::Str("email"),
            Token::Str(&c.email),
            Token::Str("active"),
            Token::Bool(c.active),
            Token::Str("score"),
            Token::F64(c.score),
            Token::Str("tags"),
            Token::Seq(c.tags.len() as u32),
        ]);
        t.extend(c.tags.iter().map(|s| Token::Str(s)));
        t.extend([
            Token::Str("address"),
            Token::Map(3),
            Token::Str("street"),
            Token::Str(&c.address.street),
            Token::Str("city"),
            Token::Str(&c.address.city),
            Token::Str("zip"),
            Token::U64(c.address.zip.into()),
            Token::Str("orders"),
            Token::Seq(c.orders.len() as u32),
        ]);
        t.extend(c.orders.iter().map(|&o| Token::U64(o.into())));
        t.extend([Token::Str("meta"), Token::Map(c.meta.len() as u32)]);
        for (k, &v) in &c.meta {
            t.extend([Token::Str(k), Token::I64(v)]);
        }
        t.push(Token::Str("nickname"));
        t.push(c.nickname.as_deref().map_or(Token::Null, Token::Str));
    }
    t
}

fn serde_path(c: &mut Criterion) {
    let data = customers();
    let wire = structured_clone::to_vec(&data).unwrap();
    let json = serde_json::to_vec(&data).unwrap();
    let back: Vec<Customer> = structured_clone::from_slice(&wire).unwrap();
    assert_eq!(back, data);
    let tokens = customer_tokens(&data);
    let from_tokens = Vec::<Customer>::deserialize(&mut TokenDeserializer::new(&tokens)).unwrap();
    assert_eq!(from_tokens, data);
    let mut group = c.benchmark_group("structured_clone/serde_struct");
    group.throughput(Throughput::Elements(data.len() as u64));
    group.bench_function(BenchmarkId::new("to_vec", "ours"), |b| {
        b.iter(|| structured_clone::to_vec(black_box(&data)).unwrap())
    });
    group.bench_function(BenchmarkId::new("to_vec", "serde_json"), |b| {
        b.iter(|| serde_json::to_vec(black_box(&data)).unwrap())
    });
    group.bench_function(BenchmarkId::new("from_slice", "ours"), |b| {
        b.iter(|| structured_clone::from_slice::<Vec<Customer>>(black_box(&wire)).unwrap())
    });
    group.bench_function(BenchmarkId::new("from_slice", "serde_json"), |b| {
        b.iter(|| serde_json::from_slice::<Vec<Customer>>(black_box(&json)).unwrap())
    });
    // The floor for any from_slice: building (and dropping) the same Rust values.
    group.bench_function(BenchmarkId::new("from_slice", "clone_floor"), |b| {
        b.iter(|| black_box(&data).clone())
    });
    // About the floor for any serde format: the same visitors, no parsing.
    group.bench_function(BenchmarkId::new("from_slice", "token_floor"), |b| {
        b.iter(|| {
            let mut de = TokenDeserializer::new(black_box(&tokens));
            Vec::<Customer>::deserialize(&mut de).unwrap()
        })
    });
    group.finish();
}

/// 1,000 RegExps (typical validation patterns, some with `u`/`v`), decoded
/// with V8's pattern syntax check (the default) and without it.
fn regexps(c: &mut Criterion) {
    let mut heap = Heap::new();
    let patterns = [
        r"^[\w.+-]+@[\w-]+\.[\w.]+$",
        r"^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})$",
        r"\bfoo(?:bar|baz)*\b",
        r"^\p{Lu}\p{Ll}+$",
        r"[\p{L}--[a-z]]",
        r"^https?://[^\s/$.?#].[^\s]*$",
    ];
    let flags = [2, 0, 1, 16, 256, 2];
    let elements = (0..1000)
        .map(|i| {
            let k = i % patterns.len();
            let pattern = JsString::from(format!("{}{i}", patterns[k]).as_str());
            let flags = flags[k];
            Some(Value::Object(
                heap.insert(HeapValue::RegExp { pattern, flags }),
            ))
        })
        .collect();
    let root = heap.insert(HeapValue::DenseArray {
        elements,
        properties: vec![],
    });
    let bytes = encode_plain(&Graph::from_parts(heap, Value::Object(root)));
    let mut group = c.benchmark_group("structured_clone/regexps_1k");
    group.throughput(Throughput::Elements(1000));
    for check in [true, false] {
        let name = if check {
            "decode/checked"
        } else {
            "decode/unchecked"
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut de = Deserializer::new(black_box(&bytes));
                de.set_check_regexp_patterns(check);
                de.read_header().unwrap();
                let root = de.read_value().unwrap();
                de.into_graph(root)
            })
        });
    }
    group.finish();
}

fn mixed(c: &mut Criterion) {
    let bytes = encode_plain(&mixed_graph());
    compare(c, "mixed_graph_1mb", &bytes).finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = mixed, messages, big_buffer, big_string, serde_path, regexps
}
criterion_main!(benches);
