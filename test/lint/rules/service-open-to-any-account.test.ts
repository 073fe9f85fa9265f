import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, findingsOf, fullFindingsOf } from '../helpers.js';

const RULE = 'service-open-to-any-account';
const service = (permissions: string, approval: boolean): string =>
  `{ id: svc, vpc: vpc-p, approval: ${approval}, permissions: ${permissions}, backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }`;

describe(RULE, () => {
  it('valid: named accounts, or every account with approval', () => {
    expect(findingsOf(ecsSetup(), RULE)).toEqual([]);
    expect(
      findingsOf(
        ecsSetup({ service: service('["*"]', true), endpoint: '{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc, status: accepted }' }),
        RULE,
      ),
    ).toEqual([]);
  });

  it('invalid: "*" without approval — reported at the service; the fix turns approval on', () => {
    const s = service('["*"]', false);
    const text = ecsSetup({ service: s });
    expect(findingsOf(text, RULE)).toEqual([{ messageId: 'open', ...at(text, s), data: { service: 'svc', permissions: '"*"' } }]);
    expect(fullFindingsOf(text, RULE)[0]!.fix).toEqual({ kind: 'set-field', resource: 'svc', field: 'approval', value: true });
  });
});
