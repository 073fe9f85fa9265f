/**
 * The reachability matrix: for every instance and every destination, every port of both protocols in classes that
 * end alike. Never dense: it is built by blocks, one per VPC — the VPC's instances against the destinations its
 * routing reaches (the engine's own routing, Simulator.routes: the VPC's instances, load balancers and endpoints).
 * Pairs across VPCs have no route and are counted, not listed. Within a block each destination is one walk of the
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

/**
 * The matrix of a model. `onProgress(done, total)` is called after each destination (total: every destination of
 * every block), so that a caller can show progress.
 */
export function reachabilityMatrix(
  sim: Simulator,
  options: {
    ports?: PortRange;
    /** Only these instances as sources (default: every instance). */
    sources?: readonly Instance[];
    /** Only these destinations (endpoint, load balancer and instance ids; default: all of them). */
    destinations?: readonly string[];
    onProgress?: (done: number, total: number) => void;
  } = {},
): Answer<Matrix> {
  const m = sim.model;
  const destinations = [...(options.destinations ?? [...m.endpoints.keys(), ...m.loadBalancers.keys(), ...m.instances.keys()])].sort();
  const all = options.sources ?? [...m.instances.values()];
  const vpcs = [...new Set(all.map((i) => i.vpc))].sort();
  const plan = vpcs.map((vpc) => {
    const sources = all.filter((i) => i.vpc === vpc).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // Routing depends on the client's VPC: its first instance asks for all of them.
    const reached = destinations.filter((d) => sim.routes(sources[0]!.id, d));
    return { vpc, sources, reached };
  });
  const total = plan.reduce((n, p) => n + p.reached.length, 0);
  let done = 0;
  let unroutedPairs = 0;
  const blocks: MatrixBlock[] = [];
  for (const { vpc, sources, reached } of plan) {
    unroutedPairs += sources.length * (destinations.length - reached.length);
    // A VPC that routes to none of the destinations asked for has no block.
    if (reached.length === 0) continue;
    const cells: MatrixCell[] = [];
    for (const to of reached) {
      const r = reachersBySets(sim, to, sources, options.ports);
      if (!r.ok) return r;
      cells.push({ to, groups: r.value });
      options.onProgress?.(++done, total);
    }
    blocks.push({ vpc, sources: sources.length, cells });
  }
  return { ok: true, value: { blocks, unroutedPairs } };
}
