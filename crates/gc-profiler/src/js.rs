//! `node:v8`'s `GCProfiler` class.
//!
//! The class itself is Node's JavaScript class (`start()`, `stop()`,
//! `[Symbol.dispose]()`, a private `#profiler`), compiled around two native
//! functions: `start()` returns an opaque handle owning a [`GcProfiler`] and
//! `stop(handle)` returns the parsed report. A handle that is garbage
//! collected without `stop()` is unregistered when V8 collects it, as Node
//! does when its weak native object is collected: a weak-handle finalizer
//! (which never runs JavaScript, and is not run at all while the isolate is
//! torn down) drops the profiler, removing its GC callbacks. Should the
//! finalizer find the registry busy, the profiler is unregistered at the
//! next `start()`/`stop()` instead; profilers still registered when the
//! isolate is dropped go with it.

use crate::GcProfiler;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use v8_host::js::OrThrown;

/// Node's class, minus `JSONParse` (the native `stop` returns the parsed
/// object already).
const CLASS_SOURCE: &str = r#"(function (nativeStart, nativeStop) {
  'use strict';
  class GCProfiler {
    #profiler = null;

    start() {
      if (!this.#profiler) {
        this.#profiler = nativeStart();
      }
    }

    stop() {
      if (this.#profiler) {
        const data = nativeStop(this.#profiler);
        this.#profiler = null;
        return data;
      }
    }

    [Symbol.dispose]() {
      this.stop();
    }
  }
  return GCProfiler;
})"#;

/// `(name, value)` pairs this crate contributes to `node:v8`:
/// `[("GCProfiler", class)]`. Needs a scope with a current context.
pub fn exports<'s>(
    scope: &mut v8::PinScope<'s, '_>,
) -> Vec<(&'static str, v8::Local<'s, v8::Value>)> {
    match gc_profiler_class(scope) {
        Some(class) => vec![("GCProfiler", class.into())],
        None => Vec::new(),
    }
}

/// Every native callback [`exports`] installs, for startup snapshots.
pub fn external_references() -> Vec<v8::ExternalReference> {
    vec![
        v8::ExternalReference {
            function: native_start,
        },
        v8::ExternalReference {
            function: native_stop,
        },
    ]
}

/// Builds the `GCProfiler` class in the current context of `scope`.
pub fn gc_profiler_class<'s>(
    scope: &mut v8::PinScope<'s, '_>,
) -> Option<v8::Local<'s, v8::Function>> {
    let source = v8::String::new(scope, CLASS_SOURCE)?;
    let factory = v8::Script::compile(scope, source, None)?.run(scope)?;
    let factory = v8::Local::<v8::Function>::try_from(factory).ok()?;
    let start = v8::Function::builder_raw(native_start)
        .length(0)
        .build(scope)?;
    let stop = v8::Function::builder_raw(native_stop)
        .length(1)
        .build(scope)?;
    let undefined = v8::undefined(scope).into();
    let class = factory.call(scope, undefined, &[start.into(), stop.into()])?;
    v8::Local::<v8::Function>::try_from(class).ok()
}

/// Profilers started from JavaScript, by handle id.
#[derive(Default)]
struct JsProfilers {
    next_id: u32,
    live: HashMap<u32, (GcProfiler, v8::Weak<v8::Object>)>,
    /// Ids whose handle was collected without `stop()`.
    collected: Rc<RefCell<Vec<u32>>>,
}

impl JsProfilers {
    fn drop_collected(&mut self) {
        let ids: Vec<u32> = self.collected.borrow_mut().drain(..).collect();
        for id in ids {
            self.live.remove(&id); // GcProfiler::drop unregisters
        }
    }
}

/// The finalizer of a collected handle: drops its profiler now (removing
/// its GC callbacks; no JavaScript runs), or defers that to the next
/// `start()`/`stop()` if the registry is borrowed at this moment.
fn unregister_collected(
    registry: &std::rc::Weak<RefCell<JsProfilers>>,
    collected: &RefCell<Vec<u32>>,
    id: u32,
) {
    let Some(registry) = registry.upgrade() else {
        return; // the isolate's state is gone, and the profiler with it
    };
    let removed = match registry.try_borrow_mut() {
        Ok(mut profilers) => profilers.live.remove(&id),
        Err(_) => {
            collected.borrow_mut().push(id);
            None
        }
    };
    // Dropped outside the borrow: GcProfiler::drop unregisters the callbacks.
    drop(removed);
}

