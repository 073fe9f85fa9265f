import { describe, expect, it } from 'vitest';
import { model, run, shape } from '../helpers/model.js';

/**
 * Provider VPC 10.0.0.0/16: a load balancer in sub-lb (which has a network ACL that admits nothing), members m1 and
 * m2 in sub-m. The client `app` is itself in sub-m and may be a member. A consumer VPC reaches the load balancer
 * through an endpoint.
 */
function setup(o: { kind?: 'shared' | 'dedicated'; listener?: string; members?: string; appListens?: string } = {}): string {
  return `
vpcs:
  - { id: vpc-c, account: a, cidr: 192.168.0.0/16, subnets: [ { id: sub-c, cidr: 192.168.1.0/24 } ] }
  - id: vpc-p
    account: b
    cidr: 10.0.0.0/16
    subnets:
      - { id: sub-m, cidr: 10.0.1.0/24 }
      - { id: sub-lb, cidr: 10.0.3.0/24, networkAcl: acl-lb }
networkAcls:
  - { id: acl-lb, inbound: [ { priority: 1, action: deny, protocol: any } ], outbound: [ { priority: 1, action: deny, protocol: any } ] }
securityGroups:
  - { id: sg-c, rules: [ { direction: egress } ] }
  - id: sg-m
    rules:
      - { direction: egress }
      - { direction: ingress, protocol: tcp, ports: 8080, source: 0.0.0.0/0 }
      - { direction: ingress, protocol: tcp, ports: 22, source: 10.0.0.0/16 }
instances:
  - { id: client, kind: ecs, subnet: sub-c, ip: 192.168.1.10, securityGroups: [sg-c] }
  - { id: app, kind: ecs, subnet: sub-m, ip: 10.0.1.10, securityGroups: [sg-m]${o.appListens ?? ''} }
  - { id: m1, kind: ecs, subnet: sub-m, ip: 10.0.1.11, securityGroups: [sg-m], listens: [8080] }
  - { id: m2, kind: ecs, subnet: sub-m, ip: 10.0.1.12, securityGroups: [sg-m], listens: [8080] }
loadBalancers:
  - id: lb
    kind: ${o.kind ?? 'shared'}
    subnet: sub-lb
    ip: 10.0.3.10
    listeners:
      - id: lst
        ${o.listener ?? 'protocol: tcp'}
        port: 80
        members: ${o.members ?? '[ { instance: m1, port: 8080 }, { instance: m2, port: 8080 } ]'}
endpointServices:
  - { id: svc, vpc: vpc-p, approval: false, permissions: ["*"], backend: { kind: elb, loadBalancer: lb }, portMappings: [ { servicePort: 80, terminalPort: 80 } ] }
endpoints:
  - { id: ep, vpc: vpc-c, subnet: sub-c, ip: 192.168.1.50, service: svc }
`;
}

describe("the load balancer's own subnet ACL filters none of its traffic (Huawei/OTC ELB guides)", () => {
  it('an ACL on the load balancer subnet that admits nothing does not stop VPCEP traffic; both legs say why', () => {
    const r = run(model(setup()), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'reachable', code: 'DELIVERED', at: 'lb' });
    expect(shape(r.traces[0]!.hops)).toEqual([
      'client: originate, security-group=allow, forward ep',
      'ep: endpoint-status=allow, endpoint-permission=allow, port-mapping=allow, forward svc',
      'svc: port-mapping, vpcep-snat, forward lb',
      'lb: listener=allow, forward lst',
      'lst: elb-fullnat, forward m1',
      'm1: security-group=allow, listening-port=allow, deliver m1',
    ]);
    expect(r.traces[0]!.hops[3]!.notes).toEqual([
      "network ACL acl-lb of the load balancer's subnet sub-lb does not filter traffic to lb: a load balancer's address is not restricted by its subnet's ACL (Huawei ELB guide); listener access control is the filter in front of it",
    ]);
    expect(r.traces[0]!.hops[4]!.notes).toContain(
      "network ACL acl-lb of the load balancer's subnet does not filter the leg to members either (its outbound rules do not apply); a member's subnet ACL applies inbound when the member is in another subnet",
    );
  });

  it('a client in the provider VPC reaches the load balancer through its subnet ACL too', () => {
    const r = run(model(setup()), 'app', 'lb', 80);
    expect(r).toMatchObject({ verdict: 'reachable', code: 'DELIVERED', at: 'lb' });
    expect(shape(r.traces[0]!.hops)[1]).toBe('lb: listener=allow, forward lst');
  });
});

