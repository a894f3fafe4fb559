// The stream v8.getHeapSnapshot() returns: a minimal, self-contained
// Readable (data/end/close/error events, pause/resume, read(), pipe(),
// for await) over the snapshot's chunks. Chunks are Buffers when a global
// Buffer exists, Uint8Arrays otherwise. Like Node's HeapSnapshotStream, all
// chunks are already serialized; they are delivered asynchronously.
(function () {
  'use strict';
  const hasBuffer = typeof Buffer === 'function' && typeof Buffer.from === 'function';
  const toChunk = (u8) => (hasBuffer ? Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength) : u8);
  const later = (fn) => {
    const p = globalThis.process;
    if (p && typeof p.nextTick === 'function') p.nextTick(fn);
    else if (typeof queueMicrotask === 'function') queueMicrotask(fn);
    else Promise.resolve().then(fn);
  };
  const isStd = (dest) => {
    const p = globalThis.process;
    return !!p && (dest === p.stdout || dest === p.stderr);
  };

  class HeapSnapshotStream {
    #chunks;
    #listeners = new Map();
    #flowing = false;
    #scheduled = false;
    #ended = false;

    constructor(chunks) {
      this.#chunks = chunks;
      this.readable = true;
      this.readableEnded = false;
      this.destroyed = false;
    }

    on(event, listener) {
      let list = this.#listeners.get(event);
      if (!list) this.#listeners.set(event, (list = []));
      list.push(listener);
      if (event === 'data') this.resume();
      return this;
    }
    addListener(event, listener) { return this.on(event, listener); }
    once(event, listener) {
      const wrapped = (...args) => { this.off(event, wrapped); listener.apply(this, args); };
      wrapped.listener = listener;
      return this.on(event, wrapped);
    }
    off(event, listener) {
      const list = this.#listeners.get(event);
      if (list) {
        const i = list.findIndex((l) => l === listener || l.listener === listener);
        if (i >= 0) list.splice(i, 1);
      }
      return this;
    }
    removeListener(event, listener) { return this.off(event, listener); }
    listenerCount(event) { return (this.#listeners.get(event) || []).length; }
    emit(event, ...args) {
      const list = this.#listeners.get(event);
      if (!list || list.length === 0) {
        if (event === 'error') throw args[0];
        return false;
      }
      for (const l of [...list]) l.apply(this, args);
      return true;
    }

    read() {
      if (this.#chunks.length === 0) { this.#finish(); return null; }
      return toChunk(this.#chunks.shift());
    }
    resume() {
      if (!this.#flowing) { this.#flowing = true; this.#schedule(); }
      return this;
    }
    pause() { this.#flowing = false; return this; }
    isPaused() { return !this.#flowing; }

    #schedule() {
      if (this.#scheduled) return;
      this.#scheduled = true;
      later(() => { this.#scheduled = false; this.#flow(); });
    }
    #flow() {
      while (this.#flowing && this.#chunks.length > 0) this.emit('data', toChunk(this.#chunks.shift()));
      if (this.#chunks.length === 0) this.#finish();
    }
    #finish() {
      if (this.#ended) return;
      this.#ended = true;
      this.readable = false;
      later(() => {
        this.readableEnded = true;
        this.emit('end');
        this.destroyed = true;
        this.emit('close');
      });
    }

    pipe(dest, options) {
      const end = !(options && options.end === false) && !isStd(dest);
      this.on('data', (chunk) => {
        if (dest.write(chunk) === false && typeof dest.once === 'function') {
          this.pause();
          dest.once('drain', () => this.resume());
        }
      });
      if (end) this.on('end', () => dest.end());
      if (typeof dest.emit === 'function') dest.emit('pipe', this);
      return dest;
    }
    destroy(error) {
      this.#chunks = [];
      this.#ended = true;
      this.destroyed = true;
      later(() => {
        if (error) this.emit('error', error);
        this.emit('close');
      });
      return this;
    }
    async *[Symbol.asyncIterator]() {
      while (this.#chunks.length > 0) yield toChunk(this.#chunks.shift());
      this.#finish();
    }
  }
  Object.defineProperty(HeapSnapshotStream, 'name', { value: 'HeapSnapshotStream' });
  return (chunks) => new HeapSnapshotStream(chunks);
})()
