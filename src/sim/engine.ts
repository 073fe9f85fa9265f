import {
  SHARED_ELB_SOURCE_RANGE,
  VPCEP_SOURCE_RANGE,
  formatIpv4,
  formatRange,
  intervals,
  parseIpv4,
  portsContain,
  type FlowProtocol,
  type IntervalSet,
} from '../net/index.js';
import type { Endpoint, EndpointService, Instance, Listener, LoadBalancer, Model, Resource, SecurityGroup } from '../model/index.js';
import { buildTopology, successors, type Topology } from '../graph/topology.js';
import type { DispositionCode } from './dispositions.js';
import { evaluate, formatSet, networkAclRules, securityGroupRules, type FilterEvaluation, type OrderedRule } from './filters.js';
import type { FlowView, Hop, QueryError, RuleRef, Step, Trace, TraceOutcome, TraceQuery, TraceResult, TraceStatus, Verdict } from './types.js';

/** Flow headers inside the engine: the source is a set, because VPCEP and ELBs may pick any address of a range. */
interface Flow {
  readonly protocol: FlowProtocol;
  readonly src: IntervalSet;
  readonly dst: number;
  readonly dstPort: number;
}

/** State of one path being simulated. */
interface PathState {
  hops: Hop[];
  flow: Flow;
  /** Subnet the traffic comes from, or null when it comes from outside any subnet (VPCEP, shared ELB). */
  fromSubnet: string | null;
  /** First "works only for part of the range" finding on this path. */
  partial: { code: DispositionCode; at: string } | null;
  /** Member security groups and ACLs do not apply (dedicated ELB layer-4 listener without IP as a backend). */
  bypassFilters: boolean;
}

type Outcome =
  | { type: 'next'; node: string; state: PathState }
  | { type: 'fork'; branches: { node: string; state: PathState }[] }
  | { type: 'end'; status: 'delivered' | 'dropped'; code: DispositionCode; at: string };

interface Context {
  readonly model: Model;
  readonly graph: Topology;
}

/** What a resource kind does with traffic that reaches it. */
interface Handler {
  receive(ctx: Context, node: string, hop: Hop, state: PathState): Outcome;
}

const view = (f: Flow): FlowView => ({ protocol: f.protocol, src: formatSet(f.src), dst: formatIpv4(f.dst), dstPort: f.dstPort });
const single = (ip: number): IntervalSet => [{ lo: ip, hi: ip }];

function drop(hop: Hop, code: DispositionCode, at: string, detail: string, fix?: string): Outcome {
  hop.steps.push({ type: 'drop', code, detail, ...(fix ? { fix } : {}) });
  return { type: 'end', status: 'dropped', code, at };
}

/** Records a filter evaluation on the hop; narrows the flow on partial; returns a drop outcome on deny. */
function applyFilter(
  hop: Hop,
  state: PathState,
  step: Omit<Extract<Step, { type: 'filter' }>, 'type' | 'decision' | 'rules' | 'detail'>,
  evaluation: FilterEvaluation,
  codes: { deny: DispositionCode; partial: DispositionCode },
  what: string,
  narrowsSource: boolean,
  noMatch = 'no rule matches, so the default denies it',
): Outcome | null {
  const decidingDeny = evaluation.rules.find((r) => r.action === 'deny');
  let detail: string;
  if (evaluation.decision === 'allow') {
    detail = `${what}: allowed by ${evaluation.rules.map((r) => `${r.resource} ${r.text}`).join('; ')}`;
  } else if (evaluation.decision === 'deny') {
    detail = decidingDeny
      ? `${what}: denied by ${decidingDeny.resource} ${decidingDeny.text}`
      : `${what}: ${noMatch}`;
  } else {
    const denied = evaluation.rules.filter((r) => r.action === 'deny').map((r) => `${r.matched} denied by ${r.resource} ${r.text}`);
    if (evaluation.unmatched.length) denied.push(`${formatSet(evaluation.unmatched)} matched by no rule`);
    detail = `${what}: admits only ${formatSet(evaluation.allowed)} of ${formatSet(state.flow.src)} (${denied.join('; ')})`;
  }
  const partialFix = evaluation.decision === 'partial' && narrowsSource ? { fix: suggestFix(step, state.flow, decidingDeny) } : {};
  hop.steps.push({ type: 'filter', ...step, decision: evaluation.decision, rules: evaluation.rules, detail, ...partialFix });
  if (evaluation.decision === 'deny') {
    return drop(hop, codes.deny, decidingDeny?.resource ?? step.resource, detail, suggestFix(step, state.flow, decidingDeny));
  }
  if (evaluation.decision === 'partial') {
    if (!narrowsSource) return drop(hop, codes.deny, step.resource, detail, suggestFix(step, state.flow, decidingDeny));
    hop.notes.push(`the source may be any address of ${formatSet(state.flow.src)}; only part of it passes ${step.resource}, so the flow works only sometimes; the rest of the path is checked for the admitted part`);
    state.partial ??= { code: codes.partial, at: step.resource };
    state.flow = { ...state.flow, src: evaluation.allowed };
  }
  return null;
}

