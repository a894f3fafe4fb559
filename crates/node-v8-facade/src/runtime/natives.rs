//! Native functions behind the runtime's JavaScript (the `binding` object
//! passed to the bootstrap scripts). Every callback is wrapped so that a Rust
//! panic becomes a JS exception instead of unwinding into V8.

use std::io::Write;

use super::fatal;
use super::natives_fs::{
    mkdir, mkdtemp, read_file_bytes, readdir, remove, rename, stat, throw_fs_error, tmpdir, unlink,
    write_file,
};
use super::natives_inspect::{
    boxed_kind, constructor_name, kind_of, preview_entries, promise_state, proxy_details,
    typed_array_name,
};
use super::state::state;

type Args<'a, 's> = &'a v8::FunctionCallbackArguments<'s>;
type Ret<'a, 's> = &'a mut v8::ReturnValue<'s, v8::Value>;

macro_rules! natives {
    ($($js:literal => $imp:ident),* $(,)?) => {
        mod guarded {
            $(
                pub(super) fn $imp<'s>(
                    scope: &mut v8::PinScope<'s, '_>,
                    args: v8::FunctionCallbackArguments<'s>,
                    mut rv: v8::ReturnValue<'s, v8::Value>,
                ) {
                    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        super::$imp(scope, &args, &mut rv)
                    }));
                    if outcome.is_err() {
                        super::throw_error(scope, concat!("internal error in native function ", $js));
                    }
                }
            )*
        }

        /// Builds the `binding` object with every native function.
        pub(crate) fn binding<'s>(scope: &mut v8::PinScope<'s, '_>) -> v8::Local<'s, v8::Object> {
            let object = v8::Object::new(scope);
            $(
                let key = v8::String::new(scope, $js).unwrap();
                let function = v8::Function::new(scope, guarded::$imp).unwrap();
                object.set(scope, key.into(), function.into());
            )*
            object
        }

        /// Every native callback of the runtime, for startup snapshots.
        pub(crate) fn external_references() -> Vec<v8::ExternalReference> {
            use v8::MapFnTo;
            vec![$(v8::ExternalReference { function: guarded::$imp.map_fn_to() }),*]
        }
    };
}

natives! {
    "print" => print,
    "readFile" => read_file,
    "fileKind" => file_kind,
    "realpath" => realpath,
    "cwd" => cwd,
    "chdir" => chdir,
    "compileFunction" => compile_function,
    "runScript" => run_script,
    "runMicrotasks" => run_microtasks,
    "timerStart" => timer_start,
    "timerCancel" => timer_cancel,
    "timerRef" => timer_ref,
    "setImmediateInfo" => set_immediate_info,
    "setHasTicks" => set_has_ticks,
    "reallyExit" => really_exit,
    "abort" => abort,
    "captureFatalSource" => capture_fatal_source,
    "printFatal" => print_fatal,
    "takeUnhandledRejections" => take_unhandled_rejections,
    "promiseState" => promise_state,
    "proxyDetails" => proxy_details,
    "kindOf" => kind_of,
    "boxedKind" => boxed_kind,
    "constructorName" => constructor_name,
    "typedArrayName" => typed_array_name,
    "previewEntries" => preview_entries,
    "utf8Encode" => utf8_encode,
    "utf8Decode" => utf8_decode,
    "latin1Decode" => latin1_decode,
    "hrtime" => hrtime,
    "hrtimeBigint" => hrtime_bigint,
    "timeOrigin" => time_origin,
    "memoryUsage" => memory_usage,
    "v8Module" => v8_module,
    "readFileBytes" => read_file_bytes,
    "writeFile" => write_file,
    "stat" => stat,
    "unlink" => unlink,
    "remove" => remove,
    "mkdir" => mkdir,
    "mkdtemp" => mkdtemp,
    "readdir" => readdir,
    "rename" => rename,
    "tmpdir" => tmpdir,
}

pub(crate) fn throw_error(scope: &mut v8::PinScope, message: &str) {
    let message = v8::String::new(scope, message).unwrap_or_else(|| v8::String::empty(scope));
    let exception = v8::Exception::error(scope, message);
    scope.throw_exception(exception);
}

