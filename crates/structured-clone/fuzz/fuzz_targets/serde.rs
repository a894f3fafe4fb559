//! Any bytes into typed Rust data through `from_slice`: an error or a value,
//! never a panic; and any value read must write with `to_vec` and read back
//! equal (floats compared bit for bit). A visitor that reads only part of each
//! container must get the same outcome (error and offset) as a full read.
#![no_main]
use libfuzzer_sys::fuzz_target;
use serde::de::{DeserializeOwned, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::HashMap;
use std::fmt::Debug;
use structured_clone::{from_slice, to_vec};

/// An f64 that equals itself when the bits match (NaN included).
#[derive(Debug, Serialize, Deserialize)]
#[serde(transparent)]
struct F64(f64);
impl PartialEq for F64 {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

/// Bytes read from buffers, views and Node Buffers; written as a Node Buffer.
#[derive(Debug, PartialEq)]
struct Bytes(Vec<u8>);
impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}
impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
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

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Inner {
    a: u64,
    b: F64,
    s: String,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
enum Kind {
    Unit,
    New(i64),
    Tup(u8, String),
    Rec { x: Option<u32>, y: Vec<u16> },
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Record {
    id: u64,
    name: String,
    score: F64,
    flag: bool,
    tags: Vec<String>,
    inner: Inner,
    opt: Option<String>,
    map: HashMap<String, i64>,
    nums: HashMap<u32, bool>,
    kinds: Vec<Kind>,
    bytes: Option<Bytes>,
    small: i8,
    ch: Option<char>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Tree {
    v: Option<u32>,
    kids: Vec<Tree>,
}

fn check<T: DeserializeOwned + Serialize + PartialEq + Debug>(data: &[u8]) {
    let Ok(value) = from_slice::<T>(data) else {
        return;
    };
    let bytes = to_vec(&value).expect("a value read must write");
    let again = from_slice::<T>(&bytes).expect("written bytes must read");
    assert_eq!(again, value);
}

/// Reads the first `.0` entries of every container, leaving the rest to the
/// deserializer.
#[derive(Clone, Copy)]
struct Partial(usize);

impl<'de> serde::de::DeserializeSeed<'de> for Partial {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// Visitor methods that accept any value of their type.
macro_rules! accept {
    ($($name:ident: $t:ty),*) => {
        $(fn $name<E>(self, _: $t) -> Result<(), E> { Ok(()) })*
    };
}

impl<'de> Visitor<'de> for Partial {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("anything")
    }
    accept!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_i128: i128,
        visit_u128: u128, visit_f64: f64, visit_str: &str, visit_bytes: &[u8]);
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<(), A::Error> {
        for _ in 0..self.0 {
            if a.next_element_seed(self)?.is_none() {
                break;
            }
        }
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<(), A::Error> {
        for _ in 0..self.0 {
            if a.next_key_seed(self)?.is_none() {
                break;
            }
            a.next_value_seed(self)?;
        }
        Ok(())
    }
}

fn read_with<'de, S: serde::de::DeserializeSeed<'de>>(
    data: &'de [u8],
    seed: S,
) -> structured_clone::Result<()> {
    let mut de = structured_clone::serde_de::WireDeserializer::new(data);
    de.read_header()?;
    seed.deserialize(&mut de)?;
    de.end()
}

fuzz_target!(|data: &[u8]| {
    let full = read_with(data, std::marker::PhantomData::<serde::de::IgnoredAny>);
    for keep in 0..3 {
        let partial = read_with(data, Partial(keep));
        assert_eq!(format!("{full:?}"), format!("{partial:?}"), "keeping {keep}");
    }
    check::<Record>(data);
    check::<Vec<Kind>>(data);
    check::<HashMap<String, Inner>>(data);
    check::<Tree>(data);
    check::<Vec<Option<F64>>>(data);
    check::<(String, u64, Bytes)>(data);
    check::<Kind>(data);
});
