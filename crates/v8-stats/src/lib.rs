//! `v8-stats` (work in progress).
