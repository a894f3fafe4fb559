//! Reader state around its second chances and its delegates: a version-13
//! retry starts from a clean slate, and a delegate's error gets a position.

use crate::unhex;
use structured_clone::{
    ArrayBuffer, Deserializer, DeserializerDelegate, ErrorKind, HeapValue, HostObject, Reader,
    Result, Value,
};

/// Version 13 with a view written with its flags (as some version-13
/// writers did; 2 = backed by a resizable buffer) over a transferred
/// resizable buffer: `[new Uint8Array(transferred 0, 1, 2)]`.
const V13_VIEW_OVER_TRANSFER: &str = "ff0d410174005642010202240001";

#[test]
fn v13_retry_registers_transferred_buffers_again() {
    let bytes = unhex(V13_VIEW_OVER_TRANSFER);
    let mut de = Deserializer::new(&bytes);
    let resizable = ArrayBuffer {
        max_byte_length: Some(8),
        ..ArrayBuffer::new(vec![10, 20, 30, 40])
    };
    de.transfer_array_buffer(0, resizable);
    de.read_header().unwrap();
    // The first try reads the view without flags and fails at the flags
    // byte; the second reads them, meeting the transferred buffer again.
    let root = de.read_value().unwrap();
    let heap = de.heap();
    let Value::Object(array) = root else {
        panic!("{root:?}")
    };
    let HeapValue::DenseArray { elements, .. } = &heap[array] else {
        panic!("{:?}", heap[array])
    };
    let Some(Value::Object(view)) = elements[0] else {
        panic!("{elements:?}")
    };
    let HeapValue::View(view) = &heap[view] else {
        panic!("{:?}", heap[view])
    };
    assert_eq!((view.byte_offset, view.byte_length), (1, 2));
    assert!(!view.length_tracking && view.backed_by_rab);
    let HeapValue::ArrayBuffer(buffer) = &heap[view.buffer] else {
        panic!("{:?}", heap[view.buffer])
    };
    assert_eq!(&buffer.data[..], [10, 20, 30, 40]);
    assert_eq!(de.position(), bytes.len());
}

#[test]
fn v13_retry_that_fails_again_is_a_clean_error() {
    // The audit's input: no reading of it can succeed, and neither try may
    // trip over the other's registrations.
    let bytes = unhex("ff0d410274005642000003");
    let mut de = Deserializer::new(&bytes);
    de.transfer_array_buffer(0, ArrayBuffer::new(vec![1, 2]));
    de.read_header().unwrap();
    let e = de.read_value().unwrap_err();
    assert!(e.offset().is_some(), "{e}");
}

/// Fails every host object without saying where.
struct Refuse;

impl DeserializerDelegate for Refuse {
    fn read_host_object(&mut self, input: &mut Reader<'_>) -> Result<HostObject> {
        input.read_uint32()?;
        Err(structured_clone::Error::new(ErrorKind::Delegate(
            "not this one".into(),
        )))
    }
}

#[test]
fn a_host_object_error_without_a_position_gets_the_payloads() {
    // `o "k" \ 07 ...`: the payload starts at offset 7.
    let bytes = unhex("ff0f6f22016b5c07");
    let mut de = Deserializer::with_delegate(&bytes, Refuse);
    de.read_header().unwrap();
    let e = de.read_value().unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Delegate("not this one".into()));
    assert_eq!(e.offset(), Some(7));
    // A delegate's own read errors keep their positions.
    let bytes = unhex("ff0f5c");
    let mut de = Deserializer::with_delegate(&bytes, Refuse);
    de.read_header().unwrap();
    let e = de.read_value().unwrap_err();
    assert_eq!(e.offset(), Some(3), "{e}");
}
