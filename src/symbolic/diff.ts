/**
 * What a change to a network does to its flows: every flow (source instance, destination, protocol, port) decided in
 * the model before and in the model after, flows whose verdict got better listed as gained, worse as lost. Each
 * destination is one walk of the set driver from every source at once in each model (on the ports the change can
 * touch); sources whose changes are alike are one entry. By VPC: a VPC's sources against what the kinds' routing
 * reaches from it in either model (an endpoint carries a flow on to another VPC), and a VPC whose every input is unchanged (its resources, the
 * groups and network ACLs they use, the services its endpoints lead to, and those services' VPCs) is skipped. A
 * resource in one model only is "absent" in the other: flows to or from a new endpoint are gained when they are
 * delivered.
 */
import { intervals, protoPortSet, type FlowProtocol, type IntervalSet, type PortRange } from '../net/index.js';
import { INTERNET, MAX_TRACED_FAILURES, byVpc, pushAll, type Model } from '../model/index.js';
import { serviceTranslations } from '../sim/kinds/endpoint-service.js';
import { listenerTranslations } from '../sim/kinds/listener.js';
import { healthCheckTranslations } from '../sim/kinds/health.js';
import { dnatTranslations } from '../sim/kinds/internet.js';
import type { Decided, Simulator } from '../sim/engine.js';
import type { TraceResult } from '../sim/types.js';
import { changesTo, classesOfLists, diffOf } from './diff-compare.js';
import { EVERY_PORT, portClassesBySets } from './set-ports.js';
import type { PortClass } from './ports.js';

/** Flows of some sources to one destination whose verdict changed alike (every source's flows on those ports alike). */
export interface FlowChange {
  readonly kind: 'gained' | 'lost';
  /** The source instances (sorted): every one of them changed alike. */
  readonly sources: readonly string[];
  readonly to: string;
  readonly protocol: FlowProtocol;
  readonly ports: readonly PortRange[];
  /** The decision before, or null when the source or the destination is not in the model before. */
  readonly before: Decided | null;
  /** The decision after, or null when the source or the destination is not in the model after. */
  readonly after: Decided | null;
  /** One flow of the change (first source, first port): `vpcreach trace` explains it on each side. */
  readonly witness: { readonly from: string; readonly to: string; readonly port: number; readonly protocol: FlowProtocol };
}

/** The difference of two models' flows. */
export interface ModelDiff {
  /** Gained first, then lost; each by destination, first source, protocol and first port. */
  readonly changes: readonly FlowChange[];
  /** How many flows were gained and lost (sources × ports summed over the changes). */
  readonly gainedFlows: number;
  readonly lostFlows: number;
  /** VPCs compared, and those skipped because nothing they depend on changed. */
  readonly vpcsCompared: number;
  readonly vpcsUnchanged: number;
}

/**
 * The flows gained and lost from `before` to `after`. `services`, when given, limits the comparison to those values
 * of the protocol-port axis (protocol and port; see net/flow-space.ts): a caller that knows the change touches only some
 * ports (a rule's) says so, and flows on other ports are not decided again.
 */
export function diffModels(before: Simulator, after: Simulator, options: { services?: IntervalSet } = {}): ModelDiff {
  const a = before.model;
  const b = after.model;
  const vpcIds = [...new Set([...a.vpcs.keys(), ...b.vpcs.keys()])].sort();
  const sides = new Sides(a, b);
  const changed = vpcIds.filter((v) => sides.blockChanged(v));
  // Only rules changed: only their ports can change a flow (every other flow meets the same rules in the same order).
  const touched = throughTranslations([a, b], sides.touchedServices());
  const services = options.services && touched ? intervals.intersect(options.services, touched) : (options.services ?? touched ?? undefined);
  const walked = services ? intervals.intersect(services, EVERY_PORT) : EVERY_PORT;
  const changes: FlowChange[] = [];
  for (const vpc of changed) {
    const ids = new Set<string>();
    for (const m of [a, b]) for (const id of idsInVpc(m, vpc)) if (m.instances.has(id)) ids.add(id);
    const sources = [...ids].sort();
    const moved = sources.filter((id) => sides.sourceChanged(id));
    const destinations = routedFrom(vpc, sources, [before, after]);
    for (const to of [...destinations].sort()) {
      // Neither end changed: every flow between them is decided as before. The destination itself is decided anew.
      // The lists walked are the same for every destination of the VPC (the walk prepares a list once).
      const alone = !sides.destinationChanged(to) && ids.has(to) && !sides.sourceChanged(to) ? [to] : null;
      const lists = sides.destinationChanged(to) ? [sources] : alone ? [moved, alone] : [moved];
      const from = lists.length === 1 ? lists[0]! : [...moved, to].sort();
      if (from.length === 0) continue;
      const ca = classesOfLists(before, lists, to, walked);
      const cb = classesOfLists(after, lists, to, walked);
      pushAll(changes, changesTo(ca, cb, from, to, walked));
    }
  }
  pushAll(changes, internetChanges(before, after, sides, sides.exposureChanged ? null : new Set(changed), walked));
  return diffOf(changes, changed.length, vpcIds.length - changed.length);
}

