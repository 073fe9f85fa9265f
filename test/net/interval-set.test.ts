import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as iv from '../../src/net/interval-set.js';
import { runs } from '../fuzz/arbitraries.js';

const U = 64;
const rangeArb = fc.tuple(fc.integer({ min: 0, max: U - 1 }), fc.integer({ min: 0, max: U - 1 })).map(([a, b]) => ({ lo: Math.min(a, b), hi: Math.max(a, b) }));
const setArb = fc.array(rangeArb, { maxLength: 6 }).map(iv.fromRanges);

function members(set: iv.IntervalSet): Set<number> {
  const s = new Set<number>();
  for (const r of set) for (let x = r.lo; x <= r.hi; x++) s.add(x);
  return s;
}
function normalised(set: iv.IntervalSet): boolean {
  return set.every((r, i) => r.lo <= r.hi && (i === 0 || set[i - 1]!.hi + 1 < r.lo));
}

describe('interval sets agree with plain sets', () => {
  it('union, intersect, subtract, size, has, covers, touches', () => {
    fc.assert(
      fc.property(setArb, setArb, rangeArb, fc.integer({ min: 0, max: U - 1 }), (a, b, r, x) => {
        const A = members(a);
        const B = members(b);
        const R = members([r]);
        expect(members(iv.union(a, b))).toEqual(new Set([...A, ...B]));
        expect(members(iv.intersect(a, b))).toEqual(new Set([...A].filter((v) => B.has(v))));
        expect(members(iv.subtract(a, b))).toEqual(new Set([...A].filter((v) => !B.has(v))));
        expect(members(iv.intersectRange(a, r))).toEqual(new Set([...A].filter((v) => R.has(v))));
        for (const s of [iv.union(a, b), iv.intersect(a, b), iv.subtract(a, b)]) expect(normalised(s)).toBe(true);
        expect(iv.size(a)).toBe(A.size);
        expect(iv.has(a, x)).toBe(A.has(x));
        expect(iv.coversRange(a, r)).toBe([...R].every((v) => A.has(v)));
        expect(iv.touchesRange(a, r)).toBe([...R].some((v) => A.has(v)));
      }),
      runs(500),
    );
  });
  it('handles the full 32-bit range without overflow', () => {
    const all = iv.fromRanges([{ lo: 0, hi: 0xffffffff }]);
    expect(iv.size(all)).toBe(2 ** 32);
    expect(iv.subtract(all, [{ lo: 0, hi: 0xfffffffe }])).toEqual([{ lo: 0xffffffff, hi: 0xffffffff }]);
  });
});
