//! `structured-clone` (work in progress).
