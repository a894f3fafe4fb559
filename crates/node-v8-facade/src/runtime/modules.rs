//! ES modules: `.mjs` files, builtins (`node:v8`, ...) and CommonJS/JSON
//! files as synthetic modules, `import.meta`, dynamic `import()`.
//!
//! The whole static graph is compiled before instantiation, so the resolve
//! callback only looks modules up (it must be synchronous).

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Component, Path, PathBuf};

use super::natives::{script_origin, v8_module_object};
use super::state::state;
use crate::file_url::{file_url_to_path, module_url};

/// Where a specifier points.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub(crate) enum ModuleKey {
    File(PathBuf),
    /// `node:`-prefixed specifiers.
    Builtin(String),
    /// Bare specifiers: a builtin without prefix, or a package found in
    /// `node_modules` above `dir` (then an alias of the file's entry).
    Bare {
        specifier: String,
        dir: PathBuf,
    },
}

struct Entry {
    module: v8::Global<v8::Module>,
    key: ModuleKey,
    /// For synthetic modules: the object whose properties are exported, and
    /// the export names (besides `default`).
    synthetic: Option<(v8::Global<v8::Object>, Vec<String>)>,
}

/// Modules of one runtime, by key and by V8 identity hash.
#[derive(Default)]
pub(crate) struct ModuleMap {
    by_key: HashMap<ModuleKey, usize>,
    by_hash: HashMap<i32, Vec<usize>>,
    entries: Vec<Entry>,
}

impl ModuleMap {
    fn find(&self, scope: &mut v8::PinScope, module: v8::Local<v8::Module>) -> Option<usize> {
        let candidates = self.by_hash.get(&module.get_identity_hash().get())?;
        candidates
            .iter()
            .copied()
            .find(|&i| v8::Local::new(scope, &self.entries[i].module) == module)
    }
}

/// Throws Node's internal error shape: stack header `Error [CODE]: message`,
/// own enumerable `code`.
fn throw_node_error(scope: &mut v8::PinScope, code: &str, message: &str) {
    let text = v8::String::new(scope, message).unwrap_or_else(|| v8::String::empty(scope));
    let exception = v8::Exception::error(scope, text);
    if let Ok(object) = exception.try_cast::<v8::Object>() {
        if let (Some(name), Some(tagged), Some(stack), Some(key), Some(value)) = (
            v8::String::new(scope, "name"),
            v8::String::new(scope, &format!("Error [{code}]")),
            v8::String::new(scope, "stack"),
            v8::String::new(scope, "code"),
            v8::String::new(scope, code),
        ) {
            // Formatting the stack while `name` is tagged bakes the code into
            // the header; deleting restores the inherited name.
            object.set(scope, name.into(), tagged.into());
            let _ = object.get(scope, stack.into());
            object.delete(scope, name.into());
            object.set(scope, key.into(), value.into());
        }
    }
    scope.throw_exception(exception);
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Resolves `specifier` imported from `base_dir` (`None`: the main entry).
fn resolve(specifier: &str, base_dir: &Path) -> ModuleKey {
    if specifier.starts_with("file://") {
        let path = file_url_to_path(specifier)
            .unwrap_or_else(|| PathBuf::from(&specifier["file://".len()..]));
        return ModuleKey::File(normalize(&path));
    }
    if specifier.starts_with("./") || specifier.starts_with("../") || specifier.starts_with('/') {
        // A relative URL, as in Node: `%20` is a space, `?`/`#` end the path.
        let base = format!("{}/", module_url(base_dir).trim_end_matches('/'));
        let path = crate::file_url::resolve(specifier, &base)
            .and_then(|url| file_url_to_path(&url))
            .unwrap_or_else(|| base_dir.join(specifier));
        return ModuleKey::File(normalize(&path));
    }
    if specifier.starts_with("node:") {
        return ModuleKey::Builtin(specifier.to_owned());
    }
    ModuleKey::Bare {
        specifier: specifier.to_owned(),
        dir: base_dir.to_path_buf(),
    }
}

fn dir_of(key: &ModuleKey) -> PathBuf {
    match key {
        ModuleKey::File(path) => path.parent().map(Path::to_path_buf).unwrap_or_default(),
        ModuleKey::Builtin(_) | ModuleKey::Bare { .. } => {
            std::env::current_dir().unwrap_or_default()
        }
    }
}

fn register(
    scope: &mut v8::PinScope,
    key: ModuleKey,
    module: v8::Local<v8::Module>,
    synthetic: Option<(v8::Global<v8::Object>, Vec<String>)>,
) {
    let st = state(scope);
    let mut st = st.borrow_mut();
    let map = &mut st.modules;
    let index = map.entries.len();
    map.entries.push(Entry {
        module: v8::Global::new(scope, module),
        key: key.clone(),
        synthetic,
    });
    map.by_key.insert(key, index);
    map.by_hash
        .entry(module.get_identity_hash().get())
        .or_default()
        .push(index);
}

/// Makes `key` name the module already registered under `target`.
fn alias(scope: &mut v8::PinScope, key: ModuleKey, target: &ModuleKey) {
    let st = state(scope);
    let mut st = st.borrow_mut();
    if let Some(&index) = st.modules.by_key.get(target) {
        st.modules.by_key.insert(key, index);
    }
}

fn lookup<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: &ModuleKey,
) -> Option<v8::Local<'s, v8::Module>> {
    let st = state(scope);
    let global = {
        let st = st.borrow();
        let index = *st.modules.by_key.get(key)?;
        st.modules.entries[index].module.clone()
    };
    Some(v8::Local::new(scope, global))
}

