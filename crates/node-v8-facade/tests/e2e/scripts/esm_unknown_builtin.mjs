import missing from 'node:nope';
console.log('not reached', missing);
