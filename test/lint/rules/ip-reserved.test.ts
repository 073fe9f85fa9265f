import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, findingsOf } from '../helpers.js';

const RULE = 'ip-reserved';

describe(RULE, () => {
  it('valid: ordinary addresses; a /30 subnet, where no reservation rule is known', () => {
    expect(findingsOf(ecsSetup(), RULE)).toEqual([]);
    const small = ecsSetup({ providerSubnet: '{ id: sub-p, cidr: 10.0.1.20/30 }' }).replace('ip: 10.0.1.20,', 'ip: 10.0.1.21,');
    expect(findingsOf(small, RULE)).toEqual([]);
  });

  it('invalid: the gateway and the broadcast address — at the resource (instance and endpoint alike)', () => {
    const text = ecsSetup({ endpoint: '{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.255, service: svc }' }).replace('ip: 10.0.1.20,', 'ip: 10.0.1.1,');
    expect(findingsOf(text, RULE)).toEqual([
      { messageId: 'reserved', ...at(text, '{ id: backend'), data: { ip: '10.0.1.1', resource: 'backend', subnet: 'sub-p', cidr: '10.0.1.0/24' } },
      { messageId: 'reserved', ...at(text, '{ id: ep,'), data: { ip: '192.168.2.255', resource: 'ep', subnet: 'sub-e', cidr: '192.168.2.0/24' } },
    ]);
  });
});
