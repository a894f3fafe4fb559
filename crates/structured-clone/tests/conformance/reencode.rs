//! How decoded values are written again by the `roundtrip` fuzz target and
//! the fuzz regression test (which includes this file).

use structured_clone::{encode, DefaultSerializer, ErrorKind, Graph};

/// `encode`, or at version 16 what version 15 cannot hold (a resizable
/// maximum over 4 GiB, which V8 15.2 reads at any version). Any other error
/// fails: whatever decodes must encode.
pub fn encode_any(g: &Graph) -> Vec<u8> {
    match encode(g) {
        Ok(bytes) => bytes,
        Err(e) if matches!(e.kind(), ErrorKind::DataClone(m) if m.contains("version 16")) => {
            let mut ser = DefaultSerializer::new();
            ser.set_write_version(16).unwrap();
            ser.write_header();
            ser.write_value(&g.heap, &g.root)
                .expect("a decoded value must encode at version 16");
            ser.release()
        }
        Err(e) => panic!("a decoded value must encode: {e}"),
    }
}
