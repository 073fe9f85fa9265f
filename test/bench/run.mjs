// Benchmark: model loading and concrete traces over the bundled models.
// Usage: npm run bench [-- --smoke] [-- --out bench-results.json]
// Prints a table (median, p99 per operation) and writes JSON. Not a test: timings are never asserted.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { loadModelFromText } from '../../dist/load/index.js';
import { Simulator } from '../../dist/sim/engine.js';
import { check } from '../../dist/verify/scenario.js';

const smoke = process.argv.includes('--smoke');
const outIdx = process.argv.indexOf('--out');
const out = outIdx > 0 ? process.argv[outIdx + 1] : 'bench-results.json';
const ITER = smoke ? 20 : 2000;

function measure(fn, iterations) {
  for (let i = 0; i < Math.min(200, iterations); i++) fn();
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint();
    fn();
    samples[i] = Number(process.hrtime.bigint() - t) / 1000;
  }
  samples.sort();
  return { iterations, medianUs: samples[Math.floor(iterations / 2)], p99Us: samples[Math.min(iterations - 1, Math.floor(iterations * 0.99))] };
}

const rows = [];
for (const dir of readdirSync('models').sort()) {
  const file = `models/${dir}/model.yaml`;
  const text = readFileSync(file, 'utf8');
  rows.push({ op: `load ${dir}`, ...measure(() => loadModelFromText(file, text), Math.max(10, ITER / 10)) });
}

// One trace per bundled expectation, on a reused simulator (the library's hot path).
const result = check(['scenarios']);
for (const s of result.scenarios) {
  const model = loadModelFromText(s.model, readFileSync(s.model, 'utf8')).model;
  const sim = new Simulator(model);
  for (const e of s.expectations) {
    const x = e.expectation;
    const q = { from: x.from, to: x.to, port: x.port, protocol: x.protocol };
    rows.push({ op: `trace ${x.from}→${x.to}:${x.port} (${e.status === 'error' ? 'error' : e.result.verdict}, ${e.result?.traces.length ?? 0} path)`, ...measure(() => sim.trace(q), ITER) });
  }
}

const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version };
const peakRssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
const w = Math.max(...rows.map((r) => r.op.length));
console.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; ${smoke ? 'smoke run' : 'full run'}`);
console.log(`${'operation'.padEnd(w)}  ${'median µs'.padStart(10)}  ${'p99 µs'.padStart(10)}  ${'n'.padStart(6)}`);
for (const r of rows) console.log(`${r.op.padEnd(w)}  ${r.medianUs.toFixed(1).padStart(10)}  ${r.p99Us.toFixed(1).padStart(10)}  ${String(r.iterations).padStart(6)}`);
console.log(`peak RSS ${peakRssMiB} MiB`);
writeFileSync(out, JSON.stringify({ machine, smoke, peakRssMiB, rows }, null, 2) + '\n');
console.log(`wrote ${out}`);
