import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, findingsOf } from '../helpers.js';

const RULE = 'service-name';
const svc = (name: string): string =>
  `{ id: svc, name: "${name}", vpc: vpc-p, approval: false, permissions: ["iam:domain::a"], backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }`;

describe(RULE, () => {
  it('valid: no name, or 1-16 letters, digits, _ and -', () => {
    expect(findingsOf(ecsSetup(), RULE)).toEqual([]);
    expect(findingsOf(ecsSetup({ service: svc('web_api-2') }), RULE)).toEqual([]);
  });

  it('invalid: a space, or 17 characters — at the service', () => {
    for (const name of ['web api', 'a-very-long-name-17']) {
      const text = ecsSetup({ service: svc(name) });
      expect(findingsOf(text, RULE)).toEqual([{ messageId: 'name', ...at(text, '{ id: svc,'), data: { name, service: 'svc' } }]);
    }
  });
});
