// memlab's analysis of one snapshot, timed: parse, dominators + retained
// sizes, shortest paths (what memlab does before reporting leaks).
//   MEMLAB_DIR=<dir with node_modules/@memlab/core> node --max-old-space-size=18000 memlab-analyze.js FILE
'use strict';
const path = require('path');
const dir = process.env.MEMLAB_DIR || process.cwd();
const { utils, TraceFinder, config } = require(path.join(dir, 'node_modules/@memlab/core'));
(async () => {
  const file = process.argv[2];
  config.muteConsole = true;
  const t0 = Date.now();
  const snap = await utils.getSnapshotFromFile(file, { buildNodeIdIndex: true });
  const t1 = Date.now();
  const finder = new TraceFinder();
  finder.calculateAllNodesRetainedSizes(snap);
  const t2 = Date.now();
  finder.annotateShortestPaths(snap);
  const t3 = Date.now();
  let root = 0;
  snap.nodes.forEach((n) => { if (n.nodeIndex === 0) root = n.retainedSize; });
  console.log(JSON.stringify({ parse_s: (t1 - t0) / 1e3, retained_s: (t2 - t1) / 1e3, paths_s: (t3 - t2) / 1e3,
    total_s: (t3 - t0) / 1e3, root_retained: root, nodes: snap.nodes.length }));
})().catch((e) => { console.error(e); process.exit(1); });
