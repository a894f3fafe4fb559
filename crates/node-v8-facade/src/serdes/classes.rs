//! Native side of `Serializer`/`Deserializer` (see `classes.js`): each JS
//! object owns an id into a per-isolate table of V8 `ValueSerializer`s /
//! `ValueDeserializer`s. Delegate callbacks (`_writeHostObject`,
//! `_getDataCloneError`, `_getSharedArrayBufferId`, `_readHostObject`) are
//! looked up on the JS object whose `writeValue`/`readValue`/`readHeader`
//! is running (a receiver stack, so nesting works).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use v8::{ValueDeserializerHelper, ValueSerializerHelper};
use v8_host::js::{self, build, JsResult, OrThrown, Thrown};

const SOURCE: &str = include_str!("classes.js");

/// A deserializer and the bytes V8 reads through a raw pointer (field
/// order: the deserializer is dropped first).
struct DesEntry {
    des: v8::ValueDeserializer<'static>,
    data: Box<[u8]>,
}

#[derive(Default)]
struct Table {
    next_id: u32,
    sers: HashMap<u32, Rc<v8::ValueSerializer<'static>>>,
    des: HashMap<u32, Rc<DesEntry>>,
    receivers: Vec<v8::Global<v8::Object>>,
}

fn table(isolate: &mut v8::Isolate) -> Rc<RefCell<Table>> {
    v8_host::state::get_or_init::<Table>(isolate)
}

fn next_id(table: &mut Table) -> u32 {
    table.next_id = table.next_id.wrapping_add(1);
    table.next_id
}

fn type_error(scope: &mut v8::PinScope<'_, '_>, message: &str) -> Thrown {
    js::errors::throw(
        scope,
        js::ErrorClass::TypeError,
        "ERR_INVALID_ARG_TYPE",
        message,
    )
}

fn plain_error(scope: &mut v8::PinScope<'_, '_>, message: &str) -> Thrown {
    if let Some(message) = v8::String::new(scope, message) {
        let error = v8::Exception::error(scope, message);
        scope.throw_exception(error);
    }
    Thrown
}

fn serializer(
    scope: &mut v8::PinScope<'_, '_>,
    id: v8::Local<v8::Value>,
) -> JsResult<Rc<v8::ValueSerializer<'static>>> {
    let id = id.uint32_value(scope).unwrap_or(0);
    let found = table(scope).borrow().sers.get(&id).cloned();
    found.ok_or_else(|| plain_error(scope, "Serializer has been released"))
}

fn deserializer(
    scope: &mut v8::PinScope<'_, '_>,
    id: v8::Local<v8::Value>,
) -> JsResult<Rc<DesEntry>> {
    let id = id.uint32_value(scope).unwrap_or(0);
    let found = table(scope).borrow().des.get(&id).cloned();
    found.ok_or_else(|| plain_error(scope, "Deserializer is not usable"))
}

/// Pushes `receiver` on the receiver stack (if it is an object); pair with [`pop_receiver`].
fn push_receiver(scope: &mut v8::PinScope<'_, '_>, receiver: v8::Local<v8::Value>) -> bool {
    match v8::Local::<v8::Object>::try_from(receiver) {
        Ok(object) => {
            let global = v8::Global::new(scope, object);
            table(scope).borrow_mut().receivers.push(global);
            true
        }
        Err(_) => false,
    }
}

fn pop_receiver(scope: &mut v8::PinScope<'_, '_>, pushed: bool) {
    if pushed {
        table(scope).borrow_mut().receivers.pop();
    }
}

/// The receiver's `name` property if it is a function.
fn delegate_method<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    name: &str,
) -> Option<(v8::Local<'s, v8::Object>, v8::Local<'s, v8::Function>)> {
    let receiver = table(scope).borrow().receivers.last().cloned()?;
    let receiver = v8::Local::new(scope, receiver);
    let key = v8::String::new(scope, name)?;
    let method = receiver.get(scope, key.into())?;
    let method = v8::Local::<v8::Function>::try_from(method).ok()?;
    Some((receiver, method))
}

struct SerializerDelegate;

