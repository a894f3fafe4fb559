//! `v8.serialize(value)` / `v8.deserialize(buffer)` on V8's own
//! `ValueSerializer`/`ValueDeserializer`, with Node's `DefaultSerializer`
//! host-object format for `ArrayBufferView`s (type index, byte length, raw
//! bytes) and Node's wire-format version.
//!
//! V8 15.2 writes wire format **16**, which released Node versions reject;
//! version 16 only differs for buffers and views above 4 GiB, so the header
//! is relabelled 15 when the output is smaller (as Deno does), and Node can
//! read what we write.

mod classes;

use v8::{ValueDeserializerHelper, ValueSerializerHelper};
use v8_host::js::{self, build, JsResult, OrThrown, Thrown};

/// Node's `arrayBufferViewTypes` order; index 10 is `Buffer` (FastBuffer).
const VIEW_TYPES: [&str; 14] = [
    "Int8Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "Int16Array",
    "Uint16Array",
    "Int32Array",
    "Uint32Array",
    "Float32Array",
    "Float64Array",
    "DataView",
    "Buffer",
    "BigInt64Array",
    "BigUint64Array",
    "Float16Array",
];
const BUFFER_INDEX: u32 = 10;

fn throw_error(scope: &mut v8::PinScope<'_, '_>, message: &str) {
    if let Some(message) = v8::String::new(scope, message) {
        let error = v8::Exception::error(scope, message);
        scope.throw_exception(error);
    }
}

/// Rewrites V8 15.2's wire-format version 16 header as Node's 15 (identical
/// encoding below 4 GiB, see the module docs).
fn relabel_wire_version(bytes: &mut [u8]) {
    if bytes.len() >= 2 && bytes[0] == 0xff && bytes[1] == 16 && bytes.len() < (1 << 32) {
        bytes[1] = 15;
    }
}

/// `globalThis.Buffer`, when the host defines one (the `nodev8` runtime does).
fn buffer_class<'s>(scope: &mut v8::PinScope<'s, '_>) -> Option<v8::Local<'s, v8::Function>> {
    let global = scope.get_current_context().global(scope);
    let key = v8::String::new(scope, "Buffer")?;
    let value = global.get(scope, key.into())?;
    v8::Local::<v8::Function>::try_from(value).ok()
}

/// A `Uint8Array` over `bytes`, made a `Buffer` (prototype) when the host
/// has one, like Node's `FastBuffer`.
fn new_buffer<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    bytes: Vec<u8>,
) -> JsResult<v8::Local<'s, v8::Uint8Array>> {
    let len = bytes.len();
    let store = v8::ArrayBuffer::new_backing_store_from_vec(bytes).make_shared();
    let array_buffer = v8::ArrayBuffer::with_backing_store(scope, &store);
    let view = v8::Uint8Array::new(scope, array_buffer, 0, len).or_thrown()?;
    if let Some(class) = buffer_class(scope) {
        let key = build::string(scope, "prototype")?;
        if let Some(prototype) = class.get(scope, key.into()).filter(|p| p.is_object()) {
            view.set_prototype(scope, prototype);
        }
    }
    Ok(view)
}

fn view_type_index(scope: &mut v8::PinScope<'_, '_>, view: v8::Local<v8::Object>) -> Option<u32> {
    if let Some(class) = buffer_class(scope) {
        let key = v8::String::new(scope, "constructor")?;
        if view
            .get(scope, key.into())
            .is_some_and(|c| c.strict_equals(class.into()))
        {
            return Some(BUFFER_INDEX);
        }
    }
    let v: v8::Local<v8::Value> = view.into();
    let checks = [
        v.is_int8_array(),
        v.is_uint8_array(),
        v.is_uint8_clamped_array(),
        v.is_int16_array(),
        v.is_uint16_array(),
        v.is_int32_array(),
        v.is_uint32_array(),
        v.is_float32_array(),
        v.is_float64_array(),
        v.is_data_view(),
        false,
        v.is_big_int64_array(),
        v.is_big_uint64_array(),
        v.is_float16_array(),
    ];
    checks.iter().position(|&c| c).map(|i| i as u32)
}

