// Writes a synthetic-app heap snapshot with Node's own v8.writeHeapSnapshot
// and prints how long Node took:
//   node --max-old-space-size=16000 gen-heapsnapshot.js OUT.heapsnapshot ITEMS
// ITEMS=230000 gives ~136 MB (Node 20); ITEMS=2000000 gives ~1.2 GB / 13.6 M nodes.
// The heap's shape is in heap-shape.js (shared with our writer's timing example).
'use strict';
const v8 = require('v8');
const buildHeap = require('./heap-shape.js');
const [out, itemsArg] = process.argv.slice(2);
if (!out) {
  console.error('usage: node gen-heapsnapshot.js OUT.heapsnapshot [ITEMS]');
  process.exit(2);
}
buildHeap(Number(itemsArg || 230000));
const t0 = process.hrtime.bigint();
v8.writeHeapSnapshot(out);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.error(`node ${process.version}: wrote ${out} in ${ms.toFixed(0)} ms (heapUsed ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB)`);
