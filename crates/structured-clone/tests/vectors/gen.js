#!/usr/bin/env node
// Regenerates vectors.json with the running Node (the oracle):
//   node crates/structured-clone/tests/vectors/gen.js
// Each accepted vector records the bytes, a canonical description of the value
// Node decodes from them (see describe()), and the bytes Node writes when it
// serializes that decoded value again. Rejected vectors record only the bytes.
'use strict';
const v8 = require('v8');
const fs = require('fs');
const path = require('path');

const { describe } = require('./describe.js');

function decodeWith(mode, buf) {
  if (mode === 'default') return v8.deserialize(buf);
  const de = new v8.Deserializer(buf);
  de.readHeader();
  return de.readValue();
}
function encodeWith(mode, value) {
  if (mode === 'default') return v8.serialize(value);
  const ser = new v8.Serializer();
  ser.writeHeader();
  ser.writeValue(value);
  return ser.releaseBuffer();
}

const vectors = [];
const overrides = new Map();
// A vector made from a JS value (`make` returns it).
function val(name, make, description, mode = 'default') {
  const hex = encodeWith(mode, make()).toString('hex');
  fromHex(name, hex, description, mode, undefined, 'value');
}
// A vector given as bytes; Node decides whether it is accepted.
function fromHex(name, hex, description, mode = 'default', override = undefined, origin = 'bytes') {
  if (hex.length % 2) throw new Error(`odd hex in ${name}`);
  if (override) overrides.set(name, override);
  let value;
  try {
    value = decodeWith(mode, Buffer.from(hex, 'hex'));
  } catch (e) {
    vectors.push({ name, mode, hex, description, accept: false, node_error: String(e.message), ...overrides.get(name) });
    return;
  }
  const entry = { name, mode, hex, description, origin, accept: true, value: describe(value, mode), ...overrides.get(name) };
  try {
    entry.reencoded = encodeWith(mode, value).toString('hex');
  } catch (e) {
    entry.reencode_error = String(e.message);
  }
  vectors.push(entry);
}

