// Chrome DevTools' own analysis (npm heap-snapshot-toolkit = DevTools' worker
// code) of a snapshot, for checking heapsnap's numbers:
//   NODE_PATH=<dir with node_modules> node devtools-oracle.mjs FILE OUT.tsv
// Writes "id<TAB>retained<TAB>self" per node and prints total + top classes.
import { createReadStream, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(process.env.TOOLKIT_DIR ? process.env.TOOLKIT_DIR + '/' : import.meta.url);
const { parse } = await import(require.resolve('heap-snapshot-toolkit'));
const [file, out] = process.argv.slice(2);
const t0 = Date.now();
const snap = await parse(createReadStream(file, 'utf-8'));
const t1 = Date.now();
const nf = snap.nodeFieldCount;
const lines = [];
for (let o = 0; o < snap.nodeCount; o++) {
  const id = snap.nodes.getValue(o * nf + snap.nodeIdOffset);
  const self = snap.nodes.getValue(o * nf + snap.nodeSelfSizeOffset);
  lines.push(`${id}\t${snap.retainedSizes[o]}\t${self}`);
}
if (out) writeFileSync(out, lines.join('\n') + '\n');
const aggs = snap.getAggregatesByClassKey(false, 'allObjects');
const rows = Object.values(aggs).sort((a, b) => b.maxRet - a.maxRet).slice(0, 15);
console.log(JSON.stringify({ seconds: (t1 - t0) / 1000, total: snap.totalSize, nodes: snap.nodeCount,
  classes: rows.map(a => [a.name, a.count, a.self, a.maxRet, a.distance]) }, null, 1));
