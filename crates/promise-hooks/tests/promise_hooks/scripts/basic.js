// then() chains, Promise.resolve/reject, a promise resolved later, Promise.all.
const ids = new Map();
const id = (p) => (p === undefined ? '-' : (ids.has(p) || ids.set(p, ids.size + 1), ids.get(p)));
const stop = v8.promiseHooks.createHook({
  init(p, parent) { record(`init ${id(p)} ${id(parent)}`); },
  before(p) { record(`before ${id(p)}`); },
  after(p) { record(`after ${id(p)}`); },
  settled(p) { record(`settled ${id(p)}`); },
});
record('start');
const a = Promise.resolve(1);
record('resolved a');
const b = a.then((v) => { record(`then ${v}`); return v + 1; });
let resolveLater;
const c = new Promise((resolve) => { resolveLater = resolve; });
record('created c');
Promise.reject(new Error('x')).catch(() => record('caught'));
c.then(() => record('c done'));
resolveLater(3);
record('resolved c');
Promise.all([b, c]).then((values) => { record(`all ${values.join()}`); stop(); });
record('sync end');
