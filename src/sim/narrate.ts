import { axisUnion, formatPorts, formatRange, type FlowSpace } from '../net/index.js';
import { VPCEP_SOURCE_RANGE, SHARED_ELB_SOURCE_RANGE, fromTerraform, listenerTransport, terraformApproval, type Model, type Resource } from '../model/index.js';
import type { Decision, FilterDecision, RouteFailure, RuleFilterDecision } from './decisions.js';
import { accessList, formatSet, peerAxis, ruleRef, suggestFix, view } from './words.js';
import type { Hop, Step } from './types.js';

/**
 * Narration: turns the decisions of the semantics into the hops, steps, notes and fix suggestions users read.
 * Every word of a trace is written here; the semantics decide, this module explains. It narrates concrete flows
 * (one service and one destination per space).
 */

const BYPASS = "does not filter traffic forwarded by a dedicated load balancer's layer-4 listener without IP as a backend";
const BYPASS_PLURAL = "do not filter traffic forwarded by a dedicated load balancer's layer-4 listener without IP as a backend";

type FilterStep = Extract<Step, { type: 'filter' }>;

/** A narrated filter: its step, and what a drop that follows it says. */
interface NarratedFilter {
  readonly step: Extract<Step, { type: 'filter' }>;
  /** What a drop that follows says (computed only when one does). */
  readonly drop: () => { readonly detail: string; readonly fix?: string };
}

function narrateRuleFilter(d: RuleFilterDecision, hop: Hop, model: Model): NarratedFilter {
  const f = view(d.space);
  const spec = d.spec;
  const resource = spec.resource;
  if (spec.filter === 'endpoint-whitelist') {
    const list = spec.endpoint.whitelist!.map(formatRange).join(', ') || '(empty)';
    const detail = `endpoint whitelist [${list}] ${d.outcome === 'allow' ? 'contains' : 'does not contain'} ${f.src}`;
    return {
      step: { type: 'filter', filter: 'endpoint-whitelist', resource, decision: d.outcome === 'allow' ? 'allow' : 'deny', rules: [], detail },
      drop: () => ({ detail, fix: `add ${f.src} (or a range holding it) to the whitelist of endpoint ${spec.endpoint.id}` }),
    };
  }
  if (d.outcome === 'bypass' || d.evaluation === null) {
    if (spec.filter === 'network-acl') {
      return {
        step: {
          type: 'filter',
          filter: 'network-acl',
          resource,
          direction: 'inbound',
          decision: 'bypass',
          rules: [],
          detail: `network ACL ${spec.acl} ${BYPASS}`,
        },
        drop: () => ({ detail: '' }),
      };
    }
    if (spec.filter === 'security-group') {
      return {
        step: {
          type: 'filter',
          filter: 'security-group',
          resource: spec.groups.join(','),
          direction: 'ingress',
          decision: 'bypass',
          rules: [],
          detail: `security groups ${spec.groups.join(', ')} ${BYPASS_PLURAL}`,
        },
        drop: () => ({ detail: '' }),
      };
    }
    throw new Error(`narrateRuleFilter: ${spec.filter} cannot be bypassed`);
  }
  let what: string;
  let noMatch = 'no rule matches, so the default denies it';
  switch (spec.filter) {
    case 'security-group':
      what =
        spec.direction === 'ingress'
          ? `security groups ${spec.groups.join(', ')} ingress ${f.protocol}/${f.dstPort} from ${f.src}`
          : `security groups ${spec.groups.join(', ')} egress ${f.protocol}/${f.dstPort} to ${f.dst}`;
      break;
    case 'network-acl':
      what =
        spec.direction === 'inbound'
          ? `network ACL ${spec.acl} (subnet ${spec.subnet}) inbound ${f.protocol}/${f.dstPort} from ${f.src}`
          : `network ACL ${spec.acl} (subnet ${spec.subnet}) outbound ${f.protocol}/${f.dstPort} to ${f.dst}`;
      break;
    case 'listener-access-control':
      what = `listener ${spec.listener.id} ${accessList(spec.listener)} for ${f.src}`;
      noMatch = 'the whitelist does not contain it';
      break;
  }
  const ev = d.evaluation;
  const rules = ev.decided.map((part) => ruleRef(spec, part));
  const deny = rules.find((r) => r.action === 'deny');
  let detail: string;
  if (ev.decision === 'allow') detail = `${what}: allowed by ${rules.map((r) => `${r.resource} ${r.text}`).join('; ')}`;
  else if (ev.decision === 'deny') detail = deny ? `${what}: denied by ${deny.resource} ${deny.text}` : `${what}: ${noMatch}`;
  else {
    const denied = rules.filter((r) => r.action === 'deny').map((r) => `${r.matched} denied by ${r.resource} ${r.text}`);
    const peer = peerAxis(spec);
    if (ev.unmatched.length) denied.push(`${formatSet(axisUnion(ev.unmatched, peer))} matched by no rule`);
    detail = `${what}: admits only ${formatSet(axisUnion(ev.allowed, peer))} of ${f.src} (${denied.join('; ')})`;
  }
  const narrows = spec.onPartial === 'narrow';
  const step: { -readonly [K in keyof FilterStep]: FilterStep[K] } =
    spec.filter === 'security-group' || spec.filter === 'network-acl'
      ? { type: 'filter', filter: spec.filter, resource, direction: spec.direction, decision: ev.decision, rules, detail }
      : { type: 'filter', filter: spec.filter, resource, decision: ev.decision, rules, detail };
  // A model read from Terraform: the fix in the provider's terms.
  const terraform = fromTerraform(model.resources.get(resource));
  if (ev.decision === 'partial' && narrows) step.fix = suggestFix(d, f, deny, terraform);
  if (ev.decision === 'partial' && narrows) {
    hop.notes.push(
      `the source may be any address of ${f.src}; only part of it passes ${resource}, so the flow works only sometimes; the rest of the path is checked for the admitted part`,
    );
  }
  return { step, drop: () => ({ detail, fix: suggestFix(d, f, deny, terraform) }) };
}