describe('a reachable flow through a load balancer is reached at the load balancer', () => {
  it('names the load balancer, not the first member, and the text says how many members deliver', async () => {
    const r = run(model(setup()), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'reachable', at: 'lb' });
    expect(r.traces.map((t) => t.at)).toEqual(['m1', 'm2']);
    const { formatTrace } = await import('../../src/report/text.js');
    expect(formatTrace(r).split('\n')[0]).toBe('REACHABLE  DELIVERED  at lb  (2 of 2 members deliver)');
  });

  it('one member: the member', () => {
    const r = run(model(setup({ members: '[ { instance: m1, port: 8080 } ]' })), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'reachable', at: 'm1' });
  });
});

describe('hairpin through a dedicated layer-4 listener (OTC, transfer client IP address)', () => {
  const members = '[ { instance: app, port: 8080 }, { instance: m1, port: 8080 } ]';

  it('the path from a member back to itself is ELB_HAIRPIN; the flow is partial when another member delivers', () => {
    const r = run(model(setup({ kind: 'dedicated', members })), 'app', 'lb', 80);
    expect(r).toMatchObject({ verdict: 'partial', code: 'ELB_HAIRPIN', at: 'lst' });
    expect(r.traces.map((t) => [t.status, t.disposition, t.at])).toEqual([
      ['dropped', 'ELB_HAIRPIN', 'lst'],
      ['delivered', 'DELIVERED', 'm1'],
    ]);
    expect(shape(r.traces[0]!.hops)).toEqual([
      'app: originate, security-group=allow, forward lb',
      'lb: listener=allow, forward lst',
      'lst: elb-fullnat, drop ELB_HAIRPIN',
    ]);
    expect(r.traces[0]!.hops[2]!.steps.at(-1)).toMatchObject({ fix: 'reach lb from an instance that is not a member of listener lst' });
  });

  it('unreachable when the client is the only member', () => {
    const r = run(model(setup({ kind: 'dedicated', members: '[ { instance: app, port: 8080 } ]' })), 'app', 'lb', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'ELB_HAIRPIN', at: 'lst' });
  });

  it('not through a layer-7 listener or a shared load balancer (the source is not the client there), nor via VPCEP', () => {
    expect(run(model(setup({ kind: 'dedicated', members, listener: 'protocol: http' })), 'app', 'lb', 80).verdict).toBe('reachable');
    expect(run(model(setup({ kind: 'shared', members })), 'app', 'lb', 80).verdict).toBe('reachable');
    expect(run(model(setup({ kind: 'dedicated', members })), 'client', 'ep', 80).verdict).toBe('reachable');
  });
});

describe('an instance tracing to itself', () => {
  it('is delivered without filters, by id or by its own address, with a note saying why', () => {
    for (const to of ['app', '10.0.1.10']) {
      const r = run(model(setup()), 'app', to, 9999);
      expect(r).toMatchObject({ verdict: 'reachable', code: 'DELIVERED', at: 'app' });
      expect(shape(r.traces[0]!.hops)).toEqual(['app: originate, deliver app']);
      expect(r.traces[0]!.hops[0]!.notes[0]).toBe(
        "the destination is app's own address: the traffic never leaves the instance, so no security group or network ACL applies",
      );
    }
  });

  it('a declared listening port still decides', () => {
    const r = run(model(setup({ appListens: ', listens: [22]' })), 'app', 'app', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'NOT_LISTENING', at: 'app' });
    expect(shape(r.traces[0]!.hops)).toEqual(['app: originate, listening-port=deny, drop NOT_LISTENING']);
  });
});

