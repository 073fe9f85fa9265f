/**
 * All ports at once, for one client and one destination: the protocol-port axis (protocol and port) cut into classes on
 * which every hop of the model decides alike, each class decided once through the concrete engine with a witness
 * port. Symbolic finds, concrete explains: `vpcreach trace` with a class's witness port gives its hop-by-hop story.
 *
 * A class boundary is wherever any part of the model that a hop consults starts or stops matching a port: a
 * security-group or network-ACL rule's protocol and ports, a port mapping's terminal port, a listener's port, an
 * instance's listening ports, and the protocol (endpoints carry whole protocols). Every transform on a path (a port mapping, a listener's
 * forwarding to a member) takes one port to one port, so after it the port is fixed within a class. That these cuts
 * suffice is checked by a property test against the concrete engine on random models and ports.
 */
import { PROTO_PORT_UDP_BASE, protoPortSet, type IntervalSet, type PortRange } from '../net/index.js';
import type { Instance, Model } from '../model/index.js';
import type { Simulator } from '../sim/engine.js';
import { withOwnClass } from './sources.js';
import type { DispositionCode } from '../sim/dispositions.js';
import type { Answer, Verdict } from '../sim/types.js';
import { classesOfRuns, portClassesBySets, portClassesToOne, type PortRun } from './set-ports.js';

/** Ports of one protocol that a client's flows to a destination all end alike on. */
export interface PortClass {
  readonly protocol: 'tcp' | 'udp';
  /** The ports, as inclusive ranges in ascending order. */
  readonly ports: readonly { readonly lo: number; readonly hi: number }[];
  readonly verdict: Verdict;
  readonly code: DispositionCode;
  readonly at: string;
  /** A port of the class: `trace --port <witness>` explains the whole class. */
  readonly witness: number;
}

const ownCutsByModel = new WeakMap<Model, Map<string, readonly number[]>>();

/** The cuts of one security group's or network ACL's rules, computed once per model. */
function ownCuts(model: Model, id: string): readonly number[] {
  let byId = ownCutsByModel.get(model);
  if (!byId) ownCutsByModel.set(model, (byId = new Map<string, readonly number[]>()));
  let cuts = byId.get(id);
  if (cuts) return cuts;
  const set = new Set<number>();
  const rules =
    model.securityGroups.get(id)?.rules ?? (model.networkAcls.has(id) ? [...model.networkAcls.get(id)!.inbound, ...model.networkAcls.get(id)!.outbound] : []);
  for (const rule of rules) {
    for (const r of protoPortSet(rule.protocol, rule.ports)) {
      set.add(r.lo);
      set.add(r.hi + 1);
    }
  }
  byId.set(id, (cuts = [...set]));
  return cuts;
}

/** Where the protocol-port axis is cut by some of a model's resources. */
class Cuts {
  readonly set = new Set<number>([0, PROTO_PORT_UDP_BASE]);
  constructor(private readonly model: Model) {}
  private add(set: IntervalSet): void {
    for (const r of set) {
      this.set.add(r.lo);
      this.set.add(r.hi + 1);
    }
  }
  private point(protocol: 'tcp' | 'udp', port: number): void {
    this.add(protoPortSet(protocol, [{ lo: port, hi: port }]));
  }
  group(id: string): void {
    for (const x of ownCuts(this.model, id)) this.set.add(x);
  }
  acl(id: string | null): void {
    if (id !== null) for (const x of ownCuts(this.model, id)) this.set.add(x);
  }
  service(id: string): void {
    for (const m of this.model.endpointServices.get(id)?.portMappings ?? []) this.point(m.protocol, m.terminalPort);
  }
  listener(id: string): void {
    const l = this.model.listeners.get(id);
    if (!l) return;
    this.point('tcp', l.port);
    this.point('udp', l.port);
  }
  listens(i: Instance): void {
    if (i.listens) this.add(protoPortSet('tcp', i.listens));
  }
  sorted(): number[] {
    return [...this.set].filter((c) => c < 2 * PROTO_PORT_UDP_BASE).sort((a, b) => a - b);
  }
}

