import {
  ALL_ADDRESSES,
  ALL_ICMP_CODES,
  PICKED_SOURCE_PORTS,
  firstPort,
  formatRange,
  isEmptySpace,
  firstProtocol,
  protoPortOf,
  type FlowSpace,
} from '../../net/index.js';
import { listenerTransport, type Instance, type Listener, type LoadBalancer, type SecurityGroupRule } from '../../model/index.js';
import { firstMatch } from '../../sim/guards.js';
import type { RuleFilterDecision } from '../../sim/decisions.js';
import { Simulator, walkFrom } from '../../sim/engine.js';
import { WhatIfCompiledModel, passableKey } from '../../sim/what-if.js';
import { receive } from '../../sim/kinds/index.js';
import { serviceWitness } from '../context.js';
import type { LintContext, LintRule, RawFinding } from '../types.js';

type MessageId = 'missing' | 'partial' | 'aclMissing' | 'aclPartial' | 'shadowed';

/** One filter at members of a listener that does not admit all of what the load balancer forwards from. */
interface Problem {
  readonly lb: LoadBalancer;
  readonly listener: Listener;
  readonly decision: RuleFilterDecision;
  readonly members: Instance[];
  readonly port: number;
}

/**
 * Members of a load balancer whose security groups or subnet ACL do not admit the addresses the load balancer
 * forwards from. The engine walks each listener to its members; wherever it says the forwarding source is the shared
 * range or the load balancer's own subnet (not the client's, for a dedicated layer-4 listener), an ingress
 * security-group or inbound ACL filter at a member that denies part or all of it is a finding, once per listener,
 * filter and member port, naming every member it holds back.
 */
function problems(ctx: LintContext): Problem[] {
  const found = new Map<string, Problem>();
  // Every filter that refuses, not only the first of each path (as `trace --all-blockers`): a filter that drops a
  // member's path is taken as fixed and the listener walked again, until no new one is found.
  // The model with refusing filters taken as fixed: made (and its rules compiled again) only when one is found.
  let whatIf: WhatIfCompiledModel | undefined;
  for (const lb of ctx.model.loadBalancers.values()) {
    for (const listenerId of lb.listeners) {
      const listener = ctx.model.listeners.get(listenerId)!;
      const protocol = listenerTransport(listener);
      const space: FlowSpace = {
        protoPort: [{ lo: protoPortOf(protocol, listener.port), hi: protoPortOf(protocol, listener.port) }],
        src: ALL_ADDRESSES,
        dst: ALL_ADDRESSES,
        srcPort: PICKED_SOURCE_PORTS,
        icmpCode: ALL_ICMP_CODES,
      };
      whatIf?.passing.clear();
      for (let opened = true; opened;) {
        opened = false;
        // Filters found in this walk are opened for the next one, not during it: every member meets the same model.
        const open: string[] = [];
        const cm = whatIf && whatIf.passing.size > 0 ? whatIf : ctx.cm;
        walkFrom(cm, listener, receive(cm, listener, space, { sameSubnet: false, passThrough: false, sources: 'any' }), (path) => {
          const source = path[0]!.decisions.find((d) => d.type === 'assume' && d.assumption === 'load-balancer-source');
          if (
            !source ||
            source.type !== 'assume' ||
            source.assumption !== 'load-balancer-source' ||
            source.source === 'pass-through' ||
            source.source === 'client'
          )
            return;
          const member = path[1];
          if (!member || member.node.kind !== 'instance') return;
          for (const d of member.decisions) {
            if (d.type !== 'filter' || !('spec' in d) || (d.outcome !== 'deny' && d.outcome !== 'partial')) continue;
            const spec = d.spec;
            if (!(spec.filter === 'security-group' && spec.direction === 'ingress') && !(spec.filter === 'network-acl' && spec.direction === 'inbound'))
              continue;
            const port = firstPort(d.space);
            const key = `${listener.id}\u0000${spec.filter}\u0000${spec.resource}\u0000${spec.filter === 'security-group' ? spec.groups.join(',') : ''}\u0000${port}\u0000${d.outcome}`;
            const known = found.get(key);
            if (known) {
              if (!known.members.includes(member.node)) known.members.push(member.node);
            } else found.set(key, { lb, listener, decision: d, members: [member.node], port });
            const pass = d.outcome === 'deny' ? passableKey(d) : null;
            if (pass !== null && !whatIf?.passing.has(pass)) open.push(pass);
          }
        });
        if (open.length) whatIf ??= new WhatIfCompiledModel(ctx.model);
        for (const pass of open) {
          if (whatIf!.passing.has(pass)) continue;
          whatIf!.passing.add(pass);
          opened = true;
        }
      }
    }
  }
  return [...found.values()];
}

