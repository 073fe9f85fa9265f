import { PROTO_PORT_ICMP, intervals, withAxis, type FlowSpace } from '../../net/index.js';
import type { Branch, Decision } from '../decisions.js';
import { fork, splitProtoPort, subnetAcl } from './common.js';
import type { KindSemantics } from './registry.js';

/**
 * A load balancer: the first listener that carries the flow's protocol and port. Its own address is not restricted
 * by the network ACL of its subnet (Huawei ELB guides, creating shared and dedicated load balancers; OTC "creating
 * a dedicated load balancer": "Firewall rules configured for the backend subnet of the load balancer will not
 * restrict the traffic from the clients to the load balancer"); listener access control is the filter in front of it.
 * ICMP is no listener's: the load balancer answers it itself (assumed, and said: OTC ELB, access control "does not
 * restrict ping").
 */
export const loadBalancerSemantics: KindSemantics<'loadBalancer'> = {
  receive(cm, lb, space, facts) {
    const out: Decision[] = [];
    const acl = subnetAcl(cm, lb.subnet);
    if (acl !== null) out.push({ type: 'assume', assumption: 'load-balancer-subnet-acl', loadBalancer: lb, acl, leg: 'to-load-balancer' });
    const icmp = intervals.intersect(space.protoPort, PROTO_PORT_ICMP);
    const carried = intervals.subtract(space.protoPort, PROTO_PORT_ICMP);
    const answered: FlowSpace | null = icmp.length ? (carried.length ? withAxis(space, 'protoPort', icmp) : space) : null;
    const { pieces, rest } = carried.length
      ? splitProtoPort(cm.listeners(lb), answered ? withAxis(space, 'protoPort', carried) : space)
      : { pieces: [], rest: null };
    const spaces = [...(answered ? [answered] : []), ...(rest ? [rest] : []), ...pieces.map((p) => p.space)];
    return fork(out, spaces, (o, x): Branch[] => {
      if (x === answered) {
        o.push({ type: 'assume', assumption: 'load-balancer-answers-icmp', loadBalancer: lb });
        o.push({ type: 'deliver', at: lb, space: x });
        return [o];
      }
      const piece = pieces.find((p) => p.space === x);
      const d = {
        type: 'filter',
        filter: 'listener',
        outcome: piece ? 'allow' : 'deny',
        loadBalancer: lb,
        space: x,
        listener: piece?.guard.listener ?? null,
        via: facts.via ?? null,
      } as const;
      o.push(d);
      if (!piece) o.push({ type: 'drop', code: 'NO_LISTENER', at: lb.id, cause: d });
      else o.push({ type: 'forward', to: piece.guard.listener, space: x, facts });
      return [o];
    });
  },
};
