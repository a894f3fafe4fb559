const log = [];
setTimeout(() => {
  log.push('timeout1');
  process.nextTick(() => log.push('tick-in-timeout1'));
  Promise.resolve().then(() => log.push('micro-in-timeout1'));
}, 0);
setTimeout(() => log.push('timeout2'), 0);
setImmediate(() => {
  log.push('immediate1');
  setImmediate(() => log.push('immediate-nested'));
  process.nextTick(() => log.push('tick-in-immediate1'));
});
setImmediate(() => log.push('immediate2'));
Promise.resolve().then(() => {
  log.push('micro1');
  process.nextTick(() => log.push('tick-from-micro'));
});
process.nextTick(() => {
  log.push('tick1');
  Promise.resolve().then(() => log.push('micro-from-tick'));
});
queueMicrotask(() => log.push('queueMicrotask'));
const iv = setInterval(() => {
  log.push('interval');
  if (log.filter((x) => x === 'interval').length === 3) clearInterval(iv);
}, 2);
const t = setTimeout(() => log.push('cleared'), 1);
clearTimeout(t);
const im = setImmediate(() => log.push('cleared-immediate'));
clearImmediate(im);
process.on('exit', () => {
  // timers vs immediates order in the first iteration is not deterministic in Node; sort those.
  console.log(log.filter((x) => !x.startsWith('timeout') && !x.startsWith('immediate') && !x.includes('in-')).join('\n'));
  console.log(log.filter((x) => x.startsWith('timeout') || x.startsWith('immediate')).sort().join(','));
  console.log(log.indexOf('tick-in-timeout1') === log.indexOf('timeout1') + 1 ||
    log.indexOf('tick-in-timeout1') === log.indexOf('timeout2') + 1);
});
