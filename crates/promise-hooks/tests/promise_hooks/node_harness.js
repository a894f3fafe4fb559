// Runs a scenario script under Node with the globals the Rust harness also
// provides: `v8`, `record(line)`, `onUncaught(fn)`. Prints the recorded
// events as JSON at exit.  Usage: node node_harness.js scripts/<name>.js
'use strict';
const fs = require('fs');
globalThis.v8 = require('v8');
const events = [];
globalThis.record = (line) => { events.push(String(line)); };
globalThis.onUncaught = (fn) => { process.on('uncaughtException', fn); };
process.on('exit', () => { process.stdout.write(JSON.stringify(events) + '\n'); });
(0, eval)(fs.readFileSync(process.argv[2], 'utf8'));
