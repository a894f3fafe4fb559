// node gen_serdes_vectors.js > serdes_vectors.json  (Node 20: wire format 15)
const v8 = require('v8');
const exprs = [
  "'a'", "1", "-0", "1.5", "2n ** 70n", "true", "null", "undefined", "'\u00e9t\u00e9'", "'\u4e2d'",
  "({ a: 1, b: [1, 2, 'x'] })", "[1, , 3]", "new Map([[1, { x: 2 }]])", "new Set(['a'])",
  "new Date(0)", "/ab+c/gi", "new Uint8Array([1, 2, 3])", "new Float64Array([1.5])",
  "new Int16Array([-1, 2])", "new DataView(new ArrayBuffer(3))", "new BigInt64Array([-5n])",
  "Buffer.from('ab')", "new ArrayBuffer(4)", "(() => { const o = { n: 1 }; o.self = o; return o; })()",
  "{ u: new Uint32Array([7]), s: 'str' }", "Object(1)", "Object('s')", "(() => { const e = new RangeError('boom'); e.stack = 'RangeError: boom'; return e; })()",
];
// [expr, serialize(value), serialize(deserialize(serialize(value)))]
const out = exprs.map((e) => {
  const bytes = v8.serialize(eval('(' + e + ')'));
  return [e, bytes.toString('hex'), v8.serialize(v8.deserialize(bytes)).toString('hex')];
});
console.log(JSON.stringify(out, null, 0).replace(/\],\[/g, '],\n['));
// Errors: [expr, [name, code, message]].
const errors = ["v8.serialize(() => {})", "v8.serialize(Symbol('x'))", "v8.serialize(new WeakMap())",
  "v8.deserialize(1)", "v8.deserialize(Buffer.from([1, 2, 3]))", "v8.deserialize(Buffer.from('ff0f', 'hex'))",
  "v8.serialize(new Proxy({}, {}))", "v8.deserialize()"];
console.error(JSON.stringify(errors.map((e) => { try { eval(e); return [e, 'ok']; } catch (err) { return [e, [err.name, err.code ?? null, err.message]]; } })));
