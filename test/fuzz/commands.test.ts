import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { applyBytes, byteMutationArb, runs } from './arbitraries.js';

/**
 * The commands past validate and check, driven by random but realistic command lines (lint with --fix and
 * --fix-dry-run, analyze, diff, graph, report, import, generate) over copies of the bundled models, their mutants, a
 * lint configuration, Terraform JSON and an API dump. Each run: exit 0, 1 or 2, never an internal error or a stack
 * trace, exit 2 always says why; whole outputs (JSON parses, HTML and SVG carry no active content); and nothing the
 * user keeps changes — inputs, the configuration, backups — except a model that --fix rewrites, whose original is
 * then in its backup.
 */
const STACK = /\n\s+at .+:\d+:\d+/;
const MODELS = readdirSync('models').map((d) => `models/${d}/model.yaml`);

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

/** Every file under a directory with its hash. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

/** No active content: no script element beyond the report's own two, no event handler, no javascript: URL. */
function inert(text: string, scripts: number): void {
  expect((text.match(/<script/gi) ?? []).length).toBeLessThanOrEqual(scripts);
  expect(text).not.toMatch(/\son[a-z]+\s*=/i);
  expect(text).not.toMatch(/javascript:/i);
}

const base = mkdtempSync(join(tmpdir(), 'vpcreach-fuzz-commands-'));
let n = 0;

const model = fc.oneof(
  fc.constantFrom(...MODELS).map((m) => ({ kind: 'bundled' as const, m, mutation: null })),
  fc.tuple(fc.constantFrom(...MODELS), byteMutationArb).map(([m, mutation]) => ({ kind: 'mutant' as const, m, mutation })),
);
const format = fc.constantFrom('text', 'json', 'sarif', 'junit', 'github', 'markdown', 'html', 'nope');
const maybe = <T>(a: fc.Arbitrary<T[]>): fc.Arbitrary<T[]> => fc.oneof(fc.constant([] as T[]), a);
const output = fc.constantFrom('out/report.txt', 'out/report.json', 'model.yaml', 'model.yaml.bak', 'vpcreach.config.yaml', 'in/state.json', 'dump/vpcs.json');

/** A command line with placeholders: MODEL, OTHER (a second model), OUT/… paths inside the case's directory. */
const commandArb = fc.oneof(
  fc
    .tuple(
      fc.constantFrom([], ['--fix'], ['--fix-dry-run']),
      maybe(fc.tuple(format, output).map(([f, o]) => ['--format', f, '--output', o])),
      maybe(fc.constantFrom(['--rule', 'sg-unused=off'], ['--rule', 'sg-unsed=off'], ['--config', 'vpcreach.config.yaml'])),
    )
    .map(([fix, out, rule]) => ['lint', 'model.yaml', ...fix, ...out, ...rule]),
  fc
    .tuple(
      maybe(fc.constantFrom('ecs-client', 'ep-shared', 'vpc-c', 'nope').map((x) => ['--from', x])),
      maybe(fc.constantFrom('ep-web', 'ep-shared', '10.0.1.0/24', 'elb-1', 'nope').map((x) => ['--to', x])),
      maybe(fc.constantFrom('80', '1-1024', '0', 'x').map((x) => ['--port', x])),
      maybe(fc.constantFrom('text', 'json', 'svg').map((x) => ['--format', x])),
    )
    .map(([f, t, p, o]) => ['analyze', 'model.yaml', ...f, ...t, ...p, ...o]),
  fc
    .tuple(
      maybe(fc.constantFrom('text', 'json', 'markdown', 'html').map((x) => ['--format', x])),
      maybe(fc.constantFrom('lost', 'gained', 'any', 'all').map((x) => ['--fail-on', x])),
    )
    .map(([f, fail]) => ['diff', 'model.yaml', 'other.yaml', ...f, ...fail]),
  fc
    .tuple(
      fc.constantFrom('mermaid', 'dot', 'svg', 'png'),
      maybe(fc.constantFrom('vpc-c', 'ep-web', 'nope').map((x) => ['--focus', x])),
      maybe(fc.constantFrom(['-o', 'out/picture'], ['-o', 'model.yaml', '--force'])),
    )
    .map(([f, focus, o]) => ['graph', 'model.yaml', '--format', f, ...focus, ...o]),
  fc
    .tuple(fc.constantFrom('scenario.yaml', 'model.yaml', 'nope.yaml'), fc.constantFrom(['-o', 'out/report.html'], ['-o', 'scenario.yaml', '--force'], []))
    .map(([s, o]) => ['report', s, ...o]),
  fc
    .tuple(
      fc.constantFrom(['terraform', 'in/state.json'], ['terraform', 'model.yaml'], ['huaweicloud', 'dump'], ['huaweicloud', 'in']),
      fc.constantFrom([], ['-o', 'out/imported.yaml'], ['-o', 'in/state.json', '--force'], ['-o', 'dump/vpcs.json', '--force']),
    )
    .map(([what, o]) => ['import', ...what, ...o]),
  fc
    .tuple(
      fc.constantFrom('s', 'x'),
      fc.nat(100),
      fc.constantFrom('json', 'yaml', 'terraform-state', 'csv'),
      fc.constantFrom([], ['-o', 'out/tenant'], ['-o', 'model.yaml']),
    )
    .map(([size, seed, f, o]) => ['generate', '--size', size, '--seed', String(seed), '--format', f, ...o]),
);

