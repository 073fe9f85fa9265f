import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, findingsOf } from '../helpers.js';

const RULE = 'no-port-mappings';

describe(RULE, () => {
  it('valid: a mapping', () => {
    expect(findingsOf(ecsSetup(), RULE)).toEqual([]);
  });

  it('invalid: no mappings — at the service', () => {
    const s = '{ id: svc, vpc: vpc-p, approval: false, permissions: ["iam:domain::a"], backend: { kind: ecs, instance: backend }, portMappings: [] }';
    const text = ecsSetup({ service: s });
    expect(findingsOf(text, RULE)).toEqual([{ messageId: 'none', ...at(text, s), data: { service: 'svc' } }]);
  });
});
