import type { SecurityGroupRule } from '../../model/index.js';
import { shadowedGuards } from '../rule-coverage.js';
import type { LintContext, LintRule, RawFinding } from '../types.js';

/**
 * The group lists rules are evaluated in: every instance's list, and each group alone when no instance has it.
 * A rule is reported only when it decides nothing in every list that holds its group.
 */
export function groupLists(ctx: LintContext): (readonly string[])[] {
  const lists = new Map<string, readonly string[]>();
  const attached = new Set<string>();
  for (const i of ctx.model.instances.values()) {
    lists.set(i.securityGroups.join('\u0000'), i.securityGroups);
    for (const g of i.securityGroups) attached.add(g);
  }
  for (const g of ctx.model.securityGroups.keys()) if (!attached.has(g)) lists.set(g, [g]);
  return [...lists.values()];
}

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
    // Per rule: in how many lists it appears, and in how many it is shadowed (with the first shadowing rule seen).
    const seen = new Map<SecurityGroupRule, { lists: number; shadowed: number; by: SecurityGroupRule; byGroup: string; group: string }>();
    const lists = groupLists(ctx);
    for (const direction of ['ingress', 'egress'] as const) {
      for (const list of lists) {
        const guards = ctx.cm.securityGroupGuards(list, direction);
        const dead = new Map(shadowedGuards(guards).map((s) => [s.index, s.by]));
        guards.forEach((g, i) => {
          if (g.origin.kind !== 'security-group') return;
          const rule = g.origin.rule;
          const entry = seen.get(rule) ?? { lists: 0, shadowed: 0, by: rule, byGroup: '', group: g.origin.resource };
          entry.lists++;
          const by = dead.get(i);
          if (by && by.origin.kind === 'security-group') {
            if (entry.shadowed === 0) {
              entry.by = by.origin.rule;
              entry.byGroup = by.origin.resource;
            }
            entry.shadowed++;
          }
          seen.set(rule, entry);
        });
      }
    }
    for (const [rule, e] of seen) {
      if (e.shadowed === 0 || e.shadowed !== e.lists) continue;
      yield {
        messageId: 'shadowed',
        data: {
          direction: rule.direction,
          rule: `rules[${rule.index}]`,
          group: e.group,
          by: `rules[${e.by.index}]`,
          byGroup: e.byGroup,
          byPriority: e.by.priority,
          byAction: e.by.action,
        },
        location: rule.loc,
      };
    }
  },
};
