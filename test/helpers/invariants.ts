import { expect } from 'vitest';
import type { Model } from '../../src/model/index.js';
import { PARTIAL_CODES } from '../../src/sim/dispositions.js';
import type { TraceResult } from '../../src/sim/types.js';

/** Checks the structural invariants of a trace result. */
export function assertWellFormed(m: Model, r: TraceResult, from: string): void {
  expect(r.traces.length).toBeGreaterThan(0);
  for (const t of r.traces) {
    expect(t.hops.length).toBeGreaterThan(0);
    expect(t.hops[0]!.node).toBe(from);
    expect(t.hops[0]!.steps[0]!.type).toBe('originate');
    t.hops.forEach((h, i) => {
      expect(m.resources.has(h.node)).toBe(true);
      expect(h.steps.length).toBeGreaterThan(0);
      const last = h.steps.at(-1)!;
      if (i < t.hops.length - 1) {
        expect(last).toMatchObject({ type: 'forward', to: t.hops[i + 1]!.node });
        expect(h.steps.filter((s) => s.type === 'drop' || s.type === 'deliver')).toEqual([]);
      } else {
        expect(['deliver', 'drop']).toContain(last.type);
        if (last.type === 'drop') {
          expect(t.status).toBe('dropped');
          expect(t.disposition).toBe(last.code);
        } else {
          expect(t.status).not.toBe('dropped');
          expect(t.disposition === 'DELIVERED' || PARTIAL_CODES.has(t.disposition)).toBe(true);
          expect(t.status === 'partial').toBe(PARTIAL_CODES.has(t.disposition));
        }
      }
    });
    expect(m.resources.has(t.at)).toBe(true);
  }
  const statuses = r.traces.map((t) => t.status);
  if (r.verdict === 'reachable') expect(statuses.every((s) => s === 'delivered') && r.code === 'DELIVERED').toBe(true);
  if (r.verdict === 'unreachable') expect(statuses.every((s) => s === 'dropped')).toBe(true);
  if (r.verdict === 'partial') expect(statuses.some((s) => s !== 'dropped') && statuses.some((s) => s !== 'delivered')).toBe(true);
  if (r.verdict === 'reachable' && r.traces.length > 1) {
    // Every member delivers: the flow is reached at the load balancer all paths go through.
    for (const t of r.traces) expect(t.hops.some((h) => h.node === r.at && h.kind === 'loadBalancer')).toBe(true);
  } else expect(r.traces.some((t) => t.disposition === r.code && t.at === r.at)).toBe(true);
}
