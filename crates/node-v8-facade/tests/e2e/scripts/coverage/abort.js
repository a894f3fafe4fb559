'use strict';
// process.abort(): Node dies of SIGABRT without writing coverage.
function before() { return 1; }
before();
process.abort();