/// Calls a bootstrap hook; `None` with a pending exception on failure.
fn call_hook<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    name: &str,
    args: &[v8::Local<'s, v8::Value>],
) -> Option<v8::Local<'s, v8::Value>> {
    let hooks = state(scope).borrow().hooks.clone()?;
    let hooks = v8::Local::new(scope, hooks);
    let key = v8::String::new(scope, name)?;
    let f: v8::Local<v8::Function> = hooks.get(scope, key.into())?.try_cast().ok()?;
    let recv = v8::undefined(scope).into();
    f.call(scope, recv, args)
}

/// A synthetic module exporting `object`'s own enumerable string keys plus `default`.
fn synthetic_module<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: ModuleKey,
    name: &str,
    exports: v8::Local<'s, v8::Value>,
) -> Option<v8::Local<'s, v8::Module>> {
    let mut names = Vec::new();
    let holder = v8::Object::new(scope);
    let default_key = v8::String::new(scope, "default")?;
    holder.set(scope, default_key.into(), exports);
    if let Ok(object) = exports.try_cast::<v8::Object>() {
        if !exports.is_array() {
            let keys = object.get_own_property_names(scope, v8::GetPropertyNamesArgs::default())?;
            for i in 0..keys.length() {
                let k = keys.get_index(scope, i)?;
                if !k.is_string() {
                    continue;
                }
                let k_str = k.to_rust_string_lossy(scope);
                if k_str == "default" {
                    continue;
                }
                let value = object.get(scope, k)?;
                holder.set(scope, k, value);
                names.push(k_str);
            }
        }
    }
    let mut export_names = vec![default_key];
    for n in &names {
        export_names.push(v8::String::new(scope, n)?);
    }
    names.insert(0, "default".to_owned());
    let module_name = v8::String::new(scope, name)?;
    let module =
        v8::Module::create_synthetic_module(scope, module_name, &export_names, evaluate_synthetic);
    register(
        scope,
        key,
        module,
        Some((v8::Global::new(scope, holder), names)),
    );
    Some(module)
}

/// V8 callback (no panic may unwind into V8).
fn evaluate_synthetic<'s>(
    context: v8::Local<'s, v8::Context>,
    module: v8::Local<'s, v8::Module>,
) -> Option<v8::Local<'s, v8::Value>> {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        evaluate_synthetic_inner(context, module)
    }))
    .unwrap_or(None)
}

