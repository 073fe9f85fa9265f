import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadModelFromText } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import type { TraceQuery } from '../../src/sim/types.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test, fc } from '@fast-check/vitest';
import { definedIcmpCodes } from '../../src/net/index.js';
import { checkPolicy } from '../../src/symbolic/policy.js';
import { portClassesToOne } from '../../src/symbolic/set-ports.js';
import { check } from '../../src/verify/scenario.js';
import { runs, validModelArb } from '../fuzz/arbitraries.js';
import { modelOf } from '../helpers/model.js';
import { cli } from '../helpers/cli.js';

const MIS = 'models/misconfigurations/model.yaml';
const sim = (file: string, text = readFileSync(file, 'utf8')) => new Simulator(modelOf(loadModelFromText(file, text))!);
const S = sim(MIS);
const traced = (s: Simulator, q: TraceQuery) => {
  const out = s.trace(q);
  if (!out.ok) throw new Error(out.error.message);
  return out.value;
};
const icmp = (port: number, icmpCode?: number): TraceQuery => ({
  from: 'ecs-pinger',
  to: 'ecs-icmp',
  port,
  protocol: 'icmp',
  ...(icmpCode !== undefined ? { icmpCode } : {}),
});

/** app (10.0.1.10) sends ICMP to db (10.0.2.10), whose group has `rules`. */
function setup(rules: string, appEgress = '{ direction: egress }'): string {
  return `
vpcs:
  - { id: v, cidr: 10.0.0.0/16, subnets: [ { id: s-app, cidr: 10.0.1.0/24 }, { id: s-db, cidr: 10.0.2.0/24 } ] }
securityGroups:
  - { id: sg-app, rules: [ ${appEgress} ] }
  - { id: sg-db, rules: [ ${rules} ] }
instances:
  - { id: app, kind: ecs, subnet: s-app, ip: 10.0.1.10, securityGroups: [sg-app] }
  - { id: db, kind: ecs, subnet: s-db, ip: 10.0.2.10, securityGroups: [sg-db] }
`;
}
const ping = (text: string, port: number, icmpCode?: number) =>
  traced(sim('m.yaml', text), { from: 'app', to: 'db', port, protocol: 'icmp', ...(icmpCode !== undefined ? { icmpCode } : {}) });
const filterStep = (r: ReturnType<typeof ping>, hop: number) =>
  r.traces[0]!.hops.at(hop)!.steps.find((s) => s.type === 'filter' && s.filter === 'security-group')!;

