//! Rules of V8's reader and writer that damaged input brought to light
//! (node-v8-facade's `mutants.rs` judges such input with V8 15.2 in process).
//! Each is checked here without V8, against bytes Node 20 reads and writes.

use crate::{hex, unhex};
use structured_clone::{Deserializer, ErrorKind, Graph, Serializer, Value};

fn read_plain(hex: &str) -> structured_clone::Result<Graph> {
    let bytes = unhex(hex);
    let mut de = Deserializer::new(&bytes);
    de.read_header()?;
    let root = de.read_value()?;
    Ok(de.into_graph(root))
}

fn write_plain(g: &Graph) -> String {
    let mut ser = Serializer::new();
    ser.write_header();
    ser.write_value(&g.heap, &g.root).unwrap();
    hex(&ser.release())
}

/// A varint still continued at its longest length (5 bytes for 32 bits) ends
/// there, but only where another byte follows: V8's slow loop, used near the
/// end of the input, looks at that byte. Node 20 refuses `ff0f49feffffffa2`
/// and reads `ff0f49feffffffa200` as 402653183.
#[test]
fn an_over_long_varint_needs_a_byte_after_it() {
    let err = read_plain("ff0f49feffffffa2").unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::UnexpectedEnd(_)), "{err}");
    assert_eq!(err.offset(), Some(8));
    for ok in ["ff0f49feffffffa200", "ff0f49feffffff22"] {
        let g = read_plain(ok).unwrap();
        assert_eq!(g.root, Value::Int32(402_653_183), "{ok}");
    }
    // A u8 varint (an Error's subtag) stops after two bytes, on the same terms.
    assert!(read_plain("ff0f72ff").is_err());
}

/// V8 internalizes property keys, and an internalized string whose code
/// units all fit in one byte is a one-byte string: Node 20 reads
/// `{"\u00ac": 1}` written with a two-byte key and writes the key back with
/// `"`. A Map keeps its key as read; a key beyond Latin-1 stays two-byte.
#[test]
fn latin1_property_keys_are_written_one_byte() {
    let cases = [
        ("ff0f6f6302ac0049027b01", "ff0f6f2201ac49027b01"),
        ("ff0f3b6302ac0049023a02", "ff0f3b006302ac0049023a02"),
        ("ff0f6f6302ac2049027b01", "ff0f6f006302ac2049027b01"),
    ];
    for (input, node_writes) in cases {
        assert_eq!(
            write_plain(&read_plain(input).unwrap()),
            node_writes,
            "{input}"
        );
    }
}

/// A length-tracking view has no length of its own: V8 writes 0 for it,
/// whatever length it was read with. Node 20 writes
/// `new Uint8Array(new ArrayBuffer(8, {maxByteLength: 16}), 2)` as below.
#[test]
fn length_tracking_views_are_written_with_length_zero() {
    let node_writes = "ff0f7e081000000000000000005642020003";
    let read_with_length = "ff0f7e081000000000000000005642020403";
    assert_eq!(
        write_plain(&read_plain(read_with_length).unwrap()),
        node_writes
    );
    assert_eq!(write_plain(&read_plain(node_writes).unwrap()), node_writes);
}
