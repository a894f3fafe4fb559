import { createRequire, builtinModules } from 'node:module';
const require = createRequire(import.meta.url);
const data = require('./lib/data.json');
const v8 = require('node:v8');
console.log(data.name, typeof v8.getHeapStatistics, builtinModules.includes('v8'));
const before = process.cwd();
process.chdir('lib');
console.log(process.cwd() === `${before}/lib`);
try { process.chdir('/definitely/not/here'); } catch (e) { console.log(e.code, e.syscall); }
