/**
 * What a change to a network does to its flows: every flow (source instance, destination, protocol, port) decided in
 * the model before and in the model after, flows whose verdict got better listed as gained, worse as lost. Classes
 * are computed over both models together — an instance's class before and its class after make its joint class —
 * and the ports are cut where either model cuts them, so each (joint class, destination, port run) is decided once
 * in each model and stands for all its flows. Sparse by VPC: a source only reaches destinations of its own VPC (an
 * endpoint carries it on to another VPC), and a VPC whose every input is unchanged (its resources, the groups and
 * network ACLs they use, the services its endpoints lead to, and those services' VPCs) is skipped. A resource in one
 * model only is "absent" in the other: flows to or from a new endpoint are gained when they are delivered.
 */
import { SVC_UDP_BASE, type FlowProtocol, type PortRange } from '../net/index.js';
import type { Instance, Model } from '../model/index.js';
import type { Decided, Simulator } from '../sim/engine.js';
import type { Verdict } from '../sim/types.js';
import { serviceCutsOf } from './ports.js';
import { sourceClasses, withOwnClass } from './sources.js';

/** Flows of one joint class to one destination whose verdict changed alike. */
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

const RANK: Record<Verdict, number> = { unreachable: 0, partial: 1, reachable: 2 };
const rank = (d: Decided | null): number => (d === null ? 0 : RANK[d.verdict]);

/** The flows gained and lost from `before` to `after`. */
export function diffModels(before: Simulator, after: Simulator): ModelDiff {
  const a = before.model;
  const b = after.model;
  const vpcIds = [...new Set([...a.vpcs.keys(), ...b.vpcs.keys()])].sort();
  const sigA = blockSignatures(a);
  const sigB = blockSignatures(b);
  const changed = vpcIds.filter((v) => sigA.get(v) !== sigB.get(v));
  const runs = portRunsOfBoth(a, b);
  const classA = classIndex(a);
  const classB = classIndex(b);
  const sidesA = new Sides(a);
  const sidesB = new Sides(b);
  const changes: FlowChange[] = [];
  for (const vpc of changed) {
    // Sources: instances in this VPC in either model, grouped by their joint class.
    const sources = new Map<string, Instance[]>();
    const ids = new Set<string>();
    for (const m of [a, b]) for (const i of m.instances.values()) if (i.vpc === vpc) ids.add(i.id);
    for (const id of [...ids].sort()) {
      // Instances whose own side changed are apart from those whose side did not: the latter need only the
      // destinations whose side changed.
      const moved = sidesA.source(id) !== sidesB.source(id);
      const key = `${classA.get(id) ?? -1}|${classB.get(id) ?? -1}|${a.instances.get(id)?.vpc ?? ''}|${b.instances.get(id)?.vpc ?? ''}|${moved ? 1 : 0}`;
      const inst = (b.instances.get(id) ?? a.instances.get(id))!;
      const c = sources.get(key);
      if (c) c.push(inst);
      else sources.set(key, [inst]);
    }
    const destinations = new Set<string>();
    for (const m of [a, b]) {
      for (const r of [...m.endpoints.values(), ...m.loadBalancers.values(), ...m.instances.values()]) if (r.vpc === vpc) destinations.add(r.id);
    }
    for (const to of [...destinations].sort()) {
      const destinationChanged = sidesA.destination(to) !== sidesB.destination(to);
      for (const cls of withOwnClass([...sources.values()], to)) {
        const from = cls[0]!.id;
        // Neither end changed: every flow between them is decided as before.
        if (!destinationChanged && cls[0]!.id !== to && sidesA.source(from) === sidesB.source(from)) continue;
        for (const protocol of ['tcp', 'udp'] as const) {
          // Runs with the same change are merged into one entry, however far apart their ports are.
          const entries = new Map<string, { kind: 'gained' | 'lost'; before: Decided | null; after: Decided | null; ports: { lo: number; hi: number }[] }>();
          for (const [lo, hi] of runs[protocol]) {
            const q = { from, to, port: lo, protocol };
            const da = decideIn(before, q);
            const db = decideIn(after, q);
            const ra = rank(da);
            const rb = rank(db);
            if (ra === rb) continue;
            const kind = rb > ra ? 'gained' : 'lost';
            const key = `${kind}|${da ? `${da.verdict}|${da.code}|${da.at}` : '-'}|${db ? `${db.verdict}|${db.code}|${db.at}` : '-'}`;
            const e = entries.get(key);
            if (!e) entries.set(key, { kind, before: da, after: db, ports: [{ lo, hi }] });
            else {
              const last = e.ports[e.ports.length - 1]!;
              if (last.hi + 1 === lo) last.hi = hi;
              else e.ports.push({ lo, hi });
            }
          }
          for (const e of entries.values()) {
            changes.push({ ...e, sources: cls.map((i) => i.id), to, protocol, witness: { from, to, port: e.ports[0]!.lo, protocol } });
          }
        }
      }
    }
  }
  const order = (x: FlowChange, y: FlowChange): number =>
    (x.kind === y.kind ? 0 : x.kind === 'gained' ? -1 : 1) ||
    cmp(x.to, y.to) ||
    cmp(x.sources[0]!, y.sources[0]!) ||
    cmp(x.protocol, y.protocol) ||
    x.ports[0]!.lo - y.ports[0]!.lo;
  changes.sort(order);
  let gainedFlows = 0;
  let lostFlows = 0;
  for (const c of changes) {
    let n = 0;
    for (const p of c.ports) n += p.hi - p.lo + 1;
    if (c.kind === 'gained') gainedFlows += n * c.sources.length;
    else lostFlows += n * c.sources.length;
  }
  return { changes, gainedFlows, lostFlows, vpcsCompared: changed.length, vpcsUnchanged: vpcIds.length - changed.length };
}

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A decision in a model, or null when the flow's source or destination is not in it. */
function decideIn(sim: Simulator, q: { from: string; to: string; port: number; protocol: FlowProtocol }): Decided | null {
  if (!sim.model.instances.has(q.from) || !sim.model.resources.has(q.to)) return null;
  const d = sim.decide(q);
  return d.ok ? d.result : null;
}

