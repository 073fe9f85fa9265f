import type { Endpoint, Instance, LoadBalancer, Model } from './types.js';

/** What a VPC holds that has an address: its instances, endpoints and load balancers, each in model order. */
export interface VpcMembers {
  readonly instances: readonly Instance[];
  readonly endpoints: readonly Endpoint[];
  readonly loadBalancers: readonly LoadBalancer[];
}

const cache = new WeakMap<Model, ReadonlyMap<string, VpcMembers>>();

/** A model's addressed resources by VPC (made once per model). */
export function byVpc(model: Model): ReadonlyMap<string, VpcMembers> {
  let out = cache.get(model);
  if (out) return out;
  const m = new Map<string, { instances: Instance[]; endpoints: Endpoint[]; loadBalancers: LoadBalancer[] }>();
  const of = (vpc: string) => {
    let g = m.get(vpc);
    if (!g) m.set(vpc, (g = { instances: [], endpoints: [], loadBalancers: [] }));
    return g;
  };
  for (const i of model.instances.values()) of(i.vpc).instances.push(i);
  for (const e of model.endpoints.values()) of(e.vpc).endpoints.push(e);
  for (const lb of model.loadBalancers.values()) of(lb.vpc).loadBalancers.push(lb);
  out = m;
  cache.set(model, out);
  return out;
}
