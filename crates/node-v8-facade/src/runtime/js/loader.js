// CommonJS: require() of files, JSON, node_modules packages and builtins.
(function makeLoader(binding, internals, util, EventEmitter, bufferModule, nodeLib, timers) {
  'use strict';

  const { process, nodeError, invalidArgType } = internals;
  const { inspect, format, formatWithOptions } = util;
  const { Buffer, TextEncoder, TextDecoder } = bufferModule;

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
  const { setTimeout, clearTimeout, setInterval, setImmediate, clearImmediate } = timers;
  const timersModule = { setTimeout, clearTimeout, setInterval, clearInterval: clearTimeout, setImmediate, clearImmediate };
  const builtinFactories = {
    v8: () => binding.v8Module(),
    events: () => EventEmitter,
    buffer: () => ({ Buffer, kMaxLength: 2 ** 32, constants: { MAX_LENGTH: 2 ** 32 } }),
    util: () => ({ inspect, format, formatWithOptions, TextEncoder, TextDecoder }),
    timers: () => timersModule,
    process: () => process,
    module: () => ({ createRequire, builtinModules: Module.builtinModules, Module }),
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
      mod.load();
      ok = true;
    } finally {
      if (!ok) delete Module._cache[filename];
    }
    return mod.exports;
  }

  // Methods on Module so stack traces read like Node's (`at Module._compile`).
  Module.prototype.load = function load() {
    const filename = this.filename;
    const ext = extname(filename);
    if (ext === '.mjs') {
      throw nodeError(Error, 'ERR_REQUIRE_ESM',
        `require() of ES Module ${filename} not supported.\nInstead change the require of ${filename} to a dynamic import() which is available in all CommonJS modules.`);
    }
    const source = binding.readFile(filename);
    if (ext === '.json') {
      try {
        this.exports = JSON.parse(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
      } catch (err) {
        err.message = `${filename}: ${err.message}`;
        throw err;
      }
    } else {
      this._compile(source.startsWith('#!') ? `//${source.slice(2)}` : source, filename);
    }
    this.loaded = true;
  };

  Module.prototype._compile = function _compile(content, filename) {
    const fn = binding.compileFunction(content, filename,
      ['exports', 'require', 'module', '__filename', '__dirname']);
    return fn.call(this.exports, this.exports, makeRequire(this), this, filename, this.path);
  };

  // module.createRequire(filename | file URL): a require relative to that file.
  function createRequire(filename) {
    let path = typeof filename === 'object' && filename !== null && 'href' in filename ? filename.href : filename;
    if (typeof path !== 'string') throw invalidArgType('filename', 'a file URL object, file URL string, or absolute path string', filename);
    if (path.startsWith('file://')) path = decodeURIComponent(path.slice(7));
    if (!path.startsWith('/')) {
      throw nodeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'filename' must be a file URL object, file URL string, or absolute path string. Received ${inspect(filename)}`);
    }
    const mod = new Module(path.endsWith('/') ? `${path}noop.js` : path, undefined);
    return makeRequire(mod);
  }

  function runMain(filename) {
    const mod = new Module(filename, undefined);
    mod.id = '.';
    mainModule = mod;
    process.mainModule = mod;
    Module._cache[filename] = mod;
    mod.load();
  }


  function builtin(id) {
    const name = builtinName(id);
    if (name !== undefined) return loadBuiltin(name);
    if (id.startsWith('node:')) throw nodeError(Error, 'ERR_UNKNOWN_BUILTIN_MODULE', `No such built-in module: ${id}`);
    return undefined;
  }

  function resolvePackage(specifier, dir, referrer) {
    try {
      return resolveFilename(specifier, { path: dir, parent: undefined, filename: referrer });
    } catch (err) {
      if (err.code !== 'MODULE_NOT_FOUND') throw err;
      throw nodeError(Error, 'ERR_MODULE_NOT_FOUND', `Cannot find package '${specifier}' imported from ${referrer}`);
    }
  }

  // `nodev8 -e/-p`: a global-scope script with require/module/exports as
  // globals, resolving relative to the working directory (Node's [eval]).
  function runEval(source, print) {
    const cwd = binding.cwd();
    const mod = new Module('[eval]', undefined);
    mod.filename = `${cwd}/[eval]`;
    mod.path = cwd;
    const globals = { require: makeRequire(mod), module: mod, exports: mod.exports, __filename: '[eval]', __dirname: '.' };
    for (const [key, value] of Object.entries(globals)) {
      Object.defineProperty(globalThis, key, { value, writable: true, configurable: true, enumerable: false });
    }
    const result = binding.runScript(source, '[eval]');
    if (print) globalThis.console.log(result);
  }

  return {
    runMain,
    runEval,
    builtin,
    resolvePackage,
    loadCommonJs(filename) { return requireFrom(undefined, filename); },
  };
})
