import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { toTerraformState } from '../../src/generate/terraform-state.js';
import { importTerraform, loadModelFromText } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { modelOf } from '../helpers/model.js';

type Json = Record<string, unknown>;
type Change = { address: string; type: string; mode?: string; name?: string; change: { actions?: string[]; after: Json; after_unknown: Json } };

const text = readFileSync('test/fixtures/terraform/peering-plan.json', 'utf8');

/** The fixture's plan with `edit` applied to it (its resource changes and planned values alike). */
function edited(
  edit: (plan: { resource_changes: Change[]; planned_values: { root_module: { resources: { address: string; values: Json }[] } } }) => void,
): string {
  const plan = JSON.parse(text) as Parameters<typeof edit>[0];
  edit(plan);
  return JSON.stringify(plan, null, 2);
}

describe('peering connections and route tables from Terraform', () => {
  it('reads the connection, the default table its routes go to, and a custom table with its subnet', () => {
    const m = modelOf(loadModelFromText('plan.json', text))!;
    expect([...m.peerings.values()].map((p) => [p.id, p.vpc, p.peerVpc, p.status, p.statusDefaulted])).toEqual([
      ['huaweicloud_vpc_peering_connection.main', 'huaweicloud_vpc.consumer', 'huaweicloud_vpc.provider', 'active', true],
    ]);
    expect([...m.routeTables.values()].map((t) => [t.id, t.isDefault, t.subnets, t.routes.map((r) => [r.type, r.nextHop])])).toEqual([
      ['huaweicloud_vpc_route_table.provider', false, ['huaweicloud_vpc_subnet.api'], [['peering', 'huaweicloud_vpc_peering_connection.main']]],
      [
        'huaweicloud_vpc.consumer.default_route_table',
        true,
        [],
        [
          ['peering', 'huaweicloud_vpc_peering_connection.main'],
          ['vpn', 'vpn-gw-office'],
        ],
      ],
    ]);
    expect(m.subnets.get('huaweicloud_vpc_subnet.client')!.routeTable).toBe('huaweicloud_vpc.consumer.default_route_table');
    expect(m.subnets.get('huaweicloud_vpc_subnet.api')!.routeTable).toBe('huaweicloud_vpc_route_table.provider');
  });

  it('a connection to another tenant that nothing accepts is pending (said as info); an accepter with accept = true makes it active', () => {
    const crossTenant = (plan: { resource_changes: Change[]; planned_values: { root_module: { resources: { address: string; values: Json }[] } } }): void => {
      for (const r of [...plan.resource_changes.map((c) => ({ address: c.address, values: c.change.after })), ...plan.planned_values.root_module.resources])
        if (r.address === 'huaweicloud_vpc_peering_connection.main') r.values.peer_tenant_id = 'tenant-b';
    };
    const pending = loadModelFromText('plan.json', edited(crossTenant));
    const flow = { from: 'huaweicloud_compute_instance.client', to: 'huaweicloud_compute_instance.api', port: 8443 };
    expect(pending.diagnostics.map((d) => [d.code, d.severity, d.location.address])).toContainEqual([
      'terraform-peering-pending',
      'info',
      'huaweicloud_vpc_peering_connection.main.peer_tenant_id',
    ]);
    const d = new Simulator(modelOf(pending)!).decide(flow);
    expect(d.ok && [d.value.verdict, d.value.code, d.value.at]).toEqual(['unreachable', 'PEERING_NOT_ACTIVE', 'huaweicloud_vpc_peering_connection.main']);

    const accepted = edited((plan) => {
      crossTenant(plan);
      const values = { id: 'x', vpc_peering_connection_id: 'pcx-1', accept: true };
      plan.resource_changes.push({
        address: 'huaweicloud_vpc_peering_connection_accepter.peer',
        type: 'huaweicloud_vpc_peering_connection_accepter',
        mode: 'managed',
        name: 'peer',
        change: { actions: ['create'], after: values, after_unknown: {} },
      });
      plan.planned_values.root_module.resources.push({
        address: 'huaweicloud_vpc_peering_connection_accepter.peer',
        values,
        type: 'huaweicloud_vpc_peering_connection_accepter',
        mode: 'managed',
        name: 'peer',
        provider_name: 'registry.terraform.io/huaweicloud/huaweicloud',
      } as never);
      // The connection's id is known: the accepter names it.
      for (const r of [...plan.resource_changes.map((c) => ({ address: c.address, values: c.change.after })), ...plan.planned_values.root_module.resources])
        if (r.address === 'huaweicloud_vpc_peering_connection.main') r.values.id = 'pcx-1';
      for (const c of plan.resource_changes) if (c.address === 'huaweicloud_vpc_peering_connection.main') delete c.change.after_unknown.id;
    });
    const m = modelOf(loadModelFromText('plan.json', accepted))!;
    expect(m.peerings.get('huaweicloud_vpc_peering_connection.main')!.status).toBe('active');
    const a = new Simulator(m).decide(flow);
    expect(a.ok && [a.value.verdict, a.value.code]).toEqual(['reachable', 'DELIVERED']);
  });

  it("a route into a connection that joins other VPCs is an error at the route's attribute", () => {
    const plan = edited((p) => {
      for (const c of p.resource_changes)
        if (c.address === 'huaweicloud_vpc_route.office') Object.assign(c.change.after, { type: 'peering', nexthop: 'pcx-elsewhere' });
      for (const r of p.planned_values.root_module.resources)
        if (r.address === 'huaweicloud_vpc_route.office') Object.assign(r.values, { type: 'peering', nexthop: 'pcx-elsewhere' });
    });
    const r = loadModelFromText('plan.json', plan);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.location.address])).toEqual([
      ['unresolved-reference', 'huaweicloud_vpc_route.office.nexthop'],
    ]);
  });
});

