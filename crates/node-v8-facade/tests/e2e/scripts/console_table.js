// console.table layouts: arrays of objects, primitives, Maps, Sets, column filters.
console.table([{ a: 1, b: 'Y' }, { a: 'Z', b: 2 }]);
console.table([1, 'two', { three: 3 }]);
console.table({ first: { x: 1 }, second: { y: [1, 2, 3, 4] } });
console.table(new Map([['k1', { v: 1 }], ['k2', 'text']]));
console.table(new Set(['a', 'bb']));
console.table([{ name: 'new_space', size: 1024, used: 12 }, { name: 'old_space', size: 2048, used: 1000 }], ['name', 'used']);
console.table([{ nested: { a: 1, b: 2, c: 3 } }]);
console.table('not tabular');
console.table([]);
