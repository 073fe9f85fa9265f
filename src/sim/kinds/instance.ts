import { pushAll } from '../../model/index.js';
import { PROTO_PORT_TCP, intervals, withAxis, type FlowSpace, type IntervalSet } from '../../net/index.js';
import type { Endpoint, Instance, LoadBalancer } from '../../model/index.js';
import type { CompiledModel } from '../compile.js';
import type { Branch, Decision, PathFacts, RouteFailure } from '../decisions.js';
import { bypass, fork, inboundAcl, ruleFilter, securityGroupSpec, type RuleFilterSpec } from './common.js';
import type { KindSemantics } from './registry.js';

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

/** Where the client's traffic goes in its VPC: a resource there, or nowhere. */
export type RouteTarget =
  { readonly kind: 'resource'; readonly resource: Instance | Endpoint | LoadBalancer } | { readonly kind: 'none'; readonly failure: RouteFailure };

/**
 * Routing in the client's VPC, as a partition of the destinations. A destination named by id that lives in another
 * VPC is not routable (only endpoints in the client's own VPC reach other VPCs); addresses are looked up among the
 * VPC's resources; the rest of the VPC's range holds nothing known, and what lies outside it has no route.
 */
export function route(cm: CompiledModel, client: Instance, space: FlowSpace, named: string | null): { target: RouteTarget; space: FlowSpace }[] {
  if (named !== null) {
    const r = cm.resource(named) as Instance | Endpoint | LoadBalancer;
    if (r.vpc !== client.vpc)
      return [{ target: { kind: 'none', failure: { kind: 'other-vpc', target: r.id, targetVpc: r.vpc, clientVpc: client.vpc } }, space }];
    return [{ target: { kind: 'resource', resource: r }, space }];
  }
  const vpc = cm.vpc(client.vpc);
  const out: { target: RouteTarget; space: FlowSpace }[] = [];
  let rest = space.dst;
  if (rest.length === 1 && rest[0]!.lo === rest[0]!.hi) {
    const owner = cm.addressOwner(client.vpc, rest[0]!.lo);
    if (owner) return [{ target: { kind: 'resource', resource: owner }, space }];
  } else {
    for (const { ip, resource } of cm.addressOwners(client.vpc)) {
      if (!intervals.has(rest, ip)) continue;
      out.push({ target: { kind: 'resource', resource }, space: withAxis(space, 'dst', [{ lo: ip, hi: ip }]) });
      rest = intervals.subtract(rest, [{ lo: ip, hi: ip }]);
    }
  }
  const inside = intervals.intersectRange(rest, vpc.cidr);
  const outside = intervals.subtract(rest, inside);
  if (inside.length)
    out.push({ target: { kind: 'none', failure: { kind: 'unknown-address', dst: inside, vpc: vpc.id } }, space: withAxis(space, 'dst', inside) });
  if (outside.length)
    out.push({ target: { kind: 'none', failure: { kind: 'outside-vpc', dst: outside, vpc: vpc.id } }, space: withAxis(space, 'dst', outside) });
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
    out.push({ type: 'drop', code: target.failure.kind === 'unknown-address' ? 'UNKNOWN_DESTINATION' : 'NO_ROUTE', at: client.vpc, cause: target.failure });
    return [out];
  }
  const dest = target.resource;
  const facts: PathFacts = { sameSubnet: dest.subnet === client.subnet, passThrough: false, sources: 'flows' };
  const forward = (o: Decision[], s: FlowSpace): Branch[] => {
    o.push({ type: 'forward', to: dest, space: s, facts });
    return [o];
  };
  if (dest.subnet === client.subnet) {
    out.push({ type: 'assume', assumption: 'destination-in-same-subnet', destination: dest.id, subnet: client.subnet });
    return forward(out, space);
  }
  const subnet = cm.subnet(client.subnet);
  if (subnet.networkAcl === null) return forward(out, space);
  const spec: RuleFilterSpec = {
    filter: 'network-acl',
    direction: 'outbound',
    acl: subnet.networkAcl,
    subnet: client.subnet,
    resource: subnet.networkAcl,
    deny: 'ACL_OUTBOUND_DENIED',
    partial: 'ACL_OUTBOUND_DENIED',
    onPartial: 'drop',
  };
  return ruleFilter(out, spec, cm.networkAclGuards(subnet.networkAcl, 'outbound'), space, 'flows', forward);
}
