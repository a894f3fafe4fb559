const v8 = require('v8');
process.on('uncaughtException', (e) => console.log('caught', e.message));
const stop1 = v8.promiseHooks.onInit(() => { throw new Error('hook one'); });
const stop2 = v8.promiseHooks.onInit(() => { console.log('hook two ran'); });
Promise.resolve(1).then(() => { console.log('then ran'); stop1(); stop2(); });
console.log('after');
