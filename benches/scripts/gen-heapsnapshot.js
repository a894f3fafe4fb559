// Writes a synthetic-app heap snapshot with Node's own v8.writeHeapSnapshot.
//   node --max-old-space-size=16000 gen-heapsnapshot.js OUT.heapsnapshot ITEMS
// ITEMS=230000 gives ~120 MB (Node 20); ITEMS=2000000 gives ~1.06 GB / 13.6 M nodes.
// The shape: ITEMS `Item`s (strings, a tags array, a meta object, every 10th a
// closure) spread over 100 `Cache`s (a Map and an Array each), prev-links in
// chains of 50.
'use strict';
const v8 = require('v8');
const [out, itemsArg] = process.argv.slice(2);
if (!out) {
  console.error('usage: node gen-heapsnapshot.js OUT.heapsnapshot [ITEMS]');
  process.exit(2);
}
const items = Number(itemsArg || 230000);

class Item {
  constructor(i, prev) {
    this.id = i;
    this.name = 'item-' + i;
    this.prev = prev;
    this.tags = ['t' + (i % 100), 'x' + (i % 7)];
    this.meta = { created: i, owner: 'o' + (i % 1000) };
    if (i % 10 === 0) this.fn = () => this.id;
  }
}
class Cache {
  constructor() {
    this.map = new Map();
    this.list = [];
  }
}
const caches = [];
for (let c = 0; c < 100; c++) caches.push(new Cache());
let prev = null;
for (let i = 0; i < items; i++) {
  const it = new Item(i, prev);
  prev = i % 50 === 49 ? null : it;
  const c = caches[i % 100];
  if (i % 2) c.map.set(i, it);
  else c.list.push(it);
}
globalThis.keep = caches;
const t0 = process.hrtime.bigint();
v8.writeHeapSnapshot(out);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.error(`wrote ${out} in ${ms.toFixed(0)} ms (heapUsed ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB)`);
