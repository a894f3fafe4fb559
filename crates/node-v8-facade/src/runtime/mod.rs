//! The `nodev8` script runtime: a Node-like environment around one isolate.
//!
//! [`Runtime`] owns a `v8::OwnedIsolate` and its main context and installs
//! `require` (CommonJS, JSON, `node:v8`), ES modules (`.mjs`, named imports of
//! `node:v8`, top-level await), `console` (Node's `util.inspect` output),
//! `process`, `Buffer`, timers and `queueMicrotask`, driven by an event loop
//! with Node's ordering: timers, posted macrotasks, immediates; after each
//! callback the `process.nextTick` queue, then microtasks.
//!
//! Other crates hook into the loop without knowing the runtime type:
//! * [`enqueue_macrotask`] runs Rust work as a macrotask on the isolate's
//!   thread (e.g. a heap-snapshot stream emitting chunks asynchronously);
//! * [`LoopHandle`] posts work from other threads and keeps the loop alive;
//! * [`report_uncaught`] reports an exception a native callback cannot
//!   rethrow (e.g. thrown by a promise hook) the way Node does.
//!
//! Also provided: `process.on('exit' | 'uncaughtException' | 'unhandledRejection')`,
//! Node's fatal report (source arrow, inspected error, exit code 1), and small
//! `events`, `util`, `buffer`, `timers`, `path`, `fs`, `os`, `assert` builtins.
//!
//! ```
//! use node_v8_facade::runtime::{enqueue_macrotask, Runtime, RuntimeOptions};
//!
//! let mut runtime = Runtime::new(RuntimeOptions::default()).unwrap();
//! let shown = runtime.execute_script("demo.js", "({ answer: 6 * 7, list: [1, 'two'] })").unwrap();
//! assert_eq!(shown, "{ answer: 42, list: [ 1, 'two' ] }");
//!
//! // JavaScript timers and Rust macrotasks share one loop.
//! runtime.execute_script("timer.js", "globalThis.seen = []; setTimeout(() => seen.push('timer'), 1)").unwrap();
//! enqueue_macrotask(runtime.isolate(), Box::new(|scope: &mut v8::PinScope| {
//!     let code = v8::String::new(scope, "seen.push('from Rust')").unwrap();
//!     v8::Script::compile(scope, code, None).unwrap().run(scope).unwrap();
//! }));
//! runtime.run_event_loop().unwrap();
//! assert_eq!(runtime.execute_script("check.js", "seen.length").unwrap(), "2");
//!
//! // A whole script file, as `nodev8 examples/stats.js` runs it.
//! let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/stats.js");
//! assert_eq!(runtime.run_main(&path).unwrap(), 0);
//! ```

mod bootstrap;
mod event_loop;
mod fatal;
mod modules;
mod natives;
mod natives_fs;
mod natives_inspect;
mod state;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use event_loop::{
    enqueue_macrotask, has_event_loop, KeepAlive, LoopHandle, Macrotask, RemoteTask,
};
pub use fatal::report_uncaught;

use event_loop::{call_hook, process_ticks, settle, take_caught};
use state::state;

/// Errors of the runtime's Rust API.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    /// The main script does not exist or cannot be resolved.
    #[error("Cannot find module '{}'", path.display())]
    ScriptNotFound {
        /// The path as given.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A JavaScript exception nobody handled; the report (source arrow and
    /// inspected error) was already printed to stderr, as Node does.
    #[error("uncaught exception (exit code {exit_code}): {report}")]
    Uncaught {
        /// The inspected error as printed.
        report: String,
        /// The process exit code Node would use (1, or 7 if an
        /// `uncaughtException` handler threw).
        exit_code: i32,
    },
    /// An exception thrown by [`Runtime::execute_script`] (not printed).
    #[error("{message}")]
    Exception {
        /// The inspected exception (stack for errors).
        message: String,
    },
    /// The main module's top-level await never settled (Node exits with 13).
    #[error("Detected unsettled top-level await in {0}")]
    UnsettledTopLevelAwait(String),
    /// The runtime's own JavaScript failed to start (a bug).
    #[error("runtime bootstrap failed: {0}")]
    Bootstrap(String),
}

impl RuntimeError {
    /// The exit code a `node` process would end with for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            RuntimeError::Uncaught { exit_code, .. } => *exit_code,
            RuntimeError::UnsettledTopLevelAwait(_) => 13,
            _ => 1,
        }
    }
}

