import { describe, expect, it } from 'vitest';
import { model, run, shape } from '../helpers/model.js';

/**
 * Provider VPC vpc-p with the load balancer and member m1; a second provider VPC vpc-o holds m3. A consumer reaches
 * the load balancer through an endpoint; `app` (in vpc-p) may itself be a member.
 */
function setup(
  o: { kind?: 'shared' | 'dedicated'; ipAsBackend?: boolean; members?: string; listener?: string; m1Listens?: string; routing?: string } = {},
): string {
  return `${o.routing ?? ''}
vpcs:
  - { id: vpc-c, account: a, cidr: 192.168.0.0/16, subnets: [ { id: sub-c, cidr: 192.168.1.0/24 } ] }
  - { id: vpc-p, account: b, cidr: 10.0.0.0/16, subnets: [ { id: sub-m, cidr: 10.0.1.0/24 }, { id: sub-lb, cidr: 10.0.3.0/24 } ] }
  - { id: vpc-o, account: b, cidr: 10.1.0.0/16, subnets: [ { id: sub-o, cidr: 10.1.1.0/24 } ] }
securityGroups:
  - { id: sg-c, rules: [ { direction: egress } ] }
  - { id: sg-m, rules: [ { direction: egress }, { direction: ingress, protocol: tcp, ports: 8080, source: 0.0.0.0/0 } ] }
instances:
  - { id: client, kind: ecs, subnet: sub-c, ip: 192.168.1.10, securityGroups: [sg-c] }
  - { id: app, kind: ecs, subnet: sub-m, ip: 10.0.1.10, securityGroups: [sg-m], listens: [8080] }
  - { id: m1, kind: ecs, subnet: sub-m, ip: 10.0.1.11, securityGroups: [sg-m], listens: [${o.m1Listens ?? '8080'}] }
  - { id: m3, kind: ecs, subnet: sub-o, ip: 10.1.1.13, securityGroups: [sg-m], listens: [8080] }
loadBalancers:
  - id: lb
    kind: ${o.kind ?? 'shared'}
    subnet: sub-lb
    ip: 10.0.3.10${o.ipAsBackend ? '\n    ipAsBackend: true' : ''}
    listeners:
      - id: lst
        protocol: ${o.listener ?? 'tcp'}
        port: 80
        members: ${o.members ?? '[ { instance: m1, port: 8080 }, { instance: m3, port: 8080 } ]'}
endpointServices:
  - { id: svc, vpc: vpc-p, approval: false, permissions: ["*"], backend: { kind: elb, loadBalancer: lb }, portMappings: [ { servicePort: 80, terminalPort: 80 } ] }
endpoints:
  - { id: ep, vpc: vpc-c, subnet: sub-c, ip: 192.168.1.50, service: svc }
`;
}

