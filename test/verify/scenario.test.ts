import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { check } from '../../src/verify/scenario.js';

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
    if (e.status === 'fail') expect(e.result.flow.dstPort).toBe(80);
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
      'from: no instance "ecs-clinet" in the model (did you mean ecs-client?)',
      'to: "ep-sharde" is neither a resource id nor an IPv4 address (did you mean ep-shared?)',
    ]);
  });

  it('nothing close: a few ids and how many there are', () => {
    const r = check([scenario('  - { name: a, from: zzz, to: ep-shared, port: 80, expect: reachable }')]);
    const e = r.scenarios[0]!.expectations[0]!;
    expect(e.status === 'error' && e.message).toMatch(
      /^from: no instance "zzz" in the model \(instances include [^,]+, [^,]+, [^,]+, [^,]+, [^,]+ \(\d+ in all\)\)$/,
    );
  });
});
