import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/sim/engine.js';
import { ecsSetup, model, run, shape } from '../helpers/model.js';

describe('ECS backend through a VPC endpoint', () => {
  it('delivers, with the exact hop list, port mapping and VPCEP source NAT', () => {
    const r = run(model(ecsSetup()), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'reachable', code: 'DELIVERED', at: 'backend' });
    expect(r.flow).toEqual({ from: 'client', to: 'ep', protocol: 'tcp', src: '192.168.1.10', dst: '192.168.2.50', dstPort: 80 });
    expect(r.traces).toHaveLength(1);
    expect(shape(r.traces[0]!.hops)).toEqual([
      'client: originate, security-group=allow, forward ep',
      'ep: endpoint-status=allow, endpoint-permission=allow, port-mapping=allow, forward svc',
      'svc: port-mapping, vpcep-snat, forward backend',
      'backend: security-group=allow, listening-port=allow, deliver backend',
    ]);
    const svcHop = r.traces[0]!.hops[2]!;
    expect(svcHop.steps[0]).toMatchObject({
      type: 'transform',
      transform: 'port-mapping',
      before: { dst: '192.168.2.50', dstPort: 80 },
      after: { dst: '10.0.1.20', dstPort: 8080 },
    });
    expect(svcHop.steps[1]).toMatchObject({ type: 'transform', transform: 'vpcep-snat', before: { src: '192.168.1.10' }, after: { src: '198.19.128.0/17' } });
    const sg = r.traces[0]!.hops[3]!.steps[0]!;
    expect(sg).toMatchObject({ type: 'filter', resource: 'sg-b', direction: 'ingress', decision: 'allow' });
    if (sg.type === 'filter') expect(sg.rules.map((x) => [x.resource, x.index, x.matched, x.line > 0])).toEqual([['sg-b', 0, '198.19.128.0/17', true]]);
  });

  it('drops at the backend group when it lacks 198.19.128.0/17', () => {
    const r = run(model(ecsSetup({ backendRules: '      - { direction: ingress, protocol: tcp, ports: 8080, source: 192.168.0.0/16 }' })), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'SG_INGRESS_DENIED', at: 'sg-b' });
    expect(shape(r.traces[0]!.hops).at(-1)).toBe('backend: security-group=deny, drop SG_INGRESS_DENIED');
  });

  it('is partial when the backend admits only part of 198.19.128.0/17', () => {
    const r = run(model(ecsSetup({ backendRules: '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/18 }' })), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'partial', code: 'SG_INGRESS_PARTIAL', at: 'sg-b' });
    expect(r.traces[0]!.status).toBe('partial');
    const step = r.traces[0]!.hops[3]!.steps[0]!;
    expect(step).toMatchObject({ type: 'filter', decision: 'partial' });
    if (step.type === 'filter') {
      expect(step.detail).toContain('admits only 198.19.128.0/18 of 198.19.128.0/17');
      expect(step.fix).toBe('add to sg-b: { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17 }');
    }
  });

  it('a partial filter followed by a drop is unreachable with the drop code', () => {
    const r = run(
      model(ecsSetup({ backendRules: '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/18 }', listens: ', listens: [22]' })),
      'client',
      'ep',
      80,
    );
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'NOT_LISTENING', at: 'backend' });
  });

  it('NOT_LISTENING when the instance does not listen on the service port', () => {
    const r = run(model(ecsSetup({ listens: ', listens: [22, "9000-9100"]' })), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'NOT_LISTENING', at: 'backend' });
  });

  it('without listens, the port is assumed open and a note says so', () => {
    const r = run(model(ecsSetup({ listens: '' })), 'client', 'ep', 80);
    expect(r.verdict).toBe('reachable');
    expect(r.traces[0]!.hops[3]!.notes.join(' ')).toContain('declares no "listens"');
  });

  it('endpoint checks in order: status, whitelist, permission, protocol, port mapping', () => {
    const pending = run(
      model(ecsSetup({ endpoint: '{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc, status: pendingAcceptance, whitelist: [10.9.9.9] }' })),
      'client',
      'ep',
      80,
    );
    expect(pending).toMatchObject({ verdict: 'unreachable', code: 'ENDPOINT_NOT_ACCEPTED', at: 'ep' });
    expect(shape(pending.traces[0]!.hops)[1]).toBe('ep: endpoint-status=deny, drop ENDPOINT_NOT_ACCEPTED');

    const wl = run(
      model(ecsSetup({ endpoint: '{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc, whitelist: [10.9.9.9] }' })),
      'client',
      'ep',
      80,
    );
    expect(wl).toMatchObject({ code: 'ENDPOINT_WHITELIST_DENIED', at: 'ep' });
    const wlOk = run(
      model(ecsSetup({ endpoint: '{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc, whitelist: [192.168.1.0/24] }' })),
      'client',
      'ep',
      80,
    );
    expect(shape(wlOk.traces[0]!.hops)[1]).toBe(
      'ep: endpoint-status=allow, endpoint-whitelist=allow, endpoint-permission=allow, port-mapping=allow, forward svc',
    );

    const perm = run(
      model(
        ecsSetup({
          service:
            '{ id: svc, vpc: vpc-p, approval: false, permissions: ["iam:domain::zzz"], backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }',
        }),
      ),
      'client',
      'ep',
      80,
    );
    expect(perm).toMatchObject({ code: 'ENDPOINT_PERMISSION_DENIED', at: 'svc' });
    const star = run(
      model(
        ecsSetup({
          service:
            '{ id: svc, vpc: vpc-p, approval: false, permissions: ["*"], backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }',
        }),
      ),
      'client',
      'ep',
      80,
    );
    expect(star.verdict).toBe('reachable');

    const udp = run(model(ecsSetup()), 'client', 'ep', 80, 'udp');
    expect(udp).toMatchObject({ code: 'PROTOCOL_NOT_SUPPORTED', at: 'ep' });
    const unmapped = run(model(ecsSetup()), 'client', 'ep', 81);
    expect(unmapped).toMatchObject({ code: 'NO_PORT_MAPPING', at: 'svc' });
  });

  it('the owner account needs no permission entry', () => {
    const text = ecsSetup({
      service:
        '{ id: svc, vpc: vpc-p, account: a, approval: false, backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }',
    });
    expect(run(model(text), 'client', 'ep', 80).verdict).toBe('reachable');
  });

  it('endpoint status defaults from the service approval setting, with a note', () => {
    const approval = ecsSetup({
      service:
        '{ id: svc, vpc: vpc-p, permissions: ["*"], backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }',
    });
    const r = run(model(approval), 'client', 'ep', 80);
    expect(r.code).toBe('ENDPOINT_NOT_ACCEPTED');
    const step = r.traces[0]!.hops[1]!.steps[0]!;
    if (step.type === 'filter') expect(step.detail).toContain('defaults to true');
  });

  it('BMS backends behave like ECS backends', () => {
    const text = ecsSetup({
      service:
        '{ id: svc, vpc: vpc-p, approval: false, permissions: ["*"], backend: { kind: bms, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }',
    }).replace('{ id: backend, kind: ecs', '{ id: backend, kind: bms');
    expect(run(model(text), 'client', 'ep', 80).verdict).toBe('reachable');
  });
});

