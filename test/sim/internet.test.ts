import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { checkPolicy } from '../../src/symbolic/policy.js';
import { portClasses } from '../../src/symbolic/ports.js';
import { model, run, shape } from '../helpers/model.js';

/**
 * One VPC 10.1.0.0/16: web (sub-web, EIP 203.0.113.10 when bound), app (sub-app), lb (dedicated, sub-web) over web, a
 * NAT gateway in sub-nat; with what a test adds (`eips`, `natGateways`, route tables, rules).
 */
function net(extra: string, sgWeb = '{ direction: ingress, protocol: tcp, ports: 22, source: 0.0.0.0/0 }'): string {
  return `
vpcs:
  - id: vpc-a
    account: me
    cidr: 10.1.0.0/16
    subnets: [ { id: sub-web, cidr: 10.1.1.0/24 }, { id: sub-app, cidr: 10.1.2.0/24 }, { id: sub-nat, cidr: 10.1.9.0/24 } ]
securityGroups:
  - { id: sg-web, rules: [ ${sgWeb}, { direction: egress } ] }
  - { id: sg-app, rules: [ { direction: ingress, protocol: tcp, ports: 22, source: 0.0.0.0/0 }, { direction: egress } ] }
instances:
  - { id: web, kind: ecs, subnet: sub-web, ip: 10.1.1.10, securityGroups: [sg-web], listens: [22, 80] }
  - { id: app, kind: ecs, subnet: sub-app, ip: 10.1.2.10, securityGroups: [sg-app], listens: [22] }
loadBalancers:
  - id: lb
    kind: dedicated
    subnet: sub-web
    ip: 10.1.1.100
    listeners: [ { id: l80, protocol: tcp, port: 80, members: [ { instance: web, port: 80 } ] } ]
${extra}`;
}

const EIP_WEB = `
eips:
  - { id: eip-web, address: 203.0.113.10, instance: web }
`;

const NAT = `
eips:
  - { id: eip-nat, address: 203.0.113.30 }
natGateways:
  - id: nat
    vpc: vpc-a
    subnet: sub-nat
    snatRules: [ { subnet: sub-app, eips: [eip-nat] } ]
    dnatRules: [ { eip: eip-nat, protocol: tcp, externalPort: 2222, internalPort: 22, instance: app } ]
routeTables:
  - { id: rtb, vpc: vpc-a, default: true, routes: [ { destination: 0.0.0.0/0, type: nat, nextHop: nat } ] }
`;

