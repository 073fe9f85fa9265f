import { formatRange } from '../../net/index.js';
import type { Subnet } from '../../model/index.js';
import { routeRegions } from '../../sim/kinds/routing.js';
import { portClassesBySets } from '../../symbolic/set-ports.js';
import type { LintContext, LintRule, RawFinding } from '../types.js';

/**
 * A route into an active peering connection whose far side does not route the replies back: for a subnet that uses
 * the route and a subnet of the peer VPC the route leads to, the peer subnet's routes (the engine's own routing,
 * routeRegions) do not send all of the first subnet's addresses back through the same connection. Connections from
 * there never complete (the trace's NO_RETURN_ROUTE).
 */
export const peeringRouteWithoutReturn: LintRule<'noReturn'> = {
  id: 'peering-route-without-return',
  severity: 'warning',
  description: 'a route into a peering connection whose peer VPC does not route the replies back through it',
  messages: {
    noReturn:
      'route {{destination}} of route table "{{table}}" leads through peering connection "{{peering}}" to subnet "{{peerSubnet}}" of VPC "{{peerVpc}}", whose routes do not send replies to subnet "{{subnet}}" ({{cidr}}) back through it: connections from there never complete (NO_RETURN_ROUTE){{more}}',
  },
  *check(ctx): Generator<RawFinding> {
    const m = ctx.model;
    for (const t of m.routeTables.values())
      for (const r of t.routes) {
        if (r.type !== 'peering') continue;
        const p = m.peerings.get(r.nextHop)!;
        if (p.status !== 'active') continue;
        const peerVpc = p.vpc === t.vpc ? p.peerVpc : p.vpc;
        const users = [...m.subnets.values()].filter((s) => s.routeTable === t.id);
        const reached = [...m.subnets.values()].filter((s) => s.vpc === peerVpc && s.cidr.lo <= r.destination.hi && r.destination.lo <= s.cidr.hi);
        const missing: [Subnet, Subnet][] = [];
        for (const s of users)
          for (const far of reached) {
            // Only where this route is the one the subnet's routing picks for the far subnet.
            const out = routeRegions(ctx.cm, s.id, [{ lo: far.cidr.lo, hi: far.cidr.hi }]);
            if (!out.some((x) => x.choice.kind === 'route' && x.choice.route === r)) continue;
            const back = routeRegions(ctx.cm, far.id, [{ lo: s.cidr.lo, hi: s.cidr.hi }]);
            if (back.every((x) => x.choice.kind === 'route' && x.choice.route.type === 'peering' && x.choice.route.nextHop === p.id)) continue;
            missing.push([s, far]);
          }
        if (!missing.length) continue;
        const [s, far] = missing[0]!;
        const witness = witnessOf(ctx, s, far);
        yield {
          messageId: 'noReturn',
          data: {
            destination: formatRange(r.destination),
            table: t.id,
            peering: p.id,
            peerSubnet: far.id,
            peerVpc,
            subnet: s.id,
            cidr: formatRange(s.cidr),
            more: missing.length > 1 ? ` (and ${missing.length - 1} more pair${missing.length > 2 ? 's' : ''} of subnets)` : '',
          },
          location: r.loc,
          ...(witness ? { witness } : {}),
        };
      }
  },
};

/** A trace that ends with NO_RETURN_ROUTE: an instance of the subnet to one of the far subnet, on a port where it does. */
function witnessOf(ctx: LintContext, s: Subnet, far: Subnet): string | undefined {
  const from = [...ctx.model.instances.values()].find((i) => i.subnet === s.id);
  const to = [...ctx.model.instances.values()].find((i) => i.subnet === far.id);
  if (!from || !to) return undefined;
  const classes = portClassesBySets(ctx.simulator(), from.id, to.id);
  const c = classes.ok ? classes.value.find((x) => x.code === 'NO_RETURN_ROUTE') : undefined;
  return c
    ? `vpcreach trace ${ctx.model.file} --from ${from.id} --to ${to.id} --port ${c.witness}${c.protocol === 'tcp' ? '' : ` --protocol ${c.protocol}`}`
    : undefined;
}
