process.on('exit', (code) => console.log('exit event', code));
const err = new TypeError('bad thing');
err.code = 'ERR_BAD';
throw err;
