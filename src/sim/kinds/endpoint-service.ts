import { PICKED_SOURCE_PORTS, intervals, protoPortOf, protocolOfProtoPort, type FlowSpace, type IntervalSet } from '../../net/index.js';
import { VPCEP_SOURCE_RANGE, type EndpointService } from '../../model/index.js';
import type { Branch, Decision } from '../decisions.js';
import { fork } from './common.js';
import { byPortMapping } from './endpoint.js';
import type { KindSemantics } from './registry.js';

/**
 * The protocol-port values this kind's rewrite turns one into another: a mapping's terminal port becomes its service
 * port (the rewrite in \`receive\` below). Analyses that ask which client ports can reach a filter follow these back.
 */
export function serviceTranslations(service: EndpointService): { from: number; to: number }[] {
  return service.portMappings.map((m) => ({ from: protoPortOf('tcp', m.terminalPort), to: protoPortOf('tcp', m.servicePort) }));
}

const VPCEP_SOURCES: IntervalSet = Object.freeze([{ lo: VPCEP_SOURCE_RANGE.lo, hi: VPCEP_SOURCE_RANGE.hi }]);

/**
 * A VPC endpoint service: rewrites the terminal port to the service port and the destination to the backend, then
 * replaces the source with the VPCEP range (any address of it), and forwards to the backend from outside any subnet.
 */
export const endpointServiceSemantics: KindSemantics<'endpointService'> = {
  receive(cm, service, space, facts) {
    const backend = cm.backend(service);
    const { pieces, rest } = byPortMapping(cm, service, space);
    const branches: Branch[] = [];
    if (rest) {
      // Only endpoints forward here, and they drop what no mapping takes; kept total all the same.
      const d = { type: 'filter', filter: 'port-mapping', outcome: 'deny', service, space: rest, mapping: null } as const;
      branches.push([d, { type: 'drop', code: 'NO_PORT_MAPPING', at: service.id, cause: d }]);
    }
    for (const b of fork(
      [],
      pieces.map((p) => p.space),
      (out: Decision[], x: FlowSpace) => {
        const { mapping } = pieces.find((p) => p.space === x)!.guard;
        const protocols = new Set(x.protoPort.map((r) => protocolOfProtoPort(r.lo)));
        const protoPort = intervals.fromRanges(
          [...protocols].map((p) => ({ lo: protoPortOf(p, mapping.servicePort), hi: protoPortOf(p, mapping.servicePort) })),
        );
        const after: FlowSpace = { protoPort, src: x.src, dst: [{ lo: backend.ip, hi: backend.ip }], srcPort: x.srcPort, icmpCode: x.icmpCode };
        // VPCEP picks the source port as it picks the address.
        const snat: FlowSpace = { protoPort, src: VPCEP_SOURCES, dst: after.dst, srcPort: PICKED_SOURCE_PORTS, icmpCode: x.icmpCode };
        out.push(
          { type: 'transform', transform: 'port-mapping', service, backend, mapping, before: x, after },
          { type: 'transform', transform: 'vpcep-snat', before: after, after: snat },
          { type: 'assume', assumption: 'vpcep-any-source' },
          {
            type: 'forward',
            to: backend,
            space: snat,
            facts: { sameSubnet: false, passThrough: facts.passThrough, sources: 'any', via: { service, mapping } },
          },
        );
        return [out];
      },
    ))
      branches.push(b);
    return branches;
  },
};
