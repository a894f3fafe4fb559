//! Conformance tests for the `structured-clone` codec (one test binary, several modules).

#[path = "conformance/cli.rs"]
mod cli;
#[path = "conformance/describe.rs"]
mod describe;
#[path = "conformance/differential.rs"]
mod differential;
#[path = "conformance/fuzz_regressions.rs"]
mod fuzz_regressions;
#[path = "conformance/graphs.rs"]
mod graphs;
#[path = "conformance/limits.rs"]
mod limits;
#[path = "conformance/partial.rs"]
mod partial;
#[path = "conformance/props.rs"]
mod props;
#[path = "conformance/reader_state.rs"]
mod reader_state;
#[path = "conformance/reencode.rs"]
mod reencode;
#[path = "conformance/regexp.rs"]
mod regexp;
#[path = "conformance/serde.rs"]
mod serde;
#[path = "conformance/v8_rules.rs"]
mod v8_rules;
#[path = "conformance/vectors.rs"]
mod vectors;
#[path = "conformance/wasm_shared.rs"]
mod wasm_shared;

/// Lowercase hex to bytes.
pub fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len() % 2 == 0, "odd hex length: {s}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// Bytes to lowercase hex.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
