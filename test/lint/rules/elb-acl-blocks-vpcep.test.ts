import { describe, expect, it } from 'vitest';
import { at, bundled, findingsOf, fullFindingsOf } from '../helpers.js';

const RULE = 'elb-acl-blocks-vpcep';

describe(RULE, () => {
  it('valid: the seed setup (no access control) and a whitelist that holds the range', () => {
    const seed = bundled('seed-elb');
    expect(findingsOf(seed.text, RULE, seed.file)).toEqual([]);
    const m = bundled('elb-whitelist-missing-range');
    const fixed = m.text.replace('cidrs: [192.168.1.0/24]', 'cidrs: [192.168.1.0/24, 198.19.128.0/17]');
    expect(findingsOf(fixed, RULE)).toEqual([]);
  });

  it('invalid: a whitelist without the range — reported at the listener, the fix adds the range', () => {
    const m = bundled('elb-whitelist-missing-range');
    expect(findingsOf(m.text, RULE, m.file)).toEqual([
      { messageId: 'whitelist', ...at(m.text, 'id: listener-80'), data: { listener: 'listener-80', lb: 'elb-1', service: 'svc-web', terminalPort: 8080 } },
    ]);
    expect(fullFindingsOf(m.text, RULE, m.file)[0]!.fix).toEqual({ kind: 'add-access-control-cidr', listener: 'listener-80', cidr: '198.19.128.0/17' });
  });

  it('invalid: a blacklist that touches the range — the fix removes that entry', () => {
    const m = bundled('elb-whitelist-missing-range');
    const text = m.text.replace('{ mode: whitelist, cidrs: [192.168.1.0/24] }', '{ mode: blacklist, cidrs: [10.0.0.0/8, 198.19.200.0/24] }');
    expect(findingsOf(text, RULE).map((f) => [f.messageId, f.data.cidr])).toEqual([['blacklist', '198.19.200.0/24']]);
    expect(fullFindingsOf(text, RULE)[0]!.fix).toEqual({ kind: 'remove-access-control-cidr', listener: 'listener-80', cidr: '198.19.200.0/24' });
  });
});
