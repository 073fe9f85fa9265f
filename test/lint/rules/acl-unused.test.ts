import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, findingsOf } from '../helpers.js';

const RULE = 'acl-unused';
const acl = '  - { id: acl-x, inbound: [ { priority: 1, action: allow, protocol: any, source: 0.0.0.0/0 } ], outbound: [] }';

describe(RULE, () => {
  it('valid: the ACL is associated with a subnet', () => {
    expect(findingsOf(ecsSetup({ acls: acl, providerSubnet: '{ id: sub-p, cidr: 10.0.1.0/24, networkAcl: acl-x }' }), RULE)).toEqual([]);
  });

  it('invalid: an ACL associated with no subnet — at the ACL', () => {
    const text = ecsSetup({ acls: acl });
    expect(findingsOf(text, RULE)).toEqual([{ messageId: 'unused', ...at(text, '{ id: acl-x'), data: { acl: 'acl-x' } }]);
  });
});