const EVERYWHERE: IntervalSet = [{ lo: 0, hi: 0xffffffff }];

/** A concrete change that would let the whole flow through a security group, network ACL or listener access control. */
function suggestFix(step: { filter: string; resource: string; direction?: string }, f: Flow, deny: RuleRef | undefined): string {
  if (step.filter === 'listener-access-control') {
    return deny ? `take ${formatSet(f.src)} out of the blacklist of listener ${step.resource}` : `add ${formatSet(f.src)} to the whitelist of listener ${step.resource}`;
  }
  if (deny) return `remove or narrow ${deny.resource} ${deny.text.split(':')[0]} (a deny rule that matches first), or add an allow rule with a lower priority number`;
  const ports = `, ports: ${f.dstPort}`;
  const peer = step.direction === 'ingress' || step.direction === 'inbound' ? `source: ${formatSet(f.src)}` : `destination: ${formatIpv4(f.dst)}`;
  const action = step.filter === 'network-acl' ? 'action: allow, ' : '';
  const dir = step.filter === 'security-group' ? `direction: ${step.direction}, ` : '';
  return `add to ${step.resource}${step.filter === 'network-acl' ? ` (${step.direction})` : ''}: { ${dir}${action}protocol: ${f.protocol}${ports}, ${peer} }`;
}

/** The inbound network ACL of `subnetId`, when the flow crosses into that subnet. */
function inboundAcl(ctx: Context, hop: Hop, state: PathState, subnetId: string): Outcome | null {
  const subnet = ctx.model.subnets.get(subnetId)!;
  if (state.fromSubnet === subnetId) {
    hop.notes.push(`traffic stays inside subnet ${subnetId}, so no network ACL applies`);
    return null;
  }
  if (subnet.networkAcl === null) return null;
  if (state.bypassFilters) {
    hop.steps.push({ type: 'filter', filter: 'network-acl', resource: subnet.networkAcl, direction: 'inbound', decision: 'bypass', rules: [], detail: `network ACL ${subnet.networkAcl} does not filter traffic forwarded by a dedicated load balancer's layer-4 listener without IP as a backend` });
    return null;
  }
  const acl = ctx.model.networkAcls.get(subnet.networkAcl)!;
  const f = state.flow;
  const ev = evaluate(networkAclRules(acl, 'inbound', f.protocol, f.dstPort, f.dst), f.src);
  return applyFilter(hop, state, { filter: 'network-acl', resource: acl.id, direction: 'inbound' }, ev, { deny: 'ACL_INBOUND_DENIED', partial: 'ACL_INBOUND_PARTIAL' }, `network ACL ${acl.id} (subnet ${subnetId}) inbound ${f.protocol}/${f.dstPort} from ${formatSet(f.src)}`, true);
}

function groupsOf(ctx: Context, inst: Instance): SecurityGroup[] {
  return inst.securityGroups.map((g) => ctx.model.securityGroups.get(g)!);
}

