//! `v8.startupSnapshot`: `addSerializeCallback`, `addDeserializeCallback`,
//! `setDeserializeMainFunction`, `isBuildingSnapshot`.
//!
//! "Building a snapshot" means the isolate was created by
//! `v8::Isolate::snapshot_creator` and marked with
//! [`v8_host::state::mark_snapshot_creator`]. Outside that mode the setters
//! throw `ERR_NOT_BUILDING_SNAPSHOT`, as in Node. In that mode the host
//! drives the queued callbacks: [`run_serialize_callbacks`] before
//! `create_blob`, then, in the restored context, [`run_deserialize_callbacks`]
//! and [`run_deserialize_main`]. Between the two, [`prepare_for_snapshot`]
//! releases the handles the composed crates keep in the isolate.

use v8_host::js::{self, build, validate, JsResult, OrThrown, Thrown};

const SOURCE: &str = include_str!("startup_snapshot.js");
/// The hooks object lives on the global object under this private key, so a
/// restored context still finds its queued deserialize callbacks.
const HOOKS_KEY: &str = "node_v8_facade.startupSnapshot.hooks";

v8_host::native_fn! {
    fn is_building_snapshot(scope, args, rv) {
        rv.set_uint32(u32::from(v8_host::state::is_snapshot_creator(scope)));
        Ok(())
    }
}

v8_host::native_fn! {
    fn throw_if_not_building_snapshot(scope, args, rv) {
        if v8_host::state::is_snapshot_creator(scope) {
            return Ok(());
        }
        Err(js::errors::throw(
            scope,
            js::ErrorClass::Error,
            "ERR_NOT_BUILDING_SNAPSHOT",
            "Operation cannot be invoked when not building startup snapshot",
        ))
    }
}

v8_host::native_fn! {
    fn throw_duplicate_main(scope, args, rv) {
        Err(js::errors::throw(
            scope,
            js::ErrorClass::Error,
            "ERR_DUPLICATE_STARTUP_SNAPSHOT_MAIN_FUNCTION",
            "Deserialize main function is already configured.",
        ))
    }
}

v8_host::native_fn! {
    fn validate_callback(scope, args, rv) {
        validate::function(scope, args.get(0), "callback").map(drop)
    }
}

const NATIVES: [(&str, v8::FunctionCallback); 4] = [
    ("isBuildingSnapshot", is_building_snapshot),
    ("throwIfNotBuildingSnapshot", throw_if_not_building_snapshot),
    ("throwDuplicateMain", throw_duplicate_main),
    ("validateCallback", validate_callback),
];

fn create<'s>(scope: &mut v8::PinScope<'s, '_>) -> JsResult<v8::Local<'s, v8::Value>> {
    let made = build::from_factory(scope, SOURCE, &NATIVES)?;
    let api = validate::property(scope, made, "api")?;
    let hooks = validate::property(scope, made, "hooks")?;
    let global = scope.get_current_context().global(scope);
    let key = build::string(scope, HOOKS_KEY)?;
    let private = v8::Private::for_api(scope, Some(key));
    global.set_private(scope, private, hooks).or_thrown()?;
    Ok(api)
}

/// `startupSnapshot`.
pub(crate) fn exports<'s>(
    scope: &mut v8::PinScope<'s, '_>,
) -> Vec<(&'static str, v8::Local<'s, v8::Value>)> {
    create(scope)
        .map(|api| vec![("startupSnapshot", api)])
        .unwrap_or_default()
}

/// The native callbacks of [`exports`].
pub(crate) fn external_references() -> Vec<v8::ExternalReference> {
    build::external_references(&NATIVES)
}

fn run_hook(scope: &mut v8::PinScope<'_, '_>, name: &str) -> JsResult<bool> {
    let global = scope.get_current_context().global(scope);
    let key = build::string(scope, HOOKS_KEY)?;
    let private = v8::Private::for_api(scope, Some(key));
    let Some(hooks) = global.get_private(scope, private) else {
        return Err(Thrown);
    };
    let Ok(hooks) = v8::Local::<v8::Object>::try_from(hooks) else {
        return Ok(false);
    };
    let hook = validate::property(scope, hooks, name)?;
    let hook = v8::Local::<v8::Function>::try_from(hook).map_err(|_| Thrown)?;
    let result = hook.call(scope, hooks.into(), &[]).or_thrown()?;
    Ok(result.is_true())
}

/// Runs (and drains) the callbacks queued by `addSerializeCallback` in the
/// scope's current context, in order. Call before `create_blob`. `Err` means
/// a callback threw (the exception is pending in the scope).
pub fn run_serialize_callbacks(scope: &mut v8::PinScope<'_, '_>) -> JsResult<()> {
    run_hook(scope, "runSerializeCallbacks").map(drop)
}

/// Runs (and drains) the callbacks queued by `addDeserializeCallback`, in a
/// context restored from the snapshot, before the main function.
pub fn run_deserialize_callbacks(scope: &mut v8::PinScope<'_, '_>) -> JsResult<()> {
    run_hook(scope, "runDeserializeCallbacks").map(drop)
}

/// Runs the function set by `setDeserializeMainFunction`; `Ok(false)` if
/// none was set (the host then needs an entry script, as Node does).
pub fn run_deserialize_main(scope: &mut v8::PinScope<'_, '_>) -> JsResult<bool> {
    run_hook(scope, "runDeserializeMain")
}

/// Why [`prepare_for_snapshot`] refused to prepare the isolate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrepareError {
    /// `promiseHooks` are still registered.
    #[error(transparent)]
    PromiseHooks(#[from] promise_hooks::SnapshotError),
    /// A `GCProfiler` started from JavaScript is still running.
    #[error(transparent)]
    GcProfiler(#[from] gc_profiler::SnapshotError),
}

/// Releases every V8 handle the composed crates keep in `isolate`
/// (`promise-hooks`, `gc-profiler`), so that `create_blob` can serialize
/// it: V8 aborts on Global or Weak handles left in a snapshot creator.
/// Call it after [`run_serialize_callbacks`], outside any `HandleScope` of
/// yours, right before `create_blob`.
///
/// # Errors
///
/// Active promise hooks or running `GCProfiler`s, which Node refuses to
/// snapshot as well; stop them (e.g. in a serialize callback) first.
pub fn prepare_for_snapshot(isolate: &mut v8::Isolate) -> Result<(), PrepareError> {
    promise_hooks::prepare_for_snapshot(isolate)?;
    gc_profiler::prepare_for_snapshot(isolate)?;
    Ok(())
}
