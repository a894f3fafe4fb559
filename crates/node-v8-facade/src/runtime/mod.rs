//! The `nodev8` script runtime (require, console, process, timers).
