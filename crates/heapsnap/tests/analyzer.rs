//! Analyzer tests (no V8 needed): DevTools' vectors and rules, retained sizes
//! against a brute-force definition, and hostile input.

#[path = "analyzer/graph.rs"]
mod graph;

#[path = "analyzer/devtools.rs"]
mod devtools;

#[path = "analyzer/errors.rs"]
mod errors;

#[path = "analyzer/naive.rs"]
mod naive;

#[path = "analyzer/cli.rs"]
mod cli;

#[path = "analyzer/large.rs"]
mod large;
