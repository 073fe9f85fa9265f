import * as intervals from './interval-set.js';
import type { IntervalSet } from './interval-set.js';
import { MAX_ICMP_CODE, MAX_ICMP_TYPE, definedIcmpCodes, type FlowProtocol, type PortRange, type RuleProtocol } from './ports.js';
import { ALL_IPV4 } from './ipv4.js';

/**
 * The protocol-port axis folds protocol and destination port into one integer: TCP port p is p, UDP port p is
 * 65536 + p, ICMP type t is 131072 + t (its codes are an axis of their own: FlowSpace.icmpCode). A set of (protocol, port) pairs is then one
 * interval set, and a rule's protocol and ports are one guard.
 */
export const PROTO_PORT_UDP_BASE = 0x10000;
export const PROTO_PORT_ICMP_BASE = 0x20000;
/** Every TCP (protocol, port) pair. */
export const PROTO_PORT_TCP: IntervalSet = Object.freeze([{ lo: 0, hi: 0xffff }]);
/** Every ICMP type. */
export const PROTO_PORT_ICMP: IntervalSet = Object.freeze([{ lo: PROTO_PORT_ICMP_BASE, hi: PROTO_PORT_ICMP_BASE + MAX_ICMP_TYPE }]);
/** Every (protocol, port) pair a flow can have. */
export const PROTO_PORT_ANY: IntervalSet = Object.freeze([{ lo: 0, hi: PROTO_PORT_ICMP_BASE + MAX_ICMP_TYPE }]);

/** Where a protocol's values start on the protocol-port axis. */
export function protoPortBase(protocol: FlowProtocol): number {
  return protocol === 'udp' ? PROTO_PORT_UDP_BASE : protocol === 'icmp' ? PROTO_PORT_ICMP_BASE : 0;
}
/** Every IPv4 address. */
export const ALL_ADDRESSES: IntervalSet = Object.freeze([{ lo: ALL_IPV4.lo, hi: ALL_IPV4.hi }]);

/** The protocol-port value of one protocol and port. */
export function protoPortOf(protocol: FlowProtocol, port: number): number {
  return protoPortBase(protocol) + port;
}

/** The protocol of a protocol-port value. */
export function protocolOfProtoPort(protoPort: number): FlowProtocol {
  return protoPort >= PROTO_PORT_ICMP_BASE ? 'icmp' : protoPort >= PROTO_PORT_UDP_BASE ? 'udp' : 'tcp';
}

/** The port (an ICMP flow's type) of a protocol-port value. */
export function portOfProtoPort(protoPort: number): number {
  return protoPort - protoPortBase(protocolOfProtoPort(protoPort));
}

/** The port of a space's first flow: the one port of a one-point space (a concrete decision's). */
export function firstPort(space: FlowSpace): number {
  return portOfProtoPort(space.protoPort[0]!.lo);
}

/** The protocol of a space's first flow: the one protocol of a one-point space (a concrete decision's). */
export function firstProtocol(space: FlowSpace): FlowProtocol {
  return protocolOfProtoPort(space.protoPort[0]!.lo);
}

/**
 * The protocol-port set one protocol and port list stand for (a filter rule's `protocol` and `ports`, ICMP types for
 * ICMP; null ports = all, and `any` is every protocol's every port).
 */
export function protoPortSet(protocol: RuleProtocol, ports: readonly PortRange[] | null): IntervalSet {
  // Ports name TCP and UDP ports: `any` with ports is those of both (rules refuse it; DNAT and queries may ask).
  const protocols: readonly FlowProtocol[] = protocol === 'any' ? (ports === null ? ['tcp', 'udp', 'icmp'] : ['tcp', 'udp']) : [protocol];
  const top = (p: FlowProtocol) => (p === 'icmp' ? MAX_ICMP_TYPE : 0xffff);
  if (ports === null) return intervals.fromRanges(protocols.map((p) => ({ lo: protoPortBase(p), hi: protoPortBase(p) + top(p) })));
  return intervals.fromRanges(protocols.flatMap((p) => ports.map((r) => ({ lo: protoPortBase(p) + r.lo, hi: protoPortBase(p) + Math.min(r.hi, top(p)) }))));
}

/** Every source port: what a rule that names no source ports matches. */
export const ALL_SOURCE_PORTS: IntervalSet = Object.freeze([{ lo: 0, hi: 0xffff }]);

