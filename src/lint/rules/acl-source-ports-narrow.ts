import { ALL_SOURCE_PORTS, PICKED_SOURCE_PORTS, axisUnion, formatPorts, formatRange, withAxis } from '../../net/index.js';
import { firstMatch, pickedSplit } from '../../sim/guards.js';
import type { LintRule, RawFinding } from '../types.js';

const PICKED = formatPorts(PICKED_SOURCE_PORTS);

/**
 * A network ACL rule on source ports whose flows pass from some of the ports a sender picks and are refused from the
 * others, as the ACL's first match decides them.
 */
export const aclSourcePortsNarrow: LintRule<'narrow'> = {
  id: 'acl-source-ports-narrow',
  severity: 'warning',
  description: `a network ACL rule on source ports that splits the ports a sender picks (${PICKED}): its flows work or fail by the port the client, VPCEP, a load balancer or a NAT gateway picks`,
  messages: {
    narrow: `rule {{rule}} of network ACL "{{acl}}" names source ports {{sourcePorts}}, but senders pick any of ${PICKED}: {{protocol}} {{ports}} from {{source}} to {{destination}} is refused from source ports {{refused}} and passes from the others, so connections fail at random`,
  },
  *check(ctx): Generator<RawFinding> {
    for (const acl of ctx.model.networkAcls.values()) {
      if (!acl.enabled) continue;
      for (const direction of ['inbound', 'outbound'] as const) {
        const guards = ctx.cm.networkAclGuards(acl.id, direction);
        for (const g of guards) {
          if (g.origin.kind !== 'network-acl' || g.match.srcPort === ALL_SOURCE_PORTS) continue;
          // The rule's flows from every port a sender may pick, decided by the whole ACL.
          const space = withAxis(g.match, 'srcPort', PICKED_SOURCE_PORTS);
          const ev = firstMatch(guards, space);
          if (pickedSplit(ev, space) !== 'srcPort') continue;
          const rule = g.origin.rule;
          // The ports from which some of its flows are refused: a deny rule's, or no rule's (the default).
          const refused = axisUnion([...ev.decided.filter((p) => p.guard.action === 'deny').flatMap((p) => p.spaces), ...ev.unmatched], 'srcPort');
          yield {
            messageId: 'narrow',
            data: {
              rule: `${direction}[${rule.index}]`,
              acl: acl.id,
              sourcePorts: formatPorts(rule.sourcePorts),
              protocol: rule.protocol,
              ports: formatPorts(rule.ports),
              source: formatRange(rule.source),
              destination: formatRange(rule.destination),
              refused: formatPorts(refused, ', '),
            },
            location: rule.loc,
          };
        }
      }
    }
  },
};
