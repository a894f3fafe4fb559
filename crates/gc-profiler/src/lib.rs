//! `gc-profiler` (work in progress).
