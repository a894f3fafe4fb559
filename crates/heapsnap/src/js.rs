//! JavaScript exports: `writeHeapSnapshot`, `getHeapSnapshot`,
//! `setHeapSnapshotNearHeapLimit`, validating arguments exactly as Node does.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;

use v8_host::js::{self, build, validate, JsResult, OrThrown, Thrown};

use crate::capture::{self, CaptureError, HeapSnapshotOptions};

/// Node's `getHeapSnapshotOptions(options = kEmptyObject)`.
fn snapshot_options(
    scope: &mut v8::PinScope<'_, '_>,
    value: v8::Local<v8::Value>,
) -> JsResult<HeapSnapshotOptions> {
    if value.is_undefined() {
        return Ok(HeapSnapshotOptions::default());
    }
    let object = validate::object(scope, value, "options", Default::default())?.ok_or(Thrown)?;
    let mut flag = |key: &str| -> JsResult<bool> {
        let v = validate::property(scope, object, key)?;
        if v.is_undefined() {
            return Ok(false);
        }
        validate::boolean(scope, v, &format!("options.{key}"))
    };
    Ok(HeapSnapshotOptions {
        expose_internals: flag("exposeInternals")?,
        expose_numeric_values: flag("exposeNumericValues")?,
    })
}

fn null_bytes(scope: &mut v8::PinScope<'_, '_>, value: v8::Local<v8::Value>) -> Thrown {
    js::errors::throw_invalid_arg_value(
        scope,
        "path",
        value,
        Some("must be a string, Uint8Array, or URL without null bytes"),
    )
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Node's `getValidatedPath`: a string, a Buffer/Uint8Array or a `file:` URL,
/// without NUL bytes. Returns the path and the value Node returns for it.
fn validated_path<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    value: v8::Local<'s, v8::Value>,
) -> JsResult<(PathBuf, v8::Local<'s, v8::Value>)> {
    if value.is_string() {
        let s = value.to_rust_string_lossy(scope);
        if s.contains('\0') {
            return Err(null_bytes(scope, value));
        }
        return Ok((PathBuf::from(s), value));
    }
    if let Ok(view) = v8::Local::<v8::Uint8Array>::try_from(value) {
        let mut bytes = vec![0u8; view.byte_length()];
        view.copy_contents(&mut bytes);
        if bytes.contains(&0) {
            return Err(null_bytes(scope, value));
        }
        return Ok((PathBuf::from(OsString::from_vec(bytes)), value));
    }
    if let Ok(object) = v8::Local::<v8::Object>::try_from(value) {
        // Node's isURL(): an object with `href` and `protocol`.
        let href = validate::property(scope, object, "href")?;
        let protocol = validate::property(scope, object, "protocol")?;
        if href.is_string() && protocol.is_string() {
            if protocol.to_rust_string_lossy(scope) != "file:" {
                return Err(js::errors::throw(
                    scope,
                    js::ErrorClass::TypeError,
                    "ERR_INVALID_URL_SCHEME",
                    "The URL must be of scheme file",
                ));
            }
            let pathname =
                validate::property(scope, object, "pathname")?.to_rust_string_lossy(scope);
            if pathname.to_ascii_lowercase().contains("%2f") {
                return Err(js::errors::throw(
                    scope,
                    js::ErrorClass::TypeError,
                    "ERR_INVALID_FILE_URL_PATH",
                    "File URL path must not include encoded / characters",
                ));
            }
            let bytes = percent_decode(&pathname);
            if bytes.contains(&0) {
                return Err(null_bytes(scope, value));
            }
            let path = PathBuf::from(OsString::from_vec(bytes));
            let shown = build::string(scope, &path.to_string_lossy())?;
            return Ok((path, shown.into()));
        }
    }
    Err(js::errors::throw_invalid_arg_type(
        scope,
        "path",
        &["string", "Buffer", "URL"],
        value,
    ))
}

/// Throws a capture error the way Node's `UVException` looks.
fn throw_capture_error(scope: &mut v8::PinScope<'_, '_>, error: &CaptureError) -> Thrown {
    let message = build::string(scope, &error.to_string());
    let Ok(message) = message else { return Thrown };
    let exception = v8::Exception::error(scope, message);
    if let (
        CaptureError::Io {
            code,
            errno,
            syscall,
            path,
            ..
        },
        Ok(object),
    ) = (error, v8::Local::<v8::Object>::try_from(exception))
    {
        let errno_value = v8::Integer::new(scope, *errno).into();
        let _ = build::set(scope, object, "errno", errno_value);
        if let Ok(code) = build::string(scope, code) {
            let _ = build::set(scope, object, "code", code.into());
        }
        if let Ok(syscall) = build::string(scope, syscall) {
            let _ = build::set(scope, object, "syscall", syscall.into());
        }
        if let Ok(path) = build::string(scope, &path.to_string_lossy()) {
            let _ = build::set(scope, object, "path", path.into());
        }
    }
    scope.throw_exception(exception);
    Thrown
}

