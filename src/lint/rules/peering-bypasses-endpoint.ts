import { intervals, protoPortSet } from '../../net/index.js';
import type { Instance } from '../../model/index.js';
import { portClassesBySets, portClassesToOne } from '../../symbolic/set-ports.js';
import type { LintRule, RawFinding } from '../types.js';

/**
 * An endpoint service whose backend a consumer VPC (one that holds an endpoint of the service) reaches directly,
 * around the endpoint: through a peering connection its routes lead into, on a port the service maps. Judged by whole
 * paths (the set driver over the consumer VPC's instances): what the endpoint would check — its approval, its
 * whitelist, the service's permissions — does not apply to that path, and the backend sees the client's own address.
 */
export const peeringBypassesEndpoint: LintRule<'bypass'> = {
  id: 'peering-bypasses-endpoint',
  severity: 'warning',
  description:
    "a consumer VPC reaches an endpoint service's backend directly through VPC peering, bypassing the endpoint's approval, whitelist and permissions",
  messages: {
    bypass:
      'instance "{{client}}" in VPC "{{vpc}}", which uses endpoint service "{{service}}" through endpoint "{{endpoint}}", also reaches its backend "{{backend}}" directly on tcp/{{port}} through VPC peering: the endpoint\'s approval, whitelist and the service\'s permissions do not apply to that path{{back}}',
  },
  *check(ctx): Generator<RawFinding> {
    const m = ctx.model;
    if (m.peerings.size === 0) return;
    for (const svc of m.endpointServices.values()) {
      const ports = intervals.fromRanges(svc.portMappings.flatMap((x) => protoPortSet('tcp', [{ lo: x.servicePort, hi: x.servicePort }])));
      if (!ports.length) continue;
      // The backend and, behind a load balancer, its members: any of them reached directly is the service reached.
      const targets: string[] = svc.backend.kind === 'elb' ? [svc.backend.loadBalancer] : [svc.backend.instance];
      if (svc.backend.kind === 'elb') {
        const lb = m.loadBalancers.get(svc.backend.loadBalancer)!;
        for (const l of lb.listeners) for (const x of m.listeners.get(l)!.members) if (!targets.includes(x.instance)) targets.push(x.instance);
      }
      const seen = new Set<string>();
      for (const ep of m.endpoints.values()) {
        if (ep.service !== svc.id || ep.vpc === svc.vpc || seen.has(ep.vpc)) continue;
        seen.add(ep.vpc);
        const sources = [...m.instances.values()].filter((i) => i.vpc === ep.vpc).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        for (const to of targets) {
          // A backend in the consumer VPC itself (a member there) is reached without crossing anything.
          if ((m.resources.get(to) as { vpc: string }).vpc === ep.vpc) continue;
          const hit = reached(ctx.simulator(), sources, to, ports);
          if (!hit) continue;
          const back = portClassesBySets(ctx.simulator(), to, hit.client.id);
          const answer = back.ok ? back.value.find((c) => c.verdict !== 'unreachable') : undefined;
          yield {
            messageId: 'bypass',
            data: {
              client: hit.client.id,
              vpc: ep.vpc,
              service: svc.id,
              endpoint: ep.id,
              backend: to,
              port: hit.port,
              back: answer ? `; and "${to}" reaches "${hit.client.id}" back (${answer.protocol}/${answer.witness}), which an endpoint never allows` : '',
            },
            location: svc.loc,
            witness: `vpcreach trace ${m.file} --from ${hit.client.id} --to ${to} --port ${hit.port}`,
          };
          break;
        }
      }
    }
  },
};

/** The first source (by id) that reaches `to` on one of `ports` (a delivered or partial class), with its witness port. */
function reached(
  sim: Parameters<typeof portClassesToOne>[0],
  sources: readonly Instance[],
  to: string,
  ports: ReturnType<typeof protoPortSet>,
): { client: Instance; port: number } | null {
  if (!sources.length) return null;
  const r = portClassesToOne(sim, sources, to, ports);
  if (!r.ok) return null;
  for (const i of sources) {
    const c = r.value.get(i.id)?.find((x) => x.verdict !== 'unreachable');
    if (c) return { client: i, port: c.witness };
  }
  return null;
}
