// VPC peering connections and route tables, as the huaweicloud provider's resources hold them (see translate.ts).
import type { TfResource } from './document.js';
import type { Translator } from './translate.js';
import { isObject, str, type Json } from './common.js';

/** The API's peering statuses as the model writes them. */
const PEERING_STATUS: Readonly<Record<string, string>> = {
  ACTIVE: 'active',
  PENDING_ACCEPTANCE: 'pendingAcceptance',
  REJECTED: 'rejected',
  EXPIRED: 'expired',
  DELETED: 'deleted',
};

/** The VPC (model id) an attribute of `r` names, or undefined with a diagnostic when it is not in the document. */
export function vpcOf(t: Translator, r: TfResource, attr: string): string | undefined {
  const link = t.links.resolve(r, [attr], ['huaweicloud_vpc']);
  const vpc = t.single(r, [attr], link, 'VPC');
  if (vpc) return vpc.address;
  if (link.kind === 'resources') return undefined;
  const id = link.kind === 'external' ? link.ids[0]! : undefined;
  // A VPC that stands in for an external one (its subnets are here) is known by that id.
  if (id !== undefined && t.vpcIndex.has(id)) return String(t.vpcs[t.vpcIndex.get(id)!]!.id);
  t.note(
    'warning',
    'terraform-external-vpc',
    r,
    [attr],
    `${attr} of ${r.address} names a VPC that is not in this plan or state: vpcreach leaves ${r.address} out, and what it would carry is not analysed`,
    'add the VPC to the configuration, or read it with a `data "huaweicloud_vpc"` block',
  );
  return undefined;
}

export function readPeerings(t: Translator): void {
  // The accepter's side: accept = true makes a pending connection active.
  const accepted = new Map<TfResource, { res: TfResource; accept: boolean }>();
  for (const a of t.of('huaweicloud_vpc_peering_connection_accepter')) {
    const link = t.links.resolve(a, ['vpc_peering_connection_id'], ['huaweicloud_vpc_peering_connection']);
    const p = t.single(a, ['vpc_peering_connection_id'], link, 'peering connection');
    if (p) accepted.set(p, { res: a, accept: a.values.accept === true });
    else if (link.kind !== 'resources') t.unresolved(a, ['vpc_peering_connection_id'], link, 'peering connection');
  }
  for (const r of t.of('huaweicloud_vpc_peering_connection')) {
    const vpc = vpcOf(t, r, 'vpc_id');
    const peerVpc = vpcOf(t, r, 'peer_vpc_id');
    if (vpc === undefined || peerVpc === undefined) continue;
    const index = t.peerings.length;
    const obj: Json = { id: r.address, vpc, peerVpc };
    t.from(['peerings', index], r);
    t.from(['peerings', index, 'vpc'], r, ['vpc_id']);
    t.from(['peerings', index, 'peerVpc'], r, ['peer_vpc_id']);
    const known = PEERING_STATUS[str(r.values.status) ?? ''];
    const accepter = accepted.get(r);
    if (known) {
      obj.status = known;
      t.from(['peerings', index, 'status'], r, ['status']);
    } else if (accepter) {
      // Known only after apply: the accepter decides it.
      obj.status = accepter.accept ? 'active' : 'pendingAcceptance';
      t.from(['peerings', index, 'status'], accepter.res, ['accept']);
    } else if (str(r.values.peer_tenant_id)) {
      // Another tenant's VPC (a plan sets peer_tenant_id only then; the provider fills it in after apply), and nothing
      // here accepts it: it waits.
      obj.status = 'pendingAcceptance';
      t.from(['peerings', index, 'status'], r, ['peer_tenant_id']);
      t.note(
        'info',
        'terraform-peering-pending',
        r,
        ['peer_tenant_id'],
        `${r.address} peers with another tenant's VPC and nothing in this plan or state accepts it: vpcreach takes it as pending acceptance, which carries no traffic`,
        'add the huaweicloud_vpc_peering_connection_accepter of the peer account (accept = true), or read the state after it is accepted',
      );
    }
    t.peerings.push(obj);
    t.peeringOf.set(r, obj);
  }
}

