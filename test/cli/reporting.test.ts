import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cli } from '../helpers/cli.js';

function tmpDir(): string {
  return mkdtempSync(join(tmpdir(), 'vpcreach-cli-'));
}

describe('--format / --output', () => {
  it('writes several formats in one run and one to standard output', async () => {
    const dir = tmpDir();
    const r = await cli([
      'check',
      'scenarios/seed-elb.yaml',
      '--format',
      'sarif',
      '--output',
      join(dir, 'a.sarif'),
      '--format',
      'junit',
      '--output',
      join(dir, 'a.xml'),
      '--format',
      'markdown',
    ]);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('### vpcreach check: 4 passed, 0 failed')).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'a.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(join(dir, 'a.xml'), 'utf8')).toContain('<testsuites name="vpcreach check" tests="4"');
    expect(readdirSync(dir).sort()).toEqual(['a.sarif', 'a.xml']);
  });
  it('validate takes the same reporting options', async () => {
    const r = await cli(['validate', 'test/fixtures/ten-mistakes.yaml', '--format', 'github']);
    expect(r.code).toBe(1);
    expect(r.out.split('\n').filter((l) => l.startsWith('::error '))).toHaveLength(13);
  });
  it('usage errors: unknown format, two formats on standard output, unwritable output', async () => {
    expect((await cli(['check', 'scenarios/', '--format', 'xml'])).code).toBe(2);
    const two = await cli(['check', 'scenarios/', '--format', 'json', '--format', 'text']);
    expect(two.code).toBe(2);
    expect(two.err).toContain('only one --format may go to standard output');
    const dir = tmpDir();
    writeFileSync(join(dir, 'afile'), 'x');
    const bad = await cli(['check', 'scenarios/', '--format', 'json', '--output', join(dir, 'afile', 'x.json')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe(`vpcreach: cannot write ${join(dir, 'afile', 'x.json')}: a part of the path is a file, not a directory\n`);
  });
  it('--output creates missing directories', async () => {
    const dir = tmpDir();
    const r = await cli(['check', 'scenarios/', '--format', 'sarif', '--output', join(dir, 'reports', 'ci', 'vpcreach.sarif')]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'reports', 'ci'))).toEqual(['vpcreach.sarif']);
  });
  it('exit 2 says why on standard error even when every report goes to a file (found by the fuzz campaign)', async () => {
    const dir = tmpDir();
    const r = await cli(['validate', '', '--output', join(dir, 'x.txt')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('file-not-found  an empty path was given');
    const c = await cli(['check', 'test/fixtures/failing-scenario.yaml', '--format', 'sarif', '--output', join(dir, 'y.sarif')]);
    expect(c.code).toBe(2);
    expect(c.err).toContain('failing-scenario.yaml:7:5  from: no instance, subnet, VPC, security group or account "ghost" in the model');
    const m = await cli(['check', 'models/seed-elb/model.yaml', '--output', join(dir, 'z.txt')]);
    expect(m.code).toBe(2);
    expect(m.err).toContain('models/seed-elb/model.yaml  error  not-a-scenario  models/seed-elb/model.yaml is a model, not a scenario');
  });
  it('a failed write leaves an existing file untouched', async () => {
    const dir = tmpDir();
    const target = join(dir, 'keep.json');
    writeFileSync(target, 'precious');
    chmodSync(dir, 0o500);
    try {
      const r = await cli(['check', 'scenarios/seed-elb.yaml', '--format', 'json', '--output', target]);
      if (process.getuid?.() === 0) {
        // root ignores directory permissions: the write succeeds and replaces the file whole.
        expect(r.code).toBe(0);
        expect(JSON.parse(readFileSync(target, 'utf8')).passed).toBe(4);
      } else {
        expect(r.code).toBe(2);
        expect(readFileSync(target, 'utf8')).toBe('precious');
      }
    } finally {
      chmodSync(dir, 0o700);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('--max-warnings', () => {
  it('more warnings than allowed exit 1; within the limit exit 0', async () => {
    expect((await cli(['validate', 'test/fixtures/warnings.yaml'])).code).toBe(0);
    expect((await cli(['validate', 'test/fixtures/warnings.yaml', '--max-warnings', '2'])).code).toBe(0);
    const over = await cli(['validate', 'test/fixtures/warnings.yaml', '--max-warnings', '1']);
    expect(over.code).toBe(1);
    expect(over.err).toContain('2 warnings, more than --max-warnings 1');
    expect((await cli(['validate', 'test/fixtures/warnings.yaml', '--max-warnings', 'x'])).code).toBe(2);
  });
  it('applies to check (model warnings) too', async () => {
    const dir = tmpDir();
    writeFileSync(
      join(dir, 's.yaml'),
      `model: ${join(process.cwd(), 'test/fixtures/warnings.yaml')}\nexpectations:\n  - { name: a to b, from: a, to: b, port: 22, expect: unreachable }\n`,
    );
    expect((await cli(['check', join(dir, 's.yaml')])).code).toBe(0);
    expect((await cli(['check', join(dir, 's.yaml'), '--max-warnings', '0'])).code).toBe(1);
  });
});

describe('the GitHub Action (action.yml)', () => {
  const action = parse(readFileSync('action.yml', 'utf8'));
  const step = action.runs.steps.find((s: { id?: string }) => s.id === 'check');

  it('is a composite action whose check step only uses declared inputs', () => {
    expect(action.runs.using).toBe('composite');
    const declared = Object.keys(action.inputs);
    for (const m of JSON.stringify(step.env).matchAll(/inputs\.([a-z-]+)/g)) expect(declared).toContain(m[1]);
  });

  function runStep(inputs: Record<string, string>): { code: number | null; output: string; summary: string; dir: string; log: string } {
    const dir = tmpDir();
    mkdirSync(join(dir, 'work'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GITHUB_ACTION_PATH: process.cwd(),
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    };
    for (const [k, v] of Object.entries(step.env as Record<string, string>)) {
      const input = /inputs\.([a-z-]+)/.exec(v)![1]!;
      env[k] = inputs[input] ?? String(action.inputs[input].default ?? '');
    }
    writeFileSync(join(dir, 'summary'), '');
    const r = spawnSync('bash', ['-e', '-c', step.run], { encoding: 'utf8', env, cwd: process.cwd() });
    return { code: r.status, output: readFileSync(join(dir, 'output'), 'utf8'), summary: readFileSync(join(dir, 'summary'), 'utf8'), dir, log: r.stdout };
  }

  it('runs check with annotations, SARIF, JUnit and a job summary', () => {
    const dir = tmpDir();
    const r = runStep({
      paths: 'scenarios/seed-elb.yaml test/fixtures/failing-scenario.yaml',
      'sarif-file': join(dir, 'v.sarif'),
      'junit-file': join(dir, 'v.xml'),
    });
    expect(r.code).toBe(2);
    expect(r.output).toBe('exit-code=2\n');
    expect(r.log).toContain('::error file=test/fixtures/failing-scenario.yaml,line=4,col=5,title=vpcreach SG_INGRESS_PARTIAL::');
    expect(existsSync(join(dir, 'v.sarif')) && existsSync(join(dir, 'v.xml'))).toBe(true);
    expect(r.summary).toContain('### vpcreach check: 5 passed, 2 failed, 1 error');
    expect(existsSync(`${join(r.dir, 'summary')}.vpcreach`)).toBe(false);
  });

  it('exit code 0 when every expectation holds', () => {
    const r = runStep({ paths: 'scenarios/', summary: 'false' });
    expect(r.code).toBe(0);
    expect(r.output).toBe('exit-code=0\n');
    expect(r.summary).toBe('');
  });
});