/**
 * The deny that takes away an allow of the same group: a deny guard decided part of what reached the filter, and an
 * allow of that group matches some of it. Null when no allow of the group would have admitted it.
 */
function shadowing(ctx: LintContext, d: RuleFilterDecision): { deny: SecurityGroupRule; allow: SecurityGroupRule; group: string } | null {
  const spec = d.spec;
  if (spec.filter !== 'security-group' || d.evaluation === null) return null;
  for (const part of d.evaluation.decided) {
    const origin = part.guard.origin;
    if (part.guard.action !== 'deny' || origin.kind !== 'security-group') continue;
    const allows = ctx.cm
      .securityGroupGuards(spec.groups, spec.direction)
      .filter((g) => g.action === 'allow' && g.origin.kind === 'security-group' && g.origin.resource === origin.resource);
    for (const space of part.spaces) {
      if (isEmptySpace(space)) continue;
      const hit = firstMatch(allows, space).decided.find((x) => x.guard.action === 'allow');
      const allow = hit?.guard.origin;
      if (allow && allow.kind === 'security-group') return { deny: origin.rule, allow: allow.rule, group: origin.resource };
    }
  }
  return null;
}

const simulators = new WeakMap<LintContext, Simulator>();

/**
 * A trace command that shows a flow through the listener: from an endpoint of a service it backs, or from an instance
 * of the load balancer's VPC (not a member) whose flow the engine stops at the filter at fault; none when no such
 * client is found among the first few.
 */
function witness(ctx: LintContext, p: Problem): string | undefined {
  for (const service of ctx.model.endpointServices.values()) {
    if (service.backend.kind !== 'elb' || service.backend.loadBalancer !== p.lb.id) continue;
    const mapping = service.portMappings.find((m) => m.servicePort === p.listener.port);
    const w = mapping && serviceWitness(ctx.model, service, mapping.terminalPort);
    if (w) return w;
  }
  let sim = simulators.get(ctx);
  if (!sim) simulators.set(ctx, (sim = new Simulator(ctx.model)));
  const members = new Set(p.listener.members.map((m) => m.instance));
  const at = p.decision.spec.resource;
  let tried = 0;
  for (const i of ctx.model.instances.values()) {
    if (i.vpc !== p.lb.vpc || members.has(i.id)) continue;
    const protocol = listenerTransport(p.listener);
    const d = sim.decide({ from: i.id, to: p.lb.id, port: p.listener.port, protocol });
    if (d.ok && d.value.at === at)
      return `vpcreach trace ${ctx.model.file} --from ${i.id} --to ${p.lb.id} --port ${p.listener.port}${protocol === 'udp' ? ' --protocol udp' : ''}`;
    if (++tried === 20) break;
  }
  return undefined;
}

