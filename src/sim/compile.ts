import { ALL_ADDRESSES, PROTO_PORT_ANY, PROTO_PORT_TCP, intervals, protoPortSet, type IntervalSet } from '../net/index.js';
import {
  admitsEveryone,
  listenerTransport,
  ACL_PRESET,
  ENDPOINT_PROTOCOLS,
  type Endpoint,
  type EndpointService,
  type Instance,
  type Listener,
  type LoadBalancer,
  type Model,
  type Peering,
  type PortMapping,
  type RemoteSpec,
  type Resource,
  type Route,
  type RouteTable,
  type SecurityGroup,
  type Subnet,
  type Vpc,
} from '../model/index.js';
import { box, ruleBox, type Guard } from './guards.js';
import { PeerSets, networkAclOrder, securityGroupOrder } from './rules.js';
import { decideGrant } from './grants.js';

/** Why an endpoint service admits an endpoint's account: it owns it, or a permission entry names it (by id, name or organization path). */
export type Grant =
  | { readonly kind: 'owner'; readonly account: string }
  | {
      readonly kind: 'permission';
      readonly entry: string;
      readonly everyone: boolean;
      readonly account: string;
      readonly by?: 'name' | 'orgPath';
      readonly value?: string;
    };

/** A port mapping as a guard on the protocol-port axis. */
export interface MappingGuard {
  readonly protoPort: IntervalSet;
  readonly mapping: PortMapping;
}

/** A listener as a guard on the protocol-port axis: the (protocol, port) pairs it carries. */
export interface ListenerGuard {
  readonly protoPort: IntervalSet;
  readonly listener: Listener;
}

/** The key of a list of security groups' rules of one direction (compiled once per distinct list). */
const groupListKey = (direction: 'ingress' | 'egress', groups: readonly string[]): string => `${direction}\u0000${groups.join('\u0000')}`;

/** The groups a `groupListKey` names. */
const groupsOfKey = (key: string): string[] => key.split('\u0000').slice(1);

const rangeSet = (r: { lo: number; hi: number }): IntervalSet => [{ lo: r.lo, hi: r.hi }];

/**
 * A model's rules compiled once into guards over flow spaces, and its forwarding adjacency. Everything is
 * compiled on first use and kept: a simulator asks the same questions of the same resources many times.
 */
export class CompiledModel {
  private readonly sgIngress = new WeakMap<readonly string[], Guard[]>();
  private readonly sgEgress = new WeakMap<readonly string[], Guard[]>();
  private readonly sgByKey = new Map<string, Guard[]>();
  private readonly acl = { inbound: new Map<string, Guard[]>(), outbound: new Map<string, Guard[]>() };
  private readonly access = new Map<string, Guard[]>();
  private readonly whitelist = new Map<string, Guard[]>();
  private readonly mappings = new Map<string, MappingGuard[]>();
  private readonly listenerGuards = new Map<string, ListenerGuard[]>();
  private readonly listensSets = new Map<string, IntervalSet>();
  private readonly derived = new Map<object, { readonly value: unknown; readonly reads: ReadonlySet<string> }>();
  private readonly serviceOf = new Map<string, EndpointService>();
  private readonly backendOf = new Map<string, Instance | LoadBalancer>();
  private readonly grants = new Map<EndpointService, Map<string, Grant | null>>();
  private readonly owners = new Map<string, Map<number, Instance | Endpoint | LoadBalancer>>();
  private readonly byPrefix = new Map<string, readonly Route[]>();

  private readonly peers: PeerSets;
  /** Per guard list, the groups its rules name as peers (their members' addresses are read with the list). */
  private readonly peerGroups = new WeakMap<readonly Guard[], readonly string[]>();

  /**
   * What the walks read, when a caller records it (null otherwise): the ids of the records read, and for the filters
   * `<id>:<direction>` (a security group's or network ACL's rules of one direction) and `members:<group>` (the
   * addresses of a group's members, which a rule naming the group as its peer matches). Every read of the model by
   * the kinds' semantics goes through this class, so what a walk read is all its answer depends on: a change to
   * anything else cannot change it (the incremental recheck's index, incremental.ts).
   */
  reads: Set<string> | null = null;

  private read(key: string): void {
    this.reads?.add(key);
  }

