/**
 * The comparison `diff` makes for each destination: every source's classes in each model (one walk of the set
 * driver from the sources at once), and where a source's two answers differ in rank.
 */
import { intervals, PROTO_PORT_UDP_BASE, type IntervalSet } from '../net/index.js';
import { pushAll, type Instance } from '../model/index.js';
import type { Decided, Simulator } from '../sim/engine.js';
import type { Verdict } from '../sim/types.js';
import type { FlowChange } from './diff.js';
import type { PortClass } from './ports.js';
import { portClassesToOne } from './set-ports.js';

const RANK: Record<Verdict, number> = { unreachable: 0, partial: 1, reachable: 2 };
const rank = (d: Decided | null): number => (d === null ? 0 : RANK[d.verdict]);

/** One change of one source's flows to one destination on one protocol: the ports whose decision changed alike. */
export type Entry = Omit<FlowChange, 'sources' | 'to' | 'witness'>;

/** `classesIn` of each list, in one map. */
export function classesOfLists(sim: Simulator, lists: readonly (readonly string[])[], to: string, walked: IntervalSet): ReadonlyMap<string, PortClass[]> {
  if (lists.length === 1) return classesIn(sim, lists[0]!, to, walked);
  const out = new Map<string, PortClass[]>();
  for (const ids of lists) for (const [id, classes] of classesIn(sim, ids, to, walked)) out.set(id, classes);
  return out;
}

const instanceLists = new WeakMap<Simulator, WeakMap<readonly string[], Instance[]>>();

/** Each of `ids`' classes towards `to` in a model (one walk of the set driver); a source or destination not in it has none. */
function classesIn(sim: Simulator, ids: readonly string[], to: string, walked: IntervalSet): ReadonlyMap<string, PortClass[]> {
  if (!sim.model.resources.has(to)) return new Map();
  // One instance list per id list and model: the walk prepares what it needs of a list once (a VPC's every destination).
  let lists = instanceLists.get(sim);
  if (!lists) instanceLists.set(sim, (lists = new WeakMap()));
  let sources = lists.get(ids);
  if (!sources) lists.set(ids, (sources = ids.flatMap((id) => sim.model.instances.get(id) ?? [])));
  const r = portClassesToOne(sim, sources, to, walked);
  return r.ok ? r.value : new Map();
}

/** Where two answers for one source differ in rank, per protocol and in port order; runs of one change joined. */
export function compare(x: readonly PortClass[] | null, y: readonly PortClass[] | null, walked: IntervalSet): Entry[] {
  const out: Entry[] = [];
  for (const protocol of ['tcp', 'udp'] as const) {
    const base = protocol === 'udp' ? PROTO_PORT_UDP_BASE : 0;
    const mine = (cs: readonly PortClass[] | null) => (cs ?? []).filter((c) => c.protocol === protocol);
    const xs = mine(x);
    const ys = mine(y);
    const cuts = new Set<number>();
    for (const r of walked) if (r.lo >= base && r.lo < base + PROTO_PORT_UDP_BASE) cuts.add(r.lo - base).add(r.hi + 1 - base);
    for (const c of [...xs, ...ys]) for (const p of c.ports) cuts.add(p.lo).add(p.hi + 1);
    const sorted = [...cuts].sort((p, q) => p - q);
    const at = (cs: readonly PortClass[], port: number): Decided | null => {
      const c = cs.find((k) => k.ports.some((p) => p.lo <= port && port <= p.hi));
      return c ? { verdict: c.verdict, code: c.code, at: c.at } : null;
    };
    const entries = new Map<string, Entry & { ports: { lo: number; hi: number }[] }>();
    for (let i = 0; i + 1 < sorted.length; i++) {
      const lo = sorted[i]!;
      const hi = sorted[i + 1]! - 1;
      if (!intervals.coversRange(walked, { lo: base + lo, hi: base + hi })) continue;
      const da = x === null ? null : at(xs, lo);
      const db = y === null ? null : at(ys, lo);
      const ra = rank(da);
      const rb = rank(db);
      if (ra === rb) continue;
      const kind = rb > ra ? 'gained' : 'lost';
      const key = `${kind}|${da ? `${da.verdict}|${da.code}|${da.at}` : '-'}|${db ? `${db.verdict}|${db.code}|${db.at}` : '-'}`;
      const e = entries.get(key);
      if (!e) entries.set(key, { kind, protocol, ports: [{ lo, hi }], before: da, after: db });
      else {
        const last = e.ports[e.ports.length - 1]!;
        if (last.hi + 1 === lo) last.hi = hi;
        else e.ports.push({ lo, hi });
      }
    }
    pushAll(out, entries.values());
  }
  return out;
}
