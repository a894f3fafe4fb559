// The `process` object, the nextTick queue, unhandled rejections and the
// fatal-exception path. Evaluated as a function expression; returns the
// internals the other runtime scripts share.
(function makeProcess(binding, config, util, EventEmitter, bufferModule) {
  'use strict';

  const { inspect } = util;
  const { Buffer } = bufferModule;

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
  process.chdir = (directory) => {
    if (typeof directory !== 'string') throw invalidArgType('directory', 'of type string', directory);
    binding.chdir(directory);
  };
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
  process.abort = () => binding.abort();

  // process.stdout / process.stderr: synchronous writable sinks (enough to
  // be a pipe() destination).
  class WriteStream extends EventEmitter {}

  function makeStdStream(fd) {
    const stream = new WriteStream();
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
      let data;
      if (typeof chunk === 'string') {
        data = encoding && encoding !== 'utf8' && encoding !== 'utf-8' ? Buffer.from(chunk, encoding) : chunk;
      } else if (ArrayBuffer.isView(chunk)) {
        data = chunk;
      } else {
        throw invalidArgType('chunk', 'of type string or an instance of Buffer or Uint8Array', chunk);
      }
      if (stream.destroyed) return false;
      const failure = binding.print(fd, data);
      if (failure !== undefined) {
        // Like a libuv write error: the stream is destroyed and emits 'error'
        // (a closed pipe must not leave the script writing forever).
        stream.destroyed = true;
        const err = new Error(`write ${failure}`);
        Object.assign(err, { errno: failure === 'EPIPE' ? -32 : -5, code: failure, syscall: 'write' });
        nextTick(() => stream.emit('error', err));
        if (typeof callback === 'function') nextTick(callback, err);
        return false;
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


  function emitExit() {
    if (!exiting) {
      exiting = true;
      process._exiting = true;
      process.emit('exit', (process.exitCode ?? 0) | 0);
    }
    return (process.exitCode ?? 0) | 0;
  }

  function emitBeforeExit() {
    process.emit('beforeExit', (process.exitCode ?? 0) | 0);
  }

  return {
    process,
    nextTick,
    processTicksAndRejections,
    fatalException,
    queueMicrotask,
    invalidArgType,
    validateFunction,
    nodeError,
    emitExit,
    emitBeforeExit,
  };
})
