const util = require('util');
const exprs = [
 "1", "-0", "1e21", "NaN", "10n", "'x'", "\"it's\"", "'a\\nb'", "true", "undefined", "null", "Symbol('q')", "Symbol()",
 "({})", "({a: 1, 'b-c': 'x'})", "[]", "[1, 2, 3]", "[1,2,3,4,5,6,7]", "['a','bb','ccc','dddd','e','f','g','h']",
 "({a: {b: {c: {d: 1}}}})", "Object.create(null)", "Object.assign(Object.create(null), {a: 1})",
 "new Map([[1, 'a']])", "new Set([1, 2])", "new Map()", "function foo() {}", "() => {}", "async function af() {}",
 "function* g() {}", "class A {}", "class B extends Array {}", "new (class X { constructor() { this.y = 1; } })()",
 "new (class Y {})()", "[{a: 1}, [1]]", "new Uint8Array([1, 2])", "new Number(3)", "new String('s')",
 "new Date(0)", "/ab+c/gi", "Promise.resolve(4)", "new WeakMap()", "new Proxy({a: 1}, {})",
 "({[Symbol('s')]: 1})", "Array.from({length: 120}, (_, i) => i)", "({f() {}, g: class {}})",
 "(() => { const o = { n: 1 }; o.self = o; return o; })()",
 "(() => { const a = { x: {} }; const b = { a }; a.x.b = b; a.me = a; return [a, b]; })()",
 "new (class Foo { get [Symbol.toStringTag]() { return 'Bar'; } })()",
 "Object.create(null, { [Symbol.toStringTag]: { value: 'T' } })", "({ [Symbol.toStringTag]: 'own', a: 1 })",
 "Object.assign([1], { [Symbol.toStringTag]: 'Tagged' })", "Math", "JSON",
 "[1, , 3]", "new Array(5)", "[, , 1, , , 2, ]", "Object.assign(new Array(3), { x: 1 })",
 "(() => { const a = []; a[1000000] = 1; a[5] = 2; return a; })()", "Array.from({ length: 150 }, (_, i) => i % 3 ? i : undefined)",
 "(() => { const a = new Array(200); a[150] = 'x'; return a; })()", "[1, 2, 3, 4, 5, 6, , 8]",
 "'a'.repeat(10002)", "({ s: 'b'.repeat(10001) })", "({ get g() { return 1 }, set s(v) {}, get gs() { return 1 }, set gs(v) {} })",
 "({ aaaaaaaaaaaa: 'aaaaaaaaaaaaaaaaaaaa', bbbbbbbbbbbbbb: 'bbbbbbbbbbbbbbbbbbb', ccccccccc: 1 })",
];
const out = [];
for (const e of exprs) {
  const v = eval('(' + e + ')');
  out.push([e, util.inspect(v), util.inspect(v, {depth: 0})]);
}
console.log(JSON.stringify(out, null, 1));
