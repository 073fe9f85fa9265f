import { definedIcmpCodes, formatPorts, intervals } from '../../net/index.js';
import type { LintRule, RawFinding } from '../types.js';

/**
 * A security-group rule on an ICMP code its type does not define (IANA's registry): no sender sends that message, so
 * the rule matches nothing (an echo rule written 8/8, where an echo request's code is 0).
 */
export const sgIcmpCodeUndefined: LintRule<'undefined'> = {
  id: 'sg-icmp-code-undefined',
  severity: 'warning',
  description: 'a security-group rule on an ICMP code that its type does not define: no message carries it, so the rule matches nothing',
  messages: {
    undefined:
      'rule {{rule}} of security group "{{group}}" names ICMP type {{type}} code {{code}}, but type {{type}} defines {{defined}}: no message carries that code, so the rule {{does}} nothing',
  },
  *check(ctx): Generator<RawFinding> {
    for (const group of ctx.model.securityGroups.values()) {
      for (const rule of group.rules) {
        if (rule.icmpCode === null || rule.ports === null) continue;
        const type = rule.ports[0]!.lo;
        const defined = definedIcmpCodes(type);
        if (intervals.has(defined, rule.icmpCode)) continue;
        yield {
          messageId: 'undefined',
          data: {
            rule: `rules[${rule.index}]`,
            group: group.id,
            type: String(type),
            code: String(rule.icmpCode),
            defined: defined.length === 1 && defined[0]!.lo === defined[0]!.hi ? `code ${defined[0]!.lo} only` : `codes ${formatPorts(defined)}`,
            does: rule.action === 'allow' ? 'admits' : 'refuses',
          },
          location: rule.loc,
        };
      }
    }
  },
};
