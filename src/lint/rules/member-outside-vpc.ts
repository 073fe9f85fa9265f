import { routesToOtherVpcs } from '../../model/index.js';
import type { LintRule, RawFinding } from '../types.js';

/**
 * A load-balancer member in another VPC than its load balancer: it receives nothing unless the load balancer routes
 * across VPCs (dedicated, IP as a backend; the same definition the trace's MEMBER_IN_OTHER_VPC reads).
 */
export const memberOutsideVpc: LintRule<'unrouted' | 'routed'> = {
  id: 'member-outside-vpc',
  severity: 'warning',
  description:
    'a load-balancer member in another VPC than its load balancer: it receives nothing, or (IP as a backend) depends on routes vpcreach does not model',
  messages: {
    unrouted:
      'member "{{member}}" of listener "{{listener}}" is in VPC "{{vpc}}", not in the load balancer\'s VPC "{{lbVpc}}": {{why}}, so the member receives nothing (MEMBER_IN_OTHER_VPC)',
    routed:
      'member "{{member}}" of listener "{{listener}}" is in VPC "{{vpc}}", not in the load balancer\'s VPC "{{lbVpc}}": IP as a backend forwards to it along routes, which vpcreach does not model (traces assume a route)',
  },
  *check(ctx): Generator<RawFinding> {
    for (const l of ctx.model.listeners.values()) {
      const lb = ctx.model.loadBalancers.get(l.loadBalancer)!;
      for (const m of l.members) {
        const inst = ctx.model.instances.get(m.instance)!;
        if (inst.vpc === lb.vpc) continue;
        const data = { member: m.instance, listener: l.id, vpc: inst.vpc, lbVpc: lb.vpc };
        if (routesToOtherVpcs(lb)) yield { messageId: 'routed', data, location: m.loc };
        else
          yield {
            messageId: 'unrouted',
            severity: 'error',
            data: {
              ...data,
              why:
                lb.lbKind === 'shared'
                  ? 'a shared load balancer forwards only to members in its own VPC'
                  : 'a dedicated load balancer forwards to other VPCs only with IP as a backend, which is off',
            },
            location: m.loc,
          };
      }
    }
  },
};
