/**
 * Appends every item of `items` to `target`. Unlike `target.push(...items)`, it does not pass the items as call
 * arguments, so it works for lists of any length (a spread of ~120,000 items exceeds the call stack).
 */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