describe('a fix never hides a later block that no filter rule can change', () => {
  const tcpOnly = '      - { direction: egress, protocol: tcp, ports: 80 }';
  it('UDP to an endpoint: the egress fix says first that endpoints carry TCP only', async () => {
    const { ecsSetup } = await import('../helpers/model.js');
    const r = run(model(ecsSetup({ clientRules: tcpOnly })), 'client', 'ep', 80, 'udp');
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'SG_EGRESS_DENIED', at: 'sg-c' });
    expect(r.traces[0]!.hops[0]!.steps.at(-1)).toMatchObject({
      type: 'drop',
      fix: 'opening sg-c alone does not help: the flow would still stop at ep with PROTOCOL_NOT_SUPPORTED (VPC endpoints carry TCP only; the flow is udp); change that first. Then: add to sg-c: { direction: egress, protocol: udp, ports: 80, destination: 192.168.2.50 }',
    });
  });

  it('an unmapped terminal port and a pending endpoint are said first too; a fix that helps is left alone', async () => {
    const { ecsSetup } = await import('../helpers/model.js');
    const unmapped = run(model(ecsSetup({ clientRules: tcpOnly })), 'client', 'ep', 81);
    expect(unmapped.code).toBe('SG_EGRESS_DENIED');
    expect(unmapped.traces[0]!.hops[0]!.steps.at(-1)).toMatchObject({
      fix: expect.stringMatching(/^opening sg-c alone does not help: the flow would still stop at svc with NO_PORT_MAPPING \(/),
    });
    const pending = run(
      model(ecsSetup({ clientRules: tcpOnly, endpoint: '{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc, status: pendingAcceptance }' })),
      'client',
      'ep',
      81,
    );
    expect(pending.traces[0]!.hops[0]!.steps.at(-1)).toMatchObject({ fix: expect.stringMatching(/still stop at ep with ENDPOINT_NOT_ACCEPTED/) });
    const helps = run(model(ecsSetup({ clientRules: '      - { direction: egress, protocol: tcp, ports: 22 }' })), 'client', 'ep', 80);
    expect(helps.traces[0]!.hops[0]!.steps.at(-1)).toMatchObject({
      fix: 'add to sg-c: { direction: egress, protocol: tcp, ports: 80, destination: 192.168.2.50 }',
    });
  });
});

describe('a fix for a deny rule names the rule, where it is, and what cannot help', () => {
  it('the deny rule with file:line:column; an allow in a later group cannot help', async () => {
    const { ecsSetup } = await import('../helpers/model.js');
    const text = ecsSetup({ backendRules: '      - { direction: ingress, action: deny, protocol: tcp, ports: 8080, source: 198.19.0.0/16, priority: 5 }' })
      .replace('securityGroups: [sg-b]', 'securityGroups: [sg-b, sg-open]')
      .replace('instances:', '  - { id: sg-open, rules: [ { direction: ingress, protocol: tcp, ports: 8080, source: 0.0.0.0/0 } ] }\ninstances:');
    const r = run(model(text, 'm.yaml'), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'SG_INGRESS_DENIED', at: 'sg-b' });
    const line = text.split('\n').findIndex((l) => l.includes('action: deny')) + 1;
    expect(r.traces[0]!.hops.at(-1)!.steps.at(-1)).toMatchObject({
      fix: `remove or narrow sg-b rules[0] at m.yaml:${line}:9 (a deny rule that matches first), or add an allow rule to sg-b with a lower priority number; an allow rule in sg-open cannot help: sg-b is evaluated first`,
    });
  });
});