function narrateFilter(d: FilterDecision, hop: Hop, model: Model): NarratedFilter | null {
  switch (d.filter) {
    case 'security-group':
    case 'network-acl':
    case 'listener-access-control':
    case 'endpoint-whitelist':
      return narrateRuleFilter(d, hop, model);
    case 'endpoint-status': {
      const { endpoint: ep, service } = d;
      const statusNote = ep.statusDefaulted
        ? ` (status not set; defaulted from service ${service.id}'s approval setting${service.approvalDefaulted ? ', which defaults to true' : ''})`
        : '';
      const detail =
        d.outcome === 'allow'
          ? `endpoint ${ep.id} is accepted${statusNote}`
          : `endpoint ${ep.id} is ${ep.status}${statusNote}; only accepted endpoints forward traffic`;
      return plain(
        'endpoint-status',
        ep.id,
        d.outcome,
        detail,
        `the owner of service ${service.id} (account ${service.account}) accepts the connection of endpoint ${ep.id} (${
          fromTerraform(ep) ? `in Terraform: ${terraformApproval(service.id, ep.id)}` : 'in the model: status: accepted'
        })`,
      );
    }
    case 'endpoint-permission': {
      const { service, grant } = d;
      const detail =
        grant === null
          ? `service ${service.id} (account ${service.account}) does not permit account ${d.endpoint.account}; permissions: [${service.permissions.join(', ')}]`
          : grant.kind === 'owner'
            ? `account ${grant.account} owns the service`
            : grant.everyone
              ? `permission "${grant.entry}" admits every account`
              : grant.by === 'name'
                ? `permission "${grant.entry}" admits account ${grant.account} (named ${grant.value})`
                : grant.by === 'orgPath'
                  ? `permission "${grant.entry}" admits account ${grant.account} (organization path ${grant.value})`
                  : `permission "${grant.entry}" admits account ${grant.account}`;
      return plain('endpoint-permission', service.id, d.outcome, detail, `add iam:domain::${d.endpoint.account} to the permissions of service ${service.id}`);
    }
    case 'protocol':
      // Only a refusal is shown: carrying TCP is what an endpoint does.
      return d.outcome === 'allow'
        ? null
        : plain(
            'protocol',
            d.endpoint.id,
            'deny',
            `VPC endpoints carry TCP only; the flow is ${view(d.space).protocol}`,
            'send the traffic over TCP: no endpoint carries another protocol',
          );
    case 'port-mapping': {
      const port = view(d.space).dstPort;
      if (d.mapping)
        return plain('port-mapping', d.service.id, 'allow', `terminal port ${d.mapping.terminalPort} maps to service port ${d.mapping.servicePort}`);
      const mapped = d.service.portMappings.map((m) => m.terminalPort).join(', ') || 'none';
      return plain(
        'port-mapping',
        d.service.id,
        'deny',
        `service ${d.service.id} maps no terminal port ${port} (mapped terminal ports: ${mapped})`,
        `add a port mapping with terminal port ${port} to service ${d.service.id}, or connect to a mapped terminal port`,
      );
    }
    case 'listener': {
      if (d.listener) return plain('listener', d.listener.id, 'allow', `listener ${d.listener.id} (${d.listener.protocol}/${d.listener.port})`);
      const f = view(d.space);
      const listeners = d.loadBalancer.listeners.flatMap((id) => model.listeners.get(id) ?? []);
      const other = listeners.find((l) => l.port === f.dstPort);
      const have = listeners.map((l) => `${l.protocol}/${l.port}`).join(', ') || 'none';
      const detail = other
        ? `listener ${other.id} on port ${f.dstPort} is ${other.protocol}, which does not carry ${f.protocol}`
        : `load balancer ${d.loadBalancer.id} has no listener on ${f.protocol}/${f.dstPort} (listeners: ${have})`;
      // Behind an endpoint service the consumer does not choose the port: the service's mapping does.
      const tcpPorts = listeners.filter((l) => l.protocol !== 'udp').map((l) => l.port);
      const fix = d.via
        ? `change the service port of service ${d.via.service.id}'s mapping ${d.via.mapping.terminalPort} → ${d.via.mapping.servicePort} to a port load balancer ${d.loadBalancer.id} listens on (${tcpPorts.join(', ') || 'none yet'}), or add a tcp listener on port ${d.via.mapping.servicePort} to ${d.loadBalancer.id}`
        : other
          ? `give listener ${other.id} a protocol that carries ${f.protocol}, or connect over ${listenerTransport(other)}`
          : `add a ${f.protocol} listener on port ${f.dstPort} to load balancer ${d.loadBalancer.id}, or connect to a port it listens on`;
      const n = plain('listener', d.loadBalancer.id, 'deny', detail, fix);
      // Behind an endpoint service, the mapping chose the port: the step points at it.
      if (d.via) {
        const loc = d.via.mapping.loc;
        (n.step as { location?: unknown }).location = { file: loc.file, line: loc.line, column: loc.column };
      }
      return n;
    }
    case 'member-health': {
      if (d.outcome === 'allow') {
        if (d.skipped.length)
          hop.notes.push(`not tried: ${d.skipped.map((m) => `${m.instance}:${m.port} (${!m.healthy ? 'unhealthy' : 'weight 0'})`).join(', ')}`);
        return null;
      }
      const all = [...d.usable, ...d.skipped];
      const why = all.map((m) => `${m.instance}:${m.port} ${!m.healthy ? 'unhealthy' : 'weight 0'}`).join(', ') || 'no members';
      return plain(
        'member-health',
        d.listener.id,
        'deny',
        `listener ${d.listener.id} has no healthy member with weight > 0 (${why})`,
        `make a member of listener ${d.listener.id} healthy with a weight above 0, or add one`,
      );
    }
    case 'listening-port': {
      const f = view(d.space);
      if (d.outcome === 'allow') return plain('listening-port', d.instance.id, 'allow', `${d.instance.id} listens on tcp/${f.dstPort}`);
      return plain(
        'listening-port',
        d.instance.id,
        'deny',
        `${d.instance.id} does not listen on tcp/${f.dstPort} (listens: ${formatPorts(d.instance.listens, ', ') || 'nothing'})`,
        `start the service on ${d.instance.id} tcp/${f.dstPort} (and add the port to its listens), or send the flow to a port it listens on`,
      );
    }
    default: {
      const never: never = d;
      throw new Error(`narrateFilter: unknown filter ${JSON.stringify(never)}`);
    }
  }
}