fn evaluate_synthetic_inner<'s>(
    context: v8::Local<'s, v8::Context>,
    module: v8::Local<'s, v8::Module>,
) -> Option<v8::Local<'s, v8::Value>> {
    v8::callback_scope!(unsafe scope, context);
    let st = state(scope);
    let (holder, names) = {
        let st = st.borrow();
        let index = st.modules.find(scope, module)?;
        st.modules.entries[index].synthetic.clone()?
    };
    let holder = v8::Local::new(scope, holder);
    for name in names {
        let key = v8::String::new(scope, &name)?;
        let value = holder.get(scope, key.into())?;
        module.set_synthetic_module_export(scope, key, value)?;
    }
    Some(v8::undefined(scope).into())
}

/// Loads (compiles, registers) the module for `key` and, for source text
/// modules, its static imports. Throws a JS exception on failure.
fn load<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: &ModuleKey,
    referrer: &str,
) -> Option<v8::Local<'s, v8::Module>> {
    if let Some(module) = lookup(scope, key) {
        return Some(module);
    }
    match key {
        ModuleKey::Bare { specifier, dir } => {
            let id = v8::String::new(scope, specifier)?.into();
            let exports = call_hook(scope, "builtin", &[id])?;
            if !exports.is_undefined() {
                let canonical = format!("node:{specifier}");
                return synthetic_module(scope, key.clone(), &canonical, exports);
            }
            // A package in node_modules, resolved like require() does.
            let dir = v8::String::new(scope, &dir.to_string_lossy())?.into();
            let from = v8::String::new(scope, referrer)?.into();
            let path =
                call_hook(scope, "resolvePackage", &[id, dir, from])?.to_rust_string_lossy(scope);
            let file = ModuleKey::File(PathBuf::from(path));
            let module = load(scope, &file, referrer)?;
            alias(scope, key.clone(), &file);
            Some(module)
        }
        ModuleKey::Builtin(name) => {
            let exports = if name == "node:v8" {
                v8_module_object(scope).into()
            } else {
                let id = v8::String::new(scope, name)?.into();
                let exports = call_hook(scope, "builtin", &[id])?;
                if exports.is_undefined() {
                    throw_node_error(
                        scope,
                        "ERR_MODULE_NOT_FOUND",
                        &format!("Cannot find package '{name}' imported from {referrer}"),
                    );
                    return None;
                }
                exports
            };
            let canonical = if name.starts_with("node:") {
                name.clone()
            } else {
                format!("node:{name}")
            };
            synthetic_module(scope, key.clone(), &canonical, exports)
        }
        ModuleKey::File(path) => {
            if !path.is_file() {
                throw_node_error(
                    scope,
                    "ERR_MODULE_NOT_FOUND",
                    &format!(
                        "Cannot find module '{}' imported from {referrer}",
                        path.display()
                    ),
                );
                return None;
            }
            let path_str = path.to_string_lossy().into_owned();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if is_es_module_file(scope, path) {
                load_source_text(scope, key, path)
            } else if ext == "json" {
                let text = std::fs::read_to_string(path).unwrap_or_default();
                let text = v8::String::new(scope, &text)?;
                let value = v8::json::parse(scope, text)?;
                synthetic_module(scope, key.clone(), &path_str, value)
            } else {
                let filename = v8::String::new(scope, &path_str)?.into();
                let exports = call_hook(scope, "loadCommonJs", &[filename])?;
                synthetic_module(scope, key.clone(), &path_str, exports)
            }
        }
    }
}

/// Node's rule: `.mjs` is an ES module, `.cjs` CommonJS, and `.js` follows
/// the `"type"` field of the nearest `package.json` (default CommonJS).
pub(crate) fn is_es_module_file(scope: &mut v8::PinScope, path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("mjs") => true,
        Some("js") => nearest_package_type(scope, path).as_deref() == Some("module"),
        _ => false,
    }
}

fn nearest_package_type(scope: &mut v8::PinScope, path: &Path) -> Option<String> {
    let package = path
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("package.json"))
        .find(|p| p.is_file())?;
    let text = std::fs::read_to_string(package).ok()?;
    let text = v8::String::new(scope, &text)?;
    let parsed = {
        v8::tc_scope!(let tc, scope);
        // A malformed package.json means "no type" here; Node would throw.
        v8::json::parse(tc, text).map(|v| v8::Global::new(tc, v))
    }?;
    let parsed = v8::Local::new(scope, parsed);
    let object = parsed.try_cast::<v8::Object>().ok()?;
    let key = v8::String::new(scope, "type")?;
    let value = object.get(scope, key.into())?;
    value.is_string().then(|| value.to_rust_string_lossy(scope))
}

