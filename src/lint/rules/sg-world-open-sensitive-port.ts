import { ALL_ADDRESSES, PROTO_PORT_UDP_BASE, intervals, pointSpace, protoPortOf } from '../../net/index.js';
import { INTERNET, type Instance, type SecurityGroup } from '../../model/index.js';
import { pathEnd } from '../../sim/engine.js';
import { originOf } from '../../sim/set-driver.js';
import { EVERY_PORT } from '../../symbolic/set-ports.js';
import { firstMatch } from '../../sim/guards.js';
import { serviceWitness } from '../context.js';
import type { LintContext, LintRule, LintSeverity, RawFinding } from '../types.js';

/** Ports that should never be open to the whole internet, with what usually listens there. */
const SENSITIVE_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [3389, 'RDP'],
  [1433, 'SQL Server'],
  [1521, 'Oracle'],
  [3306, 'MySQL'],
  [5432, 'PostgreSQL'],
  [6379, 'Redis'],
  [9200, 'Elasticsearch'],
  [11211, 'Memcached'],
  [27017, 'MongoDB'],
]);

interface Exposure {
  readonly severity: LintSeverity;
  readonly text: string;
  readonly witness?: string;
}

/** An instance an endpoint service delivers to, on which port, and whether other accounts use the service. */
interface Delivery {
  readonly instance: Instance;
  readonly protoPort: readonly { readonly lo: number; readonly hi: number }[];
  readonly service: string;
  readonly others: boolean;
  readonly witness: string | undefined;
}

const deliveriesOf = new WeakMap<LintContext, Map<string, Delivery[]>>();

/** Every delivery of every endpoint service's paths, by security group of the instance delivered to (made once). */
function deliveries(ctx: LintContext): Map<string, Delivery[]> {
  let byGroup = deliveriesOf.get(ctx);
  if (byGroup) return byGroup;
  byGroup = new Map();
  for (const service of ctx.model.endpointServices.values()) {
    const others =
      [...ctx.model.endpoints.values()].some((e) => e.service === service.id && e.account !== service.account) || ctx.cm.grantToAnyAccount(service) !== null;
    for (const { mapping, paths } of ctx.servicePaths(service)) {
      for (const path of paths) {
        if (pathEnd(path).status === 'dropped') continue;
        const last = path[path.length - 1]!.decisions.at(-1)!;
        if (last.type !== 'deliver' || last.at.kind !== 'instance') continue;
        const d: Delivery = {
          instance: last.at,
          protoPort: last.space.protoPort,
          service: service.id,
          others,
          witness: serviceWitness(ctx.model, service, mapping.terminalPort),
        };
        for (const g of last.at.securityGroups) {
          const list = byGroup.get(g) ?? [];
          list.push(d);
          byGroup.set(g, list);
        }
      }
    }
  }
  deliveriesOf.set(ctx, byGroup);
  return byGroup;
}

/** An instance the internet delivers to (some public addresses or all), on which ports, and the flow that shows it. */
interface InternetDelivery {
  readonly instance: Instance;
  readonly protoPort: readonly { readonly lo: number; readonly hi: number }[];
  /** The resource the flow is sent to (the instance, or the load balancer in front of it) and the ports it uses there. */
  readonly to: string;
  readonly sent: readonly { readonly lo: number; readonly hi: number }[];
}

const internetOf = new WeakMap<LintContext, Map<string, InternetDelivery[]>>();

/**
 * Every delivery of the internet's flows, by security group of the instance delivered to (made once): the engine's
 * walk from every public address to each instance and load balancer on every port, through the EIPs, DNAT rules and
 * load balancers the kinds define.
 */
