import {
  ALL_ICMP_CODES,
  ALL_SOURCE_PORTS,
  axisUnion,
  meetIcmpCodes,
  countAtMost,
  icmpCodeSet,
  sourcePortSet,
  type PortRange,
  intervals,
  isEmptySpace,
  subtractSpace,
  withAxis,
  type FlowSpace,
  type IntervalSet,
} from '../net/index.js';
import type { NetworkAclRule, SecurityGroupRule, SourceLocation } from '../model/index.js';

/** Where a guard comes from: a rule written in the model, or a rule the provider builds in. */
type GuardOrigin =
  | { readonly kind: 'security-group'; readonly resource: string; readonly rule: SecurityGroupRule }
  | { readonly kind: 'network-acl'; readonly resource: string; readonly rule: NetworkAclRule }
  | { readonly kind: 'acl-preset'; readonly resource: string }
  | { readonly kind: 'access-control'; readonly resource: string; readonly part: 'list' | 'rest'; readonly loc: SourceLocation }
  | { readonly kind: 'endpoint-whitelist'; readonly resource: string }
  /** A filter opened on purpose, to ask what would stop the flow if no rule did (see OpenCompiledModel). */
  | { readonly kind: 'opened'; readonly resource: string };

/** A guard's box of flows; a rule that names no source ports (no ICMP code) matches every one. */
export const box = (
  protoPort: IntervalSet,
  src: IntervalSet,
  dst: IntervalSet,
  srcPort: IntervalSet = ALL_SOURCE_PORTS,
  icmpCode: IntervalSet = ALL_ICMP_CODES,
): FlowSpace => ({ protoPort, src, dst, srcPort, icmpCode });

/**
 * The box of flows a filter rule matches: its service and addresses, and the source ports (network ACL rules) or the
 * ICMP code (security-group rules) it names, if any.
 */
export function ruleBox(
  protoPort: IntervalSet,
  src: IntervalSet,
  dst: IntervalSet,
  rule: { readonly sourcePorts?: readonly PortRange[] | null; readonly icmpCode?: number | null },
): FlowSpace {
  return box(protoPort, src, dst, sourcePortSet(rule.sourcePorts ?? null), icmpCodeSet(rule.icmpCode ?? null));
}

/** A compiled rule: the box of flows it matches, and what it does with them. */
export interface Guard {
  readonly match: FlowSpace;
  readonly action: 'allow' | 'deny';
  readonly origin: GuardOrigin;
}

/** The flows one guard decided in a first-match evaluation. */
export interface DecidedPart {
  readonly guard: Guard;
  readonly spaces: readonly FlowSpace[];
}

/** A first-match evaluation of a guard list over a space: the space's partition into decided and unmatched pieces. */
export interface Evaluation {
  /** `allow`: every flow is allowed; `deny`: none is; `partial`: some are. */
  readonly decision: 'allow' | 'deny' | 'partial';
  /** Guards that decided part of the space, in evaluation order, with the pieces each decided. */
  readonly decided: readonly DecidedPart[];
  readonly allowed: readonly FlowSpace[];
  /** The pieces no guard matched (denied by default). */
  readonly unmatched: readonly FlowSpace[];
  /** The first deny guard that decided something, if any. */
  readonly firstDeny: Guard | null;
}

/** Whether two interval sets can meet: their hulls overlap (a test that allocates nothing). */
function hullsMeet(a: IntervalSet, b: IntervalSet): boolean {
  return a.length > 0 && b.length > 0 && a[0]!.lo <= b[b.length - 1]!.hi && b[0]!.lo <= a[a.length - 1]!.hi;
}

/** The part of `a` inside `b`, or null when they do not meet (the protocol-port axis is tried first: it is the most selective). */
function meet(a: FlowSpace, b: FlowSpace): FlowSpace | null {
  if (!hullsMeet(a.protoPort, b.protoPort) || !hullsMeet(a.src, b.src) || !hullsMeet(a.dst, b.dst)) return null;
  const protoPort = intervals.intersect(a.protoPort, b.protoPort);
  if (protoPort.length === 0) return null;
  const src = intervals.intersect(a.src, b.src);
  if (src.length === 0) return null;
  const dst = intervals.intersect(a.dst, b.dst);
  if (dst.length === 0) return null;
  // A rule that names no source ports takes them all.
  const srcPort = b.srcPort === ALL_SOURCE_PORTS ? a.srcPort : intervals.intersect(a.srcPort, b.srcPort);
  if (srcPort.length === 0) return null;
  // A rule that names no ICMP code takes every code.
  const icmpCode = meetIcmpCodes(a.icmpCode, b.icmpCode, protoPort);
  if (icmpCode.length === 0) return null;
  return { protoPort, src, dst, srcPort, icmpCode };
}

