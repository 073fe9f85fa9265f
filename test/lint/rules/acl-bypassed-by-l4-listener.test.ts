import { describe, expect, it } from 'vitest';
import { at, bundled, findingsOf } from '../helpers.js';

const RULE = 'acl-bypassed-by-l4-listener';

describe(RULE, () => {
  it('valid: with IP as a backend the member filters apply (and are then the range rules’ business); a shared load balancer applies them too, with Transfer Client IP off', () => {
    const m = bundled('misconfigurations');
    const withIp = m.text
      .replace('  - id: elb-dedicated\n    kind: dedicated\n', '  - id: elb-dedicated\n    kind: dedicated\n    ipAsBackend: true\n')
      .replace('        transferClientIp: true\n', '');
    expect(withIp).not.toBe(m.text);
    expect(findingsOf(withIp, RULE)).toEqual([]);
    const seed = bundled('seed-elb');
    expect(findingsOf(seed.text, RULE, seed.file)).toEqual([]);
  });

  it('invalid: member groups that would refuse what a layer-4 listener forwards unfiltered (dedicated without IP as a backend; shared with Transfer Client IP on) — at the member’s first group', () => {
    const m = bundled('misconfigurations');
    expect(findingsOf(m.text, RULE, m.file)).toEqual([
      {
        messageId: 'security-group',
        ...at(m.text, 'id: sg-elb-member'),
        data: {
          member: 'ecs-member-ok',
          listener: 'l-shared-85-client-ip',
          lb: 'elb-shared',
          port: 8080,
          why: 'a shared layer-4 listener with Transfer Client IP on',
        },
      },
      {
        messageId: 'security-group',
        ...at(m.text, 'id: sg-no-ingress'),
        data: { member: 'ecs-member-bad', listener: 'l-dedicated-tcp', lb: 'elb-dedicated', port: 8080, why: 'a layer-4 listener without IP as a backend' },
      },
    ]);
  });
});
