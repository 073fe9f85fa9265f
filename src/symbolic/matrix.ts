/**
 * The reachability matrix: for every instance and every destination, every port of both protocols in classes that
 * end alike. Never dense: it is built by blocks, one per VPC — the VPC's instances against the destinations its
 * routing reaches (the engine's own routing, Simulator.routes, asked for each subnet: today the VPC's instances, load
 * balancers and endpoints). Pairs outside the block (no source's routing reaches them) are counted, not listed. Within a block each destination is one walk of the
 * set driver from every instance at once (reachersBySets).
 */
import type { PortRange } from '../net/index.js';
import type { Instance } from '../model/index.js';
import type { Simulator } from '../sim/engine.js';
import type { Answer } from '../sim/types.js';
import { reachersBySets, type ClassGroup } from './ports.js';

/** The matrix column of one destination: the block's instances, grouped by identical port classes. */
export interface MatrixCell {
  readonly to: string;
  readonly groups: readonly ClassGroup[];
}

/** One VPC's instances against every destination its routing reaches. */
export interface MatrixBlock {
  readonly vpc: string;
  readonly sources: number;
  readonly cells: readonly MatrixCell[];
}

export interface Matrix {
  readonly blocks: readonly MatrixBlock[];
  /** Source–destination pairs in different VPCs with no route between them: not listed. */
  readonly unroutedPairs: number;
}

/** What the matrix will hold, before any cell is computed: its blocks (sources and routed destinations) and the pairs left out. */
export interface MatrixPlan {
  readonly blocks: readonly { readonly vpc: string; readonly sources: readonly Instance[]; readonly reached: readonly string[] }[];
  readonly unroutedPairs: number;
}

/** Options of the matrix: the ports to keep (or the ICMP code to walk every icmp type with), and the sets at either end. */
export interface MatrixOptions {
  ports?: PortRange;
  /** Every icmp type alone, its flows of this code. */
  icmpCode?: number;
  /** Only these instances as sources (default: every instance). */
  sources?: readonly Instance[];
  /** Only these destinations (endpoint, load balancer and instance ids; default: all of them). */
  destinations?: readonly string[];
  onProgress?: (done: number, total: number) => void;
}

/** The blocks of the matrix: each VPC's instances (by id) and the destinations its routing reaches (a VPC that reaches none of them has no block). */
export function planMatrix(sim: Simulator, options: MatrixOptions = {}): MatrixPlan {
  const m = sim.model;
  const destinations = [...(options.destinations ?? [...m.endpoints.keys(), ...m.loadBalancers.keys(), ...m.instances.keys()])].sort();
  const all = options.sources ?? [...m.instances.values()];
  const vpcs = [...new Set(all.map((i) => i.vpc))].sort();
  let unroutedPairs = 0;
  const blocks: MatrixPlan['blocks'][number][] = [];
  for (const vpc of vpcs) {
    const sources = all.filter((i) => i.vpc === vpc).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // Routing is asked of the kinds for each subnet's first instance (a route table belongs to a subnet): the block
    // holds what any of them reaches, and a cell answers the others with why they are not routed there.
    const bySubnet = new Map<string, Instance[]>();
    for (const i of sources) (bySubnet.get(i.subnet) ?? bySubnet.set(i.subnet, []).get(i.subnet)!).push(i);
    const firsts = [...bySubnet.values()].map((is) => is[0]!.id);
    const reached = destinations.filter((d) => firsts.some((id) => sim.routes(id, d)));
    unroutedPairs += sources.length * (destinations.length - reached.length);
    if (reached.length) blocks.push({ vpc, sources, reached });
  }
  return { blocks, unroutedPairs };
}

/**
 * Every cell of a planned matrix, block by block, handed to `onCell` as it is computed (nothing is kept: a caller that
 * writes each cell out holds one at a time). `onProgress(done, total)` is called after each destination.
 */
export function walkMatrix(sim: Simulator, plan: MatrixPlan, options: MatrixOptions, onCell: (block: number, cell: MatrixCell) => void): Answer<null> {
  const total = plan.blocks.reduce((n, b) => n + b.reached.length, 0);
  let done = 0;
  for (let k = 0; k < plan.blocks.length; k++) {
    const { sources, reached } = plan.blocks[k]!;
    for (const to of reached) {
      const r = reachersBySets(sim, to, sources, options.ports, options.icmpCode);
      if (!r.ok) return r;
      onCell(k, { to, groups: r.value });
      options.onProgress?.(++done, total);
    }
  }
  return { ok: true, value: null };
}

/**
 * The matrix of a model, in memory. `onProgress(done, total)` is called after each destination (total: every
 * destination of every block), so that a caller can show progress.
 */
export function reachabilityMatrix(sim: Simulator, options: MatrixOptions = {}): Answer<Matrix> {
  const plan = planMatrix(sim, options);
  const blocks = plan.blocks.map((b) => ({ vpc: b.vpc, sources: b.sources.length, cells: [] as MatrixCell[] }));
  const walked = walkMatrix(sim, plan, options, (k, cell) => blocks[k]!.cells.push(cell));
  if (!walked.ok) return walked;
  return { ok: true, value: { blocks, unroutedPairs: plan.unroutedPairs } };
}
