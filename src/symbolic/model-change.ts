/**
 * The steps of change the incremental recheck takes, in the model file's terms, and how each edits model data.
 */

/** A rule as written in a model file's `securityGroups[].rules` (see docs/model-format.md). */
type RuleDoc = Record<string, unknown>;

/** One step of change, in the model file's terms. */
export type ModelChange =
  | { readonly kind: 'add-rule'; readonly group: string; readonly rule: RuleDoc }
  | { readonly kind: 'remove-rule'; readonly group: string; readonly index: number }
  | { readonly kind: 'modify-rule'; readonly group: string; readonly index: number; readonly rule: RuleDoc }
  | { readonly kind: 'attach-group'; readonly instance: string; readonly group: string }
  | { readonly kind: 'detach-group'; readonly instance: string; readonly group: string }
  | { readonly kind: 'endpoint-status'; readonly endpoint: string; readonly status: string }
  | { readonly kind: 'add-member'; readonly listener: string; readonly member: Record<string, unknown> };

type Doc = { [key: string]: unknown };
type Item = { id?: unknown; [key: string]: unknown };

/** A top-level list of model data (empty when absent). */
export function list(doc: Doc, section: string): Item[] {
  const v = doc[section];
  return Array.isArray(v) ? (v as Item[]) : [];
}

function byId(doc: Doc, section: string, id: string): Item | undefined {
  return list(doc, section).find((x) => x !== null && typeof x === 'object' && x.id === id);
}

/** Applies a change to model data in place; a message when the change names something the data does not have. */
export function edit(doc: Doc, c: ModelChange): string | null {
  switch (c.kind) {
    case 'add-rule':
    case 'remove-rule':
    case 'modify-rule': {
      const g = byId(doc, 'securityGroups', c.group);
      if (!g) return `no security group "${c.group}"`;
      if (c.kind !== 'remove-rule' && (c.rule === null || typeof c.rule !== 'object' || Array.isArray(c.rule)))
        return `${c.kind} needs a rule: a mapping of a model file's rule fields (direction, protocol, ports, …; see docs/model-format.md)`;
      const rules = Array.isArray(g.rules) ? (g.rules as unknown[]) : (g.rules = []);
      if (c.kind === 'add-rule') rules.push(structuredClone(c.rule));
      else if (!Number.isInteger(c.index) || c.index < 0 || c.index >= rules.length) return `security group "${c.group}" has no rule ${c.index}`;
      else if (c.kind === 'remove-rule') rules.splice(c.index, 1);
      else rules[c.index] = structuredClone(c.rule);
      return null;
    }
    case 'attach-group':
    case 'detach-group': {
      const i = byId(doc, 'instances', c.instance);
      if (!i) return `no instance "${c.instance}"`;
      const groups = Array.isArray(i.securityGroups) ? (i.securityGroups as unknown[]) : [];
      if (c.kind === 'attach-group') {
        if (groups.includes(c.group)) return `instance "${c.instance}" already has group "${c.group}"`;
        i.securityGroups = [...groups, c.group];
      } else {
        if (!groups.includes(c.group)) return `instance "${c.instance}" does not have group "${c.group}"`;
        i.securityGroups = groups.filter((g) => g !== c.group);
      }
      return null;
    }
    case 'endpoint-status': {
      const e = byId(doc, 'endpoints', c.endpoint);
      if (!e) return `no endpoint "${c.endpoint}"`;
      e.status = c.status;
      return null;
    }
    case 'add-member': {
      for (const lb of list(doc, 'loadBalancers')) {
        const listeners = Array.isArray(lb.listeners) ? (lb.listeners as Item[]) : [];
        const l = listeners.find((x) => x.id === c.listener);
        if (!l) continue;
        const members = Array.isArray(l.members) ? (l.members as unknown[]) : (l.members = []);
        members.push(structuredClone(c.member));
        return null;
      }
      return `no listener "${c.listener}"`;
    }
    default: {
      const never: never = c;
      return `unknown change ${JSON.stringify(never)}`;
    }
  }
}
