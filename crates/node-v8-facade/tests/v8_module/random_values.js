// Arbitrary JavaScript values for random_graphs.rs: `randomValues(seed, n)`
// returns n values made by V8 itself (every kind the wire format has, shared
// references, cycles, holey and double arrays, dictionary-mode objects).
(function randomValues(seed, n) {
  let s = seed >>> 0;
  const rand = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (k) => Math.floor(rand() * k);
  const pick = (xs) => xs[int(xs.length)];
  const strings = ['', 'a', 'length', 'x y', 'é', 'ÿü', '€', '😀', '\ud800', 'a\udc00b',
    'caf\u00e9 \u20ac', 'z'.repeat(130), '€'.repeat(70)];
  const keys = ['a', 'b', 'length', '1', '01', '-1', '1.5', '4294967294', '4294967295', '€', 'é', '__proto__x'];
  const patterns = ['', 'a/b', '[/]', 'x\ny', '^\\d+$', '(?<y>\\d{4})', '\\p{L}+', '[\\p{L}--[a-z]]'];
  const numbers = [0, -0, 1, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 31 - 1, -(2 ** 31), 2 ** 31,
    2 ** 53, 1e300, 5e-324];
  const viewKinds = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
    Uint32Array, Float16Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView];
  const errorKinds = [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError];
  let made;
  const prim = () => {
    switch (int(7)) {
      case 0: return pick([undefined, null, true, false]);
      case 1: return int(2000) - 1000;
      case 2: return pick(numbers);
      case 3: return rand() * 1e6 - 5e5;
      case 4: return pick([0n, -1n, 2n ** 64n, -(2n ** 100n) + 7n, BigInt(int(1e9))]);
      default: return pick(strings) + (rand() < 0.3 ? String(int(100)) : '');
    }
  };
  const value = (depth) => {
    if (made.length && rand() < 0.15) return pick(made); // shared reference or cycle
    if (depth > 3 || rand() < 0.4) return prim();
    let v;
    switch (int(18)) {
      case 0: case 1: {
        v = {};
        made.push(v);
        for (let i = int(5); i > 0; i--) v[pick(keys)] = value(depth + 1);
        if (rand() < 0.2) delete v[pick(Object.keys(v)) ?? 'a']; // dictionary mode
        break;
      }
      case 2: v = [int(10), int(10), int(10)]; break; // packed Smi
      case 3: v = [1.5, int(10), -0]; break; // packed double
      case 4: {
        v = [];
        made.push(v);
        for (let i = int(5); i > 0; i--) v.push(value(depth + 1));
        if (rand() < 0.3) v[v.length + int(3)] = prim(); // holey
        if (rand() < 0.3) v.extra = prim();
        break;
      }
      case 5: {
        v = new Array(int(40) + 1); // sparse
        made.push(v);
        v[int(v.length)] = value(depth + 1);
        break;
      }
      case 6: v = new Date(pick([0, -1, 8.64e15, NaN, int(2e12)])); break;
      case 7: {
        const flags = pick(['', 'g', 'i', 'gimsy', 'd', 'u', 'v', 'dgimsuy']);
        const pattern = pick(patterns);
        try { v = new RegExp(pattern, flags); } catch { v = new RegExp('x', flags); }
        break;
      }
      case 8: v = Object(pick([true, false, 1, -0, NaN, 2n, 'box', '€'])); break;
      case 9: {
        v = new Map();
        made.push(v);
        for (let i = int(4); i > 0; i--) v.set(value(depth + 1), value(depth + 1));
        break;
      }
      case 10: {
        v = new Set();
        made.push(v);
        for (let i = int(4); i > 0; i--) v.add(value(depth + 1));
        break;
      }
      case 11: {
        const resizable = rand() < 0.4;
        v = resizable ? new ArrayBuffer(int(16), { maxByteLength: 16 + int(16) }) : new ArrayBuffer(int(24));
        new Uint8Array(v).forEach((_, i, a) => { a[i] = int(256); });
        break;
      }
      case 12: case 13: {
        const Kind = pick(viewKinds);
        const size = Kind.BYTES_PER_ELEMENT ?? 1;
        const resizable = rand() < 0.3;
        const buffer = resizable ? new ArrayBuffer(4 * size, { maxByteLength: 8 * size }) : new ArrayBuffer(4 * size);
        if (made.length && rand() < 0.3) made.push(buffer);
        if (resizable && rand() < 0.5) v = new Kind(buffer, size); // length-tracking
        else v = new Kind(buffer, size * int(2), int(3));
        break;
      }
      case 16: {
        // Shapes V8 makes on its own: a longer length, no prototype, index
        // keys added out of order, cons and sliced strings, -0 as a Map key.
        const long = 'ab'.repeat(40);
        v = pick([
          () => { const a = [1, 2]; a.length = 5 + int(40); return a; },
          () => Object.assign(Object.create(null), { b: prim(), 2: prim(), 1: prim() }),
          () => ({ [pick(strings) + pick(strings)]: long.slice(int(20), 40 + int(30)) }),
          () => new Map([[-0, prim()], [NaN, prim()]]),
          () => new Set([-0, 0, 1.5]),
        ])();
        break;
      }
      case 17: {
        v = {};
        made.push(v);
        for (let i = 0; i < 30; i++) v['k' + int(60)] = i % 3 ? prim() : value(depth + 2);
        break;
      }
      default: {
        const Kind = pick(errorKinds);
        v = rand() < 0.5 ? new Kind(pick(strings)) : new Kind(pick(strings), { cause: value(depth + 1) });
        if (rand() < 0.2) delete v.stack;
        if (rand() < 0.2) v.message = undefined;
        break;
      }
    }
    return v;
  };
  const out = [];
  for (let i = 0; i < n; i++) {
    made = [];
    out.push(value(0));
  }
  return out;
})
