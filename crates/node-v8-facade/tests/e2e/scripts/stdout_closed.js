// Writes forever; must stop with EPIPE once the reader closes the pipe.
let n = 0;
const t = setInterval(() => { for (let i = 0; i < 1000; i++) process.stdout.write(`line ${n++}\n`); }, 1);
