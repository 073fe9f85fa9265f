/**
 * Routing out of a subnet, written once: the local route (the VPC's own range) comes first, then the subnet's route
 * table by longest prefix; what no route covers goes nowhere. A route into an active VPC peering connection carries
 * flows to the peer VPC's addresses only (a peering connection is not transitive), and only when the destination's
 * side routes the replies back through the same connection. Sources: Huawei and OTC VPC route-table and peering
 * guides (docs/semantics.md, "Routes and peering").
 */
import { intervals, withAxis, type FlowSpace, type IntervalSet } from '../../net/index.js';
import {
  INTERNET_ADDRESSES,
  type AddressedResource,
  type Eip,
  type Instance,
  type LoadBalancer,
  type NatGateway,
  type Peering,
  type Route,
  type RouteTable,
} from '../../model/index.js';
import type { CompiledModel } from '../compile.js';
import type { Branch, Decision, DropDecision, PeeringRouteDecision, RouteChoice, RouteFailure } from '../decisions.js';
import { fork } from './common.js';

/**
 * The addresses of `set` by where the subnet's routes send them, in the cloud's order: the local route, the routes
 * more specific than 0.0.0.0/0 by longest prefix, the public addresses through the sender's EIP (when it has one), a
 * 0.0.0.0/0 route, none (Huawei VPC FAQ: "local route > specific route > EIP route > default route").
 */
export function routeRegions(cm: CompiledModel, subnetId: string, set: IntervalSet, eip: Eip | null = null): { choice: RouteChoice; set: IntervalSet }[] {
  const subnet = cm.subnet(subnetId);
  const vpc = cm.vpc(subnet.vpc);
  const out: { choice: RouteChoice; set: IntervalSet }[] = [];
  const local = intervals.intersectRange(set, vpc.cidr);
  if (local.length) out.push({ choice: { kind: 'local' }, set: local });
  let rest = local.length ? intervals.subtract(set, local) : set;
  if (rest.length === 0) return out;
  const { table, byPrefix } = cm.routeTableOf(subnetId);
  let eipDone = eip === null;
  const throughEip = (): void => {
    eipDone = true;
    const pub = intervals.intersect(rest, INTERNET_ADDRESSES);
    if (pub.length === 0) return;
    out.push({ choice: { kind: 'eip', eip: eip! }, set: pub });
    rest = intervals.subtract(rest, pub);
  };
  for (const route of byPrefix) {
    if (!eipDone && route.destination.prefix === 0) {
      throughEip();
      if (rest.length === 0) return out;
    }
    const hit = intervals.intersectRange(rest, route.destination);
    if (hit.length === 0) continue;
    out.push({ choice: { kind: 'route', table: table!, route }, set: hit });
    rest = intervals.subtract(rest, hit);
    if (rest.length === 0) return out;
  }
  if (!eipDone) {
    throughEip();
    if (rest.length === 0) return out;
  }
  out.push({ choice: { kind: 'none' }, set: rest });
  return out;
}

/**
 * The drop a routing failure ends a path with: its code, and where to look — the peering connection that is not active,
 * the route table whose route leaves the model, the VPC that holds no resource at the address, or else `vpc`, the
 * sender's VPC (no route).
 */
export function routeDrop(f: RouteFailure, vpc: string): DropDecision {
  switch (f.kind) {
    case 'unknown-address':
      return { type: 'drop', code: 'UNKNOWN_DESTINATION', at: f.vpc, cause: f };
    case 'peering-inactive':
      return { type: 'drop', code: 'PEERING_NOT_ACTIVE', at: f.peering.id, cause: f };
    case 'leaves-model':
      return { type: 'drop', code: 'ROUTE_LEAVES_MODEL', at: f.table.id, cause: f };
    default:
      return { type: 'drop', code: 'NO_ROUTE', at: vpc, cause: f };
  }
}

/** The VPC at the other end of a peering connection from `vpc`. */
function farEnd(peering: Peering, vpc: string): string {
  return peering.vpc === vpc ? peering.peerVpc : peering.vpc;
}

/** Where a custom route sends a flow: into an active peering connection (with the VPC beyond it), to a NAT gateway of the model, or why not. */
export type RouteLead =
  | { readonly kind: 'peering'; readonly peering: Peering; readonly peerVpc: string }
  | { readonly kind: 'nat'; readonly gateway: NatGateway }
  | { readonly kind: 'inactive'; readonly peering: Peering }
  | { readonly kind: 'leaves' };

