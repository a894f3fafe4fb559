//! Composition of the `node:v8` module object.

/// Builds a new `node:v8` module object in the current context of `scope`.
///
/// Exports appear in Node's order; only exports that really work are present.
pub fn create_v8_module<'s>(scope: &mut v8::PinScope<'s, '_>) -> v8::Local<'s, v8::Object> {
    let module = v8::Object::new(scope);
    for (name, value) in exports(scope) {
        let key = v8::String::new(scope, name).expect("export names are short ASCII");
        module.set(scope, key.into(), value);
    }
    module
}

/// Every native callback installed by [`create_v8_module`], as startup-snapshot
/// external references. The list is the same (content and order) on every call.
pub fn external_references() -> Vec<v8::ExternalReference> {
    Vec::new()
}

/// `(name, value)` pairs of the module, in Node's export order.
fn exports<'s>(_scope: &mut v8::PinScope<'s, '_>) -> Vec<(&'static str, v8::Local<'s, v8::Value>)> {
    Vec::new()
}
