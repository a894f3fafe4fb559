// Runs in Node (`node serdes_classes_scenario.js > serdes_classes_expected.json`)
// and in the facade test; both outputs must be equal.
(function (v8) {
  const hex = (u8) => Array.from(u8, (b) => b.toString(16).padStart(2, '0')).join('');
  const out = [];
  const attempt = (f) => { try { return f(); } catch (e) { return [e.name, e.code ?? null, e.message]; } };

  // DefaultSerializer through the class API equals serialize().
  const value = { a: [1, new Uint8Array([1, 2]), new Float64Array([0.5])], s: 'x' };
  const ds = new v8.DefaultSerializer();
  ds.writeHeader();
  out.push(ds.writeValue(value));
  const bytes = ds.releaseBuffer();
  out.push(hex(bytes) === hex(v8.serialize(value)), hex(bytes));
  const dd = new v8.DefaultDeserializer(bytes);
  out.push(dd.readHeader(), dd.getWireFormatVersion(), JSON.stringify(dd.readValue(), (k, v) => ArrayBuffer.isView(v) ? [v.constructor.name, ...v] : v));

  // Custom host objects: every raw write and read.
  class HostSer extends v8.Serializer {
    _writeHostObject(view) {
      this.writeUint32(view.length);
      this.writeUint64(1, 2);
      this.writeDouble(1.25);
      this.writeRawBytes(view);
    }
  }
  class HostDes extends v8.Deserializer {
    _readHostObject() {
      const n = this.readUint32();
      const [hi, lo] = this.readUint64();
      const d = this.readDouble();
      const raw = this.readRawBytes(n);
      return { n, hi, lo, d, raw: Array.from(raw) };
    }
  }
  const hs = new HostSer();
  hs._setTreatArrayBufferViewsAsHostObjects(true);
  hs.writeHeader();
  hs.writeValue([new Uint8Array([7, 8, 9])]);
  const hostBytes = hs.releaseBuffer();
  out.push(hex(hostBytes));
  const hd = new HostDes(hostBytes);
  hd.readHeader();
  out.push(JSON.stringify(hd.readValue()), hd.buffer === hostBytes);

  // Errors.
  class CustomError extends v8.Serializer {
    _getDataCloneError(message) { return new RangeError('custom: ' + message); }
  }
  out.push(attempt(() => { const s = new CustomError(); s.writeHeader(); s.writeValue(() => {}); }));
  out.push(attempt(() => { const s = new v8.Serializer(); s.writeValue(Symbol('q')); }));
  out.push(attempt(() => new v8.Serializer().writeRawBytes('x')));
  out.push(attempt(() => new v8.Serializer().transferArrayBuffer(1, {})));
  out.push(attempt(() => new v8.Deserializer(1)));
  out.push(attempt(() => new v8.Deserializer(new Uint8Array(0)).readDouble()));
  out.push(attempt(() => new v8.Deserializer(new Uint8Array([1])).readUint64()));
  out.push(attempt(() => new v8.Deserializer(new Uint8Array(0)).readUint32()));
  out.push(attempt(() => new v8.Deserializer(new Uint8Array(2))._readRawBytes(5)));
  out.push(attempt(() => new v8.Deserializer(new Uint8Array([0xff, 0x0f, 0x5c, 0x01])).readValue()));
  out.push(attempt(() => { const d = new v8.Deserializer(v8.serialize(new Uint8Array(1))); d.readHeader(); return d.readValue(); }));
  out.push(attempt(() => { class R extends v8.Deserializer { _readHostObject() { return 1; } }
    const d = new R(v8.serialize(new Uint8Array(1))); d.readHeader(); return d.readValue(); }));
  out.push(attempt(() => v8.Serializer()));
  // Coercion without validation, as Node.
  out.push(attempt(() => { const s = new v8.Serializer(); s.writeUint32('7'); s.writeDouble('2.5'); return hex(s.releaseBuffer()); }));
  return JSON.stringify(out);
})
