//! decode -> encode -> decode: whatever decodes must re-encode, decode again to
//! the same value, and re-encode to the same bytes (encoding is canonical).
#![no_main]
use libfuzzer_sys::fuzz_target;
use structured_clone::{decode, encode, DefaultSerializer, ErrorKind, Graph};

/// `encode`, or at version 16 what version 15 cannot hold (a resizable
/// maximum over 4 GiB, which V8 15.2 reads at any version).
fn encode_any(g: &Graph) -> Vec<u8> {
    match encode(g) {
        Ok(bytes) => bytes,
        Err(e) if matches!(e.kind(), ErrorKind::DataClone(m) if m.contains("version 16")) => {
            let mut ser = DefaultSerializer::new();
            ser.set_write_version(16).unwrap();
            ser.write_header();
            ser.write_value(&g.heap, &g.root)
                .expect("a decoded value must encode at version 16");
            ser.release()
        }
        Err(e) => panic!("a decoded value must encode: {e}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(first) = decode(data) else { return };
    let bytes = encode_any(&first);
    let second = match decode(&bytes) {
        Ok(g) => g,
        Err(e) => {
            panic!("re-encoded bytes do not decode: {e}\ninput {data:02x?}\nencoded {bytes:02x?}")
        }
    };
    let again = encode_any(&second);
    assert_eq!(bytes, again, "encoding is not stable");
});
