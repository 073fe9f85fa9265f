import { describe, expect, it } from 'vitest';
import { at, bundled, findingsOf } from '../helpers.js';
import { model, run } from '../../helpers/model.js';

const RULE = 'peering-overlapping-cidrs';

const net = (b: string, subnet: string, ip: string) => `
vpcs:
  - { id: vpc-a, account: me, cidr: 10.0.0.0/16, subnets: [ { id: a1, cidr: 10.0.1.0/24 } ] }
  - { id: vpc-b, account: me, cidr: ${b}, subnets: [ { id: b1, cidr: ${subnet} } ] }
securityGroups:
  - { id: sg, rules: [ { direction: egress }, { direction: ingress } ] }
instances:
  - { id: x, kind: ecs, subnet: a1, ip: 10.0.1.10, securityGroups: [sg] }
  - { id: y, kind: ecs, subnet: b1, ip: ${ip}, securityGroups: [sg] }
peerings:
  - { id: pcx-ab, vpc: vpc-a, peerVpc: vpc-b }
routeTables:
  - { id: rtb-a, vpc: vpc-a, default: true, routes: [ { destination: 172.16.0.0/12, type: peering, nextHop: pcx-ab } ] }
`;

describe(RULE, () => {
  it('valid: disjoint ranges (the bundled peering model)', () => {
    expect(findingsOf(bundled('peering').text, RULE)).toEqual([]);
  });

  it('invalid: overlapping subnets — at the connection; the overlap is routed locally', () => {
    const text = net('10.0.0.0/16', '10.0.1.0/24', '10.0.1.20');
    const f = findingsOf(text, RULE);
    expect(f.map((x) => [x.messageId, x.line, x.data.subnet, x.data.peerSubnet])).toEqual([['subnets', at(text, '{ id: pcx-ab').line, 'a1', 'b1']]);
    // y's address is x's own subnet's: the flow stays in vpc-a (no one there holds it).
    expect(run(model(text), 'x', '10.0.1.20', 22).code).toBe('UNKNOWN_DESTINATION');
  });

  it('invalid: overlapping ranges, disjoint subnets — the ranges message', () => {
    const f = findingsOf(net('10.0.0.0/8', '10.9.0.0/16', '10.9.0.20'), RULE);
    expect(f.map((x) => x.messageId)).toEqual(['ranges']);
  });
});
