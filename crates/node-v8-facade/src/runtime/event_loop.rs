//! The event loop: timers, Rust macrotasks, immediates; after every
//! macrotask the nextTick queue and then the microtask queue are drained
//! (Node's `processTicksAndRejections`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use super::fatal;
use super::state::state;

/// Work scheduled onto the loop from the isolate's thread.
pub type Macrotask = Box<dyn for<'s, 'i> FnOnce(&mut v8::PinScope<'s, 'i>)>;

/// Work scheduled onto the loop from any thread (see [`LoopHandle`]).
pub type RemoteTask = Box<dyn for<'s, 'i> FnOnce(&mut v8::PinScope<'s, 'i>) + Send>;

/// Queues `task` to run as a macrotask on `isolate`'s event loop (after the
/// current macrotask, its nextTicks and microtasks). The task keeps the
/// loop alive until it has run. An exception the task leaves pending is
/// reported as uncaught (Node's `uncaughtException` path).
///
/// Only a [`super::Runtime`] runs these tasks; check [`has_event_loop`]
/// first when the isolate may be a plain one.
pub fn enqueue_macrotask(isolate: &mut v8::Isolate, task: Macrotask) {
    state(isolate).borrow_mut().macrotasks.push_back(task);
}

/// Whether `isolate` is driven by a [`super::Runtime`] event loop (so
/// [`enqueue_macrotask`] and [`LoopHandle`] work can be expected to run).
pub fn has_event_loop(isolate: &v8::Isolate) -> bool {
    v8_host::state::get::<super::state::RuntimeState>(isolate)
        .is_some_and(|st| st.borrow().hooks.is_some())
}

/// A `Send + Clone` handle to post work onto a runtime's loop from other
/// threads, and to keep the loop alive while such work is pending.
#[derive(Clone)]
pub struct LoopHandle {
    tx: crossbeam_channel::Sender<RemoteTask>,
    keep_alive: Arc<AtomicUsize>,
}

impl LoopHandle {
    /// The handle of `isolate`'s loop.
    pub fn of(isolate: &mut v8::Isolate) -> LoopHandle {
        let st = state(isolate);
        let st = st.borrow();
        LoopHandle {
            tx: st.remote_tx.clone(),
            keep_alive: st.keep_alive.clone(),
        }
    }

    /// Posts `task`; returns `false` if the runtime is gone. The task keeps
    /// the loop alive until it has run.
    pub fn post(&self, task: RemoteTask) -> bool {
        self.keep_alive.fetch_add(1, Ordering::SeqCst);
        if self.tx.send(task).is_err() {
            self.keep_alive.fetch_sub(1, Ordering::SeqCst);
            return false;
        }
        true
    }

    /// Keeps the loop running (waiting for posted tasks) until the guard is dropped.
    pub fn keep_alive(&self) -> KeepAlive {
        self.keep_alive.fetch_add(1, Ordering::SeqCst);
        KeepAlive {
            handle: self.clone(),
        }
    }
}

/// Guard returned by [`LoopHandle::keep_alive`].
pub struct KeepAlive {
    handle: LoopHandle,
}

impl Drop for KeepAlive {
    fn drop(&mut self) {
        // Post an empty task so a loop blocked waiting for work wakes up and
        // re-checks liveness; its own count is released when it runs.
        self.handle.post(Box::new(|_scope| {}));
        self.handle.keep_alive.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The JS hook `name` from the bootstrap's hook object (cached per isolate).
fn hook<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    name: &'static str,
) -> Option<v8::Local<'s, v8::Function>> {
    let st = state(scope);
    let cached = st.borrow().hook_cache.get(name).cloned();
    if let Some(function) = cached {
        return Some(v8::Local::new(scope, function));
    }
    let hooks = st.borrow().hooks.clone()?;
    let hooks = v8::Local::new(scope, hooks);
    let key = v8::String::new(scope, name)?;
    let function: v8::Local<v8::Function> = hooks.get(scope, key.into())?.try_cast().ok()?;
    st.borrow_mut()
        .hook_cache
        .insert(name, v8::Global::new(scope, function));
    Some(function)
}

