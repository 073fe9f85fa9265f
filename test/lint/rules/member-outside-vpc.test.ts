import { describe, expect, it } from 'vitest';
import { at, bundled, findingsOf } from '../helpers.js';

const RULE = 'member-outside-vpc';

describe(RULE, () => {
  it('valid: members in the load balancer’s VPC', () => {
    const m = bundled('seed-elb');
    expect(findingsOf(m.text, RULE, m.file)).toEqual([]);
  });

  it('invalid: a member in the consumer VPC — at the member', () => {
    const m = bundled('elb-whitelist-missing-range');
    const text = m.text.replace('          - { instance: ecs-web-1, port: 8080 }', '          - { instance: ecs-client, port: 8080 }');
    expect(text).not.toBe(m.text);
    const f = findingsOf(text, RULE);
    expect(f.map((x) => [x.messageId, x.line, x.column, x.data.member, x.data.lbVpc])).toEqual([
      ['outside', at(text, '{ instance: ecs-client').line, at(text, '{ instance: ecs-client').column, 'ecs-client', f[0]!.data.lbVpc],
    ]);
    expect(f[0]!.data.vpc).not.toBe(f[0]!.data.lbVpc);
  });
});
