//! The delegate-driven tags: WebAssembly modules (`w`), WebAssembly memories
//! (`m`), shared objects (`p`), and the wasm-memory suffix after `u`.
//!
//! Bytes are hand-made from V8 15.2's `value-serializer.cc` (ReadWasmMemory,
//! ReadWasmModuleTransfer, ReadSharedObject, ReadJSArrayBuffer), plus Node 20
//! vectors from tests/vectors/gen.js (`delegate_vectors`).

use crate::unhex;
use serde_json::Value as Json;
use std::collections::HashMap;
use structured_clone::{
    decode, inspect::inspect, Deserializer, DeserializerDelegate, ErrorKind, Graph, Heap,
    HeapValue, ObjectId, Result, Serializer, Value,
};

/// Accepts every id; SharedArrayBuffers listed in `wasm` are wasm memory of that length.
#[derive(Default)]
struct Accept {
    wasm: HashMap<u32, u64>,
}

impl DeserializerDelegate for Accept {
    fn get_shared_array_buffer_from_id(&mut self, _id: u32) -> Result<()> {
        Ok(())
    }
    fn shared_array_buffer_wasm_memory_length(&mut self, id: u32) -> Option<u64> {
        self.wasm.get(&id).copied()
    }
    fn get_wasm_module_from_id(&mut self, _transfer_id: u32) -> Result<()> {
        Ok(())
    }
    fn get_shared_object_from_index(&mut self, _index: u32) -> Result<()> {
        Ok(())
    }
}

/// SharedArrayBuffer 7 is wasm memory of one 64 KiB page.
fn wasm7() -> Accept {
    Accept {
        wasm: HashMap::from([(7, 65536)]),
    }
}

fn read_with(bytes: &[u8], delegate: Accept) -> Result<Graph> {
    let mut de = Deserializer::with_delegate(bytes, delegate);
    de.read_header()?;
    let root = de.read_value()?;
    Ok(de.into_graph(root))
}

fn write(g: &Graph, version: u32) -> Result<Vec<u8>> {
    let mut ser = Serializer::new();
    ser.set_write_version(version)?;
    ser.write_header();
    ser.write_value(&g.heap, &g.root)?;
    Ok(ser.release())
}

/// Reads `hex` with `delegate`, checks it writes back byte-identically, and
/// that every shorter prefix fails with an offset (no panic), unless the
/// prefix is a whole buffer that the cut-off view (`V`) would have followed.
fn round_trip(hex: &str, delegate: impl Fn() -> Accept) -> Graph {
    let bytes = unhex(hex);
    let g = read_with(&bytes, delegate()).unwrap_or_else(|e| panic!("{hex}: {e}"));
    let version = bytes[1] as u32;
    assert_eq!(crate::hex(&write(&g, version).unwrap()), hex, "{g:?}");
    for n in 2..bytes.len() {
        match read_with(&bytes[..n], delegate()) {
            Ok(_) if bytes[n] == b'V' => {}
            Ok(g) => panic!("{hex}: prefix of {n} bytes read as {g:?}"),
            Err(e) => assert!(e.offset().is_some(), "{hex}[..{n}]: {e}"),
        }
    }
    g
}

fn root(g: &Graph) -> &HeapValue {
    &g.heap[g.root.as_object().expect("an object root")]
}

fn elements(g: &Graph) -> Vec<ObjectId> {
    let HeapValue::DenseArray { elements, .. } = root(g) else {
        panic!("not an array: {g:?}")
    };
    elements
        .iter()
        .map(|e| e.as_ref().and_then(Value::as_object).expect("an object"))
        .collect()
}

fn err_at(hex: &str, delegate: Accept) -> (ErrorKind, usize) {
    let e = read_with(&unhex(hex), delegate).expect_err(hex);
    (e.kind().clone(), e.offset().expect("an offset"))
}

