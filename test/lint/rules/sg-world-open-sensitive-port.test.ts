import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, findingsOf, fullFindingsOf } from '../helpers.js';

const RULE = 'sg-world-open-sensitive-port';
const ssh = '{ direction: ingress, protocol: tcp, ports: 22, source: 0.0.0.0/0 }';
const rules = `      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17 }\n      - ${ssh}`;
const mapped = (permissions: string): string =>
  `{ id: svc, vpc: vpc-p, approval: false, permissions: ${permissions}, backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 }, { servicePort: 22, terminalPort: 2222 } ] }`;

describe(RULE, () => {
  it('valid: SSH from a private range only; the whole internet on a port that is not sensitive; a deny decided first', () => {
    expect(findingsOf(ecsSetup({ backendRules: '      - { direction: ingress, protocol: tcp, ports: 22, source: 10.0.0.0/8 }' }), RULE)).toEqual([]);
    expect(findingsOf(ecsSetup({ backendRules: '      - { direction: ingress, protocol: tcp, ports: 443, source: 0.0.0.0/0 }' }), RULE)).toEqual([]);
    const denied = `      - { direction: ingress, protocol: tcp, ports: 22, source: 0.0.0.0/0, action: deny, priority: 1 }\n      - { direction: ingress, protocol: tcp, ports: 22, source: 0.0.0.0/0, priority: 2 }`;
    expect(findingsOf(ecsSetup({ backendRules: denied }), RULE)).toEqual([]);
  });

  it('info: world-open SSH that nothing outside the VPC reaches (the service maps 8080 only) — at the rule', () => {
    const text = ecsSetup({ backendRules: rules, listens: '' });
    expect(findingsOf(text, RULE)).toEqual([
      {
        messageId: 'open',
        ...at(text, ssh),
        data: { group: 'sg-b', service: 'SSH', port: 22, exposure: 'no path from outside its instances’ VPCs reaches it' },
      },
    ]);
    expect(fullFindingsOf(text, RULE)[0]!.severity).toBe('info');
  });

  it('error: another account reaches SSH through the service — with the witness', () => {
    const text = ecsSetup({ backendRules: rules, listens: '', service: mapped('["iam:domain::a"]') });
    const [f] = fullFindingsOf(text, RULE);
    expect([f!.severity, f!.data.exposure, f!.witness]).toEqual([
      'error',
      'other accounts reach "backend" on it through endpoint service "svc"',
      'vpcreach trace test.yaml --from client --to ep --port 2222',
    ]);
  });

  it('warning: only the owner’s other VPCs reach it', () => {
    const text = ecsSetup({ backendRules: rules, listens: '', service: mapped('["iam:domain::b"]') }).replace('account: a', 'account: b');
    const [f] = fullFindingsOf(text, RULE);
    expect([f!.severity, f!.data.exposure]).toEqual(['warning', 'other VPCs reach "backend" on it through endpoint service "svc"']);
  });
});
