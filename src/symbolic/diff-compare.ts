/**
 * The comparison `diff` makes for each destination: every source's classes in each model (one walk of the set
 * driver from the sources at once), and where a source's two answers differ in rank.
 */
import { intervals, protoPortBase, protocolOfProtoPort, type IntervalSet } from '../net/index.js';
import { pushAll, type Instance } from '../model/index.js';
import type { Decided, Simulator } from '../sim/engine.js';
import type { Verdict } from '../sim/types.js';
import type { FlowChange, ModelDiff } from './diff.js';
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
  for (const protocol of ['tcp', 'udp', 'icmp'] as const) {
    const base = protoPortBase(protocol);
    const mine = (cs: readonly PortClass[] | null) => (cs ?? []).filter((c) => c.protocol === protocol);
    const xs = mine(x);
    const ys = mine(y);
    const cuts = new Set<number>();
    for (const r of walked) if (protocolOfProtoPort(r.lo) === protocol) cuts.add(r.lo - base).add(r.hi + 1 - base);
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

/**
 * The changes of the flows from `from` to `to`, given each source's classes in the model before (`ca`) and after
 * (`cb`) on the ports `walked`: sources whose changes are alike are one entry (sources that share both answers share
 * the comparison).
 */
export function changesTo(
  ca: ReadonlyMap<string, PortClass[]>,
  cb: ReadonlyMap<string, PortClass[]>,
  from: readonly string[],
  to: string,
  walked: IntervalSet,
): FlowChange[] {
  const compared = new Map<PortClass[] | null, Map<PortClass[] | null, { key: string; entries: Entry[] }>>();
  const groups = new Map<string, { sources: string[]; entries: Entry[] }>();
  for (const id of from) {
    const x = ca.get(id) ?? null;
    const y = cb.get(id) ?? null;
    let byY = compared.get(x);
    if (!byY) compared.set(x, (byY = new Map<PortClass[] | null, { key: string; entries: Entry[] }>()));
    let c = byY.get(y);
    if (!c) {
      const entries = compare(x, y, walked);
      byY.set(y, (c = { key: JSON.stringify(entries), entries }));
    }
    if (c.entries.length === 0) continue;
    const g = groups.get(c.key);
    if (g) g.sources.push(id);
    else groups.set(c.key, { sources: [id], entries: c.entries });
  }
  const out: FlowChange[] = [];
  for (const g of groups.values())
    for (const e of g.entries) out.push({ ...e, sources: g.sources, to, witness: { from: g.sources[0]!, to, port: e.ports[0]!.lo, protocol: e.protocol } });
  return out;
}

const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** A diff of these changes (sorted in place: gained first, then lost; each by destination, first source, protocol and first port), with its counts. */
export function diffOf(changes: FlowChange[], vpcsCompared: number, vpcsUnchanged: number): ModelDiff {
  const order = (x: FlowChange, y: FlowChange): number =>
    (x.kind === y.kind ? 0 : x.kind === 'gained' ? -1 : 1) ||
    cmp(x.to, y.to) ||
    cmp(x.sources[0]!, y.sources[0]!) ||
    cmp(x.protocol, y.protocol) ||
    x.ports[0]!.lo - y.ports[0]!.lo;
  changes.sort(order);
  let gainedFlows = 0;
  let lostFlows = 0;
  for (const c of changes) {
    let n = 0;
    for (const p of c.ports) n += p.hi - p.lo + 1;
    if (c.kind === 'gained') gainedFlows += n * c.sources.length;
    else lostFlows += n * c.sources.length;
  }
  return { changes, gainedFlows, lostFlows, vpcsCompared, vpcsUnchanged };
}