#[test]
fn wasm_module_transfer() {
    let g = round_trip("ff0f7705", Accept::default);
    assert_eq!(root(&g), &HeapValue::WasmModule { transfer_id: 5 });
    // The module takes an id: [w5, {}, ^1, ^2].
    let g = round_trip("ff0f410477056f7b005e015e02240004", Accept::default);
    let [a, b, c, d] = elements(&g)[..] else {
        panic!()
    };
    assert_eq!((a, b), (c, d));
    assert_eq!(g.heap[a], HeapValue::WasmModule { transfer_id: 5 });
    assert_eq!(g.heap[b], HeapValue::Object(vec![]));
}

#[test]
fn wasm_memory_with_fixed_length_buffer() {
    // m, maximum 4 (zigzag 8), memory64 0, then u 7 f 65536.
    let g = round_trip("ff0f6d0800750766808004", wasm7);
    let HeapValue::WasmMemory {
        maximum_pages: 4,
        memory64: false,
        buffer,
    } = *root(&g)
    else {
        panic!("{g:?}")
    };
    assert_eq!(
        g.heap[buffer],
        HeapValue::WasmSharedArrayBuffer {
            id: 7,
            byte_length: 65536
        }
    );
    // Ids: array 0, memory 1 (before its buffer), buffer 2, {} 3:
    // [m.., ^2, {}, ^3].
    let g = round_trip("ff0f41046d08007507668080045e026f7b005e03240004", wasm7);
    let [m, b, o, o2] = elements(&g)[..] else {
        panic!()
    };
    assert!(matches!(g.heap[m], HeapValue::WasmMemory { buffer, .. } if buffer == b));
    assert!(matches!(
        g.heap[b],
        HeapValue::WasmSharedArrayBuffer { id: 7, .. }
    ));
    assert_eq!((o, g.heap[o].clone()), (o2, HeapValue::Object(vec![])));
    // A back-reference to the memory itself: [m.., ^1].
    let g = round_trip("ff0f41026d08007507668080045e01240002", wasm7);
    let [m, m2] = elements(&g)[..] else { panic!() };
    assert_eq!(m, m2);
}

#[test]
fn wasm_memory64_without_maximum_over_a_plain_shared_buffer() {
    // maximum -1 (zigzag 1), memory64 1; the delegate says the buffer is not
    // wasm memory, so no suffix is read.
    let g = round_trip("ff0f6d01017507", Accept::default);
    let HeapValue::WasmMemory {
        maximum_pages: -1,
        memory64: true,
        buffer,
    } = *root(&g)
    else {
        panic!("{g:?}")
    };
    assert_eq!(g.heap[buffer], HeapValue::SharedArrayBuffer { id: 7 });
    // The page limits: 65536 for 32-bit memories, 262144 for 64-bit ones.
    round_trip("ff0f6d808008007507", Accept::default);
    round_trip("ff0f6d808020017507", Accept::default);
    let (kind, at) = err_at("ff0f6d828008007507", Accept::default());
    assert!(
        matches!(kind, ErrorKind::InvalidWasmMemory(_)) && at == 3,
        "{kind:?} {at}"
    );
    let (kind, at) = err_at("ff0f6d828020017507", Accept::default());
    assert!(
        matches!(kind, ErrorKind::InvalidWasmMemory(_)) && at == 3,
        "{kind:?} {at}"
    );
    // -2 (zigzag 3) is neither "no maximum" nor a page count.
    let (kind, _) = err_at("ff0f6d03007507", Accept::default());
    assert!(matches!(kind, ErrorKind::InvalidWasmMemory(_)), "{kind:?}");
}

