// util.inspect / util.format in Node's style (Node 20 output rules, no colours).
// Evaluated as a function expression; `binding` provides the few engine
// queries plain JavaScript cannot answer (promise state, proxy target, kinds).
(function makeInspect(binding) {
  'use strict';

  const kObjectType = 0;
  const kArrayType = 1;
  const kArrayExtrasType = 2;
  const kMinLineWidth = 16;
  const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');
  const keyStrRegExp = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
  const numberRegExp = /^(0|[1-9][0-9]*)$/;
  const strEscapeSequencesRegExp = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const strEscapeSequencesReplacer = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  const strEscapeSequencesRegExpSingle = /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const strEscapeSequencesReplacerSingle = /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

  const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const isEnumerable = (o, k) => Object.prototype.propertyIsEnumerable.call(o, k);

  // Capitalised constructors that exist before any embedder global is added.
  const builtInObjects = new Set(
    Object.getOwnPropertyNames(globalThis).filter(
      (e) => /^[A-Z][a-zA-Z0-9]+$/.test(e) && typeof globalThis[e] === 'function'));

  const meta = [];
  for (let i = 0; i < 0x20; i++) meta.push(`\\x${i.toString(16).toUpperCase().padStart(2, '0')}`);
  meta[8] = '\\b'; meta[9] = '\\t'; meta[10] = '\\n'; meta[12] = '\\f'; meta[13] = '\\r';
  meta[0x27] = "\\'";
  meta[0x5c] = '\\\\';
  for (let i = 0x7f; i <= 0x9f; i++) meta[i] = `\\x${i.toString(16).toUpperCase()}`;

  const inspectDefaultOptions = {
    showHidden: false,
    depth: 2,
    colors: false,
    customInspect: true,
    showProxy: false,
    maxArrayLength: 100,
    maxStringLength: 10000,
    breakLength: 80,
    compact: 3,
    sorted: false,
    getters: false,
    numericSeparator: false,
  };

  const stylizeNoColor = (str) => str;

  function escapeFn(str) {
    const code = str.charCodeAt(0);
    return meta.length > code && meta[code] !== undefined ? meta[code] : `\\u${code.toString(16)}`;
  }

  function addQuotes(str, quotes) {
    if (quotes === -1) return `"${str}"`;
    if (quotes === -2) return `\`${str}\``;
    return `'${str}'`;
  }

  function strEscape(str) {
    let escapeTest = strEscapeSequencesRegExp;
    let escapeReplace = strEscapeSequencesReplacer;
    let singleQuote = 39;
    if (str.includes("'")) {
      if (!str.includes('"')) {
        singleQuote = -1;
      } else if (!str.includes('`') && !str.includes('${')) {
        singleQuote = -2;
      }
      if (singleQuote !== 39) {
        escapeTest = strEscapeSequencesRegExpSingle;
        escapeReplace = strEscapeSequencesReplacerSingle;
      }
    }
    if (!escapeTest.test(str)) return addQuotes(str, singleQuote);
    return addQuotes(str.replace(escapeReplace, escapeFn), singleQuote);
  }

  function inspect(value, opts) {
    const ctx = {
      budget: {},
      indentationLvl: 0,
      seen: [],
      currentDepth: 0,
      stylize: stylizeNoColor,
      ...inspectDefaultOptions,
    };
    if (typeof opts === 'boolean') {
      ctx.showHidden = opts;
      if (arguments.length > 2 && arguments[2] !== undefined) ctx.depth = arguments[2];
    } else if (opts !== null && typeof opts === 'object') {
      for (const key of Object.keys(opts)) {
        if (hasOwn(inspectDefaultOptions, key) || key === 'stylize') ctx[key] = opts[key];
      }
    }
    if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
    if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
    return formatValue(ctx, value, 0);
  }
  inspect.custom = customInspectSymbol;
  inspect.defaultOptions = inspectDefaultOptions;

  function getUserOptions(ctx) {
    const out = {};
    for (const key of Object.keys(inspectDefaultOptions)) out[key] = ctx[key];
    out.stylize = ctx.stylize;
    return out;
  }

  function formatValue(ctx, value, recurseTimes, typedArray) {
    if (typeof value !== 'object' && typeof value !== 'function') {
      return formatPrimitive(ctx.stylize, value, ctx);
    }
    if (value === null) return ctx.stylize('null', 'null');

    const context = value;
    const proxy = binding.proxyDetails(value);
    if (proxy !== undefined) {
      if (proxy === null) return ctx.stylize('<Revoked Proxy>', 'special');
      if (ctx.showProxy) return formatProxy(ctx, proxy, recurseTimes);
      value = proxy[0];
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
        return formatValue(ctx, value, recurseTimes);
      }
    }

    if (ctx.customInspect) {
      let maybeCustom;
      try { maybeCustom = value[customInspectSymbol]; } catch { maybeCustom = undefined; }
      if (typeof maybeCustom === 'function' && maybeCustom !== inspect &&
          !(value.constructor && value.constructor.prototype === value)) {
        const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
        const ret = maybeCustom.call(context, depth, getUserOptions(ctx), inspect);
        if (ret !== context) {
          if (typeof ret !== 'string') return formatValue(ctx, ret, recurseTimes);
          return ret.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
        }
      }
    }

    if (ctx.seen.includes(value)) {
      let index = 1;
      if (ctx.circular === undefined) {
        ctx.circular = new Map();
        ctx.circular.set(value, index);
      } else {
        index = ctx.circular.get(value);
        if (index === undefined) {
          index = ctx.circular.size + 1;
          ctx.circular.set(value, index);
        }
      }
      return ctx.stylize(`[Circular *${index}]`, 'special');
    }
    return formatRaw(ctx, value, recurseTimes, typedArray);
  }

  function formatProxy(ctx, proxy, recurseTimes) {
    if (recurseTimes > ctx.depth && ctx.depth !== null) return ctx.stylize('Proxy [Array]', 'special');
    recurseTimes += 1;
    ctx.indentationLvl += 2;
    const res = [formatValue(ctx, proxy[0], recurseTimes), formatValue(ctx, proxy[1], recurseTimes)];
    ctx.indentationLvl -= 2;
    return reduceToSingleString(ctx, res, '', ['Proxy [', ']'], kArrayExtrasType, recurseTimes);
  }

  function isInstanceof(object, proto) {
    try { return object instanceof proto; } catch { return false; }
  }

  function getConstructorName(obj, ctx, recurseTimes) {
    let firstProto;
    const tmp = obj;
    while (obj) {
      const descriptor = Object.getOwnPropertyDescriptor(obj, 'constructor');
      if (descriptor !== undefined && typeof descriptor.value === 'function' &&
          descriptor.value.name !== '' && isInstanceof(tmp, descriptor.value)) {
        return String(descriptor.value.name);
      }
      obj = Object.getPrototypeOf(obj);
      if (firstProto === undefined) firstProto = obj;
    }
    if (firstProto === null) return null;
    const res = binding.constructorName(tmp);
    if (recurseTimes > ctx.depth && ctx.depth !== null) return `${res} <Complex prototype>`;
    const protoConstr = getConstructorName(firstProto, ctx, recurseTimes + 1);
    if (protoConstr === null) {
      return `${res} <${inspect(firstProto, { ...ctx, customInspect: false, depth: -1 })}>`;
    }
    return `${res} <${protoConstr}>`;
  }

  function getPrefix(constructor, tag, fallback, size = '') {
    if (constructor === null) {
      if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
      return `[${fallback}${size}: null prototype] `;
    }
    if (tag !== '' && constructor !== tag) return `${constructor}${size} [${tag}] `;
    return `${constructor}${size} `;
  }

  function getKeys(value, showHidden) {
    let keys;
    const symbols = Object.getOwnPropertySymbols(value);
    if (showHidden) {
      keys = Object.getOwnPropertyNames(value);
      if (symbols.length !== 0) keys.push(...symbols);
    } else {
      keys = Object.keys(value);
      if (symbols.length !== 0) keys.push(...symbols.filter((key) => isEnumerable(value, key)));
    }
    return keys;
  }

  function isIndexKey(key) {
    return numberRegExp.test(key) && Number(key) < 2 ** 32 - 1;
  }

  function getOwnNonIndexProperties(value, showHidden) {
    const names = Object.getOwnPropertyNames(value).filter(
      (k) => !isIndexKey(k) && (showHidden || isEnumerable(value, k)));
    const symbols = Object.getOwnPropertySymbols(value).filter(
      (k) => showHidden || isEnumerable(value, k));
    return names.concat(symbols);
  }

  function formatRaw(ctx, value, recurseTimes, typedArray) {
    let keys;
    const constructor = getConstructorName(value, ctx, recurseTimes);
    let tag = value[Symbol.toStringTag];
    if (typeof tag !== 'string' ||
        (tag !== '' && (ctx.showHidden ? hasOwn : isEnumerable)(value, Symbol.toStringTag))) {
      tag = '';
    }
    let base = '';
    let formatter = () => [];
    let braces;
    let noIterator = true;
    let extrasType = kObjectType;
    const kind = binding.kindOf(value);

    if (value[Symbol.iterator] || constructor === null) {
      noIterator = false;
      if (Array.isArray(value)) {
        const prefix = (constructor !== 'Array' || tag !== '')
          ? getPrefix(constructor, tag, 'Array', `(${value.length})`) : '';
        keys = getOwnNonIndexProperties(value, ctx.showHidden);
        braces = [`${prefix}[`, ']'];
        if (value.length === 0 && keys.length === 0) return `${braces[0]}]`;
        extrasType = kArrayExtrasType;
        formatter = formatArray;
      } else if (kind === 'set') {
        const size = Set.prototype.__lookupGetter__('size').call(value);
        const prefix = getPrefix(constructor, tag, 'Set', `(${size})`);
        keys = getKeys(value, ctx.showHidden);
        formatter = formatSet.bind(null, value);
        if (size === 0 && keys.length === 0) return `${prefix}{}`;
        braces = [`${prefix}{`, '}'];
      } else if (kind === 'map') {
        const size = Map.prototype.__lookupGetter__('size').call(value);
        const prefix = getPrefix(constructor, tag, 'Map', `(${size})`);
        keys = getKeys(value, ctx.showHidden);
        formatter = formatMap.bind(null, value);
        if (size === 0 && keys.length === 0) return `${prefix}{}`;
        braces = [`${prefix}{`, '}'];
      } else if (kind === 'typedarray') {
        keys = getOwnNonIndexProperties(value, ctx.showHidden);
        const fallback = binding.typedArrayName(value);
        const size = value.length;
        const prefix = getPrefix(constructor, tag, fallback, `(${size})`);
        braces = [`${prefix}[`, ']'];
        if (value.length === 0 && keys.length === 0 && !ctx.showHidden) return `${braces[0]}]`;
        formatter = formatTypedArray.bind(null, value, size);
        extrasType = kArrayExtrasType;
      } else if (kind === 'mapiterator' || kind === 'setiterator') {
        keys = getKeys(value, ctx.showHidden);
        const name = kind === 'mapiterator' ? 'Map Iterator' : 'Set Iterator';
        braces = [`[${name}] {`, '}'];
        formatter = formatIterator.bind(null, value, braces);
      } else {
        noIterator = true;
      }
    }
    if (noIterator) {
      keys = getKeys(value, ctx.showHidden);
      braces = ['{', '}'];
      if (constructor === 'Object') {
        if (kind === 'arguments') {
          braces[0] = '[Arguments] {';
        } else if (tag !== '') {
          braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
        }
        if (keys.length === 0) return `${braces[0]}}`;
      } else if (typeof value === 'function') {
        base = getFunctionBase(value, constructor, tag, kind);
        if (keys.length === 0) return ctx.stylize(base, 'special');
      } else if (kind === 'regexp') {
        base = RegExp.prototype.toString.call(constructor !== null ? value : new RegExp(value));
        const prefix = getPrefix(constructor, tag, 'RegExp');
        if (prefix !== 'RegExp ') base = `${prefix}${base}`;
        if (keys.length === 0 || (recurseTimes > ctx.depth && ctx.depth !== null)) return base;
      } else if (kind === 'date') {
        const time = Date.prototype.getTime.call(value);
        base = Number.isNaN(time) ? Date.prototype.toString.call(value) : Date.prototype.toISOString.call(value);
        const prefix = getPrefix(constructor, tag, 'Date');
        if (prefix !== 'Date ') base = `${prefix}${base}`;
        if (keys.length === 0) return base;
      } else if (kind === 'error' || value instanceof Error) {
        base = formatError(value, constructor, tag, ctx, keys);
        if (keys.length === 0) return base;
      } else if (kind === 'arraybuffer' || kind === 'sharedarraybuffer') {
        const arrayType = kind === 'arraybuffer' ? 'ArrayBuffer' : 'SharedArrayBuffer';
        const prefix = getPrefix(constructor, tag, arrayType);
        if (typedArray === undefined) {
          formatter = formatArrayBuffer;
        } else if (keys.length === 0) {
          return `${prefix}{ byteLength: ${formatNumber(ctx.stylize, value.byteLength)} }`;
        }
        braces[0] = `${prefix}{`;
        keys.unshift('byteLength');
      } else if (kind === 'dataview') {
        braces[0] = `${getPrefix(constructor, tag, 'DataView')}{`;
        keys.unshift('byteLength', 'byteOffset', 'buffer');
      } else if (kind === 'promise') {
        braces[0] = `${getPrefix(constructor, tag, 'Promise')}{`;
        formatter = formatPromise;
      } else if (kind === 'weakset') {
        braces[0] = `${getPrefix(constructor, tag, 'WeakSet')}{`;
        formatter = formatWeakCollection;
      } else if (kind === 'weakmap') {
        braces[0] = `${getPrefix(constructor, tag, 'WeakMap')}{`;
        formatter = formatWeakCollection;
      } else if (kind === 'module') {
        braces[0] = `${getPrefix(constructor, tag, 'Module')}{`;
        formatter = formatNamespaceObject.bind(null, keys);
        keys = [];
      } else if (kind === 'boxed') {
        base = getBoxedBase(value, ctx, keys, constructor, tag);
        if (keys.length === 0) return base;
      } else {
        if (keys.length === 0) return `${getPrefix(constructor, tag, 'Object')}{}`;
        braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
      }
    }

    if (recurseTimes > ctx.depth && ctx.depth !== null) {
      let constructorName = getPrefix(constructor, tag, 'Object').slice(0, -1);
      if (constructor !== null) constructorName = `[${constructorName}]`;
      return ctx.stylize(constructorName, 'special');
    }
    recurseTimes += 1;
    ctx.seen.push(value);
    ctx.currentDepth = recurseTimes;
    let output;
    try {
      output = formatter(ctx, value, recurseTimes);
      for (let i = 0; i < keys.length; i++) {
        output.push(formatProperty(ctx, value, recurseTimes, keys[i], extrasType));
      }
    } catch (err) {
      if (err instanceof RangeError && /call stack/.test(err.message)) {
        ctx.seen.pop();
        return ctx.stylize(`[${getPrefix(constructor, tag, 'Object').slice(0, -1)}: Inspection interrupted ` +
          'prematurely. Maximum call stack size exceeded.]', 'special');
      }
      throw err;
    }
    if (ctx.circular !== undefined) {
      const index = ctx.circular.get(value);
      if (index !== undefined) {
        const reference = `<ref *${index}>`;
        if (ctx.compact !== true) {
          base = base === '' ? reference : `${reference} ${base}`;
        } else {
          braces[0] = `${reference} ${braces[0]}`;
        }
      }
    }
    ctx.seen.pop();
    if (ctx.sorted) {
      const comparator = ctx.sorted === true ? undefined : ctx.sorted;
      if (extrasType === kObjectType) output.sort(comparator);
    }
    const res = reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value);
    const budget = ctx.budget[ctx.indentationLvl] || 0;
    const newLength = budget + res.length;
    ctx.budget[ctx.indentationLvl] = newLength;
    if (newLength > 2 ** 27) ctx.depth = -1;
    return res;
  }

  function getFunctionBase(value, constructor, tag, kind) {
    const stringified = Function.prototype.toString.call(value);
    if (stringified.startsWith('class') && stringified.endsWith('}')) {
      const slice = stringified.slice(5, -1);
      const bracketIndex = slice.indexOf('{');
      if (bracketIndex !== -1 && (!slice.slice(0, bracketIndex).includes('(') ||
          /^\s*(?:extends\s+[^(]*)?\s*$/.test(slice.slice(0, bracketIndex)))) {
        return getClassBase(value, constructor, tag);
      }
    }
    let type = 'Function';
    if (kind === 'generatorfunction' || kind === 'asyncgeneratorfunction') type = `Generator${type}`;
    if (kind === 'asyncfunction' || kind === 'asyncgeneratorfunction') type = `Async${type}`;
    let base = `[${type}`;
    if (constructor === null) base += ' (null prototype)';
    if (value.name === '') base += ' (anonymous)';
    else base += `: ${value.name}`;
    base += ']';
    if (constructor !== type && constructor !== null) base += ` ${constructor}`;
    if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
    return base;
  }

  function getClassBase(value, constructor, tag) {
    const name = (hasOwn(value, 'name') && value.name) || '(anonymous)';
    let base = `class ${name}`;
    if (constructor !== 'Function' && constructor !== null) base += ` [${constructor}]`;
    if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
    if (constructor !== null) {
      const superName = Object.getPrototypeOf(value).name;
      if (superName) base += ` extends ${superName}`;
    } else {
      base += ' extends [null prototype]';
    }
    return `[${base}]`;
  }

  function getStackString(error) {
    return error.stack ? String(error.stack) : Error.prototype.toString.call(error);
  }

  function removeDuplicateErrorKeys(ctx, keys, err, stack) {
    if (!ctx.showHidden && keys.length !== 0) {
      for (const name of ['name', 'message', 'stack']) {
        const index = keys.indexOf(name);
        if (index !== -1 && stack.includes(err[name])) keys.splice(index, 1);
      }
    }
  }

  function improveStack(stack, constructor, name, tag) {
    let len = name.length;
    if (constructor === null ||
        (name.endsWith('Error') && stack.startsWith(name) &&
         (stack.length === len || stack[len] === ':' || stack[len] === '\n'))) {
      let fallback = 'Error';
      if (constructor === null) {
        const start = stack.match(/^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n\s+at)/) ||
          stack.match(/^([a-z_A-Z0-9-]*Error)$/);
        fallback = (start && start[1]) || '';
        len = fallback.length;
        fallback = fallback || 'Error';
      }
      const prefix = getPrefix(constructor, tag, fallback).slice(0, -1);
      if (name !== prefix) {
        if (prefix.includes(name)) {
          stack = len === 0 ? `${prefix}: ${stack}` : `${prefix}${stack.slice(len)}`;
        } else {
          stack = `${prefix} [${name}]${stack.slice(len)}`;
        }
      }
    }
    return stack;
  }

  function formatError(err, constructor, tag, ctx, keys) {
    const name = err.name != null ? String(err.name) : 'Error';
    let stack = getStackString(err);
    removeDuplicateErrorKeys(ctx, keys, err, stack);
    if ('cause' in err && (keys.length === 0 || !keys.includes('cause'))) keys.push('cause');
    if (Array.isArray(err.errors) && (keys.length === 0 || !keys.includes('errors'))) keys.push('errors');
    stack = improveStack(stack, constructor, name, tag);
    let pos = (err.message && stack.indexOf(err.message)) || -1;
    if (pos !== -1) pos += err.message.length;
    const stackStart = stack.indexOf('\n    at', pos);
    if (stackStart === -1) {
      stack = `[${stack}]`;
    } else {
      const frames = getStackFrames(err, stack.slice(stackStart + 1));
      stack = `${stack.slice(0, stackStart)}\n${frames.join('\n')}`;
    }
    if (ctx.indentationLvl !== 0) {
      const indentation = ' '.repeat(ctx.indentationLvl);
      stack = stack.replaceAll('\n', `\n${indentation}`);
    }
    return stack;
  }

  // Frames identical to the cause's are folded into one line, as Node does.
  function getStackFrames(err, stack) {
    const frames = stack.split('\n');
    let cause;
    try { ({ cause } = err); } catch { cause = undefined; }
    if (cause != null && (binding.kindOf(cause) === 'error' || cause instanceof Error)) {
      const causeStack = getStackString(cause);
      const causeStackStart = causeStack.indexOf('\n    at');
      if (causeStackStart !== -1) {
        const causeFrames = causeStack.slice(causeStackStart + 1).split('\n');
        const { len, offset } = identicalSequenceRange(frames, causeFrames);
        if (len > 0) {
          const skipped = len - 2;
          frames.splice(offset + 1, skipped, `    ... ${skipped} lines matching cause stack trace ...`);
        }
      }
    }
    return frames;
  }

  function identicalSequenceRange(a, b) {
    for (let i = 0; i < a.length - 3; i++) {
      const pos = b.indexOf(a[i]);
      if (pos !== -1) {
        const rest = b.length - pos;
        if (rest > 3) {
          let len = 1;
          const maxLen = Math.min(a.length - i, rest);
          while (maxLen > len && a[i + len] === b[pos + len]) len++;
          if (len > 3) return { len, offset: i };
        }
      }
    }
    return { len: 0, offset: 0 };
  }

  function getBoxedBase(value, ctx, keys, constructor, tag) {
    let type;
    let primitive;
    const boxed = binding.boxedKind(value);
    if (boxed === 'number') {
      type = 'Number'; primitive = Number.prototype.valueOf.call(value);
    } else if (boxed === 'string') {
      type = 'String'; primitive = String.prototype.valueOf.call(value);
      keys.splice(0, primitive.length);
    } else if (boxed === 'boolean') {
      type = 'Boolean'; primitive = Boolean.prototype.valueOf.call(value);
    } else if (boxed === 'bigint') {
      type = 'BigInt'; primitive = BigInt.prototype.valueOf.call(value);
    } else {
      type = 'Symbol'; primitive = Symbol.prototype.valueOf.call(value);
    }
    let base = `[${type}`;
    if (type !== constructor) {
      base += constructor === null ? ' (null prototype)' : ` (${constructor})`;
    }
    base += `: ${formatPrimitive(stylizeNoColor, primitive, ctx)}]`;
    if (tag !== '' && tag !== constructor) base += ` [${tag}]`;
    return base;
  }

  function formatNumber(fn, number) {
    if (Object.is(number, -0)) return fn('-0', 'number');
    return fn(`${number}`, 'number');
  }

  function formatBigInt(fn, bigint) {
    return fn(`${bigint}n`, 'bigint');
  }

  function formatPrimitive(fn, value, ctx) {
    if (typeof value === 'string') {
      let trailer = '';
      if (value.length > ctx.maxStringLength) {
        const remaining = value.length - ctx.maxStringLength;
        value = value.slice(0, ctx.maxStringLength);
        trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
      }
      if (ctx.compact !== true && value.length > kMinLineWidth &&
          value.length > ctx.breakLength - ctx.indentationLvl - 4) {
        return value.split(/(?<=\n)/)
          .map((line) => fn(strEscape(line), 'string'))
          .join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer;
      }
      return fn(strEscape(value), 'string') + trailer;
    }
    if (typeof value === 'number') return formatNumber(fn, value);
    if (typeof value === 'bigint') return formatBigInt(fn, value);
    if (typeof value === 'boolean') return fn(`${value}`, 'boolean');
    if (typeof value === 'undefined') return fn('undefined', 'undefined');
    return fn(Symbol.prototype.toString.call(value), 'symbol');
  }

  function remainingText(remaining) {
    return `... ${remaining} more item${remaining > 1 ? 's' : ''}`;
  }

  function formatArray(ctx, value, recurseTimes) {
    const valLen = value.length;
    const len = Math.min(Math.max(0, ctx.maxArrayLength), valLen);
    const remaining = valLen - len;
    const output = [];
    for (let i = 0; i < len; i++) {
      if (!hasOwn(value, i)) return formatSpecialArray(ctx, value, recurseTimes, len, output, i);
      output.push(formatProperty(ctx, value, recurseTimes, i, kArrayType));
    }
    if (remaining > 0) output.push(remainingText(remaining));
    return output;
  }

  function formatSpecialArray(ctx, value, recurseTimes, maxLength, output, i) {
    const keys = Object.keys(value);
    let index = i;
    for (; i < keys.length && output.length < maxLength; i++) {
      const key = keys[i];
      const tmp = +key;
      if (tmp > 2 ** 32 - 2) break;
      if (`${index}` !== key) {
        if (!numberRegExp.test(key)) break;
        const emptyItems = tmp - index;
        output.push(ctx.stylize(`<${emptyItems} empty item${emptyItems > 1 ? 's' : ''}>`, 'undefined'));
        index = tmp;
        if (output.length === maxLength) break;
      }
      output.push(formatProperty(ctx, value, recurseTimes, key, kArrayType));
      index++;
    }
    const remaining = value.length - index;
    if (output.length !== maxLength) {
      if (remaining > 0) {
        output.push(ctx.stylize(`<${remaining} empty item${remaining > 1 ? 's' : ''}>`, 'undefined'));
      }
    } else if (remaining > 0) {
      output.push(remainingText(remaining));
    }
    return output;
  }

  function formatTypedArray(value, length, ctx, ignored, recurseTimes) {
    const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
    const remaining = value.length - maxLength;
    const output = new Array(maxLength);
    const elementFormatter = value.length > 0 && typeof value[0] === 'number' ? formatNumber : formatBigInt;
    for (let i = 0; i < maxLength; ++i) output[i] = elementFormatter(ctx.stylize, value[i]);
    if (remaining > 0) output[maxLength] = remainingText(remaining);
    if (ctx.showHidden) {
      ctx.indentationLvl += 2;
      for (const key of ['BYTES_PER_ELEMENT', 'length', 'byteLength', 'byteOffset', 'buffer']) {
        const str = formatValue(ctx, value[key], recurseTimes, true);
        output.push(`[${key}]: ${str}`);
      }
      ctx.indentationLvl -= 2;
    }
    return output;
  }

  function hexBytes(bytes, max) {
    let str = '';
    const n = Math.min(max, bytes.length);
    for (let i = 0; i < n; i++) {
      str += (i === 0 ? '' : ' ') + bytes[i].toString(16).padStart(2, '0');
    }
    return str;
  }

  function formatArrayBuffer(ctx, value) {
    let buffer;
    try {
      buffer = new Uint8Array(value);
    } catch {
      return [ctx.stylize('(detached)', 'special')];
    }
    let str = hexBytes(buffer, ctx.maxArrayLength);
    const remaining = buffer.length - ctx.maxArrayLength;
    if (remaining > 0) str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
    return [`${ctx.stylize('[Uint8Contents]', 'special')}: <${str}>`];
  }

  function formatSet(value, ctx, ignored, recurseTimes) {
    const length = value.size;
    const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
    const remaining = length - maxLength;
    const output = [];
    ctx.indentationLvl += 2;
    let i = 0;
    for (const v of Set.prototype.values.call(value)) {
      if (i >= maxLength) break;
      output.push(formatValue(ctx, v, recurseTimes));
      i++;
    }
    if (remaining > 0) output.push(remainingText(remaining));
    ctx.indentationLvl -= 2;
    return output;
  }

  function formatMap(value, ctx, ignored, recurseTimes) {
    const length = value.size;
    const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
    const remaining = length - maxLength;
    const output = [];
    ctx.indentationLvl += 2;
    let i = 0;
    for (const { 0: k, 1: v } of Map.prototype.entries.call(value)) {
      if (i >= maxLength) break;
      output.push(`${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`);
      i++;
    }
    if (remaining > 0) output.push(remainingText(remaining));
    ctx.indentationLvl -= 2;
    return output;
  }

  function formatIterator(value, braces, ctx, ignored, recurseTimes) {
    const { 0: entries, 1: isKeyValue } = binding.previewEntries(value);
    const output = [];
    ctx.indentationLvl += 2;
    if (isKeyValue) {
      braces[0] = braces[0].replace(/ Iterator] \{$/, ' Entries] {');
      for (let i = 0; i + 1 < entries.length && output.length < ctx.maxArrayLength; i += 2) {
        output.push(`[ ${formatValue(ctx, entries[i], recurseTimes)}, ${formatValue(ctx, entries[i + 1], recurseTimes)} ]`);
      }
    } else {
      for (let i = 0; i < entries.length && output.length < ctx.maxArrayLength; i++) {
        output.push(formatValue(ctx, entries[i], recurseTimes));
      }
    }
    ctx.indentationLvl -= 2;
    return output;
  }

  function formatPromise(ctx, value, recurseTimes) {
    const { 0: state, 1: result } = binding.promiseState(value);
    if (state === 0) return [ctx.stylize('<pending>', 'special')];
    ctx.indentationLvl += 2;
    const str = formatValue(ctx, result, recurseTimes);
    ctx.indentationLvl -= 2;
    return [state === 2 ? `${ctx.stylize('<rejected>', 'special')} ${str}` : str];
  }

  function formatWeakCollection(ctx) {
    return [ctx.stylize('<items unknown>', 'special')];
  }

  function formatNamespaceObject(keys, ctx, value, recurseTimes) {
    const output = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      try {
        output[i] = formatProperty(ctx, value, recurseTimes, keys[i], kObjectType);
      } catch {
        output[i] = `${keys[i]}: <uninitialized>`;
      }
    }
    return output;
  }

  function formatProperty(ctx, value, recurseTimes, key, type, desc) {
    let name;
    let str;
    desc = desc || Object.getOwnPropertyDescriptor(value, key) || { value: value[key], enumerable: true };
    if (desc.value !== undefined) {
      const diff = (ctx.compact !== true || type !== kObjectType) ? 2 : 3;
      ctx.indentationLvl += diff;
      str = formatValue(ctx, desc.value, recurseTimes);
      ctx.indentationLvl -= diff;
    } else if (desc.get !== undefined) {
      const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
      if (ctx.getters) {
        try {
          const tmp = desc.get.call(value);
          ctx.indentationLvl += 2;
          str = `[${label}: ${formatValue(ctx, tmp, recurseTimes)}]`;
          ctx.indentationLvl -= 2;
        } catch (err) {
          str = `[${label}: <Inspection threw (${err.message})>]`;
        }
      } else {
        str = ctx.stylize(`[${label}]`, 'special');
      }
    } else if (desc.set !== undefined) {
      str = ctx.stylize('[Setter]', 'special');
    } else {
      str = ctx.stylize('undefined', 'undefined');
    }
    if (type === kArrayType) return str;
    if (typeof key === 'symbol') {
      name = `[${ctx.stylize(Symbol.prototype.toString.call(key), 'symbol')}]`;
    } else if (key === '__proto__') {
      name = "['__proto__']";
    } else if (desc.enumerable === false) {
      name = `[${String(key).replace(strEscapeSequencesReplacer, escapeFn)}]`;
    } else if (keyStrRegExp.test(key)) {
      name = ctx.stylize(key, 'name');
    } else {
      name = ctx.stylize(strEscape(String(key)), 'string');
    }
    return `${name}: ${str}`;
  }

  function isBelowBreakLength(ctx, output, start, base) {
    let totalLength = output.length + start;
    if (totalLength + output.length > ctx.breakLength) return false;
    for (let i = 0; i < output.length; i++) {
      totalLength += output[i].length;
      if (totalLength > ctx.breakLength) return false;
    }
    return base === '' || !base.includes('\n');
  }

  function groupArrayElements(ctx, output, value) {
    let totalLength = 0;
    let maxLength = 0;
    let i = 0;
    let outputLength = output.length;
    if (ctx.maxArrayLength < output.length) outputLength--;
    const separatorSpace = 2;
    const dataLen = new Array(outputLength);
    for (; i < outputLength; i++) {
      const len = output[i].length;
      dataLen[i] = len;
      totalLength += len + separatorSpace;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separatorSpace;
    if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
        (totalLength / actualMax > 5 || maxLength <= 6)) {
      const approxCharHeights = 2.5;
      const averageBias = Math.sqrt(actualMax - totalLength / output.length);
      const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
      const columns = Math.min(
        Math.round(Math.sqrt(approxCharHeights * biasedMax * outputLength) / biasedMax),
        Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
        ctx.compact * 4,
        15,
      );
      if (columns <= 1) return output;
      const tmp = [];
      const maxLineLength = [];
      for (let i = 0; i < columns; i++) {
        let lineLength = 0;
        for (let j = i; j < output.length; j += columns) {
          if (dataLen[j] > lineLength) lineLength = dataLen[j];
        }
        maxLineLength.push(lineLength + separatorSpace);
      }
      let padStart = true;
      if (value !== undefined) {
        for (let i = 0; i < output.length; i++) {
          if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') {
            padStart = false;
            break;
          }
        }
      }
      for (let i = 0; i < outputLength; i += columns) {
        const max = Math.min(i + columns, outputLength);
        let str = '';
        let j = i;
        for (; j < max - 1; j++) {
          const padding = maxLineLength[j - i];
          str += padStart ? `${output[j]}, `.padStart(padding, ' ') : `${output[j]}, `.padEnd(padding, ' ');
        }
        if (padStart) {
          const padding = maxLineLength[j - i] - separatorSpace;
          str += output[j].padStart(padding, ' ');
        } else {
          str += output[j];
        }
        tmp.push(str);
      }
      if (ctx.maxArrayLength < output.length) tmp.push(output[outputLength]);
      output = tmp;
    }
    return output;
  }

  function reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value) {
    if (ctx.compact !== true) {
      if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
        const entries = output.length;
        if (extrasType === kArrayExtrasType && entries > 6) {
          output = groupArrayElements(ctx, output, value);
        }
        if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
          const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
          if (isBelowBreakLength(ctx, output, start, base)) {
            const joinedOutput = output.join(', ');
            if (!joinedOutput.includes('\n')) {
              return `${base ? `${base} ` : ''}${braces[0]} ${joinedOutput} ${braces[1]}`;
            }
          }
        }
      }
      const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
      return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
    }
    if (isBelowBreakLength(ctx, output, 0, base)) {
      return `${braces[0]}${base ? ` ${base}` : ''} ${output.join(', ')} ${braces[1]}`;
    }
    const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
    const ln = base === '' && braces[0].length === 1 ? ' ' : `${base ? ` ${base}` : ''}\n${indentation}  `;
    return `${braces[0]}${ln}${output.join(`,\n${indentation}  `)} ${braces[1]}`;
  }

  function hasBuiltInToString(value) {
    const proxy = binding.proxyDetails(value);
    if (proxy !== undefined) {
      if (proxy === null) return true;
      value = proxy[0];
      if (value === null || typeof value !== 'object') return true;
    }
    if (typeof value.toString !== 'function') return true;
    if (hasOwn(value, 'toString')) return false;
    let pointer = value;
    do {
      pointer = Object.getPrototypeOf(pointer);
    } while (!hasOwn(pointer, 'toString'));
    const descriptor = Object.getOwnPropertyDescriptor(pointer, 'constructor');
    return descriptor !== undefined && typeof descriptor.value === 'function' &&
      builtInObjects.has(descriptor.value.name);
  }

  function tryStringify(arg) {
    try {
      return JSON.stringify(arg);
    } catch (err) {
      if (err instanceof TypeError && /circular/i.test(err.message)) return '[Circular]';
      throw err;
    }
  }

  function formatWithOptionsInternal(inspectOptions, args) {
    const first = args[0];
    let a = 0;
    let str = '';
    let join = '';
    if (typeof first === 'string') {
      if (args.length === 1) return first;
      let tempStr;
      let lastPos = 0;
      for (let i = 0; i < first.length - 1; i++) {
        if (first.charCodeAt(i) === 37) { // '%'
          const nextChar = first.charCodeAt(++i);
          if (a + 1 !== args.length) {
            switch (nextChar) {
              case 115: { // 's'
                const tempArg = args[++a];
                if (typeof tempArg === 'number') tempStr = formatNumber(stylizeNoColor, tempArg);
                else if (typeof tempArg === 'bigint') tempStr = formatBigInt(stylizeNoColor, tempArg);
                else if (typeof tempArg !== 'object' || tempArg === null || !hasBuiltInToString(tempArg)) tempStr = String(tempArg);
                else tempStr = inspect(tempArg, { ...inspectOptions, depth: 0, colors: false, compact: 3 });
                break;
              }
              case 106: tempStr = tryStringify(args[++a]); break; // 'j'
              case 100: { // 'd'
                const tempNum = args[++a];
                if (typeof tempNum === 'bigint') tempStr = formatBigInt(stylizeNoColor, tempNum);
                else if (typeof tempNum === 'symbol') tempStr = 'NaN';
                else tempStr = formatNumber(stylizeNoColor, Number(tempNum));
                break;
              }
              case 79: tempStr = inspect(args[++a], inspectOptions); break; // 'O'
              case 111: // 'o'
                tempStr = inspect(args[++a], { ...inspectOptions, showHidden: true, showProxy: true, depth: 4 });
                break;
              case 105: { // 'i'
                const tempInteger = args[++a];
                if (typeof tempInteger === 'bigint') tempStr = formatBigInt(stylizeNoColor, tempInteger);
                else if (typeof tempInteger === 'symbol') tempStr = 'NaN';
                else tempStr = formatNumber(stylizeNoColor, Number.parseInt(tempInteger));
                break;
              }
              case 102: { // 'f'
                const tempFloat = args[++a];
                tempStr = typeof tempFloat === 'symbol' ? 'NaN' : formatNumber(stylizeNoColor, Number.parseFloat(tempFloat));
                break;
              }
              case 99: a += 1; tempStr = ''; break; // 'c'
              case 37: str += first.slice(lastPos, i); lastPos = i + 1; continue; // '%'
              default: continue;
            }
            if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
            str += tempStr;
            lastPos = i + 1;
          } else if (nextChar === 37) {
            str += first.slice(lastPos, i);
            lastPos = i + 1;
          }
        }
      }
      if (lastPos !== 0) {
        a++;
        join = ' ';
        if (lastPos < first.length) str += first.slice(lastPos);
      }
    }
    while (a < args.length) {
      const value = args[a];
      str += join;
      str += typeof value !== 'string' ? inspect(value, inspectOptions) : value;
      join = ' ';
      a++;
    }
    return str;
  }

  function format(...args) {
    return formatWithOptionsInternal(undefined, args);
  }

  function formatWithOptions(inspectOptions, ...args) {
    return formatWithOptionsInternal(inspectOptions, args);
  }

  return { inspect, format, formatWithOptions };
})
