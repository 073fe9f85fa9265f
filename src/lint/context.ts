import { ALL_ADDRESSES, ALL_ICMP_CODES, PICKED_SOURCE_PORTS, intervals, protoPortOf, type FlowSpace } from '../net/index.js';
import { byVpc, type EndpointService, type Model } from '../model/index.js';
import { CompiledModel } from '../sim/compile.js';
import { Simulator, walkFrom, type PathStep } from '../sim/engine.js';
import { receive } from '../sim/kinds/index.js';
import type { LintContext, ServicePaths } from './types.js';

/** A lint context for a model: its compiled rules, and the engine's walks from each endpoint service, made once. */
export function lintContext(model: Model): LintContext {
  const cm = new CompiledModel(model);
  const walks = new Map<string, ServicePaths[]>();
  let sim: Simulator | undefined;
  return {
    model,
    cm,
    simulator: () => (sim ??= new Simulator(model, cm)),
    servicePaths(service: EndpointService): readonly ServicePaths[] {
      let out = walks.get(service.id);
      if (!out) {
        out = service.portMappings.map((mapping) => {
          // Any consumer's flow on the terminal port, as an endpoint forwards it into the service.
          const space: FlowSpace = {
            protoPort: [{ lo: protoPortOf('tcp', mapping.terminalPort), hi: protoPortOf('tcp', mapping.terminalPort) }],
            src: ALL_ADDRESSES,
            dst: ALL_ADDRESSES,
            srcPort: PICKED_SOURCE_PORTS,
            icmpCode: ALL_ICMP_CODES,
          };
          const paths: PathStep[][] = [];
          walkFrom(cm, service, receive(cm, service, space, { sameSubnet: false, passThrough: false, sources: 'any' }), (p) => paths.push([...p]));
          return { mapping, paths };
        });
        walks.set(service.id, out);
      }
      return out;
    },
  };
}

/** A trace command that shows a flow into a service: a client in the VPC of one of the service's endpoints. */
export function serviceWitness(model: Model, service: EndpointService, terminalPort: number): string | undefined {
  for (const ep of model.endpoints.values()) {
    if (ep.service !== service.id) continue;
    const client = (byVpc(model).get(ep.vpc)?.instances ?? []).find((i) => ep.whitelistSet === null || intervals.has(ep.whitelistSet, i.ip));
    if (client) return `vpcreach trace ${model.file} --from ${client.id} --to ${ep.id} --port ${terminalPort}`;
  }
  return undefined;
}