describe('network ACLs', () => {
  const acls = (inbound: string, outbound = '      - { priority: 1, action: allow, protocol: any }'): string =>
    `  - id: acl-p\n    inbound:\n${inbound}\n    outbound:\n${outbound}\n  - id: acl-c\n    outbound:\n      - { priority: 1, action: deny, protocol: tcp, ports: 80, destination: 192.168.2.0/24 }\n    inbound: []`;

  it('the backend subnet ACL must admit the VPCEP range', () => {
    const text = ecsSetup({
      providerSubnet: '{ id: sub-p, cidr: 10.0.1.0/24, networkAcl: acl-p }',
      acls: acls('      - { priority: 1, action: allow, protocol: tcp, source: 10.0.0.0/8 }'),
    });
    const r = run(model(text), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'ACL_INBOUND_DENIED', at: 'acl-p' });
    expect(shape(r.traces[0]!.hops).at(-1)).toBe('backend: network-acl=deny, drop ACL_INBOUND_DENIED');
  });

  it('first match by priority: a deny at priority 1 over half the range makes it partial', () => {
    const text = ecsSetup({
      providerSubnet: '{ id: sub-p, cidr: 10.0.1.0/24, networkAcl: acl-p }',
      acls: acls(
        '      - { priority: 2, action: allow, protocol: tcp, source: 198.19.128.0/17 }\n      - { priority: 1, action: deny, protocol: tcp, ports: 8080, source: 198.19.128.0/18 }',
      ),
    });
    const r = run(model(text), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'partial', code: 'ACL_INBOUND_PARTIAL', at: 'acl-p' });
    const step = r.traces[0]!.hops[3]!.steps[0]!;
    if (step.type === 'filter')
      expect(step.rules.map((x) => [x.index, x.action, x.matched])).toEqual([
        [1, 'deny', '198.19.128.0/18'],
        [0, 'allow', '198.19.192.0/18'],
      ]);
  });

  it('the client subnet outbound ACL applies when the endpoint is in another subnet', () => {
    const text = ecsSetup({ acls: acls('      - { priority: 1, action: allow, protocol: any }') }).replace(
      '{ id: sub-c, cidr: 192.168.1.0/24 }',
      '{ id: sub-c, cidr: 192.168.1.0/24, networkAcl: acl-c }',
    );
    const r = run(model(text), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'ACL_OUTBOUND_DENIED', at: 'acl-c' });
    expect(shape(r.traces[0]!.hops)).toEqual(['client: originate, security-group=allow, network-acl=deny, drop ACL_OUTBOUND_DENIED']);
  });

  it('no ACL applies inside one subnet', () => {
    const text = ecsSetup({
      acls: acls('      - { priority: 1, action: allow, protocol: any }'),
      endpoint: '{ id: ep, vpc: vpc-c, subnet: sub-c, ip: 192.168.1.50, service: svc }',
    }).replace('{ id: sub-c, cidr: 192.168.1.0/24 }', '{ id: sub-c, cidr: 192.168.1.0/24, networkAcl: acl-c }');
    const r = run(model(text), 'client', 'ep', 80);
    expect(r.verdict).toBe('reachable');
    expect(r.traces[0]!.hops[0]!.notes.join(' ')).toContain('same subnet');
  });

  it('an ACL with no matching rule denies by default', () => {
    const text = ecsSetup({
      providerSubnet: '{ id: sub-p, cidr: 10.0.1.0/24, networkAcl: acl-p }',
      acls: acls('      - { priority: 1, action: allow, protocol: udp, source: 0.0.0.0/0 }'),
    });
    const r = run(model(text), 'client', 'ep', 80);
    expect(r.code).toBe('ACL_INBOUND_DENIED');
    const step = r.traces[0]!.hops[3]!.steps[0]!;
    if (step.type === 'filter') expect(step.detail).toContain('no rule matches');
  });
});

