// The same statistics from an ES module, with named imports and top-level await.
//   cargo run -p node-v8-facade --bin nodev8 -- --expose-gc examples/stats.mjs
import v8, { getHeapStatistics } from 'node:v8';

const before = getHeapStatistics().used_heap_size;
let garbage = Array.from({ length: 100_000 }, (_, i) => ({ i }));
const peak = getHeapStatistics().used_heap_size;
garbage = null;
await new Promise((resolve) => setTimeout(resolve, 10));
if (typeof globalThis.gc === 'function') globalThis.gc();
const after = v8.getHeapStatistics().used_heap_size;
console.log({ before, peak, after, collected: typeof globalThis.gc === 'function' && after < peak });
