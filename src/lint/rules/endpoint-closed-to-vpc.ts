import type { Endpoint, Instance } from '../../model/index.js';
import { Simulator, type Decided } from '../../sim/engine.js';
import { protoPortSet } from '../../net/index.js';
import { portClassesToOne } from '../../symbolic/set-ports.js';
import type { LintContext, LintRule, RawFinding } from '../types.js';

/** The filters on a client's side of an endpoint: its own groups and subnet ACL, and the whitelist (always); an ACL inbound when it is the endpoint subnet's. */
const CLIENT_SIDE = new Set(['SG_EGRESS_DENIED', 'ACL_OUTBOUND_DENIED', 'ENDPOINT_WHITELIST_DENIED']);

const simulators = new WeakMap<LintContext, Simulator>();

/** Whether a decided flow stopped on the client's side of the endpoint (every path stops there, before any fork). */
function stoppedClientSide(ctx: LintContext, ep: Endpoint, d: Pick<Decided, 'verdict' | 'code' | 'at'>): boolean {
  if (d.verdict !== 'unreachable') return false;
  if (CLIENT_SIDE.has(d.code)) return true;
  return d.code === 'ACL_INBOUND_DENIED' && d.at === ctx.model.subnets.get(ep.subnet)?.networkAcl;
}

/** Where the clients stop, or null when some client gets past every client-side filter: one walk of the set driver from all of them. */
function stops(
  ctx: LintContext,
  sim: Simulator,
  ep: Endpoint,
  clients: readonly Instance[],
  port: number,
): { at: string; code: string; clients: number }[] | null {
  const r = portClassesToOne(sim, clients, ep.id, protoPortSet('tcp', [{ lo: port, hi: port }]));
  if (!r.ok) return null;
  const out = new Map<string, { at: string; code: string; clients: number }>();
  for (const i of clients) {
    const d = r.value.get(i.id)![0]!;
    if (!stoppedClientSide(ctx, ep, d)) return null;
    const key = `${d.at}\u0000${d.code}`;
    const known = out.get(key);
    if (known) known.clients++;
    else out.set(key, { at: d.at, code: d.code, clients: 1 });
  }
  return [...out.values()];
}

/**
 * An endpoint that no instance of its own VPC can use on a mapped port, because a filter on the client's side refuses
 * them all: their security groups or subnet ACL outbound, or the endpoint subnet's ACL inbound. Every instance of the
 * VPC is tried, in one walk of the set driver from all of them (the same semantics `trace` walks). Whitelists alone are
 * `endpoint-whitelist-excludes-vpc`.
 */
export const endpointClosedToVpc: LintRule<'closed'> = {
  id: 'endpoint-closed-to-vpc',
  severity: 'warning',
  description: "an endpoint that no instance of its VPC reaches on a mapped port: a client-side filter (security groups, either subnet's ACL) refuses them all",
  messages: {
    closed:
      'no instance of VPC "{{vpc}}" ({{count}}) reaches endpoint "{{endpoint}}" on terminal port {{port}}: {{why}}; the endpoint is usable by nobody there',
  },
  *check(ctx): Generator<RawFinding> {
    let sim = simulators.get(ctx);
    const instances = new Map<string, Instance[]>();
    for (const i of ctx.model.instances.values()) {
      const list = instances.get(i.vpc);
      if (list) list.push(i);
      else instances.set(i.vpc, [i]);
    }
    const instancesOf = (vpc: string): Instance[] => instances.get(vpc) ?? [];
    for (const ep of ctx.model.endpoints.values()) {
      const service = ctx.model.endpointServices.get(ep.service);
      if (!service || service.portMappings.length === 0) continue;
      const inVpc = instancesOf(ep.vpc);
      if (inVpc.length === 0) continue;
      if (!sim) simulators.set(ctx, (sim = new Simulator(ctx.model)));
      for (const port of [...new Set(service.portMappings.map((m) => m.terminalPort))].sort((a, b) => a - b)) {
        // Most endpoints are open to their VPC: the first instance shows it, and no classes need be made.
        const probe = sim.decide({ from: inVpc[0]!.id, to: ep.id, port });
        if (!probe.ok || !stoppedClientSide(ctx, ep, probe.value)) continue;
        const count = inVpc.length;
        const found = stops(ctx, sim, ep, inVpc, port);
        // Nobody stopped, or only by the whitelist (endpoint-whitelist-excludes-vpc says that).
        if (found === null || found.every((s) => s.code === 'ENDPOINT_WHITELIST_DENIED')) continue;
        const why =
          found.length === 1
            ? `${found[0]!.at} refuses every one of them (${found[0]!.code})`
            : `they stop at ${found.map((s) => `${s.at} (${s.code}, ${s.clients})`).join(', ')}`;
        const first = inVpc[0]!;
        yield {
          messageId: 'closed',
          data: { vpc: ep.vpc, count, endpoint: ep.id, port, why },
          location: ep.loc,
          witness: `vpcreach trace ${ctx.model.file} --from ${first.id} --to ${ep.id} --port ${port} --all-blockers`,
        };
      }
    }
  },
};
