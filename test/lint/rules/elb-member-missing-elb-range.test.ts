import { describe, expect, it } from 'vitest';
import { proveFixes } from '../../../src/lint/fix.js';
import { lint } from '../../../src/lint/index.js';
import { loadModelFromText } from '../../../src/load/index.js';
import { model, modelOf } from '../../helpers/model.js';
import { at, bundled, findingsOf, fullFindingsOf } from '../helpers.js';

const RULE = 'elb-member-missing-elb-range';
const seed = bundled('seed-elb');
const SHARED_RULE = '      - { direction: ingress, protocol: tcp, ports: 8080, source: 100.125.0.0/16 }\n';

/** The seed setup with its members in a subnet of their own, bound to an ACL with these inbound rules. */
function withMemberAcl(inbound: string): string {
  return seed.text
    .replace(
      '      - { id: subnet-2, cidr: 10.0.1.0/24 }',
      '      - { id: subnet-2, cidr: 10.0.1.0/24 }\n      - { id: subnet-members, cidr: 10.0.2.0/24, networkAcl: acl-members }',
    )
    .replace('subnet: subnet-2, ip: 10.0.1.21', 'subnet: subnet-members, ip: 10.0.2.21')
    .replace('subnet: subnet-2, ip: 10.0.1.22', 'subnet: subnet-members, ip: 10.0.2.22')
    .replace('\ninstances:', `\nnetworkAcls:\n  - id: acl-members\n    inbound:\n${inbound}\n\ninstances:`);
}

/** The seed setup with a dedicated load balancer whose listener has this protocol. */
function dedicated(protocol: string, memberRule: string): string {
  return seed.text
    .replace('    kind: shared\n', '    kind: dedicated\n')
    .replace('        protocol: tcp\n        port: 80', `        protocol: ${protocol}\n        port: 80`)
    .replace(SHARED_RULE, memberRule);
}