/** Collects the pieces of a first-match evaluation. */
class PartitionBuilder {
  readonly decided: DecidedPart[] = [];
  readonly allowed: FlowSpace[] = [];
  private denied = false;
  private firstDeny: Guard | null = null;

  /** Records the pieces one guard decided. */
  take(guard: Guard, spaces: FlowSpace[]): void {
    this.decided.push({ guard, spaces });
    if (guard.action === 'allow') for (const h of spaces) this.allowed.push(h);
    else {
      this.denied = true;
      this.firstDeny ??= guard;
    }
  }

  finish(unmatched: readonly FlowSpace[]): Evaluation {
    const { decided, allowed, denied, firstDeny } = this;
    const rest = denied || unmatched.length > 0;
    const decision = allowed.length === 0 ? (rest ? 'deny' : 'allow') : rest ? 'partial' : 'allow';
    return { decision, decided, allowed, unmatched, firstDeny };
  }
}

/**
 * The first-match loop over many-valued spaces, from guard `start` on: each guard takes the still-undecided flows it
 * matches (`take` gets them; returning false stops the scan). Returns what no guard took, or null when stopped.
 */
function scan(guards: readonly Guard[], start: number, space: FlowSpace, take: (guard: Guard, hits: FlowSpace[]) => boolean): FlowSpace[] | null {
  let undecided: FlowSpace[] = isEmptySpace(space) ? [] : [space];
  for (let k = start; k < guards.length; k++) {
    if (undecided.length === 0) break;
    const guard = guards[k]!;
    let hits: FlowSpace[] | null = null;
    let rest: FlowSpace[] | null = null;
    for (let i = 0; i < undecided.length; i++) {
      const u = undecided[i]!;
      const hit = meet(u, guard.match);
      if (hit === null) {
        rest?.push(u);
        continue;
      }
      if (rest === null) rest = undecided.slice(0, i);
      (hits ??= []).push(hit);
      for (const r of subtractSpace(u, guard.match, hit)) rest.push(r);
    }
    if (hits === null) continue;
    undecided = rest!;
    if (!take(guard, hits)) return null;
  }
  return undecided;
}

/**
 * First match over a space: each guard decides the still-undecided flows it matches; what no guard decides is
 * unmatched (the caller's default). Works for one flow and for any space alike.
 */
export function firstMatch(guards: readonly Guard[], space: FlowSpace): Evaluation {
  const { protoPort, dst } = space;
  if (protoPort.length === 1 && protoPort[0]!.lo === protoPort[0]!.hi && dst.length === 1 && dst[0]!.lo === dst[0]!.hi && !namesPickedValues(guards))
    return firstMatchOnSource(guards, space);
  const out = new PartitionBuilder();
  const undecided = scan(guards, 0, space, (guard, hits) => {
    out.take(guard, hits);
    return true;
  });
  return out.finish(undecided!);
}

/**
 * Whether first match over `guards[start..]` decides every flow of `space` with `action` (a flow no guard matches
 * is denied): `firstMatch(guards.slice(start), space).decision` is `allow` for `allow`, `deny` for `deny` — but
 * stopping at the first guard that decides otherwise.
 */
export function decidesAlike(guards: readonly Guard[], start: number, space: FlowSpace, action: 'allow' | 'deny'): boolean {
  const undecided = scan(guards, start, space, (guard) => guard.action === action);
  return undecided !== null && (action === 'deny' || undecided.length === 0);
}

/** Guards by service: for each run of the protocol-port axis, the guards (in order) whose service set holds it. */
interface ServiceIndex {
  /** Start of each run, ascending; run i is [starts[i], starts[i + 1]). */
  readonly starts: readonly number[];
  readonly guards: readonly (readonly Guard[])[];
}

