import { pushAll } from '../../model/index.js';
import { PROTO_PORT_TCP, intervals, withAxis, type FlowSpace, type IntervalSet } from '../../net/index.js';
import type { AddressedResource, Eip, Instance, NatGateway, Resource } from '../../model/index.js';
import { eipOf } from './internet.js';
import type { CompiledModel } from '../compile.js';
import type { Branch, Decision, PathFacts, RouteFailure } from '../decisions.js';
import { bypass, fork, inboundAcl, ruleFilter, securityGroupSpec, subnetAcl, type RuleFilterSpec } from './common.js';
import type { KindSemantics } from './registry.js';
import { leadOf, routeDrop, routeRegions, routeToward, throughPeering, type PeeringVia } from './routing.js';

/** An ECS or BMS instance receiving traffic: the subnet's inbound ACL, its security groups, then a listening process. */
export const instanceSemantics: KindSemantics<'instance'> = {
  receive(cm, inst, space, facts) {
    return inboundAcl(cm, [], inst.subnet, space, facts, (out, s) => {
      const spec = securityGroupSpec(inst.securityGroups, 'ingress');
      const next = (o: Decision[], x: FlowSpace): Branch[] => listening(cm, inst, o, x);
      return facts.passThrough
        ? bypass(out, spec, s, next)
        : ruleFilter(out, spec, cm.securityGroupGuards(inst.securityGroups, 'ingress'), s, facts.sources, next);
    });
  },
};

/** Whether a process takes the flow: declared TCP ports decide TCP; anything undeclared is assumed to listen. */
function listening(cm: CompiledModel, inst: Instance, out: Decision[], space: FlowSpace): Branch[] {
  const deliver = (o: Decision[], s: FlowSpace): Branch[] => {
    o.push({ type: 'deliver', at: inst, space: s });
    return [o];
  };
  const listens = cm.listens(inst);
  if (listens === null) {
    out.push({ type: 'assume', assumption: 'listens-undeclared', instance: inst, space });
    return deliver(out, space);
  }
  const tcp = intervals.intersect(space.protoPort, PROTO_PORT_TCP);
  const yes = intervals.intersect(tcp, listens);
  const no = intervals.subtract(tcp, listens);
  const other = intervals.subtract(space.protoPort, PROTO_PORT_TCP);
  const parts: { kind: 'yes' | 'no' | 'other'; space: FlowSpace }[] = [];
  if (other.length) parts.push({ kind: 'other', space: withAxis(space, 'protoPort', other) });
  if (no.length) parts.push({ kind: 'no', space: withAxis(space, 'protoPort', no) });
  if (yes.length) parts.push({ kind: 'yes', space: withAxis(space, 'protoPort', yes) });
  return fork(
    out,
    parts.map((p) => p.space),
    (o, s) => {
      const kind = parts.find((p) => p.space === s)!.kind;
      if (kind === 'other') {
        o.push({ type: 'assume', assumption: 'listens-tcp-only', space: s });
        return deliver(o, s);
      }
      const decision = { type: 'filter', filter: 'listening-port', outcome: kind === 'yes' ? 'allow' : 'deny', instance: inst, space: s } as const;
      o.push(decision);
      if (kind === 'yes') return deliver(o, s);
      o.push({ type: 'drop', code: 'NOT_LISTENING', at: inst.id, cause: decision });
      return [o];
    },
  );
}

/**
 * Where the client's traffic goes: a resource in its VPC or, through a peering connection, in the peer VPC; out to the
 * internet through its EIP or a NAT gateway a route leads to; or nowhere.
 */
export type RouteTarget =
  | { readonly kind: 'resource'; readonly resource: AddressedResource; readonly via: PeeringVia | null }
  | { readonly kind: 'gateway'; readonly gateway: Eip | NatGateway }
  | { readonly kind: 'none'; readonly failure: RouteFailure };

/**
 * Routing from the client's subnet, as a partition of the destinations (routing.ts: the local route, then the subnet's
 * route table). A destination named by id in another VPC is reached only along a route into a peering connection to
 * its VPC (endpoints in the client's own VPC reach other VPCs their own way); addresses are looked up among the
 * resources of the VPC a route leads to; the rest of that VPC's range holds nothing known, and what no route covers
 * has no route.
 */
