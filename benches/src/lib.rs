//! Criterion benchmarks across the workspace; see `benches/`.
