'use strict';
// takeCoverage() writes a file and resets the counters; after
// stopCoverage() nothing more is written (not even at exit).
const v8 = require('node:v8');
function g() { return 2; }
function later(n) { return n > 1 ? 'many' : 'one'; }
g(); g();
v8.takeCoverage();
g();
setTimeout(() => {
  later(1); later(2); later(3);
  v8.takeCoverage();
  v8.stopCoverage();
  g();
  v8.takeCoverage();
}, 5);