fn throw_type_error(scope: &mut v8::PinScope, message: &str) {
    let message = v8::String::new(scope, message).unwrap_or_else(|| v8::String::empty(scope));
    let exception = v8::Exception::type_error(scope, message);
    scope.throw_exception(exception);
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

fn string_arg(scope: &mut v8::PinScope, args: Args, index: i32) -> String {
    args.get(index).to_rust_string_lossy(scope)
}

fn view_bytes(view: v8::Local<v8::ArrayBufferView>) -> Vec<u8> {
    let mut bytes = vec![0; view.byte_length()];
    let copied = view.copy_contents(&mut bytes);
    bytes.truncate(copied);
    bytes
}

/// `print(fd, string | view)`: returns `undefined`, or an errno code such as
/// `'EPIPE'` when the write failed (the stream then emits `'error'`).
fn print<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let fd = args.get(0).int32_value(scope).unwrap_or(1);
    let data = args.get(1);
    let bytes = if let Ok(view) = data.try_cast::<v8::ArrayBufferView>() {
        view_bytes(view)
    } else {
        data.to_rust_string_lossy(scope).into_bytes()
    };
    let result = if fd == 2 {
        let _ = std::io::stdout().flush();
        std::io::stderr().write_all(&bytes)
    } else {
        std::io::stdout().write_all(&bytes)
    };
    if let Err(err) = result {
        let code = if err.kind() == std::io::ErrorKind::BrokenPipe {
            "EPIPE"
        } else {
            "EIO"
        };
        if let Some(code) = v8::String::new(scope, code) {
            rv.set(code.into());
        }
    }
}

fn read_file<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let path = string_arg(scope, args, 0);
    match std::fs::read(&path) {
        Ok(bytes) => match v8::String::new_from_utf8(scope, &bytes, v8::NewStringType::Normal) {
            Some(text) => rv.set(text.into()),
            None => throw_error(
                scope,
                &format!("file too large to read as a string: {path}"),
            ),
        },
        Err(err) => throw_fs_error(scope, &err, "open", &path),
    }
}

fn file_kind<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let path = string_arg(scope, args, 0);
    let kind = match std::fs::metadata(&path) {
        Ok(meta) if meta.is_dir() => 2,
        Ok(_) => 1,
        Err(_) => 0,
    };
    rv.set_int32(kind);
}

fn realpath<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let path = string_arg(scope, args, 0);
    let resolved = std::fs::canonicalize(&path)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or(path);
    if let Some(s) = v8::String::new(scope, &resolved) {
        rv.set(s.into());
    }
}

fn cwd<'s>(scope: &mut v8::PinScope<'s, '_>, _args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let dir = std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "/".to_owned());
    if let Some(s) = v8::String::new(scope, &dir) {
        rv.set(s.into());
    }
}

fn chdir<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, _rv: Ret<'_, 's>) {
    let dir = string_arg(scope, args, 0);
    if let Err(err) = std::env::set_current_dir(&dir) {
        throw_fs_error(scope, &err, "chdir", &dir);
    }
}

/// `compileFunction(source, filename, params)`: a CommonJS wrapper compiled
/// with the file as script origin, so stack lines and columns match the file.
fn compile_function<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let (Ok(source), Ok(filename), Ok(params)) = (
        args.get(0).try_cast::<v8::String>(),
        args.get(1).try_cast::<v8::String>(),
        args.get(2).try_cast::<v8::Array>(),
    ) else {
        throw_type_error(
            scope,
            "compileFunction(source, filename, params) expects strings and an array",
        );
        return;
    };
    let mut names = Vec::new();
    for i in 0..params.length() {
        if let Some(name) = params.get_index(scope, i).and_then(|v| v.to_string(scope)) {
            names.push(name);
        }
    }
    let origin = script_origin(scope, filename.into(), false);
    let source_text = source;
    let mut source = v8::script_compiler::Source::new(source, Some(&origin));
    if let Some(function) = v8::script_compiler::compile_function(
        scope,
        &mut source,
        &names,
        &[],
        v8::script_compiler::CompileOptions::NoCompileOptions,
        v8::script_compiler::NoCacheReason::NoReason,
    ) {
        cache_source_map(scope, function, filename, source_text);
        rv.set(function.into());
    }
}

/// NODE_V8_COVERAGE: a CommonJS module with a `sourceMappingURL` comment
/// (V8 keeps its value in the script origin) goes into the coverage
/// files' `source-map-cache`, as Node's CJS loader does.
fn cache_source_map<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    function: v8::Local<'s, v8::Function>,
    filename: v8::Local<'s, v8::String>,
    source: v8::Local<'s, v8::String>,
) {
    if !crate::coverage::coverage_active(scope) {
        return;
    }
    let Some(map_url) = function.get_script_origin(scope).source_map_url() else {
        return;
    };
    if !map_url.is_string() {
        return;
    }
    let map_url = map_url.to_rust_string_lossy(scope);
    let filename = filename.to_rust_string_lossy(scope);
    let content = source.to_rust_string_lossy(scope);
    crate::coverage::cache_source_map(scope, &filename, &content, &map_url);
}