export function route(cm: CompiledModel, client: Instance, space: FlowSpace, named: string | null): { target: RouteTarget; space: FlowSpace }[] {
  if (named !== null) {
    const r = cm.resource(named) as AddressedResource;
    if (r.vpc === client.vpc) return [{ target: { kind: 'resource', resource: r, via: null }, space }];
    const way = routeToward(cm, client.subnet, client.vpc, r, { kind: 'other-vpc', target: r.id, targetVpc: r.vpc, clientVpc: client.vpc });
    return [{ target: 'via' in way ? { kind: 'resource', resource: r, via: way.via } : { kind: 'none', failure: way.failure }, space }];
  }
  const eip = eipOf(cm, client);
  const regions = routeRegions(cm, client.subnet, space.dst, eip);
  const out: { target: RouteTarget; space: FlowSpace }[] = [];
  for (const { choice, set } of regions) {
    const part = regions.length === 1 ? space : withAxis(space, 'dst', set);
    if (choice.kind === 'local') pushAll(out, inVpc(cm, client.vpc, part, null));
    else if (choice.kind === 'eip') out.push({ target: { kind: 'gateway', gateway: choice.eip }, space: part });
    else if (choice.kind === 'none')
      out.push({
        target: { kind: 'none', failure: { kind: 'outside-vpc', dst: set, vpc: client.vpc, table: cm.routeTableOf(client.subnet).table?.id ?? null } },
        space: part,
      });
    else {
      const { table, route } = choice;
      const lead = leadOf(cm, client.vpc, route);
      if (lead.kind === 'nat') out.push({ target: { kind: 'gateway', gateway: lead.gateway }, space: part });
      else if (lead.kind === 'leaves') out.push({ target: { kind: 'none', failure: { kind: 'leaves-model', dst: set, table, route } }, space: part });
      else if (lead.kind === 'inactive')
        out.push({ target: { kind: 'none', failure: { kind: 'peering-inactive', dst: set, table, route, peering: lead.peering } }, space: part });
      else {
        const peer = cm.vpc(lead.peerVpc);
        const inside = intervals.intersectRange(set, peer.cidr);
        const beyond = intervals.subtract(set, inside);
        if (inside.length) pushAll(out, inVpc(cm, peer.id, beyond.length ? withAxis(space, 'dst', inside) : part, { table, route, peering: lead.peering }));
        if (beyond.length)
          out.push({
            target: { kind: 'none', failure: { kind: 'beyond-peering', dst: beyond, table, route, peering: lead.peering, peerVpc: peer.id } },
            space: inside.length ? withAxis(space, 'dst', beyond) : part,
          });
      }
    }
  }
  return out;
}

/** The destinations of `space` (all inside `vpc`'s range) by the resource of `vpc` that holds each; the rest holds nothing known. */
function inVpc(cm: CompiledModel, vpc: string, space: FlowSpace, via: PeeringVia | null): { target: RouteTarget; space: FlowSpace }[] {
  let rest = space.dst;
  if (rest.length === 1 && rest[0]!.lo === rest[0]!.hi) {
    const owner = cm.addressOwner(vpc, rest[0]!.lo);
    if (owner) return [{ target: { kind: 'resource', resource: owner, via }, space }];
  }
  const out: { target: RouteTarget; space: FlowSpace }[] = [];
  if (!(rest.length === 1 && rest[0]!.lo === rest[0]!.hi)) {
    for (const { ip, resource } of cm.addressOwners(vpc)) {
      if (!intervals.has(rest, ip)) continue;
      out.push({ target: { kind: 'resource', resource, via }, space: withAxis(space, 'dst', [{ lo: ip, hi: ip }]) });
      rest = intervals.subtract(rest, [{ lo: ip, hi: ip }]);
    }
  }
  if (rest.length)
    out.push({ target: { kind: 'none', failure: { kind: 'unknown-address', dst: rest, vpc } }, space: out.length ? withAxis(space, 'dst', rest) : space });
  return out;
}

/**
 * An instance sending a flow: its egress security groups, routing in its VPC, and its subnet's outbound ACL when the
 * destination is in another subnet. `named` is the destination resource when the flow names one.
 */
