//! serde: Node-made objects into Rust structs, and Rust values back out.

use crate::unhex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use structured_clone::{decode, from_slice, inspect::inspect, to_vec, ErrorKind};

#[derive(Debug, Deserialize, PartialEq)]
struct Nested {
    ok: bool,
    none: Option<i32>,
    undef: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
enum Kind {
    Circle,
    Square,
}

#[derive(Debug, Deserialize, PartialEq)]
struct User {
    name: String,
    age: u8,
    tags: Vec<String>,
    score: f64,
    big: u128,
    nested: Nested,
    bytes: serde_bytes_like::Bytes,
    kind: Kind,
}

/// A tiny stand-in for `serde_bytes::ByteBuf` (visit_bytes / visit_borrowed_bytes).
mod serde_bytes_like {
    use serde::de::{Deserialize, Deserializer, Visitor};
    #[derive(Debug, PartialEq)]
    pub struct Bytes(pub Vec<u8>);
    impl<'de> Deserialize<'de> for Bytes {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Bytes;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("bytes")
                }
                fn visit_bytes<E>(self, v: &[u8]) -> Result<Bytes, E> {
                    Ok(Bytes(v.to_vec()))
                }
            }
            d.deserialize_bytes(V)
        }
    }
}

// v8.serialize({name:"Ada", age: 36, tags:["x","€"], score: 1.5, big: 2n**64n+1n,
//   nested:{ok:true, none:null, undef: undefined}, bytes: Buffer.from([1,2,3]), kind: "Circle"})
const USER: &str = "ff0f6f22046e616d6522034164612203616765494822047461677341022201786302ac20240002220573636f72654e000000000000f83f22036269675a200100000000000000010000000000000022066e65737465646f22026f6b5422046e6f6e65302205756e6465665f7b03220562797465735c0a0301020322046b696e642206436972636c657b08";

#[test]
fn node_object_into_struct() {
    let user: User = from_slice(&unhex(USER)).unwrap();
    assert_eq!(
        user,
        User {
            name: "Ada".into(),
            age: 36,
            tags: vec!["x".into(), "€".into()],
            score: 1.5,
            big: (1u128 << 64) + 1,
            nested: Nested {
                ok: true,
                none: None,
                undef: None
            },
            bytes: serde_bytes_like::Bytes(vec![1, 2, 3]),
            kind: Kind::Circle,
        }
    );
    let _ = Kind::Square;
}

#[test]
fn shared_references_become_copies_and_cycles_fail() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct P {
        x: i32,
    }
    // const p = {x: 1}; v8.serialize({a: p, b: p})
    let m: BTreeMap<String, P> =
        from_slice(&unhex("ff0f6f2201616f22017849027b012201625e017b02")).unwrap();
    assert_eq!(m["a"], P { x: 1 });
    assert_eq!(m["b"], P { x: 1 });
    // const o = {}; o.o = o
    let e = from_slice::<serde_json::Value>(&unhex("ff0f6f22016f5e007b01")).unwrap_err();
    assert!(e.to_string().contains("cyclic"), "{e}");
    assert_eq!(e.offset(), Some(6));
}

#[test]
fn numeric_keys_read_as_strings_or_numbers() {
    // v8.serialize({1: "a", 2: "b"})
    let bytes = unhex("ff0f6f490222016149042201627b02");
    let by_string: BTreeMap<String, String> = from_slice(&bytes).unwrap();
    assert_eq!(by_string["1"], "a");
    let by_number: BTreeMap<u32, String> = from_slice(&bytes).unwrap();
    assert_eq!(by_number[&2], "b");
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Clone)]
enum Shape {
    Unit,
    Newtype(i64),
    Tuple(u8, String),
    Struct { w: f64, h: Option<f32> },
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Clone)]
struct Doc {
    id: u64,
    title: String,
    shapes: Vec<Shape>,
    map: BTreeMap<String, i32>,
    int_map: BTreeMap<u32, bool>,
    opt: Option<Box<Doc>>,
    t: (i8, char),
    neg: i128,
}

