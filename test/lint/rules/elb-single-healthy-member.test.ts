import { describe, expect, it } from 'vitest';
import { at, bundled, findingsOf } from '../helpers.js';

const RULE = 'elb-single-healthy-member';

describe(RULE, () => {
  it('valid: two usable members (the seed setup)', () => {
    const m = bundled('seed-elb');
    expect(findingsOf(m.text, RULE, m.file)).toEqual([]);
  });

  it('invalid: one usable member — reported at the listener', () => {
    const m = bundled('elb-whitelist-missing-range');
    expect(findingsOf(m.text, RULE, m.file)).toEqual([
      { messageId: 'one', ...at(m.text, 'id: listener-80'), data: { listener: 'listener-80', lb: 'elb-1', service: 'svc-web', member: 'ecs-web-1' } },
    ]);
  });

  it('invalid: no usable member (unhealthy or weight 0)', () => {
    const m = bundled('elb-whitelist-missing-range');
    const text = m.text.replace('{ instance: ecs-web-1, port: 8080 }', '{ instance: ecs-web-1, port: 8080, healthy: false }');
    expect(findingsOf(text, RULE).map((f) => f.messageId)).toEqual(['none']);
  });
});
