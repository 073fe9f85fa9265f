import type { FlowSpace, IntervalSet } from '../net/index.js';
import type {
  AddressedResource,
  DnatRule,
  Eip,
  Endpoint,
  EndpointService,
  HealthCheck,
  Instance,
  Internet,
  Listener,
  LoadBalancer,
  LoadBalancerSource,
  Member,
  NatGateway,
  Peering,
  PortMapping,
  Resource,
  Route,
  RouteTable,
  SnatRule,
} from '../model/index.js';
import type { Grant } from './compile.js';
import type { DispositionCode } from './dispositions.js';
import type { Evaluation } from './guards.js';

/**
 * What the path knows about the traffic that reaches a node, beyond its headers. These facts replace the
 * engine-wide flags a hop rule would otherwise consult.
 */
export interface PathFacts {
  /**
   * The traffic comes from inside the receiving node's own subnet (a client there, or a dedicated load balancer's leg
   * from there): no network ACL lies between them. False from another subnet or from outside any (VPCEP, a shared
   * load balancer).
   */
  readonly sameSubnet: boolean;
  /** Forwarded by a dedicated load balancer's layer-4 listener without "IP as a backend": member security groups and network ACLs do not filter it. */
  readonly passThrough: boolean;
  /**
   * How the source axis reads: `flows` — each address is a flow of its own (the clients' own addresses, kept by a
   * pass-through load balancer), so a filter that admits some of them splits the flows; `any` — one flow's source is
   * any one address of the range (after VPCEP's or a load balancer's source rewrite), so a filter that admits part of
   * it admits the flow in part.
   */
  readonly sources: SourceAxis;
  /** The endpoint service and port mapping the traffic came through, when it did: a consumer cannot choose the backend port. */
  readonly via?: { readonly service: EndpointService; readonly mapping: PortMapping };
}

/** How a space's source axis reads: see PathFacts.sources. */
export type SourceAxis = 'flows' | 'any';

/** How a filter's outcome is read: `narrow` continues with the admitted part (the source is "any address of a range"), `drop` stops unless all passes. */
type PartialMode = 'narrow' | 'drop';

/** What a rule filter is and what its outcomes mean; fixed per resource, shared by every decision of that filter. */
export type RuleFilterSpec = (
  | { readonly filter: 'security-group'; readonly direction: 'ingress' | 'egress'; readonly groups: readonly string[] }
  | { readonly filter: 'network-acl'; readonly direction: 'inbound' | 'outbound'; readonly acl: string; readonly subnet: string }
  | { readonly filter: 'listener-access-control'; readonly listener: Listener }
  | { readonly filter: 'endpoint-whitelist'; readonly endpoint: Endpoint }
) & {
  /** The resource a drop or a partial finding is reported at, unless a deny rule names another. */
  readonly resource: string;
  readonly deny: DispositionCode;
  readonly partial: DispositionCode;
  readonly onPartial: PartialMode;
};

/** A filter decided by first-match rules, whose partial outcome may narrow the flow. */
export interface RuleFilterDecision {
  readonly type: 'filter';
  readonly filter: RuleFilterSpec['filter'];
  readonly spec: RuleFilterSpec;
  /** What reached the filter. */
  readonly space: FlowSpace;
  readonly outcome: 'allow' | 'deny' | 'partial' | 'bypass';
  /** The first-match evaluation; null when the filter was bypassed. */
  readonly evaluation: Evaluation | null;
}