describe('a load-balancer member in another VPC (OTC ELB FAQ; Huawei ELB cross-VPC backends)', () => {
  it('a shared load balancer sends it nothing: MEMBER_IN_OTHER_VPC at the listener; partial while another member delivers', () => {
    const r = run(model(setup()), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'partial', code: 'MEMBER_IN_OTHER_VPC', at: 'lst' });
    expect(r.traces.map((t) => [t.status, t.disposition, t.at])).toEqual([
      ['delivered', 'DELIVERED', 'm1'],
      ['dropped', 'MEMBER_IN_OTHER_VPC', 'lst'],
    ]);
    expect(shape(r.traces[1]!.hops).slice(-1)).toEqual(['lst: drop MEMBER_IN_OTHER_VPC']);
    expect(r.traces[1]!.hops.at(-1)!.steps.at(-1)).toEqual({
      type: 'drop',
      code: 'MEMBER_IN_OTHER_VPC',
      detail:
        "member m3:8080 of listener lst is in VPC vpc-o, not in load balancer lb's VPC vpc-p: a shared load balancer forwards only to members in its own VPC (OTC ELB FAQ)",
      fix: 'replace member m3 of listener lst with an instance in VPC vpc-p, or use a dedicated load balancer with IP as a backend',
    });
  });

  it('unreachable when the only member is in another VPC', () => {
    const r = run(model(setup({ members: '[ { instance: m3, port: 8080 } ]' })), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'MEMBER_IN_OTHER_VPC', at: 'lst' });
  });

  it('a dedicated load balancer without IP as a backend sends it nothing either, and says how to turn it on', () => {
    const r = run(model(setup({ kind: 'dedicated', members: '[ { instance: m3, port: 8080 } ]' })), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'MEMBER_IN_OTHER_VPC', at: 'lst' });
    expect(r.traces[0]!.hops.at(-1)!.steps.at(-1)).toMatchObject({
      fix: 'replace member m3 of listener lst with an instance in VPC vpc-p, or turn on IP as a backend on lb (ipAsBackend: true) with routes between VPCs vpc-p and vpc-o through a peering connection',
    });
  });

  // vpc-p (10.0.0.0/16: the load balancer in sub-lb 10.0.3.0/24) and vpc-o (10.1.0.0/16: m3) peered, with routes as given.
  const peered = (toMember: string, back: string, status = 'active'): string => `
peerings:
  - { id: pcx-po, vpc: vpc-p, peerVpc: vpc-o, status: ${status} }
routeTables:
  - { id: rtb-p, vpc: vpc-p, default: true, routes: [ ${toMember} ] }
  - { id: rtb-o, vpc: vpc-o, default: true, routes: [ ${back} ] }
`;
  const ipAsBackend = (routing?: string) =>
    run(
      model(setup({ kind: 'dedicated', ipAsBackend: true, members: '[ { instance: m3, port: 8080 } ]', ...(routing ? { routing } : {}) })),
      'client',
      'ep',
      80,
    );

  it('a dedicated load balancer with IP as a backend reaches it along routes through a peering connection, both ways', () => {
    const r = ipAsBackend(
      peered('{ destination: 10.1.0.0/16, type: peering, nextHop: pcx-po }', '{ destination: 10.0.3.0/24, type: peering, nextHop: pcx-po }'),
    );
    expect(r).toMatchObject({ verdict: 'reachable', code: 'DELIVERED', at: 'm3' });
    expect(shape(r.traces[0]!.hops).slice(-2)).toEqual([
      'lst: elb-fullnat, route=allow, forward m3',
      'm3: security-group=allow, listening-port=allow, deliver m3',
    ]);
  });

  it('without a route there: NO_ROUTE at the load balancer’s VPC, saying which route to add', () => {
    const r = ipAsBackend();
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'NO_ROUTE', at: 'vpc-p' });
    expect(shape(r.traces[0]!.hops).slice(-1)).toEqual(['lst: elb-fullnat, drop NO_ROUTE']);
    expect(r.traces[0]!.hops.at(-1)!.steps.at(-1)).toEqual({
      type: 'drop',
      code: 'NO_ROUTE',
      detail:
        'load balancer lb forwards to member m3 in VPC vpc-o with IP as a backend, but no route of its subnet sub-lb leads to 10.1.1.13 through a peering connection to that VPC',
      fix: "add a route to m3's subnet through a peering connection between VPCs vpc-p and vpc-o to the route table of subnet sub-lb, and one back",
    });
  });

  it('a route back for part of the load-balancer subnet: partial (it may use any address of it); for none of it: NO_RETURN_ROUTE', () => {
    const r = ipAsBackend(
      peered('{ destination: 10.1.0.0/16, type: peering, nextHop: pcx-po }', '{ destination: 10.0.3.0/25, type: peering, nextHop: pcx-po }'),
    );
    expect(r).toMatchObject({ verdict: 'partial', code: 'NO_RETURN_ROUTE', at: 'rtb-o' });
    expect(r.traces.map((t) => [t.status, t.disposition, shape(t.hops).slice(-2).join(' | ')])).toEqual([
      ['delivered', 'DELIVERED', 'lst: elb-fullnat, route=allow, forward m3 | m3: security-group=allow, listening-port=allow, deliver m3'],
      ['dropped', 'NO_RETURN_ROUTE', 'lb: listener=allow, forward lst | lst: elb-fullnat, route=deny, drop NO_RETURN_ROUTE'],
    ]);
    const none = ipAsBackend(
      peered('{ destination: 10.1.0.0/16, type: peering, nextHop: pcx-po }', '{ destination: 10.0.9.0/24, type: peering, nextHop: pcx-po }'),
    );
    expect(none).toMatchObject({ verdict: 'unreachable', code: 'NO_RETURN_ROUTE', at: 'rtb-o' });
    expect(shape(none.traces[0]!.hops).slice(-1)).toEqual(['lst: elb-fullnat, route=deny, drop NO_RETURN_ROUTE']);
  });

  it('through a connection that is not active, or to a next hop the model does not hold', () => {
    const pending = ipAsBackend(
      peered(
        '{ destination: 10.1.0.0/16, type: peering, nextHop: pcx-po }',
        '{ destination: 10.0.0.0/16, type: peering, nextHop: pcx-po }',
        'pendingAcceptance',
      ),
    );
    expect(pending).toMatchObject({ verdict: 'unreachable', code: 'PEERING_NOT_ACTIVE', at: 'pcx-po' });
    const er = ipAsBackend(peered('{ destination: 10.1.0.0/16, type: er, nextHop: er-1 }', ''));
    expect(er).toMatchObject({ verdict: 'unreachable', code: 'ROUTE_LEAVES_MODEL', at: 'rtb-p' });
  });
});

describe('switch positions the model does not say are named where they matter', () => {
  it("a shared layer-4 listener's member reaching its own load balancer: Transfer Client IP assumed off (the default)", () => {
    const r = run(model(setup({ members: '[ { instance: app, port: 8080 }, { instance: m1, port: 8080 } ]' })), 'app', 'lb', 80);
    expect(r.verdict).toBe('reachable');
    const note =
      "assumed: Transfer Client IP is off on shared listener lst (the API's default; the model does not say), so its member app reaches it like any client (with it on, Huawei says a member cannot reach itself through its load balancer, and OTC says it never can)";
    expect(r.traces[0]!.hops.at(-2)!.notes).toContain(note);
    // Only on the member's own path, and not for a layer-7 listener (client-address transfer there is by headers).
    expect(r.traces[1]!.hops.at(-2)!.notes).not.toContain(note);
    const l7 = run(model(setup({ listener: 'http', members: '[ { instance: app, port: 8080 } ]' })), 'app', 'lb', 80);
    expect(l7.traces[0]!.hops.flatMap((h) => h.notes).some((n) => n.includes('Transfer Client IP'))).toBe(false);
  });

  it('a member that does not listen on its port: NOT_LISTENING, with a note that a health check would mark it unhealthy', () => {
    const r = run(model(setup({ m1Listens: '9090', members: '[ { instance: m1, port: 8080 } ]' })), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'NOT_LISTENING', at: 'm1' });
    expect(r.traces[0]!.hops.at(-2)!.notes).toContain(
      'assumed: member m1 is healthy as the model lets it be (no health check is modelled), though it does not listen on tcp/8080; a health check on that port would mark it unhealthy and the load balancer would send it nothing',
    );
    const ok = run(model(setup({ members: '[ { instance: m1, port: 8080 } ]' })), 'client', 'ep', 80);
    expect(ok.traces[0]!.hops.flatMap((h) => h.notes).some((n) => n.includes('does not listen'))).toBe(false);
  });
});
