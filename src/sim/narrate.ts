import { formatRange, type FlowSpace } from '../net/index.js';
import { VPCEP_SOURCE_RANGE, SHARED_ELB_SOURCE_RANGE, type Model, type Resource } from '../model/index.js';
import type { Decision, FilterDecision } from './decisions.js';
import { view } from './words.js';
import type { Hop, Step } from './types.js';
import { type NarratedFilter, narrateFilter, routeReason } from './narrate-filters.js';
import { narrateInternetAssumption, narrateInternetTransform } from './narrate-internet.js';

/**
 * Narration: turns the decisions of the semantics into the hops, steps, notes and fix suggestions users read.
 * Every word of a trace is written here and in narrate-filters.ts; the semantics decide, these modules explain. It narrates concrete flows
 * (one service and one destination per space).
 */

function kindLabel(r: Resource): string {
  return r.kind === 'loadBalancer' ? 'load balancer' : r.kind === 'natGateway' ? 'NAT gateway' : r.kind === 'eip' ? 'EIP' : r.kind;
}

/** What would still stop a flow if every filter admitted it (see Simulator). */
export interface Blocker {
  readonly code: string;
  readonly at: string;
  readonly detail: string;
}

/** Narrates one node's decisions on one branch as a hop. A `blocker` is said first in the fix of a filter's drop. */
export function narrateHop(model: Model, node: Resource, decisions: readonly Decision[], blocker: Blocker | null = null): Hop {
  const hop: Hop = { node: node.id, kind: node.kind, steps: [], notes: [] };
  let lastFilter: { decision: FilterDecision; narrated: NarratedFilter } | null = null;
  for (const d of decisions) {
    switch (d.type) {
      case 'originate':
        hop.steps.push({ type: 'originate', flow: view(d.space) });
        break;
      case 'filter': {
        const narrated = narrateFilter(d, hop, model);
        if (narrated) {
          const loc = model.resources.get(narrated.step.resource)?.loc;
          // The step is this hop's own, fresh object: add where its resource is declared in place.
          if (loc && !narrated.step.location) (narrated.step as { location?: unknown }).location = { file: loc.file, line: loc.line, column: loc.column };
          hop.steps.push(narrated.step);
          lastFilter = { decision: d, narrated };
        }
        break;
      }
      case 'transform':
        hop.steps.push(narrateTransform(d));
        break;
      case 'assume': {
        const note = narrateAssumption(d, model);
        if (note) hop.notes.push(note);
        break;
      }
      case 'forward':
        hop.steps.push({ type: 'forward', to: d.to.id, detail: forwardDetail(node, d.to, d.space) });
        break;
      case 'deliver': {
        const f = view(d.space);
        hop.steps.push({
          type: 'deliver',
          to: d.at.id,
          detail: `delivered to ${d.at.kind === 'internet' ? 'the internet' : d.at.id} at ${f.protocol === 'icmp' ? `${f.dst} (icmp type ${f.dstPort})` : `${f.dst}:${f.dstPort}`}`,
        });
        break;
      }
      case 'drop': {
        if ('type' in d.cause) {
          const n = lastFilter && lastFilter.decision === d.cause ? lastFilter.narrated : null;
          if (!n) throw new Error('narrateHop: a drop must follow the filter that caused it');
          const why = n.drop();
          const fix = why.fix && blocker ? `${blockerFirst(blocker, d.cause)} Then: ${why.fix}` : why.fix;
          hop.steps.push(fix ? { type: 'drop', code: d.code, detail: why.detail, fix } : { type: 'drop', code: d.code, detail: why.detail });
        } else if (d.cause.kind === 'hairpin') {
          const { listener, member } = d.cause;
          const shared = model.loadBalancers.get(listener.loadBalancer)?.lbKind === 'shared';
          hop.steps.push({
            type: 'drop',
            code: d.code,
            detail: shared
              ? `${member.instance} is itself a member of listener ${listener.id}: with Transfer Client IP on, the shared listener passes the client's address through, so ${member.instance} answers itself directly and the connection through the load balancer never completes`
              : `${member.instance} is itself a member of listener ${listener.id}: a dedicated load balancer's ${listener.protocol} listener passes the client's address through, so ${member.instance} answers itself directly and the connection through the load balancer never completes`,
            fix: shared
              ? `reach ${listener.loadBalancer} from an instance that is not a member of listener ${listener.id}, or switch Transfer Client IP off on it`
              : `reach ${listener.loadBalancer} from an instance that is not a member of listener ${listener.id}`,
          });
        } else if (d.cause.kind === 'member-vpc') {
          const { loadBalancer: lb, listener, member, memberVpc } = d.cause;
          const why =
            lb.lbKind === 'shared'
              ? 'a shared load balancer forwards only to members in its own VPC (OTC ELB FAQ)'
              : 'a dedicated load balancer forwards to members in other VPCs only with IP as a backend, which is off (Huawei ELB guide)';
          const enable = model.configuration?.allowCrossVpcBackends(lb.id) ?? 'ipAsBackend: true';
          hop.steps.push({
            type: 'drop',
            code: d.code,
            detail: `member ${member.instance}:${member.port} of listener ${listener.id} is in VPC ${memberVpc}, not in load balancer ${lb.id}'s VPC ${lb.vpc}: ${why}`,
            fix:
              lb.lbKind === 'shared'
                ? `replace member ${member.instance} of listener ${listener.id} with an instance in VPC ${lb.vpc}, or use a dedicated load balancer with IP as a backend`
                : `replace member ${member.instance} of listener ${listener.id} with an instance in VPC ${lb.vpc}, or turn on IP as a backend on ${lb.id} (${enable}) with routes between VPCs ${lb.vpc} and ${memberVpc} through a peering connection`,
          });
        } else hop.steps.push({ type: 'drop', code: d.code, ...routeReason(d.cause, model) });
        break;
      }
      default: {
        const never: never = d;
        throw new Error(`narrateHop: unknown decision ${JSON.stringify(never)}`);
      }
    }
  }
  return hop;
}

