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

#[path = "../../tests/conformance/partial.rs"]
mod partial;

fuzz_target!(|data: &[u8]| {
    for keep in 0..3 {
        let (full, partial) = partial::full_and_partial(data, keep);
        assert_eq!(full, partial, "keeping {keep}");
    }
    check::<Record>(data);
    check::<Vec<Kind>>(data);
    check::<HashMap<String, Inner>>(data);
    check::<Tree>(data);
    check::<Vec<Option<F64>>>(data);
    check::<(String, u64, Bytes)>(data);
    check::<Kind>(data);
});