/**
 * The internet's flows that changed: from the internet to each instance and load balancer whose side changed, and
 * from each instance whose side changed to the internet, of the VPCs compared (`vpcs`; null: every VPC and every
 * resource, when an EIP or a NAT gateway changed). A flow whose end did not change is decided as before, as between
 * two resources. The internet is one source: its classes say what some or every public address gets.
 */
function internetChanges(before: Simulator, after: Simulator, sides: Sides, vpcs: ReadonlySet<string> | null, walked: IntervalSet): FlowChange[] {
  const ids = new Set<string>();
  for (const sim of [before, after])
    for (const r of [...sim.model.loadBalancers.values(), ...sim.model.instances.values()]) if (vpcs === null || vpcs.has(r.vpc)) ids.add(r.id);
  const classes = (sim: Simulator, from: string, to: string): Map<string, PortClass[]> => {
    const m = sim.model;
    const out = new Map<string, PortClass[]>();
    if (!m.resources.has(from === INTERNET.id ? to : from)) return out;
    const r = portClassesBySets(sim, from, to, walked);
    return r.ok ? out.set(from, r.value) : out;
  };
  const out: FlowChange[] = [];
  for (const id of [...ids].sort()) {
    if (vpcs === null || sides.destinationChanged(id))
      pushAll(out, changesTo(classes(before, INTERNET.id, id), classes(after, INTERNET.id, id), [INTERNET.id], id, walked));
    if ((before.model.instances.has(id) || after.model.instances.has(id)) && (vpcs === null || sides.sourceChanged(id)))
      pushAll(out, changesTo(classes(before, id, INTERNET.id), classes(after, id, INTERNET.id), [id], INTERNET.id, walked));
  }
  return out;
}

/**
 * What the VPC's instances reach in either model, asked of the kinds' routing (Simulator.routes, as the matrix asks
 * it: each subnet's first instance, in each model, for the subnet's). A pair routed in neither model ends alike in both.
 */
function routedFrom(vpc: string, sources: readonly string[], sims: readonly Simulator[]): Set<string> {
  const out = new Set<string>();
  for (const sim of sims) {
    const m = sim.model;
    const firsts = new Map<string, string>();
    for (const id of sources) {
      const i = m.instances.get(id);
      if (i?.vpc === vpc && !firsts.has(i.subnet)) firsts.set(i.subnet, id);
    }
    for (const r of [...m.endpoints.values(), ...m.loadBalancers.values(), ...m.instances.values()])
      for (const client of firsts.values()) if (sim.routes(client, r.id)) out.add(r.id);
  }
  return out;
}

/** Endpoint, load balancer and instance ids of a VPC, in that order. */
function idsInVpc(m: Model, vpc: string): string[] {
  const g = byVpc(m).get(vpc);
  return g ? [...g.endpoints, ...g.loadBalancers, ...g.instances].map((r) => r.id) : [];
}

/**
 * What changed between two models, resource by resource (each compared as data, source locations left out), and
 * what the flows depend on, end by end: a source's side is its instance, subnet and the subnet's network ACL, its
 * VPC, its security groups, and the listeners it is a member of; a destination's side is its own record, subnet, ACL,
 * VPC and groups — for a load balancer also its listeners and their members' sides, for an endpoint also its service,
 * the service's VPC and the backend's side. The accounts (permissions) belong to every side. A flow whose two sides
 * are unchanged is decided as before; a VPC none of whose instances' or destinations' sides changed is skipped.
 */
class Sides {
  private readonly changed = new Set<string>();
  private readonly accounts: boolean;
  private readonly memberOf = new Map<string, string[]>();
  private readonly sources = new Map<string, boolean>();
  private readonly destinations = new Map<string, boolean>();
  /** Whether an EIP or a NAT gateway is not the same in both models. */
  exposureChanged = false;