/** Each instance's class index in its model. */
function classIndex(m: Model): Map<string, number> {
  const out = new Map<string, number>();
  sourceClasses(
    m,
    [...m.instances.values()].sort((x, y) => cmp(x.id, y.id)),
  ).forEach((c, k) => {
    for (const i of c) out.set(i.id, k);
  });
  return out;
}

/** Runs of ports (per protocol) on which both models' hops decide alike: the union of both models' cuts. */
function portRunsOfBoth(a: Model, b: Model): Record<FlowProtocol, [number, number][]> {
  const cuts = [...new Set([...serviceCutsOf(a), ...serviceCutsOf(b), 0, SVC_UDP_BASE, 2 * SVC_UDP_BASE])].sort((x, y) => x - y);
  const out: Record<FlowProtocol, [number, number][]> = { tcp: [], udp: [] };
  for (let i = 0; i + 1 < cuts.length; i++) {
    const lo = cuts[i]!;
    const hi = cuts[i + 1]! - 1;
    const protocol: FlowProtocol = lo >= SVC_UDP_BASE ? 'udp' : 'tcp';
    const base = protocol === 'udp' ? SVC_UDP_BASE : 0;
    const first = Math.max(1, lo - base);
    const last = Math.min(65535, hi - base);
    if (first <= last) out[protocol].push([first, last]);
  }
  return out;
}

/**
 * Per VPC, a text of everything the flows from its instances depend on: its own resources (VPC, subnets, instances,
 * load balancers with listeners, endpoints), the security groups and network ACLs they use, and for each endpoint
 * its service and the service VPC's resources, groups and ACLs; plus the model's accounts. Source locations are left
 * out, so moving a line changes nothing. Equal texts mean equal answers for every flow from the VPC.
 */
function blockSignatures(m: Model): Map<string, string> {
  const local = new Map<string, string>();
  for (const vpc of m.vpcs.values()) {
    const parts: unknown[] = [vpc];
    const groups = new Set<string>();
    const acls = new Set<string>();
    for (const s of m.subnets.values()) {
      if (s.vpc !== vpc.id) continue;
      parts.push(s);
      if (s.networkAcl) acls.add(s.networkAcl);
    }
    for (const i of m.instances.values()) {
      if (i.vpc !== vpc.id) continue;
      parts.push(i);
      for (const g of i.securityGroups) groups.add(g);
    }
    for (const l of m.loadBalancers.values()) {
      if (l.vpc !== vpc.id) continue;
      parts.push(l);
      for (const id of l.listeners) parts.push(m.listeners.get(id));
    }
    for (const e of m.endpoints.values()) if (e.vpc === vpc.id) parts.push(e);
    for (const s of m.endpointServices.values()) if (s.vpc === vpc.id) parts.push(s);
    for (const g of [...groups].sort()) parts.push(m.securityGroups.get(g) ?? g);
    for (const a of [...acls].sort()) parts.push(m.networkAcls.get(a) ?? a);
    local.set(vpc.id, JSON.stringify(parts, noLoc));
  }
  const accounts = JSON.stringify([...m.accounts.values()], noLoc);
  const out = new Map<string, string>();
  for (const vpc of m.vpcs.values()) {
    const reached = new Set<string>();
    for (const e of m.endpoints.values()) {
      const svc = e.vpc === vpc.id ? m.endpointServices.get(e.service) : undefined;
      if (svc) reached.add(svc.vpc);
    }
    reached.delete(vpc.id);
    out.set(vpc.id, [accounts, local.get(vpc.id), ...[...reached].sort().map((v) => local.get(v))].join('\n'));
  }
  return out;
}

