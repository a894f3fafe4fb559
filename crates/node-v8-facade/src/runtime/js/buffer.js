// Buffer basics (a Uint8Array subclass) plus TextEncoder/TextDecoder for UTF-8.
// Encoding work for UTF-8 is native; hex/base64/latin1 are plain JavaScript.
(function makeBuffer(binding) {
  'use strict';

  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const B64_LOOKUP = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) B64_LOOKUP[B64.charCodeAt(i)] = i;
  B64_LOOKUP['-'.charCodeAt(0)] = 62;
  B64_LOOKUP['_'.charCodeAt(0)] = 63;

  function normalizeEncoding(enc) {
    const e = (enc === undefined || enc === null ? 'utf8' : String(enc)).toLowerCase();
    switch (e) {
      case 'utf8': case 'utf-8': return 'utf8';
      case 'hex': return 'hex';
      case 'base64': return 'base64';
      case 'base64url': return 'base64url';
      case 'latin1': case 'binary': return 'latin1';
      case 'ascii': return 'ascii';
      case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
      default: {
        const err = new TypeError(`Unknown encoding: ${enc}`);
        err.code = 'ERR_UNKNOWN_ENCODING';
        throw err;
      }
    }
  }

  function invalidArg(name, expected, actual) {
    let received;
    if (actual === null) received = 'null';
    else if (actual === undefined) received = 'undefined';
    else if (typeof actual === 'function') received = `function ${actual.name}`;
    else if (typeof actual === 'object') received = `an instance of ${actual.constructor?.name ?? 'Object'}`;
    else received = `type ${typeof actual} (${typeof actual === 'string' ? `'${actual}'` : String(actual)})`;
    const err = new TypeError(`The "${name}" argument must be ${expected}. Received ${received}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    return err;
  }

  function bytesFromString(string, encoding) {
    switch (normalizeEncoding(encoding)) {
      case 'utf8': return binding.utf8Encode(string);
      case 'hex': {
        const len = string.length >>> 1;
        const out = new Uint8Array(len);
        let i = 0;
        for (; i < len; i++) {
          const byte = parseInt(string.substr(i * 2, 2), 16);
          if (Number.isNaN(byte)) break;
          out[i] = byte;
        }
        return out.subarray(0, i);
      }
      case 'base64': case 'base64url': {
        const out = new Uint8Array(Math.ceil(string.length * 3 / 4));
        let bits = 0; let acc = 0; let n = 0;
        for (let i = 0; i < string.length; i++) {
          const c = string.charCodeAt(i);
          const v = c < 128 ? B64_LOOKUP[c] : -1;
          if (v < 0) { if (string[i] === '=') break; continue; }
          acc = (acc << 6) | v; bits += 6;
          if (bits >= 8) { bits -= 8; out[n++] = (acc >> bits) & 0xff; }
        }
        return out.subarray(0, n);
      }
      case 'latin1': case 'ascii': {
        const out = new Uint8Array(string.length);
        for (let i = 0; i < string.length; i++) out[i] = string.charCodeAt(i) & 0xff;
        return out;
      }
      case 'utf16le': {
        const out = new Uint8Array(string.length * 2);
        for (let i = 0; i < string.length; i++) {
          const c = string.charCodeAt(i);
          out[i * 2] = c & 0xff; out[i * 2 + 1] = c >> 8;
        }
        return out;
      }
    }
    return undefined;
  }

  function stringFromBytes(bytes, encoding) {
    switch (normalizeEncoding(encoding)) {
      case 'utf8': return binding.utf8Decode(bytes);
      case 'hex': {
        let s = '';
        for (let i = 0; i < bytes.length; i++) s += bytes[i].toString(16).padStart(2, '0');
        return s;
      }
      case 'base64': case 'base64url': {
        const url = normalizeEncoding(encoding) === 'base64url';
        const table = url ? B64.slice(0, 62) + '-_' : B64;
        let s = '';
        let i = 0;
        for (; i + 2 < bytes.length; i += 3) {
          const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
          s += table[n >> 18] + table[(n >> 12) & 63] + table[(n >> 6) & 63] + table[n & 63];
        }
        const rest = bytes.length - i;
        if (rest === 1) {
          const n = bytes[i] << 16;
          s += table[n >> 18] + table[(n >> 12) & 63] + (url ? '' : '==');
        } else if (rest === 2) {
          const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
          s += table[n >> 18] + table[(n >> 12) & 63] + table[(n >> 6) & 63] + (url ? '' : '=');
        }
        return s;
      }
      case 'latin1': return binding.latin1Decode(bytes);
      case 'ascii': {
        let s = '';
        for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i] & 0x7f);
        return s;
      }
      case 'utf16le': {
        let s = '';
        for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
        return s;
      }
    }
    return undefined;
  }

  class Buffer extends Uint8Array {
    static from(value, encodingOrOffset, length) {
      if (typeof value === 'string') {
        const bytes = bytesFromString(value, encodingOrOffset);
        return new Buffer(bytes.buffer, bytes.byteOffset, bytes.length);
      }
      if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) {
        const offset = encodingOrOffset === undefined ? 0 : Number(encodingOrOffset);
        const len = length === undefined ? value.byteLength - offset : Number(length);
        if (offset > value.byteLength) {
          const err = new RangeError('"offset" is outside of buffer bounds');
          err.code = 'ERR_BUFFER_OUT_OF_BOUNDS';
          throw err;
        }
        return new Buffer(value, offset, len);
      }
      if (ArrayBuffer.isView(value)) {
        const copy = new Buffer(value.length);
        for (let i = 0; i < value.length; i++) copy[i] = value[i];
        return copy;
      }
      if (Array.isArray(value) || (value !== null && typeof value === 'object' && typeof value.length === 'number')) {
        const out = new Buffer(value.length);
        for (let i = 0; i < value.length; i++) out[i] = value[i];
        return out;
      }
      if (value !== null && typeof value === 'object' && value.type === 'Buffer' && Array.isArray(value.data)) {
        return Buffer.from(value.data);
      }
      throw invalidArg('first', 'of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object', value);
    }

    static alloc(size, fill, encoding) {
      if (typeof size !== 'number') throw invalidArg('size', 'of type number', size);
      const buf = new Buffer(size);
      if (fill !== undefined && fill !== 0) buf.fill(typeof fill === 'string' ? Buffer.from(fill, encoding)[0] : fill);
      return buf;
    }

    static allocUnsafe(size) { return Buffer.alloc(size); }

    static isBuffer(value) { return value instanceof Buffer; }

    static isEncoding(enc) {
      try { normalizeEncoding(enc); return typeof enc === 'string'; } catch { return false; }
    }

    static byteLength(value, encoding) {
      if (typeof value === 'string') return bytesFromString(value, encoding).length;
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
      throw invalidArg('string', 'of type string or an instance of Buffer or ArrayBuffer', value);
    }

    static concat(list, totalLength) {
      if (!Array.isArray(list)) throw invalidArg('list', 'an instance of Array', list);
      if (totalLength === undefined) totalLength = list.reduce((n, b) => n + b.length, 0);
      const out = Buffer.alloc(totalLength);
      let pos = 0;
      for (const chunk of list) {
        if (!(chunk instanceof Uint8Array)) throw invalidArg('list[0]', 'an instance of Buffer or Uint8Array', chunk);
        const n = Math.min(chunk.length, totalLength - pos);
        out.set(n === chunk.length ? chunk : chunk.subarray(0, n), pos);
        pos += n;
        if (pos >= totalLength) break;
      }
      return out;
    }

    toString(encoding, start, end) {
      start = start === undefined ? 0 : Math.max(0, start | 0);
      end = end === undefined ? this.length : Math.min(this.length, end | 0);
      if (end <= start) return '';
      const view = start === 0 && end === this.length ? this : this.subarray(start, end);
      return stringFromBytes(view, encoding);
    }

    toJSON() { return { type: 'Buffer', data: Array.from(this) }; }

    equals(other) {
      if (!(other instanceof Uint8Array)) throw invalidArg('otherBuffer', 'an instance of Buffer or Uint8Array', other);
      if (other.length !== this.length) return false;
      for (let i = 0; i < this.length; i++) if (this[i] !== other[i]) return false;
      return true;
    }

    write(string, offset = 0, length, encoding) {
      if (typeof offset === 'string') { encoding = offset; offset = 0; }
      const bytes = bytesFromString(string, encoding);
      const n = Math.min(bytes.length, this.length - offset, length ?? Infinity);
      this.set(bytes.subarray(0, n), offset);
      return n;
    }

    slice(start, end) { return this.subarray(start, end); }

    [Symbol.for('nodejs.util.inspect.custom')](depth, options) {
      const max = options && options.maxArrayLength !== undefined ? options.maxArrayLength : 50;
      const limit = Math.min(50, max);
      let str = '';
      for (let i = 0; i < Math.min(limit, this.length); i++) {
        str += (i === 0 ? '' : ' ') + this[i].toString(16).padStart(2, '0');
      }
      const remaining = this.length - limit;
      if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
      return `<${this.constructor.name} ${str}>`;
    }
  }

  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(input = '') { return binding.utf8Encode(String(input)); }
  }

  class TextDecoder {
    constructor(encoding = 'utf-8') {
      if (!/^utf-?8$/i.test(encoding)) {
        const err = new RangeError(`The "${encoding}" encoding is not supported`);
        err.code = 'ERR_ENCODING_NOT_SUPPORTED';
        throw err;
      }
    }
    get encoding() { return 'utf-8'; }
    decode(input) {
      if (input === undefined) return '';
      const bytes = input instanceof ArrayBuffer ? new Uint8Array(input)
        : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
      return binding.utf8Decode(bytes);
    }
  }

  return { Buffer, TextEncoder, TextDecoder };
})
