//! Hostile input: deep nesting is a clean error, declared lengths never drive
//! allocation beyond the input, and allocation stays a small multiple of the input.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use structured_clone::{
    decode, from_slice, Deserializer, DeserializerDelegate, ErrorKind, Graph, Result, Serializer,
    DEFAULT_MAX_DEPTH,
};

/// Tracks live and peak heap bytes of the current thread.
struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn track(delta: isize) {
    let _ = LIVE.try_with(|l| {
        l.set(l.get() + delta);
        let _ = PEAK.try_with(|p| p.set(p.get().max(l.get())));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        track(layout.size() as isize);
        // SAFETY: forwards to the system allocator with the caller's layout.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(-(layout.size() as isize));
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        track(new_size as isize - layout.size() as isize);
        // SAFETY: same contract as `GlobalAlloc::realloc`, forwarded.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Peak bytes live on this thread while `f` ran, above what was live before.
fn allocated_by<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(before));
    let r = f();
    (r, (PEAK.with(Cell::get) - before).max(0) as usize)
}

/// `leaf` inside `depth` containers, each written `open` ... `close`.
pub fn nested(open: &[u8], close: &[u8], depth: usize, leaf: &[u8]) -> Vec<u8> {
    let mut v = vec![0xff, 0x0f];
    for _ in 0..depth {
        v.extend_from_slice(open);
    }
    v.extend_from_slice(leaf);
    for _ in 0..depth {
        v.extend_from_slice(close);
    }
    v
}

#[test]
fn hundred_thousand_deep_is_a_clean_error() {
    let cases: [(&[u8], &[u8]); 5] = [
        (b"A\x01", b"$\x00\x01"),         // dense arrays
        (b"o\"\x01a", b"{\x01"),          // objects
        (b";", b":\x02"),                 // map keys... values below
        (b"r\x63", b"."),                 // error causes
        (b"a\x01\x49\x00", b"@\x01\x01"), // sparse arrays
    ];
    for (open, close) in cases {
        let bytes = nested(open, close, 100_000, b"_");
        let e = decode(&bytes).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::DepthLimit(DEFAULT_MAX_DEPTH), "{e}");
        let e = from_slice::<serde::de::IgnoredAny>(&bytes).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::DepthLimit(DEFAULT_MAX_DEPTH), "{e}");
    }
    // `?` chains are skipped in a loop, not by recursion.
    let mut q = vec![0xff, 0x0f];
    for _ in 0..100_000 {
        q.extend_from_slice(b"?\x00");
    }
    q.push(b'T');
    assert!(decode(&q).is_ok());
}

#[test]
fn nesting_just_under_the_limit_decodes_on_a_test_thread() {
    // Test threads have 2 MiB stacks; the default limit must fit in a debug build.
    let bytes = nested(b"A\x01", b"$\x00\x01", DEFAULT_MAX_DEPTH - 1, b"_");
    let g = decode(&bytes).unwrap();
    assert_eq!(g.heap.len(), DEFAULT_MAX_DEPTH - 1);
    assert_eq!(structured_clone::encode(&g).unwrap(), bytes);
    from_slice::<serde_json::Value>(&bytes).unwrap();
    let bytes = nested(b"A\x01", b"$\x00\x01", 50, b"_");
    let mut de = Deserializer::new(&bytes);
    de.set_max_depth(10);
    de.read_header().unwrap();
    assert_eq!(
        de.read_value().unwrap_err().kind(),
        &ErrorKind::DepthLimit(10)
    );
}

#[test]
fn declared_lengths_are_checked_before_allocating() {
    let cases: [&[u8]; 8] = [
        b"\xff\x0fA\xff\xff\xff\xff\x0f",         // dense array of 2^32-1
        b"\xff\x0f\"\xff\xff\xff\xff\x0f",        // one-byte string
        b"\xff\x0fc\xfe\xff\xff\xff\x0f",         // two-byte string
        b"\xff\x0fB\xff\xff\xff\xff\xff\xff\x01", // huge ArrayBuffer (u64 length)
        b"\xff\x0f~\x10\xff\xff\xff\xff\xff\xff\x01", // resizable with huge max
        b"\xff\x0fZ\xfe\xff\xff\xff\x0f",         // BigInt of 2^31 bytes
        b"\xff\x0f\\\x01\xff\xff\xff\xff\x0f",    // Node host view
        b"\xff\x0fa\xff\xff\xff\xff\x0f@\x00\xff\xff\xff\xff\x0f", // sparse 2^32-1: fine, no elements
    ];
    for bytes in cases {
        let (r, n) = allocated_by(|| decode(bytes));
        assert!(n < 4096, "{bytes:02x?} allocated {n} bytes: {r:?}");
        let (_, n) = allocated_by(|| from_slice::<serde_json::Value>(bytes));
        assert!(n < 4096, "from_slice {bytes:02x?} allocated {n} bytes");
    }
}

