/**
 * The set driver over many clients at once, towards one destination: each client set sends its flows through the
 * kinds' semantics; what its sends forward to the destination with the same facts, ports and destination is merged
 * (the sources united, each still a flow of its own: the source axis reads `flows`) and received once. Every path
 * end comes with the original flows it decides, so that each client's flows are folded from the ends that cover
 * its address.
 */
import { ALL_ICMP_CODES, PICKED_SOURCE_PORTS, intervals, type FlowSpace, type IntervalSet } from '../net/index.js';
import type { Endpoint, Instance, LoadBalancer } from '../model/index.js';
import type { CompiledModel } from './compile.js';
import type { Branch, PathFacts } from './decisions.js';
import { pathEnd, walkFrom, type PathEnd, type PathStep } from './engine.js';
import { receive, send } from './kinds/index.js';

/** A path end and the original flows it decides: its clients' addresses and (protocol, port) values. */
export interface SetEnd {
  readonly src: IntervalSet;
  readonly protoPort: IntervalSet;
  readonly end: PathEnd;
}

/** Clients of one subnet and one security-group list (the first answers for the kind's choices), and their addresses. */
export interface ClientSet {
  readonly client: Instance;
  readonly src: IntervalSet;
}

/**
 * The original flows a path decides: those of the last flows it carried on each axis before a rewrite of that axis (a
 * port mapping or a load balancer's forwarding rewrites the port; VPCEP and a load balancer that does not pass the
 * client's address through rewrite the source). A rewrite that keeps an axis keeps its object (see TransformDecision).
 * Splits after a rewrite are on the rewritten port, a single value, or on a provider's source range, which stands for
 * one flow's possible addresses.
 */
export function originOf(path: readonly PathStep[], input: FlowSpace): { src: IntervalSet; protoPort: IntervalSet } {
  let src = input.src;
  let protoPort = input.protoPort;
  let srcKept = true;
  let portKept = true;
  for (const step of path) {
    for (const d of step.decisions) {
      if (d.type === 'transform') {
        if (portKept) protoPort = d.before.protoPort;
        if (srcKept) src = d.before.src;
        portKept &&= d.after.protoPort === d.before.protoPort;
        srcKept &&= d.after.src === d.before.src;
        if (!portKept && !srcKept) return { src, protoPort };
      } else if ('space' in d) {
        if (portKept) protoPort = d.space.protoPort;
        if (srcKept) src = d.space.src;
      }
    }
  }
  return { src, protoPort };
}

/** Whether a client's branch can be merged with others': it forwards, and no filter on it admitted part of a source range (a path's end would read it). */
function mergeable(branch: Branch): boolean {
  for (const d of branch) if (d.type === 'filter' && 'spec' in d && d.outcome === 'partial') return false;
  return branch[branch.length - 1]!.type === 'forward';
}

/** What a receiving node reads of a forward besides its flows. */
function factsKey(f: PathFacts): string {
  return `${f.sameSubnet}\u0000${f.passThrough}\u0000${f.sources}\u0000${f.via ? `${f.via.service.id}:${f.via.mapping.terminalPort}` : ''}`;
}

/**
 * What the client sets' sends gave a walk to one destination: the forwards to it, merged (by facts, ports and
 * destination, the sources united), and every other branch; with what the sends read of the model when a caller
 * recorded it. A later walk of the same sets to the same destination on the same ports takes them instead of sending
 * again when nothing they read has changed (the incremental recheck, before and after a step).
 */
export interface Sent {
  readonly reads: ReadonlySet<string> | null;
  readonly merged: readonly { readonly space: FlowSpace; readonly facts: PathFacts; readonly src: readonly IntervalSet[] }[];
  readonly rest: readonly { readonly client: Instance; readonly input: FlowSpace; readonly branch: Branch }[];
}

/** Each client set's send to `to` on `protoPorts`: what it forwards to `to` merged, the rest kept as branches. */
function sendToOne(
  cm: CompiledModel,
  sets: readonly ClientSet[],
  to: Instance | Endpoint | LoadBalancer,
  protoPorts: IntervalSet,
  srcPort: IntervalSet,
  icmpCode: IntervalSet,
): Sent {
  // The destination's address is read here: what the walk's answer depends on (CompiledModel.reads).
  cm.visit(to);
  const outer = cm.reads;
  const reads = outer ? (cm.reads = new Set<string>()) : null;
  try {
    const merged = new Map<string, { space: FlowSpace; facts: PathFacts; src: IntervalSet[] }>();
    const rest: { client: Instance; input: FlowSpace; branch: Branch }[] = [];
    let walkedKey: string | undefined;
    for (const { client, src } of sets) {
      const input: FlowSpace = { protoPort: protoPorts, src, dst: [{ lo: to.ip, hi: to.ip }], srcPort, icmpCode };
      for (const branch of send(cm, client, input, to.id)) {
        const last = branch[branch.length - 1]!;
        if (last.type === 'forward' && last.to === to && mergeable(branch)) {
          // What passed every filter whole keeps the walk's own port set, spelt out once.
          const ports = last.space.protoPort === protoPorts ? (walkedKey ??= intervals.keyOf(protoPorts)) : intervals.keyOf(last.space.protoPort);
          const k = `${factsKey(last.facts)}\u0000${ports}\u0000${intervals.keyOf(last.space.dst)}`;
          const m = merged.get(k);
          if (m) m.src.push(last.space.src);
          else merged.set(k, { space: last.space, facts: last.facts, src: [last.space.src] });
        } else rest.push({ client, input, branch });
      }
    }
    return { reads, merged: [...merged.values()], rest };
  } finally {
    if (outer && reads) {
      for (const r of reads) outer.add(r);
      cm.reads = outer;
    }
  }
}

/**
 * Every flow from the client sets on `protoPorts` (from the source ports `srcPort`, of the ICMP codes `icmpCode`: any a
 * client picks unless said) to
 * the resource `to`, each set's sends walked on their own and what they forward merged at `to` (`sent`: the sends of an
 * earlier walk on the same source ports to take instead, see Sent). Calls `emit` with every path end; the ends that
 * decide one flow come in its path order. Returns what the sends gave.
 */
export function walkToOne(
  cm: CompiledModel,
  sets: readonly ClientSet[],
  to: Instance | Endpoint | LoadBalancer,
  protoPorts: IntervalSet,
  emit: (end: SetEnd) => void,
  sent?: Sent,
  srcPort: IntervalSet = PICKED_SOURCE_PORTS,
  icmpCode: IntervalSet = ALL_ICMP_CODES,
): Sent {
  const sends = sent ?? sendToOne(cm, sets, to, protoPorts, srcPort, icmpCode);
  if (sent) {
    cm.visit(to);
    if (cm.reads && sent.reads) for (const r of sent.reads) cm.reads.add(r);
  }
  for (const { client, input, branch } of sends.rest) walkFrom(cm, client, [branch], (path) => emit({ ...originOf(path, input), end: pathEnd(path) }));
  for (const { space, facts, src } of sends.merged) {
    const all: FlowSpace = { ...space, src: src.length === 1 ? src[0]! : intervals.fromRanges(src.flat()) };
    walkFrom(cm, to, receive(cm, to, all, facts), (path) => emit({ ...originOf(path, all), end: pathEnd(path) }));
  }
  return sends;
}