/**
 * The source ports of a flow whose sender picks its port (a client's operating system, or a provider that rewrites the
 * source: VPCEP, a load balancer, a NAT gateway), when no one says which: any unprivileged port, 1024-65535, the range
 * every operating system's ephemeral ports lie in. An assumption: the sources do not say which ports the provider
 * picks.
 */
export const PICKED_SOURCE_PORTS: IntervalSet = Object.freeze([{ lo: 1024, hi: 0xffff }]);

/** The source ports a rule's `sourcePorts` stand for: every port (ALL_SOURCE_PORTS itself) unless it names fewer. */
export function sourcePortSet(ports: readonly PortRange[] | null): IntervalSet {
  const set = ports === null ? ALL_SOURCE_PORTS : intervals.fromRanges(ports);
  return intervals.coversRange(set, ALL_SOURCE_PORTS[0]!) ? ALL_SOURCE_PORTS : set;
}

/**
 * The ICMP codes of a rule that names none (it matches every code), and of a flow whose sender picks the code: any
 * code the registry defines for the flow's type (definedIcmpCodes). Compared by identity: a set built anew that holds
 * 0-255 is a set of codes like any other.
 */
export const ALL_ICMP_CODES: IntervalSet = Object.freeze([{ lo: 0, hi: MAX_ICMP_CODE }]);

/** The ICMP codes a rule's `icmpCode` stands for: every code (ALL_ICMP_CODES itself) unless it names one. */
export function icmpCodeSet(code: number | null): IntervalSet {
  return code === null ? ALL_ICMP_CODES : [{ lo: code, hi: code }];
}

/**
 * The ICMP codes `codes` stands for on the ICMP types of `protoPort`: itself, unless it is ALL_ICMP_CODES — then the
 * codes the registry defines for those types (a rule that names a code names one type).
 */
export function icmpCodesOf(codes: IntervalSet, protoPort: IntervalSet): IntervalSet {
  if (codes !== ALL_ICMP_CODES) return codes;
  const ranges: { lo: number; hi: number }[] = [];
  for (const r of intervals.intersect(protoPort, PROTO_PORT_ICMP))
    for (let t = r.lo - PROTO_PORT_ICMP_BASE; t <= r.hi - PROTO_PORT_ICMP_BASE; t++) for (const c of definedIcmpCodes(t)) ranges.push({ lo: c.lo, hi: c.hi });
  return intervals.fromRanges(ranges);
}

/**
 * A set of flows: service (protocol × destination port) × source address × destination address × source port × ICMP
 * code, each axis an interval set of unsigned 32-bit numbers. A concrete flow is a space of one point per axis —
 * except that a source may stand for "any address of a range" where a provider picks the address (VPCEP, load
 * balancers), the source port for "any port of a set" where the sender picks it (PICKED_SOURCE_PORTS), and an ICMP
 * flow's code for any its sender may send (ALL_ICMP_CODES).
 */
export interface FlowSpace {
  readonly protoPort: IntervalSet;
  readonly src: IntervalSet;
  readonly dst: IntervalSet;
  /** The source ports (for ICMP, which has none, the set the space was built with; no rule on ICMP names them). */
  readonly srcPort: IntervalSet;
  /**
   * An ICMP flow's codes: ALL_ICMP_CODES (any its types define), or the codes asked about or left by rules that name
   * codes (then the space's ICMP service is one type). TCP and UDP flows carry ALL_ICMP_CODES; no rule on them names codes.
   */
  readonly icmpCode: IntervalSet;
}

/** A space of one flow (the source, the source port and the ICMP code may be sets: see FlowSpace). */
export function pointSpace(
  protocol: FlowProtocol,
  port: number,
  src: IntervalSet,
  dst: number,
  srcPort: IntervalSet = PICKED_SOURCE_PORTS,
  icmpCode: IntervalSet = ALL_ICMP_CODES,
): FlowSpace {
  const s = protoPortOf(protocol, port);
  return { protoPort: [{ lo: s, hi: s }], src, dst: [{ lo: dst, hi: dst }], srcPort, icmpCode };
}

/** True when the space holds no flow. */
export function isEmptySpace(s: FlowSpace): boolean {
  return s.protoPort.length === 0 || s.src.length === 0 || s.dst.length === 0 || s.srcPort.length === 0 || s.icmpCode.length === 0;
}

/** The ICMP codes of flows of `a` that a rule on codes `b` (of the types of `protoPort`) matches. */
export function meetIcmpCodes(a: IntervalSet, b: IntervalSet, protoPort: IntervalSet): IntervalSet {
  return b === ALL_ICMP_CODES ? a : intervals.intersect(icmpCodesOf(a, protoPort), b);
}