function plain(
  filter: Extract<Step, { type: 'filter' }>['filter'],
  resource: string,
  decision: 'allow' | 'deny',
  detail: string,
  fix?: string,
): NarratedFilter {
  return { step: { type: 'filter', filter, resource, decision, rules: [], detail }, drop: () => (fix ? { detail, fix } : { detail }) };
}

function routeReason(r: RouteFailure, model: Model): { detail: string; fix: string } {
  switch (r.kind) {
    case 'other-vpc':
      return {
        detail: `${r.target} is in VPC ${r.targetVpc}, not in the client's VPC ${r.clientVpc}; only endpoints in the client's own VPC reach other VPCs`,
        fix: `reach ${r.target} through a VPC endpoint in ${r.clientVpc} to an endpoint service in ${r.targetVpc} whose backend it is`,
      };
    case 'unknown-address': {
      const vpc = model.vpcs.get(r.vpc)!;
      return {
        detail: `${formatSet(r.dst)} is inside VPC ${vpc.id} (${formatRange(vpc.cidr)}) but no instance, load balancer or endpoint there has this address`,
        fix: `check the address, or add the resource that has it to the model`,
      };
    }
    case 'outside-vpc': {
      const vpc = model.vpcs.get(r.vpc)!;
      return {
        detail: `${formatSet(r.dst)} is outside the client's VPC ${vpc.id} (${formatRange(vpc.cidr)}) and is not an endpoint there`,
        fix: `reach it through a VPC endpoint in ${vpc.id}, or check the address`,
      };
    }
    default: {
      const never: never = r;
      throw new Error(`routeReason: unknown failure ${JSON.stringify(never)}`);
    }
  }
}

