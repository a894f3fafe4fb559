// The example from Node's docs of v8.getHeapSnapshot(): stream the snapshot to stdout.
const v8=require('v8'); v8.getHeapSnapshot().pipe(process.stdout)
