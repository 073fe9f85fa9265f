/** VPC peering connections and route tables: what they connect, and what the cloud refuses of them. */
import { VPCEP_SOURCE_RANGE, type Peering, type Route, type RouteTable, type Subnet } from '../../model/index.js';
import { formatRange, rangeContains, rangesOverlap } from '../../net/index.js';
import type { RawPeering, RawRouteTable } from '../schema.js';
import type { DataPath } from '../source.js';
import type { ValidationContext } from './context.js';
import { ref } from './ids.js';
import { LIMITS } from './limits.js';
import { cidrAt, tagsAt } from './values.js';

export function buildPeering(ctx: ValidationContext, raw: RawPeering, path: DataPath): void {
  const tags = tagsAt(ctx, path, raw.tags);
  const ok = ref(ctx, [...path, 'vpc'], raw.vpc, ['vpc']) && ref(ctx, [...path, 'peerVpc'], raw.peerVpc, ['vpc']);
  const a = ctx.vpcs.get(raw.vpc);
  const b = ctx.vpcs.get(raw.peerVpc);
  if (!ok || !a || !b) return;
  if (a.id === b.id) {
    ctx.error('peering-same-vpc', [...path, 'peerVpc'], `the peering connection joins VPC "${a.id}" to itself`, 'name the other VPC as peerVpc');
    return;
  }
  if (a.region !== b.region) {
    ctx.error(
      'peering-cross-region',
      [...path, 'peerVpc'],
      `VPC "${a.id}" is in region ${a.region} and VPC "${b.id}" in ${b.region}: a VPC peering connection joins VPCs of one region`,
      'peer VPCs of the same region (across regions, use Cloud Connect or Enterprise Router, which the model does not hold)',
    );
    return;
  }
  const peering: Peering = {
    kind: 'peering',
    id: raw.id,
    loc: ctx.loc(path),
    tags,
    vpc: a.id,
    peerVpc: b.id,
    // Between VPCs of one account the connection is active at once; another account must accept it (the API's
    // "create a VPC peering connection" and "accept" calls).
    status: raw.status ?? (a.account === b.account ? 'active' : 'pendingAcceptance'),
    statusDefaulted: raw.status === undefined,
  };
  ctx.peerings.set(peering.id, peering);
}

