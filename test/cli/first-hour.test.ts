import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { check } from '../../src/verify/scenario.js';
import { counts } from '../../src/report/findings.js';
import { render } from '../../src/report/index.js';
import { loadHelp } from '../../src/cli/help.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}
const dir = mkdtempSync(join(tmpdir(), 'vpcreach-first-hour-'));

describe('text output explains every drop', () => {
  it('NO_ROUTE and UNKNOWN_DESTINATION carry their reason on the drop line', async () => {
    const r = await cli(['trace', 'models/seed-elb/model.yaml', '--from', 'ecs-client', '--to', 'elb-1', '--port', '80']);
    expect(r.out).toContain(
      "drop       NO_ROUTE: elb-1 is in VPC vpc-2, not in the client's VPC vpc-1; only endpoints in the client's own VPC reach other VPCs",
    );
    const u = await cli(['trace', 'models/seed-elb/model.yaml', '--from', 'ecs-client', '--to', '192.168.1.77', '--port', '80']);
    expect(u.out).toMatch(/drop {7}UNKNOWN_DESTINATION: 192\.168\.1\.77 is inside VPC vpc-1/);
  });

  it('a filter drop does not repeat the filter line; a note made on one hop is not repeated on the next', async () => {
    const r = await cli(['trace', 'models/missing-vpcep-rule/model.yaml', '--from', 'ecs-client', '--to', 'ep-api', '--port', '80']);
    expect(r.out).toContain('       drop       SG_INGRESS_DENIED\n');
    const notes = r.out.split('\n').filter((l) => l.includes('note '));
    for (let i = 1; i < notes.length; i++) expect(notes[i]).not.toBe(notes[i - 1]);
  });
});

describe('the command line a new user meets', () => {
  it('-v prints the version like -V and --version', async () => {
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version as string;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const flag of ['-v', '-V', '--version']) expect(await cli([flag])).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  it('trace without a model says the model is missing; then what else is', async () => {
    const r = await cli(['trace']);
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err.split('\n')[0]).toBe('vpcreach trace: the model file is missing');
    expect((await cli(['trace', 'models/seed-elb/model.yaml', '--from', 'ecs-client'])).err.split('\n')[0]).toBe('vpcreach trace: --to is missing');
  });

  it('every command’s --help shows required options, examples, exit codes and the docs', async () => {
    for (const command of ['validate', 'trace', 'check']) {
      const r = await cli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Examples:\n  vpcreach ' + command);
      expect(r.out).toMatch(/Exit codes: 0 .*, 1 .*, 2 /);
      expect(r.out).toContain('Docs: README.md and docs/');
    }
    expect((await cli(['trace', '--help'])).out).toMatch(
      /--from <id> +client instance id, internet \(any public address\), or\s+a public IPv4 address \(required\)/,
    );
  });
});

