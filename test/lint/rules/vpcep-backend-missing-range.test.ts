import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, bundled, findingsOf, fullFindingsOf } from '../helpers.js';

const RULE = 'vpcep-backend-missing-range';

describe(RULE, () => {
  it('valid: the backend admits 198.19.128.0/17 on the service port; a shared ELB member (which sees 100.125.0.0/16) is not its business', () => {
    expect(findingsOf(ecsSetup(), RULE)).toEqual([]);
    const seed = bundled('seed-elb');
    expect(findingsOf(seed.text, RULE, seed.file)).toEqual([]);
  });

  it('invalid: the backend admits only its VPC — reported at the backend group, with the rule to add and a witness', () => {
    const text = ecsSetup({ backendRules: '      - { direction: ingress, protocol: tcp, ports: 8080, source: 10.0.0.0/16 }' });
    expect(findingsOf(text, RULE)).toEqual([
      { messageId: 'missing', ...at(text, 'id: sg-b'), data: { backend: 'backend', service: 'svc', port: 8080, terminalPort: 80 } },
    ]);
    const [f] = fullFindingsOf(text, RULE);
    expect(f!.severity).toBe('error');
    expect(f!.fix).toEqual({
      kind: 'add-security-group-rule',
      group: 'sg-b',
      rule: {
        direction: 'ingress',
        protocol: 'tcp',
        ports: 8080,
        source: '198.19.128.0/17',
        action: 'allow',
        priority: 1,
        description: 'VPCEP source range',
      },
    });
    expect(f!.witness).toBe('vpcreach trace test.yaml --from client --to ep --port 80');
  });

  it('invalid: the range admitted on another port only; each mapped port is its own finding', () => {
    const text = ecsSetup({
      backendRules: '      - { direction: ingress, protocol: tcp, ports: 9090, source: 198.19.128.0/17 }',
      listens: '',
      service:
        '{ id: svc, vpc: vpc-p, approval: false, permissions: ["iam:domain::a"], backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 }, { servicePort: 8443, terminalPort: 443 }, { servicePort: 9090, terminalPort: 90 } ] }',
    });
    expect(findingsOf(text, RULE).map((f) => [f.data.port, f.data.terminalPort])).toEqual([
      [8080, 80],
      [8443, 443],
    ]);
  });

  it('the bundled model missing-vpcep-rule: one finding at its backend group', () => {
    const m = bundled('missing-vpcep-rule');
    expect(findingsOf(m.text, RULE, m.file).map((f) => [f.messageId, f.line, f.column])).toEqual([
      ['missing', at(m.text, 'id: sg-backend').line, at(m.text, 'id: sg-backend').column],
    ]);
  });

  it('invalid: the backend subnet ACL admits only the provider VPC — reported at the ACL, the fix goes first in its inbound rules', () => {
    const text = ecsSetup({
      providerSubnet: '{ id: sub-p, cidr: 10.0.1.0/24, networkAcl: acl-p }',
      acls: ['  - id: acl-p', '    inbound:', '      - { action: allow, protocol: any, source: 10.0.0.0/16 }'].join('\n'),
    });
    expect(findingsOf(text, RULE)).toEqual([
      {
        messageId: 'aclMissing',
        ...at(text, 'id: acl-p'),
        data: { backend: 'backend', service: 'svc', port: 8080, terminalPort: 80, acl: 'acl-p', subnet: 'sub-p' },
      },
    ]);
    expect(fullFindingsOf(text, RULE)[0]!.fix).toEqual({
      kind: 'add-network-acl-rule',
      acl: 'acl-p',
      direction: 'inbound',
      rule: { protocol: 'tcp', ports: 8080, source: '198.19.128.0/17', action: 'allow', priority: 1, description: 'VPCEP source range' },
    });
  });
});
