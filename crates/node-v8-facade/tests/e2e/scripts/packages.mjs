import { kind, twice } from 'fake-cjs-pkg';
import hello, { kind as esmKind } from 'fake-esm-pkg';
import events from 'events';
import { inspect } from 'util';
console.log(kind, twice(21), hello(), esmKind, typeof events, inspect({ ok: true }));
try {
  await import('no-such-package');
} catch (err) {
  console.log(err.code, err.message.replace(/ imported from .*/, ''));
}
