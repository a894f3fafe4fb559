//! Process warnings the Node way (`process.emitWarning`), once per isolate
//! and feature like Node's `emitExperimentalWarning`.

use std::collections::HashSet;

#[derive(Default)]
struct Emitted(HashSet<String>);

/// Emits `ExperimentalWarning: <feature> is an experimental feature and
/// might change at any time` through the global `process.emitWarning` (if
/// the host provides one; otherwise nothing is printed), at most once per
/// isolate and feature. Exceptions thrown by `emitWarning` propagate.
pub fn emit_experimental_warning(
    scope: &mut v8::PinScope<'_, '_>,
    feature: &str,
) -> super::JsResult<()> {
    let emitted = crate::state::get_or_init::<Emitted>(scope);
    if !emitted.borrow_mut().0.insert(feature.to_string()) {
        return Ok(());
    }
    let message = format!("{feature} is an experimental feature and might change at any time");
    let global = scope.get_current_context().global(scope);
    let process = super::validate::property(scope, global, "process")?;
    let Ok(process) = v8::Local::<v8::Object>::try_from(process) else {
        return Ok(());
    };
    let emit = super::validate::property(scope, process, "emitWarning")?;
    let Ok(emit) = v8::Local::<v8::Function>::try_from(emit) else {
        return Ok(());
    };
    let message = super::build::string(scope, &message)?;
    let kind = super::build::string(scope, "ExperimentalWarning")?;
    emit.call(scope, process.into(), &[message.into(), kind.into()])
        .ok_or(super::Thrown)?;
    Ok(())
}
