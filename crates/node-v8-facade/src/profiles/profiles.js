// node:v8's startCpuProfile / startHeapProfile with Node's option
// normalization (lib/internal/v8/cpu_profiler.js, heap_profile.js) and
// handles (SyncCPUProfileHandle / SyncHeapProfileHandle, not exported).
// Evaluated as a function expression taking the native bindings.
(function (b) {
  'use strict';
  const kMicrosPerMilli = 1_000;
  const kMaxSamplingIntervalMs = 0x7FFFFFFF / kMicrosPerMilli;
  const kMaxSamplesUnlimited = 0xFFFF_FFFF;

  class SyncCPUProfileHandle {
    #id;
    #stopped = false;
    constructor(id) { this.#id = id; }
    stop() {
      if (this.#stopped) return;
      this.#stopped = true;
      return b.stopCpuProfile(this.#id);
    }
    [Symbol.dispose]() { this.stop(); }
  }

  class SyncHeapProfileHandle {
    #stopped = false;
    stop() {
      if (this.#stopped) return;
      this.#stopped = true;
      return b.stopHeapProfile();
    }
    [Symbol.dispose]() { this.stop(); }
  }

  function startCpuProfile(options = {}) {
    b.validate('object', options, 'options');
    const { sampleInterval, maxBufferSize } = options;
    let samplingIntervalMicros = 0;
    if (sampleInterval !== undefined) {
      b.validate('number', sampleInterval, 'options.sampleInterval', 0, kMaxSamplingIntervalMs);
      samplingIntervalMicros = Math.floor(sampleInterval * kMicrosPerMilli);
      if (sampleInterval > 0 && samplingIntervalMicros === 0) samplingIntervalMicros = 1;
    }
    let maxSamples = kMaxSamplesUnlimited;
    if (maxBufferSize !== undefined) {
      b.validate('number', maxBufferSize, 'options.maxBufferSize', 1, kMaxSamplesUnlimited);
      maxSamples = Math.floor(maxBufferSize);
    }
    return new SyncCPUProfileHandle(b.startCpuProfile(samplingIntervalMicros, maxSamples));
  }

  function startHeapProfile(options = {}) {
    b.validate('object', options, 'options');
    const {
      sampleInterval = 512 * 1024,
      stackDepth = 16,
      forceGC = false,
      includeObjectsCollectedByMajorGC = false,
      includeObjectsCollectedByMinorGC = false,
    } = options;
    b.validate('integer', sampleInterval, 'options.sampleInterval', 1);
    b.validate('int32', stackDepth, 'options.stackDepth', 0);
    b.validate('boolean', forceGC, 'options.forceGC');
    b.validate('boolean', includeObjectsCollectedByMajorGC, 'options.includeObjectsCollectedByMajorGC');
    b.validate('boolean', includeObjectsCollectedByMinorGC, 'options.includeObjectsCollectedByMinorGC');
    b.startHeapProfile(sampleInterval, stackDepth, forceGC,
                       includeObjectsCollectedByMajorGC, includeObjectsCollectedByMinorGC);
    return new SyncHeapProfileHandle();
  }

  return { startCpuProfile, startHeapProfile };
})