v8_host::native_fn! {
    /// `v8.writeHeapSnapshot([filename[, options]])`.
    pub fn write_heap_snapshot(scope, args, rv) {
        let filename = args.get(0);
        let path = if filename.is_undefined() { None } else { Some(validated_path(scope, filename)?) };
        let options = snapshot_options(scope, args.get(1))?;
        let written = capture::write_heap_snapshot(scope, path.as_ref().map(|p| p.0.as_path()), options);
        match (written, path) {
            (Ok(_), Some((_, shown))) => rv.set(shown),
            (Ok(p), None) => rv.set(build::string(scope, &p.to_string_lossy())?.into()),
            (Err(e), _) => return Err(throw_capture_error(scope, &e)),
        }
        Ok(())
    }
}

/// The Readable-like stream class, compiled once per context.
const STREAM_SOURCE: &str = include_str!("heap_snapshot_stream.js");

fn stream_factory<'s>(scope: &mut v8::PinScope<'s, '_>) -> JsResult<v8::Local<'s, v8::Function>> {
    let context = scope.get_current_context();
    let global = context.global(scope);
    let key = build::string(scope, "heapsnap.HeapSnapshotStream")?;
    let private = v8::Private::for_api(scope, Some(key));
    if let Some(existing) = global.get_private(scope, private) {
        if let Ok(f) = v8::Local::<v8::Function>::try_from(existing) {
            return Ok(f);
        }
    }
    let source = build::string(scope, STREAM_SOURCE)?;
    let factory = v8::Script::compile(scope, source, None)
        .or_thrown()?
        .run(scope)
        .or_thrown()?;
    let factory = v8::Local::<v8::Function>::try_from(factory).map_err(|_| Thrown)?;
    global.set_private(scope, private, factory.into());
    Ok(factory)
}

v8_host::native_fn! {
    /// `v8.getHeapSnapshot([options])`: a readable stream of Buffer chunks.
    pub fn get_heap_snapshot(scope, args, rv) {
        let options = snapshot_options(scope, args.get(0))?;
        let mut reader = match capture::get_heap_snapshot(scope, options) {
            Ok(r) => r,
            Err(e) => return Err(throw_capture_error(scope, &e)),
        };
        let mut chunks: Vec<v8::Local<v8::Value>> = Vec::new();
        while let Some(chunk) = reader.next_chunk() {
            let len = chunk.len();
            let store = v8::ArrayBuffer::new_backing_store_from_vec(chunk).make_shared();
            let buffer = v8::ArrayBuffer::with_backing_store(scope, &store);
            let view = v8::Uint8Array::new(scope, buffer, 0, len).or_thrown()?;
            chunks.push(view.into());
        }
        let array = v8::Array::new_with_elements(scope, &chunks);
        let factory = stream_factory(scope)?;
        let undefined = v8::undefined(scope).into();
        let stream = factory.call(scope, undefined, &[array.into()]).or_thrown()?;
        rv.set(stream);
        Ok(())
    }
}

v8_host::native_fn! {
    /// `v8.setHeapSnapshotNearHeapLimit(limit)`: a no-op after the first call.
    pub fn set_heap_snapshot_near_heap_limit(scope, args, rv) {
        let limit = validate::uint32(scope, args.get(0), "limit", true)?;
        capture::set_heap_snapshot_near_heap_limit(scope, limit, None);
        rv.set_undefined();
        Ok(())
    }
}

/// `(export name, callback)` in Node's export order.
const NATIVES: [(&str, v8::FunctionCallback); 3] = [
    ("getHeapSnapshot", get_heap_snapshot),
    ("writeHeapSnapshot", write_heap_snapshot),
    (
        "setHeapSnapshotNearHeapLimit",
        set_heap_snapshot_near_heap_limit,
    ),
];

/// This crate's functions as `(name, value)` pairs in Node's export order,
/// created in the scope's current context.
pub fn exports<'s>(
    scope: &mut v8::PinScope<'s, '_>,
) -> Vec<(&'static str, v8::Local<'s, v8::Value>)> {
    build::functions(scope, &NATIVES)
}

/// Every native callback [`exports`] installs (startup-snapshot external references).
pub fn external_references() -> Vec<v8::ExternalReference> {
    build::external_references(&NATIVES)
}
