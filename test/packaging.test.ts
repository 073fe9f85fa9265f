import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, resolve } from 'node:path';

/** The files `npm pack` would publish. */
const packed: string[] = (
  JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as {
    files: { path: string }[];
  }[]
)[0]!.files.map((f) => f.path);

describe('the published package', () => {
  it('ships the models and scenarios the README and docs use, and no build info', () => {
    expect(packed).toContain('models/seed-elb/model.yaml');
    expect(packed).toContain('scenarios/seed-elb.yaml');
    expect(packed).toContain('require.cjs');
    expect(packed).toContain('CHANGELOG.md');
    expect(packed.some((f) => f.endsWith('.tsbuildinfo'))).toBe(false);
  });

  it('every relative link in the published Markdown points at a published file', () => {
    const dead: string[] = [];
    for (const doc of packed.filter((f) => f.endsWith('.md'))) {
      for (const m of readFileSync(doc, 'utf8').matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        const path = normalize(join(dirname(doc), target)).replace(/\/$/, '');
        if (!packed.includes(path) && !packed.some((f) => f.startsWith(`${path}/`))) dead.push(`${doc} → ${target}`);
      }
    }
    expect(dead).toEqual([]);
  });

  it('is ESM-only, and require() says so clearly', () => {
    const consumer = mkdtempSync(join(tmpdir(), 'vpcreach-cjs-'));
    mkdirSync(join(consumer, 'node_modules'));
    symlinkSync(resolve('.'), join(consumer, 'node_modules', 'vpcreach'));
    const r = spawnSync(process.execPath, ['-e', "require('vpcreach')"], { cwd: consumer, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('vpcreach is an ES module and cannot be loaded with require()');
    const ok = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "import { DISPOSITION_CODES } from 'vpcreach'; console.log(DISPOSITION_CODES.length)"],
      { cwd: consumer, encoding: 'utf8' },
    );
    expect(ok.stdout.trim()).toMatch(/^\d+$/);
    writeFileSync(join(consumer, 'x.txt'), '');
  });
});

describe('the vitest matchers from a directory install', () => {
  it('type-check in a consumer project whose vitest is its own copy (npm install ../vpcreach), with no tsconfig change', () => {
    const consumer = mkdtempSync(join(tmpdir(), 'vpcreach-consumer-'));
    const modules = join(consumer, 'node_modules');
    mkdirSync(modules);
    // The consumer's own vitest (a copy, not ours); its dependencies may be shared.
    execFileSync('cp', ['-r', resolve('node_modules/vitest'), join(modules, 'vitest')]);
    for (const name of readdirSync('node_modules'))
      if (!['vitest', 'vpcreach', '.bin'].includes(name)) symlinkSync(resolve('node_modules', name), join(modules, name));
    symlinkSync(resolve('.'), join(modules, 'vpcreach'));
    writeFileSync(join(consumer, 'package.json'), '{ "name": "consumer", "type": "module", "private": true }\n');
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: true, types: [] },
        include: ['reach.test.ts'],
      }),
    );
    writeFileSync(
      join(consumer, 'reach.test.ts'),
      [
        "import { expect } from 'vitest';",
        "import { loadModel } from 'vpcreach';",
        "import 'vpcreach/vitest';",
        "const model = loadModel('node_modules/vpcreach/models/seed-elb/model.yaml');",
        "expect(model).toReach({ from: 'ecs-client', to: 'ep-web', port: 8080 });",
        "expect(model).not.toReachWith({ from: 'ecs-client', to: 'ep-web', port: 80 }, 'DELIVERED');",
        '// @ts-expect-error: not a matcher (proves expect() is typed, not any)',
        'expect(model).toReachSomewhere();',
        '',
      ].join('\n'),
    );
    const r = spawnSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('npm test after npm ci', () => {
  it('does not build again: the second build emits nothing', () => {
    const { mtimeMs } = statSync('dist/index.js');
    const r = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(statSync('dist/index.js').mtimeMs).toBe(mtimeMs);
  });
});

describe('the command-line bundle', () => {
  /** The files a chunk of dist/cli loads before it runs (its static imports, and theirs). */
  const closure = (file: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const m of readFileSync(join('dist/cli', file), 'utf8').matchAll(/^(?:import|} from) .*?"\.\/([^"]+\.js)";$/gm)) closure(m[1]!, seen);
    return seen;
  };
  const bytes = (files: Iterable<string>): number => [...files].reduce((n, f) => n + statSync(join('dist/cli', f)).size, 0);
  const run = readdirSync('dist/cli').find((f) => /^run-[A-Z0-9]{8}\.js$/.test(f))!;

  it('a command loads only its own code: trace reads less than 1.2 MB of JavaScript, with one locale of zod', () => {
    const trace = /trace: \(\) => import\("\.\/(trace-[A-Z0-9]{8}\.js)"\)/.exec(readFileSync(join('dist/cli', run), 'utf8'))![1]!;
    const files = closure(trace, closure('worker.js'));
    // Measured when this was written: 1.0 MB; at 0.2.0 with ICMP, health checks and source ports, 1.10 MB (its two YAML
    // readers 0.37 MB, the importers 0.12 MB). With zod's core namespace or a bundled ELK it is 1.5 to 5 MB.
    expect(bytes(files)).toBeLessThan(1.2 * 1024 * 1024);
    const locales = new Set(
      [...files].flatMap((f) => [...readFileSync(join('dist/cli', f), 'utf8').matchAll(/^\/\/ node_modules\/zod\/v4\/locales\/(\S+)/gm)].map((m) => m[1])),
    );
    expect([...locales]).toEqual(['en.js']);
  });

  it("ships ELK's code cache, and this Node accepts it", async () => {
    expect(packed).toContain('dist/cli/elk-worker.cache');
    const { ELK_CACHE, loadElkWorker } = (await import(resolve('dist/cli/elk-thread.js'))) as typeof import('../src/report/picture/elk-thread.js');
    expect(loadElkWorker(readFileSync(ELK_CACHE)).script.cachedDataRejected).toBe(false);
  });
});
