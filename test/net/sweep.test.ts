import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import * as intervals from '../../src/net/interval-set.js';
import { edgesOf } from '../../src/net/sweep.js';

/** The sets that hold `x`, by applying every edge at or before it. */
function holding(edges: ReturnType<typeof edgesOf>, count: number, x: number): number[] {
  const active = new Uint8Array(count);
  for (let e = 0; e < edges.at.length && edges.at[e]! <= x; e++) active[edges.set[e]!] = edges.start[e]!;
  const out: number[] = [];
  active.forEach((a, k) => a && out.push(k));
  return out;
}

const setArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 1000 })), { maxLength: 6 })
  .map((rs) => intervals.fromRanges(rs.map(([lo, w]) => ({ lo, hi: Math.min(0xffffffff, lo + w) }))));

describe('edges of many interval sets', () => {
  test.prop([fc.array(setArb, { maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 20 })], { numRuns: 300 })(
    'ascending; a sweep up to any value holds exactly the sets that contain it (the ends of the address space too)',
    (sets, xs) => {
      const edges = edgesOf(sets);
      for (let e = 1; e < edges.at.length; e++) expect(edges.at[e]!).toBeGreaterThanOrEqual(edges.at[e - 1]!);
      const points = [...xs, 0, 0xffffffff, ...sets.flatMap((s) => s.flatMap((r) => [r.lo, r.hi]))];
      for (const x of points) expect(holding(edges, sets.length, x)).toEqual(sets.flatMap((s, k) => (intervals.has(s, x) ? [k] : [])));
    },
  );

  it('more sets than one number per edge can tell apart (65,536 and up) take the general sort, with the same answer', () => {
    const sets = Array.from({ length: 70_000 }, (_, k) => [{ lo: (k * 7919) % 100_000, hi: ((k * 7919) % 100_000) + (k % 3) }]);
    const edges = edgesOf(sets);
    for (const x of [0, 7919, 15_838, 99_999, 100_001])
      expect(holding(edges, sets.length, x)).toEqual(sets.flatMap((s, k) => (intervals.has(s, x) ? [k] : [])));
  });
});
