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
    assert_eq!(structured_clone::encode(&g).unwrap().len(), bytes.len());
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
