//! Uncaught exceptions: Node's `process._fatalException` path.

use std::io::Write;

use super::state::state;

/// Resource names of the runtime's own scripts (no source arrow for them).
pub(crate) const INTERNAL_PREFIX: &str = "node:internal/";

/// Reports `exception` as uncaught, as Node does: `process.on('uncaughtException')`
/// listeners get it if there are any; otherwise the source arrow and the
/// inspected error are printed to stderr, `'exit'` listeners run and the
/// runtime stops with exit code 1 (JavaScript on the stack is terminated).
///
/// Call it from any scope of a runtime isolate, e.g. from a native callback
/// or a promise hook that caught an exception it cannot rethrow. On an
/// isolate without a runtime it prints the exception and records exit code 1.
pub fn report_uncaught(scope: &mut v8::PinScope, exception: v8::Local<v8::Value>) {
    report_uncaught_with_message(scope, exception, None);
}

/// [`report_uncaught`] with the `TryCatch` message of the throw site (the
/// source arrow then points at the `throw`, as in Node).
pub(crate) fn report_uncaught_with_message(
    scope: &mut v8::PinScope,
    exception: v8::Local<v8::Value>,
    message: Option<v8::Local<v8::Message>>,
) {
    let st = state(scope);
    if st.borrow().exit_code.is_some() {
        return;
    }
    st.borrow_mut().pending_message = message.map(|m| v8::Global::new(scope, m));
    let hooks = st.borrow().hooks.clone();
    let handled = hooks.and_then(|hooks| {
        let hooks = v8::Local::new(scope, hooks);
        let key = v8::String::new(scope, "fatalException")?;
        let f: v8::Local<v8::Function> = hooks.get(scope, key.into())?.try_cast().ok()?;
        let recv = v8::undefined(scope).into();
        let from_promise = v8::Boolean::new(scope, false).into();
        v8::tc_scope!(let tc, scope);
        let result = f.call(tc, recv, &[exception, from_promise]);
        if tc.has_terminated() {
            // process.exit/reallyExit inside the handler: keep unwinding.
            return Some(());
        }
        if let Some(thrown) = tc.exception() {
            // The uncaughtException handler itself threw: Node exits with 7.
            let text = thrown.to_rust_string_lossy(tc);
            print_stderr(&format!("{text}\n"));
            let st = state(tc);
            let mut st = st.borrow_mut();
            st.fatal_report = Some(text);
            st.exit_code = Some(7);
            drop(st);
            // Node exits here without its exit hooks: no coverage file.
            crate::coverage::discard_coverage(tc);
            tc.terminate_execution();
            return Some(());
        }
        result.map(|_| ())
    });
    if handled.is_none() {
        // No runtime hooks on this isolate: print and stop.
        let text = exception.to_rust_string_lossy(scope);
        print_stderr(&format!("Uncaught {text}\n"));
        let mut st = st.borrow_mut();
        st.fatal_report = Some(text);
        st.exit_code = Some(1);
    }
}

/// Writes to stderr, ignoring errors (a closed stderr must not panic).
pub(crate) fn print_stderr(text: &str) {
    let _ = std::io::stdout().flush();
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// Node's source arrow: `file:line\nsource line\n    ^^^\n`.
pub(crate) fn source_arrow(
    scope: &mut v8::PinScope,
    message: v8::Local<v8::Message>,
) -> Option<String> {
    let resource = message.get_script_resource_name(scope)?;
    if !resource.is_string() {
        return None;
    }
    let resource = resource.to_rust_string_lossy(scope);
    if resource.is_empty() || resource.starts_with(INTERNAL_PREFIX) {
        return None;
    }
    let line = message.get_line_number(scope)?;
    let source_line = message.get_source_line(scope)?.to_rust_string_lossy(scope);
    let start = message.get_start_column();
    let end = message.get_end_column().max(start + 1);
    // Keep tabs so the caret lines up under tab-indented code.
    let mut underline: String = source_line
        .chars()
        .take(start)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    if source_line.chars().count() < start {
        underline.push_str(&" ".repeat(start - source_line.chars().count()));
    }
    underline.push_str(&"^".repeat(end - start));
    Some(format!("{resource}:{line}\n{source_line}\n{underline}\n"))
}
