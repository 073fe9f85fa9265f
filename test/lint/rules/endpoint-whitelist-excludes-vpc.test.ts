import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, findingsOf } from '../helpers.js';

const RULE = 'endpoint-whitelist-excludes-vpc';
const endpoint = (whitelist: string): string => `{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc, whitelist: ${whitelist} }`;

describe(RULE, () => {
  it('valid: no whitelist, or one that admits a client of the VPC', () => {
    expect(findingsOf(ecsSetup(), RULE)).toEqual([]);
    expect(findingsOf(ecsSetup({ endpoint: endpoint('[192.168.1.0/24]') }), RULE)).toEqual([]);
  });

  it('invalid: a whitelist of addresses outside the VPC — reported at the endpoint', () => {
    const e = endpoint('[10.9.9.9/32]');
    const text = ecsSetup({ endpoint: e });
    expect(findingsOf(text, RULE)).toEqual([{ messageId: 'excludes', ...at(text, e), data: { endpoint: 'ep', count: 1, vpc: 'vpc-c' } }]);
  });
});
