// An uncaught exception (here in an ES module) still writes the file.
function fail(reason) {
  if (reason) throw new Error(reason);
  return 'fine';
}
fail();
fail('boom');
