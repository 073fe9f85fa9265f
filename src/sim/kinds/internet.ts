/**
 * The internet, elastic IPs and NAT gateways, written once:
 * - the internet sends to a resource through the EIP bound to it or a NAT gateway's DNAT rule that forwards to it, and
 *   to a public address through what holds it; what arrives there from a VPC is delivered, unless the address is an
 *   EIP of the model (then it comes back in);
 * - an EIP translates its public address to the bound resource's private one, both ways (one-to-one NAT);
 * - a NAT gateway translates flows from its VPC by the SNAT rule that serves their sources, and flows from the
 *   internet by the DNAT rule that forwards their EIP port.
 * The source address the internet's flows carry is kept up to the destination (an EIP and DNAT change the destination
 * only), so the destination's security groups and network ACL see the client's public address. Sources:
 * docs/semantics.md ("The internet, EIPs and NAT gateways").
 */
import {
  INTERNET,
  INTERNET_ADDRESSES,
  type AddressedResource,
  type DnatRule,
  type Eip,
  type Internet,
  type Model,
  type NatGateway,
} from '../../model/index.js';
import { PICKED_SOURCE_PORTS, PROTO_PORT_ICMP, PROTO_PORT_UDP_BASE, intervals, withAxis, type FlowSpace, type IntervalSet } from '../../net/index.js';
import type { CompiledModel } from '../compile.js';
import type { Branch, Decision, NatRuleDecision, PathFacts } from '../decisions.js';
import { fork, splitProtoPort } from './common.js';
import type { KindSemantics } from './registry.js';

/** The model's EIPs and NAT gateways by how flows find them. */
interface Exposure {
  readonly byAddress: ReadonlyMap<number, Eip>;
  /** The EIP bound to an instance or load balancer, by its id. */
  readonly boundTo: ReadonlyMap<string, Eip>;
  /** The NAT gateway whose rules use an EIP, by the EIP's id. */
  readonly gatewayOf: ReadonlyMap<string, NatGateway>;
  /** Every EIP's address. */
  readonly addresses: IntervalSet;
}

const exposures = new WeakMap<Model, Exposure>();

function exposure(cm: CompiledModel): Exposure {
  let e = exposures.get(cm.model);
  if (e) return e;
  const byAddress = new Map<number, Eip>();
  const boundTo = new Map<string, Eip>();
  const gatewayOf = new Map<string, NatGateway>();
  for (const eip of cm.model.eips.values()) {
    byAddress.set(eip.address, eip);
    if (eip.boundTo !== null) boundTo.set(eip.boundTo, eip);
  }
  for (const g of cm.model.natGateways.values()) {
    for (const r of g.snatRules) for (const id of r.eips) gatewayOf.set(id, g);
    for (const r of g.dnatRules) gatewayOf.set(r.eip, g);
  }
  const addresses = intervals.fromRanges([...byAddress.keys()].map((a) => ({ lo: a, hi: a })));
  exposures.set(cm.model, (e = { byAddress, boundTo, gatewayOf, addresses }));
  return e;
}

/** The EIP bound to an instance or a load balancer, if any: how it reaches the internet, and the internet it. */
export function eipOf(cm: CompiledModel, resource: AddressedResource): Eip | null {
  const eip = exposure(cm).boundTo.get(resource.id);
  if (eip) cm.visit(eip);
  return eip ?? null;
}

/** A way the internet reaches a resource: the EIP bound to it, or an EIP whose DNAT rules (some) forward to it. */
interface Way {
  readonly eip: Eip;
  readonly gateway: NatGateway | null;
}

/** The ways in to `target`, in model order: its EIP first, then each EIP of a DNAT rule to its address. */
function waysTo(cm: CompiledModel, target: AddressedResource): Way[] {
  const ways: Way[] = [];
  const own = eipOf(cm, target);
  if (own) ways.push({ eip: own, gateway: null });
  for (const g of cm.model.natGateways.values()) {
    if (g.vpc !== target.vpc) continue;
    for (const r of g.dnatRules) {
      if (r.privateIp !== target.ip || ways.some((w) => w.eip.id === r.eip)) continue;
      cm.visit(g);
      ways.push({ eip: cm.model.eips.get(r.eip)!, gateway: g });
    }
  }
  return ways;
}

