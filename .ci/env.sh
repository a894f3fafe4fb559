# Sourced by .ci/run and by developers before any cargo command.
# Points the `v8` crate at the prebuilt archive when this workplace provides it
# (no network here); elsewhere the crate's normal download is left alone.
_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
_archive="$_root/../shared/rusty_v8/librusty_v8_release_x86_64-unknown-linux-gnu.a.gz"
if [ -f "$_archive" ]; then
    RUSTY_V8_ARCHIVE=$(realpath "$_archive")
    export RUSTY_V8_ARCHIVE
fi
# The C++ shim must be built by clang against V8's bundled libc++ (see crates/v8-host/build.rs).
for _cxx in clang++-22 clang++; do
    if command -v "$_cxx" >/dev/null 2>&1; then export NV8_CXX="$_cxx"; break; fi
done
# lld links the ~100 MB V8 archive into test binaries much faster than bfd ld.
if command -v ld.lld >/dev/null 2>&1 && [ -z "${RUSTFLAGS:-}" ]; then
    export RUSTFLAGS="-C link-arg=-fuse-ld=lld"
fi
unset _root _archive _cxx
