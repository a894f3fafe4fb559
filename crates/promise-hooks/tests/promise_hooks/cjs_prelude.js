// Prelude for running a scenario as a CommonJS main script under `node` or
// `nodev8`: the scenario's text is appended to this file's text.
globalThis.v8 = require('node:v8');
const __events = [];
globalThis.record = (line) => { __events.push(String(line)); };
globalThis.onUncaught = (fn) => { process.on('uncaughtException', fn); };
process.on('exit', () => { console.log(JSON.stringify(__events)); });