describe('security-group semantics', () => {
  const rules = (...r: string[]): string => r.map((x) => `      - ${x}`).join('\n');

  it('lower priority number wins', () => {
    const text = ecsSetup({
      backendRules: rules(
        '{ direction: ingress, protocol: tcp, source: 198.19.128.0/17, action: deny, priority: 2 }',
        '{ direction: ingress, protocol: tcp, source: 198.19.128.0/17, priority: 1 }',
      ),
    });
    expect(run(model(text), 'client', 'ep', 80).verdict).toBe('reachable');
  });
  it('at equal priority deny beats allow, whatever the order', () => {
    const text = ecsSetup({
      backendRules: rules(
        '{ direction: ingress, protocol: tcp, source: 198.19.128.0/17, priority: 5 }',
        '{ direction: ingress, protocol: tcp, source: 198.19.128.0/17, action: deny, priority: 5 }',
      ),
    });
    const r = run(model(text), 'client', 'ep', 80);
    expect(r.code).toBe('SG_INGRESS_DENIED');
    const step = r.traces[0]!.hops[3]!.steps[0]!;
    if (step.type === 'filter') expect(step.rules.map((x) => x.index)).toEqual([1]);
  });
  it('groups are evaluated in the order listed on the instance', () => {
    const base = ecsSetup({ backendRules: rules('{ direction: ingress, protocol: tcp, source: 198.19.128.0/17, action: deny, priority: 100 }') }).replace(
      'securityGroups:\n',
      'securityGroups:\n  - id: sg-open\n    rules:\n      - { direction: ingress, protocol: tcp, source: 0.0.0.0/0, priority: 100 }\n',
    );
    const openFirst = base.replace('securityGroups: [sg-b]', 'securityGroups: [sg-open, sg-b]');
    const denyFirst = base.replace('securityGroups: [sg-b]', 'securityGroups: [sg-b, sg-open]');
    expect(run(model(openFirst), 'client', 'ep', 80).verdict).toBe('reachable');
    expect(run(model(denyFirst), 'client', 'ep', 80)).toMatchObject({ code: 'SG_INGRESS_DENIED', at: 'sg-b' });
  });
  it('egress denied at the client', () => {
    const text = ecsSetup({ clientRules: rules('{ direction: egress, protocol: tcp, ports: 443 }') });
    const r = run(model(text), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'SG_EGRESS_DENIED', at: 'sg-c' });
    expect(shape(r.traces[0]!.hops)).toEqual(['client: originate, security-group=deny, drop SG_EGRESS_DENIED']);
  });
  it('sourceGroup rules match the addresses of the group members', () => {
    const text = ecsSetup({
      backendRules: rules('{ direction: ingress, protocol: tcp, sourceGroup: sg-c }'),
    });
    const m = model(text);
    expect(run(m, 'client', 'ep', 80).code).toBe('SG_INGRESS_DENIED');
  });
});

