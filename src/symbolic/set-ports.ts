/**
 * Port classes by the set driver: every port of tcp and udp and every icmp type (or some) from one client, or from every client at
 * once, to one destination, in one walk over sets of flows through the same kind semantics as `trace`
 * (`Simulator.walkSets`, `walkToOne`). Each path end says which of the original flows it decides; a flow's verdict
 * comes from the ends that cover it, folded as `decide` folds a flow's paths. Nothing here restates what a hop
 * consults: the kinds cut the ports and the sources.
 */
import { PROTO_PORT_ICMP, PROTO_PORT_UDP_BASE, intervals, protoPortBase, protocolOfProtoPort, type FlowProtocol, type IntervalSet } from '../net/index.js';

/** Classes are listed TCP first, then UDP, then ICMP. */
const PROTOCOL_ORDER: Readonly<Record<FlowProtocol, number>> = { tcp: 0, udp: 1, icmp: 2 };
import { hasAddress, type Instance } from '../model/index.js';
import { edgesOf } from '../net/sweep.js';
import { originOf, walkToOne, type ClientSet, type Sent, type SetEnd } from '../sim/set-driver.js';
import { combine, pathEnd, type Decided, type Simulator } from '../sim/engine.js';
import type { Answer, PickedValues } from '../sim/types.js';
import type { PortClass } from './ports.js';

/** Every port of TCP and UDP (port 0 is no port), and every ICMP type. */
export const EVERY_PORT: IntervalSet = [{ lo: 1, hi: 0xffff }, { lo: PROTO_PORT_UDP_BASE + 1, hi: PROTO_PORT_UDP_BASE + 0xffff }, ...PROTO_PORT_ICMP];

/**
 * Every port of both protocols (or of `protoPorts`) from `from` to `to` (a resource or an address), in classes with one
 * verdict, code and stop point, as `portClasses` gives them; from the source port, of the ICMP code, `picked` names.
 */
export function portClassesBySets(
  sim: Simulator,
  from: string,
  to: string,
  protoPorts: IntervalSet = EVERY_PORT,
  picked: PickedValues = {},
): Answer<PortClass[]> {
  const ends: SetEnd[] = [];
  const query = { from, to, ...picked };
  const walked = sim.walkSets(query, protoPorts, (path, input) => ends.push({ ...originOf(path, input), end: pathEnd(path) }));
  if (!walked.ok) return walked;
  return { ok: true, value: classesOfEnds(ends, `from ${from} to ${to}`, protoPorts) };
}

/** What a walk from `sources` needs of them whatever the destination, computed once per list (a matrix asks for every destination). */
interface Prepared {
  /** The sources by address. */
  readonly byIp: readonly Instance[];
  /** Whether no two of them share an address. */
  readonly distinct: boolean;
  /** The sets one send walks as one: alike in subnet and security-group list (what the model gives them), in the order of their first instance. */
  readonly sets: readonly (readonly Instance[])[];
  /** Source id → the index of its set. */
  readonly setOf: ReadonlyMap<string, number>;
  /** Each set as a client set: its first instance, and its addresses. */
  readonly clients: readonly ClientSet[];
}

const preparedByList = new WeakMap<readonly Instance[], Prepared>();

function prepare(sources: readonly Instance[]): Prepared {
  let p = preparedByList.get(sources);
  if (p) return p;
  const byIp = [...sources].sort((a, b) => a.ip - b.ip);
  const index = new Map<string, number>();
  const sets: Instance[][] = [];
  const setOf = new Map<string, number>();
  for (const i of sources) {
    const key = `${i.subnet}\u0000${i.securityGroups.join(',')}`;
    let k = index.get(key);
    if (k === undefined) index.set(key, (k = sets.push([]) - 1));
    sets[k]!.push(i);
    setOf.set(i.id, k);
  }
  const clients = sets.map(clientSet);
  p = { byIp, distinct: byIp.every((i, k) => k === 0 || byIp[k - 1]!.ip !== i.ip), sets, setOf, clients };
  preparedByList.set(sources, p);
  return p;
}