#[test]
fn growable_wasm_buffer_and_its_memory_refer_to_each_other() {
    // Buffer first: u 7 r, then the memory (id 1) whose buffer is ^0.
    let g = round_trip("ff0f7507726d08005e00", wasm7);
    let sab = g.root.as_object().unwrap();
    let HeapValue::WasmGrowableSharedArrayBuffer { id: 7, memory } = g.heap[sab] else {
        panic!("{g:?}")
    };
    assert!(matches!(g.heap[memory], HeapValue::WasmMemory { buffer, .. } if buffer == sab));
    // Memory first: m (id 0), u 7 (id 1) r ^0.
    let g = round_trip("ff0f6d08007507725e00", wasm7);
    let HeapValue::WasmMemory { buffer, .. } = *root(&g) else {
        panic!("{g:?}")
    };
    assert!(
        matches!(g.heap[buffer], HeapValue::WasmGrowableSharedArrayBuffer { memory, .. }
        if Value::Object(memory) == g.root)
    );
    // `r` must be followed by a memory.
    let (kind, at) = err_at("ff0f7507726f7b00", wasm7());
    assert!(
        matches!(kind, ErrorKind::InvalidWasmMemory(_)) && at == 5,
        "{kind:?} {at}"
    );
    let text = inspect(&g);
    assert!(
        text.contains("WebAssembly.Memory {") && text.contains("growable: true"),
        "{text}"
    );
}

#[test]
fn views_over_wasm_buffers() {
    // A Uint8Array over the fixed-length buffer: u 7 f 16, V B 0 16 0.
    let g = round_trip("ff0f750766105642001000", || Accept {
        wasm: HashMap::from([(7, 64)]),
    });
    let HeapValue::View(v) = root(&g) else {
        panic!("{g:?}")
    };
    assert_eq!((v.byte_offset, v.byte_length), (0, 16));
    let small = || Accept {
        wasm: HashMap::from([(7, 64)]),
    };
    // Past the suffix's length; length-tracking on a fixed-length buffer.
    assert!(matches!(
        err_at("ff0f750766105642001100", small()).0,
        ErrorKind::InvalidView(_)
    ));
    assert!(matches!(
        err_at("ff0f750766105642000001", small()).0,
        ErrorKind::InvalidView(_)
    ));
    // The suffix may not claim more than the delegate's buffer holds.
    let (kind, at) = err_at("ff0f75076641", small());
    assert!(
        matches!(
            kind,
            ErrorKind::Length {
                len: 65,
                limit: 64,
                ..
            }
        ) && at == 5,
        "{kind:?} {at}"
    );
    // A length-tracking view over the growable buffer (no RAB bit: it is shared).
    let g = round_trip("ff0f7507726d08005e005642000001", wasm7);
    let HeapValue::View(v) = root(&g) else {
        panic!("{g:?}")
    };
    assert!(v.length_tracking && !v.backed_by_rab);
    let (kind, _) = err_at("ff0f7507726d08005e005642000003", wasm7());
    assert!(matches!(kind, ErrorKind::InvalidView(_)), "{kind:?}");
    // An unknown suffix subtag.
    let (kind, at) = err_at("ff0f750778", wasm7());
    assert!(
        matches!(kind, ErrorKind::UnexpectedTag { .. }) && at == 4,
        "{kind:?} {at}"
    );
    // No view look-ahead inside `m`: the `V` after its buffer is left over.
    let bytes = unhex("ff0f6d0800750766405642000000");
    let mut de = Deserializer::with_delegate(&bytes[..], small());
    de.read_header().unwrap();
    let memory = de.read_value().unwrap();
    assert_eq!(de.position(), 9);
    let g = de.into_graph(memory);
    assert!(matches!(root(&g), HeapValue::WasmMemory { .. }));
}

#[test]
fn wasm_memory_needs_a_shared_buffer() {
    for (hex, at) in [
        ("ff0f6d08006f7b00", 5), // an object
        ("ff0f6d0800420100", 5), // an ArrayBuffer
        ("ff0f6d08005e00", 5),   // the memory itself
        ("ff0f6d08027507", 4),   // memory64 byte 2
    ] {
        let (kind, got) = err_at(hex, Accept::default());
        assert!(
            matches!(kind, ErrorKind::InvalidWasmMemory(_)),
            "{hex}: {kind:?}"
        );
        assert_eq!(got, at, "{hex}");
    }
    // The writer refuses what the reader would.
    let mut heap = Heap::new();
    let ab = heap.insert(HeapValue::ArrayBuffer(Default::default()));
    let m = heap.insert(HeapValue::WasmMemory {
        maximum_pages: 1,
        memory64: false,
        buffer: ab,
    });
    let sab = heap.insert(HeapValue::SharedArrayBuffer { id: 1 });
    let big = heap.insert(HeapValue::WasmMemory {
        maximum_pages: 65537,
        memory64: false,
        buffer: sab,
    });
    let not_memory = heap.insert(HeapValue::WasmGrowableSharedArrayBuffer { id: 1, memory: sab });
    for id in [m, big, not_memory] {
        let g = Graph::from_parts(heap.clone(), Value::Object(id));
        let e = write(&g, 15).expect_err("refused");
        assert!(matches!(e.kind(), ErrorKind::DataClone(_)), "{e}");
    }
}

