import { describe, expect, it } from 'vitest';
import { model, run, shape } from '../helpers/model.js';

/** Consumer 192.168.1.0/24 → endpoint → ELB in 10.0.3.0/24 → members in 10.0.1.0/24. */
function elbSetup(
  o: {
    kind?: 'shared' | 'dedicated';
    ipAsBackend?: boolean;
    listener?: string;
    members?: string;
    memberRules?: string;
    acl?: string;
    accessControl?: string;
  } = {},
): string {
  return `
vpcs:
  - { id: vpc-c, account: a, cidr: 192.168.0.0/16, subnets: [ { id: sub-c, cidr: 192.168.1.0/24 } ] }
  - id: vpc-p
    account: b
    cidr: 10.0.0.0/16
    subnets:
      - { id: sub-m, cidr: 10.0.1.0/24${o.acl ? ', networkAcl: acl-m' : ''} }
      - { id: sub-lb, cidr: 10.0.3.0/24 }
networkAcls:
${o.acl ?? '  []'}
securityGroups:
  - { id: sg-c, rules: [ { direction: egress } ] }
  - id: sg-m
    rules:
${o.memberRules ?? '      - { direction: ingress, protocol: tcp, ports: 8080, source: 100.125.0.0/16 }'}
  - id: sg-m2
    rules:
      - { direction: ingress, protocol: tcp, ports: 8080, source: 0.0.0.0/0 }
instances:
  - { id: client, kind: ecs, subnet: sub-c, ip: 192.168.1.10, securityGroups: [sg-c] }
  - { id: m1, kind: ecs, subnet: sub-m, ip: 10.0.1.11, securityGroups: [sg-m], listens: [8080] }
  - { id: m2, kind: ecs, subnet: sub-m, ip: 10.0.1.12, securityGroups: [sg-m2], listens: [8080] }
  - { id: m3, kind: ecs, subnet: sub-m, ip: 10.0.1.13, securityGroups: [sg-m2], listens: [22] }
loadBalancers:
  - id: lb
    kind: ${o.kind ?? 'shared'}
    subnet: sub-lb
    ip: 10.0.3.10${o.ipAsBackend ? '\n    ipAsBackend: true' : ''}
    listeners:
      - id: lst
        ${o.listener ?? 'protocol: tcp'}
        port: 80
        accessControl: ${o.accessControl ?? '{ mode: all }'}
        members: ${o.members ?? '[ { instance: m1, port: 8080 } ]'}
endpointServices:
  - { id: svc, vpc: vpc-p, approval: false, permissions: ["*"], backend: { kind: elb, loadBalancer: lb }, portMappings: [ { servicePort: 80, terminalPort: 80 }, { servicePort: 443, terminalPort: 443 } ] }
endpoints:
  - { id: ep, vpc: vpc-c, subnet: sub-c, ip: 192.168.1.50, service: svc }
`;
}

