import { intervals, withAxis, type FlowSpace, type IntervalSet } from '../../net/index.js';
import { edgesOf } from '../../net/sweep.js';
import type { CompiledModel } from '../compile.js';
import { pushAll, type NetworkAcl } from '../../model/index.js';
import type { Branch, Decision, DropDecision, PathFacts, RuleFilterDecision, RuleFilterSpec, SourceAxis } from '../decisions.js';
import { allowedSpaces, firstMatch, type Evaluation, type Guard } from '../guards.js';

/** The rest of a kind's semantics, given the decisions so far on this branch and the flows that go on. */
export type { RuleFilterSpec };

export type Continue = (out: Decision[], space: FlowSpace) => Branch[];

/**
 * Continues `out` with each of `spaces`: one branch per space. On a concrete flow there is one space and no copy.
 */
export function fork(out: Decision[], spaces: readonly FlowSpace[], k: Continue): Branch[] {
  if (spaces.length === 1) return k(out, spaces[0]!);
  const branches: Branch[] = [];
  for (const s of spaces) for (const b of k([...out], s)) branches.push(b);
  return branches;
}

/**
 * A first-match rule filter: records the decision, and either drops the branch or continues with what passes.
 * `narrow` filters continue with the admitted part of a partially admitted source; `drop` filters stop.
 *
 * A space of many flows (the set driver's) is first cut into regions that the rules treat alike, and each region is
 * decided on its own: a filter that admits port 80 and refuses 81 gives a branch that goes on and one that drops, not
 * one "partial" flow. The protocol-port and destination axes always hold flows; the source axis does when `sources`
 * is `flows` (the clients' own addresses). When it is `any` (a provider's range: any one address of it is the
 * flow's source) it stays whole in a region, and part of it admitted is `partial`.
 */
export function ruleFilter(out: Decision[], spec: RuleFilterSpec, guards: readonly Guard[], space: FlowSpace, sources: SourceAxis, k: Continue): Branch[] {
  return filterRegions(out, spec, guards, space, firstMatch(guards, space), sources, k);
}

function filterRegions(
  out: Decision[],
  spec: RuleFilterSpec,
  guards: readonly Guard[],
  space: FlowSpace,
  evaluation: Evaluation,
  sources: SourceAxis,
  k: Continue,
): Branch[] {
  // A deny too: different rules (or none) may refuse different flows, and each names where it is refused.
  if (evaluation.decision !== 'allow') {
    // Sources first: within a source region every address meets the same pieces, so it is then one source.
    if (sources === 'flows' && !isPoint(space.src)) {
      const bySource = sourceRegionsOf(evaluation, space);
      if (bySource.length > 1) {
        const branches: Branch[] = [];
        for (const region of bySource) pushAll(branches, filterRegions([...out], spec, guards, region, firstMatch(guards, region), sources, k));
        return branches;
      }
    }
    if (!isPoint(space.protoPort) || !isPoint(space.dst)) {
      const regions = regionsOf(evaluation, space);
      if (regions.length > 1) {
        const branches: Branch[] = [];
        for (const region of regions) pushAll(branches, decideFilter([...out], spec, region, firstMatch(guards, region), k));
        return branches;
      }
    }
  }
  return decideFilter(out, spec, space, evaluation, k);
}

/** One region's filter decision: recorded, then a drop or the continuation with what passes. */
function decideFilter(out: Decision[], spec: RuleFilterSpec, space: FlowSpace, evaluation: Evaluation, k: Continue): Branch[] {
  const partial = evaluation.decision === 'partial';
  const stops = evaluation.decision === 'deny' || (partial && spec.onPartial === 'drop');
  const outcome = spec.filter === 'endpoint-whitelist' && stops ? 'deny' : evaluation.decision;
  const decision: RuleFilterDecision = { type: 'filter', filter: spec.filter, spec, space, outcome, evaluation };
  out.push(decision);
  if (stops) {
    const at = evaluation.decision === 'deny' ? (evaluation.firstDeny?.origin.resource ?? spec.resource) : spec.resource;
    const drop: DropDecision = { type: 'drop', code: spec.deny, at, cause: decision };
    out.push(drop);
    return [out];
  }
  return fork(out, partial ? allowedSpaces(evaluation) : [space], k);
}

/** Whether an axis holds one value: every concrete flow's protocol-port and destination do. */
function isPoint(set: IntervalSet): boolean {
  return set.length === 1 && set[0]!.lo === set[0]!.hi;
}

/**
 * The space cut on the source axis into regions whose addresses meet the same pieces of the evaluation (so on every
 * other axis they are decided alike), in address order of their first address.
 */
