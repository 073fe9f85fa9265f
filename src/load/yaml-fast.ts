/**
 * The fast YAML path. The `yaml` library builds a node of about a kilobyte for every value and reads about 1 MB/s;
 * js-yaml builds plain data directly, about ten times faster with a fifth of the memory, but gives no positions.
 * Its parse events do: every node opens and closes in document order, so one listener records where each value
 * and each key starts, into the same offset tree the JSON path uses. Plain scalars are resolved by the `yaml`
 * library's own core-schema tags, so both paths give the same data for the same text.
 *
 * The path takes plain documents only: a node with a tag, an anchor or an alias, a key that is null or has no value,
 * an empty list item, brackets over several lines, several documents, or any syntax error make it step aside
 * (`unsupported`), and the `yaml` path reads the document, with its own limits and its worded syntax errors.
 */
import { FAILSAFE_SCHEMA, Type, YAMLException, load } from 'js-yaml';
import { Schema as YamlSchema, isScalar, type ScalarTag } from 'yaml';
import { OffsetTree } from './offset-tree.js';
import { FORBIDDEN_KEYS } from './json-source.js';

/** A key problem: repeated in its mapping (name undefined), a collection (name null), or a forbidden name. */
export interface YamlKeyProblem {
  readonly name: string | null | undefined;
  readonly offset: number;
}

/** What makes the fast path step aside, and how to write it so that it does not. */
export const STEP_ASIDE = {
  'a tag, anchor or alias': 'write the values out instead of tags, anchors and aliases',
  'a key without a value': 'give every key a value (":" after it)',
  'a null key': 'give the key a name',
  'an empty list item': 'remove the empty "-" item, or write null after it',
  'brackets over several lines': 'put each bracketed list or mapping on one line, or write it in block style',
  'deep nesting': 'nest less',
} as const;

export type StepAside = keyof typeof STEP_ASIDE;

export type FastYaml =
  | { readonly kind: 'ok'; readonly data: unknown; readonly index: YamlIndex; readonly problems: YamlKeyProblem[] }
  /** `reason` is a StepAside, or "syntax: " and the parser's words, or "an empty document". */
  | { readonly kind: 'unsupported'; readonly reason: string; readonly offset: number };

/** The plain-scalar resolution of YAML 1.2's core schema, as the `yaml` library does it (null, bool, int, float). */
const CORE_TAGS: ScalarTag[] = (new YamlSchema({ schema: 'core' }).tags as ScalarTag[]).filter((t) => t.default === true && t.test instanceof RegExp);

/** The first tag that resolves a plain scalar; none for plain strings, which start with none of these characters. */
function coreTag(s: string): ScalarTag | undefined {
  if (s.length > 0 && !/^[-+.~0-9nNtTfF]/.test(s)) return undefined;
  for (const t of CORE_TAGS) if (t.test!.test(s)) return t;
  return undefined;
}

const CORE_SCALARS = new Type('tag:vpcreach,core', {
  kind: 'scalar',
  resolve: (s: unknown) => typeof s === 'string' && coreTag(s) !== undefined,
  construct: (s: string) => {
    const v: unknown = coreTag(s)!.resolve(s, () => undefined, { intAsBigInt: false });
    return isScalar(v) ? v.value : v;
  },
});

const SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [CORE_SCALARS] });

/** What the core schema makes of a plain or quoted scalar. */
type Scalar = string | number | boolean | null;

const NODE_EMPTY = 0;
const NODE_SCALAR = 1;
const NODE_MAPPING = 2;
const NODE_SEQUENCE = 3;

class Unsupported extends Error {
  constructor(
    readonly reason: StepAside,
    readonly offset: number,
  ) {
    super(reason);
  }
}

/** Offsets of every value of a YAML document read on the fast path, resolved when a location is asked for. */
export class YamlIndex extends OffsetTree {
  constructor(
    private readonly text: string,
    openAt: Int32Array,
    keyNode: Int32Array,
    firstChild: Int32Array,
    nextSibling: Int32Array,
    isObject: Uint8Array,
    private readonly empty: Uint8Array,
    private readonly scalarOf: Int32Array,
    private readonly scalars: readonly Scalar[],
  ) {
    super(openAt, keyNode, firstChild, nextSibling, isObject);
  }

  protected keyOf(child: number): string {
    return String(this.scalars[this.scalarOf[this.keyStart[child]!]!]);
  }

  /** The parser opens a node where it starts looking for it; the value starts at the next content, or, when it is empty, right there. */
  protected override startOf(node: number): number {
    return this.empty[node] ? this.start[node]! : contentStart(this.text, this.start[node]!);
  }