/** Members that drop what their load balancer forwards: the shared load balancers' range, or its subnet (dedicated). */
export const elbMemberMissingElbRange: LintRule<MessageId> = {
  id: 'elb-member-missing-elb-range',
  severity: 'error',
  description:
    "a load-balancer member whose security groups or subnet ACL do not admit the addresses the load balancer forwards from (a shared one's reserved range, a dedicated one's subnet)",
  messages: {
    missing:
      'security group "{{group}}" of {{memberWord}} {{members}} of listener "{{listener}}" admits no {{protocol}} from {{range}} ({{forwarder}}) on port {{port}}: every connection through the listener to {{them}} is dropped',
    partial:
      'security group "{{group}}" of {{memberWord}} {{members}} of listener "{{listener}}" admits {{protocol}} on port {{port}} from only {{admitted}} of {{range}} ({{forwarder}}): connections forwarded from the rest are dropped',
    aclMissing:
      'network ACL "{{acl}}" of subnet "{{subnet}}" admits no inbound {{protocol}} from {{range}} ({{forwarder}}) on port {{port}}: every connection through listener "{{listener}}" to {{memberWord}} {{members}} is dropped',
    aclPartial:
      'network ACL "{{acl}}" of subnet "{{subnet}}" admits inbound {{protocol}} on port {{port}} from only {{admitted}} of {{range}} ({{forwarder}}): connections through listener "{{listener}}" to {{memberWord}} {{members}} forwarded from the rest are dropped',
    shadowed:
      'deny rule {{rule}} of security group "{{group}}" (priority {{priority}}) is decided before the allow {{allow}} (priority {{allowPriority}}) for {{range}} ({{forwarder}}) on port {{port}}, so {{memberWord}} {{members}} of listener "{{listener}}" still drop what the load balancer forwards',
  },
  *check(ctx): Generator<RawFinding> {
    for (const p of problems(ctx)) {
      const d = p.decision;
      const spec = d.spec;
      const range = d.space.src.map(formatRange).join(', ');
      const protocol = firstProtocol(d.space);
      const forwarder =
        p.lb.lbKind === 'shared'
          ? `the range shared load balancer "${p.lb.id}" forwards from`
          : `the subnet dedicated load balancer "${p.lb.id}" forwards from`;
      const admitted = [...new Set(d.evaluation!.allowed.flatMap((s) => s.src.map(formatRange)))].join(', ');
      const members = p.members.map((m) => `"${m.id}"`).join(', ');
      const base = {
        listener: p.listener.id,
        loadBalancer: p.lb.id,
        members,
        memberWord: p.members.length === 1 ? 'member' : 'members',
        them: p.members.length === 1 ? 'it' : 'them',
        protocol: protocol.toUpperCase(),
        range,
        forwarder,
        port: p.port,
        ...(d.outcome === 'partial' ? { admitted } : {}),
      };
      const rule = {
        protocol: protocol === 'udp' ? ('udp' as const) : ('tcp' as const),
        ports: p.port,
        source: range,
        action: 'allow' as const,
        priority: 1,
        description: p.lb.lbKind === 'shared' ? 'shared load balancer forwarding range' : `load balancer ${p.lb.id} subnet`,
      };
      const w = witness(ctx, p);
      // An allow for the forwarded range that a deny decided first takes away: the deny is at fault, and the fix is the
      // allow's priority raised above it (a new allow would leave the original one dead).
      const shadow = spec.filter === 'security-group' ? shadowing(ctx, d) : null;
      if (shadow) {
        const { deny, allow, group } = shadow;
        yield {
          messageId: 'shadowed',
          data: { ...base, rule: `rules[${deny.index}]`, group, priority: deny.priority, allow: `rules[${allow.index}]`, allowPriority: allow.priority },
          location: deny.loc,
          ...(deny.priority > 1 ? { fix: { kind: 'set-rule-priority', group, index: allow.index, priority: deny.priority - 1 } } : {}),
          ...(w ? { witness: w } : {}),
        };
      } else if (spec.filter === 'security-group') {
        const group = ctx.model.securityGroups.get(spec.groups[0]!)!;
        yield {
          messageId: d.outcome === 'partial' ? 'partial' : 'missing',
          data: { ...base, group: group.id },
          location: group.loc,
          // Several source ranges (never the case today) would need several rules: no fix then.
          ...(d.space.src.length === 1 ? { fix: { kind: 'add-security-group-rule', group: group.id, rule: { direction: 'ingress', ...rule } } } : {}),
          ...(w ? { witness: w } : {}),
        };
      } else if (spec.filter === 'network-acl') {
        const acl = ctx.model.networkAcls.get(spec.acl)!;
        yield {
          messageId: d.outcome === 'partial' ? 'aclPartial' : 'aclMissing',
          data: { ...base, acl: acl.id, subnet: spec.subnet },
          location: acl.loc,
          ...(d.space.src.length === 1 ? { fix: { kind: 'add-network-acl-rule', acl: acl.id, direction: 'inbound', rule } } : {}),
          ...(w ? { witness: w } : {}),
        };
      }
    }
  },
};
