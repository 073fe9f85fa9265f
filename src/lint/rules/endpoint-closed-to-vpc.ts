import type { Endpoint, Instance } from '../../model/index.js';
import { Simulator } from '../../sim/engine.js';
import { sourceClasses } from '../../symbolic/sources.js';
import type { LintContext, LintRule, RawFinding } from '../types.js';

/** The filters on a client's side of an endpoint: its own groups and subnet ACL, the endpoint subnet's ACL, the whitelist. */
const CLIENT_SIDE = new Set(['SG_EGRESS_DENIED', 'ACL_OUTBOUND_DENIED', 'ACL_INBOUND_DENIED', 'ACL_INBOUND_PARTIAL', 'ENDPOINT_WHITELIST_DENIED']);

const simulators = new WeakMap<LintContext, Simulator>();

/** Where each class of clients stops, or null when some client gets past every client-side filter. */
function stops(sim: Simulator, ep: Endpoint, clients: Instance[][], port: number): { at: string; code: string; clients: number }[] | null {
  const out = new Map<string, { at: string; code: string; clients: number }>();
  for (const cls of clients) {
    const t = sim.trace({ from: cls[0]!.id, to: ep.id, port });
    if (!t.ok) return null;
    // The flow stops at the client (hop 1) or at the endpoint (hop 2) on a filter: the client side refuses it.
    const stopped = t.result.traces.every((p) => p.status === 'dropped' && p.hops.length <= 2 && CLIENT_SIDE.has(p.disposition));
    if (!stopped) return null;
    const p = t.result.traces[0]!;
    const key = `${p.at}\u0000${p.disposition}`;
    const known = out.get(key);
    if (known) known.clients += cls.length;
    else out.set(key, { at: p.at, code: p.disposition, clients: cls.length });
  }
  return [...out.values()];
}

/**
 * An endpoint that no instance of its own VPC can use on a mapped port, because a filter on the client's side refuses
 * them all: their security groups or subnet ACL outbound, or the endpoint subnet's ACL inbound. Every instance of the
 * VPC is tried, by classes the engine treats alike (the same semantics `trace` walks). Whitelists alone are
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
    const byVpc = new Map<string, Instance[][]>();
    for (const ep of ctx.model.endpoints.values()) {
      const service = ctx.model.endpointServices.get(ep.service);
      if (!service || service.portMappings.length === 0) continue;
      let clients = byVpc.get(ep.vpc);
      if (!clients) {
        const inVpc = [...ctx.model.instances.values()].filter((i) => i.vpc === ep.vpc);
        byVpc.set(ep.vpc, (clients = inVpc.length ? sourceClasses(ctx.model, inVpc) : []));
      }
      if (clients.length === 0) continue;
      if (!sim) simulators.set(ctx, (sim = new Simulator(ctx.model)));
      const count = clients.reduce((n, c) => n + c.length, 0);
      for (const port of [...new Set(service.portMappings.map((m) => m.terminalPort))].sort((a, b) => a - b)) {
        const found = stops(sim, ep, clients, port);
        // Nobody stopped, or only by the whitelist (endpoint-whitelist-excludes-vpc says that).
        if (found === null || found.every((s) => s.code === 'ENDPOINT_WHITELIST_DENIED')) continue;
        const why =
          found.length === 1
            ? `${found[0]!.at} refuses every one of them (${found[0]!.code})`
            : `they stop at ${found.map((s) => `${s.at} (${s.code}, ${s.clients})`).join(', ')}`;
        const first = clients[0]![0]!;
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
