import type { LintRule, RawFinding } from '../types.js';

/** A network ACL associated with no subnet. */
export const aclUnused: LintRule<'unused'> = {
  id: 'acl-unused',
  severity: 'info',
  description: 'a network ACL associated with no subnet',
  messages: { unused: 'network ACL "{{acl}}" is associated with no subnet: its rules filter nothing' },
  *check(ctx): Generator<RawFinding> {
    const used = new Set<string>();
    for (const s of ctx.model.subnets.values()) if (s.networkAcl !== null) used.add(s.networkAcl);
    for (const a of ctx.model.networkAcls.values()) if (!used.has(a.id)) yield { messageId: 'unused', data: { acl: a.id }, location: a.loc };
  },
};