describe('fuzz: the commands past validate and check', () => {
  test.prop([model, model, commandArb], runs(40))(
    'exit 0, 1 or 2 with a reason; whole and inert outputs; inputs, configuration and backups untouched',
    async (m, other, argv) => {
      const dir = join(base, `case-${n++}`);
      mkdirSync(join(dir, 'in'), { recursive: true });
      const text = (x: typeof m): Buffer => {
        const bytes = readFileSync(x.m);
        return x.mutation ? applyBytes(bytes, x.mutation) : bytes;
      };
      writeFileSync(join(dir, 'model.yaml'), text(m));
      writeFileSync(join(dir, 'other.yaml'), text(other));
      writeFileSync(join(dir, 'vpcreach.config.yaml'), 'lint:\n  rules:\n    sg-unused: info\n');
      writeFileSync(
        join(dir, 'scenario.yaml'),
        `model: model.yaml\nexpectations:\n  - { name: a, from: ecs-client, to: ep-web, port: 8080, expect: reachable }\n`,
      );
      cpSync('test/fixtures/terraform/vpcep-approval-state.json', join(dir, 'in/state.json'));
      cpSync('test/fixtures/huaweicloud-api/dump', join(dir, 'dump'), { recursive: true });
      const before = snapshot(dir);
      const args = argv.map((a) =>
        /^(model\.yaml|other\.yaml|scenario\.yaml|nope\.yaml|vpcreach\.config\.yaml|in|dump|out\/.*|in\/.*|dump\/.*|model\.yaml\.bak)$/.test(a)
          ? join(dir, a)
          : a,
      );
      const cwd = process.cwd();
      process.chdir(dir);
      let r: { code: number; out: string; err: string };
      try {
        r = await cli(args);
      } finally {
        process.chdir(cwd);
      }
      expect([0, 1, 2]).toContain(r.code);
      expect(r.err).not.toContain('internal error');
      expect(r.err + r.out).not.toMatch(STACK);
      if (r.code === 2) expect((r.err + r.out).trim().length).toBeGreaterThan(0);
      // Whole outputs on standard output.
      const i = args.indexOf('--format');
      const fmt = i >= 0 ? args[i + 1] : undefined;
      const toStdout = !args.includes('--output') && !args.includes('-o') && !args.includes('--fix-dry-run');
      if (r.code !== 2 && toStdout && (fmt === 'json' || fmt === 'sarif') && r.out !== '') JSON.parse(r.out);
      if (fmt === 'svg' || fmt === 'html') inert(r.out, 2);
      // What the run wrote: inert pictures and pages; JSON that parses.
      for (const f of ['out/report.html', 'out/picture']) if (existsSync(join(dir, f))) inert(readFileSync(join(dir, f), 'utf8'), 2);
      if (existsSync(join(dir, 'out/report.json')) && fmt === 'json') JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8'));
      // Nothing the user keeps changed: inputs, configuration, dumps, states; a model --fix rewrote keeps its original in a backup.
      // With --force, -o may replace an existing file that is none of those (the user asked for it).
      const after = snapshot(dir);
      const o = Math.max(argv.indexOf('-o'), argv.indexOf('--output'));
      const target = o >= 0 ? argv[o + 1] : undefined;
      const inputs = argv[0] === 'import' ? [argv[2]!] : argv[0] === 'diff' ? [argv[1]!, argv[2]!] : argv[0] === 'generate' ? [] : [argv[1]!];
      const read = new Set([...inputs, 'vpcreach.config.yaml', 'model.yaml.bak']);
      if (argv[0] === 'report' && argv[1] === 'scenario.yaml') read.add('model.yaml');
      if (argv[0] === 'import' && argv[2] === 'dump') for (const f of before.keys()) if (f.startsWith('dump/')) read.add(f);
      for (const [file, hash] of before) {
        if (after.get(file) === hash) continue;
        // Report outputs (--output of lint, like validate and check) are replaced without --force: CI writes them each run.
        if (file === target && (argv.includes('--force') || argv[0] === 'lint') && !read.has(file)) continue;
        expect(file === 'model.yaml' && args.includes('--fix'), `${file} changed: ${argv.join(' ')}`).toBe(true);
        expect(
          createHash('sha256')
            .update(readFileSync(join(dir, 'model.yaml.bak')))
            .digest('hex'),
        ).toBe(hash);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  );
});
