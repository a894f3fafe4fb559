//! Criterion benchmarks across the workspace; see `benches/`. The library
//! holds what the benches share.

pub mod serde_tokens;
