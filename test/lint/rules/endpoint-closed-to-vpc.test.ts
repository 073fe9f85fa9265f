import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, findingsOf, fullFindingsOf } from '../helpers.js';

const RULE = 'endpoint-closed-to-vpc';

/** The ECS setup with the endpoint subnet bound to an ACL with these inbound rules. */
function endpointAcl(inbound: string): string {
  return ecsSetup({ acls: `  - id: acl-e\n    inbound:\n${inbound}\n    outbound: []` }).replace(
    '      - { id: sub-e, cidr: 192.168.2.0/24 }',
    '      - { id: sub-e, cidr: 192.168.2.0/24, networkAcl: acl-e }',
  );
}

describe(RULE, () => {
  it('valid: a client of the VPC gets through to the endpoint (the setup; an ACL that admits the port)', () => {
    expect(findingsOf(ecsSetup(), RULE)).toEqual([]);
    expect(findingsOf(endpointAcl('      - { action: allow, protocol: tcp, ports: 80, source: 192.168.0.0/16 }'), RULE)).toEqual([]);
  });

  it("invalid: the endpoint subnet's ACL refuses the terminal port from every client — at the endpoint, naming the ACL", () => {
    const text = endpointAcl('      - { action: allow, protocol: tcp, ports: 443, source: 192.168.0.0/16 }');
    const e = '{ id: ep, vpc: vpc-c';
    expect(findingsOf(text, RULE)).toEqual([
      {
        messageId: 'closed',
        ...at(text, e),
        data: { vpc: 'vpc-c', count: 1, endpoint: 'ep', port: 80, why: 'acl-e refuses every one of them (ACL_INBOUND_DENIED)' },
      },
    ]);
    expect(fullFindingsOf(text, RULE)[0]!.witness).toBe('vpcreach trace test.yaml --from client --to ep --port 80 --all-blockers');
  });

  it("invalid: every client's own group refuses the port out", () => {
    const text = ecsSetup({ clientRules: '      - { direction: egress, protocol: tcp, ports: 443 }' });
    expect(findingsOf(text, RULE).map((f) => f.data.why)).toEqual(['sg-c refuses every one of them (SG_EGRESS_DENIED)']);
  });

  it('a whitelist alone is endpoint-whitelist-excludes-vpc, not this rule', () => {
    const text = ecsSetup({ endpoint: '{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc, whitelist: [10.9.9.9/32] }' });
    expect(findingsOf(text, RULE)).toEqual([]);
    expect(findingsOf(text, 'endpoint-whitelist-excludes-vpc')).toHaveLength(1);
  });
});
