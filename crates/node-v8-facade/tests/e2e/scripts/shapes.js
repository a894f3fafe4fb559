// Shapes that must match Node's (keys, order, types); values differ by engine.
const v8 = require('node:v8');
const heap = v8.getHeapStatistics();
console.log(Object.keys(heap).join(','));
console.log([...new Set(Object.values(heap).map((v) => typeof v))].join(','));
const space = v8.getHeapSpaceStatistics()[0];
console.log(Object.keys(space).join(','), typeof space.space_name);
console.log(Object.keys(v8.getHeapCodeStatistics()).join(','));
console.log(typeof v8.cachedDataVersionTag(), Number.isInteger(v8.cachedDataVersionTag()));
try { v8.setFlagsFromString(1); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(heap.used_heap_size <= heap.total_heap_size, heap.total_heap_size <= heap.heap_size_limit);
