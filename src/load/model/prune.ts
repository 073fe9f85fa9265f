import { lenientModelSchema, type RawModel } from '../schema.js';

/**
 * Makes a structurally broken document checkable: every list item with a structural problem becomes null
 * (so list positions, and therefore reported locations, stay as written) and unknown fields are dropped.
 * The structural problems themselves were already reported by the strict schema; this lets the value checks
 * run on everything else, so one run reports every mistake.
 */
export function pruneToValid(data: Record<string, unknown>): RawModel | undefined {
  const copy = structuredClone<Record<string, unknown>>(data);
  for (let round = 0; round < 10_000; round++) {
    const r = lenientModelSchema.safeParse(copy);
    if (r.success) return r.data;
    let changed = false;
    for (const issue of r.error.issues)
      changed =
        prune(
          copy,
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
