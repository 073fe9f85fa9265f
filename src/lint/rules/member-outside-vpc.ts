import type { LintRule, RawFinding } from '../types.js';

/** A load-balancer member in another VPC than its load balancer. */
export const memberOutsideVpc: LintRule<'outside'> = {
  id: 'member-outside-vpc',
  severity: 'warning',
  description: 'a load-balancer member in another VPC than its load balancer (cross-VPC backends are not simulated faithfully)',
  messages: {
    outside:
      'member "{{member}}" of listener "{{listener}}" is in VPC "{{vpc}}", not in the load balancer\'s VPC "{{lbVpc}}": cross-VPC backends need IP as a backend and routing that vpcreach does not model',
  },
  *check(ctx): Generator<RawFinding> {
    for (const l of ctx.model.listeners.values()) {
      const lb = ctx.model.loadBalancers.get(l.loadBalancer)!;
      for (const m of l.members) {
        const inst = ctx.model.instances.get(m.instance)!;
        if (inst.vpc !== lb.vpc) yield { messageId: 'outside', data: { member: m.instance, listener: l.id, vpc: inst.vpc, lbVpc: lb.vpc }, location: m.loc };
      }
    }
  },
};