describe('reports say the same thing in every format', () => {
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'region: r\nvpcs:\n  - { id: v, cidr: 10.0.0.0/33 }\n  - { id: w, cidr: 300.0.0.0/8 }\n');
  const scenario = join(dir, 'described.yaml');
  writeFileSync(
    scenario,
    `model: ${resolve('models/seed-elb/model.yaml')}\nexpectations:\n  - { name: web, from: ecs-client, to: ep-web, port: 8080, expect: reachable, description: the storefront path }\n  - { name: closed, from: ecs-client, to: ep-web, port: 8080, expect: unreachable, description: should fail }\n`,
  );
  const invalidModel = join(dir, 'on-bad-model.yaml');
  writeFileSync(
    invalidModel,
    `model: ${bad}\nexpectations:\n  - { name: one, from: a, to: b, port: 1, expect: reachable }\n  - { name: two, from: a, to: b, port: 2, expect: reachable }\n`,
  );

  it('the error count is the same in text, JSON, JUnit and SARIF', () => {
    const result = check([invalidModel]);
    const report = { kind: 'check' as const, result };
    const options = { help: loadHelp(), toolVersion: '0' };
    const n = counts(report).errors;
    expect(n).toBe(3); // invalid-model, and the model's two errors
    expect(result.errors).toBe(n);
    expect(render(report, 'text', options)).toContain(`, ${n} errors`);
    expect((JSON.parse(render(report, 'json', options)) as { errors: number }).errors).toBe(n);
    const sarif = JSON.parse(render(report, 'sarif', options)) as { runs: { results: { level: string }[] }[] };
    expect(sarif.runs[0]!.results.filter((r) => r.level === 'error')).toHaveLength(n);
  });

  it('an invalid model gives one JUnit case per expectation, each saying it did not run', () => {
    const xml = render({ kind: 'check', result: check([invalidModel]) }, 'junit', { help: loadHelp(), toolVersion: '0' });
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toContain('<testcase name="one"');
    expect(xml).toContain('<testcase name="two"');
    expect(xml).toMatch(/<error type="invalid-model" message="not run: model \S+ is invalid \(2 errors\); no expectation was run">/);
  });

  it('an expectation’s description appears in text, Markdown, JUnit and SARIF', () => {
    const report = { kind: 'check' as const, result: check([scenario]) };
    const options = { help: loadHelp(), toolVersion: '0' };
    expect(render(report, 'text', options)).toContain('         the storefront path');
    expect(render(report, 'markdown', options)).toContain('closed — should fail');
    expect(render(report, 'junit', options)).toContain('<system-out>reachable DELIVERED at elb-1\nthe storefront path</system-out>');
    const sarif = JSON.parse(render(report, 'sarif', options)) as { runs: { results: { message: { text: string } }[] }[] };
    expect(sarif.runs[0]!.results[0]!.message.text).toMatch(/^closed — should fail \(/);
  });

  it('counts are pluralised', async () => {
    const one = join(dir, 'one-warning.yaml');
    writeFileSync(
      one,
      'region: r\nvpcs:\n  - { id: v, cidr: 10.0.0.0/16, subnets: [ { id: s, cidr: 10.0.1.0/24 } ] }\ninstances:\n  - { id: i, kind: ecs, subnet: s, ip: 10.0.1.1, securityGroups: [g] }\nsecurityGroups:\n  - { id: g }\n',
    );
    const r = await cli(['lint', one, '--rule', 'sg-rule-redundant=off']);
    // One file: its summary is said once, not again as the total.
    expect(r.out.trim().split('\n').slice(-1)).toEqual([`${one}: 0 errors, 1 warning`]);
    expect(r.out.match(/0 errors, 1 warning/g)).toHaveLength(1);
    const other = join(dir, 'other.yaml');
    writeFileSync(other, readFileSync(one, 'utf8'));
    const two = await cli(['lint', one, other, '--rule', 'sg-rule-redundant=off']);
    expect(two.out.trim().split('\n').at(-1)).toBe('0 errors, 2 warnings');
  });
});