const instanceHandler: Handler = {
  receive(ctx, node, hop, state) {
    const inst = ctx.model.instances.get(node)!;
    const acl = inboundAcl(ctx, hop, state, inst.subnet);
    if (acl) return acl;
    const f = state.flow;
    if (state.bypassFilters) {
      hop.steps.push({ type: 'filter', filter: 'security-group', resource: inst.securityGroups.join(','), direction: 'ingress', decision: 'bypass', rules: [], detail: `security groups ${inst.securityGroups.join(', ')} do not filter traffic forwarded by a dedicated load balancer's layer-4 listener without IP as a backend` });
    } else {
      const ev = evaluate(securityGroupRules(groupsOf(ctx, inst), 'ingress', f.protocol, f.dstPort), f.src);
      const out = applyFilter(hop, state, { filter: 'security-group', resource: inst.securityGroups[0]!, direction: 'ingress' }, ev, { deny: 'SG_INGRESS_DENIED', partial: 'SG_INGRESS_PARTIAL' }, `security groups ${inst.securityGroups.join(', ')} ingress ${f.protocol}/${f.dstPort} from ${formatSet(f.src)}`, true);
      if (out) return out;
    }
    if (inst.listens === null) {
      hop.notes.push(`${inst.id} declares no "listens", so a process is assumed to listen on ${f.protocol}/${f.dstPort}`);
    } else if (f.protocol !== 'tcp') {
      hop.notes.push(`"listens" lists TCP ports; a ${f.protocol} listener on ${f.dstPort} is assumed`);
    } else if (!portsContain(inst.listens, f.dstPort)) {
      const detail = `${inst.id} does not listen on tcp/${f.dstPort} (listens: ${inst.listens.map((p) => (p.lo === p.hi ? p.lo : `${p.lo}-${p.hi}`)).join(', ') || 'nothing'})`;
      hop.steps.push({ type: 'filter', filter: 'listening-port', resource: inst.id, decision: 'deny', rules: [], detail });
      return drop(hop, 'NOT_LISTENING', inst.id, detail);
    } else {
      hop.steps.push({ type: 'filter', filter: 'listening-port', resource: inst.id, decision: 'allow', rules: [], detail: `${inst.id} listens on tcp/${f.dstPort}` });
    }
    hop.steps.push({ type: 'deliver', to: inst.id, detail: `delivered to ${inst.id} at ${formatIpv4(f.dst)}:${f.dstPort}` });
    return { type: 'end', status: 'delivered', code: 'DELIVERED', at: inst.id };
  },
};

function permits(service: EndpointService, account: string): string | null {
  if (service.account === account) return `account ${account} owns the service`;
  for (const p of service.permissions) {
    if (p === '*' || p === 'iam:domain::*') return `permission "${p}" admits every account`;
    if (p === `iam:domain::${account}`) return `permission "${p}" admits account ${account}`;
  }
  return null;
}

