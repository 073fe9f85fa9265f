import { PICKED_SOURCE_PORTS, intervals, protocolOfProtoPort, protoPortOf, withAxis, type FlowSpace, type IntervalSet } from '../../net/index.js';
import {
  LAYER4_LISTENER_PROTOCOLS,
  listenerTransport,
  SHARED_ELB_SOURCE_RANGE,
  memberSource,
  routesToOtherVpcs,
  type Listener,
  type Instance,
  type LoadBalancer,
  type Member,
} from '../../model/index.js';
import type { Branch, Decision } from '../decisions.js';
import { pushAll } from '../../model/index.js';
import { ruleFilter, subnetAcl, type RuleFilterSpec } from './common.js';
import type { KindSemantics } from './registry.js';
import { routeToMember } from './routing.js';
import { memberSplit } from './health.js';

/** The protocol-port values a listener's full NAT turns one into another: its port becomes each member's port. */
export function listenerTranslations(listener: Listener): { from: number; to: number }[] {
  const protocol = listenerTransport(listener);
  return listener.members.map((m) => ({ from: protoPortOf(protocol, listener.port), to: protoPortOf(protocol, m.port) }));
}

const SHARED_SOURCES: IntervalSet = Object.freeze([{ lo: SHARED_ELB_SOURCE_RANGE.lo, hi: SHARED_ELB_SOURCE_RANGE.hi }]);

/**
 * A listener: its access control, then full NAT to every usable member (healthy, weight above 0), one branch per
 * member. The source towards each member is the shared range, the client's own (filtered or not) or the load
 * balancer's subnet, as memberSource (provider.ts) says for the load balancer, the listener's Transfer Client IP and
 * the member's type.
 */