// ---- primitives ----
val('undefined', () => undefined, 'undefined');
val('null', () => null, 'null');
val('true', () => true, 'true');
val('false', () => false, 'false');
for (const n of [0, 1, -1, 42, 2 ** 30, 2 ** 31 - 1, -(2 ** 31)]) val(`int32 ${n}`, () => n, 'Smi written as I (32-bit Smis on Node x64)');
for (const n of [-0, 0.5, 2 ** 31, -(2 ** 31) - 1, NaN, Infinity, -Infinity, 1e21, 5e-324, Number.MAX_VALUE]) {
  val(`double ${Object.is(n, -0) ? '-0' : n}`, () => n, 'HeapNumber written as N');
}
for (const b of ['0n', '1n', '-1n', '2n**64n', '-(2n**64n)-1n', '2n**200n+12345n', '-(2n**63n)']) {
  val(`bigint ${b}`, () => eval(b), 'BigInt: sign|bytes<<1 bitfield, whole 8-byte digits');
}
val('string empty', () => '', 'empty one-byte string');
val('string ascii', () => 'hello', 'one-byte');
val('string latin1', () => 'é', 'Latin-1 stays one-byte');
val('string euro', () => '€', 'two-byte');
val('string emoji', () => '😀', 'surrogate pair');
val('string lone surrogate', () => '\ud800', 'lone surrogate preserved');
val('string two-byte ascii', () => '€abcdefghijklmnopqrstuvwxyz'.slice(1), 'ASCII content in a two-byte string (V18)');
val('array padding', () => ['a', '€'], 'padding byte before c');
val('object padding', () => ({ ab: '€' }), 'padding byte before c in an object');
val('string long', () => 'x'.repeat(300), 'varint length > 127');
// ---- objects and arrays ----
val('object empty', () => ({}), '{}');
val('object keys', () => ({ 1: 'a', b: 2 }), 'index key as I first');
val('object key kinds', () => ({ '01': 1, 4294967295: 2, 4294967294: 3, '-1': 4 }), 'index 4294967294 as N; others strings');
val('object self', () => { const o = {}; o.self = o; return o; }, 'cycle');
val('array shared', () => { const a = {}; return [a, a]; }, 'shared reference');
val('array holey', () => [1, , 3], 'holey array goes sparse');
val('array sparse', () => { const a = []; a[5] = 1; return a; }, 'sparse');
val('array packed double', () => [1.5, 2], 'packed double: 2 as N');
val('array props', () => { const a = [1, 2]; a.x = 'y'; return a; }, 'dense array with a named property');
val('array sparse props', () => { const a = [1, , 3]; a.x = 'y'; return a; }, 'sparse array with a named property');
val('array big sparse', () => { const a = []; a.length = 4294967295; a[4294967294] = 1; return a; }, 'max length sparse with N index key');
val('array nested', () => [[[]], { a: [1, { b: null }] }], 'nesting');
val('array non-determinism', () => { const a = [1, 2, 3]; a.push(1.5); a.pop(); return a; }, 'doubles after push/pop (V18)');
// ---- Date, RegExp, wrappers, Map, Set ----
val('date 0', () => new Date(0), 'Date');
val('date NaN', () => new Date(NaN), 'invalid Date');
val('date 1e12', () => new Date(1e12), 'Date');
val('regexp gi', () => /ab/gi, 'flags 3');
val('regexp dgimsuy', () => /x/dgimsuy, 'flags 191');
val('regexp v', () => /x/v, 'flag v (256)');
val('regexp euro', () => /€/, 'two-byte pattern with padding');
val('String object', () => new String('ab'), 'wrapper');
val('Number object -0', () => new Number(-0), 'wrapper');
val('Boolean true', () => new Boolean(true), 'wrapper');
val('Boolean false', () => new Boolean(false), 'wrapper');
val('BigInt object', () => Object(1n), 'wrapper');
val('map', () => new Map([[1, 'a']]), 'Map');
val('map self', () => { const m = new Map(); m.set(m, m); return m; }, 'Map referring to itself');
val('set', () => new Set([1, 'x']), 'Set');
val('set objects', () => { const o = {}; return new Set([o, [o]]); }, 'Set with shared object');
// ---- buffers and views ----
val('arraybuffer', () => new Uint8Array([1, 2, 3]).buffer, 'ArrayBuffer');
val('arraybuffer empty', () => new ArrayBuffer(0), 'empty ArrayBuffer');
val('resizable arraybuffer', () => { const b = new ArrayBuffer(2, { maxByteLength: 8 }); return b; }, 'resizable');
for (const [ctor, vals] of [['Int8Array', [1, -2]], ['Uint8Array', [1, 2, 3]], ['Uint8ClampedArray', [9]], ['Int16Array', [-1, 2]],
  ['Uint16Array', [1, 2]], ['Int32Array', [-5]], ['Uint32Array', [5]], ['Float32Array', [1.5]], ['Float64Array', [1.5]],
  ['BigInt64Array', [-1n]], ['BigUint64Array', [1n]]]) {
  val(`default ${ctor}`, () => new globalThis[ctor](vals), 'DefaultSerializer host view');
  val(`plain ${ctor}`, () => new globalThis[ctor](vals), 'native V view', 'plain');
}
val('default Buffer', () => Buffer.from('hi'), 'Buffer is index 10');
val('default subarray', () => new Uint16Array([1, 2, 3, 4]).subarray(1, 3), 'only the covered bytes');
val('default DataView', () => new DataView(new ArrayBuffer(4), 1, 2), 'DataView index 9');
val('default shared view', () => { const u = new Uint8Array([7]); return [u, u]; }, 'host objects get ids');
val('default view then reference', () => { const o = {}; return [new Uint8Array([1]), o, o]; }, 'the view\'s new buffer takes no id: ^2 is o');
val('default two views one buffer', () => { const ab = new ArrayBuffer(4); return [new Uint8Array(ab), new Uint16Array(ab, 2)]; }, 'buffer sharing is lost');
val('plain subarray', () => new Uint16Array([1, 2, 3, 4]).subarray(1, 3), 'native view with offset', 'plain');
val('plain DataView', () => new DataView(new ArrayBuffer(4), 1, 2), 'native DataView', 'plain');
val('plain two views one buffer', () => { const ab = new ArrayBuffer(4); return [new Uint8Array(ab), new Uint16Array(ab, 2)]; }, 'second view writes ^1 V', 'plain');
val('plain rab view tracking', () => new Uint8Array(new ArrayBuffer(2, { maxByteLength: 8 })), 'length-tracking flags 3', 'plain');
val('plain rab view fixed', () => new Uint8Array(new ArrayBuffer(4, { maxByteLength: 8 }), 0, 2), 'fixed flags 2', 'plain');
val('plain view and buffer', () => { const ab = new ArrayBuffer(2); return { ab, v: new Uint8Array(ab) }; }, 'buffer first then ^ V', 'plain');
// ---- errors (Node 20 writes m, c, s) ----
val('error plain', () => { const e = new Error('m'); delete e.stack; return e; }, 'Error without stack');
val('error type', () => { const e = new TypeError('t'); e.stack = 'S'; return e; }, 'TypeError with stack');
val('error range code', () => { const e = new RangeError('r'); e.stack = 'S'; e.code = 'X'; return e; }, 'code is dropped');
val('error no message', () => { const e = new EvalError(); e.stack = 'S'; return e; }, 'no own message');
val('error others', () => { const es = [new ReferenceError('a'), new SyntaxError('b'), new URIError('c')]; for (const e of es) e.stack = 's'; return es; }, 'prototypes');
val('error custom name', () => { const e = new Error('x'); e.name = 'Custom'; e.stack = 's'; return e; }, 'unknown name becomes Error');
val('error cause', () => { const e = new Error('m', { cause: 1 }); e.stack = 'S'; return e; }, 'Node 20 order m c s');
val('error cause no stack', () => { const e = new Error('m', { cause: { a: 1 } }); delete e.stack; return e; }, 'cause only');
fromHex('error new order', 'ff0f726d22016d732201536349022e', 'V8 >= 12.1 order m s c');
fromHex('error self cause', 'ff0f726d22016d635e002e', 'cause = the error itself (V8 >= 12.1)', 'default',
  { ours_accept: true, why: 'V8 >= 12.1 (Node 22+) reads a self-referencing cause; Node 20 cannot' });