  constructor(
    private readonly a: Model,
    private readonly b: Model,
  ) {
    this.accounts = JSON.stringify([...a.accounts.values()], noLoc) !== JSON.stringify([...b.accounts.values()], noLoc);
    let routing = false;
    for (const id of new Set([...a.resources.keys(), ...b.resources.keys()])) {
      const x = a.resources.get(id);
      const y = b.resources.get(id);
      if (x === y) continue;
      if (!x || !y || !sameData(x, y)) {
        this.changed.add(id);
        // Routes and peering connections decide which VPCs reach which, both ways: every flow is decided again.
        if ((x ?? y)!.kind === 'routeTable' || (x ?? y)!.kind === 'peering') routing = true;
        // EIPs and NAT gateways decide what the internet reaches and what reaches it: its flows are compared everywhere.
        if ((x ?? y)!.kind === 'eip' || (x ?? y)!.kind === 'natGateway') this.exposureChanged = true;
      }
    }
    this.accounts ||= routing;
    for (const m of [a, b]) {
      for (const l of m.listeners.values())
        for (const x of l.members) (this.memberOf.get(x.instance) ?? this.memberOf.set(x.instance, []).get(x.instance)!).push(l.id);
    }
  }

  private any(ids: Iterable<string | null | undefined>): boolean {
    for (const id of ids) if (id && this.changed.has(id)) return true;
    return false;
  }

  /** An instance's place in either model: itself, its subnet with the ACL, its VPC, its groups. */
  private placed(id: string): boolean {
    for (const m of [this.a, this.b]) {
      const i = m.instances.get(id);
      if (!i) continue;
      if (this.any([id, i.subnet, m.subnets.get(i.subnet)?.networkAcl, i.vpc, ...i.securityGroups])) return true;
    }
    return this.changed.has(id);
  }

  sourceChanged(id: string): boolean {
    let v = this.sources.get(id);
    if (v === undefined) this.sources.set(id, (v = this.accounts || this.placed(id) || this.any(this.memberOf.get(id) ?? [])));
    return v;
  }

  destinationChanged(id: string): boolean {
    let v = this.destinations.get(id);
    if (v !== undefined) return v;
    v = this.accounts || this.changed.has(id);
    for (const m of [this.a, this.b]) {
      if (v) break;
      const r = m.resources.get(id);
      if (r?.kind === 'instance') v = this.placed(id);
      else if (r?.kind === 'loadBalancer') v = this.loadBalancer(m, id);
      else if (r?.kind === 'endpoint') {
        const svc = m.endpointServices.get(r.service);
        const backend = !svc ? false : svc.backend.kind === 'elb' ? this.loadBalancer(m, svc.backend.loadBalancer) : this.placed(svc.backend.instance);
        v = backend || this.any([r.subnet, m.subnets.get(r.subnet)?.networkAcl, r.vpc, r.service, svc?.vpc]);
      }
    }
    this.destinations.set(id, v);
    return v;
  }

  private loadBalancer(m: Model, id: string): boolean {
    const lb = m.loadBalancers.get(id);
    if (!lb) return this.changed.has(id);
    if (this.any([id, lb.subnet, m.subnets.get(lb.subnet)?.networkAcl, lb.vpc, ...lb.listeners])) return true;
    for (const l of lb.listeners) for (const x of m.listeners.get(l)?.members ?? []) if (this.placed(x.instance)) return true;
    return false;
  }

  /**
   * When every changed resource is a security group or a network ACL whose rules differ as a collection (rules
   * compared without their place in the file), the protocol-port values of the differing rules; otherwise null. A flow
   * that matches none of them meets the same rules in the same order in both models, so it is decided alike.
   */
  touchedServices(): IntervalSet | null {
    if (this.accounts) return null;
    let out: IntervalSet = intervals.EMPTY;
    for (const id of this.changed) {
      const ra = rulesOf(this.a, id);
      const rb = rulesOf(this.b, id);
      if (!ra || !rb) return null;
      // A network ACL switched on or off changes every port it filters.
      if (this.a.networkAcls.get(id)?.enabled !== this.b.networkAcls.get(id)?.enabled) return null;
      const count = new Map<string, { n: number; protoPort: IntervalSet }>();
      for (const r of ra) {
        const c = count.get(r.key);
        if (c) c.n++;
        else count.set(r.key, { n: 1, protoPort: r.protoPort });
      }
      for (const r of rb) {
        const c = count.get(r.key);
        if (c) c.n--;
        else count.set(r.key, { n: -1, protoPort: r.protoPort });
      }
      let differs = false;
      for (const c of count.values()) {
        if (c.n === 0) continue;
        differs = true;
        out = intervals.union(out, c.protoPort);
      }
      // The same rules in another order (same priority and action) can decide a flow by another rule: no limit.
      if (!differs) return null;
    }
    return out;
  }

