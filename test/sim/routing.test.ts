import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../src/load/index.js';
import { model, run, shape } from '../helpers/model.js';

/**
 * Two VPCs of one account and a third of another, with what a test adds: `peerings`, `routeTables`, and the groups'
 * rules. vpc-a 10.1.0.0/16 (a1 in sub-a1, a2 in sub-a2), vpc-b 10.2.0.0/16 (b1, listens 22 and 443), vpc-c 10.3.0.0/16
 * (c1, account other).
 */
function net(routing: string, extra = ''): string {
  return `
vpcs:
  - { id: vpc-a, account: me, cidr: 10.1.0.0/16, subnets: [ { id: sub-a1, cidr: 10.1.1.0/24 }, { id: sub-a2, cidr: 10.1.2.0/24 } ] }
  - { id: vpc-b, account: me, cidr: 10.2.0.0/16, subnets: [ { id: sub-b1, cidr: 10.2.1.0/24 } ] }
  - { id: vpc-c, account: other, cidr: 10.3.0.0/16, subnets: [ { id: sub-c1, cidr: 10.3.1.0/24 } ] }
securityGroups:
  - { id: sg-out, rules: [ { direction: egress } ] }
  - { id: sg-in, rules: [ { direction: ingress, protocol: tcp, ports: 22, source: 10.1.0.0/16 } ] }
instances:
  - { id: a1, kind: ecs, subnet: sub-a1, ip: 10.1.1.10, securityGroups: [sg-out] }
  - { id: a2, kind: ecs, subnet: sub-a2, ip: 10.1.2.10, securityGroups: [sg-out] }
  - { id: b1, kind: ecs, subnet: sub-b1, ip: 10.2.1.10, securityGroups: [sg-in], listens: [22, 443] }
  - { id: c1, kind: ecs, subnet: sub-c1, ip: 10.3.1.10, securityGroups: [sg-in], listens: [22] }
${extra}
${routing}`;
}

const BOTH_WAYS = `
peerings:
  - { id: pcx-ab, vpc: vpc-a, peerVpc: vpc-b }
routeTables:
  - { id: rtb-a, vpc: vpc-a, default: true, routes: [ { destination: 10.2.0.0/16, type: peering, nextHop: pcx-ab } ] }
  - { id: rtb-b, vpc: vpc-b, default: true, routes: [ { destination: 10.1.0.0/16, type: peering, nextHop: pcx-ab } ] }
`;

