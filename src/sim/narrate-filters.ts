// The narration of a filter's decision (security groups, network ACLs, whitelists, access control, statuses,
// permissions, mappings, listeners) and of a missing route: the step it shows and what a drop after it says.
import { axisUnion, formatPorts, formatRange } from '../net/index.js';
import { pickedSplit } from './guards.js';
import { pickedDetail, pickedNotes } from './narrate-picked.js';
import { listenerTransport, pushAll, type Model } from '../model/index.js';
import type { FilterDecision, RouteFailure, RuleFilterDecision } from './decisions.js';
import { accessList, formatSet, peerAxis, ruleRef, serviceOf, suggestFix, view } from './words.js';
import type { Hop, Step } from './types.js';
import { internetReason, narrateNatRule } from './narrate-internet.js';
import { healthNotes, noMemberFix, skippedWhy } from './narrate-health.js';

const BYPASS = "does not filter traffic forwarded by a dedicated load balancer's layer-4 listener without IP as a backend";

const BYPASS_PLURAL = "do not filter traffic forwarded by a dedicated load balancer's layer-4 listener without IP as a backend";

type FilterStep = Extract<Step, { type: 'filter' }>;

/** A narrated filter: its step, and what a drop that follows it says. */
export interface NarratedFilter {
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
          ? `security groups ${spec.groups.join(', ')} ingress ${serviceOf(f)} from ${f.src}`
          : `security groups ${spec.groups.join(', ')} egress ${serviceOf(f)} to ${f.dst}`;
      break;
    case 'network-acl': {
      const port = f.srcPort === undefined ? '' : ` source port ${f.srcPort}`;
      what =
        spec.direction === 'inbound'
          ? `network ACL ${spec.acl} (subnet ${spec.subnet}) inbound ${f.protocol}/${f.dstPort} from ${f.src}${port}`
          : `network ACL ${spec.acl} (subnet ${spec.subnet}) outbound ${f.protocol}/${f.dstPort}${port} to ${f.dst}`;
      break;
    }
    case 'listener-access-control':
      what = `listener ${spec.listener.id} ${accessList(spec.listener)} for ${f.src}`;
      noMatch = 'the whitelist does not contain it';
      break;
  }
  const ev = d.evaluation;
  const rules = ev.decided.map((part) => ruleRef(spec, part));
  const picked = pickedSplit(ev, d.space);
  const deny = rules.find((r) => r.action === 'deny');
  let detail: string;
  if (ev.decision === 'allow') detail = `${what}: allowed by ${rules.map((r) => `${r.resource} ${r.text}`).join('; ')}`;
  else if (ev.decision === 'deny') detail = deny ? `${what}: denied by ${deny.resource} ${deny.text}` : `${what}: ${noMatch}`;
  else if (picked !== null) detail = pickedDetail(picked, d, rules, what);
  else {
    const denied = ev.decided.flatMap((part, i) =>
      part.guard.action === 'deny' ? [`${rules[i]!.matched} denied by ${rules[i]!.resource} ${rules[i]!.text}`] : [],
    );
    const peer = peerAxis(spec);
    if (ev.unmatched.length) denied.push(`${formatSet(axisUnion(ev.unmatched, peer))} matched by no rule`);
    detail = `${what}: admits only ${formatSet(axisUnion(ev.allowed, peer))} of ${f.src} (${denied.join('; ')})`;
  }
  const narrows = spec.onPartial === 'narrow';
  const step: { -readonly [K in keyof FilterStep]: FilterStep[K] } =
    spec.filter === 'security-group' || spec.filter === 'network-acl'
      ? { type: 'filter', filter: spec.filter, resource, direction: spec.direction, decision: ev.decision, rules, detail }
      : { type: 'filter', filter: spec.filter, resource, decision: ev.decision, rules, detail };
  // A model read from another configuration (Terraform): the fix in its terms.
  const words = model.configuration;
  if (ev.decision === 'partial' && narrows) step.fix = suggestFix(d, f, deny, words);
  pickedNotes(d, f, hop.notes);
  if (ev.decision === 'partial' && narrows && picked === null)
    hop.notes.push(
      `the source may be any address of ${f.src}; only part of it passes ${resource}, so the flow works only sometimes; the rest of the path is checked for the admitted part`,
    );
  return { step, drop: () => ({ detail, fix: suggestFix(d, f, deny, words) }) };
}

