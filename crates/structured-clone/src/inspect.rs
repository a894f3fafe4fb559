//! Readable dumps of decoded values, in the spirit of Node's `util.inspect`.

/// JavaScript's `Number.prototype.toString()` for `n` (`-0` prints as `0`, as in JS).
pub fn js_number_to_string(n: f64) -> String {
    crate::keys::number_to_string(n)
}