  /** Every (protocol, port) pair a VPC endpoint carries. */
  readonly endpointProtoPorts: IntervalSet = intervals.fromRanges(ENDPOINT_PROTOCOLS.flatMap((p) => protoPortSet(p, null)));

  constructor(readonly model: Model) {
    this.peers = new PeerSets(model);
    for (const ep of model.endpoints.values()) this.serviceOf.set(ep.id, model.endpointServices.get(ep.service)!);
    for (const svc of model.endpointServices.values())
      this.backendOf.set(svc.id, model.resources.get(svc.backend.kind === 'elb' ? svc.backend.loadBalancer : svc.backend.instance) as Instance | LoadBalancer);
    for (const lb of model.loadBalancers.values()) {
      const listeners = lb.listeners.flatMap((id) => model.listeners.get(id) ?? []);
      this.listenerGuards.set(
        lb.id,
        listeners.map((l) => ({ protoPort: protoPortSet(listenerTransport(l), [{ lo: l.port, hi: l.port }]), listener: l })),
      );
    }
  }

  /** The resource with this id (known to exist). */
  resource(id: string): Resource {
    this.read(id);
    return this.model.resources.get(id)!;
  }

  /** The subnet with this id (known to exist). */
  subnet(id: string): Subnet {
    this.read(id);
    return this.model.subnets.get(id)!;
  }

  /** The VPC with this id (known to exist). */
  vpc(id: string): Vpc {
    this.read(id);
    return this.model.vpcs.get(id)!;
  }

  /**
   * The route table a subnet uses (null: its VPC's implicit default table, which holds only the local route) and its
   * routes, longest prefix first (ties in file order).
   */
  routeTableOf(subnetId: string): { readonly table: RouteTable | null; readonly byPrefix: readonly Route[] } {
    const id = this.subnet(subnetId).routeTable;
    if (id === null) return { table: null, byPrefix: [] };
    this.read(id);
    const table = this.model.routeTables.get(id)!;
    let byPrefix = this.byPrefix.get(id);
    if (!byPrefix) this.byPrefix.set(id, (byPrefix = [...table.routes].sort((a, b) => b.destination.prefix - a.destination.prefix || a.index - b.index)));
    return { table, byPrefix };
  }

  /** The peering connection with this id (known to exist). */
  peering(id: string): Peering {
    this.read(id);
    return this.model.peerings.get(id)!;
  }

  /** A resource a walk visits: what its kind's semantics read of the node itself. */
  visit(node: Resource): void {
    this.read(node.id);
  }

  /** The service an endpoint connects to. */
  service(endpoint: Endpoint): EndpointService {
    const s = this.serviceOf.get(endpoint.id)!;
    this.read(endpoint.id);
    this.read(s.id);
    return s;
  }

  /** The backend of an endpoint service. */
  backend(service: EndpointService): Instance | LoadBalancer {
    const b = this.backendOf.get(service.id)!;
    this.read(service.id);
    this.read(b.id);
    return b;
  }

  /** The resource of a VPC that holds an address (endpoints first, then instances, then load balancers), if any. */
  addressOwner(vpc: string, ip: number): Instance | Endpoint | LoadBalancer | undefined {
    if (this.reads) this.read(`owners:${vpc}`);
    return this.ownersOf(vpc).get(ip);
  }

  /** Every address of a VPC's resources with its holder, by address. */
  addressOwners(vpc: string): { ip: number; resource: Instance | Endpoint | LoadBalancer }[] {
    if (this.reads) this.read(`owners:${vpc}`);
    return [...this.ownersOf(vpc)].map(([ip, resource]) => ({ ip, resource })).sort((a, b) => a.ip - b.ip);
  }

  private ownersOf(vpc: string): Map<number, Instance | Endpoint | LoadBalancer> {
    let m = this.owners.get(vpc);
    if (!m) {
      m = new Map();
      for (const group of [this.model.endpoints, this.model.instances, this.model.loadBalancers] as ReadonlyMap<string, Endpoint | Instance | LoadBalancer>[]) {
        for (const x of group.values()) if (x.vpc === vpc && !m.has(x.ip)) m.set(x.ip, x);
      }
      this.owners.set(vpc, m);
    }
    return m;
  }

  /** The addresses a security-group rule's peer stands for (see PeerSets). */
  peerSet(remote: RemoteSpec): IntervalSet {
    return this.peers.of(remote);
  }

