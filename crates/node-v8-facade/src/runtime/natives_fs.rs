//! File-system natives behind the `fs`/`os` subsets (node_lib.js). Errors
//! are thrown with Node's shape (`ENOENT: no such file or directory, open '…'`).

use std::io::Write;

type Args<'a, 's> = &'a v8::FunctionCallbackArguments<'s>;
type Ret<'a, 's> = &'a mut v8::ReturnValue<'s, v8::Value>;

fn string_arg(scope: &mut v8::PinScope, args: Args, index: i32) -> String {
    args.get(index).to_rust_string_lossy(scope)
}

fn set_str(
    scope: &mut v8::PinScope,
    object: v8::Local<v8::Object>,
    key: &str,
    value: v8::Local<v8::Value>,
) {
    if let Some(key) = v8::String::new(scope, key) {
        object.set(scope, key.into(), value);
    }
}

/// Throws Node's fs error shape for `err` from `syscall` on `path`.
pub(crate) fn throw_fs_error(
    scope: &mut v8::PinScope,
    err: &std::io::Error,
    syscall: &str,
    path: &str,
) {
    let (code, errno, text) = match (err.kind(), err.raw_os_error()) {
        (std::io::ErrorKind::NotFound, _) => ("ENOENT", -2, "no such file or directory"),
        (std::io::ErrorKind::PermissionDenied, _) => ("EACCES", -13, "permission denied"),
        (std::io::ErrorKind::AlreadyExists, _) => ("EEXIST", -17, "file already exists"),
        (_, Some(20)) => ("ENOTDIR", -20, "not a directory"),
        (_, Some(21)) => ("EISDIR", -21, "illegal operation on a directory"),
        (_, Some(39)) => ("ENOTEMPTY", -39, "directory not empty"),
        _ => ("EIO", -5, "i/o error"),
    };
    let message = format!("{code}: {text}, {syscall} '{path}'");
    let message = v8::String::new(scope, &message).unwrap_or_else(|| v8::String::empty(scope));
    let exception = v8::Exception::error(scope, message);
    if let Ok(object) = exception.try_cast::<v8::Object>() {
        let value = v8::Integer::new(scope, errno).into();
        set_str(scope, object, "errno", value);
        for (key, text) in [("code", code), ("syscall", syscall), ("path", path)] {
            if let Some(value) = v8::String::new(scope, text) {
                set_str(scope, object, key, value.into());
            }
        }
    }
    scope.throw_exception(exception);
}

fn bytes_arg(args: Args, index: i32) -> Option<Vec<u8>> {
    let view = args.get(index).try_cast::<v8::ArrayBufferView>().ok()?;
    let mut bytes = vec![0; view.byte_length()];
    let copied = view.copy_contents(&mut bytes);
    bytes.truncate(copied);
    Some(bytes)
}

fn uint8_array<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    bytes: Vec<u8>,
) -> Option<v8::Local<'s, v8::Value>> {
    let len = bytes.len();
    let store = v8::ArrayBuffer::new_backing_store_from_vec(bytes).make_shared();
    let buffer = v8::ArrayBuffer::with_backing_store(scope, &store);
    v8::Uint8Array::new(scope, buffer, 0, len).map(Into::into)
}

pub(super) fn read_file_bytes<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: Args<'_, 's>,
    rv: Ret<'_, 's>,
) {
    let path = string_arg(scope, args, 0);
    match std::fs::read(&path) {
        Ok(bytes) => {
            if let Some(array) = uint8_array(scope, bytes) {
                rv.set(array);
            }
        }
        Err(err) => throw_fs_error(scope, &err, "open", &path),
    }
}

/// `writeFile(path, bytes, append)`.
pub(super) fn write_file<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: Args<'_, 's>,
    _rv: Ret<'_, 's>,
) {
    let path = string_arg(scope, args, 0);
    let Some(bytes) = bytes_arg(args, 1) else {
        throw_fs_error(scope, &std::io::Error::other("bad data"), "write", &path);
        return;
    };
    let append = args.get(2).boolean_value(scope);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append)
        .open(&path);
    let result = file.and_then(|mut f| f.write_all(&bytes));
    if let Err(err) = result {
        throw_fs_error(scope, &err, "open", &path);
    }
}