function internetDeliveries(ctx: LintContext): Map<string, InternetDelivery[]> {
  let byGroup = internetOf.get(ctx);
  if (byGroup) return byGroup;
  byGroup = new Map();
  const sim = ctx.simulator();
  for (const to of [...ctx.model.instances.values(), ...ctx.model.loadBalancers.values()]) {
    sim.walkSets({ from: INTERNET.id, to: to.id }, EVERY_PORT, (path, input) => {
      if (pathEnd(path).status === 'dropped') return;
      const last = path[path.length - 1]!.decisions.at(-1)!;
      if (last.type !== 'deliver' || last.at.kind !== 'instance') return;
      const d: InternetDelivery = { instance: last.at, protoPort: last.space.protoPort, to: to.id, sent: originOf(path, input).protoPort };
      for (const g of last.at.securityGroups) {
        const list = byGroup.get(g) ?? [];
        list.push(d);
        byGroup.set(g, list);
      }
    });
  }
  internetOf.set(ctx, byGroup);
  return byGroup;
}

/**
 * How far a flow on `port` to a member of `group` reaches from outside its VPC: from the internet (error: through an
 * EIP, a DNAT rule or a load balancer with an EIP), through an endpoint service the engine delivers on that port to
 * such an instance — from other accounts (error), from the owner's other VPCs (warning) — or not at all (info).
 */
function exposure(ctx: LintContext, group: SecurityGroup, port: number): Exposure {
  const s = protoPortOf('tcp', port);
  for (const d of internetDeliveries(ctx).get(group.id) ?? []) {
    if (!intervals.has(d.protoPort, s)) continue;
    // The port the flow is sent on: the same one, unless a DNAT rule forwards another port to it.
    const sent = intervals.has(d.sent, s) ? s : d.sent[0]!.lo;
    const shown = sent > PROTO_PORT_UDP_BASE ? sent - PROTO_PORT_UDP_BASE : sent;
    const via = d.to === d.instance.id ? '' : ` through "${d.to}"`;
    return {
      severity: 'error',
      text: `the internet reaches "${d.instance.id}" on it${via}${shown === port ? '' : ` (sent to port ${shown})`}`,
      witness: `vpcreach trace ${ctx.model.file} --from internet --to ${d.to} --port ${shown}`,
    };
  }
  let best: Exposure | null = null;
  for (const d of deliveries(ctx).get(group.id) ?? []) {
    if (!d.protoPort.some((r) => r.lo <= s && s <= r.hi)) continue;
    const w = d.witness ? { witness: d.witness } : {};
    if (d.others) return { severity: 'error', text: `other accounts reach "${d.instance.id}" on it through endpoint service "${d.service}"`, ...w };
    best ??= { severity: 'warning', text: `other VPCs reach "${d.instance.id}" on it through endpoint service "${d.service}"`, ...w };
  }
  return best ?? { severity: 'info', text: 'no path from the internet or from outside its instances’ VPCs reaches it' };
}

/** A security group that admits the whole internet on a sensitive port, ranked by how exposed its instances are. */
export const sgWorldOpenSensitivePort: LintRule<'open'> = {
  id: 'sg-world-open-sensitive-port',
  severity: 'warning',
  description:
    'a security group that admits 0.0.0.0/0 on SSH, RDP or a database port; error when the internet or another account reaches it, info when nothing outside the VPC does',
  messages: {
    open: 'security group "{{group}}" admits {{service}} (TCP {{port}}) from 0.0.0.0/0: {{exposure}}',
  },
  *check(ctx): Generator<RawFinding> {
    for (const group of ctx.model.securityGroups.values()) {
      const guards = ctx.cm.securityGroupGuards([group.id], 'ingress');
      for (const [port, service] of SENSITIVE_PORTS) {
        // The group's own first-match decision for the whole address space on this port.
        const ev = firstMatch(guards, pointSpace('tcp', port, ALL_ADDRESSES, 0));
        if (ev.decision !== 'allow') continue;
        const rule = ev.decided.find((p) => p.guard.action === 'allow' && p.guard.origin.kind === 'security-group')?.guard.origin;
        if (!rule || rule.kind !== 'security-group') continue;
        const e = exposure(ctx, group, port);
        yield {
          messageId: 'open',
          data: { group: group.id, service, port, exposure: e.text },
          location: rule.rule.loc,
          severity: e.severity,
          ...(e.witness ? { witness: e.witness } : {}),
        };
      }
    }
  },
};
