import { describe, expect, it } from 'vitest';
import { proveFixes } from '../../../src/lint/fix.js';
import { lint } from '../../../src/lint/index.js';
import { loadModelFromText } from '../../../src/load/index.js';
import { model, modelOf } from '../../helpers/model.js';
import { at, findingsOf, fullFindingsOf } from '../helpers.js';

const RULE = 'elb-health-check-blocked';

/** A shared load balancer behind an endpoint service, members m1 and m2 (group sg-m, subnet sub-m with `acl`). */
function setup(o: { check?: string; ingress?: string; acl?: string; listens?: string; kind?: string } = {}): string {
  return `
vpcs:
  - { id: vpc-c, account: a, cidr: 192.168.0.0/16, subnets: [ { id: sub-c, cidr: 192.168.1.0/24 } ] }
  - { id: vpc-p, account: b, cidr: 10.0.0.0/16, subnets: [ { id: sub-m, cidr: 10.0.1.0/24${o.acl ? ', networkAcl: acl-m' : ''} }, { id: sub-lb, cidr: 10.0.3.0/24 } ] }
${o.acl ? `networkAcls:\n  - { id: acl-m, inbound: ${o.acl} }\n` : ''}securityGroups:
  - { id: sg-c, rules: [ { direction: egress } ] }
  - { id: sg-m, rules: [ { direction: egress }, ${o.ingress ?? '{ direction: ingress, protocol: tcp, ports: 8080, source: 100.125.0.0/16 }'} ] }
instances:
  - { id: client, kind: ecs, subnet: sub-c, ip: 192.168.1.10, securityGroups: [sg-c] }
  - { id: m1, kind: ecs, subnet: sub-m, ip: 10.0.1.11, securityGroups: [sg-m], listens: [${o.listens ?? '8080, 9000'}] }
  - { id: m2, kind: ecs, subnet: sub-m, ip: 10.0.1.12, securityGroups: [sg-m], listens: [${o.listens ?? '8080, 9000'}] }
loadBalancers:
  - id: lb
    kind: ${o.kind ?? 'shared'}
    subnet: sub-lb
    ip: 10.0.3.10
    listeners:
      - id: lst
        protocol: tcp
        port: 80
        healthCheck: ${o.check ?? '{ protocol: tcp }'}
        members: [ { instance: m1, port: 8080 }, { instance: m2, port: 8080 } ]
endpointServices:
  - { id: svc, vpc: vpc-p, approval: false, permissions: ["*"], backend: { kind: elb, loadBalancer: lb }, portMappings: [ { servicePort: 80, terminalPort: 80 } ] }
endpoints:
  - { id: ep, vpc: vpc-c, subnet: sub-c, ip: 192.168.1.50, service: svc }
`;
}

describe(RULE, () => {
  it('valid: the check arrives; a check switched off; a member the model marks', () => {
    expect(findingsOf(setup(), RULE)).toEqual([]);
    expect(findingsOf(setup({ check: '{ enabled: false, protocol: tcp, port: 9000 }' }), RULE)).toEqual([]);
    expect(
      findingsOf(
        setup({ check: '{ protocol: tcp, port: 9000 }' }).replace(
          '{ instance: m1, port: 8080 }, { instance: m2, port: 8080 }',
          '{ instance: m1, port: 8080, healthy: true }',
        ),
        RULE,
      ),
    ).toEqual([]);
  });

  it('invalid: the group refuses the check port — a finding at each member, with the rule that admits the check', () => {
    const text = setup({ check: '{ protocol: http, port: 9000 }' });
    const data = (member: string) => ({
      listener: 'lst',
      loadBalancer: 'lb',
      member,
      check: 'HTTP from 100.125.0.0/16 to port 9000',
      port: 9000,
      group: 'sg-m',
      refuses: 'refuses',
    });
    expect(findingsOf(text, RULE)).toEqual([
      { messageId: 'group', ...at(text, '{ instance: m1'), data: data('m1') },
      { messageId: 'group', ...at(text, '{ instance: m2'), data: data('m2') },
    ]);
    const f = fullFindingsOf(text, RULE)[0]!;
    expect(f.fix).toEqual({
      kind: 'add-security-group-rule',
      group: 'sg-m',
      rule: {
        direction: 'ingress',
        protocol: 'tcp',
        ports: 9000,
        source: '100.125.0.0/16',
        action: 'allow',
        priority: 1,
        description: 'health check of listener lst',
      },
    });
    expect(f.message).toBe(
      'security group "sg-m" of member "m1" refuses the health check of listener "lst" (HTTP from 100.125.0.0/16 to port 9000): the load balancer marks the member unhealthy and sends it nothing',
    );
  });

  it('the fix is proven: applied once for both members, the endpoint is gained, the findings go', () => {
    const text = setup({ check: '{ protocol: tcp, port: 9000 }' });
    const m = model(text);
    const r = proveFixes(
      text,
      m,
      lint(m),
      (t) => modelOf(loadModelFromText('test.yaml', t)),
      (x) => lint(x),
    );
    const ours = r.outcomes.filter((o) => o.finding.ruleId === RULE);
    expect(ours.map((o) => o.status)).toEqual(['applied']);
    const o = ours[0]!;
    expect(o.status === 'applied' && [...new Set(o.gained.map((g) => g.to))].sort()).toEqual(['ep', 'lb']);
    expect(findingsOf(r.text, RULE)).toEqual([]);
  });

  it('invalid: a dedicated layer-4 listener, whose traffic passes the groups by, still needs its check admitted from its subnet', () => {
    const text = setup({ kind: 'dedicated', ingress: '{ direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17 }' });
    expect(findingsOf(text, RULE).map((f) => [f.messageId, f.data.check])).toEqual([
      ['group', 'TCP from 10.0.3.0/24 to port 8080'],
      ['group', 'TCP from 10.0.3.0/24 to port 8080'],
    ]);
  });

  it("invalid: the member subnet's ACL, in part or in whole; nothing listening on the check port", () => {
    const part = setup({ acl: '[ { action: allow, protocol: tcp, ports: 8080, source: 100.125.0.0/17 } ]' });
    expect(findingsOf(part, RULE).map((f) => [f.messageId, f.data.acl, f.data.refuses])).toEqual([
      ['acl', 'acl-m', 'admits only part of'],
      ['acl', 'acl-m', 'admits only part of'],
    ]);
    expect(fullFindingsOf(part, RULE)[0]!.fix).toMatchObject({ kind: 'add-network-acl-rule', acl: 'acl-m', direction: 'inbound' });
    const deaf = setup({
      listens: '8080',
      check: '{ protocol: tcp, port: 9000 }',
      ingress: '{ direction: ingress, protocol: tcp, ports: 1-65535, source: 100.125.0.0/16 }',
    });
    const f = fullFindingsOf(deaf, RULE);
    expect(f.map((x) => [x.messageId, x.data.member, x.fix])).toEqual([
      ['listening', 'm1', undefined],
      ['listening', 'm2', undefined],
    ]);
  });
});
