import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, bundled, findingsOf } from '../helpers.js';

const RULE = 'endpoint-not-usable';

describe(RULE, () => {
  it('valid: an accepted endpoint of a permitted account', () => {
    expect(findingsOf(ecsSetup(), RULE)).toEqual([]);
  });

  it('invalid: pending approval (bundled pending-approval) and rejected', () => {
    const m = bundled('pending-approval');
    expect(findingsOf(m.text, RULE, m.file)).toEqual([
      { messageId: 'status', ...at(m.text, '{ id: ep-api'), data: { endpoint: 'ep-api', status: 'pendingAcceptance', service: 'svc-api' } },
    ]);
    const endpoint = '{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc, status: rejected }';
    const text = ecsSetup({ endpoint });
    expect(findingsOf(text, RULE)).toEqual([{ messageId: 'status', ...at(text, endpoint), data: { endpoint: 'ep', status: 'rejected', service: 'svc' } }]);
  });

  it('invalid: the service does not permit the endpoint’s account', () => {
    const text = ecsSetup({
      service:
        '{ id: svc, vpc: vpc-p, approval: false, permissions: ["iam:domain::zz"], backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }',
    });
    expect(findingsOf(text, RULE)).toEqual([
      { messageId: 'permission', ...at(text, '{ id: ep,'), data: { endpoint: 'ep', account: 'a', service: 'svc', owner: 'b' } },
    ]);
  });
});
