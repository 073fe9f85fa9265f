import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { check, isTraced } from '../../src/verify/scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'vpcreach-scenario-'));
let n = 0;
function scenario(expectations: string, model = resolve('models/misconfigurations/model.yaml')): string {
  const file = join(dir, `s${n++}.yaml`);
  writeFileSync(file, `model: ${model}\nexpectations:\n${expectations}\n`);
  return file;
}

describe('expectations with several codes and port ranges', () => {
  it('code may list several acceptable codes', () => {
    const r = check([
      scenario('  - { name: any of two, from: ecs-client, to: ecs-plain, port: 8080, expect: unreachable, code: [SG_EGRESS_DENIED, NO_ROUTE] }'),
    ]);
    expect(r.scenarios[0]!.expectations[0]).toMatchObject({ status: 'pass' });
    const f = check([
      scenario('  - { name: neither, from: ecs-client, to: ecs-plain, port: 8080, expect: unreachable, code: [SG_EGRESS_DENIED, NO_LISTENER] }'),
    ]);
    expect(f.scenarios[0]!.expectations[0]).toMatchObject({ status: 'fail', reason: 'expected code SG_EGRESS_DENIED or NO_LISTENER, got NO_ROUTE at vpc-c' });
  });

  it('a port range: every port must meet the expectation; the first that does not is the counterexample', () => {
    const ok = check([
      scenario(
        '  - { name: nothing mapped 6000-6100, from: ecs-client, to: ep-shared, port: "6000-6100", expect: unreachable, code: [SG_EGRESS_DENIED, NO_PORT_MAPPING] }',
      ),
    ]);
    expect(ok.scenarios[0]!.expectations[0]).toMatchObject({ status: 'pass', expectation: { port: 6000, portEnd: 6100 } });
    const bad = check([scenario('  - { name: 75-85 all closed, from: ecs-client, to: ep-shared, port: "75-85", expect: unreachable }')]);
    const e = bad.scenarios[0]!.expectations[0]!;
    expect(e).toMatchObject({ status: 'fail', reason: expect.stringMatching(/^port 80: expected unreachable, got reachable/) });
    if (e.status === 'fail' && isTraced(e.result)) expect(e.result.flow.dstPort).toBe(80);
    else expect.unreachable('a failure within the first 1,000 is traced');
  });
});

describe('a scenario reports all its problems in one run', () => {
  it('an invalid expect does not hide an unknown code or a bad port in other items', () => {
    const r = check([
      scenario(
        [
          '  - { name: a, from: ecs-client, to: ep-shared, port: 80, expect: reachble }',
          '  - { name: b, from: ecs-client, to: ep-shared, port: 80, expect: reachable, code: DELIVERD }',
          '  - { name: c, from: ecs-client, to: ep-shared, port: 99999, expect: reachable }',
        ].join('\n'),
      ),
    ]);
    expect(r.scenarios[0]!.diagnostics.map((d) => [d.location.line, d.code, d.hint])).toEqual([
      [3, 'invalid-value', 'did you mean reachable?'],
      [4, 'unknown-disposition', 'did you mean DELIVERED?'],
      [5, 'invalid-port', 'ports are whole numbers from 1 to 65535'],
    ]);
  });
});

describe('unknown ids get a suggestion, not a list of every id', () => {
  it('a typo in from or to says "did you mean …?"', () => {
    const r = check([
      scenario(
        [
          '  - { name: a, from: ecs-clinet, to: ep-shared, port: 80, expect: reachable }',
          '  - { name: b, from: ecs-client, to: ep-sharde, port: 80, expect: reachable }',
        ].join('\n'),
      ),
    ]);
    expect(r.scenarios[0]!.expectations.map((e) => (e.status === 'error' ? e.message : e.status))).toEqual([
      'from: no instance, subnet, VPC, security group or account "ecs-clinet" in the model (did you mean ecs-client?)',
      'to: "ep-sharde" is neither a resource id, an IPv4 address nor a CIDR block (did you mean ep-shared?)',
    ]);
  });

  it('nothing close: a few ids and how many there are', () => {
    const r = check([scenario('  - { name: a, from: zzz, to: ep-shared, port: 80, expect: reachable }')]);
    const e = r.scenarios[0]!.expectations[0]!;
    expect(e.status === 'error' && e.message).toMatch(
      /^from: no instance, subnet, VPC, security group or account "zzz" in the model \(ids include [^,]+, [^,]+, [^,]+, [^,]+, [^,]+ \(\d+ in all\)\)$/,
    );
  });
});