const endpointHandler: Handler = {
  receive(ctx, node, hop, state) {
    const ep = ctx.model.endpoints.get(node)!;
    const acl = inboundAcl(ctx, hop, state, ep.subnet);
    if (acl) return acl;
    hop.notes.push('assumed: consumer-side network ACLs apply between the client and the endpoint only; the leg into VPCEP is not subnet traffic');
    const f = state.flow;
    const service = ctx.model.endpointServices.get(successors(ctx.graph, ep.id, 'connects-to')[0]!.target)!;
    const statusNote = ep.statusDefaulted ? ` (status not set; defaulted from service ${service.id}'s approval setting${service.approvalDefaulted ? ', which defaults to true' : ''})` : '';
    if (ep.status !== 'accepted') {
      const detail = `endpoint ${ep.id} is ${ep.status}${statusNote}; only accepted endpoints forward traffic`;
      hop.steps.push({ type: 'filter', filter: 'endpoint-status', resource: ep.id, decision: 'deny', rules: [], detail });
      return drop(hop, 'ENDPOINT_NOT_ACCEPTED', ep.id, detail);
    }
    hop.steps.push({ type: 'filter', filter: 'endpoint-status', resource: ep.id, decision: 'allow', rules: [], detail: `endpoint ${ep.id} is accepted${statusNote}` });
    if (ep.whitelist !== null) {
      const ok = intervals.subtract(f.src, ep.whitelistSet!).length === 0;
      const list = ep.whitelist.map(formatRange).join(', ') || '(empty)';
      const detail = `endpoint whitelist [${list}] ${ok ? 'contains' : 'does not contain'} ${formatSet(f.src)}`;
      hop.steps.push({ type: 'filter', filter: 'endpoint-whitelist', resource: ep.id, decision: ok ? 'allow' : 'deny', rules: [], detail });
      if (!ok) return drop(hop, 'ENDPOINT_WHITELIST_DENIED', ep.id, detail);
    }
    const reason = permits(service, ep.account);
    if (!reason) {
      const detail = `service ${service.id} (account ${service.account}) does not permit account ${ep.account}; permissions: [${service.permissions.join(', ')}]`;
      hop.steps.push({ type: 'filter', filter: 'endpoint-permission', resource: service.id, decision: 'deny', rules: [], detail });
      return drop(hop, 'ENDPOINT_PERMISSION_DENIED', service.id, detail);
    }
    hop.steps.push({ type: 'filter', filter: 'endpoint-permission', resource: service.id, decision: 'allow', rules: [], detail: reason });
    if (f.protocol !== 'tcp') {
      const detail = `VPC endpoints carry TCP only; the flow is ${f.protocol}`;
      hop.steps.push({ type: 'filter', filter: 'protocol', resource: ep.id, decision: 'deny', rules: [], detail });
      return drop(hop, 'PROTOCOL_NOT_SUPPORTED', ep.id, detail);
    }
    const mapping = service.portMappings.find((m) => m.terminalPort === f.dstPort);
    if (!mapping) {
      const mapped = service.portMappings.map((m) => m.terminalPort).join(', ') || 'none';
      const detail = `service ${service.id} maps no terminal port ${f.dstPort} (mapped terminal ports: ${mapped})`;
      hop.steps.push({ type: 'filter', filter: 'port-mapping', resource: service.id, decision: 'deny', rules: [], detail });
      return drop(hop, 'NO_PORT_MAPPING', service.id, detail);
    }
    hop.steps.push({ type: 'filter', filter: 'port-mapping', resource: service.id, decision: 'allow', rules: [], detail: `terminal port ${mapping.terminalPort} maps to service port ${mapping.servicePort}` });
    hop.steps.push({ type: 'forward', to: service.id, detail: `into VPC endpoint service ${service.id}` });
    return { type: 'next', node: service.id, state };
  },
};

const endpointServiceHandler: Handler = {
  receive(ctx, node, hop, state) {
    const service = ctx.model.endpointServices.get(node)!;
    const f = state.flow;
    const mapping = service.portMappings.find((m) => m.terminalPort === f.dstPort)!;
    const backendId = successors(ctx.graph, service.id, 'backend')[0]!.target;
    const backend = ctx.model.resources.get(backendId) as Instance | LoadBalancer;
    const mapped: Flow = { ...f, dst: backend.ip, dstPort: mapping.servicePort };
    hop.steps.push({ type: 'transform', transform: 'port-mapping', before: view(f), after: view(mapped), detail: `terminal port ${mapping.terminalPort} → ${backendId} service port ${mapping.servicePort}` });
    const snat: Flow = { ...mapped, src: [{ lo: VPCEP_SOURCE_RANGE.lo, hi: VPCEP_SOURCE_RANGE.hi }] };
    hop.steps.push({ type: 'transform', transform: 'vpcep-snat', before: view(mapped), after: view(snat), detail: 'VPCEP replaces the source with an address in 198.19.128.0/17' });
    hop.notes.push('VPCEP may use any address of 198.19.128.0/17 as the source; a filter passes only if it passes for the whole range');
    hop.steps.push({ type: 'forward', to: backendId, detail: `to backend ${backendId} (${backend.kind === 'loadBalancer' ? 'load balancer' : service.backend.kind.toUpperCase()})` });
    return { type: 'next', node: backendId, state: { ...state, flow: snat, fromSubnet: null } };
  },
};

