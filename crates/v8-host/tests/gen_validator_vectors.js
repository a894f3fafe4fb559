const v = require('internal/validators');
const values = ["1", "-0", "NaN", "Infinity", "1.5", "2**40", "-1", "0", "10n", "2n**40n", "'x'", "'x'.repeat(40)", "\"it's a very long string that goes on\"", "true", "undefined", "null", "Symbol('q')",
  "({})", "[]", "Object.create(null)", "Object.assign(Object.create(null), {a: 1})", "function foo() {}", "() => {}", "class A {}", "new Map()", "{a: 1}", "[1, 2]"];
const calls = [
  "validateString(V, 'flags')", "validateBoolean(V, 'options.exposeInternals')", "validateFunction(V, 'constructor')",
  "validateObject(V, 'options')", "validateOneOf(V, 'type', ['brief', 'detailed'])", "validateUint32(V, 'limit', true)",
  "validateUint32(V, 'n')", "validateInteger(V, 'sampleInterval', 1)", "validateInt32(V, 'stackDepth', 0)",
  "validateNumber(V, 'ms', 0, 2147483.647)", "validateNumber(V, 'x')",
];
const out = [];
for (const c of calls) for (const val of values) {
  const expr = c.replace('V', '(' + val + ')');
  let r;
  try { const f = new Function(...Object.keys(v), 'return ' + expr); f(...Object.values(v)); r = 'ok'; }
  catch (e) { r = [e.name, e.code, e.message, e.stack.split('\n')[0]]; }
  out.push([expr, r]);
}
console.log(JSON.stringify(out, null, 0).replace(/\],\[/g, '],\n['));
