//! Engine-wide knobs: the code-cache version tag, V8 flags, and string
//! representation.

/// `v8.cachedDataVersionTag()`: a hash of the V8 version, the current flag
/// values and CPU features. It changes after [`set_flags_from_string`]
/// changes a flag, so code caches produced under other flags are rejected.
pub fn cached_data_version_tag() -> u32 {
    v8::script_compiler::cached_data_version_tag()
}

/// `v8.setFlagsFromString(flags)`: applies V8 command-line flags at run time
/// (e.g. `"--allow-natives-syntax"`; unknown flags make V8 print an error on
/// stderr). As in Node, the effect on already compiled code is best effort.
///
/// V8 must have been initialised by [`v8_host::init`] (which sets
/// `--no-freeze-flags-after-init`); with frozen flags V8 aborts the process.
pub fn set_flags_from_string(flags: &str) {
    v8::V8::set_flags_from_string(flags);
}

/// `v8.isStringOneByteRepresentation(content)`: whether V8 stores the
/// string in its one-byte (Latin-1) representation. This asks about the
/// **representation**, not the content: a Latin-1-only string may still be
/// stored as two-byte, so `false` does not imply non-Latin-1 content.
pub fn is_string_one_byte_representation(string: v8::Local<v8::String>) -> bool {
    string.is_onebyte()
}
