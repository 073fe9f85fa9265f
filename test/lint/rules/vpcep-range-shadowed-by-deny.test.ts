import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, findingsOf } from '../helpers.js';

const RULE = 'vpcep-range-shadowed-by-deny';

describe(RULE, () => {
  it('valid: a deny that does not touch the range, or an allow decided before the deny', () => {
    const other = ecsSetup({
      backendRules: [
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 10.9.0.0/16, action: deny, priority: 1 }',
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17, priority: 2 }',
      ].join('\n'),
    });
    expect(findingsOf(other, RULE)).toEqual([]);
    const allowFirst = ecsSetup({
      backendRules: [
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17, priority: 1 }',
        '      - { direction: ingress, protocol: any, source: 0.0.0.0/0, action: deny, priority: 2 }',
      ].join('\n'),
    });
    expect(findingsOf(allowFirst, RULE)).toEqual([]);
  });

  it('invalid: a deny at a higher priority takes the allow away — reported at the deny rule', () => {
    const deny = '{ direction: ingress, protocol: any, source: 0.0.0.0/0, action: deny, priority: 1 }';
    const text = ecsSetup({
      backendRules: [`      - ${deny}`, '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17, priority: 2 }'].join('\n'),
    });
    expect(findingsOf(text, RULE)).toEqual([
      { messageId: 'shadowed', ...at(text, deny), data: { rule: 'rules[0]', group: 'sg-b', priority: 1, port: 8080, backend: 'backend', service: 'svc' } },
    ]);
    expect(findingsOf(text, 'vpcep-backend-missing-range')).toEqual([]);
  });

  it('invalid: at equal priority the deny is decided first', () => {
    const text = ecsSetup({
      backendRules: [
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17, priority: 5 }',
        '      - { direction: ingress, protocol: tcp, ports: 8000-9000, source: 198.19.0.0/16, action: deny, priority: 5 }',
      ].join('\n'),
    });
    expect(findingsOf(text, RULE).map((f) => [f.data.rule, f.line])).toEqual([['rules[1]', at(text, 'action: deny').line]]);
  });

  it('invalid: in the backend subnet ACL too — reported at the ACL deny rule', () => {
    const deny = '{ priority: 1, action: deny, protocol: tcp, ports: 8080, source: 198.19.192.0/18 }';
    const text = ecsSetup({
      providerSubnet: '{ id: sub-p, cidr: 10.0.1.0/24, networkAcl: acl-p }',
      acls: ['  - id: acl-p', '    inbound:', `      - ${deny}`, '      - { priority: 2, action: allow, protocol: tcp, source: 198.19.128.0/17 }'].join('\n'),
    });
    expect(findingsOf(text, RULE)).toEqual([
      {
        messageId: 'aclShadowed',
        ...at(text, deny),
        data: { rule: 'inbound[0]', acl: 'acl-p', priority: 1, port: 8080, backend: 'backend', service: 'svc', subnet: 'sub-p' },
      },
    ]);
    expect(findingsOf(text, 'vpcep-backend-partial-range')).toEqual([]);
  });
});
