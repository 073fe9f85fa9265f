/**
 * The worst admitted inputs found for each parser and report (docs/reliability.md, "Memory and time"): the most
 * YAML nodes per byte, the most JSON values, the most diagnostics, duplicate keys, expectations. `n` scales each
 * shape; `limit` is the largest `n` the limits admit within 4 MB.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const seed = resolve('models/seed-elb/model.yaml');

export interface BigInput {
  readonly name: string;
  readonly file: string;
  readonly command: 'validate' | 'check';
  readonly limit: number;
  text(n: number): string;
}

const expectations = (n: number, port: (i: number) => number): string =>
  JSON.stringify({
    model: seed,
    expectations: Array.from({ length: n }, (_, i) => ({
      name: `expectation ${i} with a name of some length`,
      from: 'ecs-client',
      to: 'ep-web',
      port: port(i),
      expect: 'reachable',
      description: 'a description of some length',
    })),
  });

export const BIG_INPUTS: readonly BigInput[] = [
  {
    name: 'YAML keys in one mapping',
    file: 'keys.yaml',
    command: 'validate',
    limit: 79_990,
    text: (n) => `region: r\n${Array.from({ length: n }, (_, i) => `k${i}: 1`).join('\n')}\n`,
  },
  {
    name: 'YAML empty resources',
    file: 'empty.yaml',
    command: 'validate',
    limit: 26_000,
    text: (n) => `region: r\nvpcs:\n${Array(n).fill('  - {}').join('\n')}\n`,
  },
  { name: 'JSON values', file: 'values.json', command: 'validate', limit: 1_900_000, text: (n) => JSON.stringify({ region: 'r', x: Array(n).fill(1) }) },
  {
    name: 'JSON broken resources',
    file: 'broken.json',
    command: 'validate',
    limit: 199_000,
    text: (n) => JSON.stringify({ region: 'r', vpcs: Array(n).fill({}) }),
  },
  {
    name: 'JSON unknown keys',
    file: 'unknown.json',
    command: 'validate',
    limit: 199_000,
    text: (n) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1]))),
  },
  { name: 'JSON duplicate keys', file: 'dup.json', command: 'validate', limit: 450_000, text: (n) => `{${Array(n).fill('"a":1').join(',')}}` },
  { name: 'JSON scenario, passing', file: 'pass.json', command: 'check', limit: 20_000, text: (n) => expectations(n, () => 8080) },
  { name: 'JSON scenario, failing', file: 'fail.json', command: 'check', limit: 20_000, text: (n) => expectations(n, (i) => (i % 60_000) + 1) },
  {
    name: 'YAML scenario, failing',
    file: 'fail.yaml',
    command: 'check',
    limit: 9_000,
    text: (n) =>
      `model: ${seed}\nexpectations:\n${Array.from({ length: n }, (_, i) => `  - { name: e${i}, from: ecs-client, to: ep-web, port: ${(i % 60_000) + 1}, expect: reachable }`).join('\n')}\n`,
  },
];

/** The memory bound of docs/reliability.md, in MiB. */
export const PEAK_RSS_BOUND_MIB = 300;

/** Runs the built CLI in a fresh process; its exit code, standard error and peak resident memory (MiB). */
export function runMeasured(args: string[]): { code: number | null; peakMiB: number; err: string } {
  const r = spawnSync(process.execPath, ['--import', resolve('test/helpers/peak-rss.mjs'), resolve('dist/cli/main.js'), ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const m = /PEAK_RSS_KIB (\d+)/.exec(r.stderr);
  return { code: r.status, peakMiB: m ? Number(m[1]) / 1024 : Infinity, err: r.stderr };
}
