import { describe, expect, it } from 'vitest';
import { at, bundled, findingsOf, fullFindingsOf } from '../helpers.js';
import { model, run } from '../../helpers/model.js';

const RULE = 'peering-bypasses-endpoint';

describe(RULE, () => {
  it('valid: the backend admits the consumer VPC only through the endpoint', () => {
    const m = bundled('peering');
    const text = m.text.replace('ports: 8443, source: 10.0.0.0/8,', 'ports: 8443, source: 10.2.0.0/16,');
    expect(text).not.toBe(m.text);
    expect(findingsOf(text, RULE)).toEqual([]);
    // And with no peering at all, never.
    expect(findingsOf(bundled('ecs-backend').text, RULE)).toEqual([]);
  });

  it('invalid: a consumer instance reaches the backend on the service port through peering — at the service, with the witness', () => {
    const m = bundled('peering');
    const f = fullFindingsOf(m.text, RULE, m.file);
    const svc = at(m.text, 'id: svc-api');
    expect(f.map((x) => [x.messageId, x.location.line, x.data.client, x.data.backend, x.data.port, x.data.back])).toEqual([
      ['bypass', svc.line, 'ecs-batch', 'ecs-api', 8443, ''],
    ]);
    expect(f[0]!.witness).toBe('vpcreach trace models/peering/model.yaml --from ecs-batch --to ecs-api --port 8443');
    expect(run(model(m.text, m.file), 'ecs-batch', 'ecs-api', 8443).code).toBe('DELIVERED');
  });

  it('the backend reaching the client back is said too', () => {
    const m = bundled('peering');
    const text = m.text
      .replace(
        '      - { direction: ingress, protocol: tcp, ports: 8443, source: 198.19.128.0/17, description: VPCEP }',
        '      - { direction: ingress, protocol: tcp, ports: 8443, source: 198.19.128.0/17, description: VPCEP }\n      - { direction: egress, protocol: tcp, ports: 22, destination: 10.1.0.0/16 }',
      )
      .replace(
        '  - id: sg-client\n    rules:\n',
        '  - id: sg-client\n    rules:\n      - { direction: ingress, protocol: tcp, ports: 22, source: 10.2.0.0/16 }\n',
      );
    expect(text).not.toBe(m.text);
    const f = findingsOf(text, RULE);
    expect(f.map((x) => x.data.back)).toEqual(['; and "ecs-api" reaches "ecs-batch" back (tcp/22), which an endpoint never allows']);
  });
});