fn doc() -> Doc {
    Doc {
        id: u64::MAX,
        title: "Ünïcödé € 😀".into(),
        shapes: vec![
            Shape::Unit,
            Shape::Newtype(-(1 << 60)),
            Shape::Tuple(7, "x".into()),
            Shape::Struct { w: 1.25, h: None },
        ],
        map: [("a".to_string(), 1), ("b".to_string(), -2)].into(),
        int_map: [(0, true), (4_000_000_000, false)].into(),
        opt: Some(Box::new(Doc {
            id: 1,
            title: String::new(),
            shapes: vec![],
            map: BTreeMap::new(),
            int_map: BTreeMap::new(),
            opt: None,
            t: (0, 'a'),
            neg: 0,
        })),
        t: (-1, 'é'),
        neg: i128::MIN,
    }
}

#[test]
fn serde_round_trip_and_value_shape() {
    let d = doc();
    let bytes = to_vec(&d).unwrap();
    let back: Doc = from_slice(&bytes).unwrap();
    assert_eq!(back, d);
    // The bytes are an ordinary V8 stream: the full decoder reads them too.
    let g = decode(&bytes).unwrap();
    let text = inspect(&g);
    assert!(text.contains("id: 18446744073709551615n"), "{text}");
    assert!(
        text.contains("{ Newtype: -1152921504606846976n }"),
        "{text}"
    );
    assert!(text.contains("'Unit'"), "{text}");
    assert!(text.contains("'4000000000': false"), "{text}");
    // Re-encoding the decoded graph gives the very bytes serde wrote: both
    // writers make the same choices (string encodings, key forms, BigInts).
    assert_eq!(
        crate::hex(&structured_clone::encode(&g).unwrap()),
        crate::hex(&bytes)
    );
}

#[test]
fn serde_errors_have_offsets() {
    #[derive(Debug, Deserialize)]
    struct S {
        _a: i32,
    }
    let e = from_slice::<S>(b"\xff\x0fo\"\x02_aI\x02{\x02").unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Count { .. }), "{e}");
    assert_eq!(e.offset(), Some(10));
    let e = from_slice::<S>(b"\xff\x0fo\"\x02_a\"\x01x{\x01").unwrap_err();
    assert!(e.to_string().contains("invalid type"), "{e}");
    assert!(e.offset().is_some());
}

#[test]
fn typed_reads_take_the_same_tokens_as_the_general_reader() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct T {
        n: u32,
        s: String,
        f: f64,
        v: Vec<i64>,
    }
    let want = T {
        n: 7,
        s: "hi".into(),
        f: 1.5,
        v: vec![-1, 300, 1 << 20, -(1 << 30), 0],
    };
    // Smis as 1-, 2-, 4- and 5-byte varints, and an over-long zero (0x80 0x00).
    let plain = "ff0f6f22016e490e22017322026869220166\
                 4e000000000000f83f2201764105490149d804498080800149ffffffff07498000\
                 2400057b04";
    assert_eq!(from_slice::<T>(&unhex(plain)).unwrap(), want);
    // Padding before any tag (an object, a key, a value, an element, an end
    // tag) is skipped as V8 skips it.
    let padded = "ff0f006f0022016e00490e2201730022026869220166\
                  004e000000000000f83f220176410500490149d804498080800149ffffffff07498000\
                  00240005007b04";
    assert_eq!(from_slice::<T>(&unhex(padded)).unwrap(), want);
    // Latin-1 text, short and long, in keys and values is not taken for ASCII.
    let m: BTreeMap<String, String> = from_slice(&unhex(
        "ff0f6f2201e9220a616263646566676869ff220b61626364656667686920c422007b02",
    ))
    .unwrap();
    assert_eq!(m["é"], "abcdefghiÿ");
    assert_eq!(m["abcdefghi Ä"], "");
}

#[test]
fn string_keys_read_as_integers_and_integer_keys_as_strings() {
    let m: BTreeMap<i64, u8> = [(-5, 1), (3, 2), (1 << 40, 3)].into();
    let bytes = to_vec(&m).unwrap();
    assert_eq!(from_slice::<BTreeMap<i64, u8>>(&bytes).unwrap(), m);
    let by_text: BTreeMap<String, u8> = from_slice(&bytes).unwrap();
    assert_eq!(by_text["-5"], 1);
    assert_eq!(by_text["3"], 2);
    assert_eq!(by_text["1099511627776"], 3);
}