/**
 * The internet sending a flow (its sources: public addresses, each a flow of its own): to a resource named by id,
 * through each way in to it (one path each); to addresses, through what holds each.
 */
export function sendFromInternet(cm: CompiledModel, space: FlowSpace, named: AddressedResource | null): Branch[] {
  if (named === null) return toAddresses(cm, [{ type: 'originate', space }], space, true);
  const ways = waysTo(cm, named);
  if (ways.length === 0) {
    return [
      [
        { type: 'originate', space },
        { type: 'drop', code: 'NOT_EXPOSED', at: named.id, cause: { kind: 'not-exposed', dst: space.dst, target: named } },
      ],
    ];
  }
  // Each way is a flow of its own, to the way's public address.
  return fork(
    [],
    ways.map((w) => withAxis(space, 'dst', [{ lo: w.eip.address, hi: w.eip.address }])),
    (o, s) => {
      o.push({ type: 'originate', space: s });
      const way = ways.find((w) => w.eip.address === s.dst[0]!.lo)!;
      if (way.gateway === null) return forwardTo(o, way.eip, s);
      // Only the ports a DNAT rule of this EIP forwards to the named resource go on: the rest stop at the gateway's rules.
      const pieces = dnatPieces(way.gateway, way.eip, s);
      return fork(
        o,
        pieces.map((p) => p.space),
        (b, x) => {
          const { rule } = pieces.find((p) => p.space === x)!;
          if (rule !== null && rule.privateIp === named.ip) return forwardTo(b, way.gateway!, x);
          const decision: NatRuleDecision = {
            type: 'filter',
            filter: 'dnat-rule',
            outcome: 'deny',
            gateway: way.gateway!,
            eip: way.eip,
            rule,
            named,
            space: x,
          };
          b.push(decision, { type: 'drop', code: 'NO_DNAT_RULE', at: way.gateway!.id, cause: decision });
          return [b];
        },
      );
    },
  );
}

/** Where the internet sends addresses: an EIP's address to the EIP (bound) or its NAT gateway; other public addresses stay on the internet. */
function toAddresses(cm: CompiledModel, out: Decision[], space: FlowSpace, fromInternet: boolean): Branch[] {
  const { byAddress, addresses, gatewayOf } = exposure(cm);
  const eipPart = intervals.intersect(space.dst, addresses);
  const publicRest = intervals.intersect(intervals.subtract(space.dst, eipPart), INTERNET_ADDRESSES);
  const privateRest = intervals.subtract(intervals.subtract(space.dst, eipPart), publicRest);
  const parts: { space: FlowSpace; go: (o: Decision[], s: FlowSpace) => Branch[] }[] = [];
  const whole = (set: IntervalSet): FlowSpace => (intervals.size(set) === intervals.size(space.dst) ? space : withAxis(space, 'dst', set));
  for (const r of eipPart)
    for (let a = r.lo; a <= r.hi; a++) {
      const eip = byAddress.get(a)!;
      parts.push({
        space: whole([{ lo: a, hi: a }]),
        go: (o, s) => {
          cm.visit(eip);
          if (eip.boundTo !== null) return forwardTo(o, eip, s);
          const g = gatewayOf.get(eip.id);
          if (g) return forwardTo(o, g, s);
          o.push({ type: 'drop', code: 'NOT_EXPOSED', at: eip.id, cause: { kind: 'not-exposed', dst: s.dst, target: eip } });
          return [o];
        },
      });
    }
  if (publicRest.length)
    parts.push({
      space: whole(publicRest),
      go: (o, s) => {
        if (!fromInternet) {
          o.push({ type: 'deliver', at: INTERNET, space: s });
          return [o];
        }
        o.push({ type: 'drop', code: 'NOT_EXPOSED', at: INTERNET.id, cause: { kind: 'not-exposed', dst: s.dst, target: null } });
        return [o];
      },
    });
  if (privateRest.length)
    parts.push({
      space: whole(privateRest),
      go: (o, s) => {
        o.push({ type: 'drop', code: 'NO_ROUTE', at: INTERNET.id, cause: { kind: 'private-from-internet', dst: s.dst } });
        return [o];
      },
    });
  return fork(
    out,
    parts.map((p) => p.space),
    (o, s) => parts.find((p) => p.space === s)!.go(o, s),
  );
}

