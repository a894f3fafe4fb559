process.on('uncaughtException', (err, origin) => {
  console.log('caught:', err.message, origin);
});
process.on('unhandledRejection', (reason) => {
  console.log('unhandled:', reason);
});
setTimeout(() => { throw new Error('in timer'); }, 1);
Promise.reject('rejected value');
const late = Promise.reject(new Error('handled later'));
late.catch(() => console.log('late catch ok'));
setTimeout(() => { console.log('still running'); process.exitCode = 3; }, 5);
