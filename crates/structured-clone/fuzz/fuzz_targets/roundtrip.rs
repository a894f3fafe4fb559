//! decode -> encode -> decode: whatever decodes must re-encode, decode again to
//! the same value, and re-encode to the same bytes (encoding is canonical).
#![no_main]
use libfuzzer_sys::fuzz_target;
use structured_clone::decode;

#[path = "../../tests/conformance/reencode.rs"]
mod reencode;
use reencode::encode_any;

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
