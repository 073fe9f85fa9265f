import { formatRange, rangesOverlap } from '../../net/index.js';
import type { LintRule, RawFinding } from '../types.js';

/**
 * A peering connection between VPCs whose ranges overlap. The engine routes as the cloud does (the local route first):
 * an address in the overlap stays in the client's own VPC, so nothing there crosses the connection; and where the two
 * VPCs' subnets overlap, OTC says the connection is not usable at all.
 */
export const peeringOverlappingCidrs: LintRule<'subnets' | 'ranges'> = {
  id: 'peering-overlapping-cidrs',
  severity: 'warning',
  description: 'a VPC peering connection between VPCs whose address ranges overlap',
  messages: {
    subnets:
      'peering connection "{{peering}}" joins VPCs "{{vpc}}" ({{cidr}}) and "{{peerVpc}}" ({{peerCidr}}), whose subnets "{{subnet}}" and "{{peerSubnet}}" overlap: a peering connection between VPCs with overlapping subnets is not usable',
    ranges:
      'peering connection "{{peering}}" joins VPCs "{{vpc}}" ({{cidr}}) and "{{peerVpc}}" ({{peerCidr}}), whose ranges overlap: addresses in the overlap are routed locally on each side and never cross the connection',
  },
  *check(ctx): Generator<RawFinding> {
    const m = ctx.model;
    for (const p of m.peerings.values()) {
      const a = m.vpcs.get(p.vpc)!;
      const b = m.vpcs.get(p.peerVpc)!;
      if (!rangesOverlap(a.cidr, b.cidr)) continue;
      const data = { peering: p.id, vpc: a.id, cidr: formatRange(a.cidr), peerVpc: b.id, peerCidr: formatRange(b.cidr) };
      let clash: [string, string] | undefined;
      for (const s of a.subnets) {
        const x = m.subnets.get(s)!;
        const y = b.subnets.map((t) => m.subnets.get(t)!).find((t) => rangesOverlap(x.cidr, t.cidr));
        if (y) {
          clash = [x.id, y.id];
          break;
        }
      }
      if (clash) yield { messageId: 'subnets', data: { ...data, subnet: clash[0], peerSubnet: clash[1] }, location: p.loc };
      else yield { messageId: 'ranges', data, location: p.loc };
    }
  },
};