#[test]
fn shared_objects_take_no_id() {
    let g = round_trip("ff0f7003", Accept::default);
    assert_eq!(root(&g), &HeapValue::SharedObject { index: 3 });
    // [p3, {}, ^1]: the object is id 1, as V8's reader numbers it.
    let g = round_trip("ff0f410370036f7b005e01240003", Accept::default);
    let [p, o, o2] = elements(&g)[..] else {
        panic!()
    };
    assert_eq!(g.heap[p], HeapValue::SharedObject { index: 3 });
    assert_eq!((o, g.heap[o].clone()), (o2, HeapValue::Object(vec![])));
    // A repeated shared object is `p` again, never `^`.
    let g = round_trip("ff0f410270037003240002", Accept::default);
    let [a, b] = elements(&g)[..] else { panic!() };
    assert_eq!(g.heap[a], g.heap[b]);
    let mut g = g;
    if let HeapValue::DenseArray { elements, .. } = &mut g.heap[ObjectId(0)] {
        elements[1] = Some(Value::Object(a));
    }
    assert_eq!(
        crate::hex(&write(&g, 15).unwrap()),
        "ff0f410270037003240002"
    );
    // Version 15+ only, as in V8: older data does not know the tag.
    let (kind, at) = err_at("ff0e7003", Accept::default());
    assert!(
        matches!(kind, ErrorKind::UnexpectedTag { .. }) && at == 2,
        "{kind:?} {at}"
    );
    let e = write(&g, 14).expect_err("v14 has no shared objects");
    assert!(matches!(e.kind(), ErrorKind::DataClone(_)), "{e}");
    round_trip("ff107003", Accept::default);
}

#[test]
fn default_delegates_refuse_with_the_tag_and_offset() {
    for (hex, at, needle) in [
        ("ff0f7705", 2, "('w')"),
        ("ff0f7003", 2, "('p')"),
        ("ff0f6d08007507", 5, "WebAssembly.Memory ('m')"),
        ("ff0f410270037705", 4, "('p')"),
    ] {
        for e in [decode(&unhex(hex)).expect_err(hex), {
            let bytes = unhex(hex);
            let mut de = Deserializer::new(&bytes);
            de.read_header().unwrap();
            de.read_value().expect_err(hex)
        }] {
            assert!(
                matches!(e.kind(), ErrorKind::Delegate(m) if m.contains(needle)),
                "{hex}: {e}"
            );
            assert_eq!(e.offset(), Some(at), "{hex}: {e}");
        }
    }
}

#[test]
fn inspect_prints_placeholders() {
    let g = read_with(
        &unhex("ff0f41037705700b6d010075076640240003"),
        Accept {
            wasm: HashMap::from([(7, 64)]),
        },
    )
    .unwrap();
    let text = inspect(&g);
    for needle in [
        "[WebAssembly.Module transfer 5]",
        "[Shared object 11]",
        "WebAssembly.Memory {",
        "maximumPages: none",
        "SharedArrayBuffer { id: 7, wasmMemory: true, byteLength: 64 }",
    ] {
        assert!(text.contains(needle), "{needle} not in {text}");
    }
}