describe('ICMP codes: a rule on one code of a type, a flow of any code its type defines or of one', () => {
  it('ingress admits code 4 of destination unreachable only: partial, the hop says which codes pass of 0-15', () => {
    const r = traced(S, icmp(3));
    expect([r.verdict, r.code, r.at]).toEqual(['partial', 'SG_INGRESS_PARTIAL', 'sg-icmp']);
    expect(r.flow).toEqual({ from: 'ecs-pinger', to: 'ecs-icmp', protocol: 'icmp', src: '10.77.1.10', dst: '10.77.1.20', dstPort: 3 });
    const hop = r.traces[0]!.hops[1]!;
    expect(hop.steps.find((s) => s.type === 'filter')).toMatchObject({
      decision: 'partial',
      detail: 'security groups sg-icmp ingress icmp/3 from 10.77.1.10: admits only ICMP codes 4 of 0-15 (ICMP codes 0-3,5-15 matched by no rule)',
      rules: [
        expect.objectContaining({
          index: 0,
          action: 'allow',
          matched: '10.77.1.10 code 4',
          text: expect.stringContaining('ingress allow icmp 3 code 4 from 10.77.0.0/16'),
        }),
      ],
      fix: 'add to sg-icmp: { direction: ingress, protocol: icmp, ports: 3, source: 10.77.1.10 }',
    });
    expect(hop.notes).toContain(
      'an ICMP type-3 message may carry any code of 0-15 (its sender picks the one that says what happened); only part of them pass sg-icmp, so only those messages get through; the rest of the path is checked for the admitted part',
    );
    expect(hop.steps.at(-1)).toMatchObject({ type: 'deliver' });
  });

  it('asked about one code: the code the rule names is delivered (the flow carries it), another is refused', () => {
    const four = traced(S, icmp(3, 4));
    expect([four.verdict, four.code, four.flow.icmpCode]).toEqual(['reachable', 'DELIVERED', 4]);
    expect(four.traces[0]!.hops[0]!.steps[0]).toMatchObject({ type: 'originate', flow: { dstPort: 3, icmpCode: 4 } });
    expect(four.traces[0]!.hops[1]!.steps.find((s) => s.type === 'filter')).toMatchObject({
      decision: 'allow',
      detail: expect.stringContaining('ingress icmp/3 code 4 from 10.77.1.10: allowed by sg-icmp rules[0]'),
    });
    const three = traced(S, icmp(3, 3));
    expect([three.verdict, three.code, three.at]).toEqual(['unreachable', 'SG_INGRESS_DENIED', 'sg-icmp']);
  });

  it('a rule on a code its type does not define matches no message: echo written as 8/8 refuses every ping', () => {
    const r = traced(S, icmp(8));
    expect([r.verdict, r.code, r.at]).toEqual(['unreachable', 'SG_INGRESS_DENIED', 'sg-icmp']);
    // Asked about code 8 itself (not one a sender uses), the rule matches it.
    expect(traced(S, icmp(8, 8)).verdict).toBe('reachable');
  });

  it('egress: the client group denies code 0 of time exceeded; code 1 still leaves: SG_EGRESS_PARTIAL, and the path goes on with code 1', () => {
    const r = traced(S, icmp(11));
    expect([r.verdict, r.code, r.at]).toEqual(['partial', 'SG_EGRESS_PARTIAL', 'sg-pinger']);
    const [client, target] = r.traces[0]!.hops;
    expect(client!.steps.find((s) => s.type === 'filter')).toMatchObject({
      decision: 'partial',
      detail:
        'security groups sg-pinger egress icmp/11 to 10.77.1.20: admits only ICMP codes 1 of 0-1 (ICMP codes 0 denied by sg-pinger rules[0]: egress deny icmp 11 code 0 to 10.77.1.20 (priority 1))',
    });
    expect(target!.steps.find((s) => s.type === 'filter')).toMatchObject({ decision: 'allow', detail: expect.stringContaining('ingress icmp/11 code 1 from') });
    expect(traced(S, icmp(11, 1)).verdict).toBe('reachable');
    expect([traced(S, icmp(11, 0)).code, traced(S, icmp(11, 0)).at]).toEqual(['SG_EGRESS_DENIED', 'sg-pinger']);
  });

  it('a rule on the one code a type defines decides the whole flow; the hop says the code assumed', () => {
    const r = ping(setup('{ direction: ingress, protocol: icmp, ports: 8, icmpCode: 0 }'), 8);
    expect([r.verdict, r.code]).toEqual(['reachable', 'DELIVERED']);
    expect(r.traces[0]!.hops.at(-1)!.notes).toContain(
      'assumed: an ICMP type-8 message carries code 0, the one code its type defines (IANA); sg-db decides by code (trace --icmp-code asks about one)',
    );
    // A deny of the one code refuses the whole flow, and a deny of one code of many leaves the rest to the next rule.
    const denied = ping(setup('{ direction: ingress, protocol: icmp, ports: 8, icmpCode: 0, action: deny }, { direction: ingress, protocol: icmp }'), 8);
    expect([denied.verdict, denied.code]).toEqual(['unreachable', 'SG_INGRESS_DENIED']);
    const rest = ping(setup('{ direction: ingress, protocol: icmp, ports: 11, icmpCode: 1, action: deny }, { direction: ingress, protocol: icmp }'), 11);
    expect([rest.verdict, rest.code]).toEqual(['partial', 'SG_INGRESS_PARTIAL']);
    expect(filterStep(rest, -1)).toMatchObject({ detail: expect.stringContaining('admits only ICMP codes 0 of 0-1 (ICMP codes 1 denied by sg-db rules[0]') });
    // Router advertisement defines codes 0 and 16: a rule on 16 leaves 0.
    const ra = ping(setup('{ direction: ingress, protocol: icmp, ports: 9, icmpCode: 16 }'), 9);
    expect(filterStep(ra, -1)).toMatchObject({ detail: expect.stringContaining('admits only ICMP codes 16 of 0,16 (ICMP codes 0 matched by no rule)') });
  });

  it('rules without codes, and TCP, are untouched: every code of the type passes a type rule', () => {
    expect(ping(setup('{ direction: ingress, protocol: icmp, ports: 3 }'), 3).verdict).toBe('reachable');
    expect(ping(setup('{ direction: ingress, protocol: icmp, ports: 3 }'), 3, 9).verdict).toBe('reachable');
    expect(ping(setup('{ direction: ingress, protocol: any }'), 3).verdict).toBe('reachable');
  });

  it('queries: a code on TCP, or out of range, is an invalid value of icmpCode; a code not a number is malformed', () => {
    const bad = (q: unknown) => {
      const out = S.trace(q as TraceQuery);
      return !out.ok && [out.error.code, out.error.field, out.error.message];
    };
    expect(bad({ from: 'ecs-pinger', to: 'ecs-icmp', port: 80, icmpCode: 1 })).toEqual(['invalid-value', 'icmpCode', 'a tcp flow has no ICMP code']);
    expect(bad({ ...icmp(3), icmpCode: 256 })).toEqual(['invalid-value', 'icmpCode', 'ICMP code 256 is out of range']);
    expect(bad({ ...icmp(3), icmpCode: '4' })).toEqual(['malformed', 'icmpCode', 'icmpCode must be a number; got the string "4"']);
  });

  it('the CLI: --icmp-code names the code (text shows it, JSON carries icmpCode); on tcp or out of range it is a usage error', async () => {
    const args = ['trace', MIS, '--from', 'ecs-pinger', '--to', 'ecs-icmp', '--protocol', 'icmp', '--port', '3'];
    const text = await cli([...args, '--icmp-code', '4']);
    expect(text.code).toBe(0);
    expect(text.out.split('\n').slice(0, 2)).toEqual([
      'REACHABLE  DELIVERED  at ecs-icmp',
      'flow: icmp 10.77.1.10 → 10.77.1.20 type 3 code 4  (from ecs-pinger to ecs-icmp)',
    ]);
    const json = await cli([...args, '--icmp-code', '5', '--format', 'json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.out) as { flow: { icmpCode: number } }).flow.icmpCode).toBe(5);
    expect((await cli(args)).out.split('\n')[0]).toBe('PARTIAL  SG_INGRESS_PARTIAL  at sg-icmp');
    const big = await cli([...args, '--icmp-code', '300']);
    expect([big.code, big.err]).toEqual([
      2,
      'vpcreach: --icmp-code: ICMP code 300 is out of range (ICMP codes are whole numbers from 0 to 255; type 3 code 4 is fragmentation needed)\n',
    ]);
    const tcp = await cli(['trace', MIS, '--from', 'ecs-pinger', '--to', 'ecs-icmp', '--port', '80', '--icmp-code', '1']);
    expect([tcp.code, tcp.err]).toEqual([2, 'vpcreach: --icmp-code: a tcp flow has no ICMP code (leave out the ICMP code, or ask for icmp)\n']);
    const word = await cli([...args, '--icmp-code', 'four']);
    expect([word.code, word.err.split('\n')[0]]).toEqual([
      2,
      "error: option '--icmp-code <n>' argument 'four' is invalid. an ICMP code is a whole number from 0 to 255.",
    ]);
  });

  it('the loader refuses a code on another protocol, out of range, or without exactly one type, at the field', () => {
    const errors = (rule: string) =>
      loadModelFromText('m.yaml', setup(rule))
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => [d.code, d.location.path, d.message]);
    expect(errors('{ direction: ingress, protocol: tcp, ports: 80, icmpCode: 0 }')).toEqual([
      ['ports-not-applicable', 'securityGroups[1].rules[0].icmpCode', 'an ICMP code applies only to icmp rules, not to protocol tcp'],
    ]);
    expect(errors('{ direction: ingress, protocol: icmp, ports: 3, icmpCode: 256 }')).toEqual([
      ['invalid-icmp-code', 'securityGroups[1].rules[0].icmpCode', 'ICMP code 256 is not a whole number from 0 to 255'],
    ]);
    expect(errors('{ direction: ingress, protocol: icmp, icmpCode: 4 }')).toEqual([
      ['invalid-icmp-code', 'securityGroups[1].rules[0].icmpCode', 'an ICMP code belongs to one ICMP type, and the rule names no type'],
    ]);
    expect(errors('{ direction: ingress, protocol: icmp, ports: "3-4", icmpCode: 4 }')).toEqual([
      ['invalid-icmp-code', 'securityGroups[1].rules[0].icmpCode', 'an ICMP code belongs to one ICMP type, and ports names 3-4'],
    ]);
  });

  it('scenarios, policies: icmpCode walks every flow of the set with that code; one on tcp, or out of range, is a located invalid-icmp-code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-icmp-'));
    const file = join(dir, 's.yaml');
    writeFileSync(
      file,
      `model: ${resolve(MIS)}\nexpectations:\n` +
        '  - { name: frag, from: subnet-icmp, to: ecs-icmp, port: 3, protocol: icmp, icmpCode: 4, expect: reachable }\n' +
        '  - { name: port unreachable, from: ecs-pinger, to: ecs-icmp, port: 3, protocol: icmp, icmpCode: 3, expect: reachable }\n',
    );
    const r = check([file]).scenarios[0]!;
    expect(r.expectations.map((e) => [e.expectation.icmpCode, e.status])).toEqual([
      [4, 'pass'],
      [3, 'fail'],
    ]);
    const failed = r.expectations[1]!;
    expect(failed.status === 'fail' && failed.counterexample).toEqual({ from: 'ecs-pinger', to: 'ecs-icmp', port: 3, protocol: 'icmp', icmpCode: 3 });
    writeFileSync(
      file,
      `model: ${resolve(MIS)}\nexpectations:\n` +
        '  - { name: a, from: ecs-pinger, to: ecs-icmp, port: 80, icmpCode: 1, expect: reachable }\n' +
        '  - { name: b, from: ecs-pinger, to: ecs-icmp, port: 3, protocol: icmp, icmpCode: 300, expect: reachable }\n',
    );
    expect(check([file]).scenarios[0]!.diagnostics.map((d) => [d.code, d.location.line, d.location.column, d.message])).toEqual([
      ['invalid-icmp-code', 3, 68, 'a tcp flow has no ICMP code'],
      ['invalid-icmp-code', 4, 83, 'ICMP code 300 is out of range'],
    ]);
    const p = checkPolicy(S, {
      from: 'vpc-icmp',
      to: 'ecs-icmp',
      ports: [
        { lo: 3, hi: 3 },
        { lo: 11, hi: 11 },
      ],
      protocol: 'icmp',
      expect: 'reachable',
      codes: null,
      icmpCode: 1,
    });
    // ecs-pinger's type 3 code 1 is refused; ecs-icmp's own flows arrive.
    expect(p.ok && [p.value.holds, p.value.flows, p.value.failing, p.value.counterexample?.flow]).toEqual([
      false,
      4,
      1,
      { from: 'ecs-pinger', to: 'ecs-icmp', port: 3, protocol: 'icmp', icmpCode: 1 },
    ]);
  });

  // Between two instances the address is one and nothing rewrites the flow: an ICMP flow of any code is then exactly
  // the flows of each code its type defines (reachable when each is, refused when each is, partial when some are).
  const TYPES = [3, 8, 11];
  // Random models whose groups each begin with a rule on one code (random rules alone rarely decide a flow between two
  // instances by code: 5 partial flows in 150 models).
  const modelArb = fc
    .tuple(
      validModelArb,
      fc.constantFrom(
        { direction: 'ingress', protocol: 'icmp', ports: 3, icmpCode: 4 },
        { direction: 'ingress', protocol: 'icmp', ports: 11, icmpCode: 1, action: 'deny' },
        { direction: 'egress', protocol: 'icmp', ports: 3, icmpCode: 13, action: 'deny' },
        { direction: 'egress', protocol: 'icmp', ports: 8, icmpCode: 0 },
      ),
    )
    .map(([doc, rule]) => ({
      ...doc,
      securityGroups: ((doc.securityGroups ?? []) as Record<string, unknown>[]).map((g) => ({ ...g, rules: [rule, ...((g.rules ?? []) as unknown[])] })),
    }));
  let partials = 0;
  test.prop([modelArb], runs(150))('random models: the flow of any code is the flows of each code its type defines', (doc) => {
    const m = modelOf(loadModelFromText('m.json', JSON.stringify(doc)))!;
    const s = new Simulator(m);
    const ids = [...m.instances.keys()];
    for (const from of ids.slice(0, 3))
      for (const to of ids.slice(0, 4)) {
        if (from === to) continue;
        for (const port of TYPES) {
          const all = s.decide({ from, to, port, protocol: 'icmp' });
          if (!all.ok) continue;
          const codes = definedIcmpCodes(port).flatMap((r) => Array.from({ length: r.hi - r.lo + 1 }, (_, k) => r.lo + k));
          const each = codes.map((icmpCode) => s.decide({ from, to, port, protocol: 'icmp', icmpCode })).map((d) => (d.ok ? d.value : null));
          const delivered = each.filter((d) => d!.verdict === 'reachable').length;
          const at = `${from} ${to} type ${port}`;
          if (all.value.verdict === 'reachable') expect(delivered, at).toBe(codes.length);
          else if (all.value.verdict === 'unreachable') expect(delivered, at).toBe(0);
          else if (all.value.code.startsWith('SG_')) {
            partials++;
            expect(delivered, at).toBeGreaterThan(0);
            expect(delivered, at).toBeLessThan(codes.length);
          }
        }
      }
  });

  it('random models: the property above met flows partial by code (it is not vacuous)', () => {
    expect(partials).toBeGreaterThan(0);
  });

  test.prop([validModelArb, fc.constantFrom(0, 1, 4, 9)], runs(100))(
    'random models: every source walked at once with one ICMP code decides each flow as a trace of that code does',
    (doc, icmpCode) => {
      const m = modelOf(loadModelFromText('m.json', JSON.stringify(doc)))!;
      const s = new Simulator(m);
      const sources = [...m.instances.values()];
      const walked = [3, 8, 11].map((t) => ({ lo: 0x20000 + t, hi: 0x20000 + t }));
      for (const to of sources.slice(0, 3)) {
        const all = portClassesToOne(s, sources, to.id, walked, {}, { icmpCode });
        if (!all.ok) throw new Error(all.error.message);
        for (const from of sources) {
          if (from === to) continue;
          for (const port of TYPES) {
            const c = all.value.get(from.id)!.find((k) => k.protocol === 'icmp' && k.ports.some((p) => p.lo <= port && port <= p.hi))!;
            const d = s.decide({ from: from.id, to: to.id, port, protocol: 'icmp', icmpCode });
            expect(d.ok && [d.value.verdict, d.value.code, d.value.at], `${from.id} ${to.id} ${port} code ${icmpCode}`).toEqual([c.verdict, c.code, c.at]);
          }
        }
      }
    },
  );

  it('from a Terraform state: the fix for a type admitted in part adds a rule on the type (port_range_min) of every code', async () => {
    const { parse } = await import('yaml');
    const { formatTerraformState, toTerraformState } = await import('../../src/generate/terraform-state.js');
    const { state } = toTerraformState(
      parse(setup('{ direction: ingress, protocol: icmp, ports: 3, icmpCode: 4, source: 10.0.0.0/16 }')) as Record<string, unknown>,
    );
    const s = new Simulator(modelOf(loadModelFromText('state.json', formatTerraformState(state)))!);
    const r = traced(s, { from: 'huaweicloud_compute_instance.app', to: 'huaweicloud_compute_instance.db', port: 3, protocol: 'icmp' });
    expect([r.verdict, r.code]).toEqual(['partial', 'SG_INGRESS_PARTIAL']);
    expect(r.traces[0]!.hops.at(-1)!.steps.find((x) => x.type === 'filter' && x.filter === 'security-group')).toMatchObject({
      fix: 'add a huaweicloud_networking_secgroup_rule { security_group_id = huaweicloud_networking_secgroup.sg-db.id, direction = "ingress", ethertype = "IPv4", protocol = "icmp", port_range_min = 3, remote_ip_prefix = "10.0.1.10", action = "allow", priority = 1 }',
    });
  });

  it('analyze --icmp-code: every icmp type, its flows of that code, in every form; with --port or out of range a usage error', async () => {
    const pair = await cli(['analyze', MIS, '--from', 'ecs-pinger', '--to', 'ecs-icmp', '--icmp-code', '4']);
    expect([pair.code, pair.out]).toEqual([
      0,
      [
        'ecs-pinger → ecs-icmp: every icmp type, of code 4, in 2 classes (vpcreach trace --protocol icmp --port <first type of a class> --icmp-code 4 explains it)',
        '  icmp 0-2, 4-10, 12-255  unreachable  SG_INGRESS_DENIED  at sg-icmp',
        '  icmp 3, 11              reachable    DELIVERED          at ecs-icmp',
        '',
      ].join('\n'),
    ]);
    // Without a code the same pair has type 3 partial (code 4 of 0-15) and type 11 partial (code 1 of 0-1 leaves).
    const any = await cli(['analyze', MIS, '--from', 'ecs-pinger', '--to', 'ecs-icmp']);
    expect(any.out).toContain('  icmp 3                  partial      SG_INGRESS_PARTIAL  at sg-icmp');
    const json = await cli(['analyze', MIS, '--from', 'ecs-pinger', '--to', 'ecs-icmp', '--icmp-code', '3', '--format', 'json']);
    const parsed = JSON.parse(json.out) as { icmpCode: number; classes: { protocol: string; ports: unknown; verdict: string }[] };
    expect(parsed.icmpCode).toBe(3);
    expect(parsed.classes.every((c) => c.protocol === 'icmp')).toBe(true);
    expect(parsed.classes.find((c) => c.verdict === 'reachable')!.ports).toEqual([{ lo: 11, hi: 11 }]);
    const who = await cli(['analyze', MIS, '--to', 'ecs-icmp', '--from', 'vpc-icmp', '--icmp-code', '1', '--format', 'json']);
    expect(JSON.parse(who.out)).toMatchObject({ icmpCode: 1 });
    const matrix = await cli(['analyze', MIS, '--from', 'vpc-icmp', '--icmp-code', '1']);
    expect(matrix.out.split('\n')[0]).toBe(
      'reachability matrix of models/misconfigurations/model.yaml: 2 instances in 1 VPC, every icmp type, of code 1; what is delivered or partial is listed (--format json has every class)',
    );
    expect(matrix.out).toContain('      from ecs-pinger:\n        icmp 11  reachable DELIVERED at ecs-icmp  (witness port 11)');
    const matrixJson = JSON.parse((await cli(['analyze', MIS, '--from', 'vpc-icmp', '--icmp-code', '1', '--format', 'json'])).out) as { icmpCode: number };
    expect(matrixJson.icmpCode).toBe(1);
    const both = await cli(['analyze', MIS, '--to', 'ecs-icmp', '--port', '80', '--icmp-code', '1']);
    expect([both.code, both.err]).toEqual([
      2,
      'vpcreach analyze: --port and --icmp-code: --port keeps tcp and udp ports, --icmp-code icmp types; ask one of them\n',
    ]);
    const big = await cli(['analyze', MIS, '--to', 'ecs-icmp', '--icmp-code', '256']);
    expect([big.code, big.err]).toEqual([2, 'vpcreach analyze: --icmp-code: ICMP code 256 is out of range (ICMP codes are whole numbers from 0 to 255)\n']);
  });
});
