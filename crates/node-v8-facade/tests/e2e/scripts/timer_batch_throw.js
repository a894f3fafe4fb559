process.on('uncaughtException', (e) => console.log('caught', e.message));
setTimeout(() => { process.nextTick(() => console.log('tick after throw')); throw new Error('first'); }, 1);
setTimeout(() => console.log('second'), 1);
setTimeout(() => console.log('third'), 1);