const L4: ReadonlySet<string> = new Set(['tcp', 'udp']);

function listenerFits(l: Listener, protocol: FlowProtocol): boolean {
  return protocol === 'udp' ? l.protocol === 'udp' : l.protocol !== 'udp';
}

const loadBalancerHandler: Handler = {
  receive(ctx, node, hop, state) {
    const lb = ctx.model.loadBalancers.get(node)!;
    const acl = inboundAcl(ctx, hop, state, lb.subnet);
    if (acl) return acl;
    const f = state.flow;
    const listeners = successors(ctx.graph, lb.id, 'listener').map((s) => ctx.model.listeners.get(s.target)!);
    const listener = listeners.find((l) => l.port === f.dstPort && listenerFits(l, f.protocol));
    if (!listener) {
      const other = listeners.find((l) => l.port === f.dstPort);
      const have = listeners.map((l) => `${l.protocol}/${l.port}`).join(', ') || 'none';
      const detail = other
        ? `listener ${other.id} on port ${f.dstPort} is ${other.protocol}, which does not carry ${f.protocol}`
        : `load balancer ${lb.id} has no listener on ${f.protocol}/${f.dstPort} (listeners: ${have})`;
      hop.steps.push({ type: 'filter', filter: 'listener', resource: lb.id, decision: 'deny', rules: [], detail });
      return drop(hop, 'NO_LISTENER', lb.id, detail);
    }
    hop.steps.push({ type: 'filter', filter: 'listener', resource: listener.id, decision: 'allow', rules: [], detail: `listener ${listener.id} (${listener.protocol}/${listener.port})` });
    hop.steps.push({ type: 'forward', to: listener.id, detail: `to listener ${listener.id}` });
    return { type: 'next', node: listener.id, state };
  },
};

const listenerHandler: Handler = {
  receive(ctx, node, hop, state) {
    const listener = ctx.model.listeners.get(node)!;
    const lb = ctx.model.loadBalancers.get(listener.loadBalancer)!;
    const f = state.flow;
    const ac = listener.accessControl;
    if (ac.mode !== 'all') {
      const list = `${ac.mode} [${ac.cidrs.map(formatRange).join(', ') || 'empty'}]`;
      const rules: OrderedRule[] =
        ac.mode === 'whitelist'
          ? [{ resource: listener.id, index: -1, action: 'allow', peer: ac.set, text: `accessControl: ${list}`, loc: listener.loc }]
          : [
              { resource: listener.id, index: -1, action: 'deny', peer: ac.set, text: `accessControl: ${list}`, loc: listener.loc },
              { resource: listener.id, index: -1, action: 'allow', peer: EVERYWHERE, text: 'accessControl: not blacklisted', loc: listener.loc },
            ];
      const out = applyFilter(hop, state, { filter: 'listener-access-control', resource: listener.id }, evaluate(rules, f.src), { deny: 'ELB_ACCESS_CONTROL_DENIED', partial: 'ELB_ACCESS_CONTROL_PARTIAL' }, `listener ${listener.id} ${list} for ${formatSet(f.src)}`, true, 'the whitelist does not contain it');
      if (out) return out;
    }
    const members = successors(ctx.graph, listener.id, 'member').map((s) => listener.members[s.attributes.memberIndex!]!);
    const usable = members.filter((m) => m.healthy && m.weight > 0);
    if (usable.length === 0) {
      const why = members.map((m) => `${m.instance}:${m.port} ${!m.healthy ? 'unhealthy' : 'weight 0'}`).join(', ') || 'no members';
      const detail = `listener ${listener.id} has no healthy member with weight > 0 (${why})`;
      hop.steps.push({ type: 'filter', filter: 'member-health', resource: listener.id, decision: 'deny', rules: [], detail });
      return drop(hop, 'NO_HEALTHY_MEMBER', listener.id, detail);
    }
    const skipped = members.filter((m) => !usable.includes(m));
    if (skipped.length) hop.notes.push(`not tried: ${skipped.map((m) => `${m.instance}:${m.port} (${!m.healthy ? 'unhealthy' : 'weight 0'})`).join(', ')}`);
    const lbSubnet = ctx.model.subnets.get(lb.subnet)!;
    const passThrough = lb.lbKind === 'dedicated' && L4.has(listener.protocol) && !lb.ipAsBackend;
    let src: IntervalSet;
    let note: string;
    if (lb.lbKind === 'shared') {
      src = [{ lo: SHARED_ELB_SOURCE_RANGE.lo, hi: SHARED_ELB_SOURCE_RANGE.hi }];
      note = 'a shared load balancer forwards to members from 100.125.0.0/16 (assumed: any address of it)';
    } else if (passThrough) {
      src = state.flow.src;
      note = `a dedicated load balancer's ${listener.protocol} listener without IP as a backend passes the source through; member security groups and network ACLs do not filter it`;
    } else {
      src = [{ lo: lbSubnet.cidr.lo, hi: lbSubnet.cidr.hi }];
      note = `a dedicated load balancer forwards to members from its subnet ${lb.subnet} (${formatRange(lbSubnet.cidr)}; assumed: any address of it)`;
    }
    hop.notes.push(note);
    const branches = usable.map((m) => {
      const inst = ctx.model.instances.get(m.instance)!;
      const after: Flow = { ...state.flow, src, dst: inst.ip, dstPort: m.port };
      const memberHop: Hop = { node: hop.node, kind: hop.kind, steps: [...hop.steps], notes: [...hop.notes] };
      memberHop.steps.push({ type: 'transform', transform: 'elb-fullnat', before: view(state.flow), after: view(after), detail: `to member ${m.instance}:${m.port} (weight ${m.weight})` });
      memberHop.steps.push({ type: 'forward', to: m.instance, detail: `to member ${m.instance}` });
      const hops = [...state.hops.slice(0, -1), memberHop];
      const next: PathState = {
        hops,
        flow: after,
        fromSubnet: lb.lbKind === 'dedicated' && !passThrough ? lb.subnet : null,
        partial: state.partial,
        bypassFilters: passThrough,
      };
      return { node: m.instance, state: next };
    });
    return { type: 'fork', branches };
  },
};

