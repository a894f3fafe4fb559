console.log(JSON.stringify(process.argv.slice(2)));
console.log(process.argv[1] === __filename, process.argv.length);
console.log(process.env.NODEV8_TEST_VAR, typeof process.pid, process.pid > 0);
console.log(typeof globalThis.gc, process.execArgv.join(' '));
console.log(typeof process.hrtime.bigint(), typeof performance.now(), process.platform === 'linux' || process.platform === 'darwin');
const buf = Buffer.from(new Uint8Array([104, 105]).buffer);
console.log(buf, buf.toString(), buf.length, buf instanceof Uint8Array, Buffer.isBuffer(buf));
console.log(Buffer.from('aGVsbG8=', 'base64').toString(), Buffer.from('hi').toString('hex'), Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString());
console.log(new TextDecoder().decode(new TextEncoder().encode('héllo ✓')));