/** A filter decision: which filter looked at which flows, and what it decided. */
export type FilterDecision =
  | RuleFilterDecision
  | {
      readonly type: 'filter';
      readonly filter: 'endpoint-status';
      readonly outcome: 'allow' | 'deny';
      readonly endpoint: Endpoint;
      readonly service: EndpointService;
    }
  | {
      readonly type: 'filter';
      readonly filter: 'endpoint-permission';
      readonly outcome: 'allow' | 'deny';
      readonly endpoint: Endpoint;
      readonly service: EndpointService;
      readonly grant: Grant | null;
    }
  | { readonly type: 'filter'; readonly filter: 'protocol'; readonly outcome: 'allow' | 'deny'; readonly endpoint: Endpoint; readonly space: FlowSpace }
  | {
      readonly type: 'filter';
      readonly filter: 'port-mapping';
      readonly outcome: 'allow' | 'deny';
      readonly service: EndpointService;
      readonly space: FlowSpace;
      readonly mapping: PortMapping | null;
    }
  | {
      readonly type: 'filter';
      readonly filter: 'listener';
      readonly outcome: 'allow' | 'deny';
      readonly loadBalancer: LoadBalancer;
      readonly space: FlowSpace;
      readonly listener: Listener | null;
      /** The endpoint service and mapping the flow came through, when it did. */
      readonly via: PathFacts['via'] | null;
    }
  | {
      readonly type: 'filter';
      readonly filter: 'member-health';
      readonly outcome: 'allow' | 'deny';
      readonly listener: Listener;
      readonly usable: readonly Member[];
      readonly skipped: readonly Member[];
      /** Each member's health and why (kinds/health.ts). */
      readonly health: ReadonlyMap<Member, MemberHealth>;
    }
  | { readonly type: 'filter'; readonly filter: 'listening-port'; readonly outcome: 'allow' | 'deny'; readonly instance: Instance; readonly space: FlowSpace }
  | PeeringRouteDecision
  | NatRuleDecision;

/**
 * Why a member is healthy or not: the model says so; no health check runs (none is modelled, or it is switched off), so
 * the load balancer sends to it; or its health check, sent as a flow from the load balancer's source to the member,
 * decides (`refused`: the check's path that does not reach the member whole, with the filter that decided).
 */
export type MemberHealth =
  | { readonly by: 'model'; readonly healthy: boolean }
  | { readonly by: 'unchecked'; readonly healthy: true; readonly check: HealthCheck | null }
  | {
      readonly by: 'check';
      readonly healthy: boolean;
      readonly check: HealthCheck;
      readonly probe: FlowSpace;
      readonly refused: Branch | null;
    };

/**
 * A NAT gateway's rule lookup: the SNAT rule that serves the flow's sources (flows from its VPC), or the DNAT rule that
 * forwards the flow's EIP port (flows from the internet); `rule` null when none does.
 */
export type NatRuleDecision =
  | {
      readonly type: 'filter';
      readonly filter: 'snat-rule';
      readonly outcome: 'allow' | 'deny';
      readonly gateway: NatGateway;
      readonly rule: SnatRule | null;
      readonly space: FlowSpace;
    }
  | {
      readonly type: 'filter';
      readonly filter: 'dnat-rule';
      readonly outcome: 'allow' | 'deny';
      readonly gateway: NatGateway;
      readonly eip: Eip;
      readonly rule: DnatRule | null;
      /** The resource the flow was sent to by name, when a DNAT rule of this EIP forwards the port elsewhere. */
      readonly named: AddressedResource | null;
      readonly space: FlowSpace;
    };

/**
 * A flow routed through a VPC peering connection, and whether the destination's side routes the replies back through
 * it: the route back is looked up for the client's address in the route table of the destination's subnet. Routes are
 * not stateful: without the route back, the connection never completes.
 */
export interface PeeringRouteDecision {
  readonly type: 'filter';
  readonly filter: 'route';
  readonly outcome: 'allow' | 'deny';
  readonly space: FlowSpace;
  /** The client's route table and the route that sends the flow into the peering connection. */
  readonly table: RouteTable;
  readonly route: Route;
  readonly peering: Peering;
  readonly destination: AddressedResource;
  /** What the destination's side does with the client's address: its route table (null: the VPC's implicit one) and where it sends the replies. */
  readonly back: { readonly table: RouteTable | null; readonly choice: RouteChoice };
}

/** Where a subnet's routes send some addresses: the local route (the VPC's own range), a custom route, or nowhere. */
export type RouteChoice =
  | { readonly kind: 'local' }
  | { readonly kind: 'none' }
  | { readonly kind: 'route'; readonly table: RouteTable; readonly route: Route }
  /** The public addresses, through the sender's EIP. */
  | { readonly kind: 'eip'; readonly eip: Eip };