/// `stat(path)` → `[size, kind (1 file, 2 dir, 3 other), mtimeMs, mode]`.
pub(super) fn stat<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, rv: Ret<'_, 's>) {
    use std::os::unix::fs::MetadataExt;
    let path = string_arg(scope, args, 0);
    match std::fs::metadata(&path) {
        Ok(meta) => {
            let kind = if meta.is_file() {
                1.0
            } else if meta.is_dir() {
                2.0
            } else {
                3.0
            };
            let mtime = meta.mtime() as f64 * 1000.0 + meta.mtime_nsec() as f64 / 1e6;
            let values: Vec<v8::Local<v8::Value>> =
                [meta.len() as f64, kind, mtime, f64::from(meta.mode())]
                    .into_iter()
                    .map(|n| v8::Number::new(scope, n).into())
                    .collect();
            rv.set(v8::Array::new_with_elements(scope, &values).into());
        }
        Err(err) => throw_fs_error(scope, &err, "stat", &path),
    }
}

pub(super) fn unlink<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, _rv: Ret<'_, 's>) {
    let path = string_arg(scope, args, 0);
    if let Err(err) = std::fs::remove_file(&path) {
        throw_fs_error(scope, &err, "unlink", &path);
    }
}

/// `remove(path, recursive, force)` (fs.rmSync).
pub(super) fn remove<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, _rv: Ret<'_, 's>) {
    let path = string_arg(scope, args, 0);
    let recursive = args.get(1).boolean_value(scope);
    let force = args.get(2).boolean_value(scope);
    let result = match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_dir() && recursive => std::fs::remove_dir_all(&path),
        Ok(meta) if meta.is_dir() => Err(std::io::Error::from_raw_os_error(21)),
        Ok(_) => std::fs::remove_file(&path),
        Err(err) => Err(err),
    };
    match result {
        Err(err) if !(force && err.kind() == std::io::ErrorKind::NotFound) => {
            throw_fs_error(scope, &err, "rm", &path);
        }
        _ => {}
    }
}

pub(super) fn mkdir<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, _rv: Ret<'_, 's>) {
    let path = string_arg(scope, args, 0);
    let result = if args.get(1).boolean_value(scope) {
        std::fs::create_dir_all(&path)
    } else {
        std::fs::create_dir(&path)
    };
    if let Err(err) = result {
        throw_fs_error(scope, &err, "mkdir", &path);
    }
}

/// `mkdtemp(prefix)`: creates `<prefix>XXXXXX` and returns its path.
pub(super) fn mkdtemp<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, rv: Ret<'_, 's>) {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let prefix = string_arg(scope, args, 0);
    for _ in 0..100 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos() as u64)
            .unwrap_or(0);
        let mut seed = nanos
            ^ (u64::from(std::process::id()) << 20)
            ^ COUNTER
                .fetch_add(1, Ordering::Relaxed)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let suffix: String = (0..6)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                CHARS[(seed >> 33) as usize % CHARS.len()] as char
            })
            .collect();
        let path = format!("{prefix}{suffix}");
        match std::fs::create_dir(&path) {
            Ok(()) => {
                if let Some(s) = v8::String::new(scope, &path) {
                    rv.set(s.into());
                }
                return;
            }
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(err) => {
                throw_fs_error(scope, &err, "mkdtemp", &format!("{prefix}XXXXXX"));
                return;
            }
        }
    }
    let err = std::io::Error::from(std::io::ErrorKind::AlreadyExists);
    throw_fs_error(scope, &err, "mkdtemp", &format!("{prefix}XXXXXX"));
}

/// `readdir(path)` → names, sorted (Node returns the OS order; sorted is stable).
pub(super) fn readdir<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let path = string_arg(scope, args, 0);
    match std::fs::read_dir(&path) {
        Ok(entries) => {
            let mut names: Vec<String> = entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            let values: Vec<v8::Local<v8::Value>> = names
                .iter()
                .filter_map(|n| v8::String::new(scope, n).map(Into::into))
                .collect();
            rv.set(v8::Array::new_with_elements(scope, &values).into());
        }
        Err(err) => throw_fs_error(scope, &err, "scandir", &path),
    }
}

pub(super) fn rename<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, _rv: Ret<'_, 's>) {
    let from = string_arg(scope, args, 0);
    let to = string_arg(scope, args, 1);
    if let Err(err) = std::fs::rename(&from, &to) {
        throw_fs_error(scope, &err, "rename", &from);
    }
}

pub(super) fn tmpdir<'s>(scope: &mut v8::PinScope<'s, '_>, _args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let dir = std::env::temp_dir();
    let dir = dir.to_string_lossy();
    let dir = if dir.len() > 1 {
        dir.trim_end_matches('/')
    } else {
        &dir
    };
    if let Some(s) = v8::String::new(scope, dir) {
        rv.set(s.into());
    }
}