  /** The rules of security groups in evaluation order: groups in the order given, each group's rules in its own order. */
  securityGroupGuards(groups: readonly string[], direction: 'ingress' | 'egress'): readonly Guard[] {
    // Instances hand in their own group list: cache by that list first, then by its content (shared by instances alike).
    if (this.reads) for (const id of groups) this.read(`${id}:${direction}`);
    const byList = direction === 'ingress' ? this.sgIngress : this.sgEgress;
    let out = byList.get(groups);
    if (out) return this.readPeers(out);
    const key = groupListKey(direction, groups);
    out = this.sgByKey.get(key);
    if (!out) {
      out = [];
      for (const id of groups) {
        const g = this.model.securityGroups.get(id)!;
        for (const rule of securityGroupOrder(g.rules, direction)) {
          const protoPort = protoPortSet(rule.protocol, rule.ports);
          if (protoPort.length === 0) continue;
          const peer = this.peerSet(rule.remote);
          const match = direction === 'ingress' ? ruleBox(protoPort, peer, ALL_ADDRESSES, rule) : ruleBox(protoPort, ALL_ADDRESSES, peer, rule);
          out.push({ match, action: rule.action, origin: { kind: 'security-group', resource: g.id, rule } });
        }
      }
      this.sgByKey.set(key, out);
      const named = new Set<string>();
      for (const g of out) if (g.origin.kind === 'security-group' && g.origin.rule.remote.kind === 'group') named.add(g.origin.rule.remote.group);
      this.peerGroups.set(out, [...named]);
    }
    byList.set(groups, out);
    return this.readPeers(out);
  }

  /** Records that a walk read the members of the groups a guard list names as peers; the list itself is returned. */
  private readPeers(guards: readonly Guard[]): readonly Guard[] {
    if (this.reads) for (const g of this.peerGroups.get(guards) ?? []) this.read(`members:${g}`);
    return guards;
  }

  /**
   * The compiled model of this model with one security group's rules replaced (the incremental recheck's rule step):
   * a new model that shares every record but the group, and a compiled model that shares every compiled part but the
   * guard lists that hold the group. Neither this model nor this compiled model changes.
   */
  withSecurityGroup(group: SecurityGroup): CompiledModel {
    const model: Model = {
      ...this.model,
      securityGroups: new Map(this.model.securityGroups).set(group.id, group),
      resources: new Map(this.model.resources).set(group.id, group),
    };
    const out = Object.create(CompiledModel.prototype) as CompiledModel;
    Object.assign(out, this, {
      model,
      reads: null,
      sgIngress: new WeakMap(),
      sgEgress: new WeakMap(),
      sgByKey: new Map([...this.sgByKey].filter(([key]) => !groupsOfKey(key).includes(group.id))),
      // What the kinds derived from the group's rules (a member's health check) is derived again.
      derived: new Map([...this.derived].filter(([, e]) => ![...e.reads].some((r) => r === group.id || r.startsWith(`${group.id}:`)))),
    });
    return out;
  }

  /** The rules of a network ACL in evaluation order, after the provider's preset allow. */
  networkAclGuards(aclId: string, direction: 'inbound' | 'outbound'): readonly Guard[] {
    if (this.reads) this.read(`${aclId}:${direction}`);
    // One map per direction: no key string built per call (a matrix asks millions of times).
    const byId = this.acl[direction];
    let out = byId.get(aclId);
    if (!out) {
      const acl = this.model.networkAcls.get(aclId)!;
      out = [
        { match: box(PROTO_PORT_ANY, ALL_ADDRESSES, rangeSet(ACL_PRESET.destination)), action: 'allow', origin: { kind: 'acl-preset', resource: acl.id } },
      ];
      for (const rule of networkAclOrder(direction === 'inbound' ? acl.inbound : acl.outbound)) {
        const protoPort = protoPortSet(rule.protocol, rule.ports);
        if (protoPort.length === 0) continue;
        out.push({
          match: ruleBox(protoPort, rangeSet(rule.source), rangeSet(rule.destination), rule),
          action: rule.action,
          origin: { kind: 'network-acl', resource: acl.id, rule },
        });
      }
      byId.set(aclId, out);
    }
    return out;
  }