/**
 * A rewrite of the flow's headers. An axis the rewrite keeps is the same object in `before` and `after`: what is cut
 * after it on that axis is still a cut of the original flows (the set driver reads path ends this way).
 */
type TransformDecision =
  | {
      readonly type: 'transform';
      readonly transform: 'port-mapping';
      readonly service: EndpointService;
      readonly backend: Instance | LoadBalancer;
      readonly mapping: PortMapping;
      readonly before: FlowSpace;
      readonly after: FlowSpace;
    }
  | { readonly type: 'transform'; readonly transform: 'vpcep-snat'; readonly before: FlowSpace; readonly after: FlowSpace }
  | {
      readonly type: 'transform';
      readonly transform: 'elb-fullnat';
      readonly listener: Listener;
      readonly member: Member;
      readonly before: FlowSpace;
      readonly after: FlowSpace;
    }
  /** An EIP's one-to-one NAT: `in`, its public address becomes the bound resource's private one; `out`, the reverse for the source. */
  | {
      readonly type: 'transform';
      readonly transform: 'eip-nat';
      readonly eip: Eip;
      readonly way: 'in' | 'out';
      readonly before: FlowSpace;
      readonly after: FlowSpace;
    }
  | {
      readonly type: 'transform';
      readonly transform: 'snat';
      readonly gateway: NatGateway;
      readonly rule: SnatRule;
      readonly eip: Eip;
      readonly before: FlowSpace;
      readonly after: FlowSpace;
    }
  | {
      readonly type: 'transform';
      readonly transform: 'dnat';
      readonly gateway: NatGateway;
      readonly rule: DnatRule;
      readonly before: FlowSpace;
      readonly after: FlowSpace;
    };

/** The source a load balancer uses towards its members, and why. */

/** An assumption the engine made, or a rule that did not apply and why: no effect on the flow, shown as a note. */
type AssumeDecision =
  | { readonly type: 'assume'; readonly assumption: 'same-subnet-no-acl'; readonly subnet: string }
  | { readonly type: 'assume'; readonly assumption: 'destination-in-same-subnet'; readonly destination: string; readonly subnet: string }
  | { readonly type: 'assume'; readonly assumption: 'consumer-acls-only' }
  | { readonly type: 'assume'; readonly assumption: 'vpcep-any-source' }
  | { readonly type: 'assume'; readonly assumption: 'listens-undeclared'; readonly instance: Instance; readonly space: FlowSpace }
  | { readonly type: 'assume'; readonly assumption: 'listens-tcp-only'; readonly space: FlowSpace }
  | {
      readonly type: 'assume';
      readonly assumption: 'load-balancer-source';
      readonly loadBalancer: LoadBalancer;
      readonly listener: Listener;
      readonly source: LoadBalancerSource;
    }
  | {
      readonly type: 'assume';
      readonly assumption: 'load-balancer-subnet-acl';
      readonly loadBalancer: LoadBalancer;
      readonly acl: string;
      readonly leg: 'to-load-balancer' | 'to-members';
    }
  | { readonly type: 'assume'; readonly assumption: 'own-address'; readonly instance: Instance }
  | { readonly type: 'assume'; readonly assumption: 'endpoint-across-peering'; readonly endpoint: Endpoint; readonly peering: Peering }
  | { readonly type: 'assume'; readonly assumption: 'shared-own-member'; readonly listener: Listener; readonly member: Member }
  | { readonly type: 'assume'; readonly assumption: 'member-not-listening'; readonly listener: Listener; readonly member: Member }
  | { readonly type: 'assume'; readonly assumption: 'eip-egress'; readonly eip: Eip }
  | { readonly type: 'assume'; readonly assumption: 'load-balancer-answers-icmp'; readonly loadBalancer: LoadBalancer }
  | { readonly type: 'assume'; readonly assumption: 'whitelist-off'; readonly endpoint: Endpoint }
  | { readonly type: 'assume'; readonly assumption: 'access-control-off'; readonly listener: Listener }
  | { readonly type: 'assume'; readonly assumption: 'acl-disabled'; readonly acl: string; readonly subnet: string }
  /** A query on every public address, followed for one (`axis`: the source or the destination); `mixed`: only some get through. */
  | { readonly type: 'assume'; readonly assumption: 'internet-witness'; readonly space: FlowSpace; readonly axis: 'src' | 'dst'; readonly mixed: boolean };

