import { describe, expect, it } from 'vitest';
import { ecsSetup } from '../../helpers/model.js';
import { at, bundled, findingsOf } from '../helpers.js';

const RULE = 'port-mapping-dead-end';

describe(RULE, () => {
  it('valid: the backend listens on the service port; undeclared ports are assumed to listen', () => {
    expect(findingsOf(ecsSetup(), RULE)).toEqual([]);
    expect(findingsOf(ecsSetup({ listens: '' }), RULE)).toEqual([]);
  });

  it('invalid: the backend does not listen on the service port — reported at the mapping', () => {
    const text = ecsSetup({ listens: ', listens: [9090]' });
    expect(findingsOf(text, RULE)).toEqual([
      {
        messageId: 'not-listening',
        ...at(text, '{ servicePort: 8080, terminalPort: 80 }'),
        data: { terminalPort: 80, servicePort: 8080, service: 'svc', backend: 'backend', port: 8080 },
      },
    ]);
  });

  it('invalid: no listener on the service port of a load balancer (bundled misconfigurations)', () => {
    const m = bundled('misconfigurations');
    const f = findingsOf(m.text, RULE, m.file);
    expect(f.map((x) => [x.messageId, x.data.service, x.data.servicePort])).toEqual([
      ['not-listening', 'svc-not-listening', 8080],
      ['no-listener', 'svc-shared', 443],
    ]);
  });
});
