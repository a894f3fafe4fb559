//! `promise-hooks` (work in progress).