describe('a run with very many failures', () => {
  it('traces the first 1,000 failures hop by hop and reports the rest with their decision and how to trace them', async () => {
    const seed = resolve('models/seed-elb/model.yaml');
    const items = Array.from({ length: 1_001 }, (_, i) => `  - { name: e${i}, from: ecs-client, to: ep-web, port: ${i + 1}, expect: reachable }`);
    const r = check([scenario(items.join('\n'), seed)]);
    expect(r.failed).toBe(1_001);
    const results = r.scenarios[0]!.expectations;
    expect(results.filter((e) => e.status === 'fail' && isTraced(e.result))).toHaveLength(1_000);
    const last = results[1_000]!;
    expect(last).toMatchObject({ status: 'fail', result: { verdict: 'unreachable', code: 'NO_PORT_MAPPING', at: 'svc-web' } });
    expect(last.status === 'fail' && isTraced(last.result)).toBe(false);
    const { render } = await import('../../src/report/index.js');
    const text = render({ kind: 'check', result: r }, 'text', { help: [], toolVersion: '0' });
    expect(text).toContain(
      `(not traced: a run traces its first 1,000 failures; vpcreach trace ${r.scenarios[0]!.model} --from ecs-client --to ep-web --port 1001 explains this one)`,
    );
    const json = JSON.parse(render({ kind: 'check', result: r }, 'json', { help: [], toolVersion: '0' })) as {
      scenarios: { expectations: { result?: unknown; code: string }[] }[];
    };
    expect(json.scenarios[0]!.expectations[999]!.result).toBeDefined();
    expect(json.scenarios[0]!.expectations[1_000]).toMatchObject({ code: 'NO_PORT_MAPPING' });
    expect(json.scenarios[0]!.expectations[1_000]!.result).toBeUndefined();
  });
});

describe('policies in scenarios: sets of sources, destinations and ports', () => {
  it('a failing policy names its counterexample flow, how many flows fail, and traces that flow', () => {
    const r = check([scenario('  - { name: p, from: vpc-c, to: ep-shared, port: [80, "82-83"], expect: reachable }')]);
    const e = r.scenarios[0]!.expectations[0]!;
    expect(e).toMatchObject({
      status: 'fail',
      reason: 'ecs-client → ep-shared port 82: expected reachable, got partial (SG_INGRESS_DENIED at sg-no-ingress); 2 of 3 flows fail',
      counterexample: { from: 'ecs-client', to: 'ep-shared', port: 82, protocol: 'tcp' },
      flows: { set: true, sources: 1, destinations: 1, ports: 3, flows: 3, failing: 2 },
    });
    expect(e.status === 'fail' && isTraced(e.result) && e.result.flow).toMatchObject({ from: 'ecs-client', to: 'ep-shared', dstPort: 82 });
  });

  it('a bad item of a port list is located at the item', () => {
    const file = scenario('  - name: p\n    from: vpc-c\n    to: ep-shared\n    port: [80, 70000]\n    expect: reachable');
    const d = check([file]).scenarios[0]!.diagnostics;
    expect(d.map((x) => [x.code, x.location.line, x.location.column, x.message])).toEqual([['invalid-port', 6, 16, 'port 70000 is out of range']]);
  });

  it('a comma-separated port string is a list too; ports are sorted and merged', () => {
    const r = check([scenario('  - { name: p, from: ecs-client, to: ep-shared, port: "443,80,81-82", expect: unreachable }')]);
    expect(r.scenarios[0]!.expectations[0]!.expectation.ports).toEqual([
      { lo: 80, hi: 82 },
      { lo: 443, hi: 443 },
    ]);
  });

  it('expect: some takes no code', () => {
    const d = check([scenario('  - { name: p, from: vpc-c, to: ep-shared, port: 80, expect: some, code: DELIVERED }')]).scenarios[0]!.diagnostics;
    expect(d.map((x) => [x.code, x.message])).toEqual([['contradictory-expectation', 'expect: some asks only that some flow is delivered; it takes no code']]);
  });

  it('the bundled policy scenario passes', () => {
    const r = check(['scenarios/policies.yaml']);
    expect([r.passed, r.failed, r.errors]).toEqual([6, 0, 0]);
    expect(r.scenarios[0]!.expectations.every((e) => e.status === 'pass' && e.flows.set)).toBe(true);
  });
});

