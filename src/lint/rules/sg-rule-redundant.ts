import { securityGroupRuleMarks } from '../rule-coverage.js';
import type { LintRule, RawFinding } from '../types.js';

/** A security-group rule whose removal changes no flow's outcome (it decides flows the later rules decide alike). */
export const sgRuleRedundant: LintRule<'redundant'> = {
  id: 'sg-rule-redundant',
  severity: 'info',
  description: "a security-group rule whose removal changes no flow's outcome: the rules after it (or the default deny) decide its flows alike",
  messages: {
    redundant:
      'rule {{rule}} ({{direction}}) of security group "{{group}}" ({{action}}) can be removed: without it, the rules after it {{after}} the same flows',
  },
  *check(ctx): Generator<RawFinding> {
    // Reported only when removing the rule changes nothing in every group list that holds its group.
    for (const { rule, group } of securityGroupRuleMarks(ctx).redundant) {
      yield {
        messageId: 'redundant',
        data: {
          direction: rule.direction,
          rule: `rules[${rule.index}]`,
          group,
          action: rule.action,
          after: rule.action === 'allow' ? 'allow' : 'deny (or leave to the default deny)',
        },
        location: rule.loc,
      };
    }
  },
};