const HANDLERS: Partial<Record<Resource['kind'], Handler>> = {
  instance: instanceHandler,
  endpoint: endpointHandler,
  endpointService: endpointServiceHandler,
  loadBalancer: loadBalancerHandler,
  listener: listenerHandler,
};

/** Where the client's traffic goes: a resource in its VPC, or why nowhere. */
type Target = { kind: 'resource'; id: string; ip: number } | { kind: 'no-route' | 'unknown'; ip: number; reason: string };

function route(model: Model, client: Instance, target: Target): Target {
  if (target.kind !== 'resource') return target;
  const r = model.resources.get(target.id) as Instance | Endpoint | LoadBalancer;
  if (r.vpc !== client.vpc) {
    return { kind: 'no-route', ip: target.ip, reason: `${target.id} is in VPC ${r.vpc}, not in the client's VPC ${client.vpc}; only endpoints in the client's own VPC reach other VPCs` };
  }
  return target;
}

function resolveTo(model: Model, client: Instance, to: string): Target | QueryError {
  const r = model.resources.get(to);
  if (r) {
    if (r.kind === 'instance' || r.kind === 'endpoint' || r.kind === 'loadBalancer') return { kind: 'resource', id: r.id, ip: r.ip };
    return { field: 'to', message: `"${to}" is a ${r.kind}; --to takes an endpoint, instance or load balancer id, or an IPv4 address` };
  }
  const ip = parseIpv4(to);
  if (!ip.ok) {
    const ids = [...model.endpoints.keys(), ...model.instances.keys(), ...model.loadBalancers.keys()];
    return { field: 'to', message: `"${to}" is neither a resource id nor an IPv4 address`, hint: ids.length ? `ids you can use: ${ids.slice(0, 10).join(', ')}` : 'the model has no instances, endpoints or load balancers' };
  }
  const vpc = model.vpcs.get(client.vpc)!;
  for (const group of [model.endpoints, model.instances, model.loadBalancers] as ReadonlyMap<string, Endpoint | Instance | LoadBalancer>[]) {
    for (const x of group.values()) if (x.vpc === client.vpc && x.ip === ip.value) return { kind: 'resource', id: x.id, ip: ip.value };
  }
  if (ip.value >= vpc.cidr.lo && ip.value <= vpc.cidr.hi) {
    return { kind: 'unknown', ip: ip.value, reason: `${to} is inside VPC ${vpc.id} (${formatRange(vpc.cidr)}) but no instance, load balancer or endpoint there has this address` };
  }
  return { kind: 'no-route', ip: ip.value, reason: `${to} is outside the client's VPC ${vpc.id} (${formatRange(vpc.cidr)}) and is not an endpoint there` };
}