/** An endpoint's acceptance said in the configuration the model was read from, when it says it. */
function acceptIn(model: Model, service: string, endpoint: string): string | undefined {
  const said = model.configuration?.acceptEndpoint(service, endpoint);
  return said === undefined ? undefined : `in ${model.configuration!.name}: ${said}`;
}

export function narrateFilter(d: FilterDecision, hop: Hop, model: Model): NarratedFilter | null {
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
          acceptIn(model, service.id, ep.id) ?? 'in the model: status: accepted'
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
      pushAll(hop.notes, healthNotes(model, d.listener, d.health));
      if (d.outcome === 'allow') {
        if (d.skipped.length)
          hop.notes.push(`not tried: ${d.skipped.map((m) => `${m.instance}:${m.port} (${skippedWhy(model, m, d.health.get(m)!)})`).join(', ')}`);
        return null;
      }
      const all = [...d.usable, ...d.skipped];
      const why = all.map((m) => `${m.instance}:${m.port} ${skippedWhy(model, m, d.health.get(m)!)}`).join(', ') || 'no members';
      return plain(
        'member-health',
        d.listener.id,
        'deny',
        `listener ${d.listener.id} has no healthy member with weight > 0 (${why})`,
        noMemberFix(model, d.listener, d.health),
      );
    }
    case 'route':
      return narrateRoute(d, model);
    case 'snat-rule':
    case 'dnat-rule':
      return narrateNatRule(d, model);
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

/** How a route reads in a sentence: "route 10.2.0.0/16 → peering pcx-1 of route table rtb-a". */
function routeText(
  table: { readonly id: string },
  r: { readonly destination: Parameters<typeof formatRange>[0]; readonly type: string; readonly nextHop: string },
): string {
  return `route ${formatRange(r.destination)} → ${r.type} ${r.nextHop} of route table ${table.id}`;
}

