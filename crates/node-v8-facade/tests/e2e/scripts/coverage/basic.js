'use strict';
// Branches, loops, arrows, classes and a never-called function: the
// coverage file must report the same ranges and counts as Node.
function add(a, b) {
  return a + b;
}
function unused() {
  return 'never';
}
const square = (x) => x * x;
let total = 0;
for (let i = 0; i < 5; i++) {
  if (i % 2 === 0) total += add(i, 1);
  else total += square(i);
}
class Counter {
  constructor() { this.n = 0; }
  inc() { this.n++; return this; }
}
new Counter().inc().inc();
try {
  JSON.parse('{');
} catch {
  total = -total;
}
console.log(total, process.env.NODE_V8_COVERAGE);
