// The source offset of a data path in a parsed YAML document.
import { isMap, isPair, isScalar, isSeq, type Document, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { DataPath } from './source.js';

/** The pairs of large mappings by key, built on the first lookup (a linear search per lookup was quadratic). */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

/** The first pair of `map` whose key is the scalar `key`. */
function pairOf(map: YAMLMap, key: string): Pair | undefined {
  const find = (p: Pair): boolean => isPair(p) && isScalar(p.key) && String(p.key.value) === key;
  if (map.items.length < 16) return map.items.find(find);
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    pairIndex.set(map, index);
  }
  return index.get(key);
}

/** Source offset of the node at `path` (or of its key), or of the deepest existing ancestor. */
export function nodeAt(doc: Document, path: DataPath, key: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as YamlNode | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = pairOf(node, String(seg));
      if (!pair) return offset;
      const keyNode = pair.key as YamlNode;
      if (last && key) return keyNode.range?.[0] ?? offset;
      node = pair.value;
      offset = (pair.value as YamlNode | null)?.range?.[0] ?? keyNode.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return offset;
      node = item;
      offset = (item as YamlNode | null)?.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}
