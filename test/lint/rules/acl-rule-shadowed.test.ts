import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, findingsOf } from '../helpers.js';

const RULE = 'acl-rule-shadowed';
const withAcl = (inbound: string[]): string =>
  ecsSetup({
    acls: `  - id: acl-p\n    inbound:\n${inbound.map((r) => `      - ${r}`).join('\n')}\n    outbound:\n      - { priority: 1, action: allow, protocol: any, destination: 0.0.0.0/0 }`,
    providerSubnet: '{ id: sub-p, cidr: 10.0.1.0/24, networkAcl: acl-p }',
  });

describe(RULE, () => {
  it('valid: a narrow deny before a wide allow', () => {
    const text = withAcl([
      '{ priority: 1, action: deny, protocol: tcp, ports: 22, source: 0.0.0.0/0 }',
      '{ priority: 2, action: allow, protocol: any, source: 0.0.0.0/0 }',
    ]);
    expect(findingsOf(text, RULE)).toEqual([]);
  });

  it('invalid: a deny after an allow of everything — at the deny, naming the allow', () => {
    const deny = '{ priority: 2, action: deny, protocol: tcp, ports: 22, source: 10.0.0.0/8 }';
    const text = withAcl(['{ priority: 1, action: allow, protocol: any, source: 0.0.0.0/0 }', deny]);
    expect(findingsOf(text, RULE)).toEqual([
      { messageId: 'shadowed', ...at(text, deny), data: { rule: 'inbound[1]', acl: 'acl-p', by: 'inbound[0]', byPriority: 1, byAction: 'allow' } },
    ]);
  });
});