/** The client sets of a walk to `to`: the prepared sets, the destination itself, when it is one of them, alone (its own address never leaves it). */
function clientSets(p: Prepared, to: string): readonly ClientSet[] {
  const own = p.setOf.get(to);
  if (own === undefined) return p.clients;
  const set = p.sets[own]!;
  const rest = set.filter((i) => i.id !== to);
  return [...p.clients.slice(0, own), clientSet([p.byIp.find((i) => i.id === to)!]), ...(rest.length ? [clientSet(rest)] : []), ...p.clients.slice(own + 1)];
}

/** Instances of one set as a client set. */
function clientSet(set: readonly Instance[]): ClientSet {
  return { client: set[0]!, src: intervals.fromRanges(set.map((i) => ({ lo: i.ip, hi: i.ip }))) };
}

/** What a walk does with its sources' sends: `keep` is given them, `reuse` takes them instead of sending again. */
export interface Sends {
  readonly reuse?: Sent;
  readonly keep?: (sent: Sent) => void;
}

/**
 * Every port of both protocols (or of `protoPorts`) from each of `sources` to `to`: each source's classes, as
 * `portClasses` gives them, from one walk of every source at once (`walkToOne`). Sources that meet the same path ends
 * share one answer object. `sends.keep` is given what the sources' sends gave, `sends.reuse` takes it instead of
 * sending again (the caller knows that nothing the sends read has changed: `Sent.reads`).
 */
export function portClassesToOne(
  sim: Simulator,
  sources: readonly Instance[],
  to: string,
  protoPorts: IntervalSet = EVERY_PORT,
  sends: Sends = {},
  picked: PickedValues = {},
): Answer<Map<string, PortClass[]>> {
  const out = new Map<string, PortClass[]>();
  if (sources.length === 0) return { ok: true, value: out };
  if (sources.length === 1) {
    // One source: its own walk, without preparing a set.
    const r = portClassesBySets(sim, sources[0]!.id, to, protoPorts, picked);
    return r.ok ? { ok: true, value: out.set(sources[0]!.id, r.value) } : r;
  }
  const target = sim.model.resources.get(to);
  const prepared = prepare(sources);
  const { byIp } = prepared;
  if (!target || !hasAddress(target)) {
    // An address (or not a destination at all: the error the one-pair walk gives): each source walks on its own.
    for (const i of sources) {
      const r = portClassesBySets(sim, i.id, to, protoPorts, picked);
      if (!r.ok) return r;
      out.set(i.id, r.value);
    }
    return { ok: true, value: out };
  }
  if (!prepared.distinct) {
    // Addresses tell the flows apart: sources that share one (in different VPCs) are walked a VPC at a time, or alone.
    const vpcs = [...new Set(sources.map((i) => i.vpc))];
    for (const part of vpcs.length > 1 ? vpcs.map((v) => sources.filter((i) => i.vpc === v)) : sources.map((i) => [i])) {
      const r = portClassesToOne(sim, part, to, protoPorts, {}, picked);
      if (!r.ok) return r;
      for (const [id, classes] of r.value) out.set(id, classes);
    }
    return { ok: true, value: out };
  }
  const sets = clientSets(prepared, to);
  const ends: SetEnd[] = [];
  const sent = walkToOne(
    sim.compiled,
    sets,
    target,
    protoPorts,
    (e) => ends.push(e),
    sends.reuse,
    picked.srcPort === undefined ? undefined : [{ lo: picked.srcPort, hi: picked.srcPort }],
    picked.icmpCode === undefined ? undefined : [{ lo: picked.icmpCode, hi: picked.icmpCode }],
  );
  sends.keep?.(sent);
  // A sweep over the addresses: the ends that cover an address change only where some end's source range starts or
  // stops, so sources between two such points share their covering ends (in end order) and their classes.
  const edges = edgesOf(ends.map((e) => e.src));
  // The ends that cover the addresses swept so far: a few at a time, of the hundreds a walk may end in.
  const active = new Set<number>();
  let next = 0;
  let classes: PortClass[] | null = null;
  const bySignature = new Map<string, PortClass[]>();
  // Ends that say the same (ports, status, code, stop point) fold alike: sources covered by such ends share one
  // answer (the sets of another VPC, each with its own no-route end, are one answer, not one each).
  const said = ends.map((e) => `${intervals.keyOf(e.protoPort)}:${e.end.status}:${e.end.code}:${e.end.at}:${e.end.loadBalancer ?? ''}`);
  const byContent = new Map<string, PortClass[]>();
  for (const i of byIp) {
    for (; next < edges.at.length && edges.at[next]! <= i.ip; next++) {
      if (edges.start[next]) active.add(edges.set[next]!);
      else active.delete(edges.set[next]!);
      classes = null;
    }
    if (classes === null) {
      const covering = [...active].sort((a, b) => a - b);
      const signature = covering.join(',');
      classes = bySignature.get(signature) ?? null;
      if (classes === null) {
        const content = covering.map((k) => said[k]!).join('|');
        classes = byContent.get(content) ?? null;
        if (classes === null)
          byContent.set(
            content,
            (classes = classesOfEnds(
              covering.map((k) => ends[k]!),
              `from ${i.id} to ${to}`,
              protoPorts,
            )),
          );
        bySignature.set(signature, classes);
      }
    }
    out.set(i.id, classes);
  }
  return { ok: true, value: out };
}

