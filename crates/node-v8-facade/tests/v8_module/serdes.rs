//! `serialize`/`deserialize` against bytes and errors recorded from Node 20
//! (`gen_serdes_vectors.js`).

use crate::eval;

/// A minimal `Buffer` (the `nodev8` runtime has a full one): enough for
/// `Buffer.from(string | array, 'hex')` and the `constructor === Buffer` check.
pub(crate) const PRELUDE: &str = "globalThis.Buffer = class Buffer extends Uint8Array { \
    static from(v, enc) { \
      if (typeof v === 'string' && enc === 'hex') return new Buffer((v.match(/../g) || []).map(h => parseInt(h, 16))); \
      if (typeof v === 'string') return new Buffer([...v].map(c => c.charCodeAt(0))); \
      return new Buffer(v); } }; \
  globalThis.hex = (u8) => Array.from(u8, b => b.toString(16).padStart(2, '0')).join(''); 'ok'";

fn with_module(test: impl FnOnce(&mut v8::PinScope<'_, '_>)) {
    crate::with_module(|scope| {
        assert_eq!(eval(scope, PRELUDE), "ok");
        test(scope);
    });
}

#[test]
fn serialize_writes_nodes_bytes_and_deserialize_round_trips() {
    let vectors: Vec<(String, String, String)> =
        serde_json::from_str(include_str!("serdes_vectors.json")).unwrap();
    assert!(vectors.len() > 25);
    with_module(|scope| {
        let mut failures = Vec::new();
        for (expr, expected, round_trip) in &vectors {
            let got = eval(scope, &format!("hex(v8.serialize(({expr})))"));
            if &got != expected {
                failures.push(format!("serialize({expr}): {got} != node {expected}"));
            }
            let again = eval(
                scope,
                &format!("hex(v8.serialize(v8.deserialize(Buffer.from('{expected}', 'hex'))))"),
            );
            if &again != round_trip {
                failures.push(format!("round trip of {expr}: {again}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    });
}

#[test]
fn deserialized_views_have_nodes_types() {
    with_module(|scope| {
        let got = eval(
            scope,
            "const r = v8.deserialize(v8.serialize({ b: Buffer.from('ab'), u: new Uint16Array([1, 2]), d: new DataView(new ArrayBuffer(2)), \
               f: new Float16Array([1.5]) })); \
             JSON.stringify([r.b instanceof Buffer, hex(r.b), r.u instanceof Uint16Array, Array.from(r.u), r.d instanceof DataView, \
               r.d.byteLength, r.f instanceof Float16Array, r.f[0], v8.serialize('a') instanceof Buffer])",
        );
        assert_eq!(got, r#"[true,"6162",true,[1,2],true,2,true,1.5,true]"#);
    });
}

#[test]
fn serdes_errors_match_node() {
    let vectors: Vec<(String, serde_json::Value)> =
        serde_json::from_str(include_str!("serdes_error_vectors.json")).unwrap();
    with_module(|scope| {
        for (expr, expected) in &vectors {
            let got = eval(
                scope,
                &format!("(() => {{ try {{ {expr}; return 'ok' }} catch (e) {{ return JSON.stringify([e.name, e.code ?? null, e.message]) }} }})()"),
            );
            let got: serde_json::Value =
                serde_json::from_str(&got).unwrap_or(serde_json::Value::String(got));
            assert_eq!(&got, expected, "{expr}");
        }
    });
}

#[test]
fn serializer_classes_behave_like_nodes() {
    // The same scenario ran in Node 20 gave serdes_classes_expected.json.
    let expected = include_str!("serdes_classes_expected.json").trim();
    with_module(|scope| {
        let scenario = include_str!("serdes_classes_scenario.js");
        let got = eval(scope, &format!("({scenario})(v8)"));
        assert_eq!(got, expected);
    });
}

/// Vectors shared with structured-clone, which checks the same bytes from its
/// side (decoded values, byte-exact re-encoding): Float16Array, version 16
/// and immutable ArrayBuffers, which Node 20 cannot make.
const CROSS_VECTORS: &str = include_str!("../../../structured-clone/tests/vectors/v8_15_2.json");

fn cross_vectors() -> Vec<(&'static str, serde_json::Value)> {
    let doc: serde_json::Value = serde_json::from_str(CROSS_VECTORS).unwrap();
    let mut all = Vec::new();
    for section in ["v8_writes", "we_write"] {
        for v in doc[section].as_array().unwrap() {
            all.push((section, v.clone()));
        }
    }
    assert_eq!(all.len(), 10);
    all
}

/// A plain `ValueSerializer` delegate: no host objects, V8's default errors.
pub(crate) struct PlainSerializer;

impl v8::ValueSerializerImpl for PlainSerializer {
    fn throw_data_clone_error<'s>(
        &self,
        scope: &mut v8::PinScope<'s, '_>,
        message: v8::Local<'s, v8::String>,
    ) {
        let error = v8::Exception::error(scope, message);
        scope.throw_exception(error);
    }
}

/// The value of `js` through V8's own `ValueSerializer` with its own header
/// (the facade's `Serializer` relabels 16 as 15).
pub(crate) fn v8_serialize(scope: &mut v8::PinScope<'_, '_>, js: &str) -> Vec<u8> {
    use v8::ValueSerializerHelper;
    v8::scope!(let scope, scope);
    let source = v8::String::new(scope, js).unwrap();
    let value = v8::Script::compile(scope, source, None)
        .and_then(|s| s.run(scope))
        .unwrap_or_else(|| panic!("{js} threw"));
    let context = scope.get_current_context();
    let serializer = v8::ValueSerializer::new(scope, Box::new(PlainSerializer));
    serializer.write_header();
    assert_eq!(serializer.write_value(context, value), Some(true), "{js}");
    serializer.release()
}

pub(crate) fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks that V8 writes each `v8_writes` vector's bytes, and reads every
/// vector as its constructor and values; `immutable` is what V8 must report
/// for the buffer (false for all when `--js-immutable-arraybuffer` is off).
fn check_cross_vectors(
    scope: &mut v8::PinScope<'_, '_>,
    selected: &[(&str, serde_json::Value)],
    immutable: impl Fn(&serde_json::Value) -> bool,
) {
    let mut failures = Vec::new();
    for (section, v) in selected {
        let name = format!("{section}: {}", v["name"].as_str().unwrap());
        let want_hex = v["hex"].as_str().unwrap();
        let default_mode = v["mode"] == "default";
        if let Some(js) = v["js"].as_str() {
            let got = if default_mode {
                eval(scope, &format!("hex(v8.serialize({js}))"))
            } else {
                let bytes = v8_serialize(scope, js);
                assert_eq!(bytes[..2], [0xff, 16], "{name}: V8 15.2 writes version 16");
                hex_of(&bytes)
            };
            if got != want_hex {
                failures.push(format!("{name}: V8 writes {got}, not {want_hex}"));
            }
        }
        let class = if default_mode {
            "DefaultDeserializer"
        } else {
            "Deserializer"
        };
        let got = eval(
            scope,
            &format!(
                "(() => {{ const d = new v8.{class}(Buffer.from('{want_hex}', 'hex')); d.readHeader(); \
                   const v = d.readValue(); const ab = v instanceof ArrayBuffer ? v : v.buffer; \
                   const els = Array.from(v instanceof ArrayBuffer ? new Uint8Array(v) : v, \
                     (n) => Object.is(n, -0) ? '-0' : String(n)); \
                   return JSON.stringify([d.getWireFormatVersion(), v.constructor.name, els, ab.immutable === true]); }})()"
            ),
        );
        let want = serde_json::json!([v["version"], v["ctor"], v["values"], immutable(v)]);
        match serde_json::from_str::<serde_json::Value>(&got) {
            Ok(got) if got == want => {}
            _ => failures.push(format!("{name}: V8 reads {got}, not {want}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn v8_float16_arrays_and_version_16_match_structured_clone() {
    let all = cross_vectors();
    let (plain, flagged): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|(_, v)| v["flags"].is_null());
    with_module(|scope| {
        check_cross_vectors(scope, &plain, |v| v["immutable"].as_bool().unwrap());
        // `C` without the staged flag: V8 reads the contents into an ordinary
        // buffer under every version, and never writes it.
        let reads: Vec<_> = flagged
            .into_iter()
            .map(|(s, mut v)| {
                v.as_object_mut().unwrap().remove("js");
                (s, v)
            })
            .collect();
        check_cross_vectors(scope, &reads, |_| false);
        let immutable_buffer = "new Uint8Array([1]).buffer.transferToImmutable";
        assert_eq!(
            eval(scope, &format!("typeof {immutable_buffer}")),
            "undefined"
        );
    });
}

#[test]
fn v8_immutable_array_buffers_match_structured_clone() {
    // The flag must be set before V8 starts: a child process of its own.
    v8_host::testing::run_alone(
        "serdes::v8_immutable_array_buffers_match_structured_clone",
        || {
            assert!(v8_host::init_with_flags("--js-immutable-arraybuffer"));
            let flagged: Vec<_> = cross_vectors()
                .into_iter()
                .filter(|(_, v)| v["flags"] == "--js-immutable-arraybuffer")
                .collect();
            assert_eq!(flagged.len(), 5);
            with_module(|scope| {
                check_cross_vectors(scope, &flagged, |v| v["immutable"].as_bool().unwrap())
            });
        },
    );
}