impl v8::ValueSerializerImpl for SerializerDelegate {
    fn throw_data_clone_error<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        message: v8::Local<'s, v8::String>,
    ) {
        // Node: call this._getDataCloneError(message) and throw the result.
        let error = match delegate_method(scope, "_getDataCloneError") {
            Some((receiver, make)) => match make.call(scope, receiver.into(), &[message.into()]) {
                Some(error) => error,
                None => return, // it threw: that exception propagates
            },
            None => v8::Exception::error(scope, message),
        };
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
        _serializer: &dyn ValueSerializerHelper,
    ) -> Option<bool> {
        match delegate_method(scope, "_writeHostObject") {
            Some((receiver, write)) => write
                .call(scope, receiver.into(), &[object.into()])
                .map(|_| true),
            None => {
                // V8's default: a DataCloneError through the delegate.
                let name = object.get_constructor_name().to_rust_string_lossy(scope);
                let message = v8::String::new(scope, &format!("#<{name}> could not be cloned."))?;
                self.throw_data_clone_error(scope, message);
                None
            }
        }
    }

    fn get_shared_array_buffer_id<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        sab: v8::Local<'s, v8::SharedArrayBuffer>,
    ) -> Option<u32> {
        // None falls back to V8's default (a DataCloneError).
        let (receiver, get_id) = delegate_method(scope, "_getSharedArrayBufferId")?;
        let id = get_id.call(scope, receiver.into(), &[sab.into()])?;
        id.uint32_value(scope)
    }
}

struct DeserializerDelegate;

impl v8::ValueDeserializerImpl for DeserializerDelegate {
    fn read_host_object<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        _deserializer: &dyn ValueDeserializerHelper,
    ) -> Option<v8::Local<'s, v8::Object>> {
        // V8 15 deserializes under a DisallowJavascriptExecution scope; the
        // JS delegate (as Node's) needs an explicit allow scope, as rusty_v8
        // documents for this callback.
        let scope = std::pin::pin!(v8::AllowJavascriptExecutionScope::new(scope));
        let scope = &mut scope.init();
        let Some((receiver, read)) = delegate_method(scope, "_readHostObject") else {
            plain_error(scope, "Unable to deserialize cloned data.");
            return None;
        };
        let value = read.call(scope, receiver.into(), &[])?;
        match v8::Local::<v8::Object>::try_from(value) {
            Ok(object) => Some(object),
            Err(_) => {
                if let Some(message) =
                    v8::String::new(scope, "readHostObject must return an object")
                {
                    let error = v8::Exception::type_error(scope, message);
                    scope.throw_exception(error);
                }
                None
            }
        }
    }
}

fn view_bytes(view: v8::Local<v8::ArrayBufferView>) -> Vec<u8> {
    let mut bytes = vec![0u8; view.byte_length()];
    let copied = view.copy_contents(&mut bytes);
    bytes.truncate(copied);
    bytes
}

v8_host::native_fn! {
    fn ser_new(scope, args, rv) {
        let serializer = v8::ValueSerializer::new(scope, Box::new(SerializerDelegate));
        let table = table(scope);
        let mut table = table.borrow_mut();
        let id = next_id(&mut table);
        table.sers.insert(id, Rc::new(serializer));
        rv.set_uint32(id);
        Ok(())
    }
}

v8_host::native_fn! {
    fn ser_write_header(scope, args, rv) {
        serializer(scope, args.get(0))?.write_header();
        Ok(())
    }
}

v8_host::native_fn! {
    fn ser_write_value(scope, args, rv) {
        let ser = serializer(scope, args.get(0))?;
        let context = scope.get_current_context();
        let value = args.get(2);
        let pushed = push_receiver(scope, args.get(1));
        let ok = ser.write_value(context, value);
        pop_receiver(scope, pushed);
        ok.filter(|ok| *ok).ok_or(Thrown)?;
        rv.set_bool(true);
        Ok(())
    }
}

v8_host::native_fn! {
    fn ser_release(scope, args, rv) {
        let ser = serializer(scope, args.get(0))?;
        let mut bytes = ser.release();
        let id = args.get(0).uint32_value(scope).unwrap_or(0);
        table(scope).borrow_mut().sers.remove(&id);
        super::relabel_wire_version(&mut bytes);
        rv.set(super::new_buffer(scope, bytes)?.into());
        Ok(())
    }
}

v8_host::native_fn! {
    fn ser_transfer_array_buffer(scope, args, rv) {
        let ser = serializer(scope, args.get(0))?;
        let id = args.get(1).uint32_value(scope).or_thrown()?;
        let Ok(buffer) = v8::Local::<v8::ArrayBuffer>::try_from(args.get(2)) else {
            return Err(type_error(scope, "arrayBuffer must be an ArrayBuffer"));
        };
        ser.transfer_array_buffer(id, buffer);
        Ok(())
    }
}

