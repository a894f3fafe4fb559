'use strict';
// Canonical description of a JavaScript value, mirrored by tests/conformance/describe.rs.
// Objects get ids in depth-first first-visit order; later visits are ['ref', id].
function describe(root, mode) {
  const ids = new Map();
  const num = (n) => (Object.is(n, -0) ? '-0' : String(n));
  const str = (s) => (s.isWellFormed() ? s : { utf16: Array.from({ length: s.length }, (_, i) => s.charCodeAt(i)) });
  const hex = (u8) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('hex');
  function props(o, skipIndices) {
    return Object.keys(o)
      .filter((k) => !(skipIndices && /^(0|[1-9][0-9]*)$/.test(k) && Number(k) < 4294967295))
      .map((k) => [k, d(o[k])]);
  }
  function d(v) {
    switch (typeof v) {
      case 'undefined': return ['undefined'];
      case 'boolean': return ['bool', v];
      case 'number': return ['number', num(v)];
      case 'bigint': return ['bigint', v.toString()];
      case 'string': return ['string', str(v)];
    }
    if (v === null) return ['null'];
    if (ids.has(v)) return ['ref', ids.get(v)];
    const id = ids.size;
    ids.set(v, id);
    const tag = Object.prototype.toString.call(v);
    if (Array.isArray(v)) return ['array', id, v.length, props(v, false)];
    if (v instanceof Date) return ['date', id, num(v.getTime())];
    if (v instanceof RegExp) return ['regexp', id, v.source, v.flags];
    if (tag === '[object Boolean]') return ['Boolean', id, v.valueOf()];
    if (tag === '[object Number]') return ['Number', id, num(v.valueOf())];
    if (tag === '[object BigInt]') return ['BigInt', id, v.valueOf().toString()];
    if (tag === '[object String]') return ['String', id, str(v.valueOf())];
    if (v instanceof Map) return ['map', id, [...v].map(([k, x]) => [d(k), d(x)])];
    if (v instanceof Set) return ['set', id, [...v].map(d)];
    if (v instanceof ArrayBuffer) {
      return ['arraybuffer', id, hex(new Uint8Array(v)), v.resizable ? v.maxByteLength : null];
    }
    if (ArrayBuffer.isView(v)) {
      const ctor = v.constructor === Buffer ? 'Buffer' : v.constructor.name;
      const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      if (mode === 'default') return ['view', id, ctor, hex(bytes)];
      return ['view', id, ctor, hex(bytes), v.byteOffset, d(v.buffer)];
    }
    if (v instanceof Error) {
      const own = (k) => Object.prototype.hasOwnProperty.call(v, k);
      return ['error', id, v.name, own('message') ? str(v.message) : null,
        typeof v.stack === 'string' ? str(v.stack) : null, own('cause') ? d(v.cause) : null];
    }
    return ['object', id, props(v, false)];
  }
  return d(root);
}

module.exports = { describe };