// `C` (immutable ArrayBuffer) came after V8 11.3 without a version bump: Node 20
// rejects it; V8 15.2 reads it under every header (see v8_15_2.json).
for (const [name, hex, reencoded] of [['immutable arraybuffer', 'ff0f4303010203', 'ff0f4303010203'],
  ['immutable arraybuffer v13 view', 'ff0d43040102030456420102', 'ff0f4304010203045642010200']]) {
  fromHex(name, hex, 'C tag', 'plain', { ours_accept: true, ours_reencoded: reencoded,
    why: 'V8 15.2 reads C at any version; Node 20 does not know the tag' });
}
// ---- decode-only acceptance ----
fromHex('utf8 S', 'ff0f5303e282ac', 'UTF-8 string tag (read only)');
fromHex('verify count', 'ff0f3f055f', '? count is ignored');
fromHex('padding', 'ff0f00005f', 'padding before a tag');
fromHex('trailing', 'ff0f5f5f5f', 'trailing bytes ignored');
fromHex('short bigint', 'ff0f5a0201', 'BigInt with 1 digit byte');
fromHex('bigint 3 bytes', 'ff0f5a06ffffff', 'BigInt with 3 digit bytes');
fromHex('bigint zero digits', 'ff0f5a100000000000000000', 'one zero digit is 0n');
fromHex('dense hole', 'ff0f41022d4902240002', 'hole in a dense array');
fromHex('uint32', 'ff0f558080808008', 'U tag');
fromHex('uint32 small', 'ff0f5505', 'U tag, Smi range');
fromHex('double key', 'ff0f6f4e000000000000f83f49027b01', 'double key 1.5 becomes "1.5"');
fromHex('double index key', 'ff0f6f4e000000000000f03f49027b01', 'double key 1 is index 1');
fromHex('v13', 'ff0d5f', 'version 13');
fromHex('v14', 'ff0e5f', 'version 14');
fromHex('v13 view', 'ff0d42030102035642000300', 'v13 view without flags');
fromHex('v13 object self', 'ff0d6f2203666f6f5e007b01', "Node's format sentinel test");
fromHex('v13 host view', 'ff0d5c0404addeefbe', 'v13 Default host Uint16Array');
fromHex('sparse max', 'ff0f61ffffffff0f4000ffffffff0f', 'length 4294967295');
fromHex('cycle', 'ff0f6f2201615e007b01', 'cycle');
fromHex('varint overlong', 'ff0f498000', 'over-long varint');
fromHex('varint 5 bytes', 'ff0f49ffffffff7f', 'high bits dropped');
fromHex('varint 5th byte ends', 'ff0f49ffffffffff01', '5th byte ends the varint, 01 is trailing');
fromHex('node truncated view', 'ff0f5c0403010203', 'Node truncates odd host view lengths');
fromHex('map duplicate key', 'ff0f3b490222016149022201623a04', 'Map.set keeps the first position');
fromHex('set duplicate', 'ff0f27490249022c02', 'Set.add ignores repeats');
fromHex('map -0 key', 'ff0f3b4e00000000000000805f3a02', 'Map normalizes -0 to +0');
fromHex('date fraction', 'ff0f44333333333333fb3f', 'TimeClip truncates');
fromHex('date negative fraction', 'ff0f44000000000000e0bf', 'TimeClip: -0.5 becomes +0');
fromHex('date out of range', 'ff0f440080faca73f93f43', 'TimeClip gives NaN (9e15)');
fromHex('padding inside key', 'ff0f6f002201610049027b01', 'padding before key tag');
fromHex('sparse index beyond length', 'ff0f6102490a49024001' + '02', 'index key beyond sparse length');
fromHex('object one prop count', 'ff0f6f22016149027b01', 'count 1');
fromHex('regexp uv', 'ff0f5222017890' + '02', 'u and v together', 'default',
  { ours_accept: false, why: 'V8 >= 11.x RegExp::VerifyFlags (V8 15.2 in this workspace) rejects u+v; Node 20 accepts' });
