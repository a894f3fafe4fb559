// A timer that throws (with an uncaughtException listener) does not stop
// the other timers due in the same turn.
process.on('uncaughtException', (e) => console.log('caught', e.message));
setTimeout(() => { throw new Error('first'); }, 1);
setTimeout(() => console.log('second'), 1);
setTimeout(() => console.log('third'), 1);