describe('the internet, EIPs and NAT gateways — exact hops', () => {
  it('from the internet through an EIP: delivered, the client’s public address seen by the group', () => {
    const r = run(model(net(EIP_WEB)), 'internet', 'web', 22);
    expect([r.verdict, r.code, r.at]).toEqual(['reachable', 'DELIVERED', 'web']);
    expect(r.flow).toMatchObject({ from: 'internet', src: '203.0.113.1', dst: '203.0.113.10', dstPort: 22 });
    expect(shape(r.traces[0]!.hops)).toEqual([
      'internet: originate, forward eip-web',
      'eip-web: eip-nat, forward web',
      'web: security-group=allow, listening-port=allow, deliver web',
    ]);
    expect(r.traces[0]!.hops[0]!.notes[0]).toMatch(/203\.0\.113\.1 stands for any public address/);
  });

  it('the witness is an address that reaches: a group open to one block is traced from it', () => {
    const m = model(net(EIP_WEB, '{ direction: ingress, protocol: tcp, ports: 22, source: 198.51.100.0/24 }'));
    // Partial: part of the internet gets through. The trace follows an address that does, and says so.
    const r = run(m, 'internet', 'web', 22);
    expect([r.verdict, r.code, r.at, r.flow.src, r.traces[0]!.status]).toEqual(['partial', 'SG_INGRESS_DENIED', 'sg-web', '198.51.100.0', 'delivered']);
    expect(r.traces[0]!.hops[0]!.notes[0]).toMatch(/only some public addresses get through; this trace follows 198\.51\.100\.0, one that does/);
    // All the blockers: of an address that does not get through.
    const blockers = new Simulator(m).allBlockers({ from: 'internet', to: 'web', port: 22 });
    expect(blockers.ok && blockers.value.blockers.map((b) => [b.code, b.at])).toEqual([['SG_INGRESS_DENIED', 'sg-web']]);
    // Another address, named: refused by the group.
    const other = run(m, '8.8.8.8', 'web', 22);
    expect([other.verdict, other.code, other.at, other.flow.src]).toEqual(['unreachable', 'SG_INGRESS_DENIED', 'sg-web', '8.8.8.8']);
    // Over every port: partial on 22 (part of the internet), refused elsewhere.
    const classes = portClasses(new Simulator(m), 'internet', 'web');
    expect(classes.ok && classes.value.filter((c) => c.protocol === 'tcp').map((c) => [c.ports, c.verdict, c.code])).toEqual([
      [
        [
          { lo: 1, hi: 21 },
          { lo: 23, hi: 65535 },
        ],
        'unreachable',
        'SG_INGRESS_DENIED',
      ],
      [[{ lo: 22, hi: 22 }], 'partial', 'SG_INGRESS_DENIED'],
    ]);
  });

  it('nothing leads in: NOT_EXPOSED at the resource, with its fix; a load balancer’s members are not exposed by its EIP', () => {
    const r = run(model(net('')), 'internet', 'web', 22);
    expect([r.verdict, r.code, r.at]).toEqual(['unreachable', 'NOT_EXPOSED', 'web']);
    expect(r.traces[0]!.hops[0]!.steps.at(-1)).toMatchObject({
      type: 'drop',
      code: 'NOT_EXPOSED',
      fix: 'bind an EIP to web, or add a DNAT rule to a NAT gateway of VPC vpc-a (if it is meant to be reached from the internet)',
    });
    const lb = model(net(`eips: [ { id: eip-lb, address: 203.0.113.20, loadBalancer: lb } ]`));
    expect(run(lb, 'internet', 'lb', 80).code).toBe('DELIVERED');
    expect(shape(run(lb, 'internet', 'lb', 80).traces[0]!.hops).slice(0, 3)).toEqual([
      'internet: originate, forward eip-lb',
      'eip-lb: eip-nat, forward lb',
      'lb: listener=allow, forward l80',
    ]);
    expect(run(lb, 'internet', 'web', 80).code).toBe('NOT_EXPOSED');
    // An EIP bound to nothing, by address; a public address no EIP has; a private address.
    const loose = model(net(`eips: [ { id: eip-loose, address: 203.0.113.40 } ]`));
    expect([run(loose, 'internet', '203.0.113.40', 22).code, run(loose, 'internet', '203.0.113.40', 22).at]).toEqual(['NOT_EXPOSED', 'eip-loose']);
    expect([run(loose, 'internet', '8.8.8.8', 22).code, run(loose, 'internet', '8.8.8.8', 22).at]).toEqual(['NOT_EXPOSED', 'internet']);
    expect([run(loose, 'internet', '10.1.1.10', 22).code, run(loose, 'internet', '10.1.1.10', 22).at]).toEqual(['NO_ROUTE', 'internet']);
  });

  it('DNAT: the external port to the internal one; a port no rule forwards stops with NO_DNAT_RULE at the gateway', () => {
    const m = model(net(NAT));
    const r = run(m, 'internet', 'app', 2222);
    expect([r.verdict, r.code, r.at]).toEqual(['reachable', 'DELIVERED', 'app']);
    expect(shape(r.traces[0]!.hops)).toEqual([
      'internet: originate, forward nat',
      'nat: dnat-rule=allow, dnat, forward app',
      'app: security-group=allow, listening-port=allow, deliver app',
    ]);
    expect(r.traces[0]!.hops[1]!.steps[1]).toMatchObject({
      before: { dst: '203.0.113.30', dstPort: 2222 },
      after: { src: '203.0.113.1', dst: '10.1.2.10', dstPort: 22 },
    });
    const no = run(m, 'internet', 'app', 22);
    expect([no.verdict, no.code, no.at]).toEqual(['unreachable', 'NO_DNAT_RULE', 'nat']);
    expect(no.traces[0]!.hops[0]!.steps.at(-1)).toMatchObject({
      code: 'NO_DNAT_RULE',
      fix: 'add a DNAT rule to nat: tcp 203.0.113.30 (eip-nat):22 → app and its port, or use a port a rule forwards',
    });
    // A rule to a private address no resource of the VPC holds: UNKNOWN_DESTINATION after the rewrite.
    const loose = model(
      net(NAT.replace('dnatRules: [', 'dnatRules: [ { eip: eip-nat, protocol: udp, externalPort: 53, internalPort: 53, privateIp: 10.1.2.99 }, ')),
    );
    const unknown = run(loose, 'internet', '203.0.113.30', 53, 'udp');
    expect([unknown.code, unknown.at, shape(unknown.traces[0]!.hops)[1]]).toEqual([
      'UNKNOWN_DESTINATION',
      'vpc-a',
      'nat: dnat-rule=allow, dnat, drop UNKNOWN_DESTINATION',
    ]);
    // By address, the EIP's port: the gateway's hop decides.
    const byAddress = run(m, 'internet', '203.0.113.30', 2222);
    expect([byAddress.code, byAddress.at]).toEqual(['DELIVERED', 'app']);
    expect([run(m, 'internet', '203.0.113.30', 80).code, run(m, 'internet', '203.0.113.30', 80).at]).toEqual(['NO_DNAT_RULE', 'nat']);
  });

  it('out to the internet: SNAT through a nat route, NO_SNAT_RULE for a subnet no rule serves, the EIP before any route', () => {
    const m = model(net(NAT));
    const out = run(m, 'app', 'internet', 443);
    expect([out.verdict, out.code, out.at]).toEqual(['reachable', 'DELIVERED', 'internet']);
    expect(shape(out.traces[0]!.hops)).toEqual([
      'app: originate, security-group=allow, forward nat',
      'nat: snat-rule=allow, snat, forward internet',
      'internet: deliver internet',
    ]);
    expect(out.traces[0]!.hops[1]!.steps[1]).toMatchObject({ after: { src: '203.0.113.30' } });
    const web = run(m, 'web', 'internet', 443);
    expect([web.verdict, web.code, web.at]).toEqual(['unreachable', 'NO_SNAT_RULE', 'nat']);
    expect(web.traces[0]!.hops[1]!.steps.at(-1)).toEqual({
      type: 'drop',
      code: 'NO_SNAT_RULE',
      detail: 'no SNAT rule of NAT gateway nat serves 10.1.1.10 (its rules serve 10.1.2.0/24)',
      fix: "add an SNAT rule to nat for the client's subnet, with an EIP of the gateway",
    });
    // With an EIP, web leaves through it, whatever the route table says.
    const withEip = model(net(NAT.replace('eips:\n', 'eips:\n  - { id: eip-web, address: 203.0.113.10, instance: web }\n')));
    const viaEip = run(withEip, 'web', 'internet', 443);
    expect(shape(viaEip.traces[0]!.hops)).toEqual([
      'web: originate, security-group=allow, forward eip-web',
      'eip-web: eip-nat, forward internet',
      'internet: deliver internet',
    ]);
    expect(viaEip.traces[0]!.hops[0]!.notes[0]).toBe('to the internet: 203.0.113.1 stands for any public address; --to with a public address traces another');
    expect(viaEip.traces[0]!.hops[0]!.notes[1]).toMatch(/web has EIP eip-web: public destinations that no route more specific than 0\.0\.0\.0\/0 takes/);
    // A route more specific than 0.0.0.0/0 comes before the EIP (local > specific > EIP > default).
    const specific = model(
      net(
        NAT.replace('eips:\n', 'eips:\n  - { id: eip-web, address: 203.0.113.10, instance: web }\n').replace(
          '{ destination: 0.0.0.0/0, type: nat, nextHop: nat }',
          '{ destination: 0.0.0.0/0, type: nat, nextHop: nat }, { destination: 8.8.8.0/24, type: vpn, nextHop: vpn-1 }',
        ),
      ),
    );
    expect([run(specific, 'web', '8.8.8.8', 53).code, run(specific, 'web', '9.9.9.9', 53).code]).toEqual(['ROUTE_LEAVES_MODEL', 'DELIVERED']);
    expect(shape(run(specific, 'web', '9.9.9.9', 53).traces[0]!.hops)[1]).toBe('eip-web: eip-nat, forward internet');
    // Without a route to the gateway: no route (as before there were NAT gateways).
    expect(run(model(net(NAT.replace(/routeTables:[^]*$/, ''))), 'app', 'internet', 443).code).toBe('NO_ROUTE');
  });

  it('another VPC behind a 0.0.0.0/0 route to a NAT gateway: no route, by id and by address (the internet does not route a private address)', () => {
    const other = `  - { id: vpc-b, account: me, cidr: 10.2.0.0/16, subnets: [ { id: sub-b, cidr: 10.2.1.0/24 } ] }\n`;
    const text = net(NAT)
      .replace('securityGroups:', `${other}securityGroups:`)
      .replace('instances:\n', 'instances:\n  - { id: b1, kind: ecs, subnet: sub-b, ip: 10.2.1.10, securityGroups: [sg-app] }\n');
    const m = model(text);
    expect([run(m, 'app', 'b1', 22).code, run(m, 'app', 'b1', 22).at]).toEqual(['NO_ROUTE', 'vpc-a']);
    const byAddress = run(m, 'app', '10.2.1.10', 22);
    expect([byAddress.code, byAddress.at, shape(byAddress.traces[0]!.hops).map((h) => h.split(':')[0])]).toEqual([
      'NO_ROUTE',
      'internet',
      ['app', 'nat', 'internet'],
    ]);
  });

  it('an EIP of the model as a destination from inside: out through SNAT, back in through the EIP, the SNAT address as the source', () => {
    const m = model(net(NAT.replace('eips:\n', 'eips:\n  - { id: eip-web, address: 203.0.113.10, instance: web }\n')));
    const r = run(m, 'app', '203.0.113.10', 22);
    expect([r.verdict, r.code, r.at]).toEqual(['reachable', 'DELIVERED', 'web']);
    expect(shape(r.traces[0]!.hops).map((h) => h.split(':')[0])).toEqual(['app', 'nat', 'internet', 'eip-web', 'web']);
    expect(r.traces[0]!.hops[4]!.steps[0]).toMatchObject({ filter: 'security-group', detail: expect.stringContaining('from 203.0.113.30') });
  });

  it('queries: from the internet to the internet is refused; a private --from is not a client', () => {
    const sim = new Simulator(model(net(EIP_WEB)));
    const both = sim.trace({ from: 'internet', to: 'internet', port: 1 });
    expect(!both.ok && [both.error.field, both.error.code]).toEqual(['to', 'invalid-value']);
    const priv = sim.trace({ from: '10.9.9.9', to: 'web', port: 1 });
    expect(!priv.ok && priv.error.hint).toMatch(/a private address is not a client/);
  });

  it('policies from and to the internet', () => {
    const sim = new Simulator(model(net(EIP_WEB)));
    const only22 = checkPolicy(sim, { from: 'internet', to: 'web', ports: [{ lo: 23, hi: 65535 }], protocol: 'tcp', expect: 'unreachable', codes: null });
    expect(only22.ok && [only22.value.holds, only22.value.sources, only22.value.flows]).toEqual([true, 1, 65513]);
    const ssh = checkPolicy(sim, { from: 'internet', to: 'web', ports: [{ lo: 22, hi: 22 }], protocol: 'tcp', expect: 'unreachable', codes: null });
    expect(ssh.ok && [ssh.value.holds, ssh.value.counterexample]).toEqual([
      false,
      { flow: { from: 'internet', to: 'web', port: 22, protocol: 'tcp' }, result: { verdict: 'reachable', code: 'DELIVERED', at: 'web' } },
    ]);
    const out = checkPolicy(sim, { from: 'web', to: 'internet', ports: [{ lo: 443, hi: 443 }], protocol: 'tcp', expect: 'reachable', codes: null });
    expect(out.ok && out.value.holds).toBe(true);
  });
});

