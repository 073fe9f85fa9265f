import { securityGroupRuleMarks } from '../rule-coverage.js';
import type { LintRule, RawFinding } from '../types.js';

/** A security-group rule that never decides a flow: rules before it (priority, then group order) take all it matches. */
export const sgRuleShadowed: LintRule<'shadowed'> = {
  id: 'sg-rule-shadowed',
  severity: 'warning',
  description: 'a security-group rule that never decides a flow, because rules evaluated before it take everything it matches',
  messages: {
    shadowed:
      'rule {{rule}} ({{direction}}) of security group "{{group}}" never decides a flow: {{by}} of "{{byGroup}}" (priority {{byPriority}}, {{byAction}}) takes everything it matches',
  },
  *check(ctx): Generator<RawFinding> {
    // Reported only when the rule decides nothing in every group list that holds its group; named: the first
    // shadowing rule seen.
    for (const { rule, group, by } of securityGroupRuleMarks(ctx).shadowed) {
      if (by.origin.kind !== 'security-group') continue;
      yield {
        messageId: 'shadowed',
        data: {
          direction: rule.direction,
          rule: `rules[${rule.index}]`,
          group,
          by: `rules[${by.origin.rule.index}]`,
          byGroup: by.origin.resource,
          byPriority: by.origin.rule.priority,
          byAction: by.origin.rule.action,
        },
        location: rule.loc,
      };
    }
  },
};
