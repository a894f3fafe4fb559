// Validation errors and function shapes, as Node reports them.
const { promiseHooks } = v8;
const attempt = (label, fn) => {
  try { const r = fn(); record(`${label} ok ${typeof r} '${r && r.name}' ${r && r.length}`); if (typeof r === 'function') r(); }
  catch (e) { record(`${label} ${e.name} ${e.code} ${e.message}`); }
};
attempt('async', () => promiseHooks.onInit(async function foo() {}));
attempt('asyncgen', () => promiseHooks.onBefore(async function* bar() {}));
attempt('gen', () => promiseHooks.onAfter(function* g() {}));
attempt('num', () => promiseHooks.onSettled(5));
attempt('null', () => promiseHooks.onInit(null));
attempt('obj', () => promiseHooks.onInit({}));
attempt('arrowAsync', () => promiseHooks.onInit(async () => {}));
attempt('createNull', () => promiseHooks.createHook(null));
attempt('createBefore5', () => promiseHooks.createHook({ before: 5 }));
attempt('createSettledAsync', () => promiseHooks.createHook({ settled: async () => {} }));
attempt('createFalsy', () => promiseHooks.createHook({ init: 0 }));
attempt('createEmpty', () => promiseHooks.createHook());
record(Object.keys(promiseHooks).join());
for (const k of Object.keys(promiseHooks)) record(`${k} '${promiseHooks[k].name}' ${promiseHooks[k].length}`);