describe('EIPs and NAT gateways — what the loader refuses', () => {
  const codes = (extra: string): string[] => loadModelFromText('m.yaml', net(extra)).diagnostics.map((d) => d.code);
  it('each refusal, located', () => {
    expect(codes(`eips: [ { id: e1, address: 10.0.0.1 } ]`)).toEqual(['eip-not-public']);
    expect(codes(`eips: [ { id: e1, address: 203.0.113.1 }, { id: e2, address: 203.0.113.1 } ]`)).toEqual(['duplicate-eip-address']);
    expect(codes(`eips: [ { id: e1, address: 203.0.113.1, instance: web, loadBalancer: lb } ]`)).toEqual(['eip-bound-twice']);
    expect(codes(`eips: [ { id: e1, address: 203.0.113.1, instance: web }, { id: e2, address: 203.0.113.2, instance: web } ]`)).toEqual(['resource-has-eip']);
    expect(codes(`eips: [ { id: internet, address: 203.0.113.1 } ]`)).toEqual(['reserved-id']);
    const gw = (rules: string, eips = `eips: [ { id: e1, address: 203.0.113.1 }, { id: e2, address: 203.0.113.2, instance: web } ]`) =>
      codes(`${eips}\nnatGateways: [ { id: nat, vpc: vpc-a, subnet: sub-nat, ${rules} } ]`);
    expect(gw(`snatRules: [ { subnet: sub-app, eips: [e2] } ]`)).toEqual(['eip-in-use']);
    expect(gw(`snatRules: [ { subnet: sub-app, eips: [e1] } ], dnatRules: [ { eip: e1, protocol: any, instance: app } ]`)).toEqual(['eip-in-use']);
    expect(
      gw(`snatRules: [ { subnet: sub-app, eips: [e1] } ], dnatRules: [ { eip: e1, protocol: tcp, externalPort: 22, internalPort: 22, instance: app } ]`),
    ).toEqual([]);
    expect(gw(`snatRules: [ { subnet: sub-app, cidr: 10.1.2.0/24, eips: [e1] } ]`)).toEqual(['snat-source']);
    expect(gw(`snatRules: [ { cidr: 10.9.0.0/24, eips: [e1] } ]`)).toEqual(['snat-cidr-outside-vpc']);
    expect(gw(`snatRules: [ { subnet: sub-app, eips: [e1] }, { cidr: 10.1.2.0/24, eips: [e1] } ]`)).toEqual(['duplicate-snat-rule']);
    expect(gw(`snatRules: [ { subnet: sub-app, eips: [] } ]`)).toEqual(['snat-no-eip']);
    expect(gw(`dnatRules: [ { eip: e1, protocol: tcp, externalPort: 80, instance: app } ]`)).toEqual(['dnat-ports']);
    expect(gw(`dnatRules: [ { eip: e1, protocol: any, externalPort: 80, internalPort: 80, instance: app } ]`)).toEqual(['dnat-ports']);
    expect(gw(`dnatRules: [ { eip: e1, protocol: tcp, externalPort: 80, internalPort: 80 } ]`)).toEqual(['dnat-target']);
    expect(
      gw(`dnatRules: [ { eip: e1, protocol: tcp, externalPort: 80, internalPort: 80, instance: app }, { eip: e1, protocol: any, privateIp: 10.1.2.99 } ]`),
    ).toEqual(['duplicate-dnat-rule']);
    // Another gateway's EIP.
    expect(
      codes(
        `eips: [ { id: e1, address: 203.0.113.1 } ]\nnatGateways:\n  - { id: n1, vpc: vpc-a, subnet: sub-nat, snatRules: [ { subnet: sub-app, eips: [e1] } ] }\n  - { id: n2, vpc: vpc-a, subnet: sub-nat, dnatRules: [ { eip: e1, protocol: any, instance: app } ] }`,
      ),
    ).toEqual(['eip-in-use']);
  });
});
