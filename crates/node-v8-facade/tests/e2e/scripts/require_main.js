const lib = require('./lib/helper');
const data = require('./lib/data.json');
const again = require('./lib/helper.js');
console.log(lib.add(2, 3), data.name, lib === again, typeof require('v8').getHeapStatistics);
console.log(require('node:v8') === require('v8'));
console.log(__filename.endsWith('require_main.js'), __dirname.endsWith('scripts'), module.id, typeof exports);
for (const id of ['node:nope', './missing-file', 'not-a-package']) {
  try { require(id); } catch (e) { console.log(e.code, e.message.split('\n')[0]); }
}
