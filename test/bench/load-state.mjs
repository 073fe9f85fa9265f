// Parse + translate + validate of a Terraform state (or any model file), in a process that holds nothing else, as
// the CLI's own process does: the file is read once (not timed), then loaded `runs` times.
// Usage: node test/bench/load-state.mjs <file> <runs>   Prints one JSON line. Not a test: nothing is asserted.
import { readFileSync } from 'node:fs';
import { loadModelFromText } from '../../dist/load/index.js';

const [file, runsArg] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const times = [];
for (let i = 0; i < Number(runsArg); i++) {
  const t = process.hrtime.bigint();
  const r = loadModelFromText(file, text, { maxFileBytes: 2 ** 30, maxValues: 20_000_000 });
  times.push(Number(process.hrtime.bigint() - t) / 1e9);
  if (!r.ok) throw new Error(`${file} did not load: ${r.diagnostics.find((d) => d.severity === 'error')?.message}`);
}
console.log(JSON.stringify({ medianS: [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)], times }));
