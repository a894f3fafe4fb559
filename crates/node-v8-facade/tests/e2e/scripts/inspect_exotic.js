// Differential: classes, proxies, boxed values with props, errors renamed or without prototype.
class S { static count = 3; static helper() {} }
class D extends Date {}
function* g() { yield 1; }
const revocable = Proxy.revocable({}, {}); revocable.revoke();
const cases = [
  S, new D(0), g(), g, revocable.proxy, new Proxy(function named() {}, {}),
  Object.create(S.prototype), { constructor: 'fake' }, new WeakRef({}),
  Object.assign(new Number(5), { extra: 1 }), [-0, 0, -0],
  Object.assign([1, 2], { [Symbol('s')]: 3 }),
  Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`key${i}`, i])),
  ['a string that is definitely longer than sixteen chars\nwith a newline', 'b'],
  { text: 'first line of a long value that keeps going and going\nsecond line of it' },
  new Array(3).fill({ same: 'object' }),
  [new Set([[1, 2]]), new Map([[[1], { a: [1, 2, { b: 3 }] }]])],
  { a: [{ b: [{ c: [{ d: 1 }] }] }] },
  Symbol('with\nnewline'),
  { 'quote\'key': 1, 'dq"key': 2 },
  [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n],
  Array.from({ length: 7 }, (_, i) => (i % 2 ? `s${i}` : i)),
  new Error(''),
  Object.assign(new Error('props'), { stack: undefined }),
  (() => { const e = new TypeError('renamed'); e.name = 'CustomName'; return e; })(),
  Object.setPrototypeOf(new Error('nullproto'), null),
  async () => {},
  { [Symbol.iterator]: 1, plain: true },
  globalThis.process ? 'has process' : 'no process',
];
const { inspect } = require('util');
// Error stacks have runtime-specific internal frames: keep user frames only.
for (const c of cases) console.log(inspect(c).replace(/\n\s+at [^\n]*node:internal[^\n]*/g, ''));