describe('routes and VPC peering connections — exact hops', () => {
  it('routed both ways through an active connection: delivered, the route a step of the client', () => {
    const r = run(model(net(BOTH_WAYS)), 'a1', 'b1', 22);
    expect([r.verdict, r.code, r.at]).toEqual(['reachable', 'DELIVERED', 'b1']);
    expect(shape(r.traces[0]!.hops)).toEqual([
      'a1: originate, security-group=allow, route=allow, forward b1',
      'b1: security-group=allow, listening-port=allow, deliver b1',
    ]);
    const route = r.traces[0]!.hops[0]!.steps[2]!;
    expect(route).toMatchObject({ type: 'filter', filter: 'route', resource: 'pcx-ab', decision: 'allow' });
    // The same by address.
    const byAddress = run(model(net(BOTH_WAYS)), 'a1', '10.2.1.10', 22);
    expect([byAddress.verdict, byAddress.code, byAddress.at]).toEqual(['reachable', 'DELIVERED', 'b1']);
  });

  it('without these routes: as before, another VPC has no route (NO_ROUTE at the client VPC)', () => {
    const r = run(model(net('')), 'a1', 'b1', 22);
    expect([r.verdict, r.code, r.at]).toEqual(['unreachable', 'NO_ROUTE', 'vpc-a']);
    // An address no route covers: with a route table, the drop names it and the route to add.
    const none = run(model(net(BOTH_WAYS)), 'a1', '172.16.0.1', 22).traces[0]!.hops[0]!.steps.at(-1);
    expect(none).toEqual({
      type: 'drop',
      code: 'NO_ROUTE',
      detail: "172.16.0.1 is outside the client's VPC vpc-a (10.1.0.0/16), and no route of its subnet's route table rtb-a covers it",
      fix: 'reach it through a VPC endpoint in vpc-a, add a route to it to route table rtb-a (through a peering connection to its VPC), or check the address',
    });
    expect((run(model(net('')), 'a1', '172.16.0.1', 22).traces[0]!.hops[0]!.steps.at(-1) as { detail: string }).detail).toBe(
      "172.16.0.1 is outside the client's VPC vpc-a (10.1.0.0/16) and is not an endpoint there",
    );
  });

  it('no route back: NO_RETURN_ROUTE at the destination table, with the route to add', () => {
    const oneWay = BOTH_WAYS.replace(
      'routes: [ { destination: 10.1.0.0/16, type: peering, nextHop: pcx-ab } ]',
      'routes: [ { destination: 10.1.2.0/24, type: peering, nextHop: pcx-ab } ]',
    );
    const m = model(net(oneWay));
    const r = run(m, 'a1', 'b1', 22);
    expect([r.verdict, r.code, r.at]).toEqual(['unreachable', 'NO_RETURN_ROUTE', 'rtb-b']);
    expect(shape(r.traces[0]!.hops)).toEqual(['a1: originate, security-group=allow, route=deny, drop NO_RETURN_ROUTE']);
    const drop = r.traces[0]!.hops[0]!.steps.at(-1)!;
    expect(drop).toMatchObject({ fix: 'add a route to 10.1.1.0/24 (subnet sub-a1) through peering connection pcx-ab to route table rtb-b' });
    // The other subnet is routed back: delivered.
    expect(run(m, 'a2', 'b1', 22).code).toBe('DELIVERED');
  });

  it('a longer prefix back through something else wins: NO_RETURN_ROUTE names it', () => {
    const diverted = BOTH_WAYS.replace(
      'routes: [ { destination: 10.1.0.0/16, type: peering, nextHop: pcx-ab } ]',
      'routes: [ { destination: 10.1.0.0/16, type: peering, nextHop: pcx-ab }, { destination: 10.1.1.0/24, type: vpn, nextHop: vpn-1 } ]',
    );
    const r = run(model(net(diverted)), 'a1', 'b1', 22);
    expect([r.code, r.at]).toEqual(['NO_RETURN_ROUTE', 'rtb-b']);
    expect(r.traces[0]!.hops[0]!.steps[2]).toMatchObject({ decision: 'deny' });
    expect((r.traces[0]!.hops[0]!.steps[2] as { detail: string }).detail).toContain('route 10.1.1.0/24 → vpn vpn-1 of route table rtb-b');
  });

  it('a connection that is not active: PEERING_NOT_ACTIVE at the connection; two accounts without a status wait, and the trace says so', () => {
    const pending = `
peerings:
  - { id: pcx-ac, vpc: vpc-a, peerVpc: vpc-c }
routeTables:
  - { id: rtb-a, vpc: vpc-a, default: true, routes: [ { destination: 10.3.0.0/16, type: peering, nextHop: pcx-ac } ] }
  - { id: rtb-c, vpc: vpc-c, default: true, routes: [ { destination: 10.1.0.0/16, type: peering, nextHop: pcx-ac } ] }
`;
    const r = run(model(net(pending)), 'a1', 'c1', 22);
    expect([r.verdict, r.code, r.at]).toEqual(['unreachable', 'PEERING_NOT_ACTIVE', 'pcx-ac']);
    expect(shape(r.traces[0]!.hops)).toEqual(['a1: originate, security-group=allow, drop PEERING_NOT_ACTIVE']);
    const drop = r.traces[0]!.hops[0]!.steps.at(-1) as { detail: string; fix: string };
    expect(drop.detail).toContain('which is pendingAcceptance (assumed: the model gives no status');
    expect(drop.fix).toBe('accept peering connection pcx-ac in the account of VPC vpc-c, or write its status in the model (status: active)');
    // Accepted: delivered.
    expect(run(model(net(pending.replace('peerVpc: vpc-c }', 'peerVpc: vpc-c, status: active }'))), 'a1', 'c1', 22).code).toBe('DELIVERED');
    // Rejected: the fix is a new connection.
    const rejected = run(model(net(pending.replace('peerVpc: vpc-c }', 'peerVpc: vpc-c, status: rejected }'))), 'a1', 'c1', 22);
    expect((rejected.traces[0]!.hops[0]!.steps.at(-1) as { fix: string }).fix).toBe(
      'create a new peering connection between VPCs vpc-a and vpc-c and route through it',
    );
  });

  it('not transitive: an address beyond the peer VPC has no route (NO_ROUTE), though a route sends it into the connection', () => {
    const beyond = BOTH_WAYS.replace(
      'nextHop: pcx-ab } ] }\n  - { id: rtb-b',
      'nextHop: pcx-ab }, { destination: 10.3.0.0/16, type: peering, nextHop: pcx-ab } ] }\n  - { id: rtb-b',
    );
    const m = model(net(beyond));
    const r = run(m, 'a1', '10.3.1.10', 22);
    expect([r.verdict, r.code, r.at]).toEqual(['unreachable', 'NO_ROUTE', 'vpc-a']);
    expect((r.traces[0]!.hops[0]!.steps.at(-1) as { detail: string }).detail).toContain('not in the peer VPC vpc-b');
    // Named by id: the route to c1's address does not lead to c1's VPC.
    expect(run(m, 'a1', 'c1', 22).code).toBe('NO_ROUTE');
  });

  it('a next hop the model does not hold: ROUTE_LEAVES_MODEL at the table, never delivered', () => {
    const vpn = `
routeTables:
  - { id: rtb-a1, vpc: vpc-a, subnets: [sub-a1], routes: [ { destination: 0.0.0.0/0, type: nat, nextHop: nat-1 } ] }
`;
    const m = model(net(vpn));
    const r = run(m, 'a1', '8.8.8.8', 443);
    expect([r.verdict, r.code, r.at]).toEqual(['unreachable', 'ROUTE_LEAVES_MODEL', 'rtb-a1']);
    expect(shape(r.traces[0]!.hops)).toEqual(['a1: originate, security-group=allow, drop ROUTE_LEAVES_MODEL']);
    // Another VPC's instance by id, its address covered by 0.0.0.0/0: it leaves the model too.
    expect(run(m, 'a1', 'b1', 22).code).toBe('ROUTE_LEAVES_MODEL');
    // The other subnet uses the implicit default table: no route.
    expect(run(m, 'a2', '8.8.8.8', 443).code).toBe('NO_ROUTE');
    // The VPC's own range stays local whatever the table says: a2's groups decide.
    expect(run(m, 'a1', 'a2', 22).code).toBe('SG_INGRESS_DENIED');
  });

  it('an endpoint across a peering connection is reached as an address of its VPC, and the trace says it assumed so', () => {
    const svc = `
endpointServices:
  - { id: svc-b, vpc: vpc-b, approval: false, backend: { kind: ecs, instance: b1 }, portMappings: [ { servicePort: 22, terminalPort: 2222 } ] }
endpoints:
  - { id: ep-b, vpc: vpc-b, subnet: sub-b1, ip: 10.2.1.50, service: svc-b }
`;
    const r = run(model(net(BOTH_WAYS, svc)), 'a1', 'ep-b', 2222);
    expect(r.traces[0]!.hops[0]!.steps.map((s) => s.type)).toEqual(['originate', 'filter', 'filter', 'forward']);
    expect(r.traces[0]!.hops[0]!.notes.join(' ')).toContain('assumed: VPC endpoint ep-b is reached through peering connection pcx-ab');
  });
});

