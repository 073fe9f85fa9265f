import type { LintRule, RawFinding } from '../types.js';

/** A security group attached to no instance. */
export const sgUnused: LintRule<'unused'> = {
  id: 'sg-unused',
  severity: 'info',
  description: 'a security group attached to no instance',
  messages: { unused: 'security group "{{group}}" is attached to no instance{{referenced}}' },
  *check(ctx): Generator<RawFinding> {
    const attached = new Set<string>();
    for (const i of ctx.model.instances.values()) for (const g of i.securityGroups) attached.add(g);
    const named = new Set<string>();
    for (const g of ctx.model.securityGroups.values()) for (const r of g.rules) if (r.remote.kind === 'group') named.add(r.remote.group);
    for (const g of ctx.model.securityGroups.values()) {
      if (attached.has(g.id)) continue;
      yield {
        messageId: 'unused',
        data: { group: g.id, referenced: named.has(g.id) ? ' (rules that name it as a peer match no address)' : '' },
        location: g.loc,
      };
    }
  },
};
