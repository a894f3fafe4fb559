// A throwing hook does not stop the others; every exception is reported
// afterwards as an uncaught exception, in order.
const ids = new Map();
const id = (p) => (p === undefined ? '-' : (ids.has(p) || ids.set(p, ids.size + 1), ids.get(p)));
onUncaught((e) => record(`uncaught ${e.message}`));
const { promiseHooks } = v8;
const s1 = promiseHooks.onInit((p) => { record(`A ${id(p)}`); throw new Error('boom A'); });
const s2 = promiseHooks.onInit((p) => { record(`B ${id(p)}`); throw new Error('boom B'); });
const s3 = promiseHooks.onInit((p) => record(`C ${id(p)}`));
Promise.resolve(1);
record('after first');
s1();
s2();
s3();
const s4 = promiseHooks.onSettled((p) => { record(`single ${id(p)}`); throw new Error('boom single'); });
Promise.resolve(2);
record('after single');
s4();
Promise.resolve(3);
record('end');
