//! Natives behind `util.inspect` (inspect.js): engine facts plain
//! JavaScript cannot observe (promise state, proxy target, value kinds).

type Args<'a, 's> = &'a v8::FunctionCallbackArguments<'s>;
type Ret<'a, 's> = &'a mut v8::ReturnValue<'s, v8::Value>;

fn throw_type_error(scope: &mut v8::PinScope, message: &str) {
    let message = v8::String::new(scope, message).unwrap_or_else(|| v8::String::empty(scope));
    let exception = v8::Exception::type_error(scope, message);
    scope.throw_exception(exception);
}

pub(super) fn promise_state<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: Args<'_, 's>,
    rv: Ret<'_, 's>,
) {
    let Ok(promise) = args.get(0).try_cast::<v8::Promise>() else {
        throw_type_error(scope, "promiseState expects a promise");
        return;
    };
    let (code, result) = match promise.state() {
        v8::PromiseState::Pending => (0, v8::undefined(scope).into()),
        v8::PromiseState::Fulfilled => (1, promise.result(scope)),
        v8::PromiseState::Rejected => (2, promise.result(scope)),
    };
    let code = v8::Integer::new(scope, code).into();
    let array = v8::Array::new_with_elements(scope, &[code, result]);
    rv.set(array.into());
}

/// `undefined` for non-proxies, `null` for revoked ones, else `[target, handler]`.
pub(super) fn proxy_details<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: Args<'_, 's>,
    rv: Ret<'_, 's>,
) {
    let Ok(proxy) = args.get(0).try_cast::<v8::Proxy>() else {
        rv.set_undefined();
        return;
    };
    if proxy.is_revoked() {
        rv.set_null();
        return;
    }
    let target = proxy.get_target(scope);
    let handler = proxy.get_handler(scope);
    let array = v8::Array::new_with_elements(scope, &[target, handler]);
    rv.set(array.into());
}

pub(super) fn kind_of<'s>(scope: &mut v8::PinScope<'s, '_>, args: Args<'_, 's>, rv: Ret<'_, 's>) {
    let v = args.get(0);
    let kind = if v.is_map() {
        "map"
    } else if v.is_set() {
        "set"
    } else if v.is_typed_array() {
        "typedarray"
    } else if v.is_map_iterator() {
        "mapiterator"
    } else if v.is_set_iterator() {
        "setiterator"
    } else if v.is_arguments_object() {
        "arguments"
    } else if v.is_reg_exp() {
        "regexp"
    } else if v.is_date() {
        "date"
    } else if v.is_native_error() {
        "error"
    } else if v.is_array_buffer() {
        "arraybuffer"
    } else if v.is_shared_array_buffer() {
        "sharedarraybuffer"
    } else if v.is_data_view() {
        "dataview"
    } else if v.is_promise() {
        "promise"
    } else if v.is_weak_set() {
        "weakset"
    } else if v.is_weak_map() {
        "weakmap"
    } else if v.is_module_namespace_object() {
        "module"
    } else if v.is_number_object()
        || v.is_string_object()
        || v.is_boolean_object()
        || v.is_big_int_object()
        || v.is_symbol_object()
    {
        "boxed"
    } else if v.is_async_function() && v.is_generator_function() {
        "asyncgeneratorfunction"
    } else if v.is_async_function() {
        "asyncfunction"
    } else if v.is_generator_function() {
        "generatorfunction"
    } else {
        "object"
    };
    if let Some(s) = v8::String::new(scope, kind) {
        rv.set(s.into());
    }
}

pub(super) fn boxed_kind<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: Args<'_, 's>,
    rv: Ret<'_, 's>,
) {
    let v = args.get(0);
    let kind = if v.is_number_object() {
        "number"
    } else if v.is_string_object() {
        "string"
    } else if v.is_boolean_object() {
        "boolean"
    } else if v.is_big_int_object() {
        "bigint"
    } else {
        "symbol"
    };
    if let Some(s) = v8::String::new(scope, kind) {
        rv.set(s.into());
    }
}

pub(super) fn constructor_name<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: Args<'_, 's>,
    rv: Ret<'_, 's>,
) {
    let name = match args.get(0).try_cast::<v8::Object>() {
        Ok(object) => object.get_constructor_name().to_rust_string_lossy(scope),
        Err(_) => "Object".to_owned(),
    };
    if let Some(s) = v8::String::new(scope, &name) {
        rv.set(s.into());
    }
}

pub(super) fn typed_array_name<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: Args<'_, 's>,
    rv: Ret<'_, 's>,
) {
    let v = args.get(0);
    let name = if v.is_uint8_array() {
        "Uint8Array"
    } else if v.is_uint8_clamped_array() {
        "Uint8ClampedArray"
    } else if v.is_int8_array() {
        "Int8Array"
    } else if v.is_uint16_array() {
        "Uint16Array"
    } else if v.is_int16_array() {
        "Int16Array"
    } else if v.is_uint32_array() {
        "Uint32Array"
    } else if v.is_int32_array() {
        "Int32Array"
    } else if v.is_float32_array() {
        "Float32Array"
    } else if v.is_float64_array() {
        "Float64Array"
    } else if v.is_big_int64_array() {
        "BigInt64Array"
    } else if v.is_big_uint64_array() {
        "BigUint64Array"
    } else {
        "TypedArray"
    };
    if let Some(s) = v8::String::new(scope, name) {
        rv.set(s.into());
    }
}

pub(super) fn preview_entries<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: Args<'_, 's>,
    rv: Ret<'_, 's>,
) {
    let Ok(object) = args.get(0).try_cast::<v8::Object>() else {
        throw_type_error(scope, "previewEntries expects an object");
        return;
    };
    let (entries, is_key_value) = object.preview_entries(scope);
    let entries: v8::Local<v8::Value> = match entries {
        Some(array) => array.into(),
        None => v8::Array::new(scope, 0).into(),
    };
    let flag = v8::Boolean::new(scope, is_key_value).into();
    let array = v8::Array::new_with_elements(scope, &[entries, flag]);
    rv.set(array.into());
}
