import { SECTIONS, splitSchemas, type RawModel, type Section } from '../schema.js';
import { safeParse } from '../zod-diagnostics.js';

/**
 * Makes a structurally broken document checkable: every list item with a structural problem becomes null
 * (so list positions, and therefore reported locations, stay as written) and unknown fields are dropped.
 * The structural problems themselves were already reported by the strict schema; this lets the value checks
 * run on everything else, so one run reports every mistake. The top level and each item of each section are
 * checked on their own, so the work and the memory stay proportional to the item at hand (a whole-document parse
 * held every problem of every item at once), and only a broken item is copied before it is pruned. `accepted` holds
 * the items the strict schema accepted, as it parsed them (see checkShape); they are taken as they are.
 */
export function pruneToValid(data: Record<string, unknown>, accepted: Partial<Record<Section, readonly unknown[]>> = {}): RawModel | undefined {
  const root: Record<string, unknown> = { ...data };
  const top = settle(root, (x) => safeParse(splitSchemas.lenient.top, x));
  if (!top) return undefined;
  const out: Record<string, unknown> = { ...top };
  for (const section of SECTIONS) {
    const list = root[section];
    if (!Array.isArray(list)) continue;
    const schema = splitSchemas.lenient.items[section].nullable();
    const items: unknown[] = new Array<unknown>(list.length);
    const known = accepted[section];
    for (let i = 0; i < list.length; i++) {
      // An item the strict schema accepted (parsed by it already) is what the lenient one would make of it.
      if (known?.[i] !== undefined) {
        items[i] = known[i];
        continue;
      }
      const first = safeParse(schema, list[i]);
      if (first.success) {
        items[i] = first.data;
        continue;
      }
      // Prune a copy of the item, in a stand-in document of its own: the item is item 0 of its section.
      const stand: Record<string, unknown> = { [section]: [structuredClone(list[i])] };
      const pruned = settle(stand, (x) => {
        const l = x[section];
        if (!Array.isArray(l)) return { success: true as const, data: undefined };
        const r = safeParse(schema, l[0]);
        return r.success ? r : { success: false as const, error: { issues: r.error.issues.map((is) => ({ path: [section, 0, ...is.path] })) } };
      });
      if (pruned === undefined || !(section in stand)) {
        // Nothing inside the item could be set aside: the whole section goes, as it would at the top level.
        delete out[section];
        break;
      }
      items[i] = pruned;
    }
    if (section in out) out[section] = items;
  }
  return out;
}

type Parsed<T> = { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[] }[] } };

/** Prunes `root` until `parse` accepts it: its data, or undefined when a round changes nothing. */
function settle<T>(root: Record<string, unknown>, parse: (x: Record<string, unknown>) => Parsed<T>): T | undefined {
  for (let round = 0; round < 10_000; round++) {
    const r = parse(root);
    if (r.success) return r.data;
    let changed = false;
    for (const issue of r.error.issues)
      changed =
        prune(
          root,
          issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
        ) || changed;
    if (!changed) return undefined;
  }
  return undefined;
}

/** Nulls the innermost list item (a mapping) on `path`, or drops the top-level field. True when something changed. */
function prune(root: Record<string, unknown>, path: readonly (string | number)[]): boolean {
  let cut = -1;
  let cur: unknown = root;
  for (let i = 0; i < path.length; i++) {
    if (cur === null || typeof cur !== 'object') break;
    const next: unknown = (cur as Record<string | number, unknown>)[path[i]!];
    if (Array.isArray(cur) && typeof path[i] === 'number' && next !== null && typeof next === 'object' && !Array.isArray(next)) cut = i;
    cur = next;
  }
  if (cut >= 0) {
    let parent: unknown = root;
    for (let i = 0; i < cut; i++) parent = (parent as Record<string | number, unknown>)[path[i]!];
    const list = parent as unknown[];
    if (list[path[cut] as number] === null) return false;
    list[path[cut] as number] = null;
    return true;
  }
  const top = path[0];
  if (top === undefined || !(top in root)) return false;
  delete root[top as string];
  return true;
}
