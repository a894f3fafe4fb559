//! `v8.startCpuProfile()` and `v8.startHeapProfile()` on in-process
//! inspector sessions (the `v8` crate binds neither V8's `CpuProfiler`
//! start/stop nor the sampling heap profiler).
//!
//! Each CPU profile has its own session, so several can run at once (as
//! with Node's profile ids); `handle.stop()` returns the profile as a JSON
//! string (`{nodes, startTime, endTime, samples, timeDeltas}`). One sampling
//! heap profile runs at a time; its `stop()` returns `{head, samples}` as a
//! JSON string. Differences from Node: `maxBufferSize` is validated but the
//! inspector has no sample cap to apply it to.

use std::collections::HashMap;

use v8_host::js::{self, build, validate, JsResult, OrThrown, Thrown};

use crate::inspector::Session;

const SOURCE: &str = include_str!("profiles.js");
/// Node's `CpuProfiler` accepts at most this many profiles at once.
const MAX_CPU_PROFILES: usize = 100;

#[derive(Default)]
struct Profiles {
    next_id: u32,
    cpu: HashMap<u32, Session>,
    /// The running heap profile and its `forceGC` option.
    heap: Option<(Session, bool)>,
}

fn protocol_error(
    scope: &mut v8::PinScope<'_, '_>,
    error: crate::inspector::ProtocolError,
) -> Thrown {
    js::errors::throw(
        scope,
        js::ErrorClass::Error,
        "ERR_INTERNAL_ASSERTION",
        &error.to_string(),
    )
}

/// The `profile` of a stop command's result as JSON text (what Node's
/// `stop()` returns), or the protocol error thrown.
fn profile_json<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    result: Result<serde_json::Value, crate::inspector::ProtocolError>,
) -> js::JsResult<v8::Local<'s, v8::String>> {
    match result {
        Ok(result) => build::string(scope, &result["profile"].to_string()),
        Err(error) => Err(protocol_error(scope, error)),
    }
}

v8_host::native_fn! {
    /// `validate(kind, value, name, min?, max?)`: Node's validators by name.
    fn validate_js(scope, args, rv) {
        let kind = args.get(0).to_rust_string_lossy(scope);
        let value = args.get(1);
        let name = args.get(2).to_rust_string_lossy(scope);
        let bound = |scope: &mut v8::PinScope<'_, '_>, i: i32| -> Option<f64> {
            let v = args.get(i);
            if v.is_undefined() { None } else { v.number_value(scope) }
        };
        let (min, max) = (bound(scope, 3), bound(scope, 4));
        match kind.as_str() {
            "object" => validate::object(scope, value, &name, Default::default()).map(drop),
            "number" => validate::number(scope, value, &name, min, max).map(drop),
            "integer" => validate::integer(
                scope,
                value,
                &name,
                min.unwrap_or(-validate::MAX_SAFE_INTEGER),
                max.unwrap_or(validate::MAX_SAFE_INTEGER),
            )
            .map(drop),
            "int32" => validate::int32(
                scope,
                value,
                &name,
                min.map_or(i32::MIN, |m| m as i32),
                max.map_or(i32::MAX, |m| m as i32),
            )
            .map(drop),
            _ => validate::boolean(scope, value, &name).map(drop),
        }
    }
}

