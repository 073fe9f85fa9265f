import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly env?: Record<string, string>;
}

/**
 * docs/ci.md's recipes as a runner runs them: the composite action's own steps in bash with the runner's variables
 * (setup-node and npm ci left out: node is here and dist/ is built), then the commands the docs give by name.
 */
describe('docs/ci.md recipes work as written', () => {
  const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default: string }>; runs: { steps: Step[] } };
  const work = mkdtempSync(join(tmpdir(), 'vpcreach-ci-'));
  const files = { path: join(work, 'path'), output: join(work, 'output'), summary: join(work, 'summary'), temp: join(work, 'runner-temp') };
  for (const f of [files.path, files.output, files.summary]) writeFileSync(f, '');
  cpSync('scenarios', join(work, 'scenarios'), { recursive: true });
  cpSync('models', join(work, 'models'), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GITHUB_ACTION_PATH: resolve('.'),
    GITHUB_PATH: files.path,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    RUNNER_TEMP: files.temp,
  };
  const bash = (script: string, extra: Record<string, string> = {}, path = process.env.PATH ?? '') =>
    spawnSync('bash', ['-e', '-c', script], { cwd: work, env: { ...env, ...extra, PATH: path }, encoding: 'utf8' });

  it("the action's steps: vpcreach check runs, writes the summary and exit-code, and puts vpcreach on the PATH", () => {
    const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default]));
    for (const step of action.runs.steps) {
      if (step.uses || !step.run || /npm ci/.test(step.run)) continue;
      const stepEnv = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([k, v]) => [k, v.replace(/\$\{\{ inputs\.([a-z-]+) \}\}/g, (_, name: string) => inputs[name] ?? '')]),
      );
      const r = bash(step.run, stepEnv);
      expect(r.status, `${step.name}: ${r.stderr}`).toBe(0);
    }
    expect(readFileSync(files.output, 'utf8')).toBe('exit-code=0\n');
    expect(readFileSync(files.summary, 'utf8')).toMatch(/^### vpcreach check: \d+ passed, 0 failed/);
    expect(readFileSync(files.path, 'utf8').trim()).toBe(join(files.temp, 'vpcreach-bin'));
  });

  it('after the action, the pull-request gate runs vpcreach by name, as docs/ci.md writes it', () => {
    const path = `${readFileSync(files.path, 'utf8').trim()}:${process.env.PATH ?? ''}`;
    const before = join(work, 'before.yaml');
    writeFileSync(before, readFileSync('models/misconfigurations/model.yaml', 'utf8'));
    const after = readFileSync('models/misconfigurations/model.yaml', 'utf8').replace(
      '{ id: ep-rejected, vpc: vpc-c, subnet: subnet-endpoints, ip: 192.168.2.18, service: svc-shared, status: rejected }',
      '{ id: ep-rejected, vpc: vpc-c, subnet: subnet-endpoints, ip: 192.168.2.18, service: svc-shared, status: accepted }',
    );
    writeFileSync(join(work, 'models/misconfigurations/model.yaml'), after);
    const docs = readFileSync('docs/ci.md', 'utf8');
    const commands = [...docs.matchAll(/- run: (vpcreach diff [^\n]+)/g)].map((m) =>
      m[1]!.replace(/\/tmp\/before\.yaml/g, before).replace(/network\/model\.yaml/g, 'models/misconfigurations/model.yaml'),
    );
    expect(commands).toHaveLength(2);
    const summary = bash(commands[0]!, {}, path);
    expect(summary.status, summary.stderr).toBe(0);
    expect(readFileSync(files.summary, 'utf8')).toContain('gained');
    // Nothing was lost: the gate passes.
    const gate = bash(commands[1]!, {}, path);
    expect(gate.status, gate.stderr).toBe(0);
  });
});
