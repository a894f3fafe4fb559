//! The per-isolate hook registry and its installation into contexts.

use crate::dispatch::{self, Dispatcher};
use crate::native::{self, HookOwner, RustFunction};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The four promise lifecycle events (V8's hook slots, Node's names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HookKind {
    /// A promise was created: `init(promise, parent)`.
    Init,
    /// A reaction job of the promise is about to run: `before(promise)`.
    Before,
    /// A reaction job of the promise has run: `after(promise)`.
    After,
    /// The promise was resolved or rejected: `settled(promise)`.
    Settled,
}

impl HookKind {
    /// All kinds, in V8's argument order.
    pub const ALL: [HookKind; 4] = [
        HookKind::Init,
        HookKind::Before,
        HookKind::After,
        HookKind::Settled,
    ];

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The kind with the given index in [`HookKind::ALL`].
    pub fn from_index(index: u32) -> Option<HookKind> {
        HookKind::ALL.get(index as usize).copied()
    }
}

/// A Rust `init` hook: `(scope, promise, parent)`.
pub(crate) type InitFn = dyn Fn(
    &mut v8::PinScope<'_, '_>,
    v8::Local<'_, v8::Promise>,
    Option<v8::Local<'_, v8::Promise>>,
);
/// A Rust `before`/`after`/`settled` hook: `(scope, promise)`.
pub(crate) type PromiseFn = dyn Fn(&mut v8::PinScope<'_, '_>, v8::Local<'_, v8::Promise>);

/// Receives exceptions thrown by hooks run through a dispatcher, after all
/// hooks of the event ran (Node's `triggerUncaughtException(err, false)`).
pub type UncaughtExceptionHandler = dyn Fn(&mut v8::PinScope<'_, '_>, v8::Local<'_, v8::Value>);

/// A Rust hook's closure.
pub(crate) enum Hook {
    Init(Box<InitFn>),
    Promise(Box<PromiseFn>),
}

pub(crate) struct Entry {
    id: u64,
    /// For a Rust hook, its owner (to list it in a native dispatcher);
    /// `None` for a JavaScript hook.
    rust: Option<std::rc::Weak<HookOwner>>,
    /// What V8 (or the dispatcher) calls: the JavaScript hook itself, or the
    /// native function standing for a Rust hook.
    function: v8::Global<v8::Function>,
}

/// Ids are process-wide so a handle can never stop another isolate's hook.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

#[derive(Default)]
pub(crate) struct Registry {
    pub(crate) lists: [Vec<Entry>; 4],
    dispatchers: Option<Vec<Dispatcher>>,
    contexts: Vec<v8::Weak<v8::Context>>,
    /// The functions of Rust hooks; each owns its closure until V8 collects
    /// it, so the Weak must live as long as the function (see dispatch.rs).
    rust_functions: Vec<RustFunction>,
    pub(crate) handler: Option<Rc<UncaughtExceptionHandler>>,
    /// Whether any context currently has a hook installed by us; avoids
    /// flipping V8's isolate-wide "has context promise hooks" flag needlessly.
    installed_any: bool,
}

impl Registry {
    /// Keeps a native hook function's Weak (and so its finalizer) alive.
    fn keep(&mut self, function: RustFunction) {
        self.rust_functions.retain(|f| !f.weak.is_empty());
        self.rust_functions.push(function);
    }

    /// Whether some kind runs JavaScript hooks through a JS dispatcher.
    fn needs_js_dispatcher(&self) -> bool {
        self.lists
            .iter()
            .any(|list| list.len() > 1 && list.iter().any(|e| e.rust.is_none()))
    }
}

pub(crate) fn registry(isolate: &mut v8::Isolate) -> Rc<RefCell<Registry>> {
    v8_host::state::get_or_init::<Registry>(isolate)
}

/// Stops one registration. Returned by [`on_init`] and friends.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[must_use = "dropping the handle does not stop the hook; keep it to call stop()"]
pub struct HookHandle {
    kind: HookKind,
    id: u64,
}

impl HookHandle {
    /// The event this hook is registered for.
    pub fn kind(&self) -> HookKind {
        self.kind
    }

    /// Unregisters the hook and re-installs the remaining ones in every
    /// tracked context. Returns `false` (and does nothing) if it was already
    /// stopped: stopping is idempotent.
    pub fn stop(&self, isolate: &mut v8::Isolate) -> bool {
        let reg = registry(isolate);
        let removed = {
            let mut r = reg.borrow_mut();
            let list = &mut r.lists[self.kind.index()];
            match list.iter().position(|e| e.id == self.id) {
                Some(pos) => {
                    list.remove(pos);
                    true
                }
                None => false,
            }
        };
        if removed {
            v8::scope!(let scope, isolate);
            apply(scope, &reg);
        }
        removed
    }
}

/// What is installed in V8 for one kind (see [`hook_mode`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookMode {
    /// No hook: V8 runs no function for this event.
    Off,
    /// The single hook is installed directly (Node's fast path; a Rust hook
    /// is installed as its native function).
    Direct,
    /// A dispatcher runs every registered hook: native when they are all
    /// Rust hooks, Node's JavaScript dispatcher otherwise.
    Dispatcher,
}

/// Which function the registry installs for `kind` on this isolate.
pub fn hook_mode(isolate: &mut v8::Isolate, kind: HookKind) -> HookMode {
    let reg = registry(isolate);
    let r = reg.borrow();
    match r.lists[kind.index()].len() {
        0 => HookMode::Off,
        1 => HookMode::Direct,
        _ => HookMode::Dispatcher,
    }
}

/// Number of hooks registered for `kind` on this isolate.
pub fn hook_count(isolate: &mut v8::Isolate, kind: HookKind) -> usize {
    registry(isolate).borrow().lists[kind.index()].len()
}

fn register(
    scope: &mut v8::PinScope<'_, '_>,
    kind: HookKind,
    hook: Result<v8::Local<v8::Function>, Hook>,
) -> HookHandle {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let reg = registry(scope);
    let function = match hook {
        Ok(function) => Some((function, None)),
        Err(rust) => {
            native::rust_hook_function(scope, kind, rust).map(|(function, owned, owner)| {
                reg.borrow_mut().keep(owned);
                (function, Some(owner))
            })
        }
    };
    let Some((function, rust)) = function else {
        // V8 could not allocate the function (e.g. terminating): nothing to
        // install; the handle is already stopped.
        return HookHandle { kind, id };
    };
    let function = v8::Global::new(scope, function);
    reg.borrow_mut().lists[kind.index()].push(Entry { id, rust, function });
    let context = scope.get_current_context();
    track(scope, &reg, context);
    apply(scope, &reg);
    HookHandle { kind, id }
}

/// Registers `hook` for every promise created: `hook(scope, promise,
/// parent)`, where `parent` is the promise a `then()`/`await` chains from.
/// `scope` must have a current context (which becomes tracked).
pub fn on_init<F>(scope: &mut v8::PinScope<'_, '_>, hook: F) -> HookHandle
where
    F: Fn(
            &mut v8::PinScope<'_, '_>,
            v8::Local<'_, v8::Promise>,
            Option<v8::Local<'_, v8::Promise>>,
        ) + 'static,
{
    register(scope, HookKind::Init, Err(Hook::Init(Box::new(hook))))
}

/// Registers `hook` to run before each reaction job of a promise.
pub fn on_before<F>(scope: &mut v8::PinScope<'_, '_>, hook: F) -> HookHandle
where
    F: Fn(&mut v8::PinScope<'_, '_>, v8::Local<'_, v8::Promise>) + 'static,
{
    register(scope, HookKind::Before, Err(Hook::Promise(Box::new(hook))))
}

/// Registers `hook` to run after each reaction job of a promise.
pub fn on_after<F>(scope: &mut v8::PinScope<'_, '_>, hook: F) -> HookHandle
where
    F: Fn(&mut v8::PinScope<'_, '_>, v8::Local<'_, v8::Promise>) + 'static,
{
    register(scope, HookKind::After, Err(Hook::Promise(Box::new(hook))))
}

/// Registers `hook` to run when a promise is resolved or rejected.
pub fn on_settled<F>(scope: &mut v8::PinScope<'_, '_>, hook: F) -> HookHandle
where
    F: Fn(&mut v8::PinScope<'_, '_>, v8::Local<'_, v8::Promise>) + 'static,
{
    register(scope, HookKind::Settled, Err(Hook::Promise(Box::new(hook))))
}

/// Registers a JavaScript hook (no validation: see [`crate::js`]).
pub(crate) fn register_js(
    scope: &mut v8::PinScope<'_, '_>,
    kind: HookKind,
    hook: v8::Local<v8::Function>,
) -> HookHandle {
    register(scope, kind, Ok(hook))
}

/// Removes the first JavaScript registration of `hook` for `kind` (Node's
/// `stop(list, hook)`: `indexOf` + `splice`). Returns whether one was found.
pub(crate) fn remove_js(
    scope: &mut v8::PinScope<'_, '_>,
    kind: HookKind,
    hook: v8::Local<v8::Value>,
) -> bool {
    let reg = registry(scope);
    let position = reg.borrow().lists[kind.index()]
        .iter()
        .position(|e| e.rust.is_none() && v8::Local::new(scope, &e.function).strict_equals(hook));
    if let Some(pos) = position {
        reg.borrow_mut().lists[kind.index()].remove(pos);
        apply(scope, &reg);
    }
    position.is_some()
}

/// Tracks `context` and installs the currently registered hooks into it.
///
/// Call it right after creating a context that should see promise hooks
/// registered before or after its creation (the `nodev8` runtime does so for
/// its main context). Tracking the same context twice is harmless. The
/// context is held weakly.
pub fn install_into_context(scope: &mut v8::PinScope<'_, '_>, context: v8::Local<v8::Context>) {
    let reg = registry(scope);
    track(scope, &reg, context);
    apply(scope, &reg);
}

/// Sets (or with `None` clears) the handler that receives exceptions thrown
/// by hooks run through a dispatcher. See the crate docs for the default.
pub fn set_uncaught_exception_handler(
    isolate: &mut v8::Isolate,
    handler: Option<Box<UncaughtExceptionHandler>>,
) {
    registry(isolate).borrow_mut().handler = handler.map(Rc::from);
}

fn track(
    scope: &mut v8::PinScope<'_, '_, ()>,
    reg: &Rc<RefCell<Registry>>,
    context: v8::Local<v8::Context>,
) {
    let mut r = reg.borrow_mut();
    r.contexts.retain(|w| !w.is_empty());
    if r.contexts
        .iter()
        .any(|w| w.to_local(scope).is_some_and(|c| c == context))
    {
        return;
    }
    r.contexts.push(v8::Weak::new(scope, context));
}

/// Installs, in every tracked live context, what Node installs per kind:
/// nothing, the lone hook's function itself, or the JavaScript dispatcher.
pub(crate) fn apply(scope: &mut v8::PinScope<'_, '_, ()>, reg: &Rc<RefCell<Registry>>) {
    let contexts: Vec<v8::Local<v8::Context>> = {
        let mut r = reg.borrow_mut();
        r.contexts.retain(|w| !w.is_empty());
        r.contexts
            .iter()
            .filter_map(|w| w.to_local(scope))
            .collect()
    };
    let Some(&first) = contexts.first() else {
        return;
    };
    let scope = &mut v8::ContextScope::new(scope, first);
    let mut hooks: [Option<v8::Local<v8::Function>>; 4] = [None; 4];
    for kind in HookKind::ALL {
        hooks[kind.index()] = installed_function(scope, reg, kind);
    }
    let any = hooks.iter().any(Option::is_some);
    if !any && !reg.borrow().installed_any {
        return;
    }
    for context in contexts {
        let scope = &mut v8::ContextScope::new(scope, context);
        scope.set_promise_hooks(hooks[0], hooks[1], hooks[2], hooks[3]);
    }
    let mut r = reg.borrow_mut();
    r.installed_any = any;
    if !r.needs_js_dispatcher() {
        // Hold no Global that is not needed (they block startup snapshots).
        r.dispatchers = None;
    }
}

fn installed_function<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    reg: &Rc<RefCell<Registry>>,
    kind: HookKind,
) -> Option<v8::Local<'s, v8::Function>> {
    let (functions, rust_hooks) = {
        let r = reg.borrow();
        let list = &r.lists[kind.index()];
        match list.len() {
            0 => return None,
            1 => return Some(v8::Local::new(scope, &list[0].function)),
            _ => {
                let functions: Vec<v8::Local<v8::Value>> = list
                    .iter()
                    .map(|e| v8::Local::new(scope, &e.function).into())
                    .collect();
                // Owners of live entries' hooks are alive (the Globals keep
                // their functions, whose finalizers hold the owners).
                let rust_hooks: Option<Vec<Rc<HookOwner>>> = list
                    .iter()
                    .map(|e| e.rust.as_ref().and_then(std::rc::Weak::upgrade))
                    .collect();
                (functions, rust_hooks)
            }
        }
    };
    if let Some(hooks) = rust_hooks {
        // Only Rust hooks: a native dispatcher, no JavaScript in between.
        if let Some((function, owned)) = native::rust_multi_function(scope, kind, hooks) {
            reg.borrow_mut().keep(owned);
            return Some(function);
        }
    }
    if reg.borrow().dispatchers.is_none() {
        let built = dispatch::build_dispatchers(scope)?;
        reg.borrow_mut().dispatchers = Some(built);
    }
    let (run, set_list) = {
        let r = reg.borrow();
        let d = &r.dispatchers.as_ref()?[kind.index()];
        (
            v8::Local::new(scope, &d.run),
            v8::Local::new(scope, &d.set_list),
        )
    };
    // A fresh array each time: running dispatchers keep their snapshot.
    let array = v8::Array::new_with_elements(scope, &functions);
    let undefined = v8::undefined(scope).into();
    set_list.call(scope, undefined, &[array.into()])?;
    Some(run)
}

/// Why [`prepare_for_snapshot`] refused to prepare the isolate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    /// Hooks are still registered (counts per kind). As in Node, promise
    /// hooks are not part of a startup snapshot: stop them first.
    #[error(
        "promise hooks are not supported in startup snapshots: stop the active hooks \
         (init: {init}, before: {before}, after: {after}, settled: {settled}) first"
    )]
    ActiveHooks {
        /// Registered `init` hooks.
        init: usize,
        /// Registered `before` hooks.
        before: usize,
        /// Registered `after` hooks.
        after: usize,
        /// Registered `settled` hooks.
        settled: usize,
    },
}

