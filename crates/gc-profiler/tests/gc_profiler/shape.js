// Report shape of v8.GCProfiler under node: key paths of the first entry.
const v8 = globalThis.v8 ?? require('node:v8');
function shapeOf(report) {
  const e = report.statistics[0];
  return {
    top: Object.keys(report),
    types: { version: report.version, startTime: typeof report.startTime, endTime: typeof report.endTime },
    entry: Object.keys(e),
    gcTypes: [...new Set(report.statistics.map((s) => s.gcType))].sort(),
    heapStatistics: Object.keys(e.beforeGC.heapStatistics),
    afterKeys: Object.keys(e.afterGC),
    beforeKeys: Object.keys(e.beforeGC),
    spaceKeys: Object.keys(e.beforeGC.heapSpaceStatistics[0]),
    costType: typeof e.cost,
  };
}
const p = new v8.GCProfiler();
p.start();
let keep = [];
for (let i = 0; i < 200000; i++) { keep.push({ i }); if (keep.length > 1000) keep = []; }
gc();
const report = p.stop();
JSON.stringify(shapeOf(report));
