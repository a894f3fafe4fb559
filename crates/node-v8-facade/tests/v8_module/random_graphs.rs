//! structured-clone's writer against V8 15.2 on arbitrary value graphs: V8
//! reads the bytes we write, and writes back for the value it then holds
//! the bytes we write for that value (`v8_writes_back`), Errors included.
//!
//! The other way round, structured-clone reads what V8 writes for arbitrary
//! JavaScript values (`random_values.js`) and writes the same bytes again.
//!
//! Each graph gets a fresh context: V8 writes an integer property as `N`
//! once any object of the same shape in the context has held a double there
//! (the field's representation became double), so its bytes depend on the
//! context's history, not only on the value.

use crate::graphs::{build, spec, v8_writes_back};
use crate::serdes::{hex_of, v8_serialize, PlainSerializer};
use crate::{eval, with_module};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use structured_clone::{Graph, HeapValue, ObjectId, Serializer};
use v8::{ValueDeserializerHelper, ValueSerializerHelper};

/// A plain `ValueDeserializer` delegate: no host objects.
pub(crate) struct PlainDeserializer;

impl v8::ValueDeserializerImpl for PlainDeserializer {}

/// What a plain V8 without flags cannot take: out-of-band transfers (there
/// is no transfer map) and immutable buffers (read as ordinary ones).
pub(crate) fn v8_safe(g: &mut Graph) {
    for i in 0..g.heap.len() {
        match &mut g.heap[ObjectId(i as u32)] {
            obj @ HeapValue::TransferredArrayBuffer { .. } => *obj = HeapValue::Object(Vec::new()),
            HeapValue::ArrayBuffer(ab) => ab.immutable = false,
            _ => {}
        }
    }
}

/// `g` in the plain format (no host objects) at `version`.
pub(crate) fn plain_bytes(g: &Graph, version: u32) -> structured_clone::Result<Vec<u8>> {
    let mut ser = Serializer::new();
    ser.set_write_version(version)?;
    ser.write_header();
    ser.write_value(&g.heap, &g.root)?;
    Ok(ser.release())
}

/// V8's own `ValueDeserializer` then `ValueSerializer` on `bytes`.
pub(crate) fn v8_read_and_write(
    scope: &mut v8::PinScope<'_, '_>,
    bytes: &[u8],
) -> Result<Vec<u8>, String> {
    v8::scope!(let scope, scope);
    v8::tc_scope!(let tc, scope);
    let context = tc.get_current_context();
    let value = {
        let de = v8::ValueDeserializer::new(tc, Box::new(PlainDeserializer), bytes);
        de.read_header(context)
            .filter(|ok| *ok)
            .and_then(|_| de.read_value(context))
    };
    let Some(value) = value else {
        let why = tc.exception().map(|e| e.to_rust_string_lossy(tc));
        return Err(format!("V8 rejected it: {why:?}"));
    };
    let ser = v8::ValueSerializer::new(tc, Box::new(PlainSerializer));
    ser.write_header();
    match ser.write_value(context, value) {
        Some(true) => Ok(ser.release()),
        _ => Err("V8 could not write it back".into()),
    }
}

/// `bytes` read by structured-clone and written again at their version.
fn reencode(bytes: &[u8], default_format: bool) -> structured_clone::Result<Vec<u8>> {
    if default_format {
        return structured_clone::encode(&structured_clone::decode(bytes)?);
    }
    let mut de = structured_clone::Deserializer::new(bytes);
    de.read_header()?;
    let root = de.read_value()?;
    let version = de.wire_format_version();
    let g = de.into_graph(root);
    let mut ser = Serializer::new();
    ser.set_write_version(version)?;
    ser.write_header();
    ser.write_value(&g.heap, &g.root)?;
    Ok(ser.release())
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap_or_else(|_| panic!("{text}")))
        .collect()
}

#[test]
fn v8_writes_back_what_structured_clone_writes() {
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[11; 32]),
    );
    let strategy = (proptest::collection::vec(spec(), 1..10), 0usize..16);
    let mut failures = Vec::new();
    let mut errors = 0;
    with_module(|scope| {
        for i in 0..1000 {
            v8::scope!(let scope, scope);
            let context = v8::Context::new(scope, Default::default());
            let scope = &mut v8::ContextScope::new(scope, context);
            crate::install(scope, context);
            assert_eq!(eval(scope, crate::serdes::PRELUDE), "ok");
            let (specs, root) = strategy.new_tree(&mut runner).unwrap().current();
            let mut g = build(&specs, root);
            v8_safe(&mut g);
            errors += g.heap.iter().any(|(_, o)| matches!(o, HeapValue::Error(_))) as usize;
            let ours = plain_bytes(&g, 16).unwrap();
            let want = plain_bytes(&v8_writes_back(&g), 16).unwrap();
            match v8_read_and_write(scope, &ours) {
                Ok(got) if got == want => {}
                Ok(got) => failures.push(format!(
                    "#{i} plain {}\n  V8 writes {}\n  we write  {}",
                    hex_of(&ours),
                    hex_of(&got),
                    hex_of(&want)
                )),
                Err(e) => failures.push(format!("#{i} plain {}: {e}", hex_of(&ours))),
            }
            // Node's format: the facade's v8.serialize is V8's with Node's
            // host objects for views, as structured_clone::encode writes.
            if i % 3 == 0 {
                let ours = structured_clone::encode(&g).unwrap();
                let want = hex_of(&structured_clone::encode(&v8_writes_back(&g)).unwrap());
                let got = eval(
                    scope,
                    &format!(
                        "hex(v8.serialize(v8.deserialize(Buffer.from('{}', 'hex'))))",
                        hex_of(&ours)
                    ),
                );
                if got != want {
                    failures.push(format!(
                        "#{i} default {}\n  V8 writes {got}\n  we write  {want}",
                        hex_of(&ours)
                    ));
                }
            }
        }
    });
    assert!(errors > 100, "only {errors} graphs hold an Error");
    assert!(
        failures.is_empty(),
        "{} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn structured_clone_rewrites_what_v8_writes() {
    const COUNT: usize = 2000;
    let generator = include_str!("random_values.js");
    with_module(|scope| {
        assert_eq!(eval(scope, crate::serdes::PRELUDE), "ok");
        let made = eval(
            scope,
            &format!("globalThis.values = ({generator})(7, {COUNT}); values.length"),
        );
        assert_eq!(made, COUNT.to_string());
        let mut failures = Vec::new();
        for i in 0..COUNT {
            let plain = v8_serialize(scope, &format!("values[{i}]"));
            let default = eval(scope, &format!("hex(v8.serialize(values[{i}]))"));
            let default = unhex(&default);
            for (bytes, mode) in [(plain, false), (default, true)] {
                match reencode(&bytes, mode) {
                    Ok(again) if again == bytes => {}
                    Ok(again) => failures.push(format!(
                        "#{i} (default: {mode}) V8 writes {}\n  we write again {}",
                        hex_of(&bytes),
                        hex_of(&again)
                    )),
                    Err(e) => {
                        failures.push(format!("#{i} (default: {mode}) {}: {e}", hex_of(&bytes)))
                    }
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} differ:\n{}",
            failures.len(),
            failures.join("\n")
        );
    });
}
