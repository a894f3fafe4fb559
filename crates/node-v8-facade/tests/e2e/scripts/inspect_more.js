// More differential cases: line breaking, grouping, depth, errors with causes.
'use strict';
const util = require('util');
const cases = [
  Array.from({ length: 7 }, (_, i) => i),
  Array.from({ length: 27 }, (_, i) => i * 1000),
  Array.from({ length: 101 }, (_, i) => -i),
  Array.from({ length: 12 }, (_, i) => (i % 3 ? 'short' : 'a much longer string value')),
  Array.from({ length: 16 }, (_, i) => ({ n: i })),
  Array.from({ length: 9 }, (_, i) => [i, i * 2]),
  [1.5, -2.25, 3, 4e10, 5, 6, 7, 8, 9, 10n],
  { a: [[[[1]]]], b: { c: { d: { e: { f: 1 } } } } },
  [[[[[]]]]],
  { level1: { level2: { level3: 'deep string value that is long enough to wrap maybe' } } },
  { k1: 'value number one', k2: 'value number two', k3: 'value number three', k4: 'v4' },
  { short: 1, arr: Array.from({ length: 30 }, (_, i) => i) },
  new Map(Array.from({ length: 5 }, (_, i) => [`key${i}`, { value: i, list: [i, i + 1] }])),
  new Set(Array.from({ length: 120 }, (_, i) => i)),
  new Map([[new Map([[1, 2]]), new Set([new Set([1])])]]),
  { fn: Object.assign(() => {}, { prop: { nested: true } }) },
  [Symbol.for('registered'), Symbol('with space')],
  { 'a-b': 1, 'c d': 2, e_f: 3, $g: 4, '0x': 5, '': 6 },
  'string with \u001b escape and \ud800 lone surrogate',
  ['nested "double" and \'single\'', "only 'single'", 'back`tick\'and"'],
  { date: new Date(86400000), re: /x/y, nan: NaN, inf: Infinity },
  new Error('top'),
  Object.assign(new Error('with cause', { cause: new TypeError('the cause') }), {}),
  new AggregateError([new Error('a'), new Error('b')], 'many'),
  { deep: { err: new RangeError('nested error') } },
  Object.create(Array.prototype),
  Object.setPrototypeOf({ a: 1 }, Object.create(null)),
  new (class Point { constructor() { this.x = 1; this.y = 2; } get len() { return 3; } })(),
  new (class extends Map {})([[1, 2]]),
  new (class Tagged { get [Symbol.toStringTag]() { return 'TT'; } })(),
  Object.freeze({ frozen: true }),
  [undefined, , null, NaN, -0, 0],
  { undef: undefined, nul: null },
  new Float32Array([1.5, 2.5]),
  new Uint8Array(120),
  globalThis.Symbol,
  Promise.reject(new Error('rejected inside')).catch(() => {}),
  (() => { const p = Promise.reject(3); p.catch(() => {}); return p; })(),
];
for (const value of cases) {
  let text = util.inspect(value);
  // Error stacks have engine-specific frames: keep the first line of each.
  text = text.replace(/\n\s+(at |\.\.\. \d+ lines matching)[^\n]*/g, '');
  console.log(text);
}
console.log(util.inspect({ a: { b: { c: { d: {} } } } }, { depth: 0 }));
console.log(util.inspect({ a: { b: { c: { d: {} } } } }, { depth: Infinity }));
console.log(util.inspect({ a: 1, b: [1, 2] }, { compact: false }));
console.log(util.inspect([1, 2, 3], { maxArrayLength: 1 }));
console.log(util.inspect('x'.repeat(30), { maxStringLength: 10 }));
console.log(util.inspect({ b: 1, a: 2 }, { sorted: true }));
console.log(util.inspect({ get g() { return 5; } }, { getters: true }));
console.log(util.inspect(new Map([[1, 2]]), { showHidden: true }));
console.log(util.inspect([1, 2], { showHidden: true }));
console.log(util.format('%s', Symbol('s')), util.format('%d', '0x10'), util.format('no args %s'));
console.log(util.format(1, 2, '3'), util.format('%s', { toString() { return 'custom'; } }));
console.log(util.format('%s', new Error('in format')).split('\n')[0]);
