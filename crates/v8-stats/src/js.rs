//! The JavaScript side: Node's `v8` statistics functions with Node's
//! argument validation, error classes, codes and messages.
//!
//! [`exports`] returns `(name, function)` pairs in Node's export order for
//! the `node:v8` module object; [`external_references`] lists every native
//! callback for startup snapshots (same order on every call).

use v8_host::js::{self, build, validate, JsResult, OrThrown};

use crate::{DetailLevel, QueryFormat, QueryResult, StatsError};

v8_host::native_fn! {
    /// `cachedDataVersionTag()` → uint32.
    pub fn cached_data_version_tag(scope, args, rv) {
        rv.set_uint32(crate::cached_data_version_tag());
        Ok(())
    }
}

v8_host::native_fn! {
    /// `getHeapStatistics()` → object with Node's 15 keys.
    pub fn get_heap_statistics(scope, args, rv) {
        let stats = crate::heap_statistics(scope);
        rv.set(build::to_js(scope, &stats, false)?);
        Ok(())
    }
}

v8_host::native_fn! {
    /// `getHeapSpaceStatistics()` → array of per-space objects.
    pub fn get_heap_space_statistics(scope, args, rv) {
        let stats = crate::heap_space_statistics(scope);
        rv.set(build::to_js(scope, &stats, false)?);
        Ok(())
    }
}

v8_host::native_fn! {
    /// `getHeapCodeStatistics()` → object.
    pub fn get_heap_code_statistics(scope, args, rv) {
        let stats = crate::heap_code_statistics(scope);
        rv.set(build::to_js(scope, &stats, false)?);
        Ok(())
    }
}

v8_host::native_fn! {
    /// `getCppHeapStatistics(type = 'detailed')` → null-prototype object.
    pub fn get_cpp_heap_statistics(scope, args, rv) {
        let level = if args.get(0).is_undefined() {
            DetailLevel::Detailed
        } else {
            match validate::one_of(scope, args.get(0), "type", &["brief", "detailed"])? {
                0 => DetailLevel::Brief,
                _ => DetailLevel::Detailed,
            }
        };
        match crate::cpp_heap_statistics(scope, level) {
            Ok(stats) => {
                rv.set(build::to_js(scope, &stats, true)?);
                Ok(())
            }
            Err(error) => Err(js::errors::throw(scope, js::ErrorClass::Error, "ERR_INTERNAL_ASSERTION", &error.to_string())),
        }
    }
}

v8_host::native_fn! {
    /// `setFlagsFromString(flags)`.
    pub fn set_flags_from_string(scope, args, rv) {
        let flags = validate::string(scope, args.get(0), "flags")?;
        crate::set_flags_from_string(&flags);
        Ok(())
    }
}

v8_host::native_fn! {
    /// `isStringOneByteRepresentation(content)` → boolean.
    pub fn is_string_one_byte_representation(scope, args, rv) {
        validate::string(scope, args.get(0), "content")?;
        let content = v8::Local::<v8::String>::try_from(args.get(0)).ok().or_thrown()?;
        rv.set_bool(crate::is_string_one_byte_representation(content));
        Ok(())
    }
}

v8_host::native_fn! {
    /// `queryObjects(constructor[, { format: 'count' | 'summary' }])`.
    pub fn query_objects(scope, args, rv) {
        let constructor = validate::function(scope, args.get(0), "constructor")?;
        let format = query_format(scope, args.get(1))?;
        js::warnings::emit_experimental_warning(scope, "v8.queryObjects()")?;
        match crate::query_objects(scope, constructor.into(), format) {
            Ok(QueryResult::Count(n)) => rv.set_uint32(n),
            Ok(QueryResult::Summary(lines)) => {
                let mut items = Vec::with_capacity(lines.len());
                for line in &lines {
                    items.push(build::string(scope, line)?.into());
                }
                rv.set(v8::Array::new_with_elements(scope, &items).into());
            }
            Err(error @ StatsError::NotSupportedInSnapshot(_)) => {
                return Err(js::errors::throw(scope, js::ErrorClass::Error, "ERR_NOT_SUPPORTED_IN_SNAPSHOT", &error.to_string()));
            }
            Err(StatsError::Thrown) | Err(StatsError::NoCppHeap) => return Err(js::Thrown),
        }
        Ok(())
    }
}

/// Node: `options = kEmptyObject` (an explicit `undefined` takes the
/// default), `validateObject`, `format = options.format || 'count'`.
fn query_format(
    scope: &mut v8::PinScope<'_, '_>,
    options: v8::Local<v8::Value>,
) -> JsResult<QueryFormat> {
    if options.is_undefined() {
        return Ok(QueryFormat::Count);
    }
    let options = validate::object(scope, options, "options", Default::default())?.or_thrown()?;
    let format = validate::property(scope, options, "format")?;
    if !format.boolean_value(scope) {
        return Ok(QueryFormat::Count);
    }
    if format.is_string() {
        match format.to_rust_string_lossy(scope).as_str() {
            "count" => return Ok(QueryFormat::Count),
            "summary" => return Ok(QueryFormat::Summary),
            _ => {}
        }
    }
    Err(js::errors::throw_invalid_arg_value(
        scope,
        "options.format",
        format,
        None,
    ))
}

/// `(export name, callback)` in Node's export order.
const NATIVES: [(&str, v8::FunctionCallback); 8] = [
    ("cachedDataVersionTag", cached_data_version_tag),
    ("getHeapStatistics", get_heap_statistics),
    ("getHeapSpaceStatistics", get_heap_space_statistics),
    ("getHeapCodeStatistics", get_heap_code_statistics),
    ("getCppHeapStatistics", get_cpp_heap_statistics),
    ("setFlagsFromString", set_flags_from_string),
    ("queryObjects", query_objects),
    (
        "isStringOneByteRepresentation",
        is_string_one_byte_representation,
    ),
];

/// The functions of this crate as `(name, value)` pairs in Node's export
/// order, created in the scope's current context.
pub fn exports<'s>(
    scope: &mut v8::PinScope<'s, '_>,
) -> Vec<(&'static str, v8::Local<'s, v8::Value>)> {
    build::functions(scope, &NATIVES)
}

/// Every native callback [`exports`] installs, for startup snapshots.
pub fn external_references() -> Vec<v8::ExternalReference> {
    build::external_references(&NATIVES)
}
