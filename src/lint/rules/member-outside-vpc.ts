import { ALL_ICMP_CODES, PICKED_SOURCE_PORTS, protoPortOf } from '../../net/index.js';
import { routesToOtherVpcs } from '../../model/index.js';
import type { Decision } from '../../sim/decisions.js';
import { routeToMember } from '../../sim/kinds/routing.js';
import type { LintRule, RawFinding } from '../types.js';

/**
 * A load-balancer member in another VPC than its load balancer that receives nothing: the load balancer does not
 * forward across VPCs (shared; dedicated without IP as a backend — the same definition the trace's
 * MEMBER_IN_OTHER_VPC reads), or with IP as a backend no route leads there and back through an active peering
 * connection for any address of the load balancer's subnet (the engine's own routing of that leg, routeToMember; a
 * route back for part of the subnet makes the member's traffic partial, not nothing).
 */
export const memberOutsideVpc: LintRule<'unrouted'> = {
  id: 'member-outside-vpc',
  severity: 'error',
  description: 'a load-balancer member in another VPC than its load balancer that receives nothing: no cross-VPC forwarding, or no route there and back',
  messages: {
    unrouted:
      'member "{{member}}" of listener "{{listener}}" is in VPC "{{vpc}}", not in the load balancer\'s VPC "{{lbVpc}}": {{why}}, so the member receives nothing ({{code}})',
  },
  *check(ctx): Generator<RawFinding> {
    for (const l of ctx.model.listeners.values()) {
      const lb = ctx.model.loadBalancers.get(l.loadBalancer)!;
      for (const m of l.members) {
        const inst = ctx.model.instances.get(m.instance)!;
        if (inst.vpc === lb.vpc) continue;
        const data = { member: m.instance, listener: l.id, vpc: inst.vpc, lbVpc: lb.vpc };
        if (!routesToOtherVpcs(lb)) {
          yield {
            messageId: 'unrouted',
            data: {
              ...data,
              code: 'MEMBER_IN_OTHER_VPC',
              why:
                lb.lbKind === 'shared'
                  ? 'a shared load balancer forwards only to members in its own VPC'
                  : 'a dedicated load balancer forwards to other VPCs only with IP as a backend, which is off',
            },
            location: m.loc,
          };
          continue;
        }
        const subnet = ctx.model.subnets.get(lb.subnet)!;
        const space = {
          protoPort: [{ lo: protoPortOf('tcp', m.port), hi: protoPortOf('tcp', m.port) }],
          src: [{ lo: subnet.cidr.lo, hi: subnet.cidr.hi }],
          dst: [{ lo: inst.ip, hi: inst.ip }],
          srcPort: PICKED_SOURCE_PORTS,
          icmpCode: ALL_ICMP_CODES,
        };
        // The leg as the listener walks it (its forward to the member, or a drop on the way).
        const branches = routeToMember(ctx.cm, lb, inst, [], space, (o, x) => [
          [...o, { type: 'forward', to: inst, space: x, facts: { sameSubnet: false, passThrough: false, sources: 'any' } }],
        ]);
        if (branches.some((b) => b[b.length - 1]!.type === 'forward')) continue;
        const drop = branches[0]![branches[0]!.length - 1] as Extract<Decision, { type: 'drop' }>;
        yield { messageId: 'unrouted', data: { ...data, code: drop.code, why: WHY[drop.code] ?? 'the route there fails' }, location: m.loc };
      }
    }
  },
};

/** Why IP as a backend does not reach the member, by the code the leg stopped with. */
const WHY: Readonly<Record<string, string>> = {
  NO_ROUTE: "with IP as a backend it forwards along routes, and no route of its subnet leads there through a peering connection to the member's VPC",
  NO_RETURN_ROUTE:
    "with IP as a backend it forwards along routes, and the member's subnet does not route the load balancer's subnet back through the peering connection",
  PEERING_NOT_ACTIVE: 'with IP as a backend it forwards along routes, and the route there leads into a peering connection that is not active',
  ROUTE_LEAVES_MODEL:
    'with IP as a backend it forwards along routes, and the route there leads to a next hop outside the model (whether it arrives is unknown)',
};
