//! Any bytes: decoding (Node default and plain modes, and the serde path) returns
//! a value or an error, never a panic, hang or huge allocation.
#![no_main]
use libfuzzer_sys::fuzz_target;
use structured_clone::{decode, from_slice, Deserializer};

fuzz_target!(|data: &[u8]| {
    let _ = decode(data);
    let _ = from_slice::<serde::de::IgnoredAny>(data);
    let mut de = Deserializer::new(data);
    de.set_keep_transfer_placeholders(true);
    if de.read_header().is_ok() {
        let _ = de.read_value();
    }
});
