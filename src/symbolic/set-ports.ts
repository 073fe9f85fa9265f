/**
 * Port classes by the set driver: every port of both protocols from one client to one destination in one walk over
 * sets of flows, through the same kind semantics as `trace` (`Simulator.walkPorts`). Each path end says which of the
 * original flows it decides; the flows' verdicts come from the ends that cover them, folded as `decide` folds a
 * flow's paths. Nothing here restates what a hop consults: the kinds cut the ports.
 */
import { PROTO_PORT_UDP_BASE, intervals, type IntervalSet } from '../net/index.js';
import { combine, pathEnd, type Decided, type PathEnd, type PathStep, type Simulator } from '../sim/engine.js';
import type { Answer } from '../sim/types.js';
import type { PortClass } from './ports.js';

/** Every port of both protocols (port 0 is no port). */
const EVERY_PORT: IntervalSet = [
  { lo: 1, hi: 0xffff },
  { lo: PROTO_PORT_UDP_BASE + 1, hi: PROTO_PORT_UDP_BASE + 0xffff },
];

/**
 * The original (protocol, port) values a path decides: those of the last flows it carried before a rewrite of the
 * port (an endpoint's port mapping, a load balancer's forwarding to a member). Splits after a rewrite are on the
 * rewritten port, a single value, or on the source, which stands for one flow's possible addresses.
 */
function originOf(path: readonly PathStep[], input: IntervalSet): IntervalSet {
  let ports = input;
  for (const step of path) {
    for (const d of step.decisions) {
      if (d.type === 'transform') {
        if (d.transform === 'vpcep-snat') continue;
        return d.before.protoPort;
      }
      if ('space' in d) ports = d.space.protoPort;
    }
  }
  return ports;
}

/** Every port of both protocols from `from` to `to`, in classes with one verdict, code and stop point, as `portClasses` gives them. */
export function portClassesBySets(sim: Simulator, from: string, to: string): Answer<PortClass[]> {
  const ends: { ports: IntervalSet; end: PathEnd }[] = [];
  const walked = sim.walkPorts({ from, to }, EVERY_PORT, (path) => ends.push({ ports: originOf(path, EVERY_PORT), end: pathEnd(path) }));
  if (!walked.ok) return walked;
  // The ports where some path's flows start or stop: between two cuts every port has the same paths.
  const cutSet = new Set<number>();
  for (const r of EVERY_PORT) cutSet.add(r.lo).add(r.hi + 1);
  for (const e of ends) for (const r of e.ports) cutSet.add(r.lo).add(r.hi + 1);
  const cuts = [...cutSet].sort((a, b) => a - b);
  const runs: PortRun[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const run = { lo: cuts[i]!, hi: cuts[i + 1]! - 1 };
    if (!intervals.coversRange(EVERY_PORT, run)) continue;
    const covering = ends.filter((e) => intervals.coversRange(e.ports, run)).map((e) => e.end);
    if (covering.length === 0) throw new Error(`portClassesBySets: no path decides ports ${run.lo}-${run.hi} from ${from} to ${to}`);
    const protocol = run.lo >= PROTO_PORT_UDP_BASE ? 'udp' : 'tcp';
    const base = protocol === 'udp' ? PROTO_PORT_UDP_BASE : 0;
    runs.push({ protocol, first: run.lo - base, last: run.hi - base, decided: combine(covering) });
  }
  return { ok: true, value: classesOfRuns(runs) };
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