/// `[inner, ^inner x refs]` with `inner` an array of 64 Ki `true`s.
fn shared_array(refs: u8) -> Vec<u8> {
    let len = refs as u32 + 1;
    let varint = |v: u32| -> Vec<u8> {
        if v < 0x80 {
            vec![v as u8]
        } else {
            vec![v as u8 | 0x80, (v >> 7) as u8]
        }
    };
    let mut bytes = unhex("ff0f41");
    bytes.extend(varint(len));
    bytes.extend(unhex("41808004"));
    bytes.extend(std::iter::repeat_n(b'T', 65536));
    bytes.extend(unhex("2400808004"));
    for _ in 0..refs {
        bytes.extend(unhex("5e01"));
    }
    bytes.extend(unhex("2400"));
    bytes.extend(varint(len));
    bytes
}

#[test]
fn references_to_dates_read_and_copies_are_bounded() {
    // const d = new Date(0); v8.serialize([d, d])
    let dates: Vec<f64> = from_slice(&unhex("ff0f41024400000000000000005e01240002")).unwrap();
    assert_eq!(dates, [0.0, 0.0]);
    // Copying a 64 KiB array 200 times is far more work than the input is
    // worth: the reference that crosses the limit fails (the value decoder
    // shares the array instead).
    let bytes = shared_array(200);
    assert!(decode(&bytes).is_ok());
    let e = from_slice::<Vec<Vec<bool>>>(&bytes).unwrap_err();
    assert!(e.to_string().contains("work limit"), "{e}");
    assert_eq!(bytes[e.offset().unwrap()], b'^', "{e}");
    // A few copies are fine.
    let copies: Vec<Vec<bool>> = from_slice(&shared_array(10)).unwrap();
    assert_eq!(copies.len(), 11);
    assert!(copies.iter().all(|c| c.len() == 65536 && c[0]));
}

#[test]
fn regexps_are_checked_as_the_value_reader_checks_them() {
    // /a+/gi, then the same RegExp with a bad pattern and with bad flags.
    let ok = unhex("ff0f522202612b03");
    assert_eq!(from_slice::<String>(&ok).unwrap(), "/a+/gi");
    let bad_pattern = unhex("ff0f5222012803");
    let e = from_slice::<String>(&bad_pattern).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::InvalidRegExp { .. }) && e.offset() == Some(3),
        "{e}"
    );
    assert_eq!(decode(&bad_pattern).unwrap_err().offset(), Some(3));
    let bad_flags = unhex("ff0f5222016140");
    let e = from_slice::<String>(&bad_flags).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InvalidRegExpFlags(64)), "{e}");
    // The pattern must be a string, not another value.
    let e = from_slice::<String>(&unhex("ff0f52490203")).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::ExpectedString);
}

#[test]
fn strings_are_owned_for_string_and_borrowed_for_borrowing_types() {
    use std::borrow::Cow;
    #[derive(Deserialize)]
    struct Texts<'a> {
        owned: String,
        #[serde(borrow)]
        cow: Cow<'a, str>,
        plain: &'a str,
        long: String,
        #[serde(borrow)]
        key_map: BTreeMap<&'a str, String>,
    }
    let long = "a string of more than thirty-two bytes, copied as usual";
    let mut key_map = BTreeMap::new();
    key_map.insert("k", "v".to_string());
    let wire = to_vec(&serde_json::json!({
        "owned": "short text", "cow": "borrowed text", "plain": "plain",
        "long": long, "key_map": {"k": "v"},
    }))
    .unwrap();
    let t: Texts = from_slice(&wire).unwrap();
    assert_eq!(t.owned, "short text");
    assert_eq!(t.owned.capacity(), t.owned.len());
    // `#[serde(borrow)]` asks with `deserialize_str`: the text stays in the input.
    assert!(matches!(t.cow, Cow::Borrowed("borrowed text")));
    assert_eq!(t.plain, "plain");
    assert_eq!(t.long, long);
    assert_eq!(t.key_map, key_map);
    let within = |s: &str| wire.as_ptr_range().contains(&s.as_ptr());
    assert!(within(&t.cow) && within(t.plain) && !within(&t.owned));
}

