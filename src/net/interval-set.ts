import type { Ipv4Range } from './ipv4.js';

/**
 * A set of unsigned 32-bit integers as a sorted array of disjoint, non-adjacent inclusive ranges.
 * Immutable: no operation changes a set; an operation whose result equals one of its inputs may return that input
 * (most rule matching intersects with a range that holds the whole set, or misses it: no copy is made then).
 */
export type IntervalSet = readonly Ipv4Range[];

/** The empty set. */
export const EMPTY: IntervalSet = Object.freeze([]);

/** Builds a normalised set from ranges in any order. */
export function fromRanges(ranges: readonly Ipv4Range[]): IntervalSet {
  if (ranges.length === 0) return EMPTY;
  const sorted = [...ranges].sort((a, b) => a.lo - b.lo || a.hi - b.hi);
  const out: Ipv4Range[] = [];
  let cur = { lo: sorted[0]!.lo, hi: sorted[0]!.hi };
  for (let i = 1; i < sorted.length; i++) {
    const r = sorted[i]!;
    if (r.lo <= cur.hi + 1) {
      if (r.hi > cur.hi) cur.hi = r.hi;
    } else {
      out.push(cur);
      cur = { lo: r.lo, hi: r.hi };
    }
  }
  out.push(cur);
  return out;
}

/** The part of `set` inside `range`. */
export function intersectRange(set: IntervalSet, range: Ipv4Range): IntervalSet {
  const out: Ipv4Range[] = [];
  for (const r of set) {
    if (r.hi < range.lo) continue;
    if (r.lo > range.hi) break;
    out.push({ lo: Math.max(r.lo, range.lo), hi: Math.min(r.hi, range.hi) });
  }
  return out;
}

/** Whether one range of `outer` holds all of `inner` (non-empty). */
function holds(outer: IntervalSet, inner: IntervalSet): boolean {
  return outer.length === 1 && outer[0]!.lo <= inner[0]!.lo && outer[0]!.hi >= inner[inner.length - 1]!.hi;
}

/** Intersection of two sets. */
export function intersect(a: IntervalSet, b: IntervalSet): IntervalSet {
  if (a.length === 0 || b.length === 0) return EMPTY;
  if (holds(b, a)) return a;
  if (holds(a, b)) return b;
  const out: Ipv4Range[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const lo = Math.max(x.lo, y.lo);
    const hi = Math.min(x.hi, y.hi);
    if (lo <= hi) out.push({ lo, hi });
    if (x.hi < y.hi) i++;
    else j++;
  }
  return out;
}

/** Union of two sets. */
export function union(a: IntervalSet, b: IntervalSet): IntervalSet {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return fromRanges([...a, ...b]);
}

/** Elements of `a` not in `b`. */
export function subtract(a: IntervalSet, b: IntervalSet): IntervalSet {
  if (a.length === 0) return EMPTY;
  if (b.length === 0 || b[0]!.lo > a[a.length - 1]!.hi || b[b.length - 1]!.hi < a[0]!.lo) return a;
  if (holds(b, a)) return EMPTY;
  const out: Ipv4Range[] = [];
  let j = 0;
  for (const r of a) {
    let lo = r.lo;
    const hi = r.hi;
    while (j < b.length && b[j]!.hi < lo) j++;
    let k = j;
    while (k < b.length && b[k]!.lo <= hi) {
      const cut = b[k]!;
      if (cut.lo > lo) out.push({ lo, hi: cut.lo - 1 });
      lo = Math.max(lo, cut.hi + 1);
      if (cut.hi >= hi) break;
      k++;
    }
    if (lo <= hi) out.push({ lo, hi });
  }
  return out;
}

/** Number of addresses in the set. */
export function size(set: IntervalSet): number {
  let n = 0;
  for (const r of set) n += r.hi - r.lo + 1;
  return n;
}

/** True when `value` is in the set (binary search). */
export function has(set: IntervalSet, value: number): boolean {
  let lo = 0;
  let hi = set.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = set[mid]!;
    if (value < r.lo) hi = mid - 1;
    else if (value > r.hi) lo = mid + 1;
    else return true;
  }
  return false;
}

/** True when the set and the range share an element. */
export function touchesRange(set: IntervalSet, range: Ipv4Range): boolean {
  for (const r of set) {
    if (r.hi < range.lo) continue;
    return r.lo <= range.hi;
  }
  return false;
}

/** True when every element of `range` is in the set. */
export function coversRange(set: IntervalSet, range: Ipv4Range): boolean {
  for (const r of set) {
    if (r.hi < range.lo) continue;
    return r.lo <= range.lo && r.hi >= range.hi;
  }
  return false;
}

/** The set as text, for a map key: two sets have the same key exactly when they hold the same values. */
export function keyOf(set: IntervalSet): string {
  return set.map((r) => `${r.lo}-${r.hi}`).join(',');
}