v8_host::native_fn! {
    fn ser_write_uint32(scope, args, rv) {
        let ser = serializer(scope, args.get(0))?;
        let value = args.get(1).uint32_value(scope).or_thrown()?;
        ser.write_uint32(value);
        Ok(())
    }
}

v8_host::native_fn! {
    fn ser_write_uint64(scope, args, rv) {
        let ser = serializer(scope, args.get(0))?;
        let hi = args.get(1).uint32_value(scope).or_thrown()?;
        let lo = args.get(2).uint32_value(scope).or_thrown()?;
        ser.write_uint64((u64::from(hi) << 32) | u64::from(lo));
        Ok(())
    }
}

v8_host::native_fn! {
    fn ser_write_double(scope, args, rv) {
        let ser = serializer(scope, args.get(0))?;
        let value = args.get(1).number_value(scope).or_thrown()?;
        ser.write_double(value);
        Ok(())
    }
}

v8_host::native_fn! {
    fn ser_write_raw_bytes(scope, args, rv) {
        let ser = serializer(scope, args.get(0))?;
        let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(args.get(1)) else {
            return Err(type_error(scope, "source must be a TypedArray or a DataView"));
        };
        ser.write_raw_bytes(&view_bytes(view));
        Ok(())
    }
}

v8_host::native_fn! {
    fn ser_set_treat_views(scope, args, rv) {
        let ser = serializer(scope, args.get(0))?;
        ser.set_treat_array_buffer_views_as_host_objects(args.get(1).boolean_value(scope));
        Ok(())
    }
}

v8_host::native_fn! {
    fn des_new(scope, args, rv) {
        let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(args.get(0)) else {
            return Err(type_error(scope, "buffer must be a TypedArray or a DataView"));
        };
        let data = view_bytes(view).into_boxed_slice();
        // V8 keeps a raw pointer into `data`: the boxed bytes never move and
        // live in the same entry as `des`, which is dropped first.
        let des = v8::ValueDeserializer::new(scope, Box::new(DeserializerDelegate), &data);
        let table = table(scope);
        let mut table = table.borrow_mut();
        let id = next_id(&mut table);
        table.des.insert(id, Rc::new(DesEntry { des, data }));
        rv.set_uint32(id);
        Ok(())
    }
}

v8_host::native_fn! {
    fn des_read_header(scope, args, rv) {
        let entry = deserializer(scope, args.get(0))?;
        let context = scope.get_current_context();
        let pushed = push_receiver(scope, args.get(1));
        let ok = entry.des.read_header(context);
        pop_receiver(scope, pushed);
        ok.filter(|ok| *ok).ok_or(Thrown)?;
        rv.set_bool(true);
        Ok(())
    }
}

v8_host::native_fn! {
    fn des_read_value(scope, args, rv) {
        let entry = deserializer(scope, args.get(0))?;
        let context = scope.get_current_context();
        let pushed = push_receiver(scope, args.get(1));
        let value = entry.des.read_value(context);
        pop_receiver(scope, pushed);
        rv.set(value.or_thrown()?);
        Ok(())
    }
}

v8_host::native_fn! {
    fn des_transfer_array_buffer(scope, args, rv) {
        let entry = deserializer(scope, args.get(0))?;
        let id = args.get(1).uint32_value(scope).or_thrown()?;
        if let Ok(buffer) = v8::Local::<v8::ArrayBuffer>::try_from(args.get(2)) {
            entry.des.transfer_array_buffer(id, buffer);
        } else if let Ok(shared) = v8::Local::<v8::SharedArrayBuffer>::try_from(args.get(2)) {
            entry.des.transfer_shared_array_buffer(id, shared);
        } else {
            return Err(type_error(scope, "arrayBuffer must be an ArrayBuffer or SharedArrayBuffer"));
        }
        Ok(())
    }
}

v8_host::native_fn! {
    fn des_get_wire_format_version(scope, args, rv) {
        let entry = deserializer(scope, args.get(0))?;
        rv.set_uint32(entry.des.get_wire_format_version());
        Ok(())
    }
}

v8_host::native_fn! {
    fn des_read_uint32(scope, args, rv) {
        let entry = deserializer(scope, args.get(0))?;
        let mut value = 0;
        if !entry.des.read_uint32(&mut value) {
            return Err(plain_error(scope, "ReadUint32() failed"));
        }
        rv.set_uint32(value);
        Ok(())
    }
}