/// The first property of an object, read by a visitor that returns without
/// reading the rest (as hand-written visitors may).
#[derive(Debug, PartialEq)]
struct First<T>(String, T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for First<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = First<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object with a property")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<First<T>, A::Error> {
                let (k, v) = m
                    .next_entry()?
                    .ok_or_else(|| serde::de::Error::custom("no property"))?;
                Ok(First(k, v))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

#[test]
fn properties_a_visitor_leaves_are_skipped_and_checked() {
    // [{a: 1, b: {x: [1, 2]}, c: "s"}, 5]
    let wire = unhex(
        "ff0f4102\
         6f22016149022201626f220178410249024904240002\
         7b012201632201737b03\
         490a240002",
    );
    let (first, five): (First<i32>, i32) = from_slice(&wire).unwrap();
    assert_eq!((first, five), (First("a".into(), 1), 5));
    // A visitor that stops early inside one that stops early: both objects'
    // rest is skipped, innermost first. [{p: {a: 1, b: 2}, q: 3}, 7]
    let wire = unhex("ff0f41026f2201706f220161490222016249047b0222017149067b02490e240002");
    let (first, seven): (First<First<i32>>, i32) = from_slice(&wire).unwrap();
    assert_eq!(first, First("p".into(), First("a".into(), 1)));
    assert_eq!(seven, 7);
    // The same object read twice through a back-reference: [o, o].
    let wire = unhex("ff0f41026f220161490222016249047b025e01240002");
    let both: Vec<First<i32>> = from_slice(&wire).unwrap();
    assert_eq!(both, [First("a".into(), 1), First("a".into(), 1)]);
    // Errors in what was skipped are still errors, at their offsets: a bad
    // count, a bad tag, and the same at the top level (checked by `end`).
    let bad_count = unhex("ff0f41026f220161490222016249047b03490a240002");
    let e = from_slice::<(First<i32>, i32)>(&bad_count).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Count { .. }), "{e}");
    assert_eq!(e.offset(), Some(16));
    let bad_tag = unhex("ff0f41026f22016149022201620e7b02490a240002");
    let e = from_slice::<(First<i32>, i32)>(&bad_tag).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::UnexpectedTag { .. }), "{e}");
    assert_eq!(e.offset(), Some(13));
    let top = unhex("ff0f6f22016149022201620e7b02");
    let e = from_slice::<First<i32>>(&top).unwrap_err();
    assert_eq!(e.offset(), Some(11), "{e}");
    let mut de = structured_clone::serde_de::WireDeserializer::new(&top);
    de.read_header().unwrap();
    assert_eq!(
        First::<i32>::deserialize(&mut de).unwrap(),
        First("a".into(), 1)
    );
    assert_eq!(de.end().unwrap_err().offset(), Some(11));
}

/// Bytes, lists and maps of them, read with `deserialize_any`: the shape of
/// the view and buffer vectors.
#[derive(Debug, PartialEq, Clone)]
enum Bin {
    Bytes(Vec<u8>),
    List(Vec<Bin>),
    Map(BTreeMap<String, Bin>),
}

