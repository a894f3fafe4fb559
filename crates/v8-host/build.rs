//! Compiles every `src/shim/*.cc` (C++ glue for V8 APIs the `v8` crate does
//! not bind) with clang against the `v8` crate's bundled V8 headers and
//! Chromium libc++ (`std::__Cr`), exactly as `librusty_v8.a` was built.
//! See /work/shared/reference/rusty-v8-api.md, "Building a shim".

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Must equal the workspace pin `v8 = "=152.2.0"`.
const V8_CRATE_VERSION: &str = "152.2.0";

fn main() {
    println!("cargo:rerun-if-changed=src/shim");
    println!("cargo:rerun-if-env-changed=NV8_CXX");
    println!("cargo:rerun-if-env-changed=RUSTY_V8_SRC");

    let mut sources: Vec<PathBuf> = std::fs::read_dir("src/shim")
        .expect("crates/v8-host/src/shim exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "cc"))
        .collect();
    sources.sort();
    for source in &sources {
        println!("cargo:rerun-if-changed={}", source.display());
    }

    let v8_src = find_v8_crate_source();
    let cxx = find_clang();
    let mut build = cc::Build::new();
    build
        .cpp(true)
        .compiler(&cxx)
        // cc would add -lstdc++ and mix GNU libstdc++ into a libc++ (__Cr) binary.
        .cpp_link_stdlib(None)
        .std("c++20")
        .flag("-fno-rtti")
        .flag("-fno-exceptions")
        .flag("-nostdinc++")
        .flag(format!(
            "-isystem{}",
            v8_src.join("buildtools/third_party/libc++").display()
        ))
        .flag(format!(
            "-isystem{}",
            v8_src.join("third_party/libc++/src/include").display()
        ))
        .flag(format!(
            "-isystem{}",
            v8_src.join("third_party/libc++abi/src/include").display()
        ))
        .include(v8_src.join("v8/include"))
        .include("src/shim")
        .define("_LIBCPP_HARDENING_MODE", "_LIBCPP_HARDENING_MODE_EXTENSIVE")
        .define("_LIBCPP_DISABLE_VISIBILITY_ANNOTATIONS", None)
        .define("_LIBCXXABI_DISABLE_VISIBILITY_ANNOTATIONS", None)
        .define("_LIBCPP_INSTRUMENTED_WITH_ASAN", "0")
        .warnings(false);
    // V8 and cppgc configuration of the prebuilt librusty_v8.a (header layouts
    // depend on these; see the guards in src/shim/nv8_shim.h).
    for (name, value) in [
        ("V8_ARRAY_BUFFER_INTERNAL_FIELD_COUNT", Some("2")),
        ("V8_ARRAY_BUFFER_VIEW_INTERNAL_FIELD_COUNT", Some("2")),
        ("V8_PROMISE_INTERNAL_FIELD_COUNT", Some("1")),
        ("V8_USE_DEFAULT_HASHER_SECRET", Some("false")),
        ("V8_DEPRECATION_WARNINGS", None),
        ("V8_CPPGC_MICROTASK_QUEUE", None),
        ("V8_HAVE_TARGET_OS", None),
        ("V8_TARGET_OS_LINUX", None),
        ("V8_ENABLE_JAVASCRIPT_PROMISE_HOOKS", None),
        ("V8_ENABLE_CONTINUATION_PRESERVED_EMBEDDER_DATA", None),
        ("CPPGC_SUPPORTS_OBJECT_NAMES", None),
        ("CPPGC_CAGED_HEAP", None),
        ("CPPGC_YOUNG_GENERATION", None),
        ("CPPGC_POINTER_COMPRESSION", None),
        ("CPPGC_ENABLE_LARGER_CAGE", None),
        ("CPPGC_ENABLE_OBJECT_SECTION_GCINFO", None),
        ("CPPGC_SLIM_WRITE_BARRIER", None),
    ] {
        build.define(name, value);
    }
    build.files(&sources).compile("nv8_shim");
}

/// The unpacked `v8` crate (headers + bundled libc++). The crate has no
/// `links` key, so there is no `DEP_V8_*` variable: use `RUSTY_V8_SRC`, the
/// Cargo registry, or `cargo metadata` as a last resort.
fn find_v8_crate_source() -> PathBuf {
    if let Ok(dir) = env::var("RUSTY_V8_SRC") {
        let dir = PathBuf::from(dir);
        assert!(
            is_v8_source(&dir),
            "RUSTY_V8_SRC={} does not contain v8/include/v8.h",
            dir.display()
        );
        return dir;
    }
    let cargo_home = env::var("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|_| env::var("HOME").map(|h| Path::new(&h).join(".cargo")))
        .unwrap_or_default();
    let wanted = format!("v8-{V8_CRATE_VERSION}");
    if let Ok(registries) = std::fs::read_dir(cargo_home.join("registry/src")) {
        for registry in registries.flatten() {
            let dir = registry.path().join(&wanted);
            if is_v8_source(&dir) {
                return dir;
            }
        }
    }
    if let Some(dir) = from_cargo_metadata() {
        return dir;
    }
    panic!(
        "v8-host: cannot find the source of the `v8` crate {V8_CRATE_VERSION} (needed for V8's \
         headers and bundled libc++). Set RUSTY_V8_SRC to its directory."
    );
}

fn from_cargo_metadata() -> Option<PathBuf> {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = Path::new(&env::var("CARGO_MANIFEST_DIR").ok()?).join("Cargo.toml");
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--manifest-path",
        ])
        .arg(manifest)
        .output()
        .ok()?;
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).ok()?;
    let package = metadata["packages"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == "v8" && p["version"] == V8_CRATE_VERSION)?;
    let dir = Path::new(package["manifest_path"].as_str()?)
        .parent()?
        .to_path_buf();
    is_v8_source(&dir).then_some(dir)
}

fn is_v8_source(dir: &Path) -> bool {
    dir.join("v8/include/v8.h").is_file()
        && dir
            .join("buildtools/third_party/libc++/__config_site")
            .is_file()
}

/// clang++ (ideally 22, the compiler V8 was built with): `$NV8_CXX`, else
/// `clang++-22`, else `clang++`. GCC cannot compile against Chromium's libc++.
fn find_clang() -> String {
    let candidates: Vec<String> = match env::var("NV8_CXX") {
        Ok(cxx) if !cxx.is_empty() => vec![cxx],
        _ => vec!["clang++-22".into(), "clang++".into()],
    };
    for cxx in &candidates {
        if let Ok(out) = Command::new(cxx).arg("--version").output() {
            if out.status.success() && String::from_utf8_lossy(&out.stdout).contains("clang") {
                return cxx.clone();
            }
        }
    }
    panic!(
        "v8-host: no clang++ found (tried {candidates:?}). The C++ shim must be compiled by clang \
         against V8's bundled libc++: install clang 22 (Debian/Ubuntu: `apt-get install clang-22`; \
         .ci/run does this) or set NV8_CXX to a clang++ binary."
    );
}
