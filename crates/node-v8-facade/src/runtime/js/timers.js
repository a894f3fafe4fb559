// setTimeout/setInterval/setImmediate on the Rust event loop: Rust keeps the
// deadlines (timerStart/timerCancel), JavaScript keeps the callbacks.
(function makeTimers(binding, internals) {
  'use strict';

  const { process, validateFunction, processTicksAndRejections } = internals;
  const TIMEOUT_MAX = 2 ** 31 - 1;

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

  return {
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval: clearTimeout,
    setImmediate,
    clearImmediate,
    fireTimers,
    runImmediates,
  };
})
