/**
 * The edges of many interval sets in ascending order: where each set's ranges start and stop. A sweep over them
 * knows, between two edges, which of the sets hold every value there.
 */
import type { IntervalSet } from './interval-set.js';

/** Edge k is at `at[k]`, of set `set[k]`, where one of its ranges starts (`start[k]` is 1) or stops (0: the first value after it). */
export interface Edges {
  readonly at: Float64Array;
  readonly set: Uint32Array;
  readonly start: Uint8Array;
}

/** Every range's start and stop of every set, sorted by place. */
export function edgesOf(sets: readonly IntervalSet[]): Edges {
  let count = 0;
  for (const s of sets) count += 2 * s.length;
  const at = new Float64Array(count);
  const set = new Uint32Array(count);
  const start = new Uint8Array(count);
  if (sets.length < 0x10000) {
    // One number per edge (place × 2^17 + set × 2 + start), so that a typed array sorts them: places are below 2^33.
    const keys = new Float64Array(count);
    let n = 0;
    sets.forEach((s, k) => {
      for (const r of s) {
        keys[n++] = r.lo * 0x20000 + k * 2 + 1;
        keys[n++] = (r.hi + 1) * 0x20000 + k * 2;
      }
    });
    keys.sort();
    for (let i = 0; i < count; i++) {
      const key = keys[i]!;
      const low = key % 0x20000;
      at[i] = (key - low) / 0x20000;
      set[i] = low >>> 1;
      start[i] = low & 1;
    }
    return { at, set, start };
  }
  const edges: { at: number; set: number; start: number }[] = [];
  sets.forEach((s, k) => {
    for (const r of s) edges.push({ at: r.lo, set: k, start: 1 }, { at: r.hi + 1, set: k, start: 0 });
  });
  edges.sort((x, y) => x.at - y.at);
  edges.forEach((e, i) => {
    at[i] = e.at;
    set[i] = e.set;
    start[i] = e.start;
  });
  return { at, set, start };
}