const serviceIndexes = new WeakMap<readonly Guard[], ServiceIndex>();
const pickedLists = new WeakMap<readonly Guard[], boolean>();

/**
 * Whether a guard of the list names source ports or an ICMP code, values the sender picks (then a flow's source ports
 * or codes can split, not only its source).
 */
function namesPickedValues(guards: readonly Guard[]): boolean {
  let names = pickedLists.get(guards);
  if (names === undefined) pickedLists.set(guards, (names = guards.some((g) => g.match.srcPort !== ALL_SOURCE_PORTS || g.match.icmpCode !== ALL_ICMP_CODES)));
  return names;
}

/** The guards that can match service `protoPort`, in evaluation order (an index built once per guard list). */
function guardsFor(guards: readonly Guard[], protoPort: number): readonly Guard[] {
  if (guards.length < 8) return guards;
  let index = serviceIndexes.get(guards);
  if (!index) {
    const cuts = new Set<number>([0]);
    for (const g of guards) {
      for (const r of g.match.protoPort) {
        cuts.add(r.lo);
        cuts.add(r.hi + 1);
      }
    }
    const starts = [...cuts].sort((a, b) => a - b);
    index = { starts, guards: starts.map((lo) => guards.filter((g) => intervals.has(g.match.protoPort, lo))) };
    serviceIndexes.set(guards, index);
  }
  return index.guards[countAtMost(index.starts, protoPort) - 1] ?? [];
}

/** `firstMatch` for one service and one destination (every concrete flow) by guards that name no source ports or codes: only the source axis can split. */
function firstMatchOnSource(guards: readonly Guard[], space: FlowSpace): Evaluation {
  const protoPort = space.protoPort[0]!.lo;
  const dst = space.dst[0]!.lo;
  const out = new PartitionBuilder();
  let undecided = space.src;
  for (const guard of guardsFor(guards, protoPort)) {
    if (undecided.length === 0) break;
    const m = guard.match;
    if (!intervals.has(m.protoPort, protoPort) || !intervals.has(m.dst, dst)) continue;
    const hit = intervals.intersect(undecided, m.src);
    if (hit.length === 0) continue;
    out.take(guard, [withAxis(space, 'src', hit)]);
    undecided = hit === undecided || sameSet(hit, undecided) ? intervals.EMPTY : intervals.subtract(undecided, hit);
  }
  return out.finish(undecided.length ? [withAxis(space, 'src', undecided)] : []);
}

/**
 * The allowed part of an evaluation as one space per distinct (service, destination, source ports, ICMP codes), sources
 * united. On a concrete flow (one service, one destination) that guards split on its source only, that is exactly one
 * space.
 */
export function allowedSpaces(ev: Evaluation): FlowSpace[] {
  const out: FlowSpace[] = [];
  for (const a of ev.allowed) {
    const same = out.findIndex(
      (o) => sameSet(o.protoPort, a.protoPort) && sameSet(o.dst, a.dst) && sameSet(o.srcPort, a.srcPort) && sameSet(o.icmpCode, a.icmpCode),
    );
    if (same < 0) out.push(a);
    else out[same] = withAxis(a, 'src', intervals.union(out[same]!.src, a.src));
  }
  return out;
}

/**
 * The value a sender picks that alone splits a partial evaluation of `space`, if one does: its allowed part holds
 * every service, source and destination of the space (each for some source ports or ICMP codes), so only the source
 * port (`srcPort`) or the ICMP code (`icmpCode`) the sender picks decides. No filter names both: source ports are on
 * network ACL rules of TCP and UDP, codes on security-group rules of ICMP.
 */
export function pickedSplit(ev: Evaluation, space: FlowSpace): 'srcPort' | 'icmpCode' | null {
  if (ev.decision !== 'partial') return null;
  if (!(['protoPort', 'src', 'dst'] as const).every((axis) => intervals.keyOf(axisUnion(ev.allowed, axis)) === intervals.keyOf(space[axis]))) return null;
  return ev.decided.some((part) => part.guard.match.icmpCode !== ALL_ICMP_CODES) ? 'icmpCode' : 'srcPort';
}

function sameSet(a: IntervalSet, b: IntervalSet): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.lo !== b[i]!.lo || a[i]!.hi !== b[i]!.hi) return false;
  return true;
}
