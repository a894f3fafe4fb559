//! Inputs found by `cargo fuzz` (tests/fuzz-regressions/): each must satisfy both
//! fuzz targets' properties: decoding never panics, and whatever decodes
//! re-encodes to bytes that decode and re-encode identically.

use crate::reencode::encode_any;
use structured_clone::{decode, encode, from_slice, Deserializer};

#[test]
fn fuzz_regressions_hold() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        n += 1;
        let _ = from_slice::<serde::de::IgnoredAny>(&data);
        let mut de = Deserializer::new(&data);
        de.set_keep_transfer_placeholders(true);
        if de.read_header().is_ok() {
            let _ = de.read_value();
        }
        if let Ok(g) = decode(&data) {
            let bytes = encode_any(&g);
            let again = decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(encode_any(&again), bytes, "{}", path.display());
        }
    }
    assert!(n > 1);
}

#[test]
fn a_resizable_maximum_over_4_gib_read_at_version_15_is_written_at_16() {
    // `~` with length 2 and a maximum of 2^37.8: V8 15.2 reads the maximum as a
    // size_t at every version, older V8 wrote (and read) it as a u32.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-regressions");
    let data = std::fs::read(format!("{dir}/roundtrip-resizable-max-over-4gib-at-v15")).unwrap();
    let g = decode(&data).unwrap();
    let e = encode(&g).unwrap_err();
    assert!(e.to_string().contains("needs wire version 16"), "{e}");
    let v16 = encode_any(&g);
    assert_eq!(v16[..2], [0xff, 16]);
    assert_eq!(v16[2..], data[2..]);
}