fn load_source_text<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    key: &ModuleKey,
    path: &Path,
) -> Option<v8::Local<'s, v8::Module>> {
    let url = module_url(path);
    let source = match std::fs::read_to_string(path) {
        Ok(source) => source,
        Err(err) => {
            throw_node_error(
                scope,
                "ERR_MODULE_NOT_FOUND",
                &format!("Cannot read {}: {err}", path.display()),
            );
            return None;
        }
    };
    let text = source;
    let source = v8::String::new(scope, &text)?;
    let name = v8::String::new(scope, &url)?;
    let origin = script_origin(scope, name.into(), true);
    let mut source = v8::script_compiler::Source::new(source, Some(&origin));
    let module = v8::script_compiler::compile_module(scope, &mut source)?;
    if crate::coverage::coverage_active(scope) {
        let map_url = module
            .get_unbound_module_script(scope)
            .get_source_mapping_url(scope);
        if map_url.is_string() {
            let map_url = map_url.to_rust_string_lossy(scope);
            let filename = path.to_string_lossy();
            crate::coverage::cache_source_map(scope, &filename, &text, &map_url);
        }
    }
    register(scope, key.clone(), module, None);
    let requests = module.get_module_requests();
    let dir = dir_of(key);
    for i in 0..requests.length() {
        let request: v8::Local<v8::ModuleRequest> = requests.get(scope, i)?.try_cast().ok()?;
        let specifier = request.get_specifier().to_rust_string_lossy(scope);
        let dep = resolve(&specifier, &dir);
        load(scope, &dep, &path.to_string_lossy())?;
    }
    Some(module)
}

/// V8 callback (no panic may unwind into V8).
fn resolve_callback<'s>(
    context: v8::Local<'s, v8::Context>,
    specifier: v8::Local<'s, v8::String>,
    import_attributes: v8::Local<'s, v8::FixedArray>,
    referrer: v8::Local<'s, v8::Module>,
) -> Option<v8::Local<'s, v8::Module>> {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        resolve_callback_inner(context, specifier, import_attributes, referrer)
    }))
    .unwrap_or(None)
}

fn resolve_callback_inner<'s>(
    context: v8::Local<'s, v8::Context>,
    specifier: v8::Local<'s, v8::String>,
    _import_attributes: v8::Local<'s, v8::FixedArray>,
    referrer: v8::Local<'s, v8::Module>,
) -> Option<v8::Local<'s, v8::Module>> {
    v8::callback_scope!(unsafe scope, context);
    let st = state(scope);
    let referrer_key = {
        let st = st.borrow();
        let index = st.modules.find(scope, referrer)?;
        st.modules.entries[index].key.clone()
    };
    let specifier = specifier.to_rust_string_lossy(scope);
    let key = resolve(&specifier, &dir_of(&referrer_key));
    let found = lookup(scope, &key);
    if found.is_none() {
        throw_node_error(
            scope,
            "ERR_MODULE_NOT_FOUND",
            &format!("Cannot find module '{specifier}'"),
        );
    }
    found
}

/// Loads, links and evaluates `specifier` (relative to `base_dir`); returns
/// the module and its evaluation promise. Throws on failure.
pub(crate) fn import<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    specifier: &str,
    base_dir: &Path,
    referrer: &str,
) -> Option<(v8::Local<'s, v8::Module>, v8::Local<'s, v8::Value>)> {
    let key = resolve(specifier, base_dir);
    let module = load(scope, &key, referrer)?;
    if module.get_status() == v8::ModuleStatus::Uninstantiated {
        module.instantiate_module(scope, resolve_callback)?;
    }
    let result = module.evaluate(scope)?;
    Some((module, result))
}

/// Runs `path` as the main ES module; its evaluation promise is watched so a
/// rejection (including after top-level await) is an uncaught exception.
pub(crate) fn run_main<'s>(scope: &mut v8::PinScope<'s, '_>, path: &Path) -> Option<()> {
    let (_module, promise) = import(scope, &module_url(path), Path::new("/"), "the command line")?;
    if let Ok(promise) = promise.try_cast::<v8::Promise>() {
        state(scope).borrow_mut().main_promise = Some(v8::Global::new(scope, promise));
        call_hook(scope, "watchMain", &[promise.into()])?;
    }
    Some(())
}