/**
 * What the flows of one model depend on, end by end, as text to compare with the other model's (locations left
 * out): a source's side is its instance, subnet and the subnet's network ACL, its security groups, and the
 * listeners it is a member of; a destination's side is its own record, subnet, ACL and groups — for a load balancer
 * also its listeners and their members' sides, for an endpoint also its service and the service backend's side.
 * Both include the VPC with its subnets (routing) and the model's accounts (permissions). A flow whose two sides are
 * unchanged is decided as before.
 */
class Sides {
  private readonly texts = new Map<string, string>();
  private readonly sources = new Map<string, string>();
  private readonly destinations = new Map<string, string>();
  private readonly memberOf = new Map<string, string[]>();
  private readonly accounts: string;

  constructor(private readonly m: Model) {
    this.accounts = JSON.stringify([...m.accounts.values()], noLoc);
    for (const l of m.listeners.values())
      for (const x of l.members) (this.memberOf.get(x.instance) ?? this.memberOf.set(x.instance, []).get(x.instance)!).push(l.id);
  }

  /** A resource's own record as text, once. */
  private text(id: string | null): string {
    if (id === null) return '';
    let t = this.texts.get(id);
    if (t === undefined) this.texts.set(id, (t = JSON.stringify(this.m.resources.get(id) ?? null, noLoc)));
    return t;
  }

  /** An instance's place: itself, its subnet with the ACL, its VPC, its groups. */
  private placed(id: string): string {
    const i = this.m.instances.get(id);
    if (!i) return '';
    const subnet = this.m.subnets.get(i.subnet);
    return [this.text(id), this.text(i.subnet), this.text(subnet?.networkAcl ?? null), this.text(i.vpc), ...i.securityGroups.map((g) => this.text(g))].join(
      '\n',
    );
  }

  source(id: string): string {
    let t = this.sources.get(id);
    if (t === undefined) {
      t = this.m.instances.has(id) ? [this.accounts, this.placed(id), ...(this.memberOf.get(id) ?? []).map((l) => this.text(l))].join('\n') : '';
      this.sources.set(id, t);
    }
    return t;
  }

  destination(id: string): string {
    let t = this.destinations.get(id);
    if (t !== undefined) return t;
    const r = this.m.resources.get(id);
    if (!r) t = '';
    else if (r.kind === 'instance') t = [this.accounts, this.placed(id)].join('\n');
    else if (r.kind === 'loadBalancer') t = [this.accounts, this.loadBalancer(id)].join('\n');
    else if (r.kind === 'endpoint') {
      const svc = this.m.endpointServices.get(r.service);
      const backend = !svc ? '' : svc.backend.kind === 'elb' ? this.loadBalancer(svc.backend.loadBalancer) : this.placed(svc.backend.instance);
      const subnet = this.m.subnets.get(r.subnet);
      t = [
        this.accounts,
        this.text(id),
        this.text(r.subnet),
        this.text(subnet?.networkAcl ?? null),
        this.text(r.vpc),
        this.text(r.service),
        this.text(svc?.vpc ?? null),
        backend,
      ].join('\n');
    } else t = this.text(id);
    this.destinations.set(id, t);
    return t;
  }

  private loadBalancer(id: string): string {
    const lb = this.m.loadBalancers.get(id);
    if (!lb) return '';
    const subnet = this.m.subnets.get(lb.subnet);
    const parts = [this.text(id), this.text(lb.subnet), this.text(subnet?.networkAcl ?? null), this.text(lb.vpc)];
    for (const l of lb.listeners) {
      parts.push(this.text(l));
      for (const x of this.m.listeners.get(l)?.members ?? []) parts.push(this.placed(x.instance));
    }
    return parts.join('\n');
  }
}

function noLoc(key: string, value: unknown): unknown {
  return key === 'loc' ? undefined : value;
}