const FROM_OUTSIDE: PathFacts = { sameSubnet: false, passThrough: false, sources: 'flows' };

function forwardTo(out: Decision[], to: Eip | NatGateway | Internet | AddressedResource, space: FlowSpace): Branch[] {
  out.push({ type: 'forward', to, space, facts: FROM_OUTSIDE });
  return [out];
}

/** The internet receiving what an EIP or a NAT gateway sends out: delivered, or back in when the address is an EIP of the model. */
export const internetSemantics: KindSemantics<'internet'> = {
  receive(cm, _node, space) {
    return toAddresses(cm, [], space, false);
  },
};

/**
 * An EIP: flows to its address go to the bound resource's private address (the source kept); flows from the bound
 * resource leave for the internet from its address.
 */
export const eipSemantics: KindSemantics<'eip'> = {
  receive(cm, eip, space) {
    const bound = cm.resource(eip.boundTo!) as AddressedResource;
    const own: IntervalSet = [{ lo: bound.ip, hi: bound.ip }];
    const outbound = intervals.intersect(space.src, own);
    const inbound = intervals.subtract(space.src, own);
    const parts = [...(inbound.length ? [withAxis(space, 'src', inbound)] : []), ...(outbound.length ? [withAxis(space, 'src', outbound)] : [])];
    return fork([], parts.length === 1 ? [space] : parts, (o, s) => {
      if (intervals.has(s.src, bound.ip)) {
        const after = withAxis(s, 'src', [{ lo: eip.address, hi: eip.address }]);
        o.push({ type: 'transform', transform: 'eip-nat', eip, way: 'out', before: s, after });
        return forwardTo(o, INTERNET, after);
      }
      const after = withAxis(s, 'dst', own);
      o.push({ type: 'transform', transform: 'eip-nat', eip, way: 'in', before: s, after });
      return forwardTo(o, bound, after);
    });
  },
};

/** The ports of `space` by the DNAT rule of `gateway` that forwards them on `eip` (null: none does), in rule order. */
function dnatPieces(gateway: NatGateway, eip: Eip, space: FlowSpace): { rule: DnatRule | null; space: FlowSpace }[] {
  const guards = gateway.dnatRules.filter((r) => r.eip === eip.id).map((rule) => ({ protoPort: dnatExternal(rule), rule }));
  const { pieces, rest } = splitProtoPort(guards, space);
  const out: { rule: DnatRule | null; space: FlowSpace }[] = pieces.map((p) => ({ rule: p.guard.rule, space: p.space }));
  if (rest) out.push({ rule: null, space: rest });
  return out;
}

/** The port rewrites of a NAT gateway's single-port DNAT rules (external → internal): what `diff` follows back. */
export function dnatTranslations(gateway: NatGateway): { from: number; to: number }[] {
  return gateway.dnatRules.flatMap((r) => {
    if (r.protocol === 'any') return [];
    const base = r.protocol === 'udp' ? PROTO_PORT_UDP_BASE : 0;
    return [{ from: base + r.externalPort, to: base + r.internalPort }];
  });
}

/**
 * The (protocol, port) values a DNAT rule takes on its EIP. An all-ports rule maps the EIP to the server one to one
 * (Huawei NAT: "端口类型选择所有端口，则相当于配置了EIP和服务器的一对一映射"), ICMP included.
 */
function dnatExternal(rule: DnatRule): IntervalSet {
  if (rule.protocol === 'any') return [{ lo: 1, hi: 0xffff }, { lo: PROTO_PORT_UDP_BASE + 1, hi: PROTO_PORT_UDP_BASE + 0xffff }, ...PROTO_PORT_ICMP];
  const base = rule.protocol === 'udp' ? PROTO_PORT_UDP_BASE : 0;
  return [{ lo: base + rule.externalPort, hi: base + rule.externalPort }];
}

/**
 * A NAT gateway: flows from its VPC's addresses leave for the internet by the SNAT rule that serves them (the most
 * specific source first: assumed), from the rule's first EIP; flows from outside arrive by the DNAT rule that forwards
 * their EIP port, to the rule's private address and port.
 */
