import type { LintRule, RawFinding } from '../types.js';

/** A network ACL bound to subnets but switched off, or a rule of an ACL switched off: kept, and filtering nothing. */
export const aclSwitchedOff: LintRule<'acl' | 'rule'> = {
  id: 'acl-switched-off',
  severity: 'info',
  description: 'a network ACL bound to subnets but switched off, or an ACL rule switched off: kept in the configuration, and filtering nothing',
  messages: {
    acl: 'network ACL "{{acl}}" is switched off: it stays bound to {{subnets}} and filters nothing',
    rule: 'rule {{rule}} of network ACL "{{acl}}" is switched off: it never matches',
  },
  *check(ctx): Generator<RawFinding> {
    for (const acl of ctx.model.networkAcls.values()) {
      const subnets = [...ctx.model.subnets.values()].filter((s) => s.networkAcl === acl.id).map((s) => s.id);
      if (!acl.enabled && subnets.length) yield { messageId: 'acl', data: { acl: acl.id, subnets: subnets.join(', ') }, location: acl.loc };
      for (const r of [...acl.inbound, ...acl.outbound])
        if (!r.enabled) yield { messageId: 'rule', data: { acl: acl.id, rule: `${r.direction}[${r.index}]` }, location: r.loc };
    }
  },
};