  /**
   * Whether flows from the VPC's instances may have changed: any of its instances' or destinations' sides did, or
   * the side of a destination in a VPC it is peered with (the routes reach it there).
   */
  blockChanged(vpc: string): boolean {
    if (this.accounts || this.changed.has(vpc)) return true;
    for (const m of [this.a, this.b]) {
      for (const id of idsInVpc(m, vpc)) {
        if (m.instances.has(id) ? this.sourceChanged(id) || this.destinationChanged(id) : this.destinationChanged(id)) return true;
      }
      for (const p of m.peerings.values()) {
        const far = p.vpc === vpc ? p.peerVpc : p.peerVpc === vpc ? p.vpc : null;
        if (far !== null && idsInVpc(m, far).some((id) => this.destinationChanged(id))) return true;
      }
    }
    return false;
  }
}

/**
 * Whether two resources are the same data, as their JSON would say with locations left out (keys in any order): walked
 * side by side, stopping at the first difference — a model diffed after one edit is not printed whole.
 */
function sameData(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return false;
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameData(x[i], y[i])) return false;
    return true;
  }
  const ox = x as Record<string, unknown>;
  const oy = y as Record<string, unknown>;
  let n = 0;
  for (const k in ox) {
    if (k === 'loc' || ox[k] === undefined) continue;
    n++;
    if (!sameData(ox[k], oy[k])) return false;
  }
  for (const k in oy) if (k !== 'loc' && oy[k] !== undefined) n--;
  return n === 0;
}

function noLoc(key: string, value: unknown): unknown {
  return key === 'loc' ? undefined : value;
}

/** A security group's or network ACL's rules as comparable keys with their protocol-port values; null for other resources. */
function rulesOf(m: Model, id: string): { key: string; protoPort: IntervalSet }[] | null {
  const noPlace = (key: string, value: unknown): unknown => (key === 'loc' || key === 'index' ? undefined : value);
  const g = m.securityGroups.get(id);
  if (g) return g.rules.map((r) => ({ key: JSON.stringify(r, noPlace), protoPort: protoPortSet(r.protocol, r.ports) }));
  const a = m.networkAcls.get(id);
  if (a) {
    return [
      ...a.inbound.map((r) => ({ key: `in ${JSON.stringify(r, noPlace)}`, protoPort: protoPortSet(r.protocol, r.ports) })),
      ...a.outbound.map((r) => ({ key: `out ${JSON.stringify(r, noPlace)}`, protoPort: protoPortSet(r.protocol, r.ports) })),
    ];
  }
  return null;
}

/**
 * The client-side ports whose flows can reach a filter on one of `services`: the ports themselves, and what port
 * translations turn into them — an endpoint's terminal port into its service port, a listener's port into its members'
 * — followed back to a fixpoint (terminal port → listener port → member port). A listener's port also depends on its
 * health check's port, which decides its members. Null stays null (no limit).
 */
export function throughTranslations(models: readonly Model[], services: IntervalSet | null): IntervalSet | null {
  if (services === null) return null;
  const steps: { from: number; to: number }[] = [];
  for (const m of models) {
    for (const s of m.endpointServices.values()) pushAll(steps, serviceTranslations(s));
    for (const l of m.listeners.values()) {
      pushAll(steps, listenerTranslations(l));
      pushAll(steps, healthCheckTranslations(l));
    }
    for (const g of m.natGateways.values()) pushAll(steps, dnatTranslations(g));
  }
  let out = services;
  for (let grew = true; grew;) {
    grew = false;
    for (const st of steps) {
      if (intervals.has(out, st.to) && !intervals.has(out, st.from)) {
        out = intervals.union(out, [{ lo: st.from, hi: st.from }]);
        grew = true;
      }
    }
  }
  return out;
}

/**
 * The witness of each change traced on each side (null where the flow's ends are not in that model), for the first
 * `max` changes: what `diff --format json` and the diff report show hop by hop.
 */
export function witnessTraces(
  before: Simulator,
  after: Simulator,
  d: ModelDiff,
  max = MAX_TRACED_FAILURES,
): { readonly before: TraceResult | null; readonly after: TraceResult | null }[] {
  const traceIn = (sim: Simulator, w: FlowChange['witness']): TraceResult | null => {
    const t = sim.trace(w);
    return t.ok ? t.value : null;
  };
  return d.changes.slice(0, max).map((c) => ({ before: c.before ? traceIn(before, c.witness) : null, after: c.after ? traceIn(after, c.witness) : null }));
}
