/**
 * All ports at once, for one client and one destination or for every client to one destination: the protocol-port
 * axis (protocol and port) in classes with one verdict, code and stop point each, from walks of the set driver over
 * the kinds' semantics (set-ports.ts), each with a witness port. Symbolic finds, concrete explains: `vpcreach trace`
 * with a class's witness port gives its hop-by-hop story.
 */
import { PROTO_PORT_ICMP, type FlowProtocol, type PortRange } from '../net/index.js';
import type { Instance } from '../model/index.js';
import type { Simulator } from '../sim/engine.js';
import type { DispositionCode } from '../sim/dispositions.js';
import type { Answer, Verdict } from '../sim/types.js';
import { portClassesBySets, portClassesToOne } from './set-ports.js';

/** Ports of one protocol that a client's flows to a destination all end alike on. */
export interface PortClass {
  readonly protocol: FlowProtocol;
  /** The ports, as inclusive ranges in ascending order. */
  readonly ports: readonly { readonly lo: number; readonly hi: number }[];
  readonly verdict: Verdict;
  readonly code: DispositionCode;
  readonly at: string;
  /** A port of the class: `trace --port <witness>` explains the whole class. */
  readonly witness: number;
}

/**
 * Every port of tcp and udp and every icmp type from `from` to `to`, as classes with one verdict, code and stop point each, sorted
 * by protocol and first port: one walk of the set driver over every port at once (`portClassesBySets`). With
 * `icmpCode`, every icmp type alone, its flows of that code.
 */
export function portClasses(sim: Simulator, from: string, to: string, icmpCode?: number): Answer<PortClass[]> {
  return icmpCode === undefined ? portClassesBySets(sim, from, to) : portClassesBySets(sim, from, to, PROTO_PORT_ICMP, { icmpCode });
}

/** Resources whose flows end alike on every port: their ids (sorted) and the classes they share. */
export interface ClassGroup {
  readonly ids: readonly string[];
  readonly classes: readonly PortClass[];
}

/** The classes of each id, ids with the same classes in one group, groups in the order of their first id. */
function grouped(ids: readonly string[], classesOf: (id: string) => Answer<PortClass[]>): Answer<ClassGroup[]> {
  const groups = new Map<string, { ids: string[]; classes: PortClass[] }>();
  // Sources that share one answer object (set-ports.ts) have its key computed once.
  const keys = new Map<readonly PortClass[], string>();
  for (const id of ids) {
    const r = classesOf(id);
    if (!r.ok) return r;
    let key = keys.get(r.value);
    if (key === undefined) keys.set(r.value, (key = JSON.stringify(r.value)));
    const g = groups.get(key);
    if (g) g.ids.push(id);
    else groups.set(key, { ids: [id], classes: r.value });
  }
  return { ok: true, value: [...groups.values()] };
}

/**
 * Who reaches `to`, on which ports: every instance's (or every one of `sources`') port classes towards it, instances
 * with the same classes in one group. Each source is answered exactly; the grouping only shortens the answer.
 */
export function reachersOf(sim: Simulator, to: string, ports?: PortRange, sources?: readonly Instance[], icmpCode?: number): Answer<ClassGroup[]> {
  return reachersBySets(sim, to, sources ?? everyInstance(sim), ports, icmpCode);
}

const everyInstanceOf = new WeakMap<Simulator, readonly Instance[]>();

/** Every instance of the simulator's model, one list per simulator: the walk prepares what it needs of a list once. */
function everyInstance(sim: Simulator): readonly Instance[] {
  let out = everyInstanceOf.get(sim);
  if (!out) everyInstanceOf.set(sim, (out = [...sim.model.instances.values()]));
  return out;
}

/**
 * Who among `sources` reaches `to`: every source's flows in one walk of the set driver (`portClassesToOne`); with
 * `icmpCode`, on every icmp type alone, of that code.
 */
export function reachersBySets(sim: Simulator, to: string, sources: readonly Instance[], ports?: PortRange, icmpCode?: number): Answer<ClassGroup[]> {
  const r = icmpCode === undefined ? portClassesToOne(sim, sources, to) : portClassesToOne(sim, sources, to, PROTO_PORT_ICMP, {}, { icmpCode });
  if (!r.ok) return r;
  const answer = new Map<string, Answer<PortClass[]>>();
  const restrictedOnce = new Map<PortClass[], Answer<PortClass[]>>();
  for (const [id, classes] of r.value) {
    let a = restrictedOnce.get(classes);
    if (!a) restrictedOnce.set(classes, (a = restricted({ ok: true, value: classes }, ports)));
    answer.set(id, a);
  }
  return grouped(sortedIds(sources), (from) => answer.get(from)!);
}

const sortedIdsOf = new WeakMap<readonly Instance[], readonly string[]>();

/** The sources' ids, sorted: once per list (a matrix asks for every destination of a block with one list). */
function sortedIds(sources: readonly Instance[]): readonly string[] {
  let ids = sortedIdsOf.get(sources);
  if (!ids) sortedIdsOf.set(sources, (ids = sources.map((i) => i.id).sort()));
  return ids;
}

/** Who reaches `to`, every instance decided on its own: the reference `reachersOf` is checked against. */
export function reachersOfEach(sim: Simulator, to: string, ports?: PortRange): Answer<ClassGroup[]> {
  return grouped([...sim.model.instances.keys()].sort(), (from) => restricted(portClasses(sim, from, to), ports));
}

/** What `from` reaches: every endpoint, load balancer and instance, those that end alike on every port grouped. */
export function reachedBy(sim: Simulator, from: string, ports?: PortRange, icmpCode?: number): Answer<ClassGroup[]> {
  const m = sim.model;
  const ids = [...m.endpoints.keys(), ...m.loadBalancers.keys(), ...m.instances.keys()].sort();
  return grouped(ids, (to) => restricted(portClasses(sim, from, to, icmpCode), ports));
}

/** The classes cut down to the ports of `range` (TCP and UDP: ICMP has types, not ports); classes left empty are dropped. */
export function restrictPorts(classes: readonly PortClass[], range: PortRange): PortClass[] {
  const out: PortClass[] = [];
  for (const c of classes) {
    if (c.protocol === 'icmp') continue;
    const ports = c.ports.flatMap((p) => (p.hi < range.lo || p.lo > range.hi ? [] : [{ lo: Math.max(p.lo, range.lo), hi: Math.min(p.hi, range.hi) }]));
    if (ports.length) out.push({ ...c, ports, witness: ports[0]!.lo });
  }
  return out;
}

function restricted(r: Answer<PortClass[]>, ports: PortRange | undefined): Answer<PortClass[]> {
  return r.ok && ports ? { ok: true, value: restrictPorts(r.value, ports) } : r;
}