/// How to set up a [`Runtime`].
#[derive(Debug, Clone, Default)]
pub struct RuntimeOptions {
    /// `process.argv` (Node: `[execPath, script, ...args]`).
    pub argv: Vec<String>,
    /// V8 flags such as `--expose-gc`; also `process.execArgv`. Applied
    /// before V8 initialises if this is the first runtime of the process,
    /// else with `V8::set_flags_from_string` before the context is created.
    pub v8_flags: Vec<String>,
    /// `process.env`; `None` copies the process environment.
    pub env: Option<Vec<(String, String)>>,
    /// Collect precise coverage into this directory, as Node does for
    /// `NODE_V8_COVERAGE` (the `nodev8` binary passes
    /// [`coverage_dir_from_env`](crate::coverage::coverage_dir_from_env)).
    /// A relative directory is resolved against the working directory and
    /// `process.env.NODE_V8_COVERAGE` is set to the absolute path (children
    /// inherit it). Collection starts before user code; a file
    /// `coverage-<pid>-<epoch ms>-0.json` is written on `v8.takeCoverage()`
    /// and when the runtime is dropped (the process exit of `nodev8`: normal
    /// end, `process.exit`, uncaught exception), unless `v8.stopCoverage()`
    /// ended collection.
    pub coverage_dir: Option<PathBuf>,
}

/// A Node-like JavaScript runtime owning one isolate and its main context.
pub struct Runtime {
    // Declared before the isolate so it is dropped first.
    context: v8::Global<v8::Context>,
    isolate: v8::OwnedIsolate,
}

impl Runtime {
    /// Initialises V8 (once per process), creates the isolate and context
    /// and installs the Node-like globals.
    pub fn new(mut options: RuntimeOptions) -> Result<Runtime, RuntimeError> {
        let coverage_dir = options.coverage_dir.take().map(|dir| {
            let dir = std::path::absolute(&dir).unwrap_or(dir);
            bootstrap::set_env_var(&mut options, "NODE_V8_COVERAGE", &dir.to_string_lossy());
            dir
        });
        let flags = options.v8_flags.join(" ");
        if !v8_host::init_with_flags(&flags) && !flags.is_empty() {
            v8::V8::set_flags_from_string(&flags);
        }
        let mut isolate = v8::Isolate::new(v8::CreateParams::default());
        isolate.set_microtasks_policy(v8::MicrotasksPolicy::Explicit);
        isolate.set_promise_reject_callback(promise_reject_callback);
        isolate.set_host_initialize_import_meta_object_callback(modules::import_meta);
        isolate.set_host_import_module_dynamically_callback(modules::dynamic_import);
        isolate.add_message_listener(message_listener);
        let context = {
            v8::scope!(let scope, &mut isolate);
            let context = v8::Context::new(scope, Default::default());
            let scope = &mut v8::ContextScope::new(scope, context);
            bootstrap::bootstrap(scope, &options)?;
            // Promise hooks registered later reach this context; exceptions
            // thrown by hooks are uncaught exceptions, as in Node.
            promise_hooks::install_into_context(scope, context);
            promise_hooks::set_uncaught_exception_handler(
                scope,
                Some(Box::new(|scope, exception| {
                    report_uncaught(scope, exception)
                })),
            );
            v8::Global::new(scope, context)
        };
        if let Some(dir) = coverage_dir {
            // Node only warns when coverage cannot start.
            if let Err(error) = crate::coverage::start_coverage(&mut isolate, &dir) {
                fatal::print_stderr(&format!("nodev8: NODE_V8_COVERAGE: {error}\n"));
            }
        }
        Ok(Runtime { context, isolate })
    }

    /// The isolate, for crates that work on a plain `v8::Isolate`.
    pub fn isolate(&mut self) -> &mut v8::OwnedIsolate {
        &mut self.isolate
    }

    /// The main context.
    pub fn context(&self) -> &v8::Global<v8::Context> {
        &self.context
    }

    /// Runs `f` in a handle scope entered into the main context.
    pub fn with_scope<R>(
        &mut self,
        f: impl for<'s, 'i> FnOnce(&mut v8::PinScope<'s, 'i>) -> R,
    ) -> R {
        let context = self.context.clone();
        v8::scope!(let scope, &mut self.isolate);
        let context = v8::Local::new(scope, context);
        let scope = &mut v8::ContextScope::new(scope, context);
        f(scope)
    }