export function send(cm: CompiledModel, client: Instance, space: FlowSpace, named: string | null): Branch[] {
  cm.visit(client);
  const own: IntervalSet = [{ lo: client.ip, hi: client.ip }];
  const toSelf = named === client.id ? space.dst : named === null ? intervals.intersect(space.dst, own) : intervals.EMPTY;
  const elsewhere = named === client.id ? intervals.EMPTY : intervals.subtract(space.dst, toSelf);
  const branches: Branch[] = [];
  // Traffic to an instance's own address never leaves it: no security group or network ACL sees it; only whether
  // a process listens decides.
  if (toSelf.length) {
    const s = withAxis(space, 'dst', toSelf);
    pushAll(
      branches,
      listening(
        cm,
        client,
        [
          { type: 'originate', space: s },
          { type: 'assume', assumption: 'own-address', instance: client },
        ],
        s,
      ),
    );
  }
  if (elsewhere.length) pushAll(branches, sendOut(cm, client, toSelf.length ? withAxis(space, 'dst', elsewhere) : space, named));
  return branches;
}

/** Traffic that leaves the instance: egress groups, routing, the outbound ACL. */
function sendOut(cm: CompiledModel, client: Instance, space: FlowSpace, named: string | null): Branch[] {
  const out: Decision[] = [{ type: 'originate', space }];
  const spec = securityGroupSpec(client.securityGroups, 'egress');
  return ruleFilter(out, spec, cm.securityGroupGuards(client.securityGroups, 'egress'), space, 'flows', (o, s) => {
    const routes = route(cm, client, s, named);
    return fork(
      o,
      routes.map((r) => r.space),
      (b, x) => toDestination(cm, client, b, x, routes.find((r) => r.space === x)!.target),
    );
  });
}

function toDestination(cm: CompiledModel, client: Instance, out: Decision[], space: FlowSpace, target: RouteTarget): Branch[] {
  if (target.kind === 'none') {
    out.push(routeDrop(target.failure, client.vpc));
    return [out];
  }
  if (target.kind === 'gateway') {
    if (target.gateway.kind === 'eip') out.push({ type: 'assume', assumption: 'eip-egress', eip: target.gateway });
    return leaveSubnet(cm, client, out, space, target.gateway, null);
  }
  const dest = target.resource;
  if (target.via) {
    if (dest.kind === 'endpoint') out.push({ type: 'assume', assumption: 'endpoint-across-peering', endpoint: dest, peering: target.via.peering });
    return throughPeering(cm, out, space, target.via, dest, (o, s) => leaveSubnet(cm, client, o, s, dest, dest.subnet));
  }
  return leaveSubnet(cm, client, out, space, dest, dest.subnet);
}

/**
 * The forward to a destination (in `subnet`; null: out of every subnet, to the internet): within the subnet no ACL
 * applies; otherwise the client subnet's outbound ACL.
 */
function leaveSubnet(cm: CompiledModel, client: Instance, out: Decision[], space: FlowSpace, dest: Resource, destSubnet: string | null): Branch[] {
  const facts: PathFacts = { sameSubnet: destSubnet === client.subnet, passThrough: false, sources: 'flows' };
  const forward = (o: Decision[], s: FlowSpace): Branch[] => {
    o.push({ type: 'forward', to: dest, space: s, facts });
    return [o];
  };
  if (destSubnet === client.subnet) {
    out.push({ type: 'assume', assumption: 'destination-in-same-subnet', destination: dest.id, subnet: client.subnet });
    return forward(out, space);
  }
  const acl = subnetAcl(cm, client.subnet, out);
  if (acl === null) return forward(out, space);
  const spec: RuleFilterSpec = {
    filter: 'network-acl',
    direction: 'outbound',
    acl,
    subnet: client.subnet,
    resource: acl,
    deny: 'ACL_OUTBOUND_DENIED',
    // The client's address is one, but its source port any it picks: a rule on source ports may let out part of them.
    partial: 'ACL_OUTBOUND_PARTIAL',
    onPartial: 'narrow',
  };
  return ruleFilter(out, spec, cm.networkAclGuards(acl, 'outbound'), space, 'flows', forward);
}
