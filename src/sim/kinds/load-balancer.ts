import type { Branch } from '../decisions.js';
import { fork, inboundAcl, splitService } from './common.js';
import type { KindSemantics } from './registry.js';

/** A load balancer: its subnet's inbound ACL, then the first listener that carries the flow's protocol and port. */
export const loadBalancerSemantics: KindSemantics<'loadBalancer'> = {
  receive(cm, lb, space, facts) {
    return inboundAcl(cm, [], lb.subnet, space, facts, (out, s) => {
      const { pieces, rest } = splitService(cm.listeners(lb), s);
      const spaces = [...(rest ? [rest] : []), ...pieces.map((p) => p.space)];
      return fork(out, spaces, (o, x): Branch[] => {
        const piece = pieces.find((p) => p.space === x);
        const d = {
          type: 'filter',
          filter: 'listener',
          outcome: piece ? 'allow' : 'deny',
          loadBalancer: lb,
          space: x,
          listener: piece?.guard.listener ?? null,
        } as const;
        o.push(d);
        if (!piece) o.push({ type: 'drop', code: 'NO_LISTENER', at: lb.id, cause: d });
        else o.push({ type: 'forward', to: piece.guard.listener, space: x, facts });
        return [o];
      });
    });
  },
};