export const natGatewaySemantics: KindSemantics<'natGateway'> = {
  receive(cm, gateway, space) {
    const vpc = cm.vpc(gateway.vpc);
    const inside = intervals.intersectRange(space.src, vpc.cidr);
    const outside = intervals.subtract(space.src, inside);
    const parts = [...(inside.length ? [withAxis(space, 'src', inside)] : []), ...(outside.length ? [withAxis(space, 'src', outside)] : [])];
    return fork([], parts.length === 1 ? [space] : parts, (o, s) =>
      intervals.touchesRange(s.src, vpc.cidr) ? snat(cm, gateway, o, s) : dnat(cm, gateway, o, s),
    );
  },
};

function snat(cm: CompiledModel, gateway: NatGateway, out: Decision[], space: FlowSpace): Branch[] {
  const rules = [...gateway.snatRules].sort((a, b) => b.source.prefix - a.source.prefix || a.index - b.index);
  const pieces: { rule: (typeof rules)[number] | null; space: FlowSpace }[] = [];
  let rest = space.src;
  for (const rule of rules) {
    const hit = intervals.intersectRange(rest, rule.source);
    if (hit.length === 0) continue;
    pieces.push({ rule, space: intervals.size(hit) === intervals.size(space.src) ? space : withAxis(space, 'src', hit) });
    rest = intervals.subtract(rest, hit);
  }
  if (rest.length) pieces.push({ rule: null, space: pieces.length ? withAxis(space, 'src', rest) : space });
  return fork(
    out,
    pieces.map((p) => p.space),
    (o, s) => {
      const { rule } = pieces.find((p) => p.space === s)!;
      const decision: NatRuleDecision = { type: 'filter', filter: 'snat-rule', outcome: rule ? 'allow' : 'deny', gateway, rule, space: s };
      o.push(decision);
      if (!rule) {
        o.push({ type: 'drop', code: 'NO_SNAT_RULE', at: gateway.id, cause: decision });
        return [o];
      }
      const eip = cm.model.eips.get(rule.eips[0]!)!;
      cm.visit(eip);
      // A NAT gateway translates ports as well (many addresses share the EIP): it picks the source port.
      const after: FlowSpace = { ...s, src: [{ lo: eip.address, hi: eip.address }], srcPort: PICKED_SOURCE_PORTS };
      o.push({ type: 'transform', transform: 'snat', gateway, rule, eip, before: s, after });
      return forwardTo(o, INTERNET, after);
    },
  );
}

function dnat(cm: CompiledModel, gateway: NatGateway, out: Decision[], space: FlowSpace): Branch[] {
  const { byAddress } = exposure(cm);
  const eip = byAddress.get(space.dst[0]!.lo)!;
  const pieces = dnatPieces(gateway, eip, space);
  return fork(
    out,
    pieces.map((p) => p.space),
    (o, s) => {
      const { rule } = pieces.find((p) => p.space === s)!;
      const decision: NatRuleDecision = { type: 'filter', filter: 'dnat-rule', outcome: rule ? 'allow' : 'deny', gateway, eip, rule, named: null, space: s };
      o.push(decision);
      if (!rule) {
        o.push({ type: 'drop', code: 'NO_DNAT_RULE', at: gateway.id, cause: decision });
        return [o];
      }
      const moved =
        rule.protocol === 'any'
          ? s.protoPort
          : [{ lo: s.protoPort[0]!.lo - rule.externalPort + rule.internalPort, hi: s.protoPort[0]!.lo - rule.externalPort + rule.internalPort }];
      const after: FlowSpace = { protoPort: moved, src: s.src, dst: [{ lo: rule.privateIp, hi: rule.privateIp }], srcPort: s.srcPort, icmpCode: s.icmpCode };
      o.push({ type: 'transform', transform: 'dnat', gateway, rule, before: s, after });
      const target = rule.instance !== null ? (cm.resource(rule.instance) as AddressedResource) : cm.addressOwner(gateway.vpc, rule.privateIp);
      if (!target) {
        o.push({ type: 'drop', code: 'UNKNOWN_DESTINATION', at: gateway.vpc, cause: { kind: 'unknown-address', dst: after.dst, vpc: gateway.vpc } });
        return [o];
      }
      return forwardTo(o, target, after);
    },
  );
}