/** Why the client's traffic goes nowhere: in its VPC, or along a route out of it. */
export type RouteFailure =
  | { readonly kind: 'other-vpc'; readonly target: string; readonly targetVpc: string; readonly clientVpc: string }
  /** A route leads into a peering connection that is not active. */
  | { readonly kind: 'peering-inactive'; readonly dst: IntervalSet; readonly table: RouteTable; readonly route: Route; readonly peering: Peering }
  /** A route leads into a peering connection, but the address is not in the peer VPC: a peering connection is not transitive. */
  | {
      readonly kind: 'beyond-peering';
      readonly dst: IntervalSet;
      readonly table: RouteTable;
      readonly route: Route;
      readonly peering: Peering;
      readonly peerVpc: string;
    }
  /** A load balancer with IP as a backend whose subnet's routes lead to no peering connection to its member's VPC. */
  | { readonly kind: 'member-unrouted'; readonly loadBalancer: LoadBalancer; readonly member: Instance; readonly dst: IntervalSet }
  /** A route leads to a next hop the model does not hold (a VPN, Direct Connect, an Enterprise Router, a NAT gateway, an ECS or virtual IP …). */
  | { readonly kind: 'leaves-model'; readonly dst: IntervalSet; readonly table: RouteTable; readonly route: Route }
  | { readonly kind: 'unknown-address'; readonly dst: IntervalSet; readonly vpc: string }
  /** No route covers the addresses: the client's subnet's route table (null: the VPC's implicit one, the local route only). */
  | { readonly kind: 'outside-vpc'; readonly dst: IntervalSet; readonly vpc: string; readonly table?: string | null }
  /** From the internet: no EIP is bound to the resource and no DNAT rule forwards to it (`target`), or no modelled resource holds the public addresses. */
  | { readonly kind: 'not-exposed'; readonly dst: IntervalSet; readonly target: AddressedResource | Eip | null }
  /** From the internet to private addresses, which the internet does not route. */
  | { readonly kind: 'private-from-internet'; readonly dst: IntervalSet };

/** A member path that returns to the client itself: its reply never reaches the load balancer. */
interface Hairpin {
  readonly kind: 'hairpin';
  readonly listener: Listener;
  readonly member: Member;
}

/** A member in another VPC than its load balancer, which does not route to it (shared always; dedicated without IP as a backend). */
interface MemberInOtherVpc {
  readonly kind: 'member-vpc';
  readonly loadBalancer: LoadBalancer;
  readonly listener: Listener;
  readonly member: Member;
  readonly memberVpc: string;
}

/** The end of a path that does not deliver. */
export type DropDecision =
  | { readonly type: 'drop'; readonly code: DispositionCode; readonly at: string; readonly cause: FilterDecision }
  | {
      readonly type: 'drop';
      readonly code: 'NO_ROUTE' | 'UNKNOWN_DESTINATION' | 'PEERING_NOT_ACTIVE' | 'ROUTE_LEAVES_MODEL' | 'NOT_EXPOSED';
      readonly at: string;
      readonly cause: RouteFailure;
    }
  | { readonly type: 'drop'; readonly code: 'ELB_HAIRPIN'; readonly at: string; readonly cause: Hairpin }
  | { readonly type: 'drop'; readonly code: 'MEMBER_IN_OTHER_VPC'; readonly at: string; readonly cause: MemberInOtherVpc };

/** One thing a resource does with the flows that reach it. */
export type Decision =
  | { readonly type: 'originate'; readonly space: FlowSpace }
  | FilterDecision
  | TransformDecision
  | AssumeDecision
  | { readonly type: 'forward'; readonly to: Resource; readonly space: FlowSpace; readonly facts: PathFacts }
  | { readonly type: 'deliver'; readonly at: Instance | Internet | LoadBalancer; readonly space: FlowSpace }
  | DropDecision;

/** The decisions of one node on one branch, in order; the last is a forward, a deliver or a drop. */
export type Branch = readonly Decision[];
