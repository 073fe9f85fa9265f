import { describe, expect, it } from 'vitest';
import { at, bundled, findingsOf } from '../helpers.js';

const RULE = 'access-control-unused';

describe(RULE, () => {
  it('valid: a whitelist with its CIDRs; mode all without any', () => {
    const m = bundled('elb-whitelist-missing-range');
    expect(findingsOf(m.text, RULE, m.file)).toEqual([]);
    expect(findingsOf(m.text.replace('{ mode: whitelist, cidrs: [192.168.1.0/24] }', '{ mode: all }'), RULE)).toEqual([]);
  });

  it('invalid: mode all with CIDRs — at the listener', () => {
    const m = bundled('elb-whitelist-missing-range');
    const text = m.text.replace('{ mode: whitelist, cidrs: [192.168.1.0/24] }', '{ mode: all, cidrs: [192.168.1.0/24] }');
    expect(findingsOf(text, RULE)).toEqual([{ messageId: 'ignored', ...at(text, 'id: listener-80'), data: { listener: 'listener-80', count: 1 } }]);
  });
});