    /// A handle to post work onto this runtime's loop from other threads.
    pub fn loop_handle(&mut self) -> LoopHandle {
        LoopHandle::of(&mut self.isolate)
    }

    /// Runs `source` as a classic script in the global scope, then the
    /// nextTick and microtask queues. Returns the completion value formatted
    /// like `util.inspect`; an exception becomes [`RuntimeError::Exception`]
    /// (not printed, `process.on('uncaughtException')` is not consulted).
    pub fn execute_script(&mut self, name: &str, source: &str) -> Result<String, RuntimeError> {
        self.with_scope(|scope| {
            let outcome = {
                v8::tc_scope!(let tc, scope);
                let result = compile_and_run(tc, name, source);
                match result {
                    Some(value) => Ok(inspect(tc, value)),
                    None if tc.has_terminated() => Err(None),
                    None => {
                        let exception = tc.exception().unwrap_or_else(|| v8::undefined(tc).into());
                        Err(Some(inspect(tc, exception)))
                    }
                }
            };
            match outcome {
                Ok(shown) => {
                    process_ticks(scope);
                    Ok(shown)
                }
                Err(Some(message)) => Err(RuntimeError::Exception { message }),
                Err(None) => {
                    scope.cancel_terminate_execution();
                    Err(RuntimeError::Exception {
                        message: "execution terminated".to_owned(),
                    })
                }
            }
        })
    }

    /// Runs `path` as the main module (`.mjs`, or `.js` under a
    /// `"type": "module"` package.json: ES module; else CommonJS) and
    /// then the event loop until it is empty, emits `process.on('exit')` and
    /// returns the exit code (`process.exitCode`, or the `process.exit` code).
    pub fn run_main(&mut self, path: &Path) -> Result<i32, RuntimeError> {
        let path = std::fs::canonicalize(path).map_err(|source| RuntimeError::ScriptNotFound {
            path: path.to_owned(),
            source,
        })?;
        self.with_scope(|scope| {
            let is_module = modules::is_es_module_file(scope, &path);
            if is_module {
                let caught = {
                    v8::tc_scope!(let tc, scope);
                    let _ = modules::run_main(tc, &path);
                    take_caught(tc)
                };
                settle(scope, caught);
            } else {
                let filename = v8::String::new(scope, &path.to_string_lossy())
                    .ok_or_else(|| RuntimeError::Bootstrap("path too long".into()))?;
                call_hook(scope, "runMain", &[filename.into()]);
            }
            process_ticks(scope);
            event_loop::run(scope);
            finish(scope, &path)
        })
    }

    /// Runs `source` like `node -e` (`print`: like `node -p`, logging the
    /// completion value): a global-scope script with `require`, `module`,
    /// `exports` as globals resolving from the working directory; then the
    /// event loop, `'exit'` and the exit code, as [`Runtime::run_main`].
    pub fn run_eval(&mut self, source: &str, print: bool) -> Result<i32, RuntimeError> {
        self.with_scope(|scope| {
            let source = v8::String::new(scope, source)
                .ok_or_else(|| RuntimeError::Bootstrap("source too long".into()))?;
            let print = v8::Boolean::new(scope, print);
            call_hook(scope, "runEval", &[source.into(), print.into()]);
            process_ticks(scope);
            event_loop::run(scope);
            finish(scope, Path::new("[eval]"))
        })
    }

    /// Runs the event loop until nothing keeps it alive (or `process.exit`).
    /// Returns [`RuntimeError::Uncaught`] if an exception went unhandled.
    pub fn run_event_loop(&mut self) -> Result<(), RuntimeError> {
        self.with_scope(|scope| {
            process_ticks(scope);
            event_loop::run(scope);
            let st = state(scope);
            let st = st.borrow();
            match (&st.fatal_report, st.exit_code) {
                (Some(report), code) => Err(RuntimeError::Uncaught {
                    report: report.clone(),
                    exit_code: code.unwrap_or(1),
                }),
                _ => Ok(()),
            }
        })
    }

    /// The exit code requested by `process.exit` or a fatal error, if any.
    pub fn exit_code(&mut self) -> Option<i32> {
        state(&mut self.isolate).borrow().exit_code
    }
}