/// Node's `DefaultSerializer`: errors are plain `Error`s (`_getDataCloneError = Error`).
struct DefaultSerializer;

impl v8::ValueSerializerImpl for DefaultSerializer {
    fn throw_data_clone_error<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        message: v8::Local<'s, v8::String>,
    ) {
        let error = v8::Exception::error(scope, message);
        scope.throw_exception(error);
    }

    fn is_host_object<'s>(
        &self,
        _scope: &mut v8::PinScope<'s, '_>,
        _object: v8::Local<'s, v8::Object>,
    ) -> Option<bool> {
        Some(false)
    }

    fn write_host_object<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        object: v8::Local<'s, v8::Object>,
        serializer: &dyn ValueSerializerHelper,
    ) -> Option<bool> {
        let index = match v8::Local::<v8::ArrayBufferView>::try_from(object) {
            Ok(_) => view_type_index(scope, object),
            Err(_) => None,
        };
        let (Some(index), Ok(view)) = (index, v8::Local::<v8::ArrayBufferView>::try_from(object))
        else {
            let shown = js::inspect::inspect(scope, object.into(), &Default::default());
            throw_error(scope, &format!("Unserializable host object: {shown}"));
            return None;
        };
        let mut bytes = vec![0u8; view.byte_length()];
        let copied = view.copy_contents(&mut bytes);
        bytes.truncate(copied);
        let Ok(len) = u32::try_from(bytes.len()) else {
            throw_error(scope, "Unserializable host object: view larger than 4 GiB");
            return None;
        };
        serializer.write_uint32(index);
        serializer.write_uint32(len);
        serializer.write_raw_bytes(&bytes);
        Some(true)
    }
}

/// Node's `DefaultDeserializer`: views come back as copies of their bytes.
struct DefaultDeserializer;

impl v8::ValueDeserializerImpl for DefaultDeserializer {
    fn read_host_object<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        deserializer: &dyn ValueDeserializerHelper,
    ) -> Option<v8::Local<'s, v8::Object>> {
        // Looking up `globalThis.Buffer` could run a getter, and V8 15
        // deserializes with JavaScript disallowed (a fatal error otherwise).
        let scope = std::pin::pin!(v8::AllowJavascriptExecutionScope::new(scope));
        let scope = &mut scope.init();
        let (mut index, mut len) = (0u32, 0u32);
        let bytes = if deserializer.read_uint32(&mut index) && deserializer.read_uint32(&mut len) {
            deserializer
                .read_raw_bytes(len as usize)
                .map(<[u8]>::to_vec)
        } else {
            None
        };
        let Some(bytes) = bytes.filter(|_| (index as usize) < VIEW_TYPES.len()) else {
            throw_error(scope, "Unable to deserialize cloned data.");
            return None;
        };
        if index == BUFFER_INDEX {
            return new_buffer(scope, bytes).ok().map(Into::into);
        }
        let byte_len = bytes.len();
        let store = v8::ArrayBuffer::new_backing_store_from_vec(bytes).make_shared();
        let ab = v8::ArrayBuffer::with_backing_store(scope, &store);
        let view: Option<v8::Local<v8::Object>> = match index {
            0 => v8::Int8Array::new(scope, ab, 0, byte_len).map(Into::into),
            1 => v8::Uint8Array::new(scope, ab, 0, byte_len).map(Into::into),
            2 => v8::Uint8ClampedArray::new(scope, ab, 0, byte_len).map(Into::into),
            3 => v8::Int16Array::new(scope, ab, 0, byte_len / 2).map(Into::into),
            4 => v8::Uint16Array::new(scope, ab, 0, byte_len / 2).map(Into::into),
            5 => v8::Int32Array::new(scope, ab, 0, byte_len / 4).map(Into::into),
            6 => v8::Uint32Array::new(scope, ab, 0, byte_len / 4).map(Into::into),
            7 => v8::Float32Array::new(scope, ab, 0, byte_len / 4).map(Into::into),
            8 => v8::Float64Array::new(scope, ab, 0, byte_len / 8).map(Into::into),
            9 => Some(v8::DataView::new(scope, ab, 0, byte_len).into()),
            11 => v8::BigInt64Array::new(scope, ab, 0, byte_len / 8).map(Into::into),
            12 => v8::BigUint64Array::new(scope, ab, 0, byte_len / 8).map(Into::into),
            _ => v8::Float16Array::new(scope, ab, 0, byte_len / 2).map(|array| {
                // SAFETY: rusty_v8 lacks the `Float16Array -> Object` upcast
                // its other typed arrays have; a Float16Array is a JS object
                // and `Local<T>` is the same pointer for every `T`. (No JS
                // may run here to construct it via the global instead.)
                unsafe {
                    std::mem::transmute::<v8::Local<v8::Float16Array>, v8::Local<v8::Object>>(array)
                }
            }),
        };
        if view.is_none() {
            throw_error(scope, "Unable to deserialize cloned data.");
        }
        view
    }
}

