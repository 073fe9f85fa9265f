import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, bundled, findingsOf, fullFindingsOf } from '../helpers.js';

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
        data: { group: 'sg-b', service: 'SSH', port: 22, exposure: 'no path from the internet or from outside its instances’ VPCs reaches it' },
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

  it('error: the internet reaches SSH through an EIP, a DNAT rule (another port), or a pass-through load balancer with an EIP — judged by whole paths', () => {
    const m = bundled('internet');
    const f = fullFindingsOf(m.text, RULE, m.file);
    expect(f.map((x) => [x.severity, x.data.group, x.data.exposure, x.witness])).toEqual([
      [
        'error',
        'sg-bastion',
        'the internet reaches "ecs-bastion" on it',
        'vpcreach trace models/internet/model.yaml --from internet --to ecs-bastion --port 22',
      ],
      [
        'error',
        'sg-app',
        'the internet reaches "ecs-app" on it (sent to port 2222)',
        'vpcreach trace models/internet/model.yaml --from internet --to ecs-app --port 2222',
      ],
      ['info', 'sg-db', 'no path from the internet or from outside its instances’ VPCs reaches it', undefined],
    ]);
    // The same rule where the EIP is gone: nothing leads in any more.
    const unbound = m.text.replace('{ id: eip-bastion, address: 203.0.113.10, instance: ecs-bastion }', '{ id: eip-bastion, address: 203.0.113.10 }');
    expect(unbound).not.toBe(m.text);
    expect(fullFindingsOf(unbound, RULE, m.file)[0]!.severity).toBe('info');
    // A group that admits the internet in part only (a network ACL in front refuses the rest) is still reached: error.
    const lb = `
vpcs: [ { id: v, cidr: 10.0.0.0/16, subnets: [ { id: s, cidr: 10.0.1.0/24 } ] } ]
securityGroups: [ { id: sg, rules: [ { direction: ingress, protocol: tcp, ports: 22, source: 0.0.0.0/0 } ] } ]
instances: [ { id: i, kind: ecs, subnet: s, ip: 10.0.1.10, securityGroups: [sg], listens: [22] } ]
loadBalancers:
  - { id: lb, kind: dedicated, subnet: s, ip: 10.0.1.100, listeners: [ { id: l, protocol: tcp, port: 2200, members: [ { instance: i, port: 22 } ] } ] }
eips: [ { id: e, address: 198.51.100.7, loadBalancer: lb } ]
`;
    const [viaLb] = fullFindingsOf(lb, RULE);
    expect([viaLb!.severity, viaLb!.data.exposure, viaLb!.witness]).toEqual([
      'error',
      'the internet reaches "i" on it through "lb" (sent to port 2200)',
      'vpcreach trace test.yaml --from internet --to lb --port 2200',
    ]);
  });
});