/** "Opening X alone does not help: …" — the later block a filter's fix must not hide. */
function blockerFirst(b: Blocker, cause: FilterDecision): string {
  const what = 'spec' in cause ? cause.spec.resource : 'this filter';
  return `opening ${what} alone does not help: the flow would still stop at ${b.at} with ${b.code} (${b.detail}); change that first.`;
}

function narrateTransform(d: Extract<Decision, { type: 'transform' }>): Step {
  switch (d.transform) {
    case 'port-mapping':
      return {
        type: 'transform',
        transform: 'port-mapping',
        before: view(d.before),
        after: view(d.after),
        detail: `terminal port ${d.mapping.terminalPort} → ${d.backend.id} service port ${d.mapping.servicePort}`,
      };
    case 'vpcep-snat':
      return {
        type: 'transform',
        transform: 'vpcep-snat',
        before: view(d.before),
        after: view(d.after),
        detail: `VPCEP replaces the source with an address in ${formatRange(VPCEP_SOURCE_RANGE)}`,
      };
    case 'elb-fullnat':
      return {
        type: 'transform',
        transform: 'elb-fullnat',
        before: view(d.before),
        after: view(d.after),
        detail: `to member ${d.member.instance}:${d.member.port} (weight ${d.member.weight})`,
      };
    case 'eip-nat':
    case 'snat':
    case 'dnat':
      return narrateInternetTransform(d);
    default: {
      const never: never = d;
      throw new Error(`narrateTransform: unknown transform ${JSON.stringify(never)}`);
    }
  }
}

