/**
 * Where every value of a parsed document starts, as a tree in document order, for the parsers that give no nodes
 * (JSON.parse, and js-yaml on the fast YAML path): value i starts at `start[i]`, its key (for mapping members) at
 * `keyStart[i]` (-1 otherwise); `firstChild`/`nextSibling` link the tree (-1: none). A data path is located by
 * walking it from the root; the children of a container are indexed by key or position on its first lookup.
 */
import type { DataPath } from './source.js';

/** Mappings with at most this many members are searched in place rather than indexed. */
const SMALL = 16;

export abstract class OffsetTree {
  /** Children of containers, looked up by key or index without walking the sibling list again. */
  private readonly byKey = new Map<number, Map<string, number>>();
  private readonly byIndex = new Map<number, Int32Array>();

  protected constructor(
    protected start: Int32Array,
    protected keyStart: Int32Array,
    protected firstChild: Int32Array,
    protected nextSibling: Int32Array,
    protected isObject: Uint8Array,
  ) {}

  /** The key of a mapping member. */
  protected abstract keyOf(child: number): string;

  /** Where a value starts. */
  protected startOf(node: number): number {
    return this.start[node]!;
  }

  /** Where the key of a mapping member starts; -1 for other values. */
  protected keyStartOf(node: number): number {
    return this.keyStart[node]!;
  }

  /** Offset of the value at `path` (or of its key), or of the deepest existing ancestor. */
  offsetOf(path: DataPath, key: boolean): number {
    let node = 0;
    let offset = this.startOf(0);
    for (let i = 0; i < path.length; i++) {
      const child = this.child(node, path[i]!);
      if (child < 0) return offset;
      if (i === path.length - 1 && key && this.keyStartOf(child) >= 0) return this.keyStartOf(child);
      node = child;
      offset = this.startOf(child);
    }
    return offset;
  }

  /** Whether a mapping member's key is `key` (subclasses compare in place, without making the key). */
  protected keyIs(child: number, key: string): boolean {
    return this.keyOf(child) === key;
  }

  private child(node: number, seg: string | number): number {
    if (this.isObject[node]) {
      let map = this.byKey.get(node);
      if (!map) {
        // A small mapping is searched in place: an index per mapping would cost more than it saves (a Terraform
        // state has one mapping of about a dozen attributes per resource).
        const key = String(seg);
        let n = 0;
        for (let c = this.firstChild[node]!; c >= 0 && n <= SMALL; c = this.nextSibling[c]!, n++) if (this.keyIs(c, key)) return c;
        if (n <= SMALL) return -1;
        map = new Map();
        for (let c = this.firstChild[node]!; c >= 0; c = this.nextSibling[c]!) {
          const k = this.keyOf(c);
          if (!map.has(k)) map.set(k, c);
        }
        this.byKey.set(node, map);
      }
      return map.get(String(seg)) ?? -1;
    }
    if (typeof seg !== 'number') return -1;
    let list = this.byIndex.get(node);
    if (!list) {
      let n = 0;
      for (let c = this.firstChild[node]!; c >= 0; c = this.nextSibling[c]!) n++;
      list = new Int32Array(n);
      n = 0;
      for (let c = this.firstChild[node]!; c >= 0; c = this.nextSibling[c]!) list[n++] = c;
      this.byIndex.set(node, list);
    }
    return seg < list.length ? list[seg]! : -1;
  }
}
