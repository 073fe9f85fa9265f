/**
 * How the VPCEP source range fares at each backend security group, as the engine decides it: every path of every
 * port mapping is walked from its endpoint service, and each ingress security-group filter that sees traffic from
 * the range and does not admit all of it is classified once — no allow rule for the range (`missing`), an
 * allow for part of it only (`partial`), or an allow taken away by a deny decided first (`shadowed`). Three rules
 * report the three classes.
 */
import { formatRange, intervals, isEmptySpace, type FlowSpace } from '../net/index.js';
import { VPCEP_SOURCE_RANGE, type EndpointService, type Instance, type PortMapping, type SecurityGroupRule } from '../model/index.js';
import type { RuleFilterDecision } from '../sim/decisions.js';
import { firstMatch, type Guard } from '../sim/guards.js';
import { serviceWitness } from './context.js';
import type { LintContext, RawFinding } from './types.js';

export interface RangeProblem {
  readonly kind: 'missing' | 'partial' | 'shadowed';
  readonly service: EndpointService;
  readonly mapping: PortMapping;
  readonly backend: Instance;
  /** The port the backend sees (the service port, or a member's port behind a load balancer). */
  readonly port: number;
  readonly groups: readonly string[];
  /** The deny rule decided first, for `shadowed`. */
  readonly deny: SecurityGroupRule | null;
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
            if (d.type !== 'filter' || !('spec' in d) || d.spec.filter !== 'security-group' || d.spec.direction !== 'ingress') continue;
            if (d.outcome !== 'deny' && d.outcome !== 'partial') continue;
            // Only traffic whose source is the VPCEP range (behind a load balancer the members may see another).
            if (!fromVpcep(d.space)) continue;
            const port = d.space.svc[0]!.lo & 0xffff;
            const key = `${service.id}\u0000${step.node.id}\u0000${port}`;
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
  const groups = backend.securityGroups;
  const base = { service, mapping, backend, port, groups };
  // A deny decided part of the range: does an allow of these groups match what it took?
  for (const part of ev.decided) {
    if (part.guard.action !== 'deny') continue;
    const allows: Guard[] = ctx.cm.securityGroupGuards(groups, 'ingress').filter((g) => g.action === 'allow');
    const shadows = part.spaces.some((s: FlowSpace) => !isEmptySpace(s) && firstMatch(allows, s).decision !== 'deny');
    const origin = part.guard.origin;
    if (shadows && origin.kind === 'security-group') return { ...base, kind: 'shadowed', deny: origin.rule, denyGroup: origin.resource, admitted: '' };
  }
  const admitted = ev.allowed.flatMap((s) => s.src.map(formatRange));
  return { ...base, kind: d.outcome === 'partial' ? 'partial' : 'missing', deny: null, denyGroup: null, admitted: [...new Set(admitted)].join(', ') };
}

/**
 * A finding at the backend's first security group (where the fix adds the rule): an allow for the whole range on the
 * port the backend sees, and the trace that shows the problem.
 */
export function rangeFinding(ctx: LintContext, p: RangeProblem, messageId: string, data: Readonly<Record<string, string | number>>): RawFinding {
  const group = ctx.model.securityGroups.get(p.groups[0]!)!;
  const witness = serviceWitness(ctx.model, p.service, p.mapping.terminalPort);
  return {
    messageId,
    data,
    location: group.loc,
    fix: {
      kind: 'add-security-group-rule',
      group: group.id,
      rule: { direction: 'ingress', protocol: 'tcp', ports: p.port, source: VPCEP_RANGE_TEXT, action: 'allow', priority: 1, description: 'VPCEP source range' },
    },
    ...(witness ? { witness } : {}),
  };
}