/// Node 20 (V8 11.3) wrote `m max u id`, without the memory64 byte V8 15.2
/// reads, so these are refused at that byte; with the byte put in they read,
/// with Node's id numbering, and write back as V8 15.2 writes them.
#[test]
fn node20_wasm_memory_vectors() {
    let doc: Json = serde_json::from_str(include_str!("../vectors/vectors.json")).unwrap();
    let vectors = doc["delegate_vectors"].as_array().unwrap();
    assert_eq!(vectors.len(), 4);
    for v in vectors {
        let name = v["name"].as_str().unwrap();
        let hex = v["hex"].as_str().unwrap();
        let Some(m) = hex.find("6d") else {
            // The buffer alone: a plain SharedArrayBuffer to a delegate that
            // does not call it wasm memory.
            let g = round_trip(hex, Accept::default);
            assert_eq!(root(&g), &HeapValue::SharedArrayBuffer { id: 7 }, "{name}");
            continue;
        };
        let u = m + hex[m..].find("7507").unwrap();
        let (kind, at) = err_at(hex, Accept::default());
        assert!(
            matches!(kind, ErrorKind::InvalidWasmMemory(_)),
            "{name}: {kind:?}"
        );
        assert_eq!(at, u / 2, "{name}");
        let fixed = format!("{}00{}", &hex[..u], &hex[u..]);
        let g = round_trip(&fixed, Accept::default);
        if name == "wasm memory ids" {
            // [memory, memory.buffer, {}]: `^2` is the buffer.
            let [m, b, _] = elements(&g)[..] else {
                panic!()
            };
            assert!(matches!(g.heap[m], HeapValue::WasmMemory { buffer, .. } if buffer == b));
        }
    }
}

/// One element of a generated array: a new value of each delegate-driven
/// kind, a plain object, or a second reference to an earlier element.
#[derive(Debug, Clone)]
enum Element {
    Module(u32),
    Shared(u32),
    /// A memory over a plain (`None`) or fixed-length wasm buffer.
    Memory(i32, bool, Option<u64>),
    /// A growable wasm buffer and its memory; `true`: the buffer is the element.
    Growable(bool),
    Object,
    Again(usize),
}

fn element() -> impl proptest::strategy::Strategy<Value = Element> {
    use proptest::prelude::*;
    prop_oneof![
        any::<u32>().prop_map(Element::Module),
        any::<u32>().prop_map(Element::Shared),
        (
            -1..=65536i32,
            any::<bool>(),
            proptest::option::of(0..=1u64 << 20)
        )
            .prop_map(|(max, m64, len)| Element::Memory(max, m64, len)),
        any::<bool>().prop_map(Element::Growable),
        Just(Element::Object),
        any::<usize>().prop_map(Element::Again),
    ]
}

/// SharedArrayBuffer ids: below 1000 plain, from 1000 on wasm memory.
fn build(spec: &[Element]) -> Graph {
    let mut heap = Heap::new();
    let array = heap.insert(HeapValue::Object(vec![]));
    let mut elements: Vec<ObjectId> = Vec::new();
    for (i, e) in spec.iter().enumerate() {
        let sab_id = i as u32;
        let id = match *e {
            Element::Module(t) => heap.insert(HeapValue::WasmModule { transfer_id: t }),
            Element::Shared(index) => heap.insert(HeapValue::SharedObject { index }),
            Element::Memory(maximum_pages, memory64, len) => {
                let buffer = heap.insert(match len {
                    None => HeapValue::SharedArrayBuffer { id: sab_id },
                    Some(byte_length) => HeapValue::WasmSharedArrayBuffer {
                        id: 1000 + sab_id,
                        byte_length,
                    },
                });
                heap.insert(HeapValue::WasmMemory {
                    maximum_pages,
                    memory64,
                    buffer,
                })
            }
            Element::Growable(buffer_first) => {
                let memory = ObjectId(heap.len() as u32);
                let buffer = ObjectId(memory.0 + 1);
                heap.insert(HeapValue::WasmMemory {
                    maximum_pages: -1,
                    memory64: false,
                    buffer,
                });
                heap.insert(HeapValue::WasmGrowableSharedArrayBuffer {
                    id: 1000 + sab_id,
                    memory,
                });
                if buffer_first {
                    buffer
                } else {
                    memory
                }
            }
            Element::Object => heap.insert(HeapValue::Object(vec![])),
            Element::Again(j) if !elements.is_empty() => elements[j % elements.len()],
            Element::Again(_) => heap.insert(HeapValue::Object(vec![])),
        };
        elements.push(id);
    }
    heap[array] = HeapValue::DenseArray {
        elements: elements
            .into_iter()
            .map(|e| Some(Value::Object(e)))
            .collect(),
        properties: vec![],
    };
    Graph::from_parts(heap, Value::Object(array))
}

