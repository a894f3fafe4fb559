//! `serialize`/`deserialize` against bytes and errors recorded from Node 20
//! (`gen_serdes_vectors.js`).

use crate::eval;

/// A minimal `Buffer` (the `nodev8` runtime has a full one): enough for
/// `Buffer.from(string | array, 'hex')` and the `constructor === Buffer` check.
const PRELUDE: &str = "globalThis.Buffer = class Buffer extends Uint8Array { \
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