describe('route tables and peering connections — what the loader refuses', () => {
  const codes = (routing: string): [number, number, string][] =>
    loadModelFromText('m.yaml', net(routing)).diagnostics.map((d) => [d.location.line, d.location.column, d.code]);

  it('each with its code and place', () => {
    const bad = `
peerings:
  - { id: pcx-self, vpc: vpc-a, peerVpc: vpc-a }
  - { id: pcx-bc, vpc: vpc-b, peerVpc: vpc-c }
routeTables:
  - { id: rtb-a, vpc: vpc-a, default: true, subnets: [sub-a1], routes: [ { destination: 10.1.5.0/24, type: vpn, nextHop: v } ] }
  - { id: rtb-a2, vpc: vpc-a, default: true }
  - id: rtb-a3
    vpc: vpc-a
    subnets: [sub-a2, sub-b1, sub-a2]
    routes:
      - { destination: 10.2.0.0/16, type: peering, nextHop: pcx-bc }
      - { destination: 10.9.0.0/16, type: vpn, nextHop: v }
      - { destination: 10.9.0.0/16, type: dc, nextHop: d }
      - { destination: 10.8.0.0/16, type: peering, nextHop: nowhere }
      - { destination: 10.7.0.0/16, type: teleport, nextHop: t }
`;
    const lines = net(bad).split('\n');
    const at = (text: string): number => lines.findIndex((l) => l.includes(text)) + 1;
    // In the order the loader reports them: each item's values as it builds them, then the unknown route type.
    expect(codes(bad).map(([line, , code]) => [line, code])).toEqual([
      [at('pcx-self'), 'peering-same-vpc'],
      [at('id: rtb-a,'), 'default-route-table-subnets'],
      [at('id: rtb-a,'), 'route-inside-vpc'],
      [at('id: rtb-a2'), 'duplicate-default-route-table'],
      [at('subnets: [sub-a2, sub-b1'), 'subnet-vpc-mismatch'],
      [at('subnets: [sub-a2, sub-b1'), 'subnet-in-two-route-tables'],
      [at('nextHop: pcx-bc'), 'route-peering-other-vpc'],
      [at('type: dc'), 'duplicate-route-destination'],
      [at('nextHop: nowhere'), 'unresolved-reference'],
      [at('destination: 10.7.0.0/16'), 'invalid-value'],
    ]);
  });

  it('a peering connection across regions, and a service VPC route inside 198.19.128.0/17', () => {
    const text = net(
      `
peerings:
  - { id: pcx-x, vpc: vpc-a, peerVpc: vpc-r }
routeTables:
  - { id: rtb-b, vpc: vpc-b, default: true, routes: [ { destination: 198.19.200.0/24, type: vpn, nextHop: v }, { destination: 0.0.0.0/0, type: nat, nextHop: n } ] }
endpointServices:
  - { id: svc, vpc: vpc-b, backend: { kind: ecs, instance: b1 }, portMappings: [ { servicePort: 22, terminalPort: 22 } ] }
`,
    ).replace('vpcs:\n', 'vpcs:\n  - { id: vpc-r, region: elsewhere, cidr: 10.50.0.0/16 }\n');
    expect(loadModelFromText('m.yaml', text).diagnostics.map((d) => d.code)).toEqual(['peering-cross-region', 'vpcep-range-overlap']);
  });

  it('201 routes in one table: too-many-routes', () => {
    const routes = Array.from({ length: 201 }, (_, i) => `      - { destination: 172.${16 + (i >> 8)}.${i & 255}.0/24, type: vpn, nextHop: v }`).join('\n');
    const text = net(`routeTables:\n  - id: rtb\n    vpc: vpc-a\n    default: true\n    routes:\n${routes}\n`);
    expect(loadModelFromText('m.yaml', text).diagnostics.map((d) => d.code)).toEqual(['too-many-routes']);
  });
});

