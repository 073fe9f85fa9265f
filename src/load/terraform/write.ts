/**
 * An imported model as a model file: YAML whose ids are the Terraform addresses, with a comment naming the resource
 * of every list item that is not named by its id (a rule, a member, a port mapping), so the file can be read next to
 * the configuration.
 */
import { Document, isMap, isScalar, isSeq, type Node } from 'yaml';
import type { DataPath, ParsedSource } from '../source.js';

/** The imported model document as YAML, under a header comment (lines without `#`). */
export function importedYaml(source: ParsedSource, header: string): string {
  const doc = new Document(source.data);
  doc.commentBefore = header
    .split('\n')
    .map((l) => ` ${l}`)
    .join('\n');
  const addressOf = (path: DataPath): string | undefined => source.locate(path).address;
  const walk = (node: Node | null, path: DataPath, parentAddress: string | undefined): void => {
    if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const p = [...path, i];
        if (isMap(item)) {
          const id = item.get('id');
          const address = addressOf(p);
          if (address !== undefined && address !== id && address !== parentAddress) item.commentBefore = ` ${address}`;
          // Small entries (rules, mappings, members) on one line.
          if (item.items.every((pair) => isScalar(pair.value))) item.flow = true;
          walk(item, p, address);
        } else walk(item as Node, p, parentAddress);
      });
      // A list of plain values (security groups, CIDRs, ports) on one line.
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    } else if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        walk(pair.value as Node, [...path, key], parentAddress);
      }
    }
  };
  walk(doc.contents, [], undefined);
  return doc.toString({ lineWidth: 0 });
}