v8_host::native_fn! {
    /// `serialize(value)` → Buffer (Node's `DefaultSerializer`, wire format 15).
    pub fn serialize(scope, args, rv) {
        let context = scope.get_current_context();
        let serializer = v8::ValueSerializer::new(scope, Box::new(DefaultSerializer));
        serializer.set_treat_array_buffer_views_as_host_objects(true);
        serializer.write_header();
        serializer.write_value(context, args.get(0)).filter(|ok| *ok).ok_or(Thrown)?;
        let mut bytes = serializer.release();
        drop(serializer);
        relabel_wire_version(&mut bytes);
        rv.set(new_buffer(scope, bytes)?.into());
        Ok(())
    }
}

v8_host::native_fn! {
    /// `deserialize(buffer)` → value (Node's `DefaultDeserializer`).
    pub fn deserialize(scope, args, rv) {
        let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(args.get(0)) else {
            return Err(js::errors::throw(
                scope,
                js::ErrorClass::TypeError,
                "ERR_INVALID_ARG_TYPE",
                "buffer must be a TypedArray or a DataView",
            ));
        };
        // V8 keeps a raw pointer to the input: own a copy for the whole call.
        let mut data = vec![0u8; view.byte_length()];
        let copied = view.copy_contents(&mut data);
        data.truncate(copied);
        let context = scope.get_current_context();
        let value = {
            let deserializer = v8::ValueDeserializer::new(scope, Box::new(DefaultDeserializer), &data);
            deserializer.read_header(context).filter(|ok| *ok).ok_or(Thrown)?;
            deserializer.read_value(context).ok_or(Thrown)?
        };
        rv.set(value);
        Ok(())
    }
}

/// `(name, value)` pairs: `serialize`, `deserialize` and the four classes.
pub fn exports<'s>(
    scope: &mut v8::PinScope<'s, '_>,
) -> Vec<(&'static str, v8::Local<'s, v8::Value>)> {
    let mut out = classes::exports(scope);
    for (name, callback) in [
        ("serialize", serialize as v8::FunctionCallback),
        ("deserialize", deserialize),
    ] {
        if let Ok(function) = build::function(scope, name, callback) {
            out.push((name, function.into()));
        }
    }
    out
}

/// The native callbacks of [`exports`].
pub fn external_references() -> Vec<v8::ExternalReference> {
    let mut refs = classes::external_references();
    refs.push(v8::ExternalReference {
        function: serialize,
    });
    refs.push(v8::ExternalReference {
        function: deserialize,
    });
    refs
}
