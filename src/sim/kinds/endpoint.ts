import { intervals, withAxis, type FlowSpace } from '../../net/index.js';
import type { Endpoint, EndpointService } from '../../model/index.js';
import type { CompiledModel, MappingGuard } from '../compile.js';
import type { Branch, Decision, PathFacts } from '../decisions.js';
import { fork, inboundAcl, ruleFilter, splitProtoPort, type RuleFilterSpec } from './common.js';
import type { KindSemantics } from './registry.js';

/**
 * A VPC endpoint: the consumer subnet's inbound ACL, then the endpoint's status, its whitelist, the service's
 * permissions, the protocols VPC endpoints carry and the service's port mappings; what passes goes into the service.
 */
export const endpointSemantics: KindSemantics<'endpoint'> = {
  receive(cm, ep, space, facts) {
    return inboundAcl(cm, [], ep.subnet, space, facts, (out, s) => {
      out.push({ type: 'assume', assumption: 'consumer-acls-only' });
      const service = cm.service(ep);
      const status = { type: 'filter', filter: 'endpoint-status', outcome: cm.endpointAccepted(ep) ? 'allow' : 'deny', endpoint: ep, service } as const;
      out.push(status);
      if (status.outcome === 'deny') {
        out.push({ type: 'drop', code: 'ENDPOINT_NOT_ACCEPTED', at: ep.id, cause: status });
        return [out];
      }
      const afterWhitelist = (o: Decision[], x: FlowSpace): Branch[] => {
        const grant = cm.grant(service, ep.account);
        const permission = { type: 'filter', filter: 'endpoint-permission', outcome: grant ? 'allow' : 'deny', endpoint: ep, service, grant } as const;
        o.push(permission);
        if (!grant) {
          o.push({ type: 'drop', code: 'ENDPOINT_PERMISSION_DENIED', at: service.id, cause: permission });
          return [o];
        }
        return carried(cm, ep, service, facts, o, x);
      };
      const whitelist = cm.whitelistGuards(ep);
      if (whitelist === null) {
        // A list switched off admits every client: said, as the switch's position.
        if (ep.whitelistOff !== null) out.push({ type: 'assume', assumption: 'whitelist-off', endpoint: ep });
        return afterWhitelist(out, s);
      }
      const spec: RuleFilterSpec = {
        filter: 'endpoint-whitelist',
        endpoint: ep,
        resource: ep.id,
        deny: 'ENDPOINT_WHITELIST_DENIED',
        partial: 'ENDPOINT_WHITELIST_DENIED',
        onPartial: 'drop',
      };
      return ruleFilter(out, spec, whitelist, s, facts.sources, afterWhitelist);
    });
  },
};

/** The protocols an endpoint carries, then the port mappings. */
function carried(cm: CompiledModel, ep: Endpoint, service: EndpointService, facts: PathFacts, out: Decision[], space: FlowSpace): Branch[] {
  const yes = intervals.intersect(space.protoPort, cm.endpointProtoPorts);
  const no = intervals.subtract(space.protoPort, cm.endpointProtoPorts);
  const parts = [...(no.length ? [withAxis(space, 'protoPort', no)] : []), ...(yes.length ? [withAxis(space, 'protoPort', yes)] : [])];
  return fork(out, parts, (o, x) => {
    if (x.protoPort === no) {
      const d = { type: 'filter', filter: 'protocol', outcome: 'deny', endpoint: ep, space: x } as const;
      o.push(d, { type: 'drop', code: 'PROTOCOL_NOT_SUPPORTED', at: ep.id, cause: d });
      return [o];
    }
    o.push({ type: 'filter', filter: 'protocol', outcome: 'allow', endpoint: ep, space: x });
    return mapped(cm, service, facts, o, x);
  });
}

/** Pieces of a space by the port mapping of their terminal port, and what no mapping takes. One definition for the endpoint's check and the service's rewrite. */
export function byPortMapping(
  cm: CompiledModel,
  service: EndpointService,
  space: FlowSpace,
): { pieces: { guard: MappingGuard; space: FlowSpace }[]; rest: FlowSpace | null } {
  return splitProtoPort(cm.mappingGuards(service), space);
}

function mapped(cm: CompiledModel, service: EndpointService, facts: PathFacts, out: Decision[], space: FlowSpace): Branch[] {
  const { pieces, rest } = byPortMapping(cm, service, space);
  const spaces = [...(rest ? [rest] : []), ...pieces.map((p) => p.space)];
  return fork(out, spaces, (o, x) => {
    const piece = pieces.find((p) => p.space === x);
    const d = { type: 'filter', filter: 'port-mapping', outcome: piece ? 'allow' : 'deny', service, space: x, mapping: piece?.guard.mapping ?? null } as const;
    o.push(d);
    if (!piece) {
      o.push({ type: 'drop', code: 'NO_PORT_MAPPING', at: service.id, cause: d });
      return [o];
    }
    o.push({ type: 'forward', to: service, space: x, facts });
    return [o];
  });
}
