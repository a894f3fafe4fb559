//! Starting the runtime's JavaScript: the bootstrap scripts and the
//! `config` object (argv, env, pid, ...) they read.

use std::io::IsTerminal;

use super::state::state;
use super::{compile_and_run, fatal, natives, RuntimeError, RuntimeOptions};

const INSPECT_JS: &str = include_str!("js/inspect.js");
const EVENTS_JS: &str = include_str!("js/events.js");
const BUFFER_JS: &str = include_str!("js/buffer.js");
const NODE_LIB_JS: &str = include_str!("js/node_lib.js");
const PROCESS_JS: &str = include_str!("js/process.js");
const TIMERS_JS: &str = include_str!("js/timers.js");
const LOADER_JS: &str = include_str!("js/loader.js");
const BOOTSTRAP_JS: &str = include_str!("js/bootstrap.js");

/// Evaluates one of the runtime's scripts (a function expression) and calls it.
fn run_internal<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    name: &str,
    source: &str,
    args: &[v8::Local<'s, v8::Value>],
) -> Result<v8::Local<'s, v8::Value>, RuntimeError> {
    let resource = format!("{}nodev8/{name}", fatal::INTERNAL_PREFIX);
    let fail = |what: &str| RuntimeError::Bootstrap(format!("{name}: {what}"));
    let function =
        compile_and_run(scope, &resource, source).ok_or_else(|| fail("does not compile"))?;
    let function: v8::Local<v8::Function> =
        function.try_cast().map_err(|_| fail("is not a function"))?;
    let recv = v8::undefined(scope).into();
    function
        .call(scope, recv, args)
        .ok_or_else(|| fail("threw while starting"))
}

pub(crate) fn bootstrap(
    scope: &mut v8::PinScope,
    options: &RuntimeOptions,
) -> Result<(), RuntimeError> {
    let binding = natives::binding(scope).into();
    let util = run_internal(scope, "inspect.js", INSPECT_JS, &[binding])?;
    let events = run_internal(scope, "events.js", EVENTS_JS, &[])?;
    let buffer = run_internal(scope, "buffer.js", BUFFER_JS, &[binding])?;
    let node_lib = run_internal(
        scope,
        "node_lib.js",
        NODE_LIB_JS,
        &[binding, buffer, events, util],
    )?;
    let config = config_object(scope, options).into();
    let internals = run_internal(
        scope,
        "process.js",
        PROCESS_JS,
        &[binding, config, util, events, buffer],
    )?;
    let timers = run_internal(scope, "timers.js", TIMERS_JS, &[binding, internals])?;
    let loader = run_internal(
        scope,
        "loader.js",
        LOADER_JS,
        &[binding, internals, util, events, buffer, node_lib, timers],
    )?;
    let hooks = run_internal(
        scope,
        "bootstrap.js",
        BOOTSTRAP_JS,
        &[binding, util, buffer, internals, timers, loader],
    )?;
    let hooks: v8::Local<v8::Object> = hooks
        .try_cast()
        .map_err(|_| RuntimeError::Bootstrap("bootstrap.js returned no hooks".into()))?;
    state(scope).borrow_mut().hooks = Some(v8::Global::new(scope, hooks));
    Ok(())
}

/// The process environment as `process.env` shows it.
fn process_env() -> Vec<(String, String)> {
    std::env::vars_os()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.to_string_lossy().into_owned(),
            )
        })
        .collect()
}

/// Sets `key` in the `process.env` of `options` (materialising the process
/// environment if it was inherited), keeping the variable's position.
pub(crate) fn set_env_var(options: &mut RuntimeOptions, key: &str, value: &str) {
    let vars = options.env.get_or_insert_with(process_env);
    match vars.iter_mut().find(|(k, _)| k == key) {
        Some(entry) => entry.1 = value.to_owned(),
        None => vars.push((key.to_owned(), value.to_owned())),
    }
}

fn set<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    object: v8::Local<'s, v8::Object>,
    key: &str,
    value: v8::Local<'s, v8::Value>,
) {
    if let Some(key) = v8::String::new(scope, key) {
        object.set(scope, key.into(), value);
    }
}

fn string_value<'s>(scope: &mut v8::PinScope<'s, '_>, text: &str) -> v8::Local<'s, v8::Value> {
    v8::String::new(scope, text)
        .map(Into::into)
        .unwrap_or_else(|| v8::String::empty(scope).into())
}

fn string_array<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    items: &[String],
) -> v8::Local<'s, v8::Value> {
    let values: Vec<_> = items.iter().map(|s| string_value(scope, s)).collect();
    v8::Array::new_with_elements(scope, &values).into()
}

/// The `config` object bootstrap.js reads (argv, env, pid, ...).
fn config_object<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    options: &RuntimeOptions,
) -> v8::Local<'s, v8::Object> {
    let config = v8::Object::new(scope);
    let exec_path = std::env::current_exe()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "nodev8".to_owned());
    let argv = if options.argv.is_empty() {
        vec![exec_path.clone()]
    } else {
        options.argv.clone()
    };
    let value = string_array(scope, &argv);
    set(scope, config, "argv", value);
    let value = string_value(scope, argv.first().map(String::as_str).unwrap_or("nodev8"));
    set(scope, config, "argv0", value);
    let value = string_array(scope, &options.v8_flags);
    set(scope, config, "execArgv", value);
    let value = string_value(scope, &exec_path);
    set(scope, config, "execPath", value);
    let env = v8::Object::new(scope);
    let vars: Vec<(String, String)> = match &options.env {
        Some(vars) => vars.clone(),
        None => process_env(),
    };
    for (key, value) in vars {
        let value = string_value(scope, &value);
        set(scope, env, &key, value);
    }
    set(scope, config, "env", env.into());
    let value = v8::Integer::new_from_unsigned(scope, std::process::id()).into();
    set(scope, config, "pid", value);
    let value = v8::Integer::new_from_unsigned(scope, std::os::unix::process::parent_id()).into();
    set(scope, config, "ppid", value);
    let platform = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    let value = string_value(scope, platform);
    set(scope, config, "platform", value);
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        "x86" => "ia32",
        other => other,
    };
    let value = string_value(scope, arch);
    set(scope, config, "arch", value);
    let value = string_value(scope, concat!("v", env!("CARGO_PKG_VERSION"), "-nodev8"));
    set(scope, config, "version", value);
    let versions = v8::Object::new(scope);
    let value = string_value(scope, env!("CARGO_PKG_VERSION"));
    set(scope, versions, "nodev8", value);
    let value = string_value(scope, v8::V8::get_version());
    set(scope, versions, "v8", value);
    set(scope, config, "versions", versions.into());
    let value = v8::Boolean::new(scope, std::io::stdout().is_terminal()).into();
    set(scope, config, "stdoutIsTTY", value);
    let value = v8::Boolean::new(scope, std::io::stderr().is_terminal()).into();
    set(scope, config, "stderrIsTTY", value);
    config
}