function sourceRegionsOf(ev: Evaluation, space: FlowSpace): FlowSpace[] {
  const pieces: FlowSpace[] = [];
  for (const part of ev.decided) for (const piece of part.spaces) pieces.push(piece);
  for (const piece of ev.unmatched) pieces.push(piece);
  // A sweep over the addresses: the pieces that hold an address change only where a piece's source range starts or
  // stops. The pieces partition the space, so an address no piece holds is outside it.
  const edges = edgesOf(pieces.map((piece) => piece.src));
  const active = new Uint8Array(pieces.length);
  let holding = 0;
  const regions = new Map<string, { lo: number; hi: number }[]>();
  for (let e = 0; e < edges.at.length;) {
    const at = edges.at[e]!;
    for (; e < edges.at.length && edges.at[e] === at; e++) {
      active[edges.set[e]!] = edges.start[e]!;
      holding += edges.start[e] ? 1 : -1;
    }
    if (holding === 0 || e === edges.at.length) continue;
    const cell = { lo: at, hi: edges.at[e]! - 1 };
    let key = '';
    for (let p = 0; p < active.length; p++) if (active[p]) key += `${p},`;
    const cells = regions.get(key);
    if (cells) cells.push(cell);
    else regions.set(key, [cell]);
  }
  return [...regions.values()].map((cells) => withAxis(space, 'src', intervals.fromRanges(cells)));
}

/**
 * The space cut into boxes that the evaluation treats alike on the protocol-port and destination axes: within a box,
 * every (protocol-port, destination) point has the same admitted sources, source ports and ICMP codes and the same first deny rule. Boxes are per elementary destination range,
 * with the protocol-port ranges of equal admitted sources joined; in axis order.
 */
function regionsOf(ev: Evaluation, space: FlowSpace): FlowSpace[] {
  const allowed = ev.allowed;
  const cuts = (axis: 'protoPort' | 'dst'): number[] => {
    const set = new Set<number>();
    for (const r of space[axis]) set.add(r.lo).add(r.hi + 1);
    for (const part of ev.decided) for (const piece of part.spaces) for (const r of piece[axis]) set.add(r.lo).add(r.hi + 1);
    for (const piece of ev.unmatched) for (const r of piece[axis]) set.add(r.lo).add(r.hi + 1);
    return [...set].sort((a, b) => a - b);
  };
  const elementary = (axis: 'protoPort' | 'dst'): { lo: number; hi: number }[] => {
    const c = cuts(axis);
    const out: { lo: number; hi: number }[] = [];
    for (let i = 0; i + 1 < c.length; i++) {
      const r = { lo: c[i]!, hi: c[i + 1]! - 1 };
      if (intervals.coversRange(space[axis], r)) out.push(r);
    }
    return out;
  };
  const ports = elementary('protoPort');
  const regions: FlowSpace[] = [];
  for (const d of elementary('dst')) {
    const bySources = new Map<string, { src: IntervalSet; ports: { lo: number; hi: number }[] }>();
    for (const p of ports) {
      let src: IntervalSet = intervals.EMPTY;
      // The admitted pieces' source ports and ICMP codes: when every piece has the same (nearly always), the admitted
      // flows are the sources' union with them; else each piece is named, so that cells alike in their unions only
      // are told apart.
      let picked: FlowSpace | null = null;
      let pieces: string[] | null = null;
      for (const a of allowed)
        if (intervals.coversRange(a.protoPort, p) && intervals.coversRange(a.dst, d)) {
          src = intervals.union(src, a.src);
          picked ??= a;
          if (pieces === null && (a.srcPort !== picked.srcPort || a.icmpCode !== picked.icmpCode)) pieces = [];
        }
      if (pieces !== null)
        for (const a of allowed)
          if (intervals.coversRange(a.protoPort, p) && intervals.coversRange(a.dst, d))
            pieces.push(`${intervals.keyOf(a.src)}/${intervals.keyOf(a.srcPort)}/${intervals.keyOf(a.icmpCode)}`);
      // The first deny rule that decides part of the cell names where it is refused: cells refused by different rules differ.
      const deny = ev.decided.findIndex(
        (part) => part.guard.action === 'deny' && part.spaces.some((x) => intervals.coversRange(x.protoPort, p) && intervals.coversRange(x.dst, d)),
      );
      const admitted =
        pieces !== null
          ? pieces.sort().join(' ')
          : picked === null
            ? ''
            : `${intervals.keyOf(src)} ${intervals.keyOf(picked.srcPort)} ${intervals.keyOf(picked.icmpCode)}`;
      const key = `${deny} ${admitted}`;
      const g = bySources.get(key);
      if (g) g.ports.push(p);
      else bySources.set(key, { src, ports: [p] });
    }
    for (const g of bySources.values())
      regions.push({ protoPort: intervals.fromRanges(g.ports), src: space.src, dst: [d], srcPort: space.srcPort, icmpCode: space.icmpCode });
  }
  return regions;
}
/** A filter that does not apply to this traffic: recorded as bypassed, everything goes on. */
export function bypass(out: Decision[], spec: RuleFilterSpec, space: FlowSpace, k: Continue): Branch[] {
  out.push({ type: 'filter', filter: spec.filter, spec, space, outcome: 'bypass', evaluation: null });
  return k(out, space);
}

