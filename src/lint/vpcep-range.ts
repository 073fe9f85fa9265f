/**
 * How the VPCEP source range fares at each backend's security groups and subnet ACL, as the engine decides it: every
 * path of every port mapping is walked from its endpoint service, and each ingress security-group or inbound ACL
 * filter that sees traffic from the range and does not admit all of it is classified once — no allow rule for the range (`missing`), an
 * allow for part of it only (`partial`), or an allow taken away by a deny decided first (`shadowed`). Three rules
 * report the three classes.
 */
import { firstPort, formatRange, intervals, isEmptySpace, type FlowSpace } from '../net/index.js';
import { VPCEP_SOURCE_RANGE, type EndpointService, type Instance, type NetworkAclRule, type PortMapping, type SecurityGroupRule } from '../model/index.js';
import type { RuleFilterDecision } from '../sim/decisions.js';
import { firstMatch, pickedSplit, type Guard } from '../sim/guards.js';
import { serviceWitness } from './context.js';
import type { LintContext, RawFinding } from './types.js';

export interface RangeProblem {
  readonly kind: 'missing' | 'partial' | 'shadowed';
  /** The filter at fault: the backend's security groups, or its subnet's inbound network ACL. */
  readonly filter: 'security-group' | 'network-acl';
  /** The network ACL, for a `network-acl` problem. */
  readonly acl: string | null;
  readonly service: EndpointService;
  readonly mapping: PortMapping;
  readonly backend: Instance;
  /** The port the backend sees (the service port, or a member's port behind a load balancer). */
  readonly port: number;
  readonly groups: readonly string[];
  /** The deny rule decided first, for `shadowed`. */
  readonly deny: SecurityGroupRule | NetworkAclRule | null;
  /** The security group or network ACL that holds it. */
  readonly denyGroup: string | null;
  /** The admitted part of the range, for `partial`, as CIDR text. */
  readonly admitted: string;
}

const RANGE = [{ lo: VPCEP_SOURCE_RANGE.lo, hi: VPCEP_SOURCE_RANGE.hi }];

/** Whether every source of a space is in the VPCEP range: traffic that came through an endpoint service. */
export function fromVpcep(space: FlowSpace): boolean {
  return intervals.subtract(space.src, RANGE).length === 0;
}

/** The VPCEP source range as users write it, for messages and fixes. */
export const VPCEP_RANGE_TEXT = formatRange(VPCEP_SOURCE_RANGE);
const cache = new WeakMap<LintContext, RangeProblem[]>();

/** Every backend security group that does not admit the whole VPCEP range on a mapped port, once per (service, backend, port). */
export function rangeProblems(ctx: LintContext): readonly RangeProblem[] {
  const known = cache.get(ctx);
  if (known) return known;
  const out: RangeProblem[] = [];
  const seen = new Set<string>();
  for (const service of ctx.model.endpointServices.values()) {
    for (const { mapping, paths } of ctx.servicePaths(service)) {
      for (const path of paths) {
        for (const step of path) {
          if (step.node.kind !== 'instance') continue;
          for (const d of step.decisions) {
            if (d.type !== 'filter' || !('spec' in d)) continue;
            const spec = d.spec;
            if (!(spec.filter === 'security-group' && spec.direction === 'ingress') && !(spec.filter === 'network-acl' && spec.direction === 'inbound'))
              continue;
            if (d.outcome !== 'deny' && d.outcome !== 'partial') continue;
            // Every address of the range passes from some source ports: acl-source-ports-narrow's finding, not a range's.
            if (pickedSplit(d.evaluation!, d.space) !== null) continue;
            // Only traffic whose source is the VPCEP range (behind a load balancer the members may see another).
            if (!fromVpcep(d.space)) continue;
            const port = firstPort(d.space);
            const key = `${service.id}\u0000${step.node.id}\u0000${port}\u0000${spec.filter}`;
            if (seen.has(key)) continue;
            seen.add(key);
            out.push(classify(ctx, d, service, mapping, step.node, port));
          }
        }
      }
    }
  }
  cache.set(ctx, out);
  return out;
}

function classify(ctx: LintContext, d: RuleFilterDecision, service: EndpointService, mapping: PortMapping, backend: Instance, port: number): RangeProblem {
  const ev = d.evaluation!;
  const spec = d.spec;
  const groups = backend.securityGroups;
  const acl = spec.filter === 'network-acl' ? spec.acl : null;
  const base = { filter: spec.filter === 'network-acl' ? ('network-acl' as const) : ('security-group' as const), acl, service, mapping, backend, port, groups };
  // A deny decided part of the range: does an allow of the same filter match what it took?
  for (const part of ev.decided) {
    if (part.guard.action !== 'deny') continue;
    const guards = acl !== null ? ctx.cm.networkAclGuards(acl, 'inbound') : ctx.cm.securityGroupGuards(groups, 'ingress');
    const allows: Guard[] = guards.filter((g) => g.action === 'allow');
    const shadows = part.spaces.some((s: FlowSpace) => !isEmptySpace(s) && firstMatch(allows, s).decision !== 'deny');
    const origin = part.guard.origin;
    if (shadows && (origin.kind === 'security-group' || origin.kind === 'network-acl'))
      return { ...base, kind: 'shadowed', deny: origin.rule, denyGroup: origin.resource, admitted: '' };
  }
  const admitted = ev.allowed.flatMap((s) => s.src.map(formatRange));
  return { ...base, kind: d.outcome === 'partial' ? 'partial' : 'missing', deny: null, denyGroup: null, admitted: [...new Set(admitted)].join(', ') };
}

/**
 * A finding where the fix goes — the backend's first security group, or its subnet's network ACL — with the fix (an
 * allow for the whole range on the port the backend sees; first among the ACL's inbound rules) and the trace that
 * shows the problem. Security-group findings use `messageId`; ACL findings its `acl`-prefixed twin (`missing` →
 * `aclMissing`), with the ACL and subnet in the data.
 */
export function rangeFinding(ctx: LintContext, p: RangeProblem, messageId: string, data: Readonly<Record<string, string | number>>): RawFinding {
  const witness = serviceWitness(ctx.model, p.service, p.mapping.terminalPort);
  const rule = { protocol: 'tcp' as const, ports: p.port, source: VPCEP_RANGE_TEXT, action: 'allow' as const, priority: 1, description: 'VPCEP source range' };
  if (p.acl !== null) {
    const acl = ctx.model.networkAcls.get(p.acl)!;
    return {
      messageId: `acl${messageId[0]!.toUpperCase()}${messageId.slice(1)}`,
      data: { ...data, acl: acl.id, subnet: p.backend.subnet },
      location: acl.loc,
      fix: { kind: 'add-network-acl-rule', acl: acl.id, direction: 'inbound', rule },
      ...(witness ? { witness } : {}),
    };
  }
  const group = ctx.model.securityGroups.get(p.groups[0]!)!;
  return {
    messageId,
    data,
    location: group.loc,
    fix: { kind: 'add-security-group-rule', group: group.id, rule: { direction: 'ingress', ...rule } },
    ...(witness ? { witness } : {}),
  };
}
