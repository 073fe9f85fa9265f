import type { SecurityGroupRule } from '../../model/index.js';
import { redundantGuards } from '../rule-coverage.js';
import type { LintRule, RawFinding } from '../types.js';
import { groupLists } from './sg-rule-shadowed.js';

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
    const seen = new Map<SecurityGroupRule, { lists: number; redundant: number; group: string }>();
    for (const direction of ['ingress', 'egress'] as const) {
      for (const list of groupLists(ctx)) {
        const guards = ctx.cm.securityGroupGuards(list, direction);
        const redundant = new Set(redundantGuards(guards));
        guards.forEach((g, i) => {
          if (g.origin.kind !== 'security-group') return;
          const e = seen.get(g.origin.rule) ?? { lists: 0, redundant: 0, group: g.origin.resource };
          e.lists++;
          if (redundant.has(i)) e.redundant++;
          seen.set(g.origin.rule, e);
        });
      }
    }
    for (const [rule, e] of seen) {
      if (e.redundant === 0 || e.redundant !== e.lists) continue;
      yield {
        messageId: 'redundant',
        data: {
          direction: rule.direction,
          rule: `rules[${rule.index}]`,
          group: e.group,
          action: rule.action,
          after: rule.action === 'allow' ? 'allow' : 'deny (or leave to the default deny)',
        },
        location: rule.loc,
      };
    }
  },
};