  /** A listener's access control as guards (whitelist: allow the list; blacklist: deny the list, allow the rest); empty when off. */
  accessControlGuards(listener: Listener): readonly Guard[] {
    this.read(listener.id);
    let out = this.access.get(listener.id);
    if (!out) {
      const ac = listener.accessControl;
      const list: Guard = {
        match: box(PROTO_PORT_ANY, ac.set, ALL_ADDRESSES),
        action: ac.mode === 'whitelist' ? 'allow' : 'deny',
        origin: { kind: 'access-control', resource: listener.id, part: 'list', loc: listener.loc },
      };
      const rest: Guard = {
        match: box(PROTO_PORT_ANY, ALL_ADDRESSES, ALL_ADDRESSES),
        action: 'allow',
        origin: { kind: 'access-control', resource: listener.id, part: 'rest', loc: listener.loc },
      };
      out = ac.mode === 'all' ? [] : ac.mode === 'whitelist' ? [list] : [list, rest];
      this.access.set(listener.id, out);
    }
    return out;
  }

  /** An endpoint's whitelist as a guard list, or null when the whitelist is off. */
  whitelistGuards(endpoint: Endpoint): readonly Guard[] | null {
    this.read(endpoint.id);
    if (endpoint.whitelistSet === null) return null;
    let out = this.whitelist.get(endpoint.id);
    if (!out) {
      out = [
        { match: box(PROTO_PORT_ANY, endpoint.whitelistSet, ALL_ADDRESSES), action: 'allow', origin: { kind: 'endpoint-whitelist', resource: endpoint.id } },
      ];
      this.whitelist.set(endpoint.id, out);
    }
    return out;
  }

  /** Whether an endpoint carries traffic: only an accepted connection does. */
  endpointAccepted(endpoint: Endpoint): boolean {
    this.read(endpoint.id);
    return endpoint.status === 'accepted';
  }

  /** Why a service admits an account, or null when it does not. The owner first, then permissions in order. */
  grant(service: EndpointService, account: string): Grant | null {
    this.read(service.id);
    this.read('accounts');
    let byAccount = this.grants.get(service);
    if (!byAccount) this.grants.set(service, (byAccount = new Map<string, Grant | null>()));
    let out = byAccount.get(account);
    if (out === undefined) byAccount.set(account, (out = decideGrant(this.model, service, account)));
    return out;
  }

  /** The permission that admits every account (`*`, `iam:domain::*`), or null: what a service grants an account it knows nothing of. */
  grantToAnyAccount(service: EndpointService): Grant | null {
    this.read(service.id);
    const p = service.permissions.find(admitsEveryone);
    return p === undefined ? null : { kind: 'permission', entry: p, everyone: true, account: '*' };
  }

  /** A service's port mappings as guards on the terminal port, in file order (the first match wins). */
  mappingGuards(service: EndpointService): readonly MappingGuard[] {
    this.read(service.id);
    let out = this.mappings.get(service.id);
    if (!out) {
      out = service.portMappings.map((m) => ({ protoPort: protoPortSet(m.protocol, [{ lo: m.terminalPort, hi: m.terminalPort }]), mapping: m }));
      this.mappings.set(service.id, out);
    }
    return out;
  }

  /** A load balancer's listeners as guards, in file order (the first match wins; HTTP and HTTPS listeners carry TCP). */
  listeners(lb: LoadBalancer): readonly ListenerGuard[] {
    const out = this.listenerGuards.get(lb.id)!;
    if (this.reads) {
      this.read(lb.id);
      for (const g of out) this.read(g.listener.id);
    }
    return out;
  }

  /** A value the kinds derive from the model (a member's health), computed once; what it read is recorded with every use. */
  derive<T>(key: object, compute: () => T): T {
    let entry = this.derived.get(key);
    if (!entry) {
      const outer = this.reads;
      const reads = new Set<string>();
      this.reads = reads;
      try {
        entry = { value: compute(), reads };
      } finally {
        this.reads = outer;
      }
      this.derived.set(key, entry);
    }
    if (this.reads) for (const r of entry.reads) this.reads.add(r);
    return entry.value as T;
  }

  /** The protocol-port set an instance declares it listens on (TCP only), or null when it declares nothing. */
  listens(instance: Instance): IntervalSet | null {
    this.read(instance.id);
    if (instance.listens === null) return null;
    let out = this.listensSets.get(instance.id);
    if (!out) {
      out = intervals.intersect(protoPortSet('tcp', instance.listens), PROTO_PORT_TCP);
      this.listensSets.set(instance.id, out);
    }
    return out;
  }
}
