//! `startCpuProfile` / `startHeapProfile` (Node 25+ shapes, test-v8-cpu-profile.js).

use crate::{eval, with_module};

#[test]
fn cpu_profiles_return_json_once_and_can_overlap() {
    with_module(|scope| {
        let got = eval(
            scope,
            "function spin() { let x = 0; for (let i = 0; i < 2e5; i++) x += i; return x; } \
             const a = v8.startCpuProfile({ sampleInterval: 0.1 }); const b = v8.startCpuProfile(); \
             for (let i = 0; i < 20; i++) spin(); \
             const pa = a.stop(); const pb = b.stop(); const p = JSON.parse(pa); \
             const c = v8.startCpuProfile(); c[Symbol.dispose](); \
             JSON.stringify([typeof pa, pa.length > 0, typeof pb, Array.isArray(p.nodes), Array.isArray(p.samples), \
               typeof p.startTime, p.endTime >= p.startTime, a.stop(), c.stop(), \
               p.nodes.some((n) => n.callFrame.functionName === 'spin') || p.samples.length === 0])",
        );
        assert_eq!(
            got,
            r#"["string",true,"string",true,true,"number",true,null,null,true]"#
        );
    });
}

#[test]
fn one_heap_profile_at_a_time() {
    with_module(|scope| {
        let got = eval(
            scope,
            "const h = v8.startHeapProfile({ sampleInterval: 1024, forceGC: true }); \
             let again; try { v8.startHeapProfile() } catch (e) { again = e.code + ': ' + e.message } \
             globalThis.keep = Array.from({ length: 2000 }, (_, i) => ({ i, s: 'x'.repeat(i % 50) })); \
             const p = JSON.parse(h.stop()); const h2 = v8.startHeapProfile(); const second = typeof h2.stop(); \
             JSON.stringify([again, typeof p.head, Array.isArray(p.samples), h.stop(), second])",
        );
        assert_eq!(
            got,
            r#"["ERR_HEAP_PROFILE_HAVE_BEEN_STARTED: Heap profile has been started","object",true,null,"string"]"#
        );
    });
}

#[test]
fn profile_options_are_validated_like_node() {
    with_module(|scope| {
        let got = eval(
            scope,
            "const r = []; for (const f of [ \
               () => v8.startCpuProfile(null), \
               () => v8.startCpuProfile({ sampleInterval: -1 }), \
               () => v8.startCpuProfile({ maxBufferSize: 0 }), \
               () => v8.startHeapProfile({ stackDepth: 1.5 }), \
               () => v8.startHeapProfile({ sampleInterval: 0 }), \
               () => v8.startHeapProfile({ forceGC: 1 }), \
             ]) { try { f(); r.push('no throw') } catch (e) { r.push(e.code + ': ' + e.message) } } r.join('\\n')",
        );
        assert_eq!(
            got,
            "ERR_INVALID_ARG_TYPE: The \"options\" argument must be of type object. Received null\n\
             ERR_OUT_OF_RANGE: The value of \"options.sampleInterval\" is out of range. It must be >= 0 && <= 2147483.647. Received -1\n\
             ERR_OUT_OF_RANGE: The value of \"options.maxBufferSize\" is out of range. It must be >= 1 && <= 4294967295. Received 0\n\
             ERR_OUT_OF_RANGE: The value of \"options.stackDepth\" is out of range. It must be an integer. Received 1.5\n\
             ERR_OUT_OF_RANGE: The value of \"options.sampleInterval\" is out of range. It must be >= 1 && <= 9007199254740991. Received 0\n\
             ERR_INVALID_ARG_TYPE: The \"options.forceGC\" property must be of type boolean. Received type number (1)"
        );
    });
}
