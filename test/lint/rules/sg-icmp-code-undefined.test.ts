import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../../src/load/index.js';
import { Simulator } from '../../../src/sim/engine.js';
import { modelOf } from '../../helpers/model.js';
import { at, findingsOf } from '../helpers.js';

const RULE = 'sg-icmp-code-undefined';
/** app (10.0.1.10) and db (10.0.2.10); db's group has `rules`. */
const setup = (rules: string) => `
vpcs:
  - { id: v, cidr: 10.0.0.0/16, subnets: [ { id: s-app, cidr: 10.0.1.0/24 }, { id: s-db, cidr: 10.0.2.0/24 } ] }
securityGroups:
  - { id: sg-app, rules: [ { direction: egress } ] }
  - id: sg-db
    rules:
${rules}
instances:
  - { id: app, kind: ecs, subnet: s-app, ip: 10.0.1.10, securityGroups: [sg-app] }
  - { id: db, kind: ecs, subnet: s-db, ip: 10.0.2.10, securityGroups: [sg-db] }
`;

describe(RULE, () => {
  it('lint sg-icmp-code-undefined: an echo rule written 8/8 (an echo request carries code 0) — at the rule; the ping it means is refused', () => {
    const text = setup('      - { direction: ingress, protocol: icmp, ports: 8, icmpCode: 8 }');
    expect(findingsOf(text, RULE)).toEqual([
      {
        messageId: 'undefined',
        ...at(text, '{ direction: ingress, protocol: icmp, ports: 8'),
        data: { rule: 'rules[0]', group: 'sg-db', type: '8', code: '8', defined: 'code 0 only', does: 'admits' },
      },
    ]);
    const d = new Simulator(modelOf(loadModelFromText('m.yaml', text))!).decide({ from: 'app', to: 'db', port: 8, protocol: 'icmp' });
    expect(d.ok && [d.value.verdict, d.value.code]).toEqual(['unreachable', 'SG_INGRESS_DENIED']);
    // It is not also reported as shadowed: no rule before it takes what it matches; it matches nothing.
    expect(findingsOf(text, 'sg-rule-shadowed')).toEqual([]);
  });

  it('a deny on a code a type of many does not define; the codes it defines are listed', () => {
    const text = setup('      - { direction: ingress, protocol: icmp, ports: 3, icmpCode: 16, action: deny }\n      - { direction: ingress, protocol: icmp }');
    expect(findingsOf(text, RULE).map((f) => f.data)).toEqual([
      { rule: 'rules[0]', group: 'sg-db', type: '3', code: '16', defined: 'codes 0-15', does: 'refuses' },
    ]);
  });

  it('does not apply to a code the type defines, nor to a rule without a code', () => {
    const text = setup(
      [
        '      - { direction: ingress, protocol: icmp, ports: 3, icmpCode: 4 }',
        '      - { direction: ingress, protocol: icmp, ports: 9, icmpCode: 16 }',
        '      - { direction: ingress, protocol: icmp, ports: 0, icmpCode: 0 }',
        '      - { direction: ingress, protocol: icmp, ports: 11 }',
      ].join('\n'),
    );
    expect(findingsOf(text, RULE)).toEqual([]);
  });
});