describe('ELB backend', () => {
  it('shared ELB: listener, full NAT from 100.125.0.0/16, member checks — exact hops', () => {
    const r = run(model(elbSetup()), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'reachable', code: 'DELIVERED', at: 'm1' });
    expect(shape(r.traces[0]!.hops)).toEqual([
      'client: originate, security-group=allow, forward ep',
      'ep: endpoint-status=allow, endpoint-permission=allow, port-mapping=allow, forward svc',
      'svc: port-mapping, vpcep-snat, forward lb',
      'lb: listener=allow, forward lst',
      'lst: elb-fullnat, forward m1',
      'm1: security-group=allow, listening-port=allow, deliver m1',
    ]);
    const nat = r.traces[0]!.hops[4]!.steps[0]!;
    expect(nat).toMatchObject({
      type: 'transform',
      before: { src: '198.19.128.0/17', dst: '10.0.3.10', dstPort: 80 },
      after: { src: '100.125.0.0/16', dst: '10.0.1.11', dstPort: 8080 },
    });
  });

  it('a member that admits only 198.19.128.0/17 behind a shared ELB is denied', () => {
    const r = run(model(elbSetup({ memberRules: '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17 }' })), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'SG_INGRESS_DENIED', at: 'sg-m' });
  });

  it('shared ELB member subnets: no preset admits 100.125.0.0/16; the member subnet ACL needs a rule (Huawei/OTC ELB guides)', () => {
    const acl = '  - { id: acl-m, inbound: [ { priority: 1, action: deny, protocol: any, source: 10.0.0.0/8 } ], outbound: [] }';
    const r = run(model(elbSetup({ acl })), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'ACL_INBOUND_DENIED', at: 'acl-m' });
    expect(shape(r.traces[0]!.hops).at(-1)).toBe('m1: network-acl=deny, drop ACL_INBOUND_DENIED');
    const drop = r.traces[0]!.hops.at(-1)!.steps.at(-1)!;
    expect(drop).toMatchObject({ type: 'drop', fix: 'add to acl-m (inbound): { action: allow, protocol: tcp, ports: 8080, source: 100.125.0.0/16 }' });
    const allowed = '  - { id: acl-m, inbound: [ { priority: 1, action: allow, protocol: tcp, source: 100.125.0.0/16 } ], outbound: [] }';
    expect(run(model(elbSetup({ acl: allowed })), 'client', 'ep', 80).verdict).toBe('reachable');
  });

  it('dedicated ELB, layer-7 listener: members see the ELB subnet', () => {
    const ok = run(
      model(
        elbSetup({
          kind: 'dedicated',
          listener: 'protocol: http',
          memberRules: '      - { direction: ingress, protocol: tcp, ports: 8080, source: 10.0.3.0/24 }',
        }),
      ),
      'client',
      'ep',
      80,
    );
    expect(ok.verdict).toBe('reachable');
    expect(ok.traces[0]!.hops[4]!.steps[0]).toMatchObject({ type: 'transform', after: { src: '10.0.3.0/24' } });
    const wrong = run(
      model(
        elbSetup({
          kind: 'dedicated',
          listener: 'protocol: http',
          memberRules: '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17 }',
        }),
      ),
      'client',
      'ep',
      80,
    );
    expect(wrong).toMatchObject({ verdict: 'unreachable', code: 'SG_INGRESS_DENIED' });
    const half = run(
      model(
        elbSetup({
          kind: 'dedicated',
          listener: 'protocol: https',
          memberRules: '      - { direction: ingress, protocol: tcp, ports: 8080, source: 10.0.3.0/25 }',
        }),
      ),
      'client',
      'ep',
      80,
    );
    expect(half).toMatchObject({ verdict: 'partial', code: 'SG_INGRESS_PARTIAL' });
  });

  it('dedicated ELB, tcp listener without IP as a backend bypasses member groups and ACLs', () => {
    const acl = '  - { id: acl-m, inbound: [], outbound: [] }';
    const r = run(model(elbSetup({ kind: 'dedicated', memberRules: '      []', acl })), 'client', 'ep', 80);
    expect(r.verdict).toBe('reachable');
    expect(shape(r.traces[0]!.hops).at(-1)).toBe('m1: network-acl=bypass, security-group=bypass, listening-port=allow, deliver m1');
    expect(r.traces[0]!.hops[4]!.notes.join(' ')).toContain('passes the source through');
    const withIp = run(model(elbSetup({ kind: 'dedicated', ipAsBackend: true, memberRules: '      []' })), 'client', 'ep', 80);
    expect(withIp).toMatchObject({ verdict: 'unreachable', code: 'SG_INGRESS_DENIED' });
  });

  it('no listener on the service port, and a listener of the wrong protocol', () => {
    expect(run(model(elbSetup()), 'client', 'ep', 443)).toMatchObject({ verdict: 'unreachable', code: 'NO_LISTENER', at: 'lb' });
    const udp = run(model(elbSetup({ listener: 'protocol: udp' })), 'client', 'ep', 80);
    expect(udp).toMatchObject({ code: 'NO_LISTENER' });
    const step = udp.traces[0]!.hops[3]!.steps[0]!;
    if (step.type === 'filter') expect(step.detail).toContain('is udp');
  });

  it('listener access control: whitelist, blacklist, partial', () => {
    const wl = (cidrs: string): string => `{ mode: whitelist, cidrs: [${cidrs}] }`;
    expect(run(model(elbSetup({ accessControl: wl('198.19.128.0/17') })), 'client', 'ep', 80).verdict).toBe('reachable');
    expect(run(model(elbSetup({ accessControl: wl('192.168.1.0/24') })), 'client', 'ep', 80)).toMatchObject({
      verdict: 'unreachable',
      code: 'ELB_ACCESS_CONTROL_DENIED',
      at: 'lst',
    });
    expect(run(model(elbSetup({ accessControl: wl('') })), 'client', 'ep', 80)).toMatchObject({ code: 'ELB_ACCESS_CONTROL_DENIED' });
    expect(run(model(elbSetup({ accessControl: wl('198.19.200.0/24') })), 'client', 'ep', 80)).toMatchObject({
      verdict: 'partial',
      code: 'ELB_ACCESS_CONTROL_PARTIAL',
      at: 'lst',
    });
    expect(run(model(elbSetup({ accessControl: '{ mode: blacklist, cidrs: [198.19.200.0/24] }' })), 'client', 'ep', 80)).toMatchObject({
      verdict: 'partial',
      code: 'ELB_ACCESS_CONTROL_PARTIAL',
    });
    expect(run(model(elbSetup({ accessControl: '{ mode: blacklist, cidrs: [198.0.0.0/8] }' })), 'client', 'ep', 80)).toMatchObject({
      code: 'ELB_ACCESS_CONTROL_DENIED',
    });
    expect(run(model(elbSetup({ accessControl: '{ mode: blacklist, cidrs: [] }' })), 'client', 'ep', 80).verdict).toBe('reachable');
  });

  it('members: unhealthy and weight 0 are skipped; none usable is NO_HEALTHY_MEMBER', () => {
    const none = run(
      model(elbSetup({ members: '[ { instance: m1, port: 8080, healthy: false }, { instance: m2, port: 8080, weight: 0 } ]' })),
      'client',
      'ep',
      80,
    );
    expect(none).toMatchObject({ verdict: 'unreachable', code: 'NO_HEALTHY_MEMBER', at: 'lst' });
    const one = run(model(elbSetup({ members: '[ { instance: m1, port: 8080, healthy: false }, { instance: m2, port: 8080 } ]' })), 'client', 'ep', 80);
    expect(one.verdict).toBe('reachable');
    expect(one.traces.map((t) => t.at)).toEqual(['m2']);
    expect(one.traces[0]!.hops[4]!.notes.join(' ')).toContain('not tried: m1:8080 (unhealthy)');
  });

  it('one trace per usable member; reachable only when all deliver', () => {
    const all = run(model(elbSetup({ members: '[ { instance: m1, port: 8080 }, { instance: m2, port: 8080 } ]' })), 'client', 'ep', 80);
    expect(all.verdict).toBe('reachable');
    expect(all.traces.map((t) => [t.at, t.status])).toEqual([
      ['m1', 'delivered'],
      ['m2', 'delivered'],
    ]);
    const some = run(model(elbSetup({ members: '[ { instance: m2, port: 8080 }, { instance: m3, port: 8080 } ]' })), 'client', 'ep', 80);
    expect(some).toMatchObject({ verdict: 'partial', code: 'NOT_LISTENING', at: 'm3' });
    const noneDiffer = run(
      model(elbSetup({ memberRules: '      []', members: '[ { instance: m1, port: 8080 }, { instance: m3, port: 8080 } ]' })),
      'client',
      'ep',
      80,
    );
    expect(noneDiffer).toMatchObject({ verdict: 'unreachable', code: 'SG_INGRESS_DENIED', at: 'sg-m' });
    expect(noneDiffer.traces.map((t) => t.disposition)).toEqual(['SG_INGRESS_DENIED', 'NOT_LISTENING']);
  });

  it('--to a load balancer in the client VPC uses the client address as the source', () => {
    const text = elbSetup({ accessControl: '{ mode: whitelist, cidrs: [192.168.1.0/24] }' }).replace(
      '- { id: client, kind: ecs, subnet: sub-c, ip: 192.168.1.10',
      '- { id: client, kind: ecs, subnet: sub-lb, ip: 10.0.3.77',
    );
    const m = model(text);
    const r = run(m, 'client', 'lb', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'ELB_ACCESS_CONTROL_DENIED' });
    const step = r.traces[0]!.hops[2]!.steps[0]!;
    if (step.type === 'filter') expect(step.detail).toContain('for 10.0.3.77: the whitelist does not contain it');
    const open = model(
      elbSetup().replace('- { id: client, kind: ecs, subnet: sub-c, ip: 192.168.1.10', '- { id: client, kind: ecs, subnet: sub-lb, ip: 10.0.3.77'),
    );
    expect(shape(run(open, 'client', 'lb', 80).traces[0]!.hops)).toEqual([
      'client: originate, security-group=allow, forward lb',
      'lb: listener=allow, forward lst',
      'lst: elb-fullnat, forward m1',
      'm1: security-group=allow, listening-port=allow, deliver m1',
    ]);
  });

  it('sourceGroup rules admit the members of the named group', () => {
    const text = elbSetup()
      .replace('- { id: client, kind: ecs, subnet: sub-c, ip: 192.168.1.10', '- { id: client, kind: ecs, subnet: sub-m, ip: 10.0.1.99')
      .replace(
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 100.125.0.0/16 }',
        '      - { direction: ingress, protocol: tcp, ports: 8080, sourceGroup: sg-c }',
      );
    expect(run(model(text), 'client', 'm1', 8080).verdict).toBe('reachable');
    expect(run(model(text), 'client', 'lb', 80).code).toBe('SG_INGRESS_DENIED');
  });
});
