/**
 * The JSON fast path. A document that `JSON.parse` accepts is read natively (about 50 times faster than the YAML
 * parser, with a tenth of its memory: the YAML library builds a node of several hundred bytes for every value).
 * What the YAML path gets from its nodes — duplicate and forbidden keys, and the line and column of any data path —
 * comes from one scan of the text that records, for every value, where it and its key start; the scan runs only
 * when a key problem is possible (the parsed data holds fewer keys than the text, or a forbidden name may be among
 * them) or a location is asked for.
 */
import { OffsetTree } from './offset-tree.js';
import { lineOf, lineStarts } from './syntax-errors.js';

/** Keys refused wherever they appear (the YAML path refuses the same ones). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A key problem: a repeated key in one object (name undefined), or a forbidden name. */
export interface JsonKeyProblem {
  readonly name: string | undefined;
  readonly offset: number;
}

/** The offsets of every value of a valid JSON text, and its duplicate and forbidden keys. */
export class JsonIndex extends OffsetTree {
  readonly problems: JsonKeyProblem[];

  constructor(
    private readonly text: string,
    values: number,
  ) {
    super(new Int32Array(values), new Int32Array(values).fill(-1), new Int32Array(values).fill(-1), new Int32Array(values).fill(-1), new Uint8Array(values));
    this.problems = this.scan();
  }

  /**
   * For a text that may be JSON: an upper bound on its number of values (one plus its commas and opening brackets
   * outside strings), its number of keys (colons outside strings), and its deepest bracket nesting, with where that is.
   * For a text that is not JSON the figures mean nothing (the YAML path has its own bound).
   */
  static measure(text: string): { values: number; keys: number; depth: number; depthOffset: number } {
    let values = 1;
    let keys = 0;
    let depth = 0;
    let maxDepth = 0;
    let depthOffset = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) i = stringEnd(text, i);
      else if (c === 44) values++;
      else if (c === 58) keys++;
      else if (c === 91 || c === 123) {
        values++;
        if (++depth > maxDepth) {
          maxDepth = depth;
          depthOffset = i;
        }
      } else if (c === 93 || c === 125) depth--;
    }
    return { values, keys, depth: maxDepth, depthOffset };
  }

  /**
   * Whether a JSON text that parsed into `data` may have a key problem, without the scan: its keys are all distinct
   * in their objects when the parsed objects hold as many keys as the text has (`JSON.parse` keeps one of a repeated
   * key), and none is a forbidden name (`JSON.parse` makes each key, `__proto__` too, an own property).
   */
  static mayHaveKeyProblems(data: unknown, keys: number): boolean {
    return countKeys(data) !== keys;
  }

  protected keyOf(child: number): string {
    return this.keyAt(this.keyStart[child]!);
  }

  /** Compares the key in the text: the raw and the decoded key agree up to the first backslash. */
  protected override keyIs(child: number, key: string): boolean {
    const t = this.text;
    const at = this.keyStart[child]! + 1;
    for (let i = 0; i < key.length; i++) {
      const c = t.charCodeAt(at + i);
      if (c === 92) return this.keyOf(child) === key;
      if (c !== key.charCodeAt(i)) return false;
    }
    const end = t.charCodeAt(at + key.length);
    return end === 34 || (end === 92 && this.keyOf(child) === key);
  }

  /** The decoded key whose opening quote is at `at`. */
  private keyAt(at: number): string {
    const end = stringEnd(this.text, at);
    const raw = this.text.slice(at, end + 1);
    return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }

  /**
   * One pass over the text: the tree of values, and duplicate and forbidden keys (in document order). Keys are compared
   * in the text, without making strings: an object's key offsets sit on one stack (a Set only for objects of more
   * than SMALL_OBJECT keys) — a Set and a string per key made a third of the scan's time garbage on large states.
   */
  private scan(): JsonKeyProblem[] {
    const text = this.text;
    const problems: JsonKeyProblem[] = [];
    const parents: number[] = [];
    const lastChild: number[] = [];
    // Per open container: where its keys start on `keys` (-1 for a list), and its Set once it has many keys.
    const keyBase: number[] = [];
    const keySets: (Set<string> | undefined)[] = [];
    const keys: number[] = [];
    let next = 0;
    let pendingKey = -1;
    const open = (at: number): number => {
      const id = next++;
      this.start[id] = at;
      this.keyStart[id] = pendingKey;
      pendingKey = -1;
      const depth = parents.length;
      if (depth > 0) {
        const prev = lastChild[depth - 1]!;
        if (prev < 0) this.firstChild[parents[depth - 1]!] = id;
        else this.nextSibling[prev] = id;
        lastChild[depth - 1] = id;
      }
      return id;
    };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 44 || c === 58) continue;
      if (c === 123 || c === 91) {
        const id = open(i);
        this.isObject[id] = c === 123 ? 1 : 0;
        parents.push(id);
        lastChild.push(-1);
        keyBase.push(c === 123 ? keys.length : -1);
        keySets.push(undefined);
      } else if (c === 125 || c === 93) {
        parents.pop();
        lastChild.pop();
        const base = keyBase.pop()!;
        if (base >= 0) keys.length = base;
        keySets.pop();
      } else if (c === 34) {
        const end = stringEnd(text, i);
        const base = keyBase.length > 0 ? keyBase[keyBase.length - 1]! : -1;
        if (base >= 0 && isKeyPosition(text, end + 1)) {
          if (this.seenKey(keys, base, keySets, i)) problems.push({ name: undefined, offset: i });
          keys.push(i);
          const first = text.charCodeAt(i + 1);
          if (first === 95 || first === 99 || first === 112 || first === 92) {
            const name = this.keyAt(i);
            if (FORBIDDEN_KEYS.has(name)) problems.push({ name, offset: i });
          }
          pendingKey = i;
        } else {
          open(i);
        }
        i = end;
      } else {
        // A number, true, false or null: up to the next delimiter.
        open(i);
        while (i + 1 < text.length && !isDelimiter(text.charCodeAt(i + 1))) i++;
      }
    }
    return problems;
  }

  /** Whether the key at `at` repeats one of the open object's keys (`keys[base..]`, or its Set once it has many). */
  private seenKey(keys: number[], base: number, sets: (Set<string> | undefined)[], at: number): boolean {
    const level = sets.length - 1;
    let set = sets[level];
    if (set === undefined && keys.length - base >= SMALL_OBJECT) {
      set = new Set();
      for (let k = base; k < keys.length; k++) set.add(this.keyAt(keys[k]!));
      sets[level] = set;
    }
    if (set !== undefined) {
      const name = this.keyAt(at);
      if (set.has(name)) return true;
      set.add(name);
      return false;
    }
    for (let k = base; k < keys.length; k++) if (this.sameKey(keys[k]!, at)) return true;
    return false;
  }

  /** Whether the keys whose opening quotes are at `a` and `b` are the same (decoded where either has an escape). */
  private sameKey(a: number, b: number): boolean {
    const t = this.text;
    for (let k = 1; ; k++) {
      const x = t.charCodeAt(a + k);
      const y = t.charCodeAt(b + k);
      if (x === 92 || y === 92) return this.keyAt(a) === this.keyAt(b);
      if (x !== y) return false;
      if (x === 34) return true;
    }
  }
}

