function thrower() {
  throw new Error('boom');
}
console.log('before');
thrower();
