// Named ES imports from node:v8, as in the seeds' examples.
import { writeHeapSnapshot, getHeapStatistics } from 'node:v8';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodev8-snap-'));
const file = writeHeapSnapshot(path.join(dir, 'test.heapsnapshot'));
const size = fs.statSync(file).size;
const head = fs.readFileSync(file, 'utf8').slice(0, 20);
fs.rmSync(dir, { recursive: true });
console.log(path.basename(file), size > getHeapStatistics().used_heap_size / 10, head);