/** What a custom route of a table of `vpc` leads to. */
export function leadOf(cm: CompiledModel, vpc: string, route: Route): RouteLead {
  if (route.type === 'nat') {
    const gateway = cm.model.natGateways.get(route.nextHop);
    if (gateway && gateway.vpc === vpc) {
      cm.visit(gateway);
      return { kind: 'nat', gateway };
    }
  }
  if (route.type !== 'peering') return { kind: 'leaves' };
  const peering = cm.peering(route.nextHop);
  if (peering.status !== 'active') return { kind: 'inactive', peering };
  return { kind: 'peering', peering, peerVpc: farEnd(peering, vpc) };
}

/**
 * A flow that a route sends through a peering connection to `destination`: the clients whose addresses the
 * destination's side routes back through the same connection go on (`next`); the others stop with NO_RETURN_ROUTE.
 */
export function throughPeering(
  cm: CompiledModel,
  out: Decision[],
  space: FlowSpace,
  via: PeeringVia,
  destination: AddressedResource,
  next: (o: Decision[], s: FlowSpace) => Branch[],
): Branch[] {
  const back = routeRegions(cm, destination.subnet, space.src);
  const table = cm.routeTableOf(destination.subnet).table;
  const parts = back.map((b) => {
    const ok = b.choice.kind === 'route' && b.choice.route.type === 'peering' && b.choice.route.nextHop === via.peering.id;
    const decision: PeeringRouteDecision = {
      type: 'filter',
      filter: 'route',
      outcome: ok ? 'allow' : 'deny',
      space: back.length === 1 ? space : withAxis(space, 'src', b.set),
      ...via,
      destination,
      back: { table, choice: b.choice },
    };
    return decision;
  });
  return fork(
    out,
    parts.map((p) => p.space),
    (o, s) => {
      const decision = parts.find((p) => p.space === s)!;
      o.push(decision);
      if (decision.outcome === 'allow') return next(o, s);
      o.push({ type: 'drop', code: 'NO_RETURN_ROUTE', at: table?.id ?? destination.vpc, cause: decision });
      return [o];
    },
  );
}

/** A route through a VPC peering connection: the sender's route table, the route, and the connection. */
export interface PeeringVia {
  readonly table: RouteTable;
  readonly route: Route;
  readonly peering: Peering;
}

/**
 * Where a subnet's routes take one resource of another VPC (`target`, at its address): through an active peering
 * connection to that VPC, or the failure — the route leaves the model, or leads into a connection that is not active
 * (as for the address alone), or `unrouted` (no route, the local range, or a connection to another VPC).
 */
export function routeToward(
  cm: CompiledModel,
  subnet: string,
  vpc: string,
  target: AddressedResource,
  unrouted: RouteFailure,
): { readonly via: PeeringVia } | { readonly failure: RouteFailure } {
  const dst = [{ lo: target.ip, hi: target.ip }];
  const [region] = routeRegions(cm, subnet, dst);
  if (!region || region.choice.kind !== 'route') return { failure: unrouted };
  const { table, route } = region.choice;
  const lead = leadOf(cm, vpc, route);
  // A NAT gateway sends what it translates to the internet, where another VPC's private address is not routed.
  if (lead.kind === 'nat') return { failure: unrouted };
  if (lead.kind === 'leaves') return { failure: { kind: 'leaves-model', dst, table, route } };
  if (lead.kind === 'inactive') return { failure: { kind: 'peering-inactive', dst, table, route, peering: lead.peering } };
  return lead.peerVpc === target.vpc ? { via: { table, route, peering: lead.peering } } : { failure: unrouted };
}

/**
 * A load balancer with IP as a backend forwarding to a member in another VPC (`space`: the leg to the member, from the
 * load balancer's subnet): along its subnet's routes into an active peering connection to the member's VPC, and back
 * from the member's subnet (throughPeering). The load balancer may use any address of its subnet: where the route back
 * covers only part of it, that part goes on (`next`) and the rest stops, so the flow works only sometimes (partial).
 */
export function routeToMember(
  cm: CompiledModel,
  lb: LoadBalancer,
  member: Instance,
  out: Decision[],
  space: FlowSpace,
  next: (o: Decision[], s: FlowSpace) => Branch[],
): Branch[] {
  const way = routeToward(cm, lb.subnet, lb.vpc, member, { kind: 'member-unrouted', loadBalancer: lb, member, dst: space.dst });
  if ('via' in way) return throughPeering(cm, out, space, way.via, member, next);
  out.push(routeDrop(way.failure, lb.vpc));
  return [out];
}