#[test]
fn model_types_stay_small() {
    // Every decoded object costs one `HeapValue`; keep it compact.
    assert!(std::mem::size_of::<structured_clone::HeapValue>() <= 64);
    assert!(std::mem::size_of::<structured_clone::Value>() <= 40);
}

#[test]
fn allocation_is_a_small_multiple_of_the_input() {
    // Many tiny objects, keys and set members: the worst ratios per input byte
    // (a 3-byte `o{\\0` becomes one ~56-byte `HeapValue`).
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    let mut v = vec![0xff, 0x0f, b'A'];
    v.extend_from_slice(&[0x90, 0x4e]); // 10,000 elements
    for _ in 0..10_000 {
        v.extend_from_slice(b"o{\x00");
    }
    v.extend_from_slice(b"$\x00\x90\x4e");
    inputs.push(v);
    // Objects of five minimal properties (`I n _`), where a reader that sizes
    // property vectors ahead keeps the most room unused.
    let mut v = vec![0xff, 0x0f, b'A'];
    v.extend_from_slice(&[0x90, 0x4e]);
    for _ in 0..10_000 {
        v.push(b'o');
        for k in 0..5u8 {
            v.extend_from_slice(&[b'I', k << 1, b'_']);
        }
        v.extend_from_slice(b"{\x05");
    }
    v.extend_from_slice(b"$\x00\x90\x4e");
    inputs.push(v);
    let mut v = vec![0xff, 0x0f, b'o'];
    for i in 0..5_000u32 {
        let k = format!("k{i}");
        v.push(b'"');
        v.push(k.len() as u8);
        v.extend_from_slice(k.as_bytes());
        v.extend_from_slice(b"\"\x00");
    }
    v.extend_from_slice(b"{\x88\x27");
    inputs.push(v);
    let mut v = vec![0xff, 0x0f, b'\''];
    for i in 0..5_000u32 {
        v.push(b'I');
        let mut z = i << 1;
        while z >= 0x80 {
            v.push((z as u8) | 0x80);
            z >>= 7;
        }
        v.push(z as u8);
    }
    v.extend_from_slice(b",\x88\x27");
    inputs.push(v);
    for bytes in &inputs {
        let (r, n) = allocated_by(|| decode(bytes));
        r.unwrap();
        assert!(
            n <= 48 * bytes.len() + 65_536,
            "{} input bytes: peak {n}",
            bytes.len()
        );
        let (r, n) = allocated_by(|| from_slice::<serde::de::IgnoredAny>(bytes));
        r.unwrap();
        assert!(
            n <= 24 * bytes.len() + 65_536,
            "from_slice: {} input bytes: peak {n}",
            bytes.len()
        );
    }
}

#[test]
fn a_small_value_from_a_big_heap_gets_a_small_buffer() {
    // The writer reserves room for every object it has not met; a value that
    // reaches few of them must not keep that room.
    let mut heap = structured_clone::Heap::new();
    for _ in 0..100_000 {
        heap.insert(structured_clone::HeapValue::Object(Vec::new()));
    }
    let mut ser = structured_clone::Serializer::new();
    ser.write_header();
    ser.write_value(
        &heap,
        &structured_clone::Value::Object(structured_clone::ObjectId(7)),
    )
    .unwrap();
    let out = ser.release();
    assert_eq!(out, [0xff, 0x0f, b'o', b'{', 0]);
    assert!(out.capacity() <= 4096, "capacity {}", out.capacity());
}