function kindLabel(r: Resource): string {
  return r.kind === 'loadBalancer' ? 'load balancer' : r.kind;
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
        hop.steps.push({ type: 'deliver', to: d.at.id, detail: `delivered to ${d.at.id} at ${f.dst}:${f.dstPort}` });
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
          hop.steps.push({
            type: 'drop',
            code: d.code,
            detail: `${member.instance} is itself a member of listener ${listener.id}: a dedicated load balancer's ${listener.protocol} listener passes the client's address through, so ${member.instance} answers itself directly and the connection through the load balancer never completes`,
            fix: `reach ${listener.loadBalancer} from an instance that is not a member of listener ${listener.id}`,
          });
        } else if (d.cause.kind === 'member-vpc') {
          const { loadBalancer: lb, listener, member, memberVpc } = d.cause;
          const why =
            lb.lbKind === 'shared'
              ? 'a shared load balancer forwards only to members in its own VPC (OTC ELB FAQ)'
              : 'a dedicated load balancer forwards to members in other VPCs only with IP as a backend, which is off (Huawei ELB guide)';
          const enable = fromTerraform(lb) ? 'cross_vpc_backend = true' : 'ipAsBackend: true';
          hop.steps.push({
            type: 'drop',
            code: d.code,
            detail: `member ${member.instance}:${member.port} of listener ${listener.id} is in VPC ${memberVpc}, not in load balancer ${lb.id}'s VPC ${lb.vpc}: ${why}`,
            fix:
              lb.lbKind === 'shared'
                ? `replace member ${member.instance} of listener ${listener.id} with an instance in VPC ${lb.vpc}, or use a dedicated load balancer with IP as a backend`
                : `replace member ${member.instance} of listener ${listener.id} with an instance in VPC ${lb.vpc}, or turn on IP as a backend on ${lb.id} (${enable}) with a route from VPC ${lb.vpc} to ${memberVpc}`,
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
      return `${d.instance.id} declares no "listens", so a process is assumed to listen on ${f.protocol}/${f.dstPort}`;
    }
    case 'listens-tcp-only': {
      const f = view(d.space);
      return `"listens" lists TCP ports; a ${f.protocol} listener on ${f.dstPort} is assumed`;
    }
    case 'load-balancer-subnet-acl':
      return d.leg === 'to-load-balancer'
        ? `network ACL ${d.acl} of the load balancer's subnet ${d.loadBalancer.subnet} does not filter traffic to ${d.loadBalancer.id}: a load balancer's address is not restricted by its subnet's ACL (Huawei ELB guide); listener access control is the filter in front of it`
        : `network ACL ${d.acl} of the load balancer's subnet does not filter the leg to members either (its outbound rules do not apply); a member's subnet ACL applies inbound when the member is in another subnet`;
    case 'own-address':
      return `the destination is ${d.instance.id}'s own address: the traffic never leaves the instance, so no security group or network ACL applies`;
    case 'member-route':
      return `assumed: VPC ${d.loadBalancer.vpc} has a route to member ${d.member.instance} in VPC ${d.memberVpc} (IP as a backend forwards across VPCs along routes; vpcreach does not model routes)`;
    case 'shared-own-member':
      return `assumed: Transfer Client IP is off on shared listener ${d.listener.id}, so its member ${d.member.instance} reaches it like any client (the model cannot say; with it on, Huawei says a member cannot reach itself through its load balancer, and OTC says it never can)`;
    case 'member-not-listening':
      return `assumed: member ${d.member.instance} is healthy as the model says, though it does not listen on tcp/${d.member.port}; a health check on that port would mark it unhealthy and the load balancer would send it nothing`;
    case 'load-balancer-source':
      switch (d.source) {
        case 'shared-range':
          return `a shared load balancer forwards to members from ${formatRange(SHARED_ELB_SOURCE_RANGE)} (assumed: any address of it)`;
        case 'pass-through':
          return `a dedicated load balancer's ${d.listener.protocol} listener without IP as a backend passes the source through; member security groups and network ACLs do not filter it`;
        case 'own-subnet': {
          const subnet = model.subnets.get(d.loadBalancer.subnet)!;
          return `a dedicated load balancer forwards to members from its subnet ${subnet.id} (${formatRange(subnet.cidr)}; assumed: any address of it)`;
        }
      }
      break;
    default: {
      const never: never = d;
      throw new Error(`narrateAssumption: unknown assumption ${JSON.stringify(never)}`);
    }
  }
  throw new Error('narrateAssumption: unreachable');
}

function forwardDetail(from: Resource, to: Resource, space: FlowSpace): string {
  switch (from.kind) {
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
