// Small subsets of Node's path, fs, os and assert modules, enough for scripts
// that write heap snapshots or profiles and check the files they produced.
// Evaluated as a function expression returning module factories.
(function makeNodeLib(binding, bufferModule, EventEmitter, util) {
  'use strict';

  const { inspect } = util;
  const { Buffer } = bufferModule;

  // ------------------------------------------------------------------ path
  function normalizeString(path) {
    const absolute = path.startsWith('/');
    const parts = [];
    for (const part of path.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
        else if (!absolute) parts.push('..');
      } else {
        parts.push(part);
      }
    }
    const joined = parts.join('/');
    if (absolute) return `/${joined}`;
    return joined === '' ? '.' : joined;
  }

  const path = {
    sep: '/',
    delimiter: ':',
    normalize(p) {
      const trailing = p.endsWith('/') && p.length > 1;
      const out = normalizeString(p);
      return trailing && out !== '/' ? `${out}/` : out;
    },
    join(...parts) {
      const joined = parts.filter((p) => p !== '').join('/');
      return joined === '' ? '.' : path.normalize(joined);
    },
    resolve(...parts) {
      let resolved = '';
      for (let i = parts.length - 1; i >= 0 && !resolved.startsWith('/'); i--) {
        if (parts[i]) resolved = resolved === '' ? parts[i] : `${parts[i]}/${resolved}`;
      }
      if (!resolved.startsWith('/')) resolved = `${binding.cwd()}/${resolved}`;
      return normalizeString(resolved);
    },
    isAbsolute: (p) => p.startsWith('/'),
    dirname(p) {
      if (p === '') return '.';
      const trimmed = p.length > 1 ? p.replace(/\/+$/, '') : p;
      const i = trimmed.lastIndexOf('/');
      if (i === -1) return '.';
      return i === 0 ? '/' : trimmed.slice(0, i);
    },
    basename(p, ext) {
      const trimmed = p.length > 1 ? p.replace(/\/+$/, '') : p;
      let base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
      if (ext && base.endsWith(ext) && base !== ext) base = base.slice(0, -ext.length);
      return base;
    },
    extname(p) {
      const base = path.basename(p);
      const i = base.lastIndexOf('.');
      return i <= 0 ? '' : base.slice(i);
    },
    relative(from, to) {
      const a = path.resolve(from).split('/').filter(Boolean);
      const b = path.resolve(to).split('/').filter(Boolean);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
    },
  };
  path.posix = path;

  // -------------------------------------------------------------------- fs
  function toBytes(data, encoding) {
    if (typeof data === 'string') return Buffer.from(data, encoding);
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const err = new TypeError('The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView.');
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }

  function encodingOf(options) {
    return typeof options === 'string' ? options : options && options.encoding;
  }

  class Stats {
    constructor(raw) {
      Object.assign(this, { size: raw[0], mtimeMs: raw[2], mode: raw[3] });
      Object.defineProperty(this, '_kind', { value: raw[1] });
    }
    isFile() { return this._kind === 1; }
    isDirectory() { return this._kind === 2; }
    isSymbolicLink() { return false; }
  }

  class WriteStream extends EventEmitter {
    constructor(file, options) {
      super();
      this.path = file;
      this.bytesWritten = 0;
      this.writable = true;
      this.writableEnded = false;
      this.writableFinished = false;
      this.flags = (options && options.flags) || 'w';
      this._started = false;
    }
    write(chunk, encoding, callback) {
      if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
      try {
        const bytes = toBytes(chunk, encoding);
        binding.writeFile(this.path, bytes, this._started || this.flags === 'a');
        this._started = true;
        this.bytesWritten += bytes.length;
      } catch (err) {
        process.nextTick(() => this.emit('error', err));
        return false;
      }
      if (typeof callback === 'function') process.nextTick(callback, null);
      return true;
    }
    end(chunk, encoding, callback) {
      if (typeof chunk === 'function') { callback = chunk; chunk = undefined; }
      if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
      if (!this._started) {
        try { binding.writeFile(this.path, new Uint8Array(0), this.flags === 'a'); } catch (err) {
          process.nextTick(() => this.emit('error', err));
          return this;
        }
        this._started = true;
      }
      if (!this.writableEnded) {
        this.writableEnded = true;
        process.nextTick(() => {
          this.writableFinished = true;
          this.emit('finish');
          this.emit('close');
          if (typeof callback === 'function') callback();
        });
      }
      return this;
    }
    close(callback) { return this.end(callback); }
    destroy() { this.writable = false; return this; }
    cork() {}
    uncork() {}
  }

  const fs = {
    existsSync: (p) => typeof p === 'string' && binding.fileKind(p) !== 0,
    readFileSync(p, options) {
      const bytes = binding.readFileBytes(String(p));
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const encoding = encodingOf(options);
      return encoding ? buf.toString(encoding) : buf;
    },
    writeFileSync(p, data, options) {
      binding.writeFile(String(p), toBytes(data, encodingOf(options)), false);
    },
    appendFileSync(p, data, options) {
      binding.writeFile(String(p), toBytes(data, encodingOf(options)), true);
    },
    statSync: (p) => new Stats(binding.stat(String(p))),
    unlinkSync: (p) => binding.unlink(String(p)),
    rmSync: (p, options) => binding.remove(String(p), !!(options && options.recursive), !!(options && options.force)),
    mkdirSync: (p, options) => binding.mkdir(String(p), !!(options && options.recursive)),
    mkdtempSync: (prefix) => binding.mkdtemp(String(prefix)),
    readdirSync: (p) => binding.readdir(String(p)),
    renameSync: (from, to) => binding.rename(String(from), String(to)),
    realpathSync: (p) => binding.realpath(String(p)),
    createWriteStream: (p, options) => new WriteStream(String(p), options),
    WriteStream,
    Stats,
  };
  fs.promises = {
    readFile: async (p, options) => fs.readFileSync(p, options),
    writeFile: async (p, data, options) => fs.writeFileSync(p, data, options),
    stat: async (p) => fs.statSync(p),
    unlink: async (p) => fs.unlinkSync(p),
    rm: async (p, options) => fs.rmSync(p, options),
    mkdtemp: async (prefix) => fs.mkdtempSync(prefix),
    readdir: async (p) => fs.readdirSync(p),
  };

  // -------------------------------------------------------------------- os
  const os = {
    EOL: '\n',
    tmpdir: () => binding.tmpdir(),
    platform: () => process.platform,
    arch: () => process.arch,
  };

  // ---------------------------------------------------------------- assert
  class AssertionError extends Error {
    constructor(options) {
      super(options.message);
      this.name = 'AssertionError';
      this.code = 'ERR_ASSERTION';
      this.actual = options.actual;
      this.expected = options.expected;
      this.operator = options.operator;
      this.generatedMessage = !options.userMessage;
    }
  }

  function fail(actual, expected, message, operator, generated) {
    if (message instanceof Error) throw message;
    throw new AssertionError({
      message: message !== undefined ? message : generated,
      userMessage: message !== undefined,
      actual,
      expected,
      operator,
    });
  }

  function isDeepEqual(a, b, strict, seen = new Map()) {
    if (strict ? Object.is(a, b) : (a == b || (a !== a && b !== b))) return true; // eslint-disable-line eqeqeq
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    if (seen.get(a) === b) return true;
    seen.set(a, b);
    if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
    if (a instanceof RegExp && b instanceof RegExp) return String(a) === String(b);
    if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
      return true;
    }
    if (a instanceof Map && b instanceof Map) {
      if (a.size !== b.size) return false;
      for (const [k, v] of a) if (!b.has(k) || !isDeepEqual(v, b.get(k), strict, seen)) return false;
      return true;
    }
    if (a instanceof Set && b instanceof Set) {
      if (a.size !== b.size) return false;
      for (const v of a) if (!b.has(v)) return false;
      return true;
    }
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    if (keysA.length !== keysB.length) return false;
    for (const k of keysA) {
      if (!Object.prototype.hasOwnProperty.call(b, k) || !isDeepEqual(a[k], b[k], strict, seen)) return false;
    }
    return true;
  }

  function matches(err, expected) {
    if (expected === undefined) return true;
    if (typeof expected === 'function') {
      if (expected.prototype !== undefined && err instanceof expected) return true;
      if (Error.isPrototypeOf(expected) || expected === Error) return false;
      return expected.call({}, err) === true;
    }
    if (expected instanceof RegExp) return expected.test(String(err));
    if (typeof expected === 'object' && expected !== null) {
      return Object.keys(expected).every((k) => (expected[k] instanceof RegExp && typeof err[k] === 'string'
        ? expected[k].test(err[k]) : isDeepEqual(err[k], expected[k], true)));
    }
    return false;
  }

  function assert(value, message) { assert.ok(value, message); }
  Object.assign(assert, {
    AssertionError,
    ok(value, message) {
      if (!value) fail(value, true, message, '==', `${inspect(value)} == true`);
    },
    equal(actual, expected, message) {
      // eslint-disable-next-line eqeqeq
      if (!(actual == expected || (actual !== actual && expected !== expected))) {
        fail(actual, expected, message, '==', `${inspect(actual)} == ${inspect(expected)}`);
      }
    },
    notEqual(actual, expected, message) {
      // eslint-disable-next-line eqeqeq
      if (actual == expected) fail(actual, expected, message, '!=', `${inspect(actual)} != ${inspect(expected)}`);
    },
    strictEqual(actual, expected, message) {
      if (!Object.is(actual, expected)) {
        fail(actual, expected, message, 'strictEqual',
          `Expected values to be strictly equal:\n\n${inspect(actual)} !== ${inspect(expected)}\n`);
      }
    },
    notStrictEqual(actual, expected, message) {
      if (Object.is(actual, expected)) {
        fail(actual, expected, message, 'notStrictEqual',
          `Expected "actual" to be strictly unequal to: ${inspect(expected)}`);
      }
    },
    deepEqual(actual, expected, message) {
      if (!isDeepEqual(actual, expected, false)) {
        fail(actual, expected, message, 'deepEqual',
          `Expected values to be loosely deep-equal:\n\n${inspect(actual)}\n\nshould loosely deep-equal\n\n${inspect(expected)}`);
      }
    },
    deepStrictEqual(actual, expected, message) {
      if (!isDeepEqual(actual, expected, true)) {
        fail(actual, expected, message, 'deepStrictEqual',
          `Expected values to be strictly deep-equal:\n${inspect(actual)}\n\nshould equal\n\n${inspect(expected)}`);
      }
    },
    notDeepStrictEqual(actual, expected, message) {
      if (isDeepEqual(actual, expected, true)) {
        fail(actual, expected, message, 'notDeepStrictEqual',
          `Expected "actual" not to be strictly deep-equal to: ${inspect(expected)}`);
      }
    },
    throws(fn, expected, message) {
      if (typeof expected === 'string') { message = expected; expected = undefined; }
      try {
        fn();
      } catch (err) {
        if (!matches(err, expected)) throw err;
        return;
      }
      fail(undefined, expected, message, 'throws', 'Missing expected exception.');
    },
    doesNotThrow(fn, message) {
      try { fn(); } catch (err) {
        fail(err, undefined, message, 'doesNotThrow', `Got unwanted exception.\nActual message: "${err && err.message}"`);
      }
    },
    async rejects(promiseOrFn, expected, message) {
      const promise = typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn;
      try {
        await promise;
      } catch (err) {
        if (!matches(err, expected)) throw err;
        return;
      }
      fail(undefined, expected, message, 'rejects', 'Missing expected rejection.');
    },
    async doesNotReject(promiseOrFn, message) {
      const promise = typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn;
      try { await promise; } catch (err) {
        fail(err, undefined, message, 'doesNotReject', `Got unwanted rejection.\nActual message: "${err && err.message}"`);
      }
    },
    match(string, regexp, message) {
      if (!regexp.test(string)) {
        fail(string, regexp, message, 'match',
          `The input did not match the regular expression ${inspect(regexp)}. Input:\n\n${inspect(string)}\n`);
      }
    },
    fail(message = 'Failed') { fail(undefined, undefined, message, 'fail', message); },
  });
  const strict = Object.assign((value, message) => assert.ok(value, message), assert, {
    equal: assert.strictEqual,
    notEqual: assert.notStrictEqual,
    deepEqual: assert.deepStrictEqual,
    notDeepEqual: assert.notDeepStrictEqual,
  });
  strict.strict = strict;
  assert.strict = strict;

  return {
    path: () => path,
    fs: () => fs,
    'fs/promises': () => fs.promises,
    os: () => os,
    assert: () => assert,
    'assert/strict': () => strict,
  };
})