export const listenerSemantics: KindSemantics<'listener'> = {
  receive(cm, listener, space, facts) {
    const lb = cm.resource(listener.loadBalancer) as LoadBalancer;
    const toMembers = (out: Decision[], s: FlowSpace): Branch[] => {
      const split = memberSplit(cm, listener);
      const { usable, skipped } = split;
      const health = {
        type: 'filter',
        filter: 'member-health',
        outcome: usable.length ? 'allow' : 'deny',
        listener,
        usable,
        skipped,
        health: split.health,
      } as const;
      out.push(health);
      if (usable.length === 0) {
        out.push({ type: 'drop', code: 'NO_HEALTHY_MEMBER', at: listener.id, cause: health });
        return [out];
      }
      const subnet = cm.subnet(lb.subnet);
      // The load balancer's subnet ACL does not filter its leg to members either; the member subnet's inbound one may.
      const lbAcl = subnetAcl(cm, lb.subnet);
      const protocols = [...new Set(s.protoPort.map((r) => protocolOfProtoPort(r.lo)))];
      const branches: Branch[] = [];
      usable.forEach((member: Member, i) => {
        const inst = cm.resource(member.instance) as Instance;
        const protoPort = intervals.fromRanges(protocols.map((p) => ({ lo: protoPortOf(p, member.port), hi: protoPortOf(p, member.port) })));
        const branch = i === usable.length - 1 ? out : [...out];
        // Where this member's traffic comes from, and whether its filters apply (provider.ts memberSource).
        const source = memberSource(lb, listener, member);
        const keeps = source === 'pass-through' || source === 'client';
        const src = source === 'shared-range' ? SHARED_SOURCES : keeps ? s.src : [{ lo: subnet.cidr.lo, hi: subnet.cidr.hi }];
        branch.push({ type: 'assume', assumption: 'load-balancer-source', loadBalancer: lb, listener, source });
        if (lbAcl !== null) branch.push({ type: 'assume', assumption: 'load-balancer-subnet-acl', loadBalancer: lb, acl: lbAcl, leg: 'to-members' });
        // Members in another VPC: a shared load balancer never routes there; a dedicated one only with IP as a backend.
        if (inst.vpc !== lb.vpc) {
          if (!routesToOtherVpcs(lb)) {
            branch.push({
              type: 'drop',
              code: 'MEMBER_IN_OTHER_VPC',
              at: listener.id,
              cause: { kind: 'member-vpc', loadBalancer: lb, listener, member, memberVpc: inst.vpc },
            });
            branches.push(branch);
            return;
          }
        }
        // Switch positions said where they matter: a shared layer-4 listener's member reaching its own load balancer with
        // Transfer Client IP off (sources conflict on whether it can), and a member not listening on its port that no
        // health check decides (healthy as the model says, though a health check on that port would mark it unhealthy).
        if (source === 'shared-range' && LAYER4_LISTENER_PROTOCOLS.has(listener.protocol) && intervals.has(s.src, inst.ip))
          branch.push({ type: 'assume', assumption: 'shared-own-member', listener, member });
        const listens = cm.listens(inst);
        if (
          split.health.get(member)!.by !== 'check' &&
          listens !== null &&
          listener.protocol !== 'udp' &&
          !intervals.has(listens, protoPortOf('tcp', member.port))
        )
          branch.push({ type: 'assume', assumption: 'member-not-listening', listener, member });
        // The client's own address passed through to the client itself: the member replies to itself directly, and
        // the connection through the load balancer never completes (OTC, transfer client IP address, dedicated; the
        // API reference, shared). Of a set of clients' flows, only the member's own is; of any address of a range,
        // the whole flow may be.
        const own: IntervalSet = !keeps
          ? intervals.EMPTY
          : facts.sources === 'any'
            ? intervals.has(s.src, inst.ip)
              ? s.src
              : intervals.EMPTY
            : intervals.intersect(s.src, [{ lo: inst.ip, hi: inst.ip }]);
        const others = own.length === 0 ? s.src : intervals.subtract(s.src, own);
        const parts = [...(own.length ? [{ hairpin: true, src: own }] : []), ...(others.length ? [{ hairpin: false, src: others }] : [])];
        parts.forEach((part, j) => {
          const b = j === parts.length - 1 ? branch : [...branch];
          const before = parts.length === 1 ? s : withAxis(s, 'src', part.src);
          // The load balancer picks the source port with the address, unless it passes the client's through.
          const after: FlowSpace = {
            protoPort,
            src: keeps ? before.src : src,
            dst: [{ lo: inst.ip, hi: inst.ip }],
            srcPort: keeps ? before.srcPort : PICKED_SOURCE_PORTS,
            icmpCode: before.icmpCode,
          };
          b.push({ type: 'transform', transform: 'elb-fullnat', listener, member, before, after });
          if (part.hairpin) {
            b.push({ type: 'drop', code: 'ELB_HAIRPIN', at: listener.id, cause: { kind: 'hairpin', listener, member } });
            branches.push(b);
            return;
          }
          const forward = (o: Decision[], x: FlowSpace): Branch[] => {
            o.push({
              type: 'forward',
              to: inst,
              space: x,
              facts: {
                sameSubnet: source === 'own-subnet' && lb.subnet === inst.subnet,
                passThrough: source === 'pass-through',
                sources: keeps ? facts.sources : 'any',
              },
            });
            return [o];
          };
          // IP as a backend reaches a member in another VPC along routes only (routing.ts).
          pushAll(branches, inst.vpc !== lb.vpc ? routeToMember(cm, lb, inst, b, after, forward) : forward(b, after));
        });
      });
      return branches;
    };
    if (listener.accessControl.mode === 'all') {
      // Access control switched off with a list kept (mode "all" with CIDRs): said, as the switch's position.
      const out: Decision[] = listener.accessControl.cidrs.length ? [{ type: 'assume', assumption: 'access-control-off', listener }] : [];
      return toMembers(out, space);
    }
    const spec: RuleFilterSpec = {
      filter: 'listener-access-control',
      listener,
      resource: listener.id,
      deny: 'ELB_ACCESS_CONTROL_DENIED',
      partial: 'ELB_ACCESS_CONTROL_PARTIAL',
      onPartial: 'narrow',
    };
    return ruleFilter([], spec, cm.accessControlGuards(listener), space, facts.sources, toMembers);
  },
};
