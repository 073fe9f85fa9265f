import { MultiDirectedGraph } from 'graphology';
import type { Model, Resource } from '../model/index.js';

/** Attributes of a topology node. */
interface NodeAttributes {
  readonly kind: Resource['kind'];
}

/** Edge kinds: how traffic can move from one addressable thing to the next. */
export type EdgeKind = 'connects-to' | 'backend' | 'listener' | 'member';

/** Attributes of a topology edge. */
export interface EdgeAttributes {
  readonly kind: EdgeKind;
  /** For member edges: the member's position in the listener and its port. */
  readonly memberIndex?: number;
  readonly port?: number;
}

/** The forwarding topology: endpoints → services → backends; load balancers → listeners → members. */
export type Topology = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

/** Builds the topology of a validated model. Node and edge order follow the model file. */
export function buildTopology(model: Model): Topology {
  const g: Topology = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: false });
  for (const kind of [model.instances, model.loadBalancers, model.listeners, model.endpointServices, model.endpoints] as ReadonlyMap<string, Resource>[]) {
    for (const r of kind.values()) g.addNode(r.id, { kind: r.kind });
  }
  for (const ep of model.endpoints.values()) g.addDirectedEdge(ep.id, ep.service, { kind: 'connects-to' });
  for (const svc of model.endpointServices.values()) {
    g.addDirectedEdge(svc.id, svc.backend.kind === 'elb' ? svc.backend.loadBalancer : svc.backend.instance, { kind: 'backend' });
  }
  for (const lb of model.loadBalancers.values()) for (const l of lb.listeners) if (g.hasNode(l)) g.addDirectedEdge(lb.id, l, { kind: 'listener' });
  for (const l of model.listeners.values()) {
    l.members.forEach((m, i) => g.addDirectedEdge(l.id, m.instance, { kind: 'member', memberIndex: i, port: m.port }));
  }
  return g;
}

/** Targets of `node`'s out-edges of one kind, in insertion order. */
export function successors(g: Topology, node: string, kind: EdgeKind): { target: string; attributes: EdgeAttributes }[] {
  const out: { target: string; attributes: EdgeAttributes }[] = [];
  g.forEachOutEdge(node, (_e, attributes, _s, target) => {
    if (attributes.kind === kind) out.push({ target, attributes });
  });
  return out;
}