/// `runScript(source, name)`: a classic script in the global scope; returns
/// its completion value.
fn run_script<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let (Ok(source), Ok(name)) = (
        args.get(0).try_cast::<v8::String>(),
        args.get(1).try_cast::<v8::String>(),
    ) else {
        throw_type_error(scope, "runScript(source, name) expects strings");
        return;
    };
    let origin = script_origin(scope, name.into(), false);
    if let Some(script) = v8::Script::compile(scope, source, Some(&origin)) {
        if let Some(value) = script.run(scope) {
            rv.set(value);
        }
    }
}

pub(crate) fn script_origin<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    name: v8::Local<'s, v8::Value>,
    is_module: bool,
) -> v8::ScriptOrigin<'s> {
    v8::ScriptOrigin::new(
        scope, name, 0, 0, false, 0, None, false, false, is_module, None,
    )
}

fn run_microtasks<'s>(scope: &mut v8::PinScope<'s, '_>, _args: Args<'_, 's>, _rv: Ret<'_, 's>) {
    scope.perform_microtask_checkpoint();
}

fn timer_start<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, _rv: Ret<'_, 's>) {
    let id = args.get(0).uint32_value(scope).unwrap_or(0);
    let ms = args.get(1).number_value(scope).unwrap_or(1.0);
    let refed = args.get(2).boolean_value(scope);
    state(scope).borrow_mut().timers.start(id, ms, refed);
}

fn timer_cancel<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, _rv: Ret<'_, 's>) {
    let id = args.get(0).uint32_value(scope).unwrap_or(0);
    state(scope).borrow_mut().timers.cancel(id);
}

fn timer_ref<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, _rv: Ret<'_, 's>) {
    let id = args.get(0).uint32_value(scope).unwrap_or(0);
    let refed = args.get(1).boolean_value(scope);
    state(scope).borrow_mut().timers.set_ref(id, refed);
}

fn set_immediate_info<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, _rv: Ret<'_, 's>) {
    let total = args.get(0).uint32_value(scope).unwrap_or(0);
    let refed = args.get(1).uint32_value(scope).unwrap_or(0);
    let st = state(scope);
    let mut st = st.borrow_mut();
    st.immediates_total = total;
    st.immediates_refed = refed;
}

fn set_has_ticks<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, _rv: Ret<'_, 's>) {
    let has_ticks = args.get(0).boolean_value(scope);
    state(scope).borrow_mut().has_ticks = has_ticks;
}

/// `reallyExit(code)`: records the code and unwinds all JavaScript.
fn really_exit<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, _rv: Ret<'_, 's>) {
    let code = args.get(0).int32_value(scope).unwrap_or(0);
    exit_with(scope, code);
}

/// `abort()`: exit code 134. Node dies of SIGABRT without its exit hooks,
/// so no coverage file is written.
fn abort<'s>(scope: &mut v8::PinScope<'s, '_>, _args: Args<'_, 's>, _rv: Ret<'_, 's>) {
    crate::coverage::discard_coverage(scope);
    exit_with(scope, 134);
}

fn exit_with(scope: &mut v8::PinScope, code: i32) {
    {
        let st = state(scope);
        let mut st = st.borrow_mut();
        if st.exit_code.is_none() {
            st.exit_code = Some(code);
        }
    }
    let _ = std::io::stdout().flush();
    scope.terminate_execution();
}

/// `captureFatalSource(error)`: computes Node's source arrow for the error
/// about to be reported (from the throw site's message when known).
fn capture_fatal_source<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: Args<'_, 's>,
    _rv: Ret<'_, 's>,
) {
    let error = args.get(0);
    let st = state(scope);
    let pending = st.borrow_mut().pending_message.take();
    let message = match pending {
        Some(message) => Some(v8::Local::new(scope, message)),
        None if error.is_object() => Some(v8::Exception::create_message(scope, error)),
        None => None,
    };
    let arrow = message.and_then(|m| fatal::source_arrow(scope, m));
    st.borrow_mut().pending_arrow = arrow;
}

