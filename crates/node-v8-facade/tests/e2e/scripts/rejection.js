async function main() {
  await null;
  throw new RangeError('async failure');
}
main();
setTimeout(() => console.log('never printed'), 50);