proptest::proptest! {
    /// Whatever the writer writes, an accepting delegate reads back into a
    /// graph that writes the same bytes (ids agree on both sides).
    #[test]
    fn generated_graphs_round_trip(spec in proptest::collection::vec(element(), 0..12)) {
        let g = build(&spec);
        let bytes = write(&g, 15).unwrap();
        let wasm = (1000..1012).map(|id| (id, 1u64 << 20)).collect();
        let back = read_with(&bytes, Accept { wasm }).unwrap();
        proptest::prop_assert_eq!(crate::hex(&write(&back, 15).unwrap()), crate::hex(&bytes));
        // Each element is the same kind of value it was written as.
        let before = elements(&g);
        let after = elements(&back);
        proptest::prop_assert_eq!(before.len(), after.len());
        for (b, a) in before.iter().zip(&after) {
            proptest::prop_assert_eq!(
                std::mem::discriminant(&g.heap[*b]),
                std::mem::discriminant(&back.heap[*a])
            );
        }
    }
}

/// Bytes made of pieces of these values (whole or cut short) and stray bytes.
fn tag_soup() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
    use proptest::prelude::*;
    const PIECES: &[&[u8]] = &[
        b"m\x08\x00",
        b"m\x01\x01",
        b"m\x08",
        b"u\x07",
        b"u\x07f\x10",
        b"u\x07f",
        b"u\x07r",
        b"u\x03",
        b"w\x05",
        b"p\x02",
        b"^\x00",
        b"^\x01",
        b"^\x02",
        b"^\x03",
        b"o{\x00",
        b"A\x02",
        b"$\x00\x02",
        b"u\x07rm\x08\x00^\x00",
        b"m\x08\x00u\x07r^\x01",
        b"VB\x00\x04\x00",
        b"VB\x00\x00\x01",
        b"?\x00",
    ];
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(<[u8]>::to_vec),
        1 => any::<u8>().prop_map(|b| vec![b]),
    ];
    proptest::collection::vec(piece, 0..10).prop_map(|pieces| {
        let mut v = vec![0xff, 0x0f];
        v.extend(pieces.concat());
        v
    })
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(1024))]
    /// Whatever an accepting delegate reads (SharedArrayBuffer 7 is wasm
    /// memory) writes, reads back and writes the same bytes again.
    #[test]
    fn tag_soup_round_trips(bytes in tag_soup()) {
        let delegate = || Accept { wasm: HashMap::from([(7, 16)]) };
        let Ok(first) = read_with(&bytes, delegate()) else { return Ok(()) };
        let encoded = write(&first, 15).unwrap();
        let second = read_with(&encoded, delegate()).unwrap();
        proptest::prop_assert_eq!(crate::hex(&write(&second, 15).unwrap()), crate::hex(&encoded));
    }
}

/// Memory, growable buffer, memory, ... nests through `r`: the depth limit
/// stops it without exhausting the stack.
#[test]
fn nested_memories_hit_the_depth_limit() {
    let mut bytes = vec![0xff, 0x0f];
    for _ in 0..5000 {
        bytes.extend_from_slice(b"m\x08\x00u\x07r");
    }
    let e = read_with(&bytes, wasm7()).expect_err("too deep");
    assert!(matches!(e.kind(), ErrorKind::DepthLimit(_)), "{e}");
}