export function buildRouteTable(ctx: ValidationContext, raw: RawRouteTable, path: DataPath): void {
  const tags = tagsAt(ctx, path, raw.tags);
  if (!ref(ctx, [...path, 'vpc'], raw.vpc, ['vpc'])) return;
  const vpc = ctx.vpcs.get(raw.vpc);
  if (!vpc) return;
  const isDefault = raw.default ?? false;
  if (isDefault) {
    const other = [...ctx.routeTables.values()].find((t) => t.vpc === vpc.id && t.isDefault);
    if (other)
      ctx.error(
        'duplicate-default-route-table',
        [...path, 'default'],
        `VPC "${vpc.id}" already has a default route table, "${other.id}" (line ${other.loc.line})`,
        'a VPC has one default route table: make this one a custom table (default: false) with its subnets',
      );
  }
  const subnets: string[] = [];
  (raw.subnets ?? []).forEach((id, i) => {
    const p = [...path, 'subnets', i];
    if (isDefault) {
      ctx.error(
        'default-route-table-subnets',
        p,
        `the default route table lists subnet "${id}"`,
        'the default table serves every subnet that no custom table lists: leave its subnets out, or make it a custom table',
      );
      return;
    }
    if (!ref(ctx, p, id, ['subnet'])) return;
    const subnet = ctx.subnets.get(id);
    if (!subnet) return;
    if (subnet.vpc !== vpc.id) {
      ctx.error('subnet-vpc-mismatch', p, `subnet "${id}" belongs to VPC "${subnet.vpc}", not to "${vpc.id}"`, `a route table serves subnets of its own VPC`);
      return;
    }
    const taken = [...ctx.routeTables.values()].find((t) => t.subnets.includes(id));
    if (taken || subnets.includes(id)) {
      ctx.error(
        'subnet-in-two-route-tables',
        p,
        taken ? `subnet "${id}" is already associated with route table "${taken.id}" (line ${taken.loc.line})` : `subnet "${id}" is listed twice`,
        'a subnet is associated with one route table at a time',
      );
      return;
    }
    subnets.push(id);
  });
  const entries = raw.routes ?? [];
  if (entries.length > LIMITS.maxRoutesPerTable)
    ctx.error(
      'too-many-routes',
      [...path, 'routes'],
      `the route table has ${entries.length} routes; a route table holds at most ${LIMITS.maxRoutesPerTable}`,
      'aggregate destinations into wider CIDR blocks, or spread subnets over custom tables',
    );
  const hostsService = [...ctx.endpointServices.values()].some((s) => s.vpc === vpc.id);
  const routes: Route[] = [];
  entries.forEach((r, index) => {
    if (r === null) return;
    const p = [...path, 'routes', index];
    const destination = cidrAt(ctx, [...p, 'destination'], r.destination, true);
    if (!destination) return;
    if (rangeContains(vpc.cidr, destination)) {
      ctx.error(
        'route-inside-vpc',
        [...p, 'destination'],
        `route destination ${formatRange(destination)} lies inside VPC "${vpc.id}" (${formatRange(vpc.cidr)}), which its local route serves`,
        'a custom route leads outside the VPC: choose a destination beyond its range',
      );
      return;
    }
    const twin = routes.find((o) => o.destination.lo === destination.lo && o.destination.prefix === destination.prefix);
    if (twin) {
      ctx.error(
        'duplicate-route-destination',
        [...p, 'destination'],
        `destination ${formatRange(destination)} is already routed by this table (routes[${twin.index}])`,
        'a route table holds one route per destination: remove one of them',
      );
      return;
    }
    // VPCEP answers its consumers through 198.19.128.0/17: a service VPC's route more specific than that range would
    // take the replies away (broader routes, such as 0.0.0.0/0, lose to it by longest prefix).
    if (hostsService && destination.prefix >= VPCEP_SOURCE_RANGE.prefix && rangesOverlap(destination, VPCEP_SOURCE_RANGE)) {
      ctx.error(
        'vpcep-range-overlap',
        [...p, 'destination'],
        `route destination ${formatRange(destination)} overlaps ${formatRange(VPCEP_SOURCE_RANGE)}, the range VPC Endpoint answers through, in VPC "${vpc.id}" which hosts an endpoint service`,
        `remove the route, or route a block outside ${formatRange(VPCEP_SOURCE_RANGE)}`,
      );
      return;
    }
    if (r.type === 'peering') {
      if (!ref(ctx, [...p, 'nextHop'], r.nextHop, ['peering'])) return;
      const peering = ctx.peerings.get(r.nextHop);
      if (!peering) return;
      if (peering.vpc !== vpc.id && peering.peerVpc !== vpc.id) {
        ctx.error(
          'route-peering-other-vpc',
          [...p, 'nextHop'],
          `peering connection "${peering.id}" joins VPCs "${peering.vpc}" and "${peering.peerVpc}", not "${vpc.id}"`,
          `route through a peering connection of VPC "${vpc.id}"`,
        );
        return;
      }
    }
    routes.push({ index, destination, type: r.type, nextHop: r.nextHop, description: r.description ?? null, loc: ctx.loc(p) });
  });
  ctx.routeTables.set(raw.id, { kind: 'routeTable', id: raw.id, loc: ctx.loc(path), tags, vpc: vpc.id, isDefault, subnets, routes });
}

/** Each subnet's route table: the custom table that lists it, else its VPC's default table (when the model declares one). */
export function assignRouteTables(ctx: ValidationContext): void {
  if (ctx.routeTables.size === 0) return;
  const custom = new Map<string, RouteTable>();
  const byDefault = new Map<string, RouteTable>();
  for (const t of ctx.routeTables.values()) {
    if (t.isDefault) byDefault.set(t.vpc, t);
    for (const s of t.subnets) custom.set(s, t);
  }
  for (const [id, s] of ctx.subnets) {
    const t = custom.get(id) ?? byDefault.get(s.vpc);
    if (t) ctx.subnets.set(id, { ...s, routeTable: t.id } satisfies Subnet);
  }
}