  protected override keyStartOf(node: number): number {
    const k = this.keyStart[node]!;
    return k < 0 ? -1 : this.startOf(k);
  }
}

/**
 * Reads a YAML document on the fast path, or says why it steps aside. Never throws for bad input. `sizeHint`: about
 * how many nodes to expect (the index grows when there are more).
 */
export function parseYamlFast(text: string, maxDepth: number, sizeHint = 1024): FastYaml {
  // js-yaml finds a repeated key cheaply but stops at the first; only then is the document read again to find and
  // locate every one.
  const first = readFast(text, maxDepth, sizeHint, false);
  return first === REPEATED ? (readFast(text, maxDepth, sizeHint, true) as FastYaml) : first;
}

const REPEATED = Symbol('repeated key');

function readFast(text: string, maxDepth: number, sizeHint: number, findRepeats: boolean): FastYaml | typeof REPEATED {
  let cap = Math.max(16, sizeHint);
  let openAt = new Int32Array(cap);
  let keyNode = new Int32Array(cap);
  let firstChild = new Int32Array(cap);
  let nextSibling = new Int32Array(cap);
  let nodeKind = new Uint8Array(cap);
  // Scalar values (for key names), densely: a sparse array indexed by node would fall back to a slow dictionary.
  const scalars: Scalar[] = [];
  let scalarOf = new Int32Array(cap);
  const problems: YamlKeyProblem[] = [];
  const parents: number[] = [];
  const lastChild: number[] = [];
  let next = 0;
  let lastContainer = -1;
  let lastResult: unknown;
  // Only a text with "!", "&" or "*" where a node can start can hold a tag, an anchor or an alias.
  const mayHaveProperties = /(?:^|[\s[{,])[!&*]/.test(text);
  const startOf = (id: number): number => (nodeKind[id] === NODE_EMPTY ? openAt[id]! : contentStart(text, openAt[id]!));
  const grow = (): void => {
    cap *= 2;
    const bigger = <T extends Int32Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    openAt = bigger(openAt);
    keyNode = bigger(keyNode);
    firstChild = bigger(firstChild);
    nextSibling = bigger(nextSibling);
    nodeKind = bigger(nodeKind);
    scalarOf = bigger(scalarOf);
  };
  const open = (position: number): void => {
    if (next === cap) grow();
    const id = next++;
    if (mayHaveProperties) {
      const s = contentStart(text, position);
      const c = text.charCodeAt(s);
      if (c === 33 || c === 38 || c === 42) throw new Unsupported('a tag, anchor or alias', s);
    }
    const depth = parents.length;
    if (depth >= maxDepth) throw new Unsupported('deep nesting', position);
    openAt[id] = position;
    keyNode[id] = -1;
    firstChild[id] = -1;
    nextSibling[id] = -1;
    if (depth > 0) {
      const prev = lastChild[depth - 1]!;
      if (prev < 0) firstChild[parents[depth - 1]!] = id;
      else nextSibling[prev] = id;
      lastChild[depth - 1] = id;
    }
    parents.push(id);
    lastChild.push(-1);
  };
  const close = (position: number, kind: string | null, result: unknown): void => {
    const id = parents.pop()!;
    lastChild.pop();
    // A collection or scalar in a block context is composed twice, the inner node inside the outer one, both
    // opened at the same place: the outer one takes the inner one's kind and children (already paired up).
    const only = firstChild[id]!;
    if (only >= 0 && nextSibling[only] === -1 && openAt[only] === openAt[id] && (kind === 'scalar' || (only === lastContainer && result === lastResult))) {
      firstChild[id] = firstChild[only]!;
      nodeKind[id] = nodeKind[only]!;
      scalarOf[id] = scalarOf[only]!;
      return;
    }
    if (kind === 'mapping') {
      nodeKind[id] = NODE_MAPPING;
      closeCollection(id, position, result);
      pairUp(id);
    } else if (kind === 'sequence') {
      nodeKind[id] = NODE_SEQUENCE;
      closeCollection(id, position, result);
      // An empty item ("-" and nothing) is added to the list without a node of its own.
      let n = 0;
      for (let c = firstChild[id]!; c >= 0; c = nextSibling[c]!) n++;
      if (n !== (result as unknown[]).length) throw new Unsupported('an empty list item', startOf(id));
    } else if (kind === 'scalar') {
      nodeKind[id] = NODE_SCALAR;
      scalarOf[id] = scalars.push(result as Scalar) - 1;
    } else nodeKind[id] = NODE_EMPTY;
  };
  const closeCollection = (id: number, position: number, result: unknown): void => {
    lastContainer = id;
    lastResult = result;
    // Brackets over several lines: the two parsers differ on how such a collection may be indented and commented.
    const s = startOf(id);
    const c = text.charCodeAt(s);
    if ((c === 91 || c === 123) && newlineBetween(s, position)) throw new Unsupported('brackets over several lines', s);
  };
  // Whether a line break lies between two offsets: a binary search in the line breaks, found once. (Scanning back
  // from each closing bracket to its line's start was quadratic in the collections of one long line.)
  let breaks: Int32Array | undefined;
  const newlineBetween = (from: number, to: number): boolean => {
    if (!breaks) {
      let n = 0;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
      breaks = new Int32Array(n);
      n = 0;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks[n++] = i;
    }
    // The first line break after `from`.
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (breaks[mid]! <= from) lo = mid + 1;
      else hi = mid;
    }
    return lo < breaks.length && breaks[lo]! < to;
  };
  // The children of a mapping alternate key, value: keep the values as children, each with its key's name and node.
  const names: string[] = [];
  const pairUp = (map: number): void => {
    let seen: Set<string> | undefined;
    names.length = 0;
    let prevValue = -1;
    for (let k = firstChild[map]!; k >= 0;) {
      const v = nextSibling[k]!;
      if (v < 0) {
        // The parser's look for another key can leave an empty node (before a "..." document end): not a key.
        if (nodeKind[k] === NODE_EMPTY) break;
        throw new Unsupported('a key without a value', startOf(k));
      }
      const kk = nodeKind[k]!;
      const value = kk === NODE_SCALAR ? scalars[scalarOf[k]!] : undefined;
      if (kk === NODE_MAPPING || kk === NODE_SEQUENCE) problems.push({ name: null, offset: startOf(k) });
      else if (kk === NODE_SCALAR && value !== null && value !== undefined) {
        // A scalar: a string, number or boolean.
        const name = typeof value === 'string' ? value : String(value);
        if (findRepeats) {
          // Most mappings have a few keys: a list is cheaper than a set until it grows.
          let repeated: boolean;
          if (seen) repeated = seen.has(name);
          else {
            repeated = names.includes(name);
            if (names.length === 16) seen = new Set(names);
          }
          if (repeated) problems.push({ name: undefined, offset: startOf(k) });
          if (seen) seen.add(name);
          else names.push(name);
        }
        if ((name.length === 9 || name.length === 11) && FORBIDDEN_KEYS.has(name)) problems.push({ name, offset: startOf(k) });
      } else throw new Unsupported('a null key', startOf(k));
      keyNode[v] = k;
      if (prevValue < 0) firstChild[map] = v;
      else nextSibling[prevValue] = v;
      prevValue = v;
      k = nextSibling[v]!;
    }
    if (prevValue >= 0) nextSibling[prevValue] = -1;
  };
  let data: unknown;
  try {
    data = load(text, {
      schema: SCHEMA,
      // When looking for repeated keys, they are reported from the index (every one, located), not thrown on the first.
      json: findRepeats,
      listener(event, state) {
        if (event === 'open') open(state.position);
        else close(state.position, state.kind, state.result);
      },
    });
  } catch (err) {
    if (err instanceof Unsupported) return { kind: 'unsupported', reason: err.reason, offset: err.offset };
    if (err instanceof YAMLException && !findRepeats && err.reason === 'duplicated mapping key') return REPEATED;
    if (err instanceof YAMLException) {
      const mark = (err as YAMLException & { mark?: { position?: number } }).mark;
      return { kind: 'unsupported', reason: `syntax: ${err.reason}`, offset: mark?.position ?? 0 };
    }
    return { kind: 'unsupported', reason: 'what the fast reader cannot read', offset: 0 };
  }
  if (data === undefined || data === null || next === 0) return { kind: 'unsupported', reason: 'an empty document', offset: 0 };
  problems.sort((a, b) => a.offset - b.offset);
  return {
    kind: 'ok',
    data,
    index: new YamlIndex(
      text,
      openAt,
      keyNode,
      firstChild,
      nextSibling,
      kindIs(nodeKind, next, NODE_MAPPING),
      kindIs(nodeKind, next, NODE_EMPTY),
      scalarOf,
      scalars,
    ),
    problems,
  };
}

function kindIs(kinds: Uint8Array, n: number, kind: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = kinds[i] === kind ? 1 : 0;
  return out;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || Number.isNaN(c);
}

/** The first offset at or after `from` that is neither blank nor in a comment. */
function contentStart(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else if (c === 35 && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else break;
  }
  return i;
}
