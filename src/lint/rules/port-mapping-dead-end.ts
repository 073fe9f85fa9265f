import { firstPort, formatPorts } from '../../net/index.js';
import { pathEnd } from '../../sim/engine.js';
import { serviceWitness } from '../context.js';
import type { LintRule, RawFinding } from '../types.js';

/** A port mapping whose service port leads nowhere: no listener there, or a backend that does not listen. */
export const portMappingDeadEnd: LintRule<'no-listener' | 'not-listening'> = {
  id: 'port-mapping-dead-end',
  severity: 'error',
  description: 'a port mapping whose service port has no listener on the load balancer, or whose backend does not listen there',
  messages: {
    'no-listener':
      'port mapping {{terminalPort}} → {{servicePort}} of endpoint service "{{service}}" leads to load balancer "{{lb}}", which has no TCP listener on port {{servicePort}}: change the mapping\'s service port to one it listens on ({{listening}}), or add a TCP listener on port {{servicePort}}',
    'not-listening':
      'port mapping {{terminalPort}} → {{servicePort}} of endpoint service "{{service}}" leads to "{{backend}}", which does not listen on port {{port}}: start the service on port {{port}} of "{{backend}}", or change the mapping\'s service port to one it listens on ({{listening}})',
  },
  *check(ctx): Generator<RawFinding> {
    for (const service of ctx.model.endpointServices.values()) {
      for (const { mapping, paths } of ctx.servicePaths(service)) {
        const seen = new Set<string>();
        for (const path of paths) {
          const end = pathEnd(path);
          if (end.code !== 'NO_LISTENER' && end.code !== 'NOT_LISTENING') continue;
          if (seen.has(end.at)) continue;
          seen.add(end.at);
          const witness = serviceWitness(ctx.model, service, mapping.terminalPort);
          const data = { terminalPort: mapping.terminalPort, servicePort: mapping.servicePort, service: service.id };
          if (end.code === 'NO_LISTENER') {
            const lb = ctx.model.loadBalancers.get(end.at);
            const ports = (lb?.listeners ?? []).flatMap((id) => {
              const l = ctx.model.listeners.get(id);
              return l && l.protocol !== 'udp' ? [l.port] : [];
            });
            const listening = ports.join(', ') || 'none yet';
            yield { messageId: 'no-listener', data: { ...data, lb: end.at, listening }, location: mapping.loc, ...(witness ? { witness } : {}) };
          } else {
            const last = path[path.length - 1]!.decisions.at(-1)!;
            const port = last.type === 'drop' && 'type' in last.cause && 'space' in last.cause ? firstPort(last.cause.space) : mapping.servicePort;
            const listening = formatPorts(ctx.model.instances.get(end.at)?.listens ?? [], ', ') || 'nothing';
            yield { messageId: 'not-listening', data: { ...data, backend: end.at, port, listening }, location: mapping.loc, ...(witness ? { witness } : {}) };
          }
        }
      }
    }
  },
};
