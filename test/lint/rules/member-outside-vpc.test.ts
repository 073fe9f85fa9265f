import { describe, expect, it } from 'vitest';
import { at, bundled, findingsOf } from '../helpers.js';

const RULE = 'member-outside-vpc';

describe(RULE, () => {
  it('valid: members in the load balancer’s VPC', () => {
    const m = bundled('seed-elb');
    expect(findingsOf(m.text, RULE, m.file)).toEqual([]);
  });

  it('invalid: a member in the consumer VPC — at the member', () => {
    const m = bundled('elb-whitelist-missing-range');
    const text = m.text.replace('          - { instance: ecs-web-1, port: 8080 }', '          - { instance: ecs-client, port: 8080 }');
    expect(text).not.toBe(m.text);
    const f = findingsOf(text, RULE);
    expect(f.map((x) => [x.messageId, x.line, x.column, x.data.member, x.data.lbVpc])).toEqual([
      ['unrouted', at(text, '{ instance: ecs-client').line, at(text, '{ instance: ecs-client').column, 'ecs-client', f[0]!.data.lbVpc],
    ]);
    expect(f[0]!.data.vpc).not.toBe(f[0]!.data.lbVpc);
  });

  it('an error on a shared load balancer, or without IP as a backend; with IP as a backend, only when no route leads there and back', async () => {
    const { lint } = await import('../../../src/lint/index.js');
    const { model } = await import('../../helpers/model.js');
    const m = bundled('elb-whitelist-missing-range');
    const text = m.text.replace('          - { instance: ecs-web-1, port: 8080 }', '          - { instance: ecs-client, port: 8080 }');
    const findings = (t: string) => lint(model(t)).filter((f) => f.ruleId === RULE);
    const shared = findings(text);
    expect(shared.map((f) => [f.severity, f.messageId, f.data.code])).toEqual([['error', 'unrouted', 'MEMBER_IN_OTHER_VPC']]);
    expect(shared[0]!.message).toContain(
      'a shared load balancer forwards only to members in its own VPC, so the member receives nothing (MEMBER_IN_OTHER_VPC)',
    );
    const off = text.replace('    kind: shared', '    kind: dedicated');
    expect(findings(off).map((f) => [f.severity, f.data.code])).toEqual([['error', 'MEMBER_IN_OTHER_VPC']]);
    // IP as a backend without routes between the VPCs: NO_ROUTE, as the trace says.
    const dedicated = text.replace('    kind: shared', '    kind: dedicated\n    ipAsBackend: true');
    expect(dedicated).not.toBe(text);
    expect(findings(dedicated).map((f) => [f.severity, f.data.code])).toEqual([['error', 'NO_ROUTE']]);
    // With routes both ways through an active connection: nothing to find.
    const lb = model(dedicated).loadBalancers.values().next().value!;
    const client = model(dedicated).instances.get('ecs-client')!;
    const vpcs = [...model(dedicated).vpcs.values()];
    const [lbVpc, clientVpc] = [vpcs.find((v) => v.id === lb.vpc)!, vpcs.find((v) => v.id === client.vpc)!];
    const cidr = (c: { lo: number; prefix: number }) => `${[24, 16, 8, 0].map((s) => (c.lo >>> s) & 255).join('.')}/${c.prefix}`;
    const routed = `${dedicated}
peerings:
  - { id: pcx, vpc: ${lbVpc.id}, peerVpc: ${clientVpc.id}, status: active }
routeTables:
  - { id: rtb-lb, vpc: ${lbVpc.id}, default: true, routes: [ { destination: ${cidr(clientVpc.cidr)}, type: peering, nextHop: pcx } ] }
  - { id: rtb-client, vpc: ${clientVpc.id}, default: true, routes: [ { destination: ${cidr(lbVpc.cidr)}, type: peering, nextHop: pcx } ] }
`;
    expect(findings(routed)).toEqual([]);
    // Back for part of the load balancer's subnet only: its traffic is partial, not nothing — no finding.
    const lbSubnet = model(dedicated).subnets.get(lb.subnet)!;
    const half = `${cidr(lbSubnet.cidr).replace(/\/\d+$/, '')}/${lbSubnet.cidr.prefix + 1}`;
    const partly = routed.replace(`destination: ${cidr(lbVpc.cidr)}, type: peering`, `destination: ${half}, type: peering`);
    expect(partly).not.toBe(routed);
    expect(findings(partly)).toEqual([]);
    // One way only: NO_RETURN_ROUTE.
    expect(findings(routed.replace(/\n {2}- \{ id: rtb-client[^\n]*/, '')).map((f) => f.data.code)).toEqual(['NO_RETURN_ROUTE']);
  });
});