/** The start of every run of protocol-port values on which the model's hops decide alike (sorted, from 0). */
function serviceCuts(model: Model): number[] {
  const c = new Cuts(model);
  for (const id of model.securityGroups.keys()) c.group(id);
  for (const id of model.networkAcls.keys()) c.acl(id);
  for (const id of model.endpointServices.keys()) c.service(id);
  for (const id of model.listeners.keys()) c.listener(id);
  for (const i of model.instances.values()) c.listens(i);
  return c.sorted();
}

/**
 * The cuts that matter for flows from `from` to the resource `to`: the parts of the model whose rules or ports the
 * flow's port meets before a transform fixes it — the client's groups and subnet ACL, and the destination's: an
 * instance's groups, subnet ACL and listening ports; a load balancer's listener ports and subnet ACL; an endpoint's
 * subnet ACL and its service's terminal ports (a port mapping and a listener each take one port to one port, so
 * what lies behind them cannot cut the client's ports further). A subset of serviceCuts; that it suffices is checked
 * by the same property tests as serviceCuts (every port decides as its class says).
 */
function pairCuts(model: Model, from: Instance, to: string): number[] {
  const c = new Cuts(model);
  for (const g of from.securityGroups) c.group(g);
  c.acl(model.subnets.get(from.subnet)?.networkAcl ?? null);
  c.listens(from);
  const r = model.resources.get(to);
  if (r?.kind === 'instance') {
    for (const g of r.securityGroups) c.group(g);
    c.acl(model.subnets.get(r.subnet)?.networkAcl ?? null);
    c.listens(r);
  } else if (r?.kind === 'loadBalancer') {
    for (const l of r.listeners) c.listener(l);
    c.acl(model.subnets.get(r.subnet)?.networkAcl ?? null);
  } else if (r?.kind === 'endpoint') {
    c.service(r.service);
    c.acl(model.subnets.get(r.subnet)?.networkAcl ?? null);
  } else return [...serviceCutsOf(model)];
  return c.sorted();
}

const cutsByModel = new WeakMap<Model, readonly number[]>();

/** serviceCuts, computed once per model. */
function serviceCutsOf(model: Model): readonly number[] {
  let cuts = cutsByModel.get(model);
  if (!cuts) cutsByModel.set(model, (cuts = serviceCuts(model)));
  return cuts;
}

/** One run of the protocol-port axis between two cuts: a protocol and its ports `first`–`last`; `start` is its first value on the axis. */
interface ServiceRun {
  readonly protocol: 'tcp' | 'udp';
  readonly first: number;
  readonly last: number;
  readonly start: number;
}

/** The runs between ascending cuts of the protocol-port axis (which start at 0 and include PROTO_PORT_UDP_BASE); port 0 is left out. */
function serviceRuns(cuts: readonly number[]): ServiceRun[] {
  const out: ServiceRun[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const start = cuts[i]!;
    if (start >= 2 * PROTO_PORT_UDP_BASE) break;
    const end = Math.min(cuts[i + 1] ?? 2 * PROTO_PORT_UDP_BASE, 2 * PROTO_PORT_UDP_BASE) - 1;
    const protocol = start >= PROTO_PORT_UDP_BASE ? 'udp' : 'tcp';
    const base = protocol === 'udp' ? PROTO_PORT_UDP_BASE : 0;
    const first = Math.max(1, start - base);
    const last = end - base;
    if (first <= last) out.push({ protocol, first, last, start });
  }
  return out;
}

/**
 * Every port of both protocols from `from` to `to`, as classes with one verdict, code and stop point each, sorted
 * by protocol and first port: one walk of the set driver over every port at once (`portClassesBySets`).
 */
export function portClasses(sim: Simulator, from: string, to: string): Answer<PortClass[]> {
  return portClassesBySets(sim, from, to);
}

/**
 * The class engine `portClasses` was before the set driver, kept as the test oracle while the all-flows answers move
 * to the set walk: it cuts the ports where a rule, mapping or listener the pair meets starts or stops (`pairCuts`) and
 * decides one port per run. Costs one decision per class.
 */
export function portClassesByCuts(sim: Simulator, from: string, to: string): Answer<PortClass[]> {
  const client = sim.model.instances.get(from);
  const cuts = client ? pairCuts(sim.model, client, to) : serviceCutsOf(sim.model);
  const runs: PortRun[] = [];
  for (const { protocol, first, last } of serviceRuns(cuts)) {
    const d = sim.decide({ from, to, port: first, protocol });
    if (!d.ok) return d;
    runs.push({ protocol, first, last, decided: d.value });
  }
  return { ok: true, value: classesOfRuns(runs) };
}

