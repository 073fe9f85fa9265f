import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { loadModel, loadModelFromText } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { PARTIAL_CODES } from '../../src/sim/dispositions.js';
import { validModelArb, runs } from '../fuzz/arbitraries.js';
import { modelOf } from '../helpers/model.js';

const sim = (file: string) => new Simulator(modelOf(loadModel(file))!);
const MIS = sim('models/misconfigurations/model.yaml');
const blockers = (s: Simulator, to: string, port: number, protocol: 'tcp' | 'udp' = 'tcp') => {
  const r = s.allBlockers({ from: 'ecs-client', to, port, protocol });
  if (!r.ok) throw new Error(r.error.message);
  return { list: r.value.blockers.map((b) => [b.code, b.at, b.node, b.passable]), complete: r.value.complete, raw: r.value };
};

describe('trace --all-blockers: every blocker of a flow, in path order, each with its fix', () => {
  it('a client subnet ACL and then the endpoint whitelist: both, in path order; fixing both is enough', () => {
    const b = blockers(MIS, 'ep-whitelisted', 9443);
    expect(b.list).toEqual([
      ['ACL_OUTBOUND_DENIED', 'acl-clients', 'ecs-client', true],
      ['ENDPOINT_WHITELIST_DENIED', 'ep-whitelisted', 'ep-whitelisted', true],
    ]);
    expect(b.complete).toBe(true);
    expect(b.raw.blockers[0]!.fix).toMatch(/^remove or narrow acl-clients outbound\[0\] at models\/misconfigurations\/model.yaml:30:9/);
  });

  it('three independent blockers — client egress, client subnet ACL, backend group — in path order, each with its fix', () => {
    const text = `
region: r1
vpcs:
  - { id: vc, account: a, cidr: 192.168.0.0/16, subnets: [ { id: sc, cidr: 192.168.1.0/24, networkAcl: acl-c }, { id: se, cidr: 192.168.2.0/24 } ] }
  - { id: vp, account: a, cidr: 10.0.0.0/16, subnets: [ { id: sp, cidr: 10.0.1.0/24 } ] }
networkAcls:
  - { id: acl-c, outbound: [ { action: deny, protocol: tcp, ports: 80 }, { action: allow } ], inbound: [ { action: allow } ] }
securityGroups:
  - { id: g-client, rules: [ { direction: egress, protocol: tcp, ports: 443 } ] }
  - { id: g-backend, rules: [ { direction: ingress, protocol: tcp, ports: 8080, source: 10.0.0.0/16 } ] }
instances:
  - { id: ecs-client, kind: ecs, subnet: sc, ip: 192.168.1.10, securityGroups: [g-client] }
  - { id: backend, kind: ecs, subnet: sp, ip: 10.0.1.10, securityGroups: [g-backend], listens: [8080] }
endpointServices:
  - { id: svc, vpc: vp, approval: false, backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }
endpoints:
  - { id: ep, vpc: vc, subnet: se, ip: 192.168.2.50, service: svc }
`;
    const s = new Simulator(modelOf(loadModelFromText('three.yaml', text))!);
    const b = blockers(s, 'ep', 80);
    expect(b.list).toEqual([
      ['SG_EGRESS_DENIED', 'g-client', 'ecs-client', true],
      ['ACL_OUTBOUND_DENIED', 'acl-c', 'ecs-client', true],
      ['SG_INGRESS_DENIED', 'g-backend', 'backend', true],
    ]);
    expect(b.complete).toBe(true);
    for (const x of b.raw.blockers) expect(x.fix, x.code).toBeTruthy();
    // The single-blocker answer stays the default: trace reports the first.
    const t = s.trace({ from: 'ecs-client', to: 'ep', port: 80 });
    expect(t.ok && [t.value.code, t.value.at]).toEqual(['SG_EGRESS_DENIED', 'g-client']);
  });

  it('the single blocker a trace reports, when there is only one', () => {
    expect(blockers(MIS, 'ep-acl-denied', 80).list).toEqual([['ACL_INBOUND_DENIED', 'acl-locked', 'bms-locked', true]]);
    expect(blockers(MIS, 'ep-rejected', 80).list).toEqual([['ENDPOINT_NOT_ACCEPTED', 'ep-rejected', 'ep-rejected', true]]);
    expect(blockers(MIS, 'ep-no-permission', 80).list).toEqual([['ENDPOINT_PERMISSION_DENIED', 'svc-no-permission', 'ep-no-permission', true]]);
  });

  it('every kind of stop has its fix', () => {
    const fix = (to: string, port: number, protocol: 'tcp' | 'udp' = 'tcp') => blockers(MIS, to, port, protocol).raw.blockers.map((b) => b.fix);
    expect(fix('ep-whitelisted', 80)).toEqual(['add 192.168.1.10 (or a range holding it) to the whitelist of endpoint ep-whitelisted']);
    expect(fix('ep-rejected', 80)[0]).toMatch(
      /^the owner of service \S+ \(account \S+\) accepts the connection of endpoint ep-rejected \(in the model: status: accepted\)$/,
    );
    expect(fix('ep-no-permission', 80)).toEqual(['add iam:domain::account-a to the permissions of service svc-no-permission']);
    expect(fix('ep-shared', 443)).toEqual([
      "change the service port of service svc-shared's mapping 443 → 443 to a port load balancer elb-shared listens on (80, 81, 82, 83, 84, 85), or add a tcp listener on port 443 to elb-shared",
    ]);
    expect(fix('ep-shared', 81)).toEqual(['make a member of listener l-shared-81-unhealthy healthy with a weight above 0, or add one']);
    expect(fix('ep-not-listening', 80)).toEqual([
      'start the service on ecs-quiet tcp/8080 (and add the port to its listens), or send the flow to a port it listens on',
    ]);
    expect(fix('ep-shared', 80, 'udp')).toEqual(['send the traffic over TCP: no endpoint carries another protocol']);
    expect(fix('ecs-plain', 8080)[0]).toMatch(/^reach ecs-plain through a VPC endpoint in vpc-c to an endpoint service in vpc-p whose backend it is$/);
  });

  it('a partial finding is a blocker too, with the fix that admits the whole range', () => {
    const b = blockers(MIS, 'ep-partial-sg', 80);
    expect(b.list.map((x) => x[0])).toEqual(['SG_INGRESS_PARTIAL']);
    expect(b.raw.blockers[0]!.fix).toContain('198.19.128.0/17');
    expect(b.complete).toBe(true);
  });

  it('through a load balancer, the member that is blocked', () => {
    expect(blockers(MIS, 'ep-shared', 82).list).toEqual([['SG_INGRESS_DENIED', 'sg-no-ingress', 'ecs-member-bad', true]]);
  });

  it('what cannot be looked past ends the list, and the list says it is not complete', () => {
    const b = blockers(MIS, 'ep-shared', 443);
    expect(b.list).toEqual([['NO_LISTENER', 'elb-shared', 'elb-shared', false]]);
    expect(b.complete).toBe(false);
    expect(blockers(MIS, 'ep-shared', 80, 'udp').list).toEqual([['PROTOCOL_NOT_SUPPORTED', 'ep-shared', 'ep-shared', false]]);
  });

  it('a reachable flow has none', () => {
    expect(blockers(MIS, 'ep-shared', 80)).toMatchObject({ list: [], complete: true });
  });

  it('a bad query is an error, as for trace', () => {
    expect(MIS.allBlockers({ from: 'ghost', to: 'ep-shared', port: 80 })).toMatchObject({ ok: false, error: { field: 'from' } });
  });

  test.prop(
    [
      validModelArb,
      fc.array(fc.record({ from: fc.nat(), to: fc.nat(), port: fc.constantFrom(22, 80, 443, 5432, 8080), udp: fc.boolean() }), { minLength: 1, maxLength: 5 }),
    ],
    runs(150),
  )('random models: none exactly when reachable; for one path, the first is the trace’s own; deterministic', (doc, flows) => {
    const model = modelOf(loadModelFromText('random.json', JSON.stringify(doc)))!;
    const s = new Simulator(model);
    const from = [...model.instances.keys()];
    const to = [...model.endpoints.keys(), ...model.instances.keys(), ...model.loadBalancers.keys()];
    for (const f of flows) {
      const q = { from: from[f.from % from.length]!, to: to[f.to % to.length]!, port: f.port, protocol: f.udp ? ('udp' as const) : ('tcp' as const) };
      const t = s.trace(q);
      const b = s.allBlockers(q);
      if (!t.ok || !b.ok) throw new Error('query failed');
      expect(b.value.blockers.length === 0).toBe(t.value.verdict === 'reachable');
      if (t.value.traces.length === 1 && t.value.verdict !== 'reachable') {
        // The trace's own stop is a blocker; in path order only a filter that lets part through comes before it (a
        // listener's access control that admits part of VPCEP's range, before the member's subnet ACL that drops it).
        const own = b.value.blockers.findIndex((x) => x.code === t.value.code && x.at === t.value.at);
        expect(own).toBeGreaterThanOrEqual(0);
        for (const x of b.value.blockers.slice(0, own)) expect(PARTIAL_CODES.has(x.code), x.code).toBe(true);
      }
      // Every blocker says what to change.
      for (const x of b.value.blockers) expect([x.detail.length > 0, (x.fix ?? '').length > 0]).toEqual([true, true]);
      // Once something cannot be looked past, the list is not complete.
      if (b.value.blockers.some((x) => !x.passable)) expect(b.value.complete).toBe(false);
      expect(JSON.stringify(s.allBlockers(q))).toBe(JSON.stringify(b));
    }
  });
});