describe(RULE, () => {
  it('valid: shared members admit 100.125.0.0/16 (the seed setup); dedicated layer-7 members admit its subnet', () => {
    expect(findingsOf(seed.text, RULE, seed.file)).toEqual([]);
    expect(findingsOf(dedicated('http', '      - { direction: ingress, protocol: tcp, ports: 8080, source: 10.0.1.0/24 }\n'), RULE)).toEqual([]);
  });

  it('valid: a dedicated layer-4 listener without IP as a backend forwards the client address: not this rule', () => {
    expect(findingsOf(dedicated('tcp', ''), RULE)).toEqual([]);
  });

  it('invalid: shared members without 100.125.0.0/16 — one finding at their group naming both members, with the rule to add', () => {
    const text = seed.text.replace(SHARED_RULE, '');
    expect(findingsOf(text, RULE)).toEqual([
      {
        messageId: 'missing',
        ...at(text, 'id: sg-backend'),
        data: {
          listener: 'listener-80',
          loadBalancer: 'elb-1',
          members: '"ecs-web-1", "ecs-web-2"',
          memberWord: 'members',
          them: 'them',
          protocol: 'TCP',
          range: '100.125.0.0/16',
          forwarder: 'the range shared load balancer "elb-1" forwards from',
          port: 8080,
          group: 'sg-backend',
        },
      },
    ]);
    const [f] = fullFindingsOf(text, RULE);
    expect(f!.severity).toBe('error');
    expect(f!.fix).toEqual({
      kind: 'add-security-group-rule',
      group: 'sg-backend',
      rule: {
        direction: 'ingress',
        protocol: 'tcp',
        ports: 8080,
        source: '100.125.0.0/16',
        action: 'allow',
        priority: 1,
        description: 'shared load balancer forwarding range',
      },
    });
    expect(f!.witness).toBe('vpcreach trace test.yaml --from ecs-client --to ep-web --port 8080');
  });

  it('invalid: part of the range admitted', () => {
    const text = seed.text.replace(SHARED_RULE, SHARED_RULE.replace('100.125.0.0/16', '100.125.0.0/17'));
    expect(findingsOf(text, RULE).map((f) => [f.messageId, f.data.admitted])).toEqual([['partial', '100.125.0.0/17']]);
  });

  it('invalid: dedicated layer-7 members that admit only the VPCEP range — the source is the load balancer subnet', () => {
    const text = dedicated('http', '');
    expect(findingsOf(text, RULE).map((f) => [f.messageId, f.data.range, f.data.forwarder])).toEqual([
      ['missing', '10.0.1.0/24', 'the subnet dedicated load balancer "elb-1" forwards from'],
    ]);
  });

  it('invalid: the member subnet ACL admits only the VPCEP range — reported at the ACL; the fix goes first', () => {
    const text = withMemberAcl(
      '      - { action: allow, protocol: tcp, ports: 8080, source: 198.19.128.0/17 }\n      - { action: deny, source: 100.64.0.0/10 }',
    );
    expect(findingsOf(text, RULE)).toEqual([
      expect.objectContaining({
        messageId: 'aclMissing',
        ...at(text, 'id: acl-members'),
        data: expect.objectContaining({ acl: 'acl-members', subnet: 'subnet-members' }),
      }),
    ]);
    const [f] = fullFindingsOf(text, RULE);
    expect(f!.fix).toEqual({
      kind: 'add-network-acl-rule',
      acl: 'acl-members',
      direction: 'inbound',
      rule: { protocol: 'tcp', ports: 8080, source: '100.125.0.0/16', action: 'allow', priority: 1, description: 'shared load balancer forwarding range' },
    });
    // Proven and applied: the new rule is the first inbound line, ahead of the deny that also covers the range.
    const m = model(text);
    const load = (t: string) => modelOf(loadModelFromText('test.yaml', t));
    const { text: after, outcomes } = proveFixes(text, m, lint(m), load, (x) => lint(x));
    expect(outcomes.filter((o) => o.finding.ruleId === RULE).map((o) => o.status)).toEqual(['applied']);
    expect(after).toBe(
      text.replace(
        '    inbound:\n',
        '    inbound:\n      - { protocol: tcp, ports: 8080, source: 100.125.0.0/16, action: allow, priority: 1, description: shared load balancer forwarding range }\n',
      ),
    );
    expect(findingsOf(after, RULE)).toEqual([]);
  });

  it('the bundled misconfigurations model: the shared and the dedicated layer-7 mistakes', () => {
    const m = bundled('misconfigurations');
    expect(findingsOf(m.text, RULE, m.file).map((f) => [f.messageId, f.data.group, f.data.listener])).toEqual([
      ['missing', 'sg-no-ingress', 'l-shared-82-mixed'],
      ['missing', 'sg-l7-wrong', 'l-dedicated-http'],
    ]);
  });

  it('every filter that refuses, for every member: the ACL and the group both lack the range, each reported naming both members', () => {
    const text = withMemberAcl('      - { action: allow, protocol: tcp, ports: 8080, source: 198.19.128.0/17 }').replace(SHARED_RULE, '');
    expect(findingsOf(text, RULE).map((f) => [f.messageId, f.line, f.data.members, f.data.acl ?? f.data.group])).toEqual([
      ['missing', at(text, 'id: sg-backend').line, '"ecs-web-1", "ecs-web-2"', 'sg-backend'],
      ['aclMissing', at(text, 'id: acl-members').line, '"ecs-web-1", "ecs-web-2"', 'acl-members'],
    ]);
    // Fixing both, as lint --fix does, leaves nothing of this rule.
    const m = model(text);
    const load = (t: string) => modelOf(loadModelFromText('test.yaml', t));
    const { text: after } = proveFixes(text, m, lint(m), load, (x) => lint(x));
    expect(findingsOf(after, RULE)).toEqual([]);
  });

  it('an allow of the load balancer subnet that an earlier deny takes away: at the deny, and the fix raises that allow above it', () => {
    const deny = '      - { direction: ingress, protocol: tcp, ports: 8000-8999, source: 10.0.0.0/8, action: deny, priority: 5 }\n';
    const allow = '      - { direction: ingress, protocol: tcp, ports: 8080, source: 10.0.1.0/24, priority: 10 }\n';
    // Members in a subnet of their own (an ACL that admits everything): the load balancer's subnet holds nothing else.
    const text = withMemberAcl('      - { action: allow, protocol: any, source: 0.0.0.0/0 }')
      .replace('    kind: shared\n', '    kind: dedicated\n')
      .replace('        protocol: tcp\n        port: 80', '        protocol: http\n        port: 80')
      .replace(SHARED_RULE, deny + allow);
    const f = fullFindingsOf(text, RULE);
    expect(f.map((x) => [x.messageId, x.location.line])).toEqual([['shadowed', at(text, 'action: deny, priority: 5').line]]);
    expect(f[0]!.message).toBe(
      'deny rule rules[1] of security group "sg-backend" (priority 5) is decided before the allow rules[2] (priority 10) for 10.0.1.0/24 (the subnet dedicated load balancer "elb-1" forwards from) on port 8080, so members "ecs-web-1", "ecs-web-2" of listener "listener-80" still drop what the load balancer forwards',
    );
    expect(f[0]!.fix).toEqual({ kind: 'set-rule-priority', group: 'sg-backend', index: 2, priority: 4 });
    // Proven and applied: the original allow decides now; nothing of this rule is left, and no rule is left dead.
    const m = model(text);
    const load = (t: string) => modelOf(loadModelFromText('test.yaml', t));
    const { text: after, outcomes } = proveFixes(text, m, lint(m), load, (x) => lint(x));
    expect(outcomes.filter((o) => o.finding.ruleId === RULE).map((o) => o.status)).toEqual(['applied']);
    expect(after).toBe(text.replace(allow, allow.replace('priority: 10', 'priority: 4')));
    expect(findingsOf(after, RULE)).toEqual([]);
    expect(findingsOf(after, 'sg-rule-shadowed')).toEqual([]);
  });
});
