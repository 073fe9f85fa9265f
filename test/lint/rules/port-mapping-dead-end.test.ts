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
        data: { terminalPort: 80, servicePort: 8080, service: 'svc', backend: 'backend', port: 8080, listening: '9090' },
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

  it('the message says how to fix it: the ports the load balancer listens on, or the listener to add', async () => {
    const { lint } = await import('../../../src/lint/index.js');
    const { model } = await import('../../helpers/model.js');
    const m = bundled('misconfigurations');
    const f = lint(model(m.text, m.file)).filter((x) => x.ruleId === RULE);
    expect(f.map((x) => x.message)).toEqual([
      'port mapping 80 → 8080 of endpoint service "svc-not-listening" leads to "ecs-quiet", which does not listen on port 8080: start the service on port 8080 of "ecs-quiet", or change the mapping\'s service port to one it listens on (22)',
      'port mapping 443 → 443 of endpoint service "svc-shared" leads to load balancer "elb-shared", which has no TCP listener on port 443: change the mapping\'s service port to one it listens on (80, 81, 82, 83, 84, 85), or add a TCP listener on port 443',
    ]);
  });
});
