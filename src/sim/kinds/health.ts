import { ALL_ICMP_CODES, PICKED_SOURCE_PORTS, protoPortOf, type FlowSpace } from '../../net/index.js';
import {
  SHARED_ELB_SOURCE_RANGE,
  listenerTransport,
  type HealthCheck,
  type Instance,
  type Listener,
  type LoadBalancer,
  type Member,
} from '../../model/index.js';
import type { CompiledModel } from '../compile.js';
import type { Branch, MemberHealth } from '../decisions.js';
import { instanceSemantics } from './instance.js';

/** A listener's members split by whether they take traffic, with each member's health and why. */
export interface MemberSplit {
  /** Every member, in file order. */
  readonly all: readonly Member[];
  /** Healthy, with a weight above 0. */
  readonly usable: readonly Member[];
  readonly skipped: readonly Member[];
  readonly health: ReadonlyMap<Member, MemberHealth>;
}

/**
 * A listener's members and their health. What the model says of a member decides (the API's operating status);
 * otherwise the listener's health check does, sent as the flow it is: from the load balancer's source towards
 * members (a shared one's 100.125.0.0/16, a dedicated one's subnet) to the member's address on the check's port,
 * through the member's subnet ACL, security groups and listening ports, as the instance kind receives any flow. The
 * health check is always filtered, also where a layer-4 listener's own traffic passes the filters by (the ELB guides'
 * tables ask for a health-check rule for every backend protocol). A member is healthy when the whole check arrives.
 * Without a health check (none modelled, or switched off) the load balancer sends to every member (OTC ELB, "health
 * check": with checks disabled, requests may go to unhealthy servers).
 */
export function memberSplit(cm: CompiledModel, listener: Listener): MemberSplit {
  return cm.derive(listener, () => {
    const lb = cm.resource(listener.loadBalancer) as LoadBalancer;
    const health = new Map<Member, MemberHealth>();
    for (const m of listener.members) health.set(m, memberHealth(cm, lb, listener.healthCheck, m));
    const usable = listener.members.filter((m) => health.get(m)!.healthy && m.weight > 0);
    return { all: listener.members, usable, skipped: listener.members.filter((m) => !usable.includes(m)), health };
  });
}

/**
 * What a change to a filter on a health check's port reaches: the flows on the listener's port, whose members the
 * check decides (as listenerTranslations, a `from` port whose flows depend on filters on the `to` port). Only members
 * whose health the check decides.
 */
export function healthCheckTranslations(listener: Listener): { from: number; to: number }[] {
  const check = listener.healthCheck;
  if (!check?.enabled) return [];
  const from = protoPortOf(listenerTransport(listener), listener.port);
  return listener.members
    .filter((m) => m.healthy === null)
    .flatMap((m) => [{ from, to: protoPortOf(probeProtocol(check), check.port ?? m.port) }, ...(check.protocol === 'udp' ? [{ from, to: ICMP_ECHO }] : [])]);
}

/** ICMP echo request (type 8), which a UDP check also sends. */
const ICMP_ECHO = protoPortOf('icmp', 8);

/** The transport a check is sent on: UDP for a UDP check, TCP for the others. */
const probeProtocol = (check: HealthCheck) => listenerTransport(check);

function memberHealth(cm: CompiledModel, lb: LoadBalancer, check: HealthCheck | null, member: Member): MemberHealth {
  if (member.healthy !== null) return { by: 'model', healthy: member.healthy };
  if (check === null || !check.enabled) return { by: 'unchecked', healthy: true, check };
  const inst = cm.resource(member.instance) as Instance;
  const src = lb.lbKind === 'shared' ? SHARED_ELB_SOURCE_RANGE : cm.subnet(lb.subnet).cidr;
  const port = check.port ?? member.port;
  // A UDP check is an ICMP echo request and a UDP probe (OTC ELB, "health check": the groups must also admit ICMP).
  const at = protoPortOf(probeProtocol(check), port);
  const probe: FlowSpace = {
    protoPort:
      check.protocol === 'udp'
        ? [
            { lo: at, hi: at },
            { lo: ICMP_ECHO, hi: ICMP_ECHO },
          ]
        : [{ lo: at, hi: at }],
    src: [{ lo: src.lo, hi: src.hi }],
    dst: [{ lo: inst.ip, hi: inst.ip }],
    // The load balancer picks the check's source port.
    srcPort: PICKED_SOURCE_PORTS,
    // An echo request's code is 0, the one its type defines.
    icmpCode: ALL_ICMP_CODES,
  };
  const facts = { sameSubnet: lb.lbKind === 'dedicated' && lb.subnet === inst.subnet, passThrough: false, sources: 'any' } as const;
  const branches = instanceSemantics.receive(cm, inst, probe, facts);
  const refused = branches.find((b) => !arrivesWhole(b)) ?? null;
  return { by: 'check', healthy: refused === null, check, probe, refused };
}

/** Whether a branch delivers the check from every address of its source: no drop, and no filter admitting only part of it. */
function arrivesWhole(branch: Branch): boolean {
  return branch.every((d) => d.type !== 'drop' && !(d.type === 'filter' && d.outcome === 'partial'));
}