/** The client hop: egress security groups, routing, the client subnet's outbound ACL. */
function originate(ctx: Context, client: Instance, target: Target, flow: Flow, hop: Hop, state: PathState): Outcome {
  hop.steps.push({ type: 'originate', flow: view(flow) });
  const ev = evaluate(securityGroupRules(groupsOf(ctx, client), 'egress', flow.protocol, flow.dstPort), single(flow.dst));
  const sg = applyFilter(hop, state, { filter: 'security-group', resource: client.securityGroups[0]!, direction: 'egress' }, ev, { deny: 'SG_EGRESS_DENIED', partial: 'SG_EGRESS_DENIED' }, `security groups ${client.securityGroups.join(', ')} egress ${flow.protocol}/${flow.dstPort} to ${formatIpv4(flow.dst)}`, false);
  if (sg) return sg;
  const routed = route(ctx.model, client, target);
  if (routed.kind !== 'resource') return drop(hop, routed.kind === 'no-route' ? 'NO_ROUTE' : 'UNKNOWN_DESTINATION', client.vpc, routed.reason);
  const dest = ctx.model.resources.get(routed.id) as Instance | Endpoint | LoadBalancer;
  if (dest.subnet !== client.subnet) {
    const subnet = ctx.model.subnets.get(client.subnet)!;
    if (subnet.networkAcl !== null) {
      const acl = ctx.model.networkAcls.get(subnet.networkAcl)!;
      const aev = evaluate(networkAclRules(acl, 'outbound', flow.protocol, flow.dstPort, client.ip), single(flow.dst));
      const out = applyFilter(hop, state, { filter: 'network-acl', resource: acl.id, direction: 'outbound' }, aev, { deny: 'ACL_OUTBOUND_DENIED', partial: 'ACL_OUTBOUND_DENIED' }, `network ACL ${acl.id} (subnet ${client.subnet}) outbound ${flow.protocol}/${flow.dstPort} to ${formatIpv4(flow.dst)}`, false);
      if (out) return out;
    }
  } else {
    hop.notes.push(`destination ${dest.id} is in the same subnet ${client.subnet}, so no network ACL applies`);
  }
  hop.steps.push({ type: 'forward', to: dest.id, detail: `to ${dest.kind === 'loadBalancer' ? 'load balancer' : dest.kind} ${dest.id} at ${formatIpv4(dest.ip)}` });
  return { type: 'next', node: dest.id, state };
}

/** Resolves a query against a model: the client instance, the target, and the flow. */
function resolveQuery(model: Model, query: TraceQuery): { client: Instance; target: Target; flow: Flow } | QueryError {
  const client = model.instances.get(query.from);
  if (!client) {
    const r = model.resources.get(query.from);
    const ids = [...model.instances.keys()];
    return r
      ? { field: 'from', message: `"${query.from}" is a ${r.kind}; --from takes an instance id` }
      : { field: 'from', message: `no instance "${query.from}" in the model`, hint: ids.length ? `instances: ${ids.slice(0, 10).join(', ')}` : 'the model has no instances' };
  }
  if (!Number.isInteger(query.port) || query.port < 1 || query.port > 65535) {
    return { field: 'port', message: `port ${query.port} is out of range`, hint: 'ports are whole numbers from 1 to 65535' };
  }
  const protocol = query.protocol ?? 'tcp';
  if (protocol !== 'tcp' && protocol !== 'udp') return { field: 'protocol', message: `protocol "${String(protocol)}" is not tcp or udp` };
  const target = resolveTo(model, client, query.to);
  if ('field' in target) return target;
  return { client, target, flow: { protocol, src: single(client.ip), dst: target.ip, dstPort: query.port } };
}