impl Drop for Runtime {
    /// The runtime's "process exit": writes the final coverage file if
    /// collection is active (Node's exit-time `takePreciseCoverage`).
    fn drop(&mut self) {
        if !crate::coverage::coverage_active(&mut self.isolate) {
            return;
        }
        // process.exit / a fatal error may have left a termination pending.
        self.isolate.cancel_terminate_execution();
        if let Err(error) = crate::coverage::take_coverage(&mut self.isolate) {
            // Node's own wording (e.g. "ENOTDIR: Failed to create coverage
            // profile directory <dir>"); the exit code is unaffected.
            fatal::print_stderr(&format!("{error}\n"));
        }
    }
}

/// Every native callback the runtime installs (for startup snapshots of a
/// runtime context), in a stable order.
pub fn external_references() -> Vec<v8::ExternalReference> {
    natives::external_references()
}

/// After the loop: unsettled top-level await, `'exit'` event, exit code.
fn finish(scope: &mut v8::PinScope, path: &Path) -> Result<i32, RuntimeError> {
    let st = state(scope);
    if st.borrow().exit_code.is_none() {
        let main_promise = st.borrow().main_promise.clone();
        if let Some(promise) = main_promise {
            let promise = v8::Local::new(scope, promise);
            if promise.state() == v8::PromiseState::Pending {
                // Node 20 exits with 13 without a message here.
                let url = crate::file_url::module_url(path);
                st.borrow_mut().exit_code = Some(13);
                let _ = std::io::stdout().flush();
                return Err(RuntimeError::UnsettledTopLevelAwait(url));
            }
        }
        let code = call_hook(scope, "emitExit", &[]).map(|v| v8::Local::new(scope, v));
        let code = code.and_then(|v| v.int32_value(scope)).unwrap_or(0);
        let mut st = st.borrow_mut();
        if st.exit_code.is_none() {
            st.exit_code = Some(code);
        }
    }
    let _ = std::io::stdout().flush();
    let st = st.borrow();
    let code = st.exit_code.unwrap_or(0);
    match &st.fatal_report {
        Some(report) => Err(RuntimeError::Uncaught {
            report: report.clone(),
            exit_code: code,
        }),
        None => Ok(code),
    }
}

pub(crate) fn compile_and_run<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    name: &str,
    source: &str,
) -> Option<v8::Local<'s, v8::Value>> {
    let source = v8::String::new(scope, source)?;
    let name = v8::String::new(scope, name)?;
    let origin = natives::script_origin(scope, name.into(), false);
    let script = v8::Script::compile(scope, source, Some(&origin))?;
    script.run(scope)
}

/// `util.inspect(value)` through the bootstrap, falling back to `String(value)`.
fn inspect(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> String {
    let hooks = state(scope).borrow().hooks.clone();
    let shown = hooks.and_then(|hooks| {
        let hooks = v8::Local::new(scope, hooks);
        let key = v8::String::new(scope, "inspect")?;
        let f: v8::Local<v8::Function> = hooks.get(scope, key.into())?.try_cast().ok()?;
        let recv = v8::undefined(scope).into();
        f.call(scope, recv, &[value])
    });
    shown.unwrap_or(value).to_rust_string_lossy(scope)
}

/// Exceptions V8 reports without a `TryCatch` to catch them (e.g. thrown by
/// a promise hook during a microtask) are uncaught exceptions (Node's
/// `PerIsolateMessageListener`).
extern "C" fn message_listener(message: v8::Local<v8::Message>, exception: v8::Local<v8::Value>) {
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        v8::callback_scope!(unsafe scope, message);
        v8::scope!(let scope, scope);
        fatal::report_uncaught_with_message(scope, exception, Some(message));
    }));
}

/// Tracks rejected promises without handlers (processed after microtasks).
extern "C" fn promise_reject_callback(message: v8::PromiseRejectMessage) {
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        v8::callback_scope!(unsafe scope, &message);
        let promise = message.get_promise();
        let st = state(scope);
        match message.get_event() {
            v8::PromiseRejectEvent::PromiseRejectWithNoHandler => {
                let reason = message
                    .get_value()
                    .unwrap_or_else(|| v8::undefined(scope).into());
                let entry = (
                    v8::Global::new(scope, promise),
                    v8::Global::new(scope, reason),
                );
                st.borrow_mut().unhandled.push(entry);
            }
            v8::PromiseRejectEvent::PromiseHandlerAddedAfterReject => {
                let list = std::mem::take(&mut st.borrow_mut().unhandled);
                let kept: Vec<_> = list
                    .into_iter()
                    .filter(|(p, _)| v8::Local::new(scope, p) != promise)
                    .collect();
                st.borrow_mut().unhandled = kept;
            }
            _ => {}
        }
    }));
}
