import type { FlowSpace } from '../../net/index.js';
import type { Resource } from '../../model/index.js';
import type { CompiledModel } from '../compile.js';
import type { Branch, PathFacts } from '../decisions.js';
import type { AddressedResource, Instance, Internet } from '../../model/index.js';
import { endpointServiceSemantics } from './endpoint-service.js';
import { eipSemantics, internetSemantics, natGatewaySemantics, sendFromInternet } from './internet.js';
import { endpointSemantics } from './endpoint.js';
import { instanceSemantics, send as sendFromInstance } from './instance.js';
import { listenerSemantics } from './listener.js';
import { loadBalancerSemantics } from './load-balancer.js';
import type { KindSemantics, SemanticsRegistry } from './registry.js';

/**
 * A client sending a flow: an instance (its egress groups, routing, its subnet's outbound ACL) or the internet
 * (through the EIPs and DNAT rules that lead in). `named` is the destination resource when the flow names one.
 */
export function send(cm: CompiledModel, client: Instance | Internet, space: FlowSpace, named: string | null): Branch[] {
  if (client.kind === 'instance') return sendFromInstance(cm, client, space, named);
  return sendFromInternet(cm, space, named === null ? null : (cm.resource(named) as AddressedResource));
}

export type { KindSemantics, SemanticsRegistry } from './registry.js';

/**
 * Every resource kind's semantics. The type is total: a kind added to the model without an entry here does not
 * compile. VPCs, subnets, security groups, network ACLs, route tables and peering connections are not hops: they act
 * through the kinds that use them (routing: routing.ts).
 */
export const SEMANTICS: SemanticsRegistry = {
  vpc: null,
  subnet: null,
  securityGroup: null,
  networkAcl: null,
  instance: instanceSemantics,
  loadBalancer: loadBalancerSemantics,
  listener: listenerSemantics,
  endpointService: endpointServiceSemantics,
  endpoint: endpointSemantics,
  peering: null,
  routeTable: null,
  eip: eipSemantics,
  natGateway: natGatewaySemantics,
  internet: internetSemantics,
};

/** What a node does with a space, by its kind. Throws (a bug, not bad input) when traffic reaches a kind that is not a hop. */
export function receive(cm: CompiledModel, node: Resource, space: FlowSpace, facts: PathFacts): Branch[] {
  const semantics = SEMANTICS[node.kind] as KindSemantics<typeof node.kind> | null;
  if (semantics === null) throw new Error(`receive: traffic reached ${node.kind} ${node.id}, which is not a hop`);
  if (node.kind !== 'internet') cm.visit(node);
  return semantics.receive(cm, node, space, facts);
}