v8_host::native_fn! {
    /// `nativeStart()`: starts a profiler and returns its opaque handle.
    fn native_start(scope, args, rv) {
        let state = v8_host::state::get_or_init::<JsProfilers>(scope);
        state.borrow_mut().drop_collected();
        let template = v8::ObjectTemplate::new(scope);
        template.set_internal_field_count(1);
        let handle = template.new_instance(scope).or_thrown()?;
        let id = {
            let mut s = state.borrow_mut();
            s.next_id = s.next_id.wrapping_add(1);
            s.next_id
        };
        let id_value = v8::Integer::new_from_unsigned(scope, id);
        handle.set_internal_field(0, id_value.into());
        let mut profiler = GcProfiler::new();
        profiler.start(scope);
        let registry = Rc::downgrade(&state);
        let collected = state.borrow().collected.clone();
        let weak = v8::Weak::with_finalizer(
            scope,
            handle,
            Box::new(move |_| unregister_collected(&registry, &collected, id)),
        );
        state.borrow_mut().live.insert(id, (profiler, weak));
        rv.set(handle.into());
        Ok(())
    }
}

v8_host::native_fn! {
    /// `nativeStop(handle)`: stops the profiler and returns the parsed
    /// report (`undefined` for an unknown or already stopped handle).
    fn native_stop(scope, args, rv) {
        let state = v8_host::state::get_or_init::<JsProfilers>(scope);
        state.borrow_mut().drop_collected();
        let Ok(handle) = v8::Local::<v8::Object>::try_from(args.get(0)) else {
            return Ok(());
        };
        if handle.internal_field_count() != 1 {
            return Ok(());
        }
        let id = handle
            .get_internal_field(scope, 0)
            .and_then(|f| v8::Local::<v8::Value>::try_from(f).ok())
            .and_then(|v| v.uint32_value(scope));
        let entry = id.and_then(|id| state.borrow_mut().live.remove(&id));
        let Some((mut profiler, _weak)) = entry else {
            return Ok(());
        };
        let Some(profile) = profiler.stop() else {
            return Ok(());
        };
        let json = v8::String::new(scope, &profile.to_json()).or_thrown()?;
        let parsed = v8::json::parse(scope, json).or_thrown()?;
        rv.set(parsed);
        Ok(())
    }
}

/// Number of profilers started from JavaScript on this isolate that are
/// still registered: started and neither stopped nor garbage collected (a
/// diagnostic).
pub fn running_js_profilers(isolate: &mut v8::Isolate) -> usize {
    v8_host::state::get(isolate).map_or(0, |s: Rc<RefCell<JsProfilers>>| s.borrow().live.len())
}

/// Why [`prepare_for_snapshot`] refused to prepare the isolate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    /// `GCProfiler`s started from JavaScript are still running. Like Node,
    /// whose native profiler object is not serializable, a running
    /// profiler cannot be part of a startup snapshot: stop it first.
    #[error(
        "GCProfiler is not supported in startup snapshots: stop the {running} running \
         profiler(s) first"
    )]
    RunningProfilers {
        /// Profilers started and neither stopped nor garbage collected.
        running: usize,
    },
}

/// Releases every V8 handle this crate holds on `isolate`, so that
/// `create_blob` can serialize it. Call it on a snapshot creator, outside
/// any `HandleScope` of yours, right before `create_blob`.
///
/// Each `GCProfiler` started from JavaScript keeps a weak handle to its
/// native handle object (so that collecting it unregisters the profiler);
/// `create_blob` aborts on handles left in the isolate. This first runs a
/// full GC so that profilers whose objects are unreachable are
/// unregistered, then drops the crate's per-isolate state.
///
/// Rust [`GcProfiler`]s hold no V8 handles and need nothing here.
///
/// # Errors
///
/// [`SnapshotError::RunningProfilers`] when profilers started from
/// JavaScript are still running; nothing is dropped then.
pub fn prepare_for_snapshot(isolate: &mut v8::Isolate) -> Result<(), SnapshotError> {
    if v8_host::state::get::<JsProfilers>(isolate).is_none() {
        return Ok(());
    }
    isolate.low_memory_notification();
    let Some(state) = v8_host::state::get::<JsProfilers>(isolate) else {
        return Ok(());
    };
    state.borrow_mut().drop_collected();
    let running = state.borrow().live.len();
    if running > 0 {
        return Err(SnapshotError::RunningProfilers { running });
    }
    drop(state);
    drop(v8_host::state::take::<JsProfilers>(isolate));
    Ok(())
}
