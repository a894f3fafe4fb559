#!/usr/bin/env node
// Differential oracle for tests/conformance/differential.rs. Reads lines
// `<mode> <hex>` on stdin (mode: default | plain); for each, Node decodes the
// bytes and prints one JSON line: {ok, value, again} (canonical description,
// see describe.js, and the hex of Node writing that value again in the same
// mode) or {ok: false, error}.
'use strict';
const v8 = require('v8');
const { describe } = require('./describe.js');
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter(Boolean);
const out = [];
for (const line of lines) {
  const [mode, hex] = line.split(' ');
  try {
    const buf = Buffer.from(hex || '', 'hex');
    let value;
    if (mode === 'default') value = v8.deserialize(buf);
    else {
      const de = new v8.Deserializer(buf);
      de.readHeader();
      value = de.readValue();
    }
    let again;
    if (mode === 'default') again = v8.serialize(value);
    else {
      const ser = new v8.Serializer();
      ser.writeHeader();
      ser.writeValue(value);
      again = ser.releaseBuffer();
    }
    out.push(JSON.stringify({
      ok: true, value: describe(value, mode), again: again.toString('hex'),
    }));
  } catch (e) {
    out.push(JSON.stringify({ ok: false, error: String(e && e.message) }));
  }
}
process.stdout.write(out.join('\n') + '\n');
