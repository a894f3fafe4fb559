#!/usr/bin/env node
// Differential oracle for tests/conformance/differential.rs. Reads lines
// `<mode> <hex>` on stdin (mode: default | plain); for each, Node decodes the
// bytes and prints one JSON line: {ok, value} (canonical description, see
// describe.js) or {ok: false, error}.
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
    out.push(JSON.stringify({ ok: true, value: describe(value, mode) }));
  } catch (e) {
    out.push(JSON.stringify({ ok: false, error: String(e && e.message) }));
  }
}
process.stdout.write(out.join('\n') + '\n');
