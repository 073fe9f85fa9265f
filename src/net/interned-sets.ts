import * as intervals from './interval-set.js';
import type { IntervalSet } from './interval-set.js';

/**
 * Hash-consed interval sets with memoised operations, for engines that combine the same few sets many times
 * (the set engine's ports and address classes). Equal sets get the same id; `union`, `intersect` and `subtract`
 * on ids are computed once per pair. The concrete trace does not use it: on one-point spaces a memo lookup costs
 * more than the operation.
 */
export class IntervalSetPool {
  private readonly ids = new Map<string, number>();
  private readonly sets: IntervalSet[] = [];
  private readonly memo = new Map<string, number>();
  /** Memo lookups answered without computing (for profiling). */
  hits = 0;
  misses = 0;

  /** The id of the empty set. */
  readonly empty: number;

  constructor() {
    this.empty = this.intern(intervals.EMPTY);
  }

  /** The id of a set (normalised sets only: sorted, disjoint, non-adjacent). */
  intern(set: IntervalSet): number {
    let key = '';
    for (const r of set) key += `${r.lo}-${r.hi},`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(Object.freeze(set.map((r) => Object.freeze({ lo: r.lo, hi: r.hi }))));
      this.ids.set(key, id);
    }
    return id;
  }

  /** The set of an id. */
  get(id: number): IntervalSet {
    const s = this.sets[id];
    if (s === undefined) throw new Error(`IntervalSetPool.get: unknown id ${id}`);
    return s;
  }

  /** Number of distinct sets. */
  get size(): number {
    return this.sets.length;
  }

  union(a: number, b: number): number {
    if (a === b || b === this.empty) return a;
    if (a === this.empty) return b;
    return a < b ? this.op('u', a, b, intervals.union) : this.op('u', b, a, intervals.union);
  }

  intersect(a: number, b: number): number {
    if (a === b) return a;
    if (a === this.empty || b === this.empty) return this.empty;
    return a < b ? this.op('i', a, b, intervals.intersect) : this.op('i', b, a, intervals.intersect);
  }

  subtract(a: number, b: number): number {
    if (a === b || a === this.empty) return this.empty;
    if (b === this.empty) return a;
    return this.op('s', a, b, intervals.subtract);
  }

  private op(tag: string, a: number, b: number, f: (x: IntervalSet, y: IntervalSet) => IntervalSet): number {
    const key = `${tag}${a},${b}`;
    const hit = this.memo.get(key);
    if (hit !== undefined) {
      this.hits++;
      return hit;
    }
    this.misses++;
    const id = this.intern(f(this.get(a), this.get(b)));
    this.memo.set(key, id);
    return id;
  }
}