pub(crate) fn exit_requested(scope: &mut v8::PinScope) -> bool {
    state(scope).borrow().exit_code.is_some()
}

/// Calls hook `name` as a top-level macrotask: an exception becomes an
/// uncaught exception; a termination (process.exit) is cancelled here, at
/// the outermost level. Returns the result if the call completed.
pub(crate) fn call_hook<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    name: &'static str,
    args: &[v8::Local<'s, v8::Value>],
) -> Option<v8::Global<v8::Value>> {
    let f = hook(scope, name)?;
    let recv = v8::undefined(scope).into();
    let (result, caught) = {
        v8::tc_scope!(let tc, scope);
        let result = f.call(tc, recv, args).map(|v| v8::Global::new(tc, v));
        (result, take_caught(tc))
    };
    settle(scope, caught);
    result
}

/// What a `TryCatch` saw, detached from its scope.
pub(crate) enum Caught {
    Nothing,
    Terminated,
    Exception(v8::Global<v8::Value>, Option<v8::Global<v8::Message>>),
}

pub(crate) fn take_caught(tc: &mut v8::PinnedRef<'_, v8::TryCatch<v8::HandleScope>>) -> Caught {
    if tc.has_terminated() {
        return Caught::Terminated;
    }
    match tc.exception() {
        Some(exception) => {
            let message = tc.message().map(|m| v8::Global::new(tc, m));
            Caught::Exception(v8::Global::new(tc, exception), message)
        }
        None => Caught::Nothing,
    }
}

/// Handles what a top-level call left behind.
pub(crate) fn settle(scope: &mut v8::PinScope, caught: Caught) {
    match caught {
        Caught::Nothing => {}
        Caught::Terminated => {
            scope.cancel_terminate_execution();
            let st = state(scope);
            let mut st = st.borrow_mut();
            if st.exit_code.is_none() {
                // Terminated from outside (IsolateHandle::terminate_execution).
                st.exit_code = Some(1);
            }
        }
        Caught::Exception(exception, message) => {
            let exception = v8::Local::new(scope, exception);
            let message = message.map(|m| v8::Local::new(scope, m));
            fatal::report_uncaught_with_message(scope, exception, message);
            if scope.is_execution_terminating() || exit_requested(scope) {
                scope.cancel_terminate_execution();
            }
        }
    }
}

/// Runs nextTicks, microtasks and unhandled-rejection processing until all
/// are empty; an exception in a tick callback is reported and the rest of
/// the queue still runs (as in Node).
pub(crate) fn process_ticks(scope: &mut v8::PinScope) {
    loop {
        if exit_requested(scope) {
            return;
        }
        if !ticks_or_rejections_pending(scope) {
            // Like Node, run microtasks straight from native code when no
            // nextTick is queued (no JS frame below the microtasks).
            scope.perform_microtask_checkpoint();
            if scope.is_execution_terminating() {
                settle(scope, Caught::Terminated);
                return;
            }
            if !ticks_or_rejections_pending(scope) {
                return;
            }
        }
        let Some(f) = hook(scope, "processTicks") else {
            return;
        };
        let recv = v8::undefined(scope).into();
        let caught = {
            v8::tc_scope!(let tc, scope);
            let _ = f.call(tc, recv, &[]);
            take_caught(tc)
        };
        let done = matches!(caught, Caught::Nothing);
        settle(scope, caught);
        if done {
            return;
        }
    }
}

fn ticks_or_rejections_pending(scope: &mut v8::PinScope) -> bool {
    let st = state(scope);
    let st = st.borrow();
    st.has_ticks || !st.unhandled.is_empty()
}

/// Runs a Rust macrotask, then the tick queues.
/// A panicking task becomes an uncaught `Error` instead of tearing down the loop.
fn run_task(scope: &mut v8::PinScope, task: impl for<'s, 'i> FnOnce(&mut v8::PinScope<'s, 'i>)) {
    let (caught, panicked) = {
        v8::tc_scope!(let tc, scope);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| task(tc)));
        (
            take_caught(tc),
            outcome.err().map(|p| panic_message(p.as_ref())),
        )
    };
    settle(scope, caught);
    if let Some(message) = panicked {
        let text = format!("a Rust macrotask panicked: {message}");
        let text = v8::String::new(scope, &text).unwrap_or_else(|| v8::String::empty(scope));
        let error = v8::Exception::error(scope, text);
        fatal::report_uncaught(scope, error);
        if scope.is_execution_terminating() {
            scope.cancel_terminate_execution();
        }
    }
    process_ticks(scope);
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_owned()
    }
}