describe('a scenario file reports all its problems in one run', () => {
  it('with a schema error present, unknown ids and bad sets of the other expectations are reported too, each at its expectation', () => {
    const file = scenario(
      [
        '  - { name: a, from: ecs-client, to: ep-shared, port: 80, expect: reachable, bogus: 1 }',
        '  - { name: b, from: ecs-clent, to: ep-shared, port: 80, expect: reachable }',
        '  - { name: c, from: ecs-client, to: ep-shred, port: 80, expect: reachable }',
        '  - { name: d, from: ecs-client, to: ep-shared, port: 80, expect: reachable }',
      ].join('\n'),
    );
    const s = check([file]).scenarios[0]!;
    expect(s.expectations).toEqual([]);
    expect(s.diagnostics.map((d) => [d.location.line, d.code, d.message, d.hint])).toEqual([
      [
        3,
        'unknown-field',
        'unknown field "bogus" in expectations[0]',
        'known fields: name, from, to, port, protocol, srcPort, icmpCode, expect, code, description',
      ],
      [4, 'invalid-expectation', 'b: from: no instance, subnet, VPC, security group or account "ecs-clent" in the model', 'did you mean ecs-client?'],
      [5, 'invalid-expectation', 'c: to: "ep-shred" is neither a resource id, an IPv4 address nor a CIDR block', 'did you mean ep-shared?'],
    ]);
  });
});

describe('a source port in an expectation', () => {
  it('is walked from every source; one out of range or on ICMP is an invalid-port at the field', () => {
    const ok = check([
      scenario(
        [
          '  - { name: linux, from: ecs-client, to: ep-acl-partial, port: 7001, srcPort: 40000, expect: reachable }',
          '  - { name: windows, from: ecs-client, to: ep-acl-partial, port: 7001, srcPort: 61000, expect: unreachable, code: ACL_OUTBOUND_DENIED }',
        ].join('\n'),
      ),
    ]).scenarios[0]!;
    expect(ok.expectations.map((e) => [e.expectation.srcPort, e.status])).toEqual([
      [40000, 'pass'],
      [61000, 'pass'],
    ]);
    const bad = check([
      scenario(
        [
          '  - { name: a, from: ecs-client, to: ep-acl-partial, port: 7001, srcPort: 0, expect: reachable }',
          '  - { name: b, from: ecs-client, to: ep-acl-partial, port: 8, protocol: icmp, srcPort: 5, expect: reachable }',
        ].join('\n'),
      ),
    ]).scenarios[0]!;
    expect(bad.diagnostics.map((d) => [d.location.line, d.location.column, d.code, d.message, d.hint])).toEqual([
      [3, 75, 'invalid-port', 'source port 0 is out of range', 'source ports are whole numbers from 1 to 65535'],
      [4, 88, 'invalid-port', 'an ICMP flow has no source port', 'leave out the source port, or ask for tcp or udp'],
    ]);
  });
});
