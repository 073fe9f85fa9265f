import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, findingsOf } from '../helpers.js';

const RULE = 'sg-rule-redundant';

describe(RULE, () => {
  it('valid: every rule changes some outcome (the default setup; a deny that carves out of a later allow)', () => {
    expect(findingsOf(ecsSetup(), RULE)).toEqual([]);
    const carve = ecsSetup({
      backendRules: [
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/18, action: deny, priority: 1 }',
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17, priority: 2 }',
      ].join('\n'),
    });
    expect(findingsOf(carve, RULE)).toEqual([]);
  });

  it('invalid: an allow that a later allow repeats, and a deny of what nothing allows — each at the rule', () => {
    const first = '{ direction: ingress, protocol: tcp, ports: 8080, source: 198.19.200.0/24, priority: 1 }';
    const deny = '{ direction: ingress, protocol: tcp, ports: 9999, source: 10.0.0.0/8, action: deny, priority: 3 }';
    const text = ecsSetup({
      backendRules: [
        `      - ${first}`,
        '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17, priority: 2 }',
        `      - ${deny}`,
      ].join('\n'),
    });
    expect(findingsOf(text, RULE)).toEqual([
      { messageId: 'redundant', ...at(text, first), data: { direction: 'ingress', rule: 'rules[0]', group: 'sg-b', action: 'allow', after: 'allow' } },
      {
        messageId: 'redundant',
        ...at(text, deny),
        data: { direction: 'ingress', rule: 'rules[2]', group: 'sg-b', action: 'deny', after: 'deny (or leave to the default deny)' },
      },
    ]);
  });
});