v8_host::native_fn! {
    fn start_cpu_profile(scope, args, rv) {
        let interval = args.get(0).uint32_value(scope).unwrap_or(0);
        let profiles = v8_host::state::get_or_init::<Profiles>(scope);
        if profiles.borrow().cpu.len() >= MAX_CPU_PROFILES {
            return Err(js::errors::throw(scope, js::ErrorClass::Error, "ERR_CPU_PROFILE_TOO_MANY", "There are too many CPU profiles"));
        }
        let mut session = Session::connect(scope);
        let started = session.call("Profiler.enable", "{}").and_then(|_| {
            if interval > 0 {
                session.call("Profiler.setSamplingInterval", &format!(r#"{{"interval":{interval}}}"#))?;
            }
            session.call("Profiler.start", "{}")
        });
        if let Err(error) = started {
            return Err(protocol_error(scope, error));
        }
        let mut profiles = profiles.borrow_mut();
        profiles.next_id += 1;
        let id = profiles.next_id;
        profiles.cpu.insert(id, session);
        rv.set_uint32(id);
        Ok(())
    }
}

v8_host::native_fn! {
    fn stop_cpu_profile(scope, args, rv) {
        let id = args.get(0).uint32_value(scope).unwrap_or(0);
        let session = v8_host::state::get_or_init::<Profiles>(scope).borrow_mut().cpu.remove(&id);
        let Some(mut session) = session else {
            return Err(js::errors::throw(scope, js::ErrorClass::Error, "ERR_CPU_PROFILE_NOT_STARTED", "CPU profile not started"));
        };
        let result = session.call("Profiler.stop", "{}");
        drop(session);
        let profile = profile_json(scope, result)?;
        rv.set(profile.into());
        Ok(())
    }
}

v8_host::native_fn! {
    fn start_heap_profile(scope, args, rv) {
        let interval = args.get(0).number_value(scope).or_thrown()?;
        let depth = args.get(1).int32_value(scope).or_thrown()?;
        let force_gc = args.get(2).is_true();
        let major = args.get(3).is_true();
        let minor = args.get(4).is_true();
        let profiles = v8_host::state::get_or_init::<Profiles>(scope);
        if profiles.borrow().heap.is_some() {
            return Err(js::errors::throw(scope, js::ErrorClass::Error, "ERR_HEAP_PROFILE_HAVE_BEEN_STARTED", "Heap profile has been started"));
        }
        let mut session = Session::connect(scope);
        let params = format!(
            r#"{{"samplingInterval":{interval},"stackDepth":{depth},"includeObjectsCollectedByMajorGC":{major},"includeObjectsCollectedByMinorGC":{minor}}}"#
        );
        let started = session
            .call("HeapProfiler.enable", "{}")
            .and_then(|_| session.call("HeapProfiler.startSampling", &params));
        if let Err(error) = started {
            return Err(protocol_error(scope, error));
        }
        profiles.borrow_mut().heap = Some((session, force_gc));
        Ok(())
    }
}

v8_host::native_fn! {
    fn stop_heap_profile(scope, args, rv) {
        let session = v8_host::state::get_or_init::<Profiles>(scope).borrow_mut().heap.take();
        let Some((mut session, force_gc)) = session else {
            return Err(js::errors::throw(scope, js::ErrorClass::Error, "ERR_HEAP_PROFILE_NOT_STARTED", "heap profile not started"));
        };
        if force_gc {
            // V8's kSamplingForceGC: a full GC before the profile is built,
            // so only live allocations remain.
            scope.low_memory_notification();
        }
        let result = session.call("HeapProfiler.stopSampling", "{}");
        drop(session);
        let profile = profile_json(scope, result)?;
        rv.set(profile.into());
        Ok(())
    }
}

const NATIVES: [(&str, v8::FunctionCallback); 5] = [
    ("validate", validate_js),
    ("startCpuProfile", start_cpu_profile),
    ("stopCpuProfile", stop_cpu_profile),
    ("startHeapProfile", start_heap_profile),
    ("stopHeapProfile", stop_heap_profile),
];

fn create<'s>(
    scope: &mut v8::PinScope<'s, '_>,
) -> JsResult<Vec<(&'static str, v8::Local<'s, v8::Value>)>> {
    let made = build::from_factory(scope, SOURCE, &NATIVES)?;
    let mut out = Vec::new();
    for name in ["startCpuProfile", "startHeapProfile"] {
        out.push((name, validate::property(scope, made, name)?));
    }
    Ok(out)
}

/// `startCpuProfile`, `startHeapProfile`.
pub(crate) fn exports<'s>(
    scope: &mut v8::PinScope<'s, '_>,
) -> Vec<(&'static str, v8::Local<'s, v8::Value>)> {
    create(scope).unwrap_or_default()
}

/// The native callbacks of [`exports`].
pub(crate) fn external_references() -> Vec<v8::ExternalReference> {
    build::external_references(&NATIVES)
}
