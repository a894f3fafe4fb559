// path / fs / os / assert subsets: same results as Node for common calls.
const path = require('path');
const fs = require('node:fs');
const os = require('os');
const assert = require('assert');
console.log(path.join('/a/b', '../c', './d.txt'), path.resolve('/x', 'y', '..', 'z'), path.basename('/q/w.heapsnapshot', '.heapsnapshot'));
console.log(path.dirname('/a/b/c'), path.extname('f.tar.gz'), path.normalize('a//b/../c/'), path.relative('/a/b', '/a/c/d'), path.isAbsolute('x'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodev8-test-'));
const file = path.join(dir, 'out.txt');
fs.writeFileSync(file, 'hello ');
fs.appendFileSync(file, Buffer.from('world'));
console.log(fs.readFileSync(file, 'utf8'), fs.readFileSync(file).length, fs.statSync(file).size, fs.statSync(dir).isDirectory());
console.log(fs.existsSync(file), fs.readdirSync(dir));
for (const op of [() => fs.readFileSync(path.join(dir, 'nope')), () => fs.statSync(path.join(dir, 'nope')), () => fs.unlinkSync(path.join(dir, 'nope'))]) {
  try { op(); } catch (e) { console.log(e.message.replace(dir, '<dir>'), e.code, e.errno, e.syscall); }
}
const ws = fs.createWriteStream(path.join(dir, 'stream.txt'));
ws.write('a');
ws.write(Buffer.from('b'));
ws.end('c', () => {
  console.log('stream file:', fs.readFileSync(path.join(dir, 'stream.txt'), 'utf8'), ws.bytesWritten);
  fs.rmSync(dir, { recursive: true });
  console.log('removed:', !fs.existsSync(dir));
});
assert.ok(true);
assert.strictEqual(1, 1);
assert.deepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] });
assert.throws(() => { throw new TypeError('x'); }, TypeError);
assert.throws(() => { throw new Error('boom'); }, /boom/);
for (const op of [() => assert.strictEqual(1, 2), () => assert.throws(() => {}), () => assert.equal(1, 2)]) {
  try { op(); } catch (e) { console.log(e.name, e.code, JSON.stringify(e.message)); }
}
try { assert.deepStrictEqual([1], [2]); } catch (e) { console.log(e.code, e.operator); }
try { assert.ok(0); } catch (e) { console.log(e.code, e.actual, e.expected); }
