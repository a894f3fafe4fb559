// The nodev8 global environment: console and the globals (process, Buffer,
// timers, queueMicrotask, ...). Evaluated as a function expression; returns
// the hooks the Rust event loop calls (fireTimers, runImmediates, ...).
(function bootstrap(binding, util, bufferModule, internals, timers, loader) {
  'use strict';

  const { inspect, format } = util;
  const { Buffer, TextEncoder, TextDecoder } = bufferModule;
  const { process, queueMicrotask, processTicksAndRejections, fatalException } = internals;
  const { setTimeout, clearTimeout, setInterval, setImmediate, clearImmediate } = timers;

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
    table(tabularData, properties) {
      if (properties !== undefined && !Array.isArray(properties)) {
        throw internals.invalidArgType('properties', 'an instance of Array', properties);
      }
      if (tabularData === null || typeof tabularData !== 'object') return console.log(tabularData);
      return console.log(renderTable(tabularData, properties));
    },
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

  // console.table (Node's lib/internal/cli_table.js layout).
  function renderTable(data, properties) {
    const cell = (v) => {
      const depth = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 2 ? -1 : 0;
      return inspect(v, { depth, maxArrayLength: 3, breakLength: Infinity });
    };
    const indexes = (length) => Array.from({ length }, (_, i) => cell(i));
    if (data instanceof Map) {
      const keys = [];
      const values = [];
      for (const [k, v] of data) { keys.push(cell(k)); values.push(cell(v)); }
      return cliTable(['(iteration index)', 'Key', 'Values'], [indexes(keys.length), keys, values]);
    }
    if (data instanceof Set) {
      const values = [];
      for (const v of data) values.push(cell(v));
      return cliTable(['(iteration index)', 'Values'], [indexes(values.length), values]);
    }
    const map = Object.create(null);
    let hasPrimitives = false;
    const valuesColumn = [];
    const indexColumn = Object.keys(data);
    for (let i = 0; i < indexColumn.length; i++) {
      const item = data[indexColumn[i]];
      const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
      if (properties === undefined && primitive) {
        hasPrimitives = true;
        valuesColumn[i] = cell(item);
      } else {
        for (const key of properties || Object.keys(item)) {
          if (map[key] === undefined) map[key] = [];
          map[key][i] = (primitive && properties) || !Object.prototype.hasOwnProperty.call(item, key)
            ? '' : cell(item[key]);
        }
      }
    }
    const head = Object.keys(map);
    const columns = Object.values(map);
    if (hasPrimitives) {
      head.push('Values');
      columns.push(valuesColumn);
    }
    head.unshift('(index)');
    columns.unshift(indexColumn);
    return cliTable(head, columns);
  }

  function cliTable(head, columns) {
    const widths = head.map((h) => h.length);
    const longest = Math.max(0, ...columns.map((c) => c.length));
    const rows = [];
    for (let i = 0; i < head.length; i++) {
      for (let j = 0; j < longest; j++) {
        if (rows[j] === undefined) rows[j] = [];
        const value = rows[j][i] = Object.prototype.hasOwnProperty.call(columns[i], j) ? columns[i][j] : '';
        widths[i] = Math.max(widths[i] || 0, value.length);
      }
    }
    const renderRow = (row) => {
      let out = '│ ';
      for (let i = 0; i < row.length; i++) {
        out += row[i] + ' '.repeat(widths[i] - row[i].length);
        if (i !== row.length - 1) out += ' │ ';
      }
      return `${out} │`;
    };
    const divider = widths.map((w) => '─'.repeat(w + 2));
    let result = `┌${divider.join('┬')}┐\n${renderRow(head)}\n├${divider.join('┼')}┤\n`;
    for (const row of rows) result += `${renderRow(row)}\n`;
    return `${result}└${divider.join('┴')}┘`;
  }

  function formatTime(ms) {
    if (ms >= 1000) return `${(ms / 1000).toFixed(3)}s`;
    return `${Number(ms.toFixed(3))}ms`;
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
    runMain: loader.runMain,
    runEval: loader.runEval,
    fireTimers: timers.fireTimers,
    runImmediates: timers.runImmediates,
    processTicks: processTicksAndRejections,
    fatalException,
    emitExit: internals.emitExit,
    emitBeforeExit: internals.emitBeforeExit,
    loadCommonJs: loader.loadCommonJs,
    builtin: loader.builtin,
    resolvePackage: loader.resolvePackage,
    importResult(evaluation, namespace) {
      return evaluation.then(() => namespace);
    },
    watchMain(promise) {
      promise.then(undefined, (err) => { fatalException(err, false); });
    },
    inspect,
  };
})