v8_host::native_fn! {
    fn des_read_uint64(scope, args, rv) {
        let entry = deserializer(scope, args.get(0))?;
        let mut value = 0;
        if !entry.des.read_uint64(&mut value) {
            return Err(plain_error(scope, "ReadUint64() failed"));
        }
        let hi = v8::Integer::new_from_unsigned(scope, (value >> 32) as u32);
        let lo = v8::Integer::new_from_unsigned(scope, value as u32);
        rv.set(v8::Array::new_with_elements(scope, &[hi.into(), lo.into()]).into());
        Ok(())
    }
}

v8_host::native_fn! {
    fn des_read_double(scope, args, rv) {
        let entry = deserializer(scope, args.get(0))?;
        let mut value = 0.0;
        if !entry.des.read_double(&mut value) {
            return Err(plain_error(scope, "ReadDouble() failed"));
        }
        rv.set_double(value);
        Ok(())
    }
}

v8_host::native_fn! {
    fn des_read_raw_bytes(scope, args, rv) {
        let entry = deserializer(scope, args.get(0))?;
        let length = args.get(1).integer_value(scope).or_thrown()?;
        let bytes = usize::try_from(length).ok().and_then(|len| entry.des.read_raw_bytes(len));
        let Some(bytes) = bytes else {
            return Err(plain_error(scope, "ReadRawBytes() failed"));
        };
        // The offset into the input, which Node's readRawBytes turns into a view.
        let offset = bytes.as_ptr() as usize - entry.data.as_ptr() as usize;
        rv.set_double(offset as f64);
        Ok(())
    }
}

v8_host::native_fn! {
    fn dispose(scope, args, rv) {
        let id = args.get(0).uint32_value(scope).unwrap_or(0);
        let table = table(scope);
        let mut table = table.borrow_mut();
        table.sers.remove(&id);
        table.des.remove(&id);
        Ok(())
    }
}

v8_host::native_fn! {
    fn inspect(scope, args, rv) {
        let text = js::inspect::inspect(scope, args.get(0), &Default::default());
        rv.set(build::string(scope, &text)?.into());
        Ok(())
    }
}

v8_host::native_fn! {
    fn construct_call_required(scope, args, rv) {
        let name = args.get(0).to_rust_string_lossy(scope);
        let message = format!("Class constructor {name} cannot be invoked without 'new'");
        Err(js::errors::throw(scope, js::ErrorClass::TypeError, "ERR_CONSTRUCT_CALL_REQUIRED", &message))
    }
}

const NATIVES: [(&str, v8::FunctionCallback); 22] = [
    ("constructCallRequired", construct_call_required),
    ("serNew", ser_new),
    ("serWriteHeader", ser_write_header),
    ("serWriteValue", ser_write_value),
    ("serRelease", ser_release),
    ("serTransferArrayBuffer", ser_transfer_array_buffer),
    ("serWriteUint32", ser_write_uint32),
    ("serWriteUint64", ser_write_uint64),
    ("serWriteDouble", ser_write_double),
    ("serWriteRawBytes", ser_write_raw_bytes),
    ("serSetTreatViews", ser_set_treat_views),
    ("desNew", des_new),
    ("desReadHeader", des_read_header),
    ("desReadValue", des_read_value),
    ("desTransferArrayBuffer", des_transfer_array_buffer),
    ("desGetWireFormatVersion", des_get_wire_format_version),
    ("desReadUint32", des_read_uint32),
    ("desReadUint64", des_read_uint64),
    ("desReadDouble", des_read_double),
    ("desReadRawBytes", des_read_raw_bytes),
    ("dispose", dispose),
    ("inspect", inspect),
];

/// `Serializer`, `Deserializer`, `DefaultSerializer`, `DefaultDeserializer`.
pub fn exports<'s>(
    scope: &mut v8::PinScope<'s, '_>,
) -> Vec<(&'static str, v8::Local<'s, v8::Value>)> {
    classes(scope).unwrap_or_default()
}

fn classes<'s>(
    scope: &mut v8::PinScope<'s, '_>,
) -> Option<Vec<(&'static str, v8::Local<'s, v8::Value>)>> {
    let classes = build::from_factory(scope, SOURCE, &NATIVES).ok()?;
    let mut out = Vec::new();
    for name in [
        "Serializer",
        "Deserializer",
        "DefaultSerializer",
        "DefaultDeserializer",
    ] {
        let key = v8::String::new(scope, name)?;
        out.push((name, classes.get(scope, key.into())?));
    }
    Some(out)
}

/// The native callbacks behind the classes.
pub fn external_references() -> Vec<v8::ExternalReference> {
    build::external_references(&NATIVES)
}
