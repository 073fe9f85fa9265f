import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadModelFromText } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import type { TraceQuery } from '../../src/sim/types.js';
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
});