/**
 * A security-group filter. Both narrow: an ingress source may be a provider's range (VPCEP, a load balancer), of which
 * a filter may admit part, and an ICMP flow's code is any its type defines, of which a rule on codes may admit part
 * (the client's own address is one address: egress is partial by codes only).
 */
export function securityGroupSpec(groups: readonly string[], direction: 'ingress' | 'egress'): RuleFilterSpec {
  return direction === 'ingress'
    ? { filter: 'security-group', direction, groups, resource: groups[0]!, deny: 'SG_INGRESS_DENIED', partial: 'SG_INGRESS_PARTIAL', onPartial: 'narrow' }
    : { filter: 'security-group', direction, groups, resource: groups[0]!, deny: 'SG_EGRESS_DENIED', partial: 'SG_EGRESS_PARTIAL', onPartial: 'narrow' };
}

/**
 * The network ACL that filters a subnet's traffic: the one bound to it, unless none is or it is switched off — then,
 * when `out` is given, a note says the switch's position. Written once for every kind that meets a subnet's ACL.
 */
export function subnetAcl(cm: CompiledModel, subnetId: string, out?: Decision[]): string | null {
  const id = cm.subnet(subnetId).networkAcl;
  if (id === null) return null;
  const acl = cm.resource(id) as NetworkAcl;
  if (acl.enabled) return id;
  out?.push({ type: 'assume', assumption: 'acl-disabled', acl: id, subnet: subnetId });
  return null;
}

/** The inbound network ACL of a subnet, when the flow crosses into it. Shared by every kind that sits in a subnet. */
export function inboundAcl(cm: CompiledModel, out: Decision[], subnetId: string, space: FlowSpace, facts: PathFacts, k: Continue): Branch[] {
  if (facts.sameSubnet) {
    out.push({ type: 'assume', assumption: 'same-subnet-no-acl', subnet: subnetId });
    return k(out, space);
  }
  const acl = subnetAcl(cm, subnetId, out);
  if (acl === null) return k(out, space);
  const spec: RuleFilterSpec = {
    filter: 'network-acl',
    direction: 'inbound',
    acl,
    subnet: subnetId,
    resource: acl,
    deny: 'ACL_INBOUND_DENIED',
    partial: 'ACL_INBOUND_PARTIAL',
    onPartial: 'narrow',
  };
  if (facts.passThrough) return bypass(out, spec, space, k);
  return ruleFilter(out, spec, cm.networkAclGuards(acl, 'inbound'), space, facts.sources, k);
}

/** Splits a space on the protocol-port axis by guards in order (first match wins); returns the pieces and what no guard took. */
export function splitProtoPort<T extends { readonly protoPort: IntervalSet }>(
  guards: readonly T[],
  space: FlowSpace,
): { pieces: { guard: T; space: FlowSpace }[]; rest: FlowSpace | null } {
  const pieces: { guard: T; space: FlowSpace }[] = [];
  if (space.protoPort.length === 1 && space.protoPort[0]!.lo === space.protoPort[0]!.hi) {
    // One service (every concrete flow): the first guard that holds it takes the whole space.
    const protoPort = space.protoPort[0]!.lo;
    const g = guards.find((x) => intervals.has(x.protoPort, protoPort));
    return g ? { pieces: [{ guard: g, space }], rest: null } : { pieces, rest: space };
  }
  let left = space.protoPort;
  for (const g of guards) {
    if (left.length === 0) break;
    const hit = intervals.intersect(left, g.protoPort);
    if (hit.length === 0) continue;
    pieces.push({ guard: g, space: withAxis(space, 'protoPort', hit) });
    left = intervals.subtract(left, hit);
  }
  return { pieces, rest: left.length ? withAxis(space, 'protoPort', left) : null };
}