function narrateRoute(d: Extract<FilterDecision, { filter: 'route' }>, model: Model): NarratedFilter {
  const f = view(d.space);
  const dest = d.destination;
  const subnet = model.subnets.get(dest.subnet)!;
  const there = d.back.table ? `route table ${d.back.table.id} of subnet ${subnet.id}` : `the default route table of VPC ${dest.vpc} (only its local route)`;
  const out = `${routeText(d.table, d.route)} sends ${f.dst} into VPC peering connection ${d.peering.id} to VPC ${dest.vpc}`;
  const c = d.back.choice;
  if (d.outcome === 'allow' && c.kind === 'route')
    return plain('route', d.peering.id, 'allow', `${out}; ${there} routes the replies to ${f.src} back through it (${routeText(c.table, c.route)})`);
  const why =
    c.kind === 'local'
      ? `${f.src} is inside VPC ${dest.vpc}'s own range, so its local route keeps the replies there`
      : c.kind === 'none'
        ? `no route of ${there} covers ${f.src}`
        : c.kind === 'route'
          ? `${there} sends replies to ${f.src} by ${routeText(c.table, c.route)}, not through ${d.peering.id}`
          : `${there} sends replies to ${f.src} out through EIP ${c.eip.id}, not through ${d.peering.id}`;
  const where = d.back.table ? `route table ${d.back.table.id}` : `the default route table of VPC ${dest.vpc}`;
  // The client's subnet, as the block to route back (the client is in the VPC at the other end of the connection).
  const clientVpc = d.peering.vpc === dest.vpc ? d.peering.peerVpc : d.peering.vpc;
  const ip = d.space.src[0]!.lo;
  const client = [...model.subnets.values()].find((s) => s.vpc === clientVpc && s.cidr.lo <= ip && ip <= s.cidr.hi);
  const block = client ? `${formatRange(client.cidr)} (subnet ${client.id})` : f.src;
  return plain(
    'route',
    d.peering.id,
    'deny',
    `${out}, but the replies cannot come back: ${why}`,
    c.kind === 'local'
      ? `the two VPCs' ranges overlap where the client is: peer VPCs whose addresses do not overlap, or move the client out of ${formatRange(model.vpcs.get(dest.vpc)!.cidr)}`
      : `add a route to ${block} through peering connection ${d.peering.id} to ${where}`,
  );
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

export function routeReason(r: RouteFailure, model: Model): { detail: string; fix: string } {
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
    case 'peering-inactive':
      return {
        detail: `${routeText(r.table, r.route)} sends ${formatSet(r.dst)} into VPC peering connection ${r.peering.id}, which is ${r.peering.status}${r.peering.statusDefaulted ? ' (assumed: the model gives no status, and its VPCs are of two accounts, so the connection waits to be accepted)' : ''}: only an active connection carries traffic`,
        fix:
          r.peering.status === 'pendingAcceptance'
            ? `accept peering connection ${r.peering.id} in the account of VPC ${r.peering.peerVpc}${r.peering.statusDefaulted ? ', or write its status in the model (status: active)' : ''}`
            : `create a new peering connection between VPCs ${r.peering.vpc} and ${r.peering.peerVpc} and route through it`,
      };
    case 'beyond-peering':
      return {
        detail: `${routeText(r.table, r.route)} sends ${formatSet(r.dst)} into VPC peering connection ${r.peering.id}, but the address is not in the peer VPC ${r.peerVpc} (${formatRange(model.vpcs.get(r.peerVpc)!.cidr)}): a peering connection carries traffic between its two VPCs only, never on to a third`,
        fix: `peer the client's VPC with the VPC that holds ${formatSet(r.dst)} directly, or check the address`,
      };
    case 'member-unrouted':
      return {
        detail: `load balancer ${r.loadBalancer.id} forwards to member ${r.member.id} in VPC ${r.member.vpc} with IP as a backend, but no route of its subnet ${r.loadBalancer.subnet} leads to ${formatSet(r.dst)} through a peering connection to that VPC`,
        fix: `add a route to ${r.member.id}'s subnet through a peering connection between VPCs ${r.loadBalancer.vpc} and ${r.member.vpc} to the route table of subnet ${r.loadBalancer.subnet}, and one back`,
      };
    case 'leaves-model':
      return {
        detail: `${routeText(r.table, r.route)} sends ${formatSet(r.dst)} to a ${r.route.type} next hop, which the model does not hold: whether the flow arrives beyond it is unknown`,
        fix: `check the path beyond ${r.route.nextHop} by other means; the model holds VPCs, peering connections and what they contain`,
      };
    case 'outside-vpc': {
      const vpc = model.vpcs.get(r.vpc)!;
      return {
        detail: r.table
          ? `${formatSet(r.dst)} is outside the client's VPC ${vpc.id} (${formatRange(vpc.cidr)}), and no route of its subnet's route table ${r.table} covers it`
          : `${formatSet(r.dst)} is outside the client's VPC ${vpc.id} (${formatRange(vpc.cidr)}) and is not an endpoint there`,
        fix: r.table
          ? `reach it through a VPC endpoint in ${vpc.id}, add a route to it to route table ${r.table} (through a peering connection to its VPC), or check the address`
          : `reach it through a VPC endpoint in ${vpc.id}, or check the address`,
      };
    }
    case 'not-exposed':
    case 'private-from-internet':
      return internetReason(r);
    default: {
      const never: never = r;
      throw new Error(`routeReason: unknown failure ${JSON.stringify(never)}`);
    }
  }
}