/** A reusable simulator for one model: builds the topology once. */
export class Simulator {
  private readonly ctx: Context;

  constructor(readonly model: Model) {
    this.ctx = { model, graph: buildTopology(model) };
  }

  /** Simulates one flow hop by hop. Never throws for a bad query: it comes back as `{ ok: false, error }`. */
  trace(query: TraceQuery): TraceOutcome {
    const q = resolveQuery(this.model, query);
    if ('field' in q) return { ok: false, error: q };
    const traces: Trace[] = [];
    const clientHop: Hop = { node: q.client.id, kind: 'instance', steps: [], notes: [] };
    const state: PathState = { hops: [clientHop], flow: q.flow, fromSubnet: q.client.subnet, partial: null, bypassFilters: false };
    this.follow(originate(this.ctx, q.client, q.target, q.flow, clientHop, state), state, traces);
    this.locateFilters(traces);
    const f = view(q.flow);
    return { ok: true, result: { ...combine(traces), flow: { from: q.client.id, to: query.to, ...f }, traces } };
  }

  /** Adds to every filter step where its resource is declared. */
  private locateFilters(traces: readonly Trace[]): void {
    for (const t of traces) {
      for (const hop of t.hops) {
        for (const step of hop.steps) {
          if (step.type !== 'filter' || step.location) continue;
          const loc = this.model.resources.get(step.resource)?.loc;
          if (loc) (step as { location?: unknown }).location = { file: loc.file, line: loc.line, column: loc.column };
        }
      }
    }
  }

  private follow(outcome: Outcome, state: PathState, traces: Trace[]): void {
    switch (outcome.type) {
      case 'end': {
        const status: TraceStatus = outcome.status === 'dropped' ? 'dropped' : state.partial ? 'partial' : 'delivered';
        const code = status === 'partial' ? state.partial!.code : outcome.code;
        const at = status === 'partial' ? state.partial!.at : outcome.at;
        traces.push({ disposition: code, status, at, hops: state.hops });
        return;
      }
      case 'next':
        return this.step(outcome.node, outcome.state, traces);
      case 'fork':
        for (const b of outcome.branches) this.step(b.node, b.state, traces);
        return;
      default: {
        const never: never = outcome;
        throw new Error(`Simulator.follow: unknown outcome ${JSON.stringify(never)}`);
      }
    }
  }

  private step(node: string, state: PathState, traces: Trace[]): void {
    const kind = this.ctx.graph.getNodeAttribute(node, 'kind');
    const handler = HANDLERS[kind];
    if (!handler) throw new Error(`Simulator.step: no handler for ${kind} ${node}`);
    const hop: Hop = { node, kind, steps: [], notes: [] };
    state.hops = [...state.hops, hop];
    this.follow(handler.receive(this.ctx, node, hop, state), state, traces);
  }
}

/** Folds the traces of a flow into one verdict, code and stop point. */
function combine(traces: readonly Trace[]): { verdict: Verdict; code: TraceResult['code']; at: string } {
  const first = traces[0]!;
  if (traces.every((t) => t.status === 'delivered')) return { verdict: 'reachable', code: 'DELIVERED', at: first.at };
  if (traces.every((t) => t.status === 'dropped')) {
    // The members' common code, or the first member's when they differ: either way the first trace's.
    return { verdict: 'unreachable', code: first.disposition, at: first.at };
  }
  const culprit = traces.find((t) => t.status !== 'delivered')!;
  return { verdict: 'partial', code: culprit.disposition, at: culprit.at };
}

/** Simulates one flow through a model. */
export function trace(model: Model, query: TraceQuery): TraceOutcome {
  return new Simulator(model).trace(query);
}