describe('routing', () => {
  it('NO_ROUTE to a resource in another VPC, UNKNOWN_DESTINATION for an unused address in the VPC', () => {
    const m = model(ecsSetup());
    expect(run(m, 'client', 'backend', 8080)).toMatchObject({ verdict: 'unreachable', code: 'NO_ROUTE', at: 'vpc-c' });
    expect(run(m, 'client', '10.0.1.20', 8080)).toMatchObject({ code: 'NO_ROUTE' });
    expect(run(m, 'client', '192.168.1.99', 8080)).toMatchObject({ code: 'UNKNOWN_DESTINATION', at: 'vpc-c' });
    expect(run(m, 'client', '192.168.2.50', 80)).toMatchObject({ verdict: 'reachable' });
  });
  it('instance to instance in one VPC uses the destination group and the client address', () => {
    const text = ecsSetup().replace(
      '  - { id: client,',
      '  - { id: peer, kind: ecs, subnet: sub-e, ip: 192.168.2.9, securityGroups: [sg-b], listens: [8080] }\n  - { id: client,',
    );
    const m = model(text);
    const r = run(m, 'client', 'peer', 8080);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'SG_INGRESS_DENIED', at: 'sg-b' });
    expect(shape(r.traces[0]!.hops)).toEqual(['client: originate, security-group=allow, forward peer', 'peer: security-group=deny, drop SG_INGRESS_DENIED']);
  });
  it('rejects bad queries without throwing', () => {
    const sim = new Simulator(model(ecsSetup()));
    expect(sim.trace({ from: 'nope', to: 'ep', port: 80 })).toMatchObject({ ok: false, error: { field: 'from' } });
    expect(sim.trace({ from: 'ep', to: 'ep', port: 80 })).toMatchObject({ ok: false, error: { field: 'from' } });
    expect(sim.trace({ from: 'client', to: 'svc', port: 80 })).toMatchObject({ ok: false, error: { field: 'to' } });
    expect(sim.trace({ from: 'client', to: 'what', port: 80 })).toMatchObject({ ok: false, error: { field: 'to' } });
    expect(sim.trace({ from: 'client', to: 'ep', port: 0 })).toMatchObject({ ok: false, error: { field: 'port' } });
  });
});
