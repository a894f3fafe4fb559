// node:v8's startupSnapshot (lib/internal/v8/startup_snapshot.js semantics).
// Outside build mode the three setters throw ERR_NOT_BUILDING_SNAPSHOT
// before validating; in build mode (the isolate is a snapshot creator)
// callbacks are validated and queued FIFO. Returns the public object and
// the hooks the host runs (see startup_snapshot/mod.rs).
(function (b) {
  'use strict';
  const serializeCallbacks = [];
  const deserializeCallbacks = [];
  let deserializeMain;

  function isBuildingSnapshot() {
    return b.isBuildingSnapshot(); // 0 or 1, as Node's buffer-backed flag
  }
  function addDeserializeCallback(callback, data) {
    b.throwIfNotBuildingSnapshot();
    b.validateCallback(callback);
    deserializeCallbacks.push([callback, data]);
  }
  function addSerializeCallback(callback, data) {
    b.throwIfNotBuildingSnapshot();
    b.validateCallback(callback);
    serializeCallbacks.push([callback, data]);
  }
  function setDeserializeMainFunction(callback, data) {
    b.throwIfNotBuildingSnapshot();
    if (deserializeMain !== undefined) b.throwDuplicateMain();
    b.validateCallback(callback);
    deserializeMain = [callback, data];
  }

  const hooks = {
    // Drained with shift(), so callbacks added while draining also run.
    runSerializeCallbacks() {
      while (serializeCallbacks.length > 0) {
        const [callback, data] = serializeCallbacks.shift();
        callback(data);
      }
    },
    runDeserializeCallbacks() {
      while (deserializeCallbacks.length > 0) {
        const [callback, data] = deserializeCallbacks.shift();
        callback(data);
      }
    },
    runDeserializeMain() {
      if (deserializeMain === undefined) return false;
      const [callback, data] = deserializeMain;
      callback(data);
      return true;
    },
  };
  const api = { addDeserializeCallback, addSerializeCallback, setDeserializeMainFunction, isBuildingSnapshot };
  return { api, hooks };
})