describe('validate and check tell models and scenarios apart', () => {
  it('validate takes directories; scenarios found there are skipped with one line', async () => {
    const r = await cli(['validate', 'models/', 'scenarios/']);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n').at(-1)).toBe('0 errors, 0 warnings');
    expect(r.out.match(/: valid/g)).toHaveLength(readdirSync('models').length);
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(readdirSync('scenarios').length);
    expect(r.err).toContain('vpcreach: skipped scenarios/seed-elb.yaml: a scenario, not a model (vpcreach check scenarios/seed-elb.yaml runs it)');
  });

  it('a scenario named to validate, or a model named to check, gets one clear error', async () => {
    const v = await cli(['validate', 'scenarios/seed-elb.yaml']);
    expect(v.code).toBe(1);
    expect(v.out.split('\n')[0]).toBe(
      'scenarios/seed-elb.yaml  error  not-a-model  scenarios/seed-elb.yaml is a scenario, not a model  (run it with: vpcreach check scenarios/seed-elb.yaml)',
    );
    const c = await cli(['check', 'models/seed-elb/model.yaml']);
    expect(c.code).toBe(2);
    expect(c.out).toContain('models/seed-elb/model.yaml  error  not-a-scenario  models/seed-elb/model.yaml is a model, not a scenario');
  });

  it('check . skips models (and other files) with one line each kind, not errors', async () => {
    const r = await cli(['check', 'models/', 'scenarios/']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('vpcreach: skipped models/seed-elb/model.yaml: a model, not a scenario');
    const only = await cli(['check', 'models']);
    expect(only.code).toBe(2);
    expect(only.err.split('\n')[0]).toBe(
      `vpcreach: no scenario files in models: only models (${readdirSync('models').length} files skipped); name the scenario directory`,
    );
  });
});

describe('text on a terminal', () => {
  it('long lines are wrapped at the terminal width, with their indentation kept; pipes get them whole', async () => {
    let out = '';
    const code = await runCli(['trace', 'models/missing-vpcep-rule/model.yaml', '--from', 'ecs-client', '--to', 'ep-api', '--port', '80'], {
      out: (s) => (out += s),
      err: () => undefined,
      width: 80,
    });
    expect(code).toBe(1);
    const lines = out.trimEnd().split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(lines.some((l) => /^ {11,}\S/.test(l) && !/^\s+\d+\. /.test(l))).toBe(true);
    const piped = await cli(['trace', 'models/missing-vpcep-rule/model.yaml', '--from', 'ecs-client', '--to', 'ep-api', '--port', '80']);
    expect(piped.out.split('\n').some((l) => l.length > 80)).toBe(true);
    expect(piped.out.replace(/\s+/g, ' ')).toBe(out.replace(/\s+/g, ' '));
  });
  it.each([
    ['who reaches', ['--to', 'ep-shared']],
    ['what one instance reaches', ['--from', 'ecs-client']],
    ['port classes', ['--from', 'ecs-client', '--to', 'ep-shared']],
  ])('analyze (%s) wraps like every other text', async (_, args) => {
    let out = '';
    const argv = ['analyze', 'models/misconfigurations/model.yaml', ...args];
    expect(await runCli(argv, { out: (s) => (out += s), err: () => undefined, width: 60 })).toBe(0);
    expect(Math.max(...out.split('\n').map((l) => l.length))).toBeLessThanOrEqual(60);
    const piped = await cli(argv);
    expect(piped.out.split('\n').some((l) => l.length > 60)).toBe(true);
    expect(piped.out.replace(/\s+/g, ' ')).toBe(out.replace(/\s+/g, ' '));
  });
});

describe('what a new user read wrong', () => {
  it('analyze names the destinations that receive nothing, with the right verb', async () => {
    const r = await cli(['analyze', 'models/misconfigurations/model.yaml']);
    expect(r.out).toMatch(/ {2}\d+ destinations receive nothing from vpc-c on any port: ep-/);
  });

  it('Markdown of lint: a file with error findings is not "✅ valid"', async () => {
    const bad = await cli(['lint', 'models/misconfigurations/model.yaml', '--format', 'markdown']);
    expect(bad.out).toMatch(/\| models\/misconfigurations\/model\.yaml \| ❌ \d+ errors, \d+ warnings \|/);
    expect(bad.out).not.toContain('✅ valid');
    const clean = await cli(['lint', 'models/seed-elb/model.yaml', '--format', 'markdown']);
    expect(clean.out).toContain('| models/seed-elb/model.yaml | ✅ no findings |');
    const validated = await cli(['validate', 'models/seed-elb/model.yaml', '--format', 'markdown']);
    expect(validated.out).toContain('| models/seed-elb/model.yaml | ✅ valid |');
  });

  it('generate -o says what it wrote, as every other writer does', async () => {
    const out = join(dir, 'gen.yaml');
    const r = await cli(['generate', '--size', 's', '-o', out]);
    expect(r).toEqual({ code: 0, out: '', err: `wrote ${out}: generated tenant, size s, seed 1: 200 instances, 2 endpoint services\n` });
  });
});
