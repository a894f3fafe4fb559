'use strict';
// stopCoverage() before anything was taken: no file at all.
require('node:v8').stopCoverage();
console.log('stopped');
