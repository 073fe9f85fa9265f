import { securityGroupRuleMarks } from '../rule-coverage.js';
import type { LintRule, RawFinding } from '../types.js';

/** A security-group rule that never decides a flow: rules before it (priority, then group order) take all it matches. */
export const sgRuleShadowed: LintRule<'shadowed'> = {
  id: 'sg-rule-shadowed',
  severity: 'warning',
  description: 'a security-group rule that never decides a flow, because rules evaluated before it take everything it matches',
  messages: {
    shadowed: 'rule {{rule}} ({{direction}}) of security group "{{group}}" never decides a flow: {{takers}} {{take}} everything it matches',
  },
  *check(ctx): Generator<RawFinding> {
    // Reported only when the rule decides nothing in every group list that holds its group; named: the first
    // shadowing rule seen.
    for (const { rule, group, by, takers } of securityGroupRuleMarks(ctx).shadowed) {
      if (by.origin.kind !== 'security-group') continue;
      // Every rule that takes a piece of what it matches (a deny may take part, an allow the rest).
      const named = takers.flatMap((t) =>
        t.origin.kind === 'security-group'
          ? [
              `${t.origin.rule.action === 'deny' ? 'deny' : 'allow'} rules[${t.origin.rule.index}] of "${t.origin.resource}" (priority ${t.origin.rule.priority})`,
            ]
          : [],
      );
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
          takers: named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)!}` : named[0]!,
          take: named.length > 1 ? 'take' : 'takes',
        },
        location: rule.loc,
      };
    }
  },
};
