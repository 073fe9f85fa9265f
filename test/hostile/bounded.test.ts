import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The memory bound of docs/reliability.md: any input the limits admit, up to 4 MB, valid or not, in at most 300 MB
 * peak resident memory. Each case is the worst shape found for its parser: the most nodes per byte for YAML (keys of
 * one mapping, empty items), the most values (JSON at two million), the most diagnostics (every item broken), the
 * most duplicate keys, the most expectations. Time is measured by `npm run fuzz` and recorded there, not here.
 */
const BIN = resolve('dist/cli/main.js');
const PEAK = resolve('test/helpers/peak-rss.mjs');
const dir = mkdtempSync(join(tmpdir(), 'vpcreach-bounded-'));
const MiB = 1024 * 1024;

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  expect(statSync(file).size).toBeLessThanOrEqual(4 * MiB);
  return file;
}

function run(args: string[]): { code: number | null; peakMiB: number; err: string } {
  const r = spawnSync(process.execPath, ['--import', PEAK, BIN, ...args], { encoding: 'utf8', maxBuffer: 256 * MiB });
  const m = /PEAK_RSS_KIB (\d+)/.exec(r.stderr);
  return { code: r.status, peakMiB: m ? Number(m[1]) / 1024 : Infinity, err: r.stderr };
}

const seed = resolve('models/seed-elb/model.yaml');
const cases: { name: string; args: () => string[]; exit: number }[] = [
  {
    name: 'YAML: 79,990 keys in one mapping',
    args: () => ['validate', write('keys.yaml', `region: r\n${Array.from({ length: 79_990 }, (_, i) => `k${i}: 1`).join('\n')}\n`)],
    exit: 1,
  },
  {
    name: 'YAML: 26,000 empty resources, SARIF',
    args: () => ['validate', write('empty.yaml', `region: r\nvpcs:\n${Array(26_000).fill('  - {}').join('\n')}\n`), '--format', 'sarif'],
    exit: 1,
  },
  { name: 'JSON: 1.9 million values', args: () => ['validate', write('values.json', JSON.stringify({ region: 'r', x: Array(1_900_000).fill(1) }))], exit: 1 },
  {
    name: 'JSON: 199,000 broken resources, SARIF',
    args: () => ['validate', write('broken.json', JSON.stringify({ region: 'r', vpcs: Array(199_000).fill({}) })), '--format', 'sarif'],
    exit: 1,
  },
  {
    name: 'JSON: 199,000 unknown keys, JSON report',
    args: () => [
      'validate',
      write('unknown.json', JSON.stringify(Object.fromEntries(Array.from({ length: 199_000 }, (_, i) => [`k${i}`, 1])))),
      '--format',
      'json',
    ],
    exit: 1,
  },
  {
    name: 'JSON: 450,000 duplicate keys, SARIF',
    args: () => ['validate', write('dup.json', `{${Array(450_000).fill('"a":1').join(',')}}`), '--format', 'sarif'],
    exit: 1,
  },
  {
    name: 'JSON scenario: 20,000 passing expectations (the limit), JSON report',
    args: () => [
      'check',
      write(
        'many.json',
        JSON.stringify({
          model: seed,
          expectations: Array.from({ length: 20_000 }, (_, i) => ({
            name: `expectation ${i} with a name of some length`,
            from: 'ecs-client',
            to: 'ep-web',
            port: 8080,
            expect: 'reachable',
            description: 'a description of some length',
          })),
        }),
      ),
      '--format',
      'json',
    ],
    exit: 0,
  },
  {
    name: 'JSON scenario: 20,000 failing expectations, SARIF',
    args: () => [
      'check',
      write(
        'fails.json',
        JSON.stringify({
          model: seed,
          expectations: Array.from({ length: 20_000 }, (_, i) => ({
            name: `expectation ${i} with a name of some length`,
            from: 'ecs-client',
            to: 'ep-web',
            port: i + 1,
            expect: 'reachable',
            description: 'a description of some length',
          })),
        }),
      ),
      '--format',
      'sarif',
    ],
    exit: 1,
  },
  ...(['junit', 'markdown', 'json', 'github'] as const).map((format) => ({
    name: `JSON scenario: 20,000 failing expectations, ${format}`,
    args: () => [
      'check',
      write(
        `fails-${format}.json`,
        JSON.stringify({
          model: seed,
          expectations: Array.from({ length: 20_000 }, (_, i) => ({
            name: `expectation ${i} with a name of some length`,
            from: 'ecs-client',
            to: 'ep-web',
            port: i + 1,
            expect: 'reachable',
            description: 'a description of some length',
          })),
        }),
      ),
      '--format',
      format,
    ],
    exit: 1,
  })),
  {
    name: 'YAML scenario: 9,000 failing expectations, text',
    args: () => [
      'check',
      write(
        'fail.yaml',
        `model: ${seed}\nexpectations:\n${Array.from({ length: 9_000 }, (_, i) => `  - { name: e${i}, from: ecs-client, to: ep-web, port: 80, expect: reachable }`).join('\n')}\n`,
      ),
    ],
    exit: 1,
  },
];

describe('any admitted input up to 4 MB stays under 300 MB of peak memory', () => {
  it.each(cases)('$name', ({ args, exit }) => {
    const r = run(args());
    expect(r.err).not.toMatch(/internal error|at .+\.js:\d+/);
    expect(r.code).toBe(exit);
    expect(r.peakMiB).toBeLessThan(300);
  });
});
