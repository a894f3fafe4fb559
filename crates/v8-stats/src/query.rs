//! `v8.queryObjects(constructor, { format })`.

use v8_host::js::inspect;

use crate::StatsError;

/// What [`query_objects`] returns (Node's `options.format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueryFormat {
    /// The number of matching objects (Node's default).
    #[default]
    Count,
    /// One `util.inspect(object, { depth: 0 })` string per object.
    Summary,
}

/// Result of [`query_objects`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryResult {
    /// `format: 'count'`.
    Count(u32),
    /// `format: 'summary'`, in heap-iteration order.
    Summary(Vec<String>),
}

/// `v8.queryObjects(constructor, { format })`: after a full GC, the live
/// objects **created in the scope's current context** that have
/// `constructor.prototype` on their prototype chain (so a subclass's
/// prototype object counts too, as in Node).
///
/// Reading `constructor.prototype` may run a getter; if it throws, the
/// exception stays pending and [`StatsError::Thrown`] is returned. A
/// non-object `prototype` matches nothing. Refused with
/// [`StatsError::NotSupportedInSnapshot`] in a snapshot-creator isolate.
pub fn query_objects(
    scope: &mut v8::PinScope<'_, '_>,
    constructor: v8::Local<v8::Object>,
    format: QueryFormat,
) -> Result<QueryResult, StatsError> {
    if v8_host::state::is_snapshot_creator(scope) {
        return Err(StatsError::NotSupportedInSnapshot("v8.queryObjects()"));
    }
    // A local HandleScope: the matches must not stay reachable from the
    // caller's scope (they would survive the next query's GC).
    v8::scope!(let scope, scope);
    let key = v8::String::new(scope, "prototype").ok_or(StatsError::Thrown)?;
    let prototype = constructor
        .get(scope, key.into())
        .ok_or(StatsError::Thrown)?;
    let found = match v8::Local::<v8::Object>::try_from(prototype) {
        Ok(prototype) => v8_host::shim::query_objects(scope, prototype),
        Err(_) => None,
    };
    let Some(found) = found else {
        return Ok(match format {
            QueryFormat::Count => QueryResult::Count(0),
            QueryFormat::Summary => QueryResult::Summary(Vec::new()),
        });
    };
    Ok(match format {
        QueryFormat::Count => QueryResult::Count(found.length()),
        QueryFormat::Summary => {
            let options = inspect::Options { depth: 0 };
            let mut summaries = Vec::with_capacity(found.length() as usize);
            for i in 0..found.length() {
                if let Some(object) = found.get_index(scope, i) {
                    summaries.push(inspect::inspect(scope, object, &options));
                }
            }
            QueryResult::Summary(summaries)
        }
    })
}
