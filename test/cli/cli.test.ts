import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadModel } from '../../src/load/index.js';
import { generateTenant } from '../../src/generate/tenant.js';
import { LINT_RULES } from '../../src/lint/index.js';
import { cli } from '../helpers/cli.js';
import { FAST_TIER } from '../helpers/tier.js';
import { modelOf } from '../helpers/model.js';

const SEED = 'models/seed-elb/model.yaml';

describe('vpcreach validate', () => {
  it('exit 0 and a summary for a valid model', async () => {
    const r = await cli(['validate', SEED]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${SEED}: valid\n0 errors, 0 warnings\n`);
  });
  it('exit 1 with one located line per problem', async () => {
    const r = await cli(['validate', 'test/fixtures/ten-mistakes.yaml']);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(14);
    expect(lines[0]).toBe(
      'test/fixtures/ten-mistakes.yaml:7:31  error  subnet-outside-vpc  subnet 172.16.0.0/24 is not inside VPC "vpc-1" (192.168.0.0/16)  (choose a subnet CIDR within 192.168.0.0/16)',
    );
    expect(lines.at(-1)).toBe('13 errors, 0 warnings');
    expect(r.err).toBe('');
  });
  it('exit 2 for a missing file, never a stack trace', async () => {
    const r = await cli(['validate', 'nope.yaml']);
    expect(r.code).toBe(2);
    expect(r.out).toContain('nope.yaml  error  file-not-found  nope.yaml does not exist  (check the path; it is relative to the current directory)');
    expect(r.out + r.err).not.toMatch(/\n\s+at /);
  });
  it('a directory is searched for models; one without any is a usage error (exit 2)', async () => {
    expect((await cli(['validate', 'models'])).code).toBe(0);
    const r = await cli(['validate', 'docs']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('vpcreach: docs contains no .yaml, .yml or .json model files');
  });
  it('json output is parseable and carries positions', async () => {
    const r = await cli(['validate', 'test/fixtures/ten-mistakes.yaml', '--format', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.files[0].valid).toBe(false);
    expect(j.files[0].diagnostics[0]).toMatchObject({ code: 'subnet-outside-vpc', severity: 'error', location: { line: 7, column: 31 } });
  });
  it('yaml syntax errors are located', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-'));
    writeFileSync(join(dir, 'bad.yaml'), 'vpcs:\n  - id: x\n   cidr: 10.0.0.0/16\n');
    const r = await cli(['validate', join(dir, 'bad.yaml')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/bad\.yaml:3:\d+ {2}error {2}yaml-syntax/);
  });
});

describe('vpcreach trace', () => {
  it('reachable: exit 0, verdict line first', async () => {
    const r = await cli(['trace', SEED, '--from', 'ecs-client', '--to', 'ep-web', '--port', '8080']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('REACHABLE  DELIVERED  at elb-1  (2 of 2 members deliver)');
    expect(r.out).toContain('path 2 of 2: delivered, DELIVERED at ecs-web-2');
  });
  it('unreachable: exit 1, with the stop point', async () => {
    const r = await cli(['trace', 'models/missing-vpcep-rule/model.yaml', '--from', 'ecs-client', '--to', 'ep-api', '--port', '80']);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toBe('UNREACHABLE  SG_INGRESS_DENIED  at sg-backend');
    expect(r.out).toContain('drop       SG_INGRESS_DENIED');
  });
  it('json has verdict, code, at, flow and traces with hops and typed steps', async () => {
    const r = await cli(['trace', SEED, '--from', 'ecs-client', '--to', 'ep-web', '--port', '80', '--format', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['verdict', 'code', 'at', 'flow', 'traces']);
    expect(j).toMatchObject({
      verdict: 'unreachable',
      code: 'NO_PORT_MAPPING',
      at: 'svc-web',
      flow: { from: 'ecs-client', protocol: 'tcp', src: '192.168.1.10', dst: '192.168.1.50', dstPort: 80 },
    });
    expect(j.traces[0].hops.map((h: { node: string; kind: string }) => [h.node, h.kind])).toEqual([
      ['ecs-client', 'instance'],
      ['ep-web', 'endpoint'],
    ]);
    expect(j.traces[0].hops[1].steps.map((s: { type: string }) => s.type)).toEqual(['filter', 'filter', 'filter', 'drop']);
  });
  it('output is byte-identical across runs', async () => {
    const a = await cli(['trace', 'models/misconfigurations/model.yaml', '--from', 'ecs-client', '--to', 'ep-shared', '--port', '82', '--format', 'json']);
    const b = await cli(['trace', 'models/misconfigurations/model.yaml', '--from', 'ecs-client', '--to', 'ep-shared', '--port', '82', '--format', 'json']);
    expect(a.out).toBe(b.out);
    expect(a.code).toBe(1);
  });
  it('usage errors exit 2 with a message', async () => {
    for (const args of [
      ['trace', SEED, '--from', 'ecs-client', '--to', 'ep-web'],
      ['trace', SEED, '--from', 'ecs-client', '--to', 'ep-web', '--port', 'abc'],
      ['trace', SEED, '--from', 'ecs-client', '--to', 'ep-web', '--port', '70000'],
      ['trace', SEED, '--from', 'ecs-client', '--to', 'ep-web', '--port', '80', '--protocol', 'sctp'],
      ['trace', SEED, '--from', 'ecs-client', '--to', 'ep-web', '--port', '256', '--protocol', 'icmp'],
      ['trace', SEED, '--from', 'nobody', '--to', 'ep-web', '--port', '80'],
      ['trace', SEED, '--from', 'ecs-client', '--to', 'svc-web', '--port', '80'],
      ['frobnicate'],
      [],
    ]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.length, args.join(' ')).toBeGreaterThan(0);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
  });
  it('an invalid model is never simulated', async () => {
    const r = await cli(['trace', 'test/fixtures/ten-mistakes.yaml', '--from', 'ecs-1', '--to', 'svc', '--port', '80']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('is not a valid model; nothing was simulated');
  });
  it('--help and --version exit 0', async () => {
    expect((await cli(['--help'])).code).toBe(0);
    expect((await cli(['--version'])).out.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});

describe('vpcreach check', () => {
  it('the bundled scenarios all pass', async () => {
    const r = await cli(['check', 'scenarios/']);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/^ {2}FAIL /m);
    expect(r.out.trim().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed {2}\(PASS: the expectation held; FAIL: the model contradicts it\)$/);
  });
  it('a failing expectation exits 1 and prints the contradicting trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-'));
    writeFileSync(
      join(dir, 's.yaml'),
      `model: ${join(process.cwd(), 'models/missing-vpcep-rule/model.yaml')}\nexpectations:\n  - { name: should work, from: ecs-client, to: ep-api, port: 80, expect: reachable }\n`,
    );
    const r = await cli(['check', join(dir, 's.yaml')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL   should work');
    expect(r.out).toContain('expected reachable, got unreachable (SG_INGRESS_DENIED at sg-backend)');
    expect(r.out).toContain('UNREACHABLE  SG_INGRESS_DENIED  at sg-backend');
    expect(r.out.trim().split('\n').at(-1)).toBe('0 passed, 1 failed  (PASS: the expectation held; FAIL: the model contradicts it)');
  });
  it('input errors exit 2 with diagnostics: missing model, unknown code, unknown id, missing path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-'));
    mkdirSync(join(dir, 'sc'));
    writeFileSync(join(dir, 'sc', 'a.yaml'), 'model: ../nowhere.yaml\nexpectations: []\n');
    writeFileSync(
      join(dir, 'sc', 'b.yaml'),
      `model: ${join(process.cwd(), SEED)}\nexpectations:\n  - { name: x, from: ecs-client, to: ep-web, port: 8080, expect: reachable, code: DELIVERD }\n`,
    );
    writeFileSync(
      join(dir, 'sc', 'c.yaml'),
      `model: ${join(process.cwd(), SEED)}\nexpectations:\n  - { name: y, from: ghost, to: ep-web, port: 8080, expect: reachable }\n`,
    );
    const r = await cli(['check', join(dir, 'sc')]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/a\.yaml:1:8 {2}error {2}invalid-model {2}model \S+ does not exist: the path is relative to this scenario file/);
    expect(r.out).toMatch(/b\.yaml:3:\d+ {2}error {2}unknown-disposition .*\(did you mean DELIVERED\?\)/);
    expect(r.out).toContain('ERROR  y');
    expect((await cli(['check', join(dir, 'missing')])).code).toBe(2);
  });
  it('trace --all-blockers: every blocker in text and JSON; the exit status is the trace’s', async () => {
    const args = ['trace', 'models/misconfigurations/model.yaml', '--from', 'ecs-client', '--to', 'ep-whitelisted', '--port', '9443', '--all-blockers'];
    const text = await cli(args);
    expect(text.code).toBe(1);
    expect(text.out).toContain('all blockers, in path order (fix all 2):\n  1. ACL_OUTBOUND_DENIED  at acl-clients  (hop ecs-client)\n');
    expect(text.out).toContain('  2. ENDPOINT_WHITELIST_DENIED  at ep-whitelisted\n');
    expect(text.out.trimEnd().split('\n').at(-1)).toBe('with all of them fixed, the flow is reachable');
    const json = JSON.parse((await cli([...args, '--format', 'json'])).out);
    expect(json.code).toBe('ACL_OUTBOUND_DENIED');
    expect(json.allBlockers.complete).toBe(true);
    expect(json.allBlockers.blockers.map((b: { code: string }) => b.code)).toEqual(['ACL_OUTBOUND_DENIED', 'ENDPOINT_WHITELIST_DENIED']);
    expect((await cli(['trace', SEED, '--from', 'ecs-client', '--to', 'ep-web', '--port', '8080', '--all-blockers'])).out).toContain(
      'all blockers: none; the flow is reachable',
    );
  });
  it('analyze --from --to: every port of both protocols in classes, text and JSON; usage errors exit 2', async () => {
    const r = await cli(['analyze', SEED, '--from', 'ecs-client', '--to', 'ep-web']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(1, 4)).toEqual([
      '  tcp 1-8079, 8081-65535  unreachable  NO_PORT_MAPPING         at svc-web',
      '  tcp 8080                reachable    DELIVERED               at elb-1',
      '  udp 1-65535             unreachable  PROTOCOL_NOT_SUPPORTED  at ep-web',
    ]);
    const j = JSON.parse((await cli(['analyze', SEED, '--from', 'ecs-client', '--to', 'ep-web', '--format', 'json'])).out);
    expect(j.classes[1]).toEqual({ protocol: 'tcp', ports: [{ lo: 8080, hi: 8080 }], verdict: 'reachable', code: 'DELIVERED', at: 'elb-1', witness: 8080 });
    // Neither --from nor --to: the matrix, by VPC; nothing on standard error when it is not a terminal.
    const matrix = await cli(['analyze', SEED]);
    expect([matrix.code, matrix.err]).toEqual([0, '']);
    expect(matrix.out).toContain('vpc-1: 1 instance → 2 destinations\n  → ecs-client\n');
    expect(matrix.out).toContain('  → ep-web\n      from ecs-client:\n        tcp 8080  reachable DELIVERED at elb-1  (witness port 8080)\n');
    const mj = JSON.parse((await cli(['analyze', SEED, '--format', 'json'])).out);
    expect(mj.blocks.map((b: { vpc: string }) => b.vpc)).toEqual(['vpc-1', 'vpc-2']);
    expect(Object.keys(mj.blocks[0])).toEqual(['vpc', 'sources', 'cells']);
    expect((await cli(['analyze'])).code).toBe(2);
    const what = await cli(['analyze', SEED, '--from', 'ecs-client', '--port', '8080']);
    expect(what.out).toMatch(/^what ecs-client reaches: \d+ destinations, port 8080, tcp and udp;/);
    expect(what.out).toContain('  tcp 8080  reachable    DELIVERED               at elb-1');
    expect(JSON.parse((await cli(['analyze', SEED, '--from', 'ecs-client', '--format', 'json'])).out).groups[0].destinations.length).toBeGreaterThan(0);
    expect((await cli(['analyze', SEED, '--from', 'ecs-client', '--port', '70000'])).code).toBe(2);
    const sub = await cli(['analyze', 'models/misconfigurations/model.yaml', '--from', 'subnet-clients', '--to', 'ep-shared', '--port', '80']);
    expect(sub.out.split('\n').slice(0, 4)).toEqual([
      'who in subnet-clients reaches ep-shared: 1 instance, port 80, tcp and udp; instances that end alike are listed together',
      '',
      'ecs-client:',
      '  tcp 80  reachable    DELIVERED               at ecs-member-ok',
    ]);
    const bySg = JSON.parse(
      (await cli(['analyze', 'models/misconfigurations/model.yaml', '--from', 'sg-client', '--to', 'ep-shared', '--format', 'json'])).out,
    );
    expect(bySg.groups.flatMap((g: { sources: string[] }) => g.sources)).toEqual(['ecs-client']);
    // Sets at either end without a single destination: the matrix, cut down to them.
    const noTo = await cli(['analyze', 'models/misconfigurations/model.yaml', '--from', 'subnet-clients', '--format', 'json']);
    expect(noTo.code).toBe(0);
    expect(JSON.parse(noTo.out).blocks.map((b: { vpc: string; sources: number }) => [b.vpc, b.sources])).toEqual([['vpc-c', 1]]);
    const toCidr = JSON.parse((await cli(['analyze', 'models/misconfigurations/model.yaml', '--to', '10.0.1.0/24', '--format', 'json'])).out);
    expect(toCidr.blocks.map((b: { vpc: string; cells: { to: string }[] }) => [b.vpc, b.cells.length])).toEqual([['vpc-p', 9]]);
    const byAccount = await cli(['analyze', 'models/misconfigurations/model.yaml', '--from', 'account-a', '--to', 'ep-shared', '--port', '80']);
    expect(byAccount.out.split('\n')[0]).toBe(
      'who in account-a reaches ep-shared: 1 instance, port 80, tcp and udp; instances that end alike are listed together',
    );
    expect((await cli(['analyze', 'models/misconfigurations/model.yaml', '--to', '172.16.0.0/12'])).err).toContain(
      '--to: no endpoint, load balancer or instance in 172.16.0.0/12',
    );
    const who = await cli(['analyze', SEED, '--to', 'ep-web']);
    expect(who.code).toBe(0);
    expect(who.out).toMatch(/^who reaches ep-web: \d+ instances, every port, tcp and udp, and every icmp type;/);
    expect(who.out).toContain('\necs-client:\n');
    const whoJson = JSON.parse((await cli(['analyze', SEED, '--to', 'ep-web', '--format', 'json'])).out);
    expect(whoJson.to).toBe('ep-web');
    expect(whoJson.groups.flatMap((g: { sources: string[] }) => g.sources)).toContain('ecs-client');
    expect((await cli(['analyze', SEED, '--from', 'ecs-clinet', '--to', 'ep-web'])).err).toContain('did you mean ecs-client?');
    expect((await cli(['analyze', SEED, '--from', 'ecs-clinet', '--to', 'ep-web'])).code).toBe(2);
  });
  it('json output', async () => {
    const r = await cli(['check', 'scenarios/seed-elb.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.failed).toBe(0);
    expect(j.scenarios[0].expectations[0]).toMatchObject({ status: 'pass', verdict: 'reachable', code: 'DELIVERED' });
    // A pass carries its decision, not its trace; a failure carries the trace of the counterexample.
    expect(j.scenarios[0].expectations[0].result).toBeUndefined();
    const file = join(mkdtempSync(join(tmpdir(), 'vpcreach-json-')), 's.yaml');
    writeFileSync(file, `model: ${resolve(SEED)}\nexpectations:\n  - { name: unmapped, from: ecs-client, to: ep-web, port: 80, expect: reachable }\n`);
    const f = JSON.parse((await cli(['check', file, '--format', 'json'])).out);
    const failed = f.scenarios[0].expectations.filter((e: { status: string }) => e.status === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    for (const e of failed) expect(e.result.traces[0].hops.length).toBeGreaterThan(0);
  });
});

describe('vpcreach generate', () => {
  it('writes a tenant that validates; the same seed gives the same bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-gen-'));
    const file = join(dir, 'tenant.yaml');
    expect((await cli(['generate', '--size', 's', '--seed', '9', '-o', file])).code).toBe(0);
    const v = await cli(['validate', file]);
    expect([v.code, v.out.trim().split('\n').at(-1)]).toEqual([0, '0 errors, 0 warnings']);
    const again = await cli(['generate', '--size', 's', '--seed', '9', '--format', 'yaml']);
    expect(again.out).toBe(readFileSync(file, 'utf8'));
  });

  it('a large group of instances in analyze text names its first ten and how many; JSON lists every one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-gen-'));
    const file = join(dir, 'tenant.json');
    expect((await cli(['generate', '--size', 's', '--seed', '1', '-o', file])).code).toBe(0);
    const text = (await cli(['analyze', file, '--to', 'ep-0000', '--port', '443'])).out;
    const big = text.split('\n').find((l) => l.includes(' in all; --format json lists every one):'))!;
    expect(big.split(', ')).toHaveLength(10);
    const n = Number(/… \((\d+) in all/.exec(big)![1]);
    const json = JSON.parse((await cli(['analyze', file, '--to', 'ep-0000', '--port', '443', '--format', 'json'])).out);
    expect(json.groups.map((g: { sources: string[] }) => g.sources.length)).toContain(n);
  });

  it('never replaces a file without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-gen-'));
    const file = join(dir, 'mine.json');
    writeFileSync(file, 'precious');
    const r = await cli(['generate', '-o', file]);
    expect([r.code, r.err]).toEqual([2, `vpcreach generate: ${file} exists; nothing was written (add --force to replace it)\n`]);
    expect(readFileSync(file, 'utf8')).toBe('precious');
    expect((await cli(['generate', '-o', file, '--force'])).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).instances).toHaveLength(200);
  });

  // Large inputs are for the full run; the fast tier keeps the inner loop short.
  it.skipIf(FAST_TIER)("writes YAML at every size; an L tenant as YAML (over the slower YAML reader's limit) loads on the fast path", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-gen-yaml-'));
    expect((await cli(['generate', '--size', 'l', '-o', join(dir, 'l.yaml')])).code).toBe(0);
    const yaml = loadModel(join(dir, 'l.yaml'));
    expect(yaml.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(modelOf(yaml)!.instances.size).toBe(20_000);
    const doc = generateTenant({ size: 'l', seed: 1 });
    const rules = (doc.securityGroups as { rules: unknown[] }[]).reduce((n, g) => n + g.rules.length, 0);
    expect([...modelOf(yaml)!.securityGroups.values()].reduce((n, g) => n + g.rules.length, 0)).toBe(rules);
  });
});

describe('vpcreach diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcreach-diff-'));
  const after = join(dir, 'after.yaml');
  writeFileSync(after, readFileSync(SEED, 'utf8').replace('      - { direction: ingress, protocol: tcp, ports: 8080, source: 100.125.0.0/16 }\n', ''));

  it('a model against itself: nothing changed, exit 0 even with --fail-on any', async () => {
    const r = await cli(['diff', SEED, SEED, '--fail-on', 'any']);
    expect([r.code, r.out]).toEqual([0, `${SEED} → ${SEED}: 0 flows gained, 0 flows lost (0 VPCs compared, 2 VPCs unchanged)\n`]);
  });

  it('a lost flow: both decisions and the trace command of each side; --fail-on lost exits 1, --fail-on gained 0', async () => {
    const r = await cli(['diff', SEED, after, '--fail-on', 'lost']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'LOST    ecs-client → ep-web  tcp 8080\n        before: reachable DELIVERED at elb-1\n        after:  unreachable SG_INGRESS_DENIED at sg-backend\n',
    );
    expect(r.out).toContain(`vpcreach trace ${after} --from ecs-client --to ep-web --port 8080`);
    expect((await cli(['diff', SEED, after, '--fail-on', 'gained'])).code).toBe(0);
    const j = JSON.parse((await cli(['diff', SEED, after, '--format', 'json'])).out);
    expect([j.gainedFlows, j.lostFlows, j.changes[0].witness]).toEqual([0, 1, { from: 'ecs-client', to: 'ep-web', port: 8080, protocol: 'tcp' }]);
    // The witness traced hop by hop on each side.
    expect([j.changes[0].traceBefore.verdict, j.changes[0].traceAfter.code, j.changes[0].traceAfter.traces.length]).toEqual([
      'reachable',
      'SG_INGRESS_DENIED',
      2,
    ]);
    expect((await cli(['diff', SEED, after, '--format', 'markdown'])).out).toContain(
      '| ➖ lost | ecs-client | ep-web | tcp 8080 | reachable DELIVERED at elb-1 | unreachable SG_INGRESS_DENIED at sg-backend |',
    );
  });

  it('a missing or invalid model is a usage or input error', async () => {
    expect((await cli(['diff', SEED])).code).toBe(2);
    const r = await cli(['diff', SEED, 'test/fixtures/ten-mistakes.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is not a valid model; nothing was compared');
  });
});

describe('--max-values', () => {
  it('lowers or raises the value limit of every command that reads a model', async () => {
    const low = await cli(['validate', SEED, '--max-values', '50']);
    expect(low.code).toBe(1);
    expect(low.out).toContain('too-many-values');
    expect((await cli(['lint', SEED, '--max-values', '50'])).out).toContain('too-many-values');
    expect((await cli(['validate', SEED, '--max-values', '5000000'])).code).toBe(0);
    expect((await cli(['validate', SEED, '--max-values', 'lots'])).code).toBe(2);
  });
});

describe('vpcreach lint', () => {
  it('a clean model: no findings, exit 0', async () => {
    const r = await cli(['lint', 'models/seed-elb/model.yaml']);
    expect([r.code, r.out]).toEqual([0, 'models/seed-elb/model.yaml: no findings\n']);
  });

  it('an error finding exits 1 and names file, line, column, rule and the trace that shows it', async () => {
    const r = await cli(['lint', 'models/missing-vpcep-rule/model.yaml']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'models/missing-vpcep-rule/model.yaml:22:5  error  vpcep-backend-missing-range  backend "ecs-api" of endpoint service "svc-api" admits no TCP from 198.19.128.0/17 on port 8080',
    );
    expect(r.out).toContain('(see it: vpcreach trace models/missing-vpcep-rule/model.yaml --from ecs-client --to ep-api --port 80)');
  });

  it('--rule turns a rule off or changes its severity; an unknown rule or setting is a usage error', async () => {
    expect((await cli(['lint', 'models/missing-vpcep-rule/model.yaml', '--rule', 'vpcep-backend-missing-range=off'])).code).toBe(0);
    const warn = await cli(['lint', 'models/missing-vpcep-rule/model.yaml', '--rule', 'vpcep-backend-missing-range=warning', '--max-warnings', '0']);
    expect(warn.code).toBe(1);
    expect(warn.out).toContain('warning  vpcep-backend-missing-range');
    const bad = await cli(['lint', 'models/seed-elb/model.yaml', '--rule', 'vpcep-backend-missing-rang=off']);
    expect([bad.code, bad.out]).toEqual([2, '']);
    expect(bad.err).toContain('no rule "vpcep-backend-missing-rang"; did you mean vpcep-backend-missing-range?');
    expect((await cli(['lint', 'models/seed-elb/model.yaml', '--rule', 'sg-unused'])).err).toContain('write <rule id>=off|info|warning|error');
  });

  it('JUnit: one test case per rule that ran, failing for a rule with an error finding', async () => {
    const x = (await cli(['lint', 'models/missing-vpcep-rule/model.yaml', '--format', 'junit', '--rule', 'sg-unused=off'])).out;
    const names = [...x.matchAll(/<testcase name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(LINT_RULES.map((r) => r.id).filter((id) => id !== 'sg-unused'));
    expect(x).toContain('<testsuites name="vpcreach lint" tests="' + names.length + '" failures="1" errors="0">');
    expect(x).toMatch(/<testcase name="vpcep-backend-missing-range"[^>]*line="22">\s*<failure type="vpcep-backend-missing-range"/);
  });

  it('JSON carries the message id, data and the fix as a structured edit; SARIF carries the rule with its doc page', async () => {
    const j = JSON.parse((await cli(['lint', 'models/missing-vpcep-rule/model.yaml', '--format', 'json'])).out) as {
      files: { diagnostics: { code: string; lint?: { messageId: string; data: Record<string, unknown>; fix?: Record<string, unknown> } }[] }[];
    };
    const d = j.files[0]!.diagnostics.find((x) => x.code === 'vpcep-backend-missing-range')!;
    expect(d.lint).toMatchObject({
      messageId: 'missing',
      data: { backend: 'ecs-api', port: 8080 },
      fix: { kind: 'add-security-group-rule', group: 'sg-backend' },
    });
    const s = JSON.parse((await cli(['lint', 'models/missing-vpcep-rule/model.yaml', '--format', 'sarif'])).out) as {
      runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } }; results: { ruleId: string; level: string }[] }[];
    };
    const rule = s.runs[0]!.tool.driver.rules.find((x) => x.id === 'vpcep-backend-missing-range')!;
    expect(rule.helpUri).toMatch(/\/docs\/lint\/vpcep-backend-missing-range\.md$/);
    expect(s.runs[0]!.results.map((x) => [x.ruleId, x.level])).toEqual([['vpcep-backend-missing-range', 'error']]);
  });
});
