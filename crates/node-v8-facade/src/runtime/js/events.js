// A small EventEmitter with Node's observable behaviour for the common
// methods (on/once/off/emit/prepend, 'error' without listener throws).
(function makeEvents() {
  'use strict';

  class EventEmitter {
    constructor() {
      EventEmitter.init.call(this);
    }

    static init() {
      if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
        Object.defineProperty(this, '_events', { value: Object.create(null), writable: true, configurable: true });
      }
      if (this._maxListeners === undefined) {
        Object.defineProperty(this, '_maxListeners', { value: undefined, writable: true, configurable: true });
      }
    }

    setMaxListeners(n) { this._maxListeners = n; return this; }
    getMaxListeners() { return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners; }

    _list(type) {
      if (this._events === undefined) EventEmitter.init.call(this);
      return this._events[type];
    }

    _add(type, listener, prepend) {
      if (typeof listener !== 'function') {
        const err = new TypeError(`The "listener" argument must be of type function. Received ${describe(listener)}`);
        err.code = 'ERR_INVALID_ARG_TYPE';
        throw err;
      }
      if (this._events === undefined) EventEmitter.init.call(this);
      if (this._events.newListener !== undefined) this.emit('newListener', type, listener.listener ?? listener);
      const list = this._events[type] || (this._events[type] = []);
      if (prepend) list.unshift(listener); else list.push(listener);
      return this;
    }

    on(type, listener) { return this._add(type, listener, false); }
    addListener(type, listener) { return this._add(type, listener, false); }
    prependListener(type, listener) { return this._add(type, listener, true); }

    once(type, listener) { return this._add(type, onceWrapper(this, type, listener), false); }
    prependOnceListener(type, listener) { return this._add(type, onceWrapper(this, type, listener), true); }

    off(type, listener) { return this.removeListener(type, listener); }
    removeListener(type, listener) {
      const list = this._list(type);
      if (list === undefined) return this;
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === listener || list[i].listener === listener) {
          list.splice(i, 1);
          if (list.length === 0) delete this._events[type];
          if (this._events.removeListener !== undefined) this.emit('removeListener', type, listener);
          break;
        }
      }
      return this;
    }

    removeAllListeners(type) {
      if (this._events === undefined) return this;
      if (type === undefined) this._events = Object.create(null);
      else delete this._events[type];
      return this;
    }

    emit(type, ...args) {
      const list = this._list(type);
      if (list === undefined || list.length === 0) {
        if (type === 'error') {
          const er = args[0];
          if (er instanceof Error) throw er;
          const err = new Error(`Unhandled error. (${describe(er)})`);
          err.code = 'ERR_UNHANDLED_ERROR';
          err.context = er;
          throw err;
        }
        return false;
      }
      for (const listener of list.slice()) listener.apply(this, args);
      return true;
    }

    listenerCount(type) {
      const list = this._list(type);
      return list === undefined ? 0 : list.length;
    }

    listeners(type) {
      const list = this._list(type);
      return list === undefined ? [] : list.map((l) => l.listener ?? l);
    }

    rawListeners(type) {
      const list = this._list(type);
      return list === undefined ? [] : list.slice();
    }

    eventNames() {
      return this._events === undefined ? [] : Reflect.ownKeys(this._events);
    }
  }
  EventEmitter.defaultMaxListeners = 10;
  EventEmitter.EventEmitter = EventEmitter;
  EventEmitter.once = function once(emitter, name) {
    return new Promise((resolve, reject) => {
      const onError = (err) => { emitter.removeListener(name, onEvent); reject(err); };
      const onEvent = (...args) => { if (name !== 'error') emitter.removeListener('error', onError); resolve(args); };
      emitter.once(name, onEvent);
      if (name !== 'error') emitter.once('error', onError);
    });
  };

  function onceWrapper(target, type, listener) {
    let fired = false;
    function wrapped(...args) {
      if (fired) return undefined;
      fired = true;
      target.removeListener(type, wrapped);
      return listener.apply(this, args);
    }
    wrapped.listener = listener;
    return wrapped;
  }

  function describe(value) {
    if (value === null) return 'null';
    if (value === undefined) return 'undefined';
    if (typeof value === 'function') return `function ${value.name}`;
    if (typeof value === 'object') return 'an instance of ' + (value.constructor?.name ?? 'Object');
    return `type ${typeof value} (${String(value)})`;
  }

  return EventEmitter;
})
