// node:v8's Serializer, Deserializer, DefaultSerializer, DefaultDeserializer,
// as in Node's lib/v8.js + src/node_serdes.cc, around native bindings that
// own V8's ValueSerializer/ValueDeserializer (see classes.rs). Evaluated as a
// function expression taking the bindings.
(function (b) {
  'use strict';
  // Native state is freed on releaseBuffer() or when the object is collected.
  const registry = new FinalizationRegistry((id) => b.dispose(id));

  // Node's native classes throw ERR_CONSTRUCT_CALL_REQUIRED without `new`;
  // a JS class would throw a plain TypeError, so export a constructor
  // function sharing the class's prototype.
  function nativeLike(Class) {
    const Ctor = function (...args) {
      if (new.target === undefined) b.constructCallRequired(Class.name);
      return Reflect.construct(Class, args, new.target);
    };
    Object.defineProperty(Ctor, 'name', { value: Class.name });
    Object.defineProperty(Ctor, 'length', { value: Class.length });
    Ctor.prototype = Class.prototype;
    Object.defineProperty(Class.prototype, 'constructor', { value: Ctor, writable: true, configurable: true });
    return Ctor;
  }

  class Serializer {
    #id;
    constructor() {
      this.#id = b.serNew();
      registry.register(this, this.#id, this);
    }
    writeHeader() { b.serWriteHeader(this.#id); }
    writeValue(value) { return b.serWriteValue(this.#id, this, value); }
    releaseBuffer() {
      registry.unregister(this);
      return b.serRelease(this.#id);
    }
    transferArrayBuffer(id, arrayBuffer) { b.serTransferArrayBuffer(this.#id, id, arrayBuffer); }
    writeUint32(value) { b.serWriteUint32(this.#id, value); }
    writeUint64(hi, lo) { b.serWriteUint64(this.#id, hi, lo); }
    writeDouble(value) { b.serWriteDouble(this.#id, value); }
    writeRawBytes(source) { b.serWriteRawBytes(this.#id, source); }
    _setTreatArrayBufferViewsAsHostObjects(flag) { b.serSetTreatViews(this.#id, flag); }
  }
  Serializer.prototype._getDataCloneError = Error;
  const SerializerCtor = nativeLike(Serializer);

  class Deserializer {
    #id;
    constructor(buffer) {
      this.#id = b.desNew(buffer);
      this.buffer = buffer;
      registry.register(this, this.#id, this);
    }
    readHeader() { return b.desReadHeader(this.#id, this); }
    readValue() { return b.desReadValue(this.#id, this); }
    transferArrayBuffer(id, arrayBuffer) { b.desTransferArrayBuffer(this.#id, id, arrayBuffer); }
    getWireFormatVersion() { return b.desGetWireFormatVersion(this.#id); }
    readUint32() { return b.desReadUint32(this.#id); }
    readUint64() { return b.desReadUint64(this.#id); }
    readDouble() { return b.desReadDouble(this.#id); }
    _readRawBytes(length) { return b.desReadRawBytes(this.#id, length); }
    readRawBytes(length) {
      const offset = this._readRawBytes(length);
      // A view of the input (no copy), as Node's FastBuffer.
      const Buf = typeof Buffer === 'function' ? Buffer : Uint8Array;
      return new Buf(this.buffer.buffer, this.buffer.byteOffset + offset, length);
    }
  }

  const DeserializerCtor = nativeLike(Deserializer);

  const viewTypes = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
    Uint32Array, Float32Array, Float64Array, DataView, null /* Buffer */, BigInt64Array, BigUint64Array,
    typeof Float16Array === 'function' ? Float16Array : undefined];
  const tagToIndex = new Map();
  viewTypes.forEach((ctor, i) => { if (ctor) tagToIndex.set(`[object ${ctor.name}]`, i); });
  const BUFFER_INDEX = 10;
  const toString = Object.prototype.toString;

  class DefaultSerializer extends SerializerCtor {
    constructor() {
      super();
      this._setTreatArrayBufferViewsAsHostObjects(true);
    }
    _writeHostObject(abView) {
      let i = BUFFER_INDEX;
      if (typeof Buffer !== 'function' || abView.constructor !== Buffer) {
        i = tagToIndex.get(toString.call(abView));
        if (i === undefined) {
          throw new this._getDataCloneError(`Unserializable host object: ${b.inspect(abView)}`);
        }
      }
      this.writeUint32(i);
      this.writeUint32(abView.byteLength);
      this.writeRawBytes(new Uint8Array(abView.buffer, abView.byteOffset, abView.byteLength));
    }
  }

  class DefaultDeserializer extends DeserializerCtor {
    _readHostObject() {
      const typeIndex = this.readUint32();
      const ctor = typeIndex === BUFFER_INDEX
        ? (typeof Buffer === 'function' ? Buffer : Uint8Array)
        : viewTypes[typeIndex];
      const byteLength = this.readUint32();
      const byteOffset = this._readRawBytes(byteLength);
      const size = ctor.BYTES_PER_ELEMENT || 1;
      const offset = this.buffer.byteOffset + byteOffset;
      if (offset % size === 0) {
        return new ctor(this.buffer.buffer, offset, byteLength / size);
      }
      // Unaligned: copy into an aligned buffer first.
      const copy = new Uint8Array(byteLength);
      copy.set(new Uint8Array(this.buffer.buffer, offset, byteLength));
      return new ctor(copy.buffer, 0, byteLength / size);
    }
  }

  return { Serializer: SerializerCtor, Deserializer: DeserializerCtor, DefaultSerializer, DefaultDeserializer };
})
