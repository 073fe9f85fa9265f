import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli } from '../helpers/cli.js';

const BIN = resolve('dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'vpcreach-outside-'));

/** Runs the CLI with its standard output piped into a reader that goes away at once; returns the CLI's status and stderr. */
function intoClosedPipe(args: string[]): { status: number; stderr: string } {
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const r = spawnSync('bash', ['-c', `node '${BIN}' ${quoted} 2>"$ERR" | head -c 1 >/dev/null; echo "\${PIPESTATUS[0]}"`], {
    encoding: 'utf8',
    env: { ...process.env, ERR: join(dir, 'stderr.txt') },
  });
  return { status: Number(r.stdout.trim()), stderr: readFileSync(join(dir, 'stderr.txt'), 'utf8') };
}

describe('a closed standard output (vpcreach … | head -1)', () => {
  it.each([
    [['validate', 'models/seed-elb/model.yaml'], 0],
    [['validate', 'models/', '--format', 'sarif'], 0],
    [['check', 'scenarios/', '--format', 'json'], 0],
    [['check', 'scenarios/', '--format', 'junit'], 0],
    [['trace', 'models/misconfigurations/model.yaml', '--from', 'ecs-client', '--to', 'ep-shared', '--port', '82'], 1],
  ] as const)('%j: no message, no stack, the usual exit status', (args, status) => {
    // A race shows only sometimes: the fuzz campaign (npm run fuzz) repeats each case.
    for (let i = 0; i < (process.env.FUZZ_RUNS ? 10 : 1); i++) expect(intoClosedPipe([...args])).toEqual({ status, stderr: '' });
  });
});

describe('--output never overwrites an input', () => {
  it('a model, through the same path, a symlink, or ./ and .. — refused before anything is written', async () => {
    const model = join(dir, 'm.yaml');
    copyFileSync('models/seed-elb/model.yaml', model);
    symlinkSync(model, join(dir, 'link.yaml'));
    const before = readFileSync(model, 'utf8');
    for (const output of [model, join(dir, 'link.yaml'), join(dir, '.', 'sub', '..', 'm.yaml')]) {
      const r = await cli(['validate', model, '--format', 'json', '--output', output]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^vpcreach: refusing to write .+: it is .*an input of this run; nothing was written \(choose another --output\)\n$/);
      expect(r.out).toBe('');
      expect(readFileSync(model, 'utf8')).toBe(before);
    }
  });

  it('a scenario, and the model a scenario names, even when the run would exit 2', async () => {
    const model = join(dir, 'm2.yaml');
    copyFileSync('models/seed-elb/model.yaml', model);
    const scenario = join(dir, 's.yaml');
    writeFileSync(scenario, `model: m2.yaml\nexpectations:\n  - { name: x, from: ghost, to: ep-web, port: 8080, expect: reachable }\n`);
    for (const output of [scenario, model]) {
      const before = readFileSync(output, 'utf8');
      const r = await cli(['check', scenario, '--format', 'sarif', '--output', output]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('refusing to write');
      expect(readFileSync(output, 'utf8')).toBe(before);
    }
  });
});