describe('peering across two workspaces', () => {
  it("the requester's state holds the connection and its routes, the peer's state the other VPCs: one network, the connection links them by id", () => {
    const doc = parse(readFileSync('models/peering/model.yaml', 'utf8')) as Json;
    const resources = (toTerraformState(doc).state.values as { root_module: { resources: { type: string; name: string; values: Json }[] } }).root_module
      .resources;
    // The consumer's workspace: its VPC and what is in it, its group, its endpoint, the connections and its route table.
    const consumer = new Set([
      'vpc-consumer',
      'subnet-client',
      'subnet-batch',
      'subnet-endpoints',
      'sg-client',
      'ecs-client',
      'ecs-batch',
      'ep-api',
      'rtb-consumer',
    ]);
    const mine = (r: { type: string; name: string }) =>
      consumer.has(r.name) || r.name.startsWith('sg-client') || r.type === 'huaweicloud_vpc_peering_connection' || r.name.startsWith('rtb-consumer');
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-two-'));
    const state = (rs: unknown[]) => JSON.stringify({ format_version: '1.0', terraform_version: '1.9.8', values: { root_module: { resources: rs } } });
    writeFileSync(join(dir, 'consumer.json'), state(resources.filter(mine)));
    writeFileSync(join(dir, 'provider.json'), state(resources.filter((r) => !mine(r))));
    const { result } = importTerraform([join(dir, 'consumer.json'), join(dir, 'provider.json')]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const m = modelOf(result)!;
    expect(m.peerings.get('consumer:huaweicloud_vpc_peering_connection.pcx-consumer-provider')).toMatchObject({
      vpc: 'consumer:huaweicloud_vpc.vpc-consumer',
      peerVpc: 'provider:huaweicloud_vpc.vpc-provider',
      status: 'active',
    });
    const d = new Simulator(m).decide({
      from: 'consumer:huaweicloud_compute_instance.ecs-client',
      to: 'provider:huaweicloud_compute_instance.ecs-api',
      port: 8443,
    });
    expect(d.ok && [d.value.verdict, d.value.code]).toEqual(['reachable', 'DELIVERED']);
    const back = new Simulator(m).decide({
      from: 'consumer:huaweicloud_compute_instance.ecs-client',
      to: 'provider:huaweicloud_compute_instance.ecs-tools',
      port: 22,
    });
    expect(back.ok && back.value.code).toBe('NO_RETURN_ROUTE');
  });
});
