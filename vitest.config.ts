import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/** Files that replace a module (vi.mock) need a module graph of their own; every other file shares its worker's. */
const ISOLATED = ['test/cli/internal-error.test.ts'];

/**
 * What the fast tier (`npm run test:fast`) leaves out: tests of the process itself (pipes, signals, the installed
 * package, the built binary's memory), the browser, the benchmark's smoke run and the fuzz campaign's properties.
 * `npm test` runs everything.
 */
const SLOW = [
  'test/browser/**',
  'test/fuzz/**',
  'test/bench.test.ts',
  'test/packaging.test.ts',
  'test/hostile/bounded.test.ts',
  'test/hostile/signals.test.ts',
  'test/hostile/input.test.ts',
  'test/cli/outside-fuzz.test.ts',
  'test/cli/ci-recipes.test.ts',
  'test/report/sarif-multitool.test.ts',
];
const fast = process.env.VPCREACH_TEST_TIER === 'fast';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // Many tests wait on a child process (the binary, Chromium, xmllint): one worker per core keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      // Importing the engine once per worker instead of once per file: the suite's largest fixed cost.
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...ISOLATED, ...(fast ? SLOW : [])],
          isolate: false,
          ...(fast ? { setupFiles: ['test/helpers/fast-tier.ts'] } : {}),
        },
      },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