/** The classes of one source's flows, from the ends that decide them (each flow's covering ends folded as `decide` folds a flow's paths). */
function classesOfEnds(ends: readonly SetEnd[], what: string, walked: IntervalSet): PortClass[] {
  // The ports where some path's flows start or stop: between two cuts every port has the same paths.
  const cutSet = new Set<number>();
  for (const r of walked) cutSet.add(r.lo).add(r.hi + 1);
  for (const e of ends) for (const r of e.protoPort) cutSet.add(r.lo).add(r.hi + 1);
  const cuts = [...cutSet].sort((a, b) => a - b);
  const runs: PortRun[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const run = { lo: cuts[i]!, hi: cuts[i + 1]! - 1 };
    if (!intervals.coversRange(walked, run)) continue;
    const covering = ends.filter((e) => intervals.coversRange(e.protoPort, run)).map((e) => e.end);
    if (covering.length === 0) throw new Error(`portClassesBySets: no path decides ports ${run.lo}-${run.hi} ${what}`);
    const protocol = protocolOfProtoPort(run.lo);
    const base = protoPortBase(protocol);
    runs.push({ protocol, first: run.lo - base, last: run.hi - base, decided: combine(covering) });
  }
  return classesOfRuns(runs);
}

/** A run of ports of one protocol that end alike. */
interface PortRun {
  readonly protocol: FlowProtocol;
  readonly first: number;
  readonly last: number;
  readonly decided: Decided;
}

/** Runs in port order joined into classes (one per protocol, verdict, code and stop point), sorted by protocol and witness. */
function classesOfRuns(runs: Iterable<PortRun>): PortClass[] {
  const groups = new Map<
    string,
    { protocol: FlowProtocol; ports: { lo: number; hi: number }[]; verdict: PortClass['verdict']; code: PortClass['code']; at: string }
  >();
  for (const { protocol, first, last, decided: d } of runs) {
    const key = `${protocol}\u0000${d.verdict}\u0000${d.code}\u0000${d.at}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { protocol, ports: [], verdict: d.verdict, code: d.code, at: d.at }));
    const prev = g.ports[g.ports.length - 1];
    if (prev && prev.hi + 1 === first) prev.hi = last;
    else g.ports.push({ lo: first, hi: last });
  }
  return [...groups.values()]
    .map((g) => ({ ...g, witness: g.ports[0]!.lo }))
    .sort((a, b) => (a.protocol === b.protocol ? a.witness - b.witness : PROTOCOL_ORDER[a.protocol] - PROTOCOL_ORDER[b.protocol]));
}