/** The flows in both spaces. */
export function intersectSpace(a: FlowSpace, b: FlowSpace): FlowSpace {
  const protoPort = intervals.intersect(a.protoPort, b.protoPort);
  return {
    protoPort,
    src: intervals.intersect(a.src, b.src),
    dst: intervals.intersect(a.dst, b.dst),
    srcPort: b.srcPort === ALL_SOURCE_PORTS ? a.srcPort : intervals.intersect(a.srcPort, b.srcPort),
    icmpCode: meetIcmpCodes(a.icmpCode, b.icmpCode, protoPort),
  };
}

/**
 * The flows of `a` not in `b`, as disjoint spaces (at most one per axis). `both`, when the caller has it, is
 * `intersectSpace(a, b)` (not empty): its axes are not computed again.
 */
export function subtractSpace(a: FlowSpace, b: FlowSpace, both?: FlowSpace): FlowSpace[] {
  const out: FlowSpace[] = [];
  if (isEmptySpace(a)) return out;
  const { srcPort, icmpCode } = a;
  const svcOut = intervals.subtract(a.protoPort, b.protoPort);
  if (svcOut.length) out.push({ protoPort: svcOut, src: a.src, dst: a.dst, srcPort, icmpCode });
  const svcIn = both?.protoPort ?? intervals.intersect(a.protoPort, b.protoPort);
  if (svcIn.length === 0) return out;
  const srcOut = intervals.subtract(a.src, b.src);
  if (srcOut.length) out.push({ protoPort: svcIn, src: srcOut, dst: a.dst, srcPort, icmpCode });
  const srcIn = both?.src ?? intervals.intersect(a.src, b.src);
  if (srcIn.length === 0) return out;
  const dstOut = intervals.subtract(a.dst, b.dst);
  if (dstOut.length) out.push({ protoPort: svcIn, src: srcIn, dst: dstOut, srcPort, icmpCode });
  // A rule that names no source ports and no ICMP code (nearly every one) takes them all: nothing is left on those axes.
  if (b.srcPort === ALL_SOURCE_PORTS && b.icmpCode === ALL_ICMP_CODES) return out;
  const dstIn = both?.dst ?? intervals.intersect(a.dst, b.dst);
  if (dstIn.length === 0) return out;
  let srcPortIn = srcPort;
  if (b.srcPort !== ALL_SOURCE_PORTS) {
    const srcPortOut = intervals.subtract(srcPort, b.srcPort);
    if (srcPortOut.length) out.push({ protoPort: svcIn, src: srcIn, dst: dstIn, srcPort: srcPortOut, icmpCode });
    srcPortIn = both?.srcPort ?? intervals.intersect(srcPort, b.srcPort);
    if (srcPortIn.length === 0) return out;
  }
  if (b.icmpCode !== ALL_ICMP_CODES) {
    // The codes the flow may carry on the rule's type, less the rule's.
    const codeOut = intervals.subtract(icmpCodesOf(icmpCode, svcIn), b.icmpCode);
    if (codeOut.length) out.push({ protoPort: svcIn, src: srcIn, dst: dstIn, srcPort: srcPortIn, icmpCode: codeOut });
  }
  return out;
}

/** The space with one axis replaced. */
export function withAxis(s: FlowSpace, axis: keyof FlowSpace, set: IntervalSet): FlowSpace {
  switch (axis) {
    case 'protoPort':
      return { protoPort: set, src: s.src, dst: s.dst, srcPort: s.srcPort, icmpCode: s.icmpCode };
    case 'src':
      return { protoPort: s.protoPort, src: set, dst: s.dst, srcPort: s.srcPort, icmpCode: s.icmpCode };
    case 'dst':
      return { protoPort: s.protoPort, src: s.src, dst: set, srcPort: s.srcPort, icmpCode: s.icmpCode };
    case 'srcPort':
      return { protoPort: s.protoPort, src: s.src, dst: s.dst, srcPort: set, icmpCode: s.icmpCode };
    case 'icmpCode':
      return { protoPort: s.protoPort, src: s.src, dst: s.dst, srcPort: s.srcPort, icmpCode: set };
  }
}

/** Union of one axis over a list of spaces. */
export function axisUnion(spaces: readonly FlowSpace[], axis: keyof FlowSpace): IntervalSet {
  let out: IntervalSet = intervals.EMPTY;
  for (const s of spaces) out = intervals.union(out, s[axis]);
  return out;
}
