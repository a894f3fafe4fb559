//! `heapsnap` (work in progress).