/// `printFatal(error, inspected, fromPromise)`: Node's fatal report on stderr.
fn print_fatal<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, _rv: Ret<'_, 's>) {
    let error = args.get(0);
    let text = args.get(1).to_rust_string_lossy(scope);
    let st = state(scope);
    let arrow = st.borrow_mut().pending_arrow.take();
    let report = match arrow {
        // Node separates the arrow from an Error's stack by a blank line; a
        // thrown primitive follows the arrow directly, after a leading newline.
        Some(arrow) if error.is_object() => format!("{arrow}\n{text}\n"),
        Some(arrow) => format!("\n{arrow}{text}\n"),
        None => format!("{text}\n"),
    };
    fatal::print_stderr(&report);
    st.borrow_mut().fatal_report = Some(text);
}

fn take_unhandled_rejections<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    _args: Args<'_, 's>,
    rv: Ret<'_, 's>,
) {
    let list = std::mem::take(&mut state(scope).borrow_mut().unhandled);
    let mut values = Vec::with_capacity(list.len() * 2);
    for (promise, reason) in list {
        values.push(v8::Local::new(scope, promise).into());
        values.push(v8::Local::new(scope, reason));
    }
    let array = v8::Array::new_with_elements(scope, &values);
    rv.set(array.into());
}

fn utf8_encode<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let text = string_arg(scope, args, 0);
    let bytes = text.into_bytes();
    let len = bytes.len();
    let store = v8::ArrayBuffer::new_backing_store_from_vec(bytes).make_shared();
    let buffer = v8::ArrayBuffer::with_backing_store(scope, &store);
    if let Some(array) = v8::Uint8Array::new(scope, buffer, 0, len) {
        rv.set(array.into());
    }
}

fn view_arg(scope: &mut v8::PinScope, args: Args) -> Option<Vec<u8>> {
    let value = args.get(0);
    if let Ok(view) = value.try_cast::<v8::ArrayBufferView>() {
        return Some(view_bytes(view));
    }
    throw_type_error(scope, "expected a Uint8Array");
    None
}

fn utf8_decode<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let Some(bytes) = view_arg(scope, args) else {
        return;
    };
    match v8::String::new_from_utf8(scope, &bytes, v8::NewStringType::Normal) {
        Some(s) => rv.set(s.into()),
        None => throw_error(
            scope,
            "Cannot create a string longer than 0x1fffffe8 characters",
        ),
    }
}

fn latin1_decode<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let Some(bytes) = view_arg(scope, args) else {
        return;
    };
    match v8::String::new_from_one_byte(scope, &bytes, v8::NewStringType::Normal) {
        Some(s) => rv.set(s.into()),
        None => throw_error(
            scope,
            "Cannot create a string longer than 0x1fffffe8 characters",
        ),
    }
}

fn hrtime<'s>(scope: &mut v8::PinScope<'s, '_>, _args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let start = state(scope).borrow().start;
    rv.set_double(start.elapsed().as_secs_f64() * 1000.0);
}

fn hrtime_bigint<'s>(scope: &mut v8::PinScope<'s, '_>, _args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let start = state(scope).borrow().start;
    let ns = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
    let big = v8::BigInt::new_from_u64(scope, ns);
    rv.set(big.into());
}

fn time_origin<'s>(scope: &mut v8::PinScope<'s, '_>, _args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let origin = state(scope).borrow().time_origin_ms;
    rv.set_double(origin);
}

/// Resident set size from /proc (0 where unavailable).
fn rss_bytes() -> f64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: f64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0.0);
    pages * 4096.0
}

fn memory_usage<'s>(scope: &mut v8::PinScope<'s, '_>, _args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let stats = scope.get_heap_statistics();
    let object = v8::Object::new(scope);
    let fields = [
        ("rss", rss_bytes()),
        ("heapTotal", stats.total_heap_size() as f64),
        ("heapUsed", stats.used_heap_size() as f64),
        ("external", stats.external_memory() as f64),
        ("arrayBuffers", 0.0),
    ];
    for (key, value) in fields {
        let value = v8::Number::new(scope, value).into();
        set_str(scope, object, key, value);
    }
    rv.set(object.into());
}

/// The `node:v8` module object (one per runtime, created on first use).
fn v8_module<'s>(scope: &mut v8::PinScope<'s, '_>, _args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let module = v8_module_object(scope);
    rv.set(module.into());
}

pub(crate) fn v8_module_object<'s>(scope: &mut v8::PinScope<'s, '_>) -> v8::Local<'s, v8::Object> {
    let st = state(scope);
    let cached = st.borrow().v8_module.clone();
    if let Some(module) = cached {
        return v8::Local::new(scope, module);
    }
    let module = crate::create_v8_module(scope);
    st.borrow_mut().v8_module = Some(v8::Global::new(scope, module));
    module
}
