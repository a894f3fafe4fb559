// async/await sequences, a rejected await, thenables, for-await over a sync
// iterable. (Async generators are left out: V8 15.2 skips one `settled` that
// Node 20's V8 11.3 fires inside `await` in an async generator; an engine
// difference, not a hook one.)
const ids = new Map();
const id = (p) => (p === undefined ? '-' : (ids.has(p) || ids.set(p, ids.size + 1), ids.get(p)));
const stop = v8.promiseHooks.createHook({
  init(p, parent) { record(`init ${id(p)} ${id(parent)}`); },
  before(p) { record(`before ${id(p)}`); },
  after(p) { record(`after ${id(p)}`); },
  settled(p) { record(`settled ${id(p)}`); },
});
async function inner(x) { record(`inner ${x}`); await null; return x * 2; }
async function outer() {
  const a = await inner(1);
  record(`a ${a}`);
  try { await Promise.reject(new Error('no')); } catch { record('caught'); }
  const t = await { then(resolve) { record('thenable'); resolve(7); } };
  for await (const v of [1, Promise.resolve(2)]) record(`for ${v}`);
  const b = await inner(2);
  return a + b + t;
}
outer().then((v) => { record(`outer ${v}`); stop(); });
record('sync end');
