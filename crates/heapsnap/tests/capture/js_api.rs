//! The JavaScript exports, with Node's validation and the stream protocol.

use super::util::{isolate, run, SERIAL};

/// Runs `source` with `v8` = this crate's exports; returns the completion
/// value of the script (after microtasks) as a string.
fn js(source: &str) -> String {
    let mut iso = isolate();
    v8::scope!(let scope, &mut iso);
    let context = v8::Context::new(scope, Default::default());
    let scope = &mut v8::ContextScope::new(scope, context);
    let entries = heapsnap::js::exports(scope);
    let module = v8_host::js::build::object_from_entries(scope, entries);
    let global = context.global(scope);
    v8_host::js::build::set(scope, global, "v8", module.into()).unwrap();
    run(scope, "globalThis.out = []; 0");
    run(scope, source);
    run(scope, "JSON.stringify(globalThis.out)")
}

const THROWS: &str = "globalThis.t = (f) => { try { f(); out.push('no throw'); } catch (e) { out.push(`${e.name}|${e.code}|${e.message}`); } };";

#[test]
fn exports_in_node_order() {
    let names = js("out.push(...Object.keys(v8))");
    assert_eq!(
        names,
        r#"["getHeapSnapshot","writeHeapSnapshot","setHeapSnapshotNearHeapLimit"]"#
    );
    assert_eq!(heapsnap::js::external_references().len(), 3);
}

#[test]
fn validation_matches_node() {
    let out = js(&format!(
        "{THROWS}
        for (const p of [1, true, {{}}, [], null, Infinity, NaN]) t(() => v8.writeHeapSnapshot(p));
        t(() => v8.writeHeapSnapshot('a\\0b'));
        for (const o of [null, 'x', [], 1, true]) t(() => v8.writeHeapSnapshot('f', o));
        t(() => v8.writeHeapSnapshot(123, 'x'));
        t(() => v8.writeHeapSnapshot('f', {{ exposeInternals: 1 }}));
        t(() => v8.getHeapSnapshot({{ exposeNumericValues: 'yes' }}));
        t(() => v8.getHeapSnapshot(null));
        t(() => v8.setHeapSnapshotNearHeapLimit('1'));
        for (const l of [0, -1, 2 ** 32, 1.5]) t(() => v8.setHeapSnapshotNearHeapLimit(l));
        t(() => v8.writeHeapSnapshot({{ href: 'http://x/y', protocol: 'http:' }}));"
    ));
    let rows: Vec<String> = serde_json::from_str(&out).unwrap();
    let path_type = "TypeError|ERR_INVALID_ARG_TYPE|The \"path\" argument must be of type string or an instance of Buffer or URL. Received";
    for row in &rows[..7] {
        assert!(row.starts_with(path_type), "{row}");
    }
    assert!(rows[0].ends_with("Received type number (1)"), "{}", rows[0]);
    assert!(
        rows[5].ends_with("Received type number (Infinity)"),
        "{}",
        rows[5]
    );
    assert_eq!(
        rows[7],
        "TypeError|ERR_INVALID_ARG_VALUE|The argument 'path' must be a string, Uint8Array, or URL without null bytes. Received 'a\\x00b'"
    );
    for row in &rows[8..13] {
        assert!(row.starts_with("TypeError|ERR_INVALID_ARG_TYPE|The \"options\" argument must be of type object. Received"), "{row}");
    }
    assert!(
        rows[13].starts_with(path_type),
        "path is validated first: {}",
        rows[13]
    );
    assert_eq!(rows[14], "TypeError|ERR_INVALID_ARG_TYPE|The \"options.exposeInternals\" property must be of type boolean. Received type number (1)");
    assert_eq!(rows[15], "TypeError|ERR_INVALID_ARG_TYPE|The \"options.exposeNumericValues\" property must be of type boolean. Received type string ('yes')");
    assert!(
        rows[16].starts_with("TypeError|ERR_INVALID_ARG_TYPE|The \"options\" argument"),
        "{}",
        rows[16]
    );
    assert!(
        rows[17].starts_with(
            "TypeError|ERR_INVALID_ARG_TYPE|The \"limit\" argument must be of type number"
        ),
        "{}",
        rows[17]
    );
    assert_eq!(rows[18], "RangeError|ERR_OUT_OF_RANGE|The value of \"limit\" is out of range. It must be >= 1 && <= 4294967295. Received 0");
    assert_eq!(rows[19], "RangeError|ERR_OUT_OF_RANGE|The value of \"limit\" is out of range. It must be >= 1 && <= 4294967295. Received -1");
    assert_eq!(rows[20], "RangeError|ERR_OUT_OF_RANGE|The value of \"limit\" is out of range. It must be >= 1 && <= 4294967295. Received 4294967296");
    assert_eq!(rows[21], "RangeError|ERR_OUT_OF_RANGE|The value of \"limit\" is out of range. It must be an integer. Received 1.5");
    assert_eq!(
        rows[22],
        "TypeError|ERR_INVALID_URL_SCHEME|The URL must be of scheme file"
    );
}