/// Releases every V8 handle this crate holds on `isolate`, so that
/// `create_blob` can serialize it. Call it on a snapshot creator after the
/// last hook was stopped, outside any `HandleScope` of yours, right before
/// `create_blob`.
///
/// `create_blob` disposes the isolate's slots only after V8 stopped
/// accepting handle resets, so any Global or Weak the crate still held
/// there would abort it (`CheckGlobalAndEternalHandles failed`) or leave V8
/// a weak callback into freed memory. This drops the tracked contexts, the
/// dispatchers and the uncaught-exception handler (the isolate's
/// promise-hook state becomes as new: later registrations track contexts
/// again), then runs a full GC so that stopped Rust hooks are freed by their
/// finalizers; a stopped Rust hook whose function is still alive (e.g. held
/// by a `Local` of an open scope) is leaked instead of freed.
///
/// # Errors
///
/// [`SnapshotError::ActiveHooks`] if hooks are still registered; nothing is
/// changed then. Like Node, which refuses to build a snapshot while
/// `promiseHooks` are active (its `AsyncHooks::Serialize` checks the hooks
/// are empty): hooks are run-time state, and Rust closures cannot be
/// serialized at all. Register hooks again after restoring (e.g. from a
/// deserialize callback).
pub fn prepare_for_snapshot(isolate: &mut v8::Isolate) -> Result<(), SnapshotError> {
    let Some(reg) = v8_host::state::get::<Registry>(isolate) else {
        return Ok(());
    };
    let counts = reg.borrow().lists.each_ref().map(Vec::len);
    if counts.iter().any(|&n| n > 0) {
        let [init, before, after, settled] = counts;
        return Err(SnapshotError::ActiveHooks {
            init,
            before,
            after,
            settled,
        });
    }
    drop(reg);
    let Some(reg) = v8_host::state::take::<Registry>(isolate) else {
        return Ok(());
    };
    let rust_functions = {
        let mut r = reg.borrow_mut();
        r.dispatchers = None;
        r.contexts.clear();
        r.handler = None;
        std::mem::take(&mut r.rust_functions)
    };
    drop(reg);
    // Collect the stopped hooks' functions now: their finalizers free the
    // closures while the isolate can still run them.
    isolate.low_memory_notification();
    for function in rust_functions {
        if let (false, Some(owner)) = (function.weak.is_empty(), function.owner.upgrade()) {
            owner.leak();
        }
    }
    Ok(())
}
