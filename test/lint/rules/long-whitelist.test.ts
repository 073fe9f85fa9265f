import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, findingsOf } from '../helpers.js';

const RULE = 'long-whitelist';
const withWhitelist = (n: number): string =>
  ecsSetup({
    endpoint: `{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc, whitelist: [${Array.from({ length: n }, (_, i) => `192.168.1.${i + 10}`).join(', ')}] }`,
  });

describe(RULE, () => {
  it('valid: 20 entries', () => {
    expect(findingsOf(withWhitelist(20), RULE)).toEqual([]);
  });

  it('invalid: 21 entries — at the endpoint', () => {
    const text = withWhitelist(21);
    expect(findingsOf(text, RULE)).toEqual([{ messageId: 'long', ...at(text, '{ id: ep,'), data: { endpoint: 'ep', count: 21, recommended: 20, max: 60 } }]);
  });
});