#[test]
fn write_heap_snapshot_returns_the_path_and_throws_uv_errors() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let out = js(&format!(
        "out.push(v8.writeHeapSnapshot('{d}/named.heapsnapshot', {{ exposeInternals: true }}));
         const buf = new Uint8Array([...'{d}/buf.heapsnapshot'].map(c => c.charCodeAt(0)));
         out.push(v8.writeHeapSnapshot(buf) === buf);
         out.push(v8.writeHeapSnapshot({{ href: 'file://{d}/u%20rl.heapsnapshot', protocol: 'file:', pathname: '{d}/u%20rl.heapsnapshot' }}));
         try {{ v8.writeHeapSnapshot('{d}'); }} catch (e) {{ out.push([e.name, e.code, e.syscall, e.errno, e.path, e.message]); }}
         try {{ v8.writeHeapSnapshot('{d}/missing/x'); }} catch (e) {{ out.push([e.code, e.syscall, e.message]); }}"
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0], format!("{d}/named.heapsnapshot"));
    assert_eq!(v[1], true);
    assert_eq!(v[2], format!("{d}/u rl.heapsnapshot"));
    assert_eq!(
        v[3],
        serde_json::json!([
            "Error",
            "EISDIR",
            "open",
            -21,
            d.to_string(),
            format!("EISDIR: illegal operation on a directory, open '{d}'")
        ])
    );
    assert_eq!(
        v[4],
        serde_json::json!([
            "ENOENT",
            "open",
            format!("ENOENT: no such file or directory, open '{d}/missing/x'")
        ])
    );
    for f in [
        "named.heapsnapshot",
        "buf.heapsnapshot",
        "u rl.heapsnapshot",
    ] {
        heapsnap::HeapSnapshot::open(dir.path().join(f)).unwrap();
    }
}

#[test]
fn get_heap_snapshot_is_a_readable_stream() {
    let out = js(
        "const s = v8.getHeapSnapshot();
         let n = 0, size = 0, ended = false, closed = false;
         s.on('data', (c) => { n++; size += c.length; if (!(c instanceof Uint8Array)) out.push('not bytes'); });
         s.on('end', () => { ended = true; });
         s.on('close', () => { closed = true; out.push({ n, size, ended, closed }); });
         (async () => {
           const parts = [];
           for await (const c of v8.getHeapSnapshot({ exposeNumericValues: true })) parts.push(c);
           const total = parts.reduce((a, c) => a + c.length, 0);
           const all = new Uint8Array(total);
           let off = 0;
           for (const c of parts) { all.set(c, off); off += c.length; }
           let text = '';
           for (let i = 0; i < all.length; i += 65536) text += String.fromCharCode.apply(null, all.subarray(i, i + 65536));
           const json = JSON.parse(text);
           out.push({ parts: parts.length, first: parts[0].length, fields: json.snapshot.meta.node_fields.length });
           const sink = { chunks: 0, ended: false, write(c) { this.chunks++; return true; }, end() { this.ended = true; out.push({ piped: this.chunks > 0, ended: this.ended }); } };
           v8.getHeapSnapshot().pipe(sink);
           // Two un-consumed snapshots must not crash (nodejs/node#35559).
           v8.getHeapSnapshot(); v8.getHeapSnapshot();
         })().catch((e) => out.push(String(e)));
         0",
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let all = v.as_array().unwrap();
    let stream = all
        .iter()
        .find(|x| x.get("closed").is_some())
        .expect("data/end/close events");
    assert!(
        stream["n"].as_u64().unwrap() > 1 && stream["ended"] == true,
        "{out}"
    );
    let iter = all
        .iter()
        .find(|x| x.get("parts").is_some())
        .expect("for await");
    assert_eq!(iter["first"], 65536);
    assert_eq!(iter["fields"], 6);
    assert!(
        all.iter()
            .any(|x| x.get("piped") == Some(&serde_json::json!(true)) && x["ended"] == true),
        "{out}"
    );
}
