// The fuzz campaign: npm run fuzz [-- --runs N] [-- --seed S] [-- --only <test name pattern>]
// Runs test/fuzz and the set driver's property (test/symbolic/set-ports.test.ts) with N cases per property (default 2000), every peak-memory case of test/hostile/bounded.test.ts and
// ten closed-pipe runs of each command of test/cli/outside-fuzz.test.ts, prints the seed of each property (fast-check prints
// the seed and the shrunk counterexample of any failure), and the duration.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const value = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(value('--runs') ?? 2000);
const seed = value('--seed') ?? String(Date.now() % 2 ** 31);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: npm run fuzz -- [--runs N] [--seed S]');
  process.exit(2);
}
console.log(`fuzz campaign: ${runs} cases per property, seed ${seed}`);
const started = Date.now();
const only = value('--only');
const r = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    'test/fuzz',
    'test/symbolic/set-ports.test.ts',
    'test/hostile/bounded.test.ts',
    'test/cli/outside-fuzz.test.ts',
    '--reporter=verbose',
    '--testTimeout=0',
    ...(only ? ['-t', only] : []),
  ],
  {
    stdio: 'inherit',
    env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: seed },
  },
);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`fuzz campaign finished in ${seconds} s (${runs} cases per property, seed ${seed}); exit ${r.status}`);
process.exit(r.status ?? 2);
