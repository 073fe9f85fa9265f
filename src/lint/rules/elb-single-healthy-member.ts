import type { LintRule, RawFinding } from '../types.js';
import { memberSplit } from '../../sim/kinds/health.js';

/** A listener behind an endpoint service with fewer than two usable members: one failure takes the service down. */
export const elbSingleHealthyMember: LintRule<'one' | 'none'> = {
  id: 'elb-single-healthy-member',
  severity: 'warning',
  description: 'a listener behind an endpoint service with fewer than two usable (healthy, weight above 0) members',
  messages: {
    one: 'listener "{{listener}}" of load balancer "{{lb}}" (backend of endpoint service "{{service}}") has one usable member, "{{member}}": no redundancy',
    none: 'listener "{{listener}}" of load balancer "{{lb}}" (backend of endpoint service "{{service}}") has no usable member: every connection fails',
  },
  *check(ctx): Generator<RawFinding> {
    for (const service of ctx.model.endpointServices.values()) {
      if (service.backend.kind !== 'elb') continue;
      const lb = ctx.model.loadBalancers.get(service.backend.loadBalancer)!;
      for (const id of lb.listeners) {
        const listener = ctx.model.listeners.get(id)!;
        const { usable } = memberSplit(ctx.cm, listener);
        const data = { listener: listener.id, lb: lb.id, service: service.id };
        if (usable.length === 1) yield { messageId: 'one', data: { ...data, member: usable[0]!.instance }, location: listener.loc };
        else if (usable.length === 0) yield { messageId: 'none', data, location: listener.loc };
      }
    }
  },
};