describe('what a change to routes or a peering connection does (diff)', () => {
  it('the route back added: the flows it opens are gained; the connection rejected: they are lost again', async () => {
    const { Simulator } = await import('../../src/sim/engine.js');
    const { diffModels } = await import('../../src/symbolic/diff.js');
    const oneWay = BOTH_WAYS.replace('routes: [ { destination: 10.1.0.0/16, type: peering, nextHop: pcx-ab } ]', 'routes: []');
    const [before, after] = [model(net(oneWay)), model(net(BOTH_WAYS))];
    const d = diffModels(new Simulator(before), new Simulator(after));
    expect(d.changes.map((c) => [c.kind, c.sources.join(','), c.to, c.protocol, c.ports, c.before?.code, c.after?.code])).toEqual([
      ['gained', 'a1,a2', 'b1', 'tcp', [{ lo: 22, hi: 22 }], 'NO_RETURN_ROUTE', 'DELIVERED'],
    ]);
    const rejected = model(net(BOTH_WAYS.replace('peerVpc: vpc-b }', 'peerVpc: vpc-b, status: rejected }')));
    const back = diffModels(new Simulator(after), new Simulator(rejected));
    expect(back.changes.map((c) => [c.kind, c.to, c.after?.code])).toEqual([['lost', 'b1', 'PEERING_NOT_ACTIVE']]);
    expect(diffModels(new Simulator(after), new Simulator(model(net(BOTH_WAYS)))).changes).toEqual([]);
  });
});

describe('a destination named by id is routed as its address is', () => {
  it('a route into a connection that is not active stops there, whichever VPC the connection joins', () => {
    const toC = `
peerings:
  - { id: pcx-ab, vpc: vpc-a, peerVpc: vpc-b, status: rejected }
routeTables:
  - { id: rtb-a, vpc: vpc-a, default: true, routes: [ { destination: 10.3.0.0/16, type: peering, nextHop: pcx-ab } ] }
`;
    const m = model(net(toC));
    const named = run(m, 'a1', 'c1', 22);
    const byAddress = run(m, 'a1', '10.3.1.10', 22);
    expect([named.code, named.at]).toEqual(['PEERING_NOT_ACTIVE', 'pcx-ab']);
    expect([byAddress.code, byAddress.at]).toEqual([named.code, named.at]);
  });
});