function narrateAssumption(d: Extract<Decision, { type: 'assume' }>, model: Model): string {
  switch (d.assumption) {
    case 'same-subnet-no-acl':
      return `traffic stays inside subnet ${d.subnet}, so no network ACL applies`;
    case 'destination-in-same-subnet':
      return `destination ${d.destination} is in the same subnet ${d.subnet}, so no network ACL applies`;
    case 'consumer-acls-only':
      return 'assumed: consumer-side network ACLs apply between the client and the endpoint only; the leg into VPCEP is not subnet traffic';
    case 'vpcep-any-source':
      return `VPCEP may use any address of ${formatRange(VPCEP_SOURCE_RANGE)} as the source; a filter passes only if it passes for the whole range`;
    case 'listens-undeclared': {
      const f = view(d.space);
      if (f.protocol === 'icmp') return `assumed: ${d.instance.id} answers ICMP type ${f.dstPort} itself (no firewall on the instance)`;
      return `${d.instance.id} declares no "listens", so a process is assumed to listen on ${f.protocol}/${f.dstPort}`;
    }
    case 'listens-tcp-only': {
      const f = view(d.space);
      if (f.protocol === 'icmp') return `assumed: the instance answers ICMP type ${f.dstPort} itself (no firewall on the instance; "listens" lists TCP ports)`;
      return `"listens" lists TCP ports; a ${f.protocol} listener on ${f.dstPort} is assumed`;
    }
    case 'load-balancer-answers-icmp':
      return `assumed: load balancer ${d.loadBalancer.id} answers ICMP itself, as no listener carries it (OTC ELB: access control does not restrict ping)`;
    case 'load-balancer-subnet-acl':
      return d.leg === 'to-load-balancer'
        ? `network ACL ${d.acl} of the load balancer's subnet ${d.loadBalancer.subnet} does not filter traffic to ${d.loadBalancer.id}: a load balancer's address is not restricted by its subnet's ACL (Huawei ELB guide); listener access control is the filter in front of it`
        : `network ACL ${d.acl} of the load balancer's subnet does not filter the leg to members either (its outbound rules do not apply); a member's subnet ACL applies inbound when the member is in another subnet`;
    case 'own-address':
      return `the destination is ${d.instance.id}'s own address: the traffic never leaves the instance, so no security group or network ACL applies`;
    case 'endpoint-across-peering':
      return `assumed: VPC endpoint ${d.endpoint.id} is reached through peering connection ${d.peering.id} like any address of its VPC (the Huawei and OTC sources do not say whether an interface endpoint serves clients of a peered VPC)`;
    case 'shared-own-member':
      return d.listener.transferClientIp === null
        ? `assumed: Transfer Client IP is off on shared listener ${d.listener.id} (the API's default; the model does not say), so its member ${d.member.instance} reaches it like any client (with it on, Huawei says a member cannot reach itself through its load balancer, and OTC says it never can)`
        : `Transfer Client IP is off on shared listener ${d.listener.id}, so its member ${d.member.instance} reaches it like any client (as Huawei says; OTC says a member never can)`;
    case 'member-not-listening':
      return `assumed: member ${d.member.instance} is healthy as the model ${d.member.healthy === null ? 'lets it be (no health check is modelled)' : 'says'}, though it does not listen on tcp/${d.member.port}; a health check on that port would mark it unhealthy and the load balancer would send it nothing`;
    case 'load-balancer-source':
      switch (d.source) {
        case 'shared-range': {
          // A layer-4 listener whose Transfer Client IP the model does not say: the default position, named.
          const unsaid = d.listener.transferClientIp === null && (d.listener.protocol === 'tcp' || d.listener.protocol === 'udp');
          return `a shared load balancer forwards to members from ${formatRange(SHARED_ELB_SOURCE_RANGE)} (assumed: any address of it${unsaid ? `; Transfer Client IP is off on ${d.listener.id}, the API's default, as the model does not say` : ''})`;
        }
        case 'pass-through':
          return d.loadBalancer.lbKind === 'shared'
            ? `shared listener ${d.listener.id} transfers the client's address (Transfer Client IP on): members see the client's own address, and their security groups and network ACLs do not filter it (Huawei's ELB guide; OTC's older page asked the groups to admit the clients)`
            : `a dedicated load balancer's ${d.listener.protocol} listener without IP as a backend passes the source through; member security groups and network ACLs do not filter it`;
        case 'client':
          return `dedicated listener ${d.listener.id} transfers the client's address to instance members: with IP as a backend on, members see the client's own address and their security groups and network ACLs filter it (assumed: the ELB guides lift the filters only without IP as a backend)`;
        case 'own-subnet': {
          const subnet = model.subnets.get(d.loadBalancer.subnet)!;
          return `a dedicated load balancer forwards to members from its subnet ${subnet.id} (${formatRange(subnet.cidr)}; assumed: any address of it)`;
        }
      }
      break;
    case 'acl-disabled':
      return `network ACL ${d.acl} of subnet ${d.subnet} is switched off (enabled: false): it filters nothing`;
    case 'access-control-off':
      return `access control of listener ${d.listener.id} is switched off (mode all): its ${d.listener.accessControl.cidrs.length} CIDRs are not enforced, and every source is admitted`;
    case 'whitelist-off':
      return `the whitelist of endpoint ${d.endpoint.id} is switched off (whitelistEnabled: false): its ${d.endpoint.whitelistOff!.length} entries are not enforced, and every client is admitted`;
    case 'eip-egress':
    case 'internet-witness':
      return narrateInternetAssumption(d);
    default: {
      const never: never = d;
      throw new Error(`narrateAssumption: unknown assumption ${JSON.stringify(never)}`);
    }
  }
  throw new Error('narrateAssumption: unreachable');
}

function forwardDetail(from: Resource, to: Resource, space: FlowSpace): string {
  if (to.kind === 'internet') return `to the internet at ${view(space).dst}`;
  switch (from.kind) {
    case 'internet':
      return to.kind === 'eip' ? `to EIP ${to.id} at ${view(space).dst}` : `to NAT gateway ${to.id} at ${view(space).dst}`;
    case 'eip':
    case 'natGateway':
    case 'instance':
      return `to ${kindLabel(to)} ${to.id} at ${view(space).dst}`;
    case 'endpoint':
      return `into VPC endpoint service ${to.id}`;
    case 'endpointService':
      return `to backend ${to.id} (${to.kind === 'loadBalancer' ? 'load balancer' : from.backend.kind.toUpperCase()})`;
    case 'loadBalancer':
      return `to listener ${to.id}`;
    case 'listener':
      return `to member ${to.id}`;
    default:
      throw new Error(`forwardDetail: ${from.kind} does not forward`);
  }
}
