// Differential cases for console.log / util.inspect: output must equal Node 20's.
'use strict';
const cases = [
  'top-level string', "it's", 'say "hi"', `both ' and "`, 'a\nb\tc\\', '\x00\x7f\u0085',
  42, -0, 0, NaN, -Infinity, 1e21, 1.5e-7, 10n, -5n, true, false, null, undefined,
  Symbol('desc'), Symbol(), Symbol.iterator,
  [], [1, 2, 3], [undefined, null], ['a', 'b'], [[1, [2, [3, [4]]]]],
  new Array(5), [1, , 3], [, , 1, , ,],
  Array.from({ length: 30 }, (_, i) => i),
  Array.from({ length: 120 }, (_, i) => i * 3),
  Array.from({ length: 10 }, (_, i) => 'item' + i),
  Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i).repeat(i % 5 + 1)),
  {}, { a: 1 }, { a: 1, b: 'x', c: [1, 2], d: { e: null } },
  { 'key with space': 1, valid_id: 2, 3: 'three', 'é': 4 },
  { a: { b: { c: { d: { e: 1 } } } } },
  { a: { b: { c: {} } } },
  { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 },
  { longPropertyNameNumberOne: 'some long value here', longPropertyNameNumberTwo: 'another long value' },
  { text: 'x'.repeat(100) },
  { multi: 'line one\nline two\nline three is a bit longer than the others to go over the limit' },
  { [Symbol('sym')]: 1, regular: 2 },
  { get g() { return 1; }, set s(v) {}, get gs() { return 1; }, set gs(v) {} },
  { __proto__: null, x: 1 },
  Object.create(null),
  { fn() {}, arrow: () => {}, named: function named() {}, anon: function () {} },
  [function () {}, async function af() {}, function* gen() {}, async function* ag() {}, class A {}, class B extends Array {}],
  class {}, Math.max,
  new Map(), new Map([[1, 'one'], ['two', { x: 2 }]]), new Set(), new Set(['a', { b: 1 }, [3]]),
  new WeakMap(), new WeakSet(),
  new Date(0), new Date(NaN), /re+gex/gi, new RegExp('a/b'),
  new Number(3), new String('boxed'), new Boolean(false), Object(1n), Object(Symbol('b')),
  new Uint8Array([1, 2, 3]), new Float64Array(2), new BigInt64Array([1n, -1n]), new Uint8Array(0),
  new ArrayBuffer(4), new DataView(new ArrayBuffer(2)),
  Promise.resolve(42), Promise.reject(new Error('no')).catch(() => {}) && new Promise(() => {}),
  new Map([[{ a: 1 }, new Set([1, 2])]]),
  [new Map([['k', 'v']]).entries(), new Set([5]).values()],
  new Proxy({ target: 1 }, {}),
  (function () { return arguments; })(1, 'a'),
  { nested: [{ a: 1, b: { c: [1, 2, { d: 3 }] } }] },
  [{ a: 1, b: 2 }, { a: 3, b: 4 }],
  Array.from({ length: 8 }, (_, i) => ({ id: i })),
  'x'.repeat(200),
  Object.assign(Object.create({ inherited: 1 }), { own: 2 }),
  Object.defineProperty({ visible: 1 }, 'hidden', { value: 2, enumerable: false }),
  { [Symbol.toStringTag]: 'Tagged', v: 1 },
  Object.assign([1, 2], { extra: 'prop' }),
];
class Foo { constructor() { this.x = 1; this.y = [1, 2]; } }
class Bar extends Foo { constructor() { super(); this.z = 'z'; } }
class Empty {}
class Arr extends Array {}
cases.push(new Foo(), new Bar(), new Empty(), Arr.from([1, 2]), [new Foo()]);
const circ = { name: 'root', list: [] };
circ.list.push(circ);
circ.self = circ;
const circ2 = { a: {} };
circ2.a.back = circ2.a;
cases.push(circ, circ2);
function E() {}
E.prototype = Object.create(null);
cases.push(new E());
cases.push(Object.assign(function withProps() {}, { a: 1 }));
const err = new Error('message here');
err.stack = 'Error: message here\n    at fake (file.js:1:1)';
const errNoStack = new TypeError('plain');
errNoStack.stack = 'TypeError: plain';
const errCode = new RangeError('with code');
errCode.stack = 'RangeError: with code\n    at x (y.js:2:3)';
errCode.code = 'ERR_SOMETHING';
class MyError extends Error {}
const mine = new MyError('custom');
mine.stack = 'Error: custom\n    at z (w.js:1:1)';
cases.push(err, errNoStack, errCode, mine, { nestedErr: errNoStack });
cases.push({ custom: { [Symbol.for('nodejs.util.inspect.custom')]() { return 'CUSTOM'; } } });
cases.push(Buffer.from('buffer text'), Buffer.alloc(0), Buffer.from(Array.from({ length: 60 }, (_, i) => i)));

for (const value of cases) console.log(value);
console.log('multiple', 'args', 1, { a: 1 }, ['x']);
console.log('%s|%s|%s|%s|%s', 'str', 42, 42n, { a: { b: 1 } }, null);
console.log('%d|%d|%d|%i|%i|%f', '42', 1.5, 10n, '3.9abc', -2.5, '1.25x');
console.log('%j|%j', { a: [1, 'b'] }, circ);
console.log('%o', { a: [1, 2], f() {} });
console.log('%O|%c|%%|%x', { a: { b: { c: { d: 1 } } } }, 'color: red');
console.log('%s', 'only', 'extra', 7);
console.log('100%', 'literal');
console.error('to stderr', { a: 1 });
