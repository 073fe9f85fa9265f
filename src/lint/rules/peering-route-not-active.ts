import { formatRange } from '../../net/index.js';
import type { LintRule, RawFinding } from '../types.js';

/** A route into a peering connection that is not active: it carries nothing (the trace's PEERING_NOT_ACTIVE). */
export const peeringRouteNotActive: LintRule<'notActive' | 'assumedPending'> = {
  id: 'peering-route-not-active',
  severity: 'warning',
  description: 'a route into a VPC peering connection that is not active: it carries nothing',
  messages: {
    notActive:
      'route {{destination}} of route table "{{table}}" leads into peering connection "{{peering}}", which is {{status}}: it carries nothing (PEERING_NOT_ACTIVE)',
    assumedPending:
      'route {{destination}} of route table "{{table}}" leads into peering connection "{{peering}}" between two accounts\' VPCs, which has no status in the model and is taken as pending acceptance: it carries nothing until the peer account accepts it (PEERING_NOT_ACTIVE)',
  },
  *check(ctx): Generator<RawFinding> {
    for (const t of ctx.model.routeTables.values())
      for (const r of t.routes) {
        if (r.type !== 'peering') continue;
        const p = ctx.model.peerings.get(r.nextHop)!;
        if (p.status === 'active') continue;
        yield {
          messageId: p.statusDefaulted ? 'assumedPending' : 'notActive',
          data: { destination: formatRange(r.destination), table: t.id, peering: p.id, status: p.status },
          location: r.loc,
        };
      }
  },
};