#[test]
fn nested_arrays_claiming_the_rest_of_the_input_share_it() {
    // Each of 900 nested dense arrays declares as many elements as bytes are
    // left after its header: each claim passes the length check, but room for
    // all of them together would be hundreds of times the input.
    const LEVELS: usize = 900;
    const FILLER: usize = 100_000;
    let header_len = |k: usize| 1 + (usize::BITS - k.leading_zeros()).div_ceil(7).max(1) as usize;
    let mut v = vec![0xff, 0x0f];
    let mut left = LEVELS * 4 + FILLER;
    for _ in 0..LEVELS {
        let k = left - header_len(left);
        v.push(b'A');
        let mut z = k;
        while z >= 0x80 {
            v.push((z as u8) | 0x80);
            z >>= 7;
        }
        v.push(z as u8);
        left = k;
    }
    v.resize(v.len() + left, b'_');
    let (r, n) = allocated_by(|| decode(&v));
    // The second array's claim leaves no byte for the first one's other
    // elements: it is refused at its length.
    let e = r.unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::Length { .. }), "{e}");
    assert_eq!(e.offset(), Some(2 + header_len(LEVELS * 4 + FILLER) + 1));
    assert!(
        n <= 48 * v.len() + 65_536,
        "{} input bytes: peak {n}",
        v.len()
    );
    // serde sizes each `Vec` by the length it is offered (up to 1 MiB), so a
    // recursive type is the probe here.
    #[derive(serde::Deserialize, Debug)]
    struct Nest(#[allow(dead_code)] Vec<Nest>);
    let (r, n) = allocated_by(|| from_slice::<Nest>(&v));
    assert!(r.is_err());
    assert!(
        n <= 48 * v.len() + 65_536,
        "from_slice: {} input bytes: peak {n}",
        v.len()
    );
}

/// SharedArrayBuffer ids are accepted and are 64-byte wasm memories.
struct Wasm;
impl DeserializerDelegate for Wasm {
    fn get_shared_array_buffer_from_id(&mut self, _id: u32) -> Result<()> {
        Ok(())
    }
    fn shared_array_buffer_wasm_memory_length(&mut self, _id: u32) -> Option<u64> {
        Some(64)
    }
}

fn read_wasm(bytes: &[u8], max_depth: usize) -> Result<Graph> {
    let mut de = Deserializer::with_delegate(bytes, Wasm);
    de.set_max_depth(max_depth);
    de.read_header()?;
    let root = de.read_value()?;
    Ok(de.into_graph(root))
}

fn write_limited(g: &Graph, max_depth: usize) -> Result<Vec<u8>> {
    let mut ser = Serializer::new();
    ser.set_max_depth(max_depth);
    ser.write_header();
    ser.write_value(&g.heap, &g.root)?;
    Ok(ser.release())
}

/// Whatever the reader accepts under a limit the writer writes under that
/// limit, byte for byte, and what it refuses the writer refuses too.
#[test]
fn writer_counts_levels_as_the_reader_does() {
    let containers: [(&str, &[u8], &[u8]); 6] = [
        ("dense array", b"A\x01", b"$\x00\x01"),
        ("sparse array", b"a\x01I\x00", b"@\x01\x01"),
        ("object", b"o\"\x01a", b"{\x01"),
        ("set", b"'", b",\x01"),
        ("map key", b";", b"_:\x02"),
        ("error cause", b"rc", b"."),
    ];
    let leaves: [(&str, &[u8]); 5] = [
        ("undefined", b"_"),
        ("empty object", b"o{\x00"),
        ("Uint8Array", b"B\x01\x07VB\x00\x01\x00"),
        ("back-reference to the root", b"^\x00"),
        ("WebAssembly.Memory", b"m\x08\x00u\x07f\x10"),
    ];
    for limit in [3, DEFAULT_MAX_DEPTH] {
        for (container, open, close) in containers {
            for (leaf_name, leaf) in leaves {
                // An Error gets its id only once read, so `^0` names nothing.
                if container == "error cause" && leaf_name.starts_with("back") {
                    continue;
                }
                for depth in [limit - 1, limit] {
                    let what = format!("{leaf_name} in {depth} x {container}, limit {limit}");
                    let bytes = nested(open, close, depth, leaf);
                    let g = read_wasm(&bytes, usize::MAX).expect(&what);
                    match (read_wasm(&bytes, limit), write_limited(&g, limit)) {
                        (Ok(_), Ok(out)) => {
                            assert!(depth < limit, "{what}");
                            assert_eq!(out, bytes, "{what}");
                        }
                        (Err(r), Err(w)) => {
                            assert_eq!(r.kind(), &ErrorKind::DepthLimit(limit), "{what}");
                            assert_eq!(w.kind(), &ErrorKind::DepthLimit(limit), "{what}");
                        }
                        (r, w) => panic!("{what}: reader {r:?}, writer {w:?}"),
                    }
                }
            }
        }
    }
}