/// Runs the loop until nothing keeps it alive or exit was requested.
pub(crate) fn run(scope: &mut v8::PinScope) {
    loop {
        if exit_requested(scope) {
            return;
        }
        // Timers phase: every timer due at the start of the phase, fired in
        // one call into JavaScript.
        let now = Instant::now();
        let due: Vec<u32> = {
            let st = state(scope);
            let mut st = st.borrow_mut();
            std::iter::from_fn(|| st.timers.pop_expired(now)).collect()
        };
        if !due.is_empty() {
            let ids: Vec<v8::Local<v8::Value>> = due
                .iter()
                .map(|&id| v8::Integer::new_from_unsigned(scope, id).into())
                .collect();
            let ids = v8::Array::new_with_elements(scope, &ids).into();
            let mut done = call_hook(scope, "fireTimers", &[ids]).is_some();
            while !done && !exit_requested(scope) {
                done = call_hook(scope, "fireTimers", &[]).is_some();
            }
            process_ticks(scope);
            if exit_requested(scope) {
                return;
            }
        }
        // Macrotasks posted from Rust (this thread, then other threads).
        loop {
            let task = state(scope).borrow_mut().macrotasks.pop_front();
            let Some(task) = task else { break };
            run_task(scope, task);
            if exit_requested(scope) {
                return;
            }
        }
        run_remote_tasks(scope, None);
        if exit_requested(scope) {
            return;
        }
        // Check phase.
        if state(scope).borrow().immediates_total > 0 {
            call_hook(scope, "runImmediates", &[]);
            process_ticks(scope);
            if exit_requested(scope) {
                return;
            }
        }
        if !is_alive(scope) {
            call_hook(scope, "emitBeforeExit", &[]);
            process_ticks(scope);
            if exit_requested(scope) || !is_alive(scope) {
                return;
            }
        }
        wait_for_work(scope);
    }
}

fn is_alive(scope: &mut v8::PinScope) -> bool {
    let st = state(scope);
    let st = st.borrow();
    st.timers.has_refed()
        || st.immediates_refed > 0
        || !st.macrotasks.is_empty()
        || st.keep_alive.load(Ordering::SeqCst) > 0
}

/// Blocks until the next timer is due or a remote task arrives.
fn wait_for_work(scope: &mut v8::PinScope) {
    let (has_immediates, has_tasks, deadline, remote_alive) = {
        let st = state(scope);
        let mut st = st.borrow_mut();
        (
            st.immediates_total > 0,
            !st.macrotasks.is_empty(),
            st.timers.next_deadline(),
            st.keep_alive.load(Ordering::SeqCst) > 0,
        )
    };
    if has_immediates || has_tasks {
        return;
    }
    match deadline {
        Some(deadline) => run_remote_tasks(scope, Some(Wait::Until(deadline))),
        None if remote_alive => run_remote_tasks(scope, Some(Wait::Forever)),
        None => {}
    }
}

enum Wait {
    Until(Instant),
    Forever,
}

/// Runs posted remote tasks; with `wait`, first blocks for one.
fn run_remote_tasks(scope: &mut v8::PinScope, wait: Option<Wait>) {
    let (rx, keep_alive) = {
        let st = state(scope);
        let st = st.borrow();
        (st.remote_rx.clone(), st.keep_alive.clone())
    };
    let mut first = match wait {
        None => None,
        Some(Wait::Until(deadline)) => rx.recv_deadline(deadline).ok(),
        Some(Wait::Forever) => rx.recv().ok(),
    };
    loop {
        let task = match first.take() {
            Some(task) => task,
            None => match rx.try_recv() {
                Ok(task) => task,
                Err(_) => return,
            },
        };
        run_task(scope, task);
        keep_alive.fetch_sub(1, Ordering::SeqCst);
        if exit_requested(scope) {
            return;
        }
    }
}
