import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, findingsOf } from '../helpers.js';

const RULE = 'sg-rule-shadowed';

describe(RULE, () => {
  it('valid: each rule decides some flow (a narrower rule before a wider one)', () => {
    const text = ecsSetup({
      backendRules: [
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17, priority: 1 }',
        '      - { direction: ingress, protocol: tcp, ports: 22, source: 10.0.1.0/24, priority: 1 }',
        '      - { direction: ingress, protocol: tcp, ports: 1-1024, source: 10.0.0.0/8, priority: 2 }',
      ].join('\n'),
    });
    expect(findingsOf(text, RULE)).toEqual([]);
  });

  it('invalid: a narrower rule after a wider one of higher priority — at the narrower rule, naming the wider', () => {
    const narrow = '{ direction: ingress, protocol: tcp, ports: 22, source: 10.1.0.0/16, priority: 2 }';
    const text = ecsSetup({
      backendRules: [
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17, priority: 1 }',
        '      - { direction: ingress, protocol: tcp, ports: 1-1024, source: 10.0.0.0/8, priority: 1 }',
        `      - ${narrow}`,
      ].join('\n'),
    });
    expect(findingsOf(text, RULE)).toEqual([
      {
        messageId: 'shadowed',
        ...at(text, narrow),
        data: {
          direction: 'ingress',
          rule: 'rules[2]',
          group: 'sg-b',
          by: 'rules[1]',
          byGroup: 'sg-b',
          byPriority: 1,
          byAction: 'allow',
          takers: 'allow rules[1] of "sg-b" (priority 1)',
          take: 'takes',
        },
      },
    ]);
  });

  it('invalid: an allow taken by a deny at the same priority (denies first) — and two rules that only together cover it', () => {
    const allow = '{ direction: ingress, protocol: tcp, ports: 22, source: 10.0.1.0/24, priority: 5 }';
    const text = ecsSetup({
      backendRules: [
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17, priority: 1 }',
        `      - ${allow}`,
        '      - { direction: ingress, protocol: tcp, ports: 1-21, source: 10.0.0.0/8, action: deny, priority: 5 }',
        '      - { direction: ingress, protocol: tcp, ports: 22-100, source: 10.0.0.0/8, action: deny, priority: 5 }',
      ].join('\n'),
    });
    expect(findingsOf(text, RULE).map((f) => [f.line, f.data.by, f.data.byAction])).toEqual([[at(text, allow).line, 'rules[3]', 'deny']]);
  });

  it('across groups: reported only when shadowed in every group list that holds the group', () => {
    const base = ecsSetup({
      backendRules:
        '      - { direction: ingress, protocol: any, source: 0.0.0.0/0 }\n  - id: sg-x\n    rules:\n      - { direction: ingress, protocol: tcp, ports: 22, source: 10.0.0.0/8 }',
    });
    const both = base.replace('securityGroups: [sg-b]', 'securityGroups: [sg-b, sg-x]');
    expect(findingsOf(both, RULE).map((f) => [f.data.group, f.data.byGroup])).toEqual([['sg-x', 'sg-b']]);
    // Another instance uses sg-x alone: there the rule decides flows.
    const alone = both.replace('endpointServices:', '  - { id: other, kind: ecs, subnet: sub-p, ip: 10.0.1.30, securityGroups: [sg-x] }\nendpointServices:');
    expect(findingsOf(alone, RULE)).toEqual([]);
  });

  it('every rule that takes a piece is named: a deny takes part of an allow, a new allow the rest', async () => {
    const { lint } = await import('../../../src/lint/index.js');
    const { model } = await import('../../helpers/model.js');
    const old = '{ direction: ingress, protocol: tcp, ports: 8000-8080, source: 10.0.3.0/24, priority: 10 }';
    const text = ecsSetup({
      backendRules: [
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17, priority: 1 }',
        '      - { direction: ingress, protocol: tcp, ports: 8000-8999, source: 10.0.0.0/8, action: deny, priority: 5 }',
        `      - ${old}`,
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 10.0.3.0/24, priority: 1 }',
      ].join('\n'),
    });
    const f = lint(model(text)).filter((x) => x.ruleId === RULE);
    expect(f.map((x) => [x.location.line, x.message])).toEqual([
      [
        at(text, old).line,
        'rule rules[2] (ingress) of security group "sg-b" never decides a flow: allow rules[3] of "sg-b" (priority 1) and deny rules[1] of "sg-b" (priority 5) take everything it matches',
      ],
    ]);
  });
});
