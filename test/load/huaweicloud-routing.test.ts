import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importHuaweicloud } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { modelOf } from '../helpers/model.js';

// The fixture dump's consumer VPC (192.168.0.0/16, ecs-client) and provider VPC (10.0.0.0/16, ecs-web-1 and -2), with
// a peering connection between them and route tables, as GET /v2.0/vpc/peerings and the route-table APIs return them.
const id = (n: number): string => `${String(n).padStart(8, '0')}-1111-4222-8333-444455556666`;
const [vpcC, vpcP, subC, subP, pcx, rtbC, rtbP] = [id(1), id(2), id(3), id(4), id(40), id(41), id(42)];

function dump(status: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpcreach-api-routing-'));
  cpSync('test/fixtures/huaweicloud-api/dump', dir, { recursive: true });
  const write = (name: string, body: unknown): void => writeFileSync(join(dir, name), JSON.stringify(body, null, 2));
  write('peerings.json', {
    peerings: [
      {
        id: pcx,
        name: 'consumer-provider',
        status,
        request_vpc_info: { vpc_id: vpcC, tenant_id: 't1' },
        accept_vpc_info: { vpc_id: vpcP, tenant_id: 't1' },
      },
    ],
  });
  // The list: the default tables, with the subnets the API lists for them too (no routes in a list).
  write('routetables.json', {
    routetables: [
      { id: rtbC, name: 'rtb-consumer', default: true, vpc_id: vpcC, subnets: [{ id: subC }] },
      { id: rtbP, name: 'rtb-provider', default: true, vpc_id: vpcP, subnets: [{ id: subP }] },
    ],
  });
  // One table's details, as GET /v1/{project_id}/routetables/{id} returns it: the consumer's, with its route.
  write(`routetable-${rtbC}.json`, {
    routetable: {
      id: rtbC,
      name: 'rtb-consumer-routes',
      default: true,
      vpc_id: vpcC,
      subnets: [{ id: subC }],
      routes: [{ type: 'peering', destination: '10.0.0.0/16', nexthop: pcx, description: '' }],
    },
  });
  return dir;
}

describe('peering connections and route tables from Huawei Cloud API responses', () => {
  it('reads the connection and the tables (a default table lists no subnets), and routes along them', () => {
    const { result } = importHuaweicloud(dump('ACTIVE'));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const m = modelOf(result)!;
    expect([...m.peerings.values()].map((p) => [p.id, p.vpc, p.peerVpc, p.status])).toEqual([['consumer-provider', 'vpc-consumer', 'vpc-provider', 'active']]);
    // The details of the consumer's table stand for its list entry; the default tables list no subnets.
    expect([...m.routeTables.values()].map((t) => [t.id, t.vpc, t.isDefault, t.subnets, t.routes.map((r) => [r.type, r.nextHop])])).toEqual([
      ['rtb-consumer-routes', 'vpc-consumer', true, [], [['peering', 'consumer-provider']]],
      ['rtb-provider', 'vpc-provider', true, [], []],
    ]);
    expect(m.subnets.get('subnet-consumer')!.routeTable).toBe('rtb-consumer-routes');
    // The provider's table has no route back: the connection never completes.
    const d = new Simulator(m).decide({ from: 'ecs-client', to: 'ecs-web-1', port: 8080 });
    expect(d.ok && [d.value.verdict, d.value.code, d.value.at]).toEqual(['unreachable', 'NO_RETURN_ROUTE', 'rtb-provider']);
  });

  it('a connection the API reports as pending carries nothing', () => {
    const m = modelOf(importHuaweicloud(dump('PENDING_ACCEPTANCE')).result)!;
    const d = new Simulator(m).decide({ from: 'ecs-client', to: 'ecs-web-1', port: 8080 });
    expect(d.ok && [d.value.verdict, d.value.code, d.value.at]).toEqual(['unreachable', 'PEERING_NOT_ACTIVE', 'consumer-provider']);
  });
});
