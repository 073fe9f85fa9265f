import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, bundled, findingsOf, fullFindingsOf } from '../helpers.js';

const RULE = 'vpcep-backend-partial-range';

describe(RULE, () => {
  it('valid: the whole range admitted, also when split over two rules', () => {
    expect(findingsOf(ecsSetup(), RULE)).toEqual([]);
    const split = ecsSetup({
      backendRules: [
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/18 }',
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.192.0/18 }',
      ].join('\n'),
    });
    expect(findingsOf(split, RULE)).toEqual([]);
  });

  it('invalid: half the range — reported at the backend group with what is admitted', () => {
    const text = ecsSetup({ backendRules: '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/18 }' });
    expect(findingsOf(text, RULE)).toEqual([
      { messageId: 'partial', ...at(text, 'id: sg-b'), data: { backend: 'backend', service: 'svc', port: 8080, admitted: '198.19.128.0/18' } },
    ]);
    expect(fullFindingsOf(text, RULE)[0]!.fix).toMatchObject({ kind: 'add-security-group-rule', group: 'sg-b' });
    // The other range rules stay quiet: one problem, one finding.
    expect(findingsOf(text, 'vpcep-backend-missing-range')).toEqual([]);
    expect(findingsOf(text, 'vpcep-range-shadowed-by-deny')).toEqual([]);
  });

  it('the bundled misconfigurations model: the partial backend', () => {
    const m = bundled('misconfigurations');
    expect(findingsOf(m.text, RULE, m.file).map((f) => [f.data.backend, f.data.admitted])).toEqual([['ecs-partial', '198.19.128.0/18']]);
  });

  it('invalid: the backend subnet ACL admits half of the range', () => {
    const text = ecsSetup({
      providerSubnet: '{ id: sub-p, cidr: 10.0.1.0/24, networkAcl: acl-p }',
      acls: ['  - id: acl-p', '    inbound:', '      - { action: allow, protocol: tcp, source: 198.19.128.0/18 }'].join('\n'),
    });
    expect(findingsOf(text, RULE).map((f) => [f.messageId, f.line, f.data.admitted, f.data.acl])).toEqual([
      ['aclPartial', at(text, 'id: acl-p').line, '198.19.128.0/18', 'acl-p'],
    ]);
  });
});
