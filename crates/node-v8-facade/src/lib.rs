//! `node-v8-facade` (work in progress).
