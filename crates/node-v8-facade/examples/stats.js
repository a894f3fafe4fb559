// Heap statistics of the live V8 running this script, through node:v8.
//   cargo run -p node-v8-facade --bin nodev8 -- examples/stats.js
'use strict';
const v8 = require('node:v8');

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

console.log('V8', process.versions.v8, '- cachedDataVersionTag', v8.cachedDataVersionTag());

const heap = v8.getHeapStatistics();
console.log('heap statistics:', heap);
console.log(`used ${mib(heap.used_heap_size)} of ${mib(heap.total_heap_size)} (limit ${mib(heap.heap_size_limit)})`);

// Allocate something and watch the spaces react.
const keep = Array.from({ length: 50_000 }, (_, i) => ({ i, text: `item ${i}` }));
console.log(`heap spaces after allocating ${keep.length} objects:`);
console.table(v8.getHeapSpaceStatistics()
  .filter((s) => s.space_size > 0)
  .map((s) => ({ space: s.space_name, used: mib(s.space_used_size), size: mib(s.space_size) })));

if (typeof v8.getHeapCodeStatistics === 'function') {
  console.log('code statistics:', v8.getHeapCodeStatistics());
}