export function readRouteTables(t: Translator): void {
  const byResource = new Map<TfResource, { obj: Json; index: number }>();
  for (const r of t.of('huaweicloud_vpc_route_table')) {
    // A data source reads a table the configuration does not manage: its routes are the cloud's, not the plan's.
    if (r.mode === 'data') continue;
    const vpc = vpcOf(t, r, 'vpc_id');
    if (vpc === undefined) continue;
    const index = t.routeTables.length;
    // `default` is the API's (and the data source's) flag; a managed table is a custom one.
    const obj: Json = r.values.default === true ? { id: r.address, vpc, default: true, routes: [] } : { id: r.address, vpc, subnets: [], routes: [] };
    if (r.values.default === true) t.from(['routeTables', index, 'default'], r, ['default']);
    t.routeTables.push(obj);
    byResource.set(r, { obj, index });
    t.from(['routeTables', index], r);
    const subnets = Array.isArray(r.values.subnets) && r.values.default !== true ? r.values.subnets : [];
    subnets.forEach((_s, k) => {
      const link = t.links.resolve(r, ['subnets', k], ['huaweicloud_vpc_subnet']);
      const subnet = t.single(r, ['subnets', k], link, 'subnet');
      if (!subnet) {
        if (link.kind !== 'resources') t.unresolved(r, ['subnets', k], link, 'subnet');
        return;
      }
      const list = obj.subnets as string[];
      t.from(['routeTables', index, 'subnets', list.length], r, ['subnets', k]);
      list.push(subnet.address);
    });
    const routes = Array.isArray(r.values.route) ? r.values.route : [];
    routes.forEach((x, k) => addRoute(t, r, ['route', k], x, { obj, index }));
  }
  // Routes of their own: in the custom table they name, else in their VPC's default table.
  const defaults = new Map<string, { obj: Json; index: number }>();
  for (const r of t.of('huaweicloud_vpc_route')) {
    const vpc = vpcOf(t, r, 'vpc_id');
    if (vpc === undefined) continue;
    const link = t.links.resolve(r, ['route_table_id'], ['huaweicloud_vpc_route_table']);
    let table = link.kind === 'resources' && link.resources.length === 1 ? byResource.get(link.resources[0]!) : undefined;
    if (!table) {
      table = defaults.get(vpc) ?? [...byResource.values()].find((x) => x.obj.default === true && x.obj.vpc === vpc);
      if (!table) {
        const index = t.routeTables.length;
        table = { obj: { id: `${vpc}.default_route_table`, vpc, default: true, routes: [] }, index };
        t.routeTables.push(table.obj);
        t.from(['routeTables', index], r, ['route_table_id']);
        defaults.set(vpc, table);
      }
    }
    addRoute(t, r, [], r.values, table);
  }
}

/** One route of a table: its destination, type and next hop (a peering connection by its address). */
function addRoute(t: Translator, r: TfResource, at: readonly (string | number)[], x: unknown, table: { obj: Json; index: number }): void {
  if (!isObject(x)) return;
  const routes = table.obj.routes as Json[];
  const k = routes.length;
  const path = ['routeTables', table.index, 'routes', k];
  const type = str(x.type) ?? '';
  let nextHop = str(x.nexthop) ?? '';
  if (type === 'peering') {
    const link = t.links.resolve(r, [...at, 'nexthop'], ['huaweicloud_vpc_peering_connection']);
    const p = link.kind === 'resources' && link.resources.length === 1 ? link.resources[0]! : undefined;
    if (p && t.peeringOf.has(p)) nextHop = p.address;
  } else if (type === 'nat') {
    // A NAT gateway of the plan or state: by its address (the model's id).
    const link = t.links.resolve(r, [...at, 'nexthop'], ['huaweicloud_nat_gateway']);
    if (link.kind === 'resources' && link.resources.length === 1) nextHop = link.resources[0]!.address;
  }
  const route: Json = { destination: str(x.destination) ?? '', type, nextHop };
  const description = str(x.description);
  if (description) route.description = description;
  routes.push(route);
  t.from(path, r, at);
  t.from([...path, 'destination'], r, [...at, 'destination']);
  t.from([...path, 'type'], r, [...at, 'type']);
  t.from([...path, 'nextHop'], r, [...at, 'nexthop']);
}