/** How many keys the objects of parsed JSON data hold, all told; -1 when one of them is a forbidden name. */
function countKeys(data: unknown): number {
  let n = 0;
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x !== 'object' || x === null) continue;
    if (Array.isArray(x)) {
      for (let i = 0; i < x.length; i++) {
        const y: unknown = x[i];
        if (typeof y === 'object' && y !== null) stack.push(y);
      }
    } else {
      for (const k in x) {
        if ((k.length === 9 || k.length === 11) && FORBIDDEN_KEYS.has(k)) return -1;
        n++;
        const y = (x as Record<string, unknown>)[k];
        if (typeof y === 'object' && y !== null) stack.push(y);
      }
    }
  }
  return n;
}

/** Objects with more keys than this check repeated keys with a Set; smaller ones compare in the text. */
const SMALL_OBJECT = 16;

/** Offset of the closing quote of the string whose opening quote is at `at`. */
function stringEnd(text: string, at: number): number {
  // The native search finds the next quote; it closes the string unless an odd run of backslashes escapes it.
  for (let q = text.indexOf('"', at + 1); q >= 0; q = text.indexOf('"', q + 1)) {
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return q;
  }
  return text.length - 1;
}

/** Whether the next non-blank character after `from` is a colon (the string before it is a key). */
function isKeyPosition(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) return true;
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return false;
}

function isDelimiter(c: number): boolean {
  return c === 44 || c === 93 || c === 125 || c === 32 || c === 10 || c === 13 || c === 9 || c === 58;
}

/** 1-based line and column of offsets in a text (columns count UTF-16 code units, as the YAML path does). */
export function lineColumn(text: string): (offset: number) => { line: number; col: number } {
  let starts: readonly number[] | undefined;
  return (offset) => {
    starts ??= lineStarts(text);
    const row = lineOf(starts, offset);
    return { line: row + 1, col: offset - starts[row]! + 1 };
  };
}