fromHex('host unknown index', 'ff0f5c0e0100', 'index 14 unknown');
fromHex('nan payload', 'ff0f4e010000000000f87f', 'NaN payload canonicalised');
// ---- rejected ----
for (const [hex, why] of [
  ['ff0c5f', 'version 12'], ['ff115f', 'version 17'], ['5f', 'no header'], ['', 'empty'],
  ['ff0f6f220161490122016149027b02', 'duplicate key'], ['ff0f6f490222013149047b02', '1 and "1"'],
  ['ff0f5a01', '-0n'], ['ff0f6f6f7b0049027b01', 'object as key'], ['ff0f6f7b01', 'count'],
  ['ff0f3b49023a01', 'map count'], ['ff0f42030102035642000302', 'RAB flag on a fixed AB'],
  ['ff0f4204000000005657010200', 'unaligned Uint16 offset'], ['ff0f01', 'unknown tag'],
  ['ff0f5c', 'host without payload'], ['ff0f7500', 'SAB without delegate'], ['ff0f7400', 'unknown transfer'],
  ['ff0f7000', 'shared object'], ['ff0f5e05', 'unknown reference'], ['ff0f72782e', 'bad error tag'],
  ['ff0f726d22016d', 'unterminated error'], ['ff0f726d49022e', 'message not a string'],
  ['ff0f41ffffffff0f', 'dense length > input'], ['ff0f6303616263', 'odd two-byte length'],
  ['ff0f4102490249024001' + '02', 'dense array wrong end tag'], ['ff0f410149022402' + '01', 'dense count'],
  ['ff0f4101490222066c656e67746849022401' + '01', 'array length key'], ['ff0f2d', 'hole at top level'],
  ['ff0f7e0804000000000000000000', 'RAB len > max'], ['ff0f420200005642010200', 'view past the end'], ['ff0f5222017840', 'regexp l flag'],
  ['ff0f420200005678000200', 'unknown view subtag'], ['ff0f7e02080000564200000000', 'RAB view without RAB flag'],
  ['ff0f4e0000', 'short double'], ['ff0f22056162', 'short string'], ['ff0f4f', 'reserved tag'],
  ['ff0f5c0403', 'host raw bytes short'], ['ff0f5e00', 'self reference at top'],
]) fromHex(`reject ${why}`, hex, why);

// ---- values only a delegate can write (read by tests/conformance/wasm_shared.rs) ----
// A v8.Serializer whose _getSharedArrayBufferId gives every SharedArrayBuffer id 7.
// Node 20's V8 11.3 writes a shared WebAssembly.Memory as `m max u id`: the
// memory64 byte after the maximum and the wasm-buffer suffix after `u id` came
// later without a version bump, so V8 15.2 (and our reader) refuses its `m`.
class SabIds extends v8.Serializer {
  _getSharedArrayBufferId() { return 7; }
}
function withSabIds(value) {
  const ser = new SabIds();
  ser.writeHeader();
  ser.writeValue(value);
  return ser.releaseBuffer().toString('hex');
}
const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
const delegateVectors = [
  { name: 'wasm memory', hex: withSabIds(memory), description: 'shared memory, maximum 4 pages' },
  { name: 'wasm memory max', hex: withSabIds(new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true })), description: 'maximum 65536 pages' },
  { name: 'wasm memory ids', hex: withSabIds([memory, memory.buffer, {}]), description: '[memory, memory.buffer, {}]: the buffer is ^2' },
  { name: 'wasm memory buffer', hex: withSabIds(memory.buffer), description: 'the buffer alone: u 7, no suffix in V8 11.3' },
];

const out = path.join(__dirname, 'vectors.json');
const tmp = out + '.tmp';
fs.writeFileSync(tmp, JSON.stringify({ node: process.version, v8: process.versions.v8, vectors, delegate_vectors: delegateVectors }, null, 1) + '\n');
fs.renameSync(tmp, out);
console.log(`wrote ${vectors.length} vectors to ${out}`);