/// `import.meta`: `url`, `filename`, `dirname` (Node 20.11+).
pub(crate) extern "C" fn import_meta(
    context: v8::Local<v8::Context>,
    module: v8::Local<v8::Module>,
    meta: v8::Local<v8::Object>,
) {
    let _ = std::panic::catch_unwind(AssertUnwindSafe(|| {
        v8::callback_scope!(unsafe scope, context);
        let st = state(scope);
        let key = {
            let st = st.borrow();
            st.modules
                .find(scope, module)
                .map(|i| st.modules.entries[i].key.clone())
        };
        if let Some(ModuleKey::File(path)) = key {
            let fields = [
                ("url", module_url(&path)),
                ("filename", path.display().to_string()),
                (
                    "dirname",
                    dir_of(&ModuleKey::File(path.clone())).display().to_string(),
                ),
            ];
            for (name, value) in fields {
                if let (Some(k), Some(v)) =
                    (v8::String::new(scope, name), v8::String::new(scope, &value))
                {
                    meta.create_data_property(scope, k.into(), v.into());
                }
            }
        }
    }));
}

/// Dynamic `import()` from scripts and modules (V8 callback: no panic may
/// unwind into V8).
pub(crate) fn dynamic_import<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    host_defined_options: v8::Local<'s, v8::Data>,
    resource_name: v8::Local<'s, v8::Value>,
    specifier: v8::Local<'s, v8::String>,
    import_attributes: v8::Local<'s, v8::FixedArray>,
) -> Option<v8::Local<'s, v8::Promise>> {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        dynamic_import_inner(
            scope,
            host_defined_options,
            resource_name,
            specifier,
            import_attributes,
        )
    }))
    .unwrap_or(None)
}

fn dynamic_import_inner<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    _host_defined_options: v8::Local<'s, v8::Data>,
    resource_name: v8::Local<'s, v8::Value>,
    specifier: v8::Local<'s, v8::String>,
    _import_attributes: v8::Local<'s, v8::FixedArray>,
) -> Option<v8::Local<'s, v8::Promise>> {
    let resolver = v8::PromiseResolver::new(scope)?;
    let promise = resolver.get_promise(scope);
    let referrer = resource_name.to_rust_string_lossy(scope);
    let referrer_path = match file_url_to_path(&referrer) {
        Some(path) => path.to_string_lossy().into_owned(),
        None => referrer
            .strip_prefix("file://")
            .unwrap_or(&referrer)
            .to_owned(),
    };
    let base_dir = Path::new(&referrer_path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| std::env::current_dir().unwrap_or_default());
    let specifier = specifier.to_rust_string_lossy(scope);
    let outcome = {
        v8::tc_scope!(let tc, scope);
        match import(tc, &specifier, &base_dir, &referrer_path) {
            Some((module, evaluation)) => {
                let namespace = module.get_module_namespace();
                Ok((
                    v8::Global::new(tc, namespace),
                    v8::Global::new(tc, evaluation),
                ))
            }
            None => {
                if tc.has_terminated() {
                    return None;
                }
                let exception = tc.exception().unwrap_or_else(|| v8::undefined(tc).into());
                Err(v8::Global::new(tc, exception))
            }
        }
    };
    match outcome {
        Ok((namespace, evaluation)) => {
            let namespace = v8::Local::new(scope, namespace);
            let evaluation = v8::Local::new(scope, evaluation);
            match evaluation.try_cast::<v8::Promise>() {
                Ok(evaluation) => {
                    // Resolve with the namespace once evaluation settles.
                    let chained =
                        call_hook(scope, "importResult", &[evaluation.into(), namespace])?;
                    resolver.resolve(scope, chained)?;
                }
                Err(_) => {
                    resolver.resolve(scope, namespace)?;
                }
            }
        }
        Err(exception) => {
            let exception = v8::Local::new(scope, exception);
            resolver.reject(scope, exception)?;
        }
    }
    Some(promise)
}