impl<'de> Deserialize<'de> for Bin {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Bin;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("bytes, or a list or map of them")
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Bin, E> {
                Ok(Bin::Bytes(v.to_vec()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut s: A) -> Result<Bin, A::Error> {
                let mut out = Vec::new();
                while let Some(b) = s.next_element()? {
                    out.push(b);
                }
                Ok(Bin::List(out))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Bin, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, v)) = m.next_entry()? {
                    out.insert(k, v);
                }
                Ok(Bin::Map(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// The [`Bin`] a described value (tests/conformance/describe.rs) reads as,
/// if it is made of buffers and views only; `seen` maps object ids to them.
fn described_bin(d: &serde_json::Value, seen: &mut BTreeMap<u64, Bin>) -> Option<Bin> {
    let a = d.as_array()?;
    let id = a.get(1).and_then(serde_json::Value::as_u64);
    let bin = match a[0].as_str()? {
        "ref" => return seen.get(&id?).cloned(),
        "arraybuffer" => Bin::Bytes(unhex(a[2].as_str()?)),
        "view" => {
            // Plain mode names the view's buffer too (a reference may use it).
            if let Some(buffer) = a.get(5) {
                described_bin(buffer, seen)?;
            }
            Bin::Bytes(unhex(a[3].as_str()?))
        }
        kind @ ("array" | "object") => {
            let id = id?;
            let entries = a.last()?.as_array()?;
            let mut items = Vec::new();
            for e in entries {
                items.push((e[0].as_str()?.to_string(), described_bin(&e[1], seen)?));
            }
            if kind == "object" {
                Bin::Map(items.into_iter().collect())
            } else {
                // Dense arrays only: every index present, in order.
                let dense = items.len() as u64 == a[2].as_u64()?
                    && items
                        .iter()
                        .enumerate()
                        .all(|(i, (k, _))| *k == i.to_string());
                if !dense {
                    return None;
                }
                let bin = Bin::List(items.into_iter().map(|(_, b)| b).collect());
                seen.insert(id, bin.clone());
                return Some(bin);
            }
        }
        _ => return None,
    };
    seen.insert(id?, bin.clone());
    Some(bin)
}

/// from_slice reads every Node vector made of buffers and views as the bytes
/// `decode` gives (length-tracking views included), and rejects the view
/// vectors `decode` rejects, with the same error at the same offset.
#[test]
fn views_read_as_decode_reads_them() {
    use crate::describe::describe;
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../vectors/vectors.json")).unwrap();
    let (mut compared, mut rejected) = (Vec::new(), 0);
    for v in doc["vectors"].as_array().unwrap() {
        let name = v["name"].as_str().unwrap();
        let bytes = unhex(v["hex"].as_str().unwrap());
        let ours = from_slice::<Bin>(&bytes);
        match decode(&bytes) {
            Ok(g) => {
                let described = describe(&g, v["mode"] == "default");
                if let Some(want) = described_bin(&described, &mut BTreeMap::new()) {
                    assert_eq!(ours.as_ref().ok(), Some(&want), "{name}");
                    compared.push(name);
                }
            }
            Err(e) if name.contains("view") => {
                let ours = ours.expect_err(name);
                assert_eq!(
                    (ours.kind(), ours.offset()),
                    (e.kind(), e.offset()),
                    "{name}"
                );
                rejected += 1;
            }
            Err(_) => {}
        }
    }
    // Every typed array kind, both Node formats, the shared and resizable cases.
    assert!(compared.len() >= 35, "{compared:?}");
    for name in [
        "plain rab view tracking",
        "plain rab view fixed",
        "plain two views one buffer",
        "plain view and buffer",
        "default shared view",
        "node truncated view",
        "v13 view",
    ] {
        assert!(compared.contains(&name), "{name} not compared");
    }
    assert!(rejected >= 3);
}

#[test]
fn view_flags_are_checked_as_decode_checks_them() {
    let cases = [
        // The backed-by-RAB flag on a fixed-length buffer.
        ("ff0f42030102035642000302", "flags need a resizable buffer"),
        // Length tracking on a fixed-length buffer.
        ("ff0f42030102035642000301", "flags need a resizable buffer"),
        // A view of a resizable buffer without the backed-by-RAB flag.
        (
            "ff0f7e02080000564200000000",
            "a resizable buffer needs the backed-by-RAB flag",
        ),
        // The same through a reference to the buffer: [rab, ^rab V...].
        (
            "ff0f41027e020800005e015642000001240002",
            "a resizable buffer needs the backed-by-RAB flag",
        ),
        // Bounds are checked before the flags are read (none here).
        (
            "ff0f420200005642010200",
            "offset or length outside the buffer",
        ),
    ];
    for (hex, what) in cases {
        let bytes = unhex(hex);
        let want = decode(&bytes).unwrap_err();
        let e = from_slice::<Bin>(&bytes).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::InvalidView(what), "{hex}: {e}");
        assert_eq!(
            (e.kind(), e.offset()),
            (want.kind(), want.offset()),
            "{hex}"
        );
    }
    // Unknown flag bits are ignored, as V8 ignores them.
    let bytes = unhex("ff0f42030102035642000304");
    assert!(decode(&bytes).is_ok());
    assert_eq!(
        from_slice::<Bin>(&bytes).unwrap(),
        Bin::Bytes(vec![1, 2, 3])
    );
}

#[test]
fn length_tracking_views_cover_whole_elements_to_the_buffer_end() {
    // A resizable buffer of 7 bytes (max 16), a length-tracking Uint16Array at
    // offset 2: its length is (7 - 2) / 2 elements, not the 0 on the wire.
    let bytes = unhex("ff0f7e0710010203040506075657020003");
    assert_eq!(
        from_slice::<Bin>(&bytes).unwrap(),
        Bin::Bytes(vec![3, 4, 5, 6])
    );
    let text = inspect(&decode(&bytes).unwrap());
    assert!(text.contains("Uint16Array(2)"), "{text}");
    // A reference to the view gives the same bytes: [view, ^view].
    let bytes = unhex("ff0f41027e07100102030405060756570200035e02240002");
    let both: Vec<Bin> = from_slice(&bytes).unwrap();
    assert_eq!(
        both,
        [Bin::Bytes(vec![3, 4, 5, 6]), Bin::Bytes(vec![3, 4, 5, 6])]
    );
    // A fixed-length view of a resizable buffer keeps its wire length.
    let bytes = unhex("ff0f7e0710010203040506075657020202");
    assert_eq!(from_slice::<Bin>(&bytes).unwrap(), Bin::Bytes(vec![3, 4]));
}

#[test]
fn version_13_views_are_read_again_with_flags_when_needed() {
    #[derive(Debug, Deserialize)]
    struct S {
        #[allow(dead_code)]
        v: i32,
    }
    // Plain v13: no flags. [Uint8Array [1, 2], 1]: read with flags, the Smi
    // tag would be taken for flags (and rejected), so no retry happens here.
    let plain = unhex("ff0d410242020102564200024902240002");
    assert!(decode(&plain).is_ok());
    let (view, one): (Bin, i32) = from_slice(&plain).unwrap();
    assert_eq!((view, one), (Bin::Bytes(vec![1, 2]), 1));
    // v13 written with flags (crbug.com/1284506): a view of a resizable buffer
    // fails without its flags, and V8 and decode read it again with them.
    for (hex, want) in [
        ("ff0d7e020800005642000003", vec![0, 0]),
        ("ff0d7e0408000102035642010202", vec![1, 2]),
    ] {
        let bytes = unhex(hex);
        let text = inspect(&decode(&bytes).unwrap());
        assert!(text.contains("Uint8Array(2)"), "{hex}: {text}");
        assert_eq!(
            from_slice::<Bin>(&bytes).unwrap(),
            Bin::Bytes(want.clone()),
            "{hex}"
        );
        // The same view as the element of an array, `[view]`.
        let in_array = unhex(&format!("ff0d4101{}240001", &hex[4..]));
        assert!(decode(&in_array).is_ok(), "{hex}");
        assert_eq!(
            from_slice::<Vec<Bin>>(&in_array).unwrap(),
            [Bin::Bytes(want)],
            "{hex}"
        );
    }
    // A stream that reads cleanly without flags keeps the visitor's error (a
    // retry would take the `{` end tag for flags and report a view error).
    let wire = unhex("ff0d6f22017642020102564200027b01");
    assert!(decode(&wire).is_ok());
    let e = from_slice::<S>(&wire).unwrap_err();
    assert!(e.to_string().contains("invalid type"), "{e}");
    // Bad in both readings: the error is decode's (its second reading's).
    for hex in ["ff0d420200005642010200", "ff0d420200005678000201"] {
        let bytes = unhex(hex);
        let want = decode(&bytes).unwrap_err();
        let e = from_slice::<Bin>(&bytes).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (want.kind(), want.offset()),
            "{hex}"
        );
    }
    // Versions from 14 on are read once, with flags.
    // (Here the flags are missing: the input ends.)
    let bytes = unhex("ff0e4202010256420002");
    let want = decode(&bytes).unwrap_err();
    let e = from_slice::<Bin>(&bytes).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (want.kind(), want.offset()));
    assert!(matches!(e.kind(), ErrorKind::UnexpectedEnd(_)), "{e}");
}
