process.on('exit', (code) => {
  console.log('exit handler', code, process.exitCode);
});
console.log('start');
setTimeout(() => {
  console.log('exiting with 5');
  process.exit(5);
  console.log('not reached');
}, 1);
setTimeout(() => console.log('never'), 100);