/** Resources whose flows end alike on every port: their ids (sorted) and the classes they share. */
export interface ClassGroup {
  readonly ids: readonly string[];
  readonly classes: readonly PortClass[];
}

/** The classes of each id, ids with the same classes in one group, groups in the order of their first id. */
function grouped(ids: readonly string[], classesOf: (id: string) => Answer<PortClass[]>): Answer<ClassGroup[]> {
  const groups = new Map<string, { ids: string[]; classes: PortClass[] }>();
  // Instances of one source class share one answer object: its key is computed once.
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
export function reachersOf(sim: Simulator, to: string, ports?: PortRange, sources?: readonly Instance[]): Answer<ClassGroup[]> {
  return reachersBySets(sim, to, sources ?? [...sim.model.instances.values()], ports);
}

/** Who among `sources` reaches `to`: every source's flows in one walk of the set driver (`portClassesToOne`). */
export function reachersBySets(sim: Simulator, to: string, sources: readonly Instance[], ports?: PortRange): Answer<ClassGroup[]> {
  const r = portClassesToOne(sim, sources, to);
  if (!r.ok) return r;
  const answer = new Map<string, Answer<PortClass[]>>();
  const restrictedOnce = new Map<PortClass[], Answer<PortClass[]>>();
  for (const [id, classes] of r.value) {
    let a = restrictedOnce.get(classes);
    if (!a) restrictedOnce.set(classes, (a = restricted({ ok: true, value: classes }, ports)));
    answer.set(id, a);
  }
  return grouped([...answer.keys()].sort(), (from) => answer.get(from)!);
}

/**
 * Who among the instances of `classes` (source classes, sources.ts) reaches `to`: one decision per class and port
 * class, the class's first instance answering for every instance in it. The destination itself, when it is one of
 * them, is a class of its own (its own address never leaves it). The former engine, kept as a test oracle.
 */
export function reachersByClass(sim: Simulator, to: string, classes: readonly (readonly Instance[])[], ports?: PortRange): Answer<ClassGroup[]> {
  const answer = new Map<string, Answer<PortClass[]>>();
  const ids: string[] = [];
  for (const cls of withOwnClass(classes, to)) {
    const r = restricted(portClasses(sim, cls[0]!.id, to), ports);
    if (!r.ok) return r;
    for (const i of cls) {
      answer.set(i.id, r);
      ids.push(i.id);
    }
  }
  return grouped(ids.sort(), (from) => answer.get(from)!);
}

/** Who reaches `to`, every instance decided on its own: the reference `reachersOf` is checked against. */
export function reachersOfEach(sim: Simulator, to: string, ports?: PortRange): Answer<ClassGroup[]> {
  return grouped([...sim.model.instances.keys()].sort(), (from) => restricted(portClasses(sim, from, to), ports));
}

/** What `from` reaches: every endpoint, load balancer and instance, those that end alike on every port grouped. */
export function reachedBy(sim: Simulator, from: string, ports?: PortRange): Answer<ClassGroup[]> {
  const m = sim.model;
  const ids = [...m.endpoints.keys(), ...m.loadBalancers.keys(), ...m.instances.keys()].sort();
  return grouped(ids, (to) => restricted(portClasses(sim, from, to), ports));
}

/** The classes cut down to the ports of `range` (both protocols); classes left empty are dropped. */
export function restrictPorts(classes: readonly PortClass[], range: PortRange): PortClass[] {
  const out: PortClass[] = [];
  for (const c of classes) {
    const ports = c.ports.flatMap((p) => (p.hi < range.lo || p.lo > range.hi ? [] : [{ lo: Math.max(p.lo, range.lo), hi: Math.min(p.hi, range.hi) }]));
    if (ports.length) out.push({ ...c, ports, witness: ports[0]!.lo });
  }
  return out;
}

function restricted(r: Answer<PortClass[]>, ports: PortRange | undefined): Answer<PortClass[]> {
  return r.ok && ports ? { ok: true, value: restrictPorts(r.value, ports) } : r;
}
