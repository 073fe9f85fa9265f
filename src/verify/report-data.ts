/**
 * What the HTML report shows, computed: the scenarios' results (the `check` run itself), a hop-by-hop trace of every
 * expectation's flow (its counterexample when it failed, its first flow when it passed), and for each model a heat
 * map of who reaches the expectations' destinations on the expectations' ports.
 */
import { resolve } from 'node:path';
import type { InputLimits } from '../load/index.js';
import type { Model } from '../model/index.js';
import type { FlowProtocol, PortRange } from '../net/index.js';
import { reachabilityMatrix } from '../symbolic/matrix.js';
import type { TraceResult } from '../sim/types.js';
import { checkSteps, isTraced, type CheckResult, type ExpectationResult, type LoadedModel } from './scenario.js';

/** One expectation with the trace of its flow (null when it could not run). */
export interface ReportedExpectation {
  readonly scenario: string;
  /** The model's path as shown (the key of `ReportData.models`), or null. */
  readonly model: string | null;
  readonly result: ExpectationResult;
  readonly trace: TraceResult | null;
}

/**
 * Who reaches what, by VPC: rows are the source VPCs whose routing reaches some column, columns the destinations of
 * the model's expectations (endpoints, load balancers and instances) on the ports the expectations name; a cell
 * counts the row's instances that reach the column on one of those ports (null: the VPC has no route there).
 */
export interface HeatMap {
  readonly rows: readonly { readonly vpc: string; readonly instances: number }[];
  readonly columns: readonly { readonly to: string; readonly ports: readonly PortRange[]; readonly protocols: readonly FlowProtocol[] }[];
  readonly cells: readonly (readonly (number | null)[])[];
  /** Destinations left out to keep the map readable. */
  readonly omitted: number;
}

interface ReportedModel {
  readonly file: string;
  readonly model: Model;
  readonly heat: HeatMap;
}

export interface ReportData {
  readonly check: CheckResult;
  readonly models: ReadonlyMap<string, ReportedModel>;
  readonly expectations: readonly ReportedExpectation[];
}

/** Most destinations a heat map shows. */
const HEAT_MAP_COLUMNS = 40;

/** The report's data, one scenario file per step (so that a caller can yield to the event loop), then the traces. */
export function* reportSteps(paths: readonly string[], options: { limits?: Partial<InputLimits> } = {}): Generator<string, ReportData, void> {
  const loaded = new Map<string, LoadedModel>();
  const check: CheckResult = yield* checkSteps(paths, { limits: options.limits, models: loaded });
  const expectations: ReportedExpectation[] = [];
  const models = new Map<string, ReportedModel>();
  const columns = new Map<string, Map<string, { ports: PortRange[]; protocols: Set<FlowProtocol> }>>();
  for (const s of check.scenarios) {
    const sim = s.model === null ? null : (loaded.get(resolve(s.model))?.sim ?? null);
    for (const r of s.expectations) {
      let trace: TraceResult | null = null;
      if (sim && r.status !== 'error') {
        if (r.status === 'fail' && isTraced(r.result)) trace = r.result;
        else {
          const flow = r.status === 'fail' ? r.counterexample : r.flow;
          const out = sim.trace(flow);
          if (out.ok) trace = out.value;
        }
      }
      expectations.push({ scenario: s.file, model: s.model, result: r, trace });
      if (!sim || s.model === null) continue;
      const m = sim.model;
      const to = r.expectation.to;
      if (!m.endpoints.has(to) && !m.loadBalancers.has(to) && !m.instances.has(to)) continue;
      let perModel = columns.get(s.model);
      if (!perModel) columns.set(s.model, (perModel = new Map<string, { ports: PortRange[]; protocols: Set<FlowProtocol> }>()));
      let col = perModel.get(to);
      if (!col) perModel.set(to, (col = { ports: [], protocols: new Set() }));
      for (const p of r.expectation.ports) col.ports.push(p);
      col.protocols.add(r.expectation.protocol);
    }
    if (s.model !== null && sim && !models.has(s.model)) models.set(s.model, { file: s.model, model: sim.model, heat: emptyHeat() });
    yield s.file;
  }
  for (const [file, entry] of models) {
    const sim = loaded.get(resolve(file))?.sim;
    const cols = columns.get(file);
    if (!sim || !cols) continue;
    models.set(file, { ...entry, heat: heatMap(sim, cols) });
    yield file;
  }
  return { check, models, expectations };
}

function emptyHeat(): HeatMap {
  return { rows: [], columns: [], cells: [], omitted: 0 };
}

/** Merges port ranges into sorted, disjoint ones. */
function mergePorts(ports: readonly PortRange[]): PortRange[] {
  const sorted = [...ports].sort((a, b) => a.lo - b.lo);
  const out: { lo: number; hi: number }[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.lo <= last.hi + 1) last.hi = Math.max(last.hi, p.hi);
    else out.push({ lo: p.lo, hi: p.hi });
  }
  return out;
}

function heatMap(sim: NonNullable<LoadedModel['sim']>, cols: ReadonlyMap<string, { ports: PortRange[]; protocols: Set<FlowProtocol> }>): HeatMap {
  const all = [...cols.keys()].sort();
  const shown = all.slice(0, HEAT_MAP_COLUMNS);
  const columns = shown.map((to) => {
    const c = cols.get(to)!;
    return { to, ports: mergePorts(c.ports), protocols: [...c.protocols].sort() };
  });
  // Per VPC and column: instances that reach the column on one of its ports (by one of its protocols).
  const counts = new Map<string, Map<string, number>>();
  const sizes = new Map<string, number>();
  for (const i of sim.model.instances.values()) sizes.set(i.vpc, (sizes.get(i.vpc) ?? 0) + 1);
  for (const col of columns) {
    const reached = new Map<string, Set<string>>();
    for (const range of col.ports) {
      const r = reachabilityMatrix(sim, { ports: range, destinations: [col.to] });
      if (!r.ok) continue;
      for (const block of r.value.blocks) {
        let ids = reached.get(block.vpc);
        if (!ids) reached.set(block.vpc, (ids = new Set()));
        for (const cell of block.cells) {
          for (const g of cell.groups) {
            if (!g.classes.some((k) => k.verdict !== 'unreachable' && col.protocols.includes(k.protocol))) continue;
            for (const id of g.ids) ids.add(id);
          }
        }
      }
    }
    for (const [vpc, ids] of reached) {
      let row = counts.get(vpc);
      if (!row) counts.set(vpc, (row = new Map<string, number>()));
      row.set(col.to, ids.size);
    }
  }
  const vpcs = [...counts.keys()].sort();
  return {
    rows: vpcs.map((vpc) => ({ vpc, instances: sizes.get(vpc) ?? 0 })),
    columns,
    cells: vpcs.map((vpc) => columns.map((c) => counts.get(vpc)?.get(c.to) ?? null)),
    omitted: all.length - shown.length,
  };
}
