import { cachedDataVersionTag } from 'node:v8';
import { helper } from './helper.js';
console.log(typeof cachedDataVersionTag(), helper(), typeof require, import.meta.filename.endsWith('main.js'));
