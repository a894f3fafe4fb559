'use strict';
// process.exit() still writes the exit-time file, 'exit' listeners included.
function f() { return 1; }
process.on('exit', function onExit() { f(); });
f();
process.exit(3);
f();
