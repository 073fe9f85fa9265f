// V8's code cache of ELK's layout engine, beside the thread that loads it (dist/cli/elk-worker.cache; see
// src/report/picture/elk-thread.ts): made by compiling the engine and laying out a graph like vpcreach's pictures (a
// cluster, orthogonal edges, labels), so that the functions a layout runs are in it. A cache the running Node accepts is
// kept as it is, so that a second build writes nothing.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const { ELK_CACHE, loadElkWorker } = await import('../dist/cli/elk-thread.js');
if (existsSync(ELK_CACHE) && loadElkWorker(readFileSync(ELK_CACHE)).script.cachedDataRejected === false) process.exit(0);

const { Worker, script } = loadElkWorker(undefined);
const elk = new Worker();
const answered = new Promise((resolve, reject) => {
  elk.onmessage = ({ data }) => {
    if (data.error !== undefined) reject(new Error(String(data.error)));
    else if (data.id === 2) resolve();
  };
});
const node = (id) => ({ id, width: 120, height: 40, labels: [{ text: id, width: 60, height: 14 }] });
elk.postMessage({ id: 1, cmd: 'register', algorithms: ['layered'] });
elk.postMessage({
  id: 2,
  cmd: 'layout',
  graph: {
    id: 'root',
    children: [node('a'), { id: 'c', children: [node('b'), node('d')], edges: [] }],
    edges: [
      { id: 'e1', sources: ['a'], targets: ['b'], labels: [{ text: '1', width: 12, height: 14 }] },
      { id: 'e2', sources: ['a'], targets: ['d'] },
    ],
  },
  layoutOptions: {
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
    'elk.json.edgeCoords': 'ROOT',
    'elk.json.shapeCoords': 'ROOT',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.randomSeed': '1',
  },
  options: {},
});
await answered;
const temp = `${ELK_CACHE}.${process.pid}.tmp`;
writeFileSync(temp, script.createCachedData());
renameSync(temp, ELK_CACHE);
