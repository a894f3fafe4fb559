'use strict';
// Modules with sourceMappingURL comments fill the coverage file's
// "source-map-cache" (Node 20: keys in load order, sources made absolute).
const dep = require('./sm/dep.cjs');
const missing = require('./sm/missing.cjs');
function main() { return dep.twice(2) + missing.value; }
main();
//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozLCJzb3VyY2VzIjpbInNvdXJjZV9tYXAudHMiXSwic291cmNlUm9vdCI6InNyYy8iLCJuYW1lcyI6W10sIm1hcHBpbmdzIjoiQUFBQSJ9
