// Generates crates/v8-stats/tests/stats/validation_vectors.json with
// node --expose-internals --no-warnings gen3.js
const v8 = require('v8');
const { validateOneOf, validateString } = require('internal/validators');
const values = ["1", "-0", "NaN", "10n", "'x'", "\"it's a very long string that goes on\"", "true", "undefined", "null",
  "Symbol('q')", "({})", "[]", "Object.create(null)", "function foo() {}", "() => {}", "class A {}", "new Map()", "''", "[1, 2]", "'brief'", "'detailed'", "'count'", "'summary'"];
const out = [];
function run(expr, f) {
  let r;
  try { f(); r = 'ok'; } catch (e) { r = [e.name, e.code, e.message, e.stack.split('\n')[0]]; }
  out.push([expr, r]);
}
for (const val of values) {
  const V = eval('(' + val + ')');
  // `V` is evaluated on its own (as here) so that functions stay anonymous.
  const call = (body) => `(V => ${body})(${val})`;
  if (typeof V !== 'string') run(call('v8.setFlagsFromString(V)'), () => v8.setFlagsFromString(V));
  run(call('v8.queryObjects(V)'), () => v8.queryObjects(V));
  run(call('v8.queryObjects(Array, V)'), () => v8.queryObjects(Array, V));
  run(call('v8.queryObjects(Array, {format: V})'), () => v8.queryObjects(Array, {format: V}));
  // Not in Node 20: the same validators Node 22+ applies.
  run(call('v8.getCppHeapStatistics(V)'), () => { if (V !== undefined) validateOneOf(V, 'type', ['brief', 'detailed']); });
  run(call('v8.isStringOneByteRepresentation(V)'), () => validateString(V, 'content'));
}
console.log(JSON.stringify(out, null, 0).replace(/\],\[/g, '],\n['));
