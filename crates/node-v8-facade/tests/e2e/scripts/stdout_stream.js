const out = process.stdout;
out.on('finish', () => process.stderr.write('finished\n'));
out.write('text chunk\n');
out.write(Buffer.from('buffer chunk\n'));
out.write(new Uint8Array([0x75, 0x38, 0x0a]), () => process.stderr.write('write callback\n'));
console.log(out.write('x\n'), typeof out.once, typeof out.emit);
out.end('last\n');
