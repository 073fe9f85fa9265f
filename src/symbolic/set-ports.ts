/**
 * Port classes by the set driver: every port of both protocols from one client to one destination in one walk over
 * sets of flows, through the same kind semantics as `trace` (`Simulator.walkPorts`). Each path end says which of the
 * original flows it decides; the flows' verdicts come from the ends that cover them, folded as `decide` folds a
 * flow's paths. Nothing here restates what a hop consults: the kinds cut the ports.
 */
import { PROTO_PORT_UDP_BASE, intervals, type FlowSpace, type IntervalSet } from '../net/index.js';
import type { Instance } from '../model/index.js';
import { combine, pathEnd, type Decided, type PathEnd, type PathStep, type Simulator } from '../sim/engine.js';
import type { Answer } from '../sim/types.js';
import type { PortClass } from './ports.js';

/** Every port of both protocols (port 0 is no port). */
const EVERY_PORT: IntervalSet = [
  { lo: 1, hi: 0xffff },
  { lo: PROTO_PORT_UDP_BASE + 1, hi: PROTO_PORT_UDP_BASE + 0xffff },
];

/** The original flows a path decides: its clients' addresses and (protocol, port) values. */
interface Origin {
  readonly src: IntervalSet;
  readonly protoPort: IntervalSet;
}

/**
 * The original flows a path decides: those of the last flows it carried on each axis before a rewrite of that axis (a
 * port mapping or a load balancer's forwarding rewrites the port; VPCEP and a load balancer that does not pass the
 * client's address through rewrite the source). A rewrite that keeps an axis keeps its object (see TransformDecision).
 * Splits after a rewrite are on the rewritten port, a single value, or on a provider's source range, which stands for
 * one flow's possible addresses.
 */
function originOf(path: readonly PathStep[], input: FlowSpace): Origin {
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

/** A path's end and the original flows it decides. */
interface EndOf extends Origin {
  readonly end: PathEnd;
}

/** Every port of both protocols from `from` to `to`, in classes with one verdict, code and stop point, as `portClasses` gives them. */
export function portClassesBySets(sim: Simulator, from: string, to: string): Answer<PortClass[]> {
  const ends: EndOf[] = [];
  const walked = sim.walkSets({ from, to }, EVERY_PORT, (path, input) => ends.push({ ...originOf(path, input), end: pathEnd(path) }));
  if (!walked.ok) return walked;
  return { ok: true, value: classesOfEnds(ends, `from ${from} to ${to}`) };
}

/**
 * Every port of both protocols from each of `sources` (one subnet and one security-group list; not `to` unless alone)
 * to `to`, in one walk with the sources' addresses as a set: each source's classes, as `portClasses` gives them.
 * Sources that meet the same path ends share one answer object.
 */
export function portClassesOfSources(sim: Simulator, sources: readonly Instance[], to: string): Answer<Map<string, PortClass[]>> {
  const ends: EndOf[] = [];
  const walked = sim.walkSets({ from: sources.map((i) => i.id), to }, EVERY_PORT, (path, input) => ends.push({ ...originOf(path, input), end: pathEnd(path) }));
  if (!walked.ok) return walked;
  const bySignature = new Map<string, PortClass[]>();
  const out = new Map<string, PortClass[]>();
  for (const i of sources) {
    let key = '';
    const covering: EndOf[] = [];
    for (let e = 0; e < ends.length; e++) {
      if (!intervals.has(ends[e]!.src, i.ip)) continue;
      key += `${e},`;
      covering.push(ends[e]!);
    }
    let classes = bySignature.get(key);
    if (!classes) bySignature.set(key, (classes = classesOfEnds(covering, `from ${i.id} to ${to}`)));
    out.set(i.id, classes);
  }
  return { ok: true, value: out };
}

/** The classes of one source's flows, from the ends that decide them (each flow's covering ends folded as `decide` folds a flow's paths). */
function classesOfEnds(ends: readonly EndOf[], what: string): PortClass[] {
  // The ports where some path's flows start or stop: between two cuts every port has the same paths.
  const cutSet = new Set<number>();
  for (const r of EVERY_PORT) cutSet.add(r.lo).add(r.hi + 1);
  for (const e of ends) for (const r of e.protoPort) cutSet.add(r.lo).add(r.hi + 1);
  const cuts = [...cutSet].sort((a, b) => a - b);
  const runs: PortRun[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const run = { lo: cuts[i]!, hi: cuts[i + 1]! - 1 };
    if (!intervals.coversRange(EVERY_PORT, run)) continue;
    const covering = ends.filter((e) => intervals.coversRange(e.protoPort, run)).map((e) => e.end);
    if (covering.length === 0) throw new Error(`portClassesBySets: no path decides ports ${run.lo}-${run.hi} ${what}`);
    const protocol = run.lo >= PROTO_PORT_UDP_BASE ? 'udp' : 'tcp';
    const base = protocol === 'udp' ? PROTO_PORT_UDP_BASE : 0;
    runs.push({ protocol, first: run.lo - base, last: run.hi - base, decided: combine(covering) });
  }
  return classesOfRuns(runs);
}

/** A run of ports of one protocol that end alike. */
export interface PortRun {
  readonly protocol: 'tcp' | 'udp';
  readonly first: number;
  readonly last: number;
  readonly decided: Decided;
}

/** Runs in port order joined into classes (one per protocol, verdict, code and stop point), sorted by protocol and witness. */
export function classesOfRuns(runs: Iterable<PortRun>): PortClass[] {
  const groups = new Map<
    string,
    { protocol: 'tcp' | 'udp'; ports: { lo: number; hi: number }[]; verdict: PortClass['verdict']; code: PortClass['code']; at: string }
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
    .sort((a, b) => (a.protocol === b.protocol ? a.witness - b.witness : a.protocol === 'tcp' ? -1 : 1));
}
