// The nodev8 global environment: process, console, timers, queueMicrotask,
// Buffer, require. Evaluated as a function expression; returns the hooks the
// Rust event loop calls (fireTimer, runImmediates, processTicks, ...).
(function bootstrap(binding, config, util, EventEmitter, bufferModule, nodeLib) {
  'use strict';

  const { inspect, format, formatWithOptions } = util;
  const { Buffer, TextEncoder, TextDecoder } = bufferModule;
  const TIMEOUT_MAX = 2 ** 31 - 1;

  function describeReceived(value) {
    if (value === null) return 'null';
    if (value === undefined) return 'undefined';
    if (typeof value === 'function') return `function ${value.name}`;
    if (typeof value === 'object') {
      if (value.constructor && value.constructor.name) return `an instance of ${value.constructor.name}`;
      return inspect(value, { depth: -1 });
    }
    let shown = inspect(value, { colors: false });
    if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
    return `type ${typeof value} (${shown})`;
  }

  function invalidArgType(name, expected, actual) {
    return nodeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      `The "${name}" argument must be ${expected}. Received ${describeReceived(actual)}`);
  }

  function validateFunction(value, name) {
    if (typeof value !== 'function') throw invalidArgType(name, 'of type function', value);
  }

  // Node's internal errors: the stack header reads `TypeError [CODE]: ...`
  // while `name` stays `TypeError`; `code` is an own enumerable property.
  function nodeError(Base, code, message) {
    const err = new Base(message);
    err.name = `${Base.name} [${code}]`;
    void err.stack;
    delete err.name;
    Object.defineProperty(err, 'code', { value: code, enumerable: true, writable: true, configurable: true });
    return err;
  }

  // ---------------------------------------------------------------- process
  const process = new EventEmitter();
  let exiting = false;
  let exitCode;
  Object.defineProperty(process, Symbol.toStringTag, { value: 'process', enumerable: false, configurable: true });
  Object.assign(process, {
    title: 'nodev8',
    version: config.version,
    versions: config.versions,
    arch: config.arch,
    platform: config.platform,
    release: { name: 'nodev8' },
    argv: config.argv,
    execArgv: config.execArgv,
    argv0: config.argv0,
    execPath: config.execPath,
    env: config.env,
    pid: config.pid,
    ppid: config.ppid,
  });
  Object.defineProperty(process, 'exitCode', {
    enumerable: true,
    configurable: false,
    get() { return exitCode; },
    set(code) {
      if (code !== null && code !== undefined) {
        let value = code;
        if (typeof code === 'string' && code !== '' && Number.isInteger(+code)) value = +code;
        if (!Number.isInteger(value)) {
          throw invalidArgType('code', 'of type number', code);
        }
      }
      exitCode = code;
    },
  });
  process.cwd = () => binding.cwd();
  process.uptime = () => binding.hrtime() / 1000;
  function hrtime(previous) {
    const ns = binding.hrtimeBigint();
    let sec = Number(ns / 1000000000n);
    let nsec = Number(ns % 1000000000n);
    if (previous !== undefined) {
      sec -= previous[0];
      nsec -= previous[1];
      if (nsec < 0) { sec -= 1; nsec += 1e9; }
    }
    return [sec, nsec];
  }
  hrtime.bigint = () => binding.hrtimeBigint();
  process.hrtime = hrtime;
  process.memoryUsage = () => binding.memoryUsage();
  process.emitWarning = (warning, type = 'Warning') => {
    const name = typeof warning === 'object' && warning !== null ? warning.name : type;
    const message = typeof warning === 'object' && warning !== null ? warning.message : String(warning);
    binding.print(2, `(node:${config.pid}) ${name}: ${message}\n`);
  };
  process.exit = (code) => {
    if (code !== undefined) process.exitCode = code;
    if (!exiting) {
      exiting = true;
      process._exiting = true;
      process.emit('exit', (process.exitCode ?? 0) | 0);
    }
    binding.reallyExit((process.exitCode ?? 0) | 0);
  };
  process.reallyExit = (code) => binding.reallyExit(code | 0);
  process.abort = () => binding.reallyExit(134);

  function makeStdStream(fd) {
    const stream = new EventEmitter();
    Object.assign(stream, {
      fd,
      isTTY: fd === 1 ? config.stdoutIsTTY : config.stderrIsTTY,
      writable: true,
      writableEnded: false,
      writableFinished: false,
      writableNeedDrain: false,
      writableHighWaterMark: 16384,
      writableObjectMode: false,
      writableLength: 0,
      destroyed: false,
      _isStdio: true,
    });
    stream.write = function write(chunk, encoding, callback) {
      if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
      if (typeof chunk === 'string') {
        binding.print(fd, encoding && encoding !== 'utf8' && encoding !== 'utf-8' ? Buffer.from(chunk, encoding) : chunk);
      } else if (ArrayBuffer.isView(chunk)) {
        binding.print(fd, chunk);
      } else {
        throw invalidArgType('chunk', 'of type string or an instance of Buffer or Uint8Array', chunk);
      }
      if (typeof callback === 'function') nextTick(callback, null);
      return true;
    };
    stream.end = function end(chunk, encoding, callback) {
      if (typeof chunk === 'function') { callback = chunk; chunk = undefined; }
      if (typeof encoding === 'function') { callback = encoding; encoding = undefined; }
      if (chunk !== undefined && chunk !== null) stream.write(chunk, encoding);
      if (!stream.writableEnded) {
        stream.writableEnded = true;
        nextTick(() => {
          stream.writableFinished = true;
          stream.emit('finish');
          if (typeof callback === 'function') callback();
        });
      }
      return stream;
    };
    stream.cork = () => {};
    stream.uncork = () => {};
    stream.setDefaultEncoding = () => stream;
    stream.destroy = () => stream;
    return stream;
  }
  process.stdout = makeStdStream(1);
  process.stderr = makeStdStream(2);

  // -------------------------------------------------------------- nextTick
  let tickQueue = [];
  let tickHead = 0;
  function nextTick(callback, ...args) {
    validateFunction(callback, 'callback');
    if (exiting) return;
    if (tickHead === tickQueue.length) binding.setHasTicks(true);
    tickQueue.push({ callback, args });
  }
  process.nextTick = nextTick;

  function runTickQueue() {
    while (tickHead < tickQueue.length) {
      const tock = tickQueue[tickHead];
      tickQueue[tickHead++] = undefined;
      if (tickHead === tickQueue.length) { tickQueue = []; tickHead = 0; }
      tock.callback(...tock.args);
    }
  }

  function processTicksAndRejections() {
    do {
      runTickQueue();
      binding.runMicrotasks();
    } while (tickHead < tickQueue.length || processPromiseRejections());
    binding.setHasTicks(false);
  }

  function isErrorLike(o) {
    return typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, 'stack');
  }

  function unhandledRejectionError(reason) {
    let shown;
    try { shown = typeof reason === 'string' ? reason : inspect(reason); } catch { shown = '[object]'; }
    const message = 'This error originated either by throwing inside of an async function without a catch ' +
      'block, or by rejecting a promise which was not handled with .catch(). The promise rejected with the' +
      ` reason "${shown}".`;
    const err = new Error(message);
    err.name = 'UnhandledPromiseRejection';
    err.code = 'ERR_UNHANDLED_REJECTION';
    return err;
  }

  function processPromiseRejections() {
    const list = binding.takeUnhandledRejections();
    if (list.length === 0) return false;
    for (let i = 0; i < list.length; i += 2) {
      const promise = list[i];
      const reason = list[i + 1];
      if (process.emit('unhandledRejection', reason, promise)) continue;
      fatalException(isErrorLike(reason) ? reason : unhandledRejectionError(reason), true);
    }
    return true;
  }

  function fatalException(err, fromPromise) {
    if (process.listenerCount('uncaughtException') > 0) {
      process.emit('uncaughtException', err, fromPromise ? 'unhandledRejection' : 'uncaughtException');
      return true;
    }
    // Before inspect(err) formats the stack (V8 then drops the frames the
    // source arrow is computed from).
    binding.captureFatalSource(err);
    let text;
    try {
      text = (typeof err === 'object' && err !== null) || typeof err === 'function' ? inspect(err) : String(err);
    } catch {
      text = Object.prototype.toString.call(err);
    }
    exitCode = 1;
    if (!exiting) {
      exiting = true;
      process._exiting = true;
      try { process.emit('exit', 1); } catch { /* exit handlers must not mask the fatal error */ }
    }
    binding.printFatal(err, text, !!fromPromise);
    binding.reallyExit(1);
    return false;
  }

  function queueMicrotask(callback) {
    validateFunction(callback, 'callback');
    Promise.resolve().then(() => {
      try {
        callback();
      } catch (err) {
        fatalException(err, false);
      }
    });
  }

  // ---------------------------------------------------------------- timers
  const timers = new Map();
  let nextTimerId = 1;

  class Timeout {
    constructor(callback, after, args, isRepeat) {
      after *= 1;
      if (!(after >= 1 && after <= TIMEOUT_MAX)) {
        if (after > TIMEOUT_MAX) {
          process.emitWarning(`${after} does not fit into a 32-bit signed integer.\nTimeout duration was set to 1.`,
            'TimeoutOverflowWarning');
        }
        after = 1;
      }
      this._idleTimeout = after;
      this._onTimeout = callback;
      this._timerArgs = args;
      this._repeat = isRepeat ? after : null;
      this._destroyed = false;
      this._refed = true;
      Object.defineProperty(this, '_id', { value: nextTimerId++, enumerable: false });
    }

    ref() {
      this._refed = true;
      if (!this._destroyed) binding.timerRef(this._id, true);
      return this;
    }

    unref() {
      this._refed = false;
      if (!this._destroyed) binding.timerRef(this._id, false);
      return this;
    }

    hasRef() { return this._refed; }

    refresh() {
      if (!this._destroyed) binding.timerStart(this._id, this._idleTimeout, this._refed);
      return this;
    }

    close() {
      clearTimeout(this);
      return this;
    }

    [Symbol.toPrimitive]() { return this._id; }
  }

  function startTimer(callback, after, args, isRepeat) {
    validateFunction(callback, 'callback');
    const timer = new Timeout(callback, after, args, isRepeat);
    timers.set(timer._id, timer);
    binding.timerStart(timer._id, timer._idleTimeout, true);
    return timer;
  }

  function setTimeout(callback, after, ...args) { return startTimer(callback, after, args, false); }
  function setInterval(callback, repeat, ...args) { return startTimer(callback, repeat, args, true); }

  function clearTimeout(timer) {
    let id;
    if (timer instanceof Timeout) id = timer._id;
    else if (typeof timer === 'number' || typeof timer === 'string') id = Number(timer);
    else return;
    const t = timers.get(id);
    if (t === undefined) return;
    t._destroyed = true;
    timers.delete(id);
    binding.timerCancel(id);
  }

  function fireTimer(id) {
    const timer = timers.get(id);
    if (timer === undefined) return;
    if (timer._repeat !== null) {
      binding.timerStart(id, timer._repeat, timer._refed);
    } else {
      timer._destroyed = true;
      timers.delete(id);
    }
    timer._onTimeout(...timer._timerArgs);
  }

  // Fires the batch of timers the loop found due (Node's listOnTimeout),
  // draining ticks and microtasks after each. If a callback throws, the
  // loop reports it and calls again without ids to finish the batch.
  let firing = [];
  let firingIndex = 0;
  function fireTimers(ids) {
    if (ids !== undefined) {
      firing = ids;
      firingIndex = 0;
    }
    while (firingIndex < firing.length) {
      fireTimer(firing[firingIndex++]);
      processTicksAndRejections();
    }
    firing = [];
    firingIndex = 0;
  }

  // ------------------------------------------------------------ immediates
  let immediateQueue = [];
  let refedImmediates = 0;

  class Immediate {
    constructor(callback, args) {
      this._onImmediate = callback;
      this._argv = args;
      this._destroyed = false;
      this._refed = true;
    }
    ref() {
      if (!this._refed && !this._destroyed) { this._refed = true; refedImmediates++; syncImmediates(); }
      return this;
    }
    unref() {
      if (this._refed && !this._destroyed) { this._refed = false; refedImmediates--; syncImmediates(); }
      return this;
    }
    hasRef() { return this._refed; }
  }

  function syncImmediates() {
    binding.setImmediateInfo(immediateQueue.length, refedImmediates);
  }

  function setImmediate(callback, ...args) {
    validateFunction(callback, 'callback');
    const immediate = new Immediate(callback, args);
    immediateQueue.push(immediate);
    refedImmediates++;
    syncImmediates();
    return immediate;
  }

  function retire(immediate) {
    immediate._destroyed = true;
    if (immediate._refed) refedImmediates--;
  }

  function clearImmediate(immediate) {
    if (!(immediate instanceof Immediate) || immediate._destroyed) return;
    retire(immediate);
    immediateQueue = immediateQueue.filter((i) => i !== immediate);
    syncImmediates();
  }

  // Runs the immediates queued before this call (Node's check phase);
  // ones added meanwhile wait for the next loop iteration.
  function runImmediates() {
    const batch = immediateQueue;
    immediateQueue = [];
    let i = 0;
    try {
      for (; i < batch.length; i++) {
        const immediate = batch[i];
        if (immediate._destroyed) continue;
        retire(immediate);
        syncImmediates();
        immediate._onImmediate(...immediate._argv);
        processTicksAndRejections();
      }
    } finally {
      if (i + 1 < batch.length) immediateQueue = batch.slice(i + 1).concat(immediateQueue);
      syncImmediates();
    }
  }

  // --------------------------------------------------------------- console
  let groupIndent = '';
  const counts = new Map();
  const timings = new Map();

  function writeLine(fd, text) {
    if (groupIndent !== '') text = groupIndent + text.replaceAll('\n', `\n${groupIndent}`);
    binding.print(fd, `${text}\n`);
  }

  const console = {
    log(...args) { writeLine(1, format(...args)); },
    info(...args) { writeLine(1, format(...args)); },
    debug(...args) { writeLine(1, format(...args)); },
    warn(...args) { writeLine(2, format(...args)); },
    error(...args) { writeLine(2, format(...args)); },
    dir(object, options) { writeLine(1, inspect(object, { customInspect: false, ...options })); },
    dirxml(...args) { console.log(...args); },
    table(...args) { console.log(...args); },
    trace(...args) {
      const err = { name: 'Trace', message: format(...args) };
      Error.captureStackTrace(err, console.trace);
      writeLine(2, err.stack);
    },
    assert(expression, ...args) {
      if (!expression) {
        if (typeof args[0] === 'string') args[0] = `Assertion failed: ${args[0]}`;
        else args.unshift('Assertion failed');
        console.warn(...args);
      }
    },
    count(label = 'default') {
      label = `${label}`;
      const n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      console.log(`${label}: ${n}`);
    },
    countReset(label = 'default') { counts.delete(`${label}`); },
    group(...args) {
      if (args.length > 0) console.log(...args);
      groupIndent += '  ';
    },
    groupCollapsed(...args) { console.group(...args); },
    groupEnd() { groupIndent = groupIndent.slice(0, -2); },
    time(label = 'default') { timings.set(`${label}`, binding.hrtime()); },
    timeLog(label = 'default', ...data) {
      const start = timings.get(`${label}`);
      if (start === undefined) return;
      console.log(`${label}: ${formatTime(binding.hrtime() - start)}`, ...data);
    },
    timeEnd(label = 'default') {
      const start = timings.get(`${label}`);
      if (start === undefined) return;
      timings.delete(`${label}`);
      console.log(`${label}: ${formatTime(binding.hrtime() - start)}`);
    },
  };

  function formatTime(ms) {
    if (ms >= 1000) return `${(ms / 1000).toFixed(3)}s`;
    return `${Number(ms.toFixed(3))}ms`;
  }

  // ---------------------------------------------------------------- paths
  function normalize(path) {
    const parts = [];
    for (const part of path.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') parts.pop(); else parts.push(part);
    }
    return `/${parts.join('/')}`;
  }
  function resolvePath(base, request) {
    return normalize(request.startsWith('/') ? request : `${base}/${request}`);
  }
  function dirname(path) {
    const i = path.lastIndexOf('/');
    return i <= 0 ? '/' : path.slice(0, i);
  }
  function extname(path) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    const i = base.lastIndexOf('.');
    return i <= 0 ? '' : base.slice(i);
  }

  // ------------------------------------------------------------- require
  const timersModule = { setTimeout, clearTimeout, setInterval, clearInterval: clearTimeout, setImmediate, clearImmediate };
  const builtinFactories = {
    v8: () => binding.v8Module(),
    events: () => EventEmitter,
    buffer: () => ({ Buffer, kMaxLength: 2 ** 32, constants: { MAX_LENGTH: 2 ** 32 } }),
    util: () => ({ inspect, format, formatWithOptions, TextEncoder, TextDecoder }),
    timers: () => timersModule,
    process: () => process,
    ...nodeLib,
  };
  const builtinCache = new Map();
  function loadBuiltin(name) {
    if (!builtinCache.has(name)) builtinCache.set(name, builtinFactories[name]());
    return builtinCache.get(name);
  }
  function builtinName(id) {
    const name = id.startsWith('node:') ? id.slice(5) : id;
    return Object.prototype.hasOwnProperty.call(builtinFactories, name) ? name : undefined;
  }

  class Module {
    constructor(id, parent) {
      this.id = id;
      this.path = dirname(id);
      this.exports = {};
      this.filename = id;
      this.loaded = false;
      this.children = [];
      this.parent = parent;
      if (parent) parent.children.push(this);
    }
  }
  Module._cache = Object.create(null);
  Module.builtinModules = Object.keys(builtinFactories);
  let mainModule;

  function tryFile(path) {
    return binding.fileKind(path) === 1 ? binding.realpath(path) : undefined;
  }
  function tryExtensions(path) {
    for (const ext of ['', '.js', '.json', '.cjs']) {
      const found = tryFile(path + ext);
      if (found) return found;
    }
    return undefined;
  }
  function tryDirectory(path) {
    if (binding.fileKind(path) !== 2) return undefined;
    const pkgPath = `${path}/package.json`;
    if (binding.fileKind(pkgPath) === 1) {
      let main;
      try { main = JSON.parse(binding.readFile(pkgPath)).main; } catch { main = undefined; }
      if (typeof main === 'string') {
        const target = resolvePath(path, main);
        const found = tryExtensions(target) || tryExtensions(`${target}/index`);
        if (found) return found;
      }
    }
    return tryExtensions(`${path}/index`);
  }

  function resolveFilename(request, parent) {
    const base = parent ? parent.path : binding.cwd();
    const relative = request === '.' || request === '..' || request.startsWith('./') ||
      request.startsWith('../') || request.startsWith('/');
    const candidates = [];
    if (relative) {
      candidates.push(resolvePath(base, request));
    } else {
      let dir = base;
      for (;;) {
        if (!dir.endsWith('/node_modules')) candidates.push(`${dir === '/' ? '' : dir}/node_modules/${request}`);
        if (dir === '/') break;
        dir = dirname(dir);
      }
    }
    for (const candidate of candidates) {
      const found = tryExtensions(candidate) || tryDirectory(candidate);
      if (found) return found;
    }
    const requireStack = [];
    for (let m = parent; m; m = m.parent) requireStack.push(m.filename);
    let message = `Cannot find module '${request}'`;
    if (requireStack.length > 0) message += `\nRequire stack:\n- ${requireStack.join('\n- ')}`;
    const err = new Error(message);
    err.code = 'MODULE_NOT_FOUND';
    err.requireStack = requireStack;
    throw err;
  }

  function makeRequire(mod) {
    function require(id) {
      return requireFrom(mod, id);
    }
    require.resolve = (request) => {
      const name = builtinName(request);
      return name !== undefined ? request : resolveFilename(request, mod);
    };
    require.cache = Module._cache;
    require.main = mainModule;
    return require;
  }

  function requireFrom(parent, id) {
    if (typeof id !== 'string') throw invalidArgType('id', 'of type string', id);
    if (id === '') {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE', "The argument 'id' must be a non-empty string. Received ''");
    }
    const name = builtinName(id);
    if (name !== undefined) return loadBuiltin(name);
    if (id.startsWith('node:')) throw nodeError(Error, 'ERR_UNKNOWN_BUILTIN_MODULE', `No such built-in module: ${id}`);
    const filename = resolveFilename(id, parent);
    const cached = Module._cache[filename];
    if (cached !== undefined) return cached.exports;
    const mod = new Module(filename, parent);
    Module._cache[filename] = mod;
    let ok = false;
    try {
      loadModule(mod);
      ok = true;
    } finally {
      if (!ok) delete Module._cache[filename];
    }
    return mod.exports;
  }

  function loadModule(mod) {
    const filename = mod.filename;
    const ext = extname(filename);
    if (ext === '.mjs') {
      throw nodeError(Error, 'ERR_REQUIRE_ESM',
        `require() of ES Module ${filename} not supported.\nInstead change the require of ${filename} to a dynamic import() which is available in all CommonJS modules.`);
    }
    const source = binding.readFile(filename);
    if (ext === '.json') {
      try {
        mod.exports = JSON.parse(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
      } catch (err) {
        err.message = `${filename}: ${err.message}`;
        throw err;
      }
    } else {
      const body = source.startsWith('#!') ? `//${source.slice(2)}` : source;
      const fn = binding.compileFunction(body, filename,
        ['exports', 'require', 'module', '__filename', '__dirname']);
      fn.call(mod.exports, mod.exports, makeRequire(mod), mod, filename, mod.path);
    }
    mod.loaded = true;
  }

  function runMain(filename) {
    const mod = new Module(filename, undefined);
    mod.id = '.';
    mainModule = mod;
    process.mainModule = mod;
    Module._cache[filename] = mod;
    loadModule(mod);
  }

  // --------------------------------------------------------------- globals
  const globals = {
    global: globalThis,
    process,
    console,
    Buffer,
    TextEncoder,
    TextDecoder,
    queueMicrotask,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval: clearTimeout,
    setImmediate,
    clearImmediate,
    performance: { now: () => binding.hrtime(), timeOrigin: binding.timeOrigin() },
    btoa(data) {
      const text = `${data}`;
      for (let i = 0; i < text.length; i++) {
        if (text.charCodeAt(i) > 0xff) {
          const err = new Error('Invalid character');
          err.name = 'InvalidCharacterError';
          throw err;
        }
      }
      return Buffer.from(text, 'latin1').toString('base64');
    },
    atob(data) {
      const text = `${data}`.replace(/[\t\n\f\r ]/g, '');
      if (text.length % 4 === 1 || /[^A-Za-z0-9+/=]/.test(text) || /=[^=]/.test(text)) {
        const err = new Error('The string to be decoded is not correctly encoded.');
        err.name = 'InvalidCharacterError';
        throw err;
      }
      return Buffer.from(text, 'base64').toString('latin1');
    },
  };
  for (const [key, value] of Object.entries(globals)) {
    Object.defineProperty(globalThis, key, { value, writable: true, configurable: true, enumerable: false });
  }

  return {
    runMain,
    fireTimers,
    runImmediates,
    processTicks: processTicksAndRejections,
    fatalException,
    emitExit() {
      if (!exiting) {
        exiting = true;
        process._exiting = true;
        process.emit('exit', (process.exitCode ?? 0) | 0);
      }
      return (process.exitCode ?? 0) | 0;
    },
    emitBeforeExit() {
      process.emit('beforeExit', (process.exitCode ?? 0) | 0);
    },
    loadCommonJs(filename) { return requireFrom(undefined, filename); },
    builtin(id) {
      const name = builtinName(id);
      if (name !== undefined) return loadBuiltin(name);
      if (id.startsWith('node:')) throw nodeError(Error, 'ERR_UNKNOWN_BUILTIN_MODULE', `No such built-in module: ${id}`);
      return undefined;
    },
    resolvePackage(specifier, dir, referrer) {
      try {
        return resolveFilename(specifier, { path: dir, parent: undefined, filename: referrer });
      } catch (err) {
        if (err.code !== 'MODULE_NOT_FOUND') throw err;
        throw nodeError(Error, 'ERR_MODULE_NOT_FOUND', `Cannot find package '${specifier}' imported from ${referrer}`);
      }
    },
    importResult(evaluation, namespace) {
      return evaluation.then(() => namespace);
    },
    watchMain(promise) {
      promise.then(undefined, (err) => { fatalException(err, false); });
    },
    inspect,
  };
})
