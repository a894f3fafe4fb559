// The synthetic app heap shared by gen-heapsnapshot.js (Node) and
// crates/heapsnap/examples/write_timing.rs (our writer), so both snapshot
// heaps of equal shape: ITEMS `Item`s (strings, a tags array, a meta object,
// every 10th a closure) over 100 `Cache`s (a Map and an Array each),
// prev-linked in chains of 50.
function buildHeap(items) {
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
}
if (typeof module === 'object') module.exports = buildHeap;
