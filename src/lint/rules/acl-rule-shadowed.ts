import { shadowedGuards } from '../rule-coverage.js';
import type { LintRule, RawFinding } from '../types.js';

/** A network ACL rule that never decides a flow: rules before it (or the provider's preset allow) take all it matches. */
export const aclRuleShadowed: LintRule<'shadowed' | 'preset'> = {
  id: 'acl-rule-shadowed',
  severity: 'warning',
  description: "a network ACL rule that never decides a flow, because earlier rules (or the provider's preset allow) take everything it matches",
  messages: {
    shadowed: 'rule {{rule}} of network ACL "{{acl}}" never decides a flow: {{by}} (priority {{byPriority}}, {{byAction}}) takes everything it matches',
    preset: 'rule {{rule}} of network ACL "{{acl}}" never decides a flow: the provider\'s preset allow takes everything it matches',
  },
  *check(ctx): Generator<RawFinding> {
    for (const acl of ctx.model.networkAcls.values()) {
      for (const direction of ['inbound', 'outbound'] as const) {
        const guards = ctx.cm.networkAclGuards(acl.id, direction);
        for (const { index, by } of shadowedGuards(guards)) {
          const g = guards[index]!;
          if (g.origin.kind !== 'network-acl') continue;
          const data = { rule: `${direction}[${g.origin.rule.index}]`, acl: acl.id };
          if (by.origin.kind === 'network-acl')
            yield {
              messageId: 'shadowed',
              data: { ...data, by: `${direction}[${by.origin.rule.index}]`, byPriority: by.origin.rule.priority, byAction: by.origin.rule.action },
              location: g.origin.rule.loc,
            };
          else yield { messageId: 'preset', data, location: g.origin.rule.loc };
        }
      }
    }
  },
};
