import { describe, expect, it } from 'vitest';
import { at, bundled, findingsOf, fullFindingsOf } from '../helpers.js';
import { model, run } from '../../helpers/model.js';

const RULE = 'peering-route-without-return';

describe(RULE, () => {
  it('valid: the peer VPC routes the consumer VPC back', () => {
    const m = bundled('peering');
    const text = m.text.replace(
      '- { destination: 10.1.2.0/24, type: peering, nextHop: pcx-consumer-tools }',
      '- { destination: 10.1.0.0/16, type: peering, nextHop: pcx-consumer-tools }',
    );
    expect(text).not.toBe(m.text);
    expect(findingsOf(text, RULE)).toEqual([]);
  });

  it('invalid: only one subnet routed back — at the route, with the first pair, the count, and a trace that ends NO_RETURN_ROUTE', () => {
    const m = bundled('peering');
    const f = fullFindingsOf(m.text, RULE, m.file);
    const route = at(m.text, '{ destination: 10.4.0.0/16');
    expect(f.map((x) => [x.messageId, x.location.line, x.location.column, x.data.subnet, x.data.peerSubnet, x.data.more])).toEqual([
      ['noReturn', route.line, route.column, 'subnet-client', 'subnet-tools', ' (and 1 more pair of subnets)'],
    ]);
    expect(f[0]!.witness).toBe('vpcreach trace models/peering/model.yaml --from ecs-client --to ecs-tools --port 1');
    expect(run(model(m.text, m.file), 'ecs-client', 'ecs-tools', 1).code).toBe('NO_RETURN_ROUTE');
  });

  it('a connection that is not active is the other rule’s', () => {
    const m = bundled('peering');
    const text = m.text.replace('peerVpc: vpc-tools }', 'peerVpc: vpc-tools, status: expired }');
    expect(findingsOf(text, RULE)).toEqual([]);
  });
});
