import type { Cidr, IntervalSet, PortRange, RuleProtocol } from '../net/index.js';
import type { SourceLocation } from './diagnostic.js';
import type { ConfigurationWords } from './configuration.js';

/** Free-form key/value labels on a resource. */
export type Tags = Readonly<Record<string, string>>;

/** Fields every resource carries. */
export interface ResourceBase {
  /** Unique id across the whole model. */
  readonly id: string;
  /** Where the resource is declared. */
  readonly loc: SourceLocation;
  /** Tags on the resource. */
  readonly tags: Tags;
}

/** A cloud account, when the model says more of it than its id: what name- and organization-based permissions match. */
export interface Account {
  readonly id: string;
  /** The account (domain) name, matched by `iam:domainName::<name>` permissions. */
  readonly name: string | null;
  /** The account's place in an organization ("o-…/r-…/ou-…"), matched by `organizations:orgPath::<path>` permissions. */
  readonly orgPath: string | null;
  readonly loc: SourceLocation;
}

/** A virtual private cloud. */
export interface Vpc extends ResourceBase {
  readonly kind: 'vpc';
  /** Owner account id. */
  readonly account: string;
  /** Region of the VPC. */
  readonly region: string;
  /** Address range of the VPC. */
  readonly cidr: Cidr;
  /** Ids of its subnets, in file order. */
  readonly subnets: readonly string[];
}

/** A subnet of a VPC. */
export interface Subnet extends ResourceBase {
  readonly kind: 'subnet';
  /** Id of the VPC the subnet belongs to. */
  readonly vpc: string;
  /** Address range of the subnet. */
  readonly cidr: Cidr;
  /** Id of the network ACL bound to the subnet, or null. */
  readonly networkAcl: string | null;
  /**
   * Id of the route table the subnet uses: the custom table that lists it, else its VPC's default table when the model
   * declares one; null when neither (the VPC's implicit default table, which holds only the local route).
   */
  readonly routeTable: string | null;
}

/** Allow or deny. */
export type RuleAction = 'allow' | 'deny';

/** The peer a security-group rule matches: a CIDR block or the members of a security group. */
export type RemoteSpec = { readonly kind: 'cidr'; readonly cidr: Cidr; readonly text: string } | { readonly kind: 'group'; readonly group: string };

/** One security-group rule, as written (the engine compiles its peer to addresses and orders the rules). */
export interface SecurityGroupRule {
  /** Position of the rule in its group's `rules` list (0-based). */
  readonly index: number;
  readonly direction: 'ingress' | 'egress';
  readonly protocol: RuleProtocol;
  /** Destination ports (ICMP types for icmp), or null for all ports. */
  readonly ports: readonly PortRange[] | null;
  /** The ICMP code it matches (an icmp rule of one type only), or null for every code. */
  readonly icmpCode: number | null;
  /** Source (ingress) or destination (egress) peer as written. */
  readonly remote: RemoteSpec;
  readonly action: RuleAction;
  /** 1-100, lower is evaluated first. */
  readonly priority: number;
  readonly description: string | null;
  readonly loc: SourceLocation;
}

/** A security group: a stateful filter bound to instances. */
export interface SecurityGroup extends ResourceBase {
  readonly kind: 'securityGroup';
  /** Its rules of both directions, in file order; the engine evaluates them in the provider's order (src/sim/compile.ts). */
  readonly rules: readonly SecurityGroupRule[];
}

/** One network ACL rule. */
export interface NetworkAclRule {
  readonly index: number;
  readonly direction: 'inbound' | 'outbound';
  readonly priority: number;
  readonly action: RuleAction;
  readonly protocol: RuleProtocol;
  /** Destination ports, or null for all ports. */
  readonly ports: readonly PortRange[] | null;
  /** Source ports (tcp and udp rules only), or null for all ports. */
  readonly sourcePorts: readonly PortRange[] | null;
  readonly source: Cidr;
  readonly destination: Cidr;
  readonly description: string | null;
  /** The rule's switch: a rule switched off (false) is kept and never matches. */
  readonly enabled: boolean;
  readonly loc: SourceLocation;
}

/** A network ACL: a stateful subnet-level filter. */
export interface NetworkAcl extends ResourceBase {
  readonly kind: 'networkAcl';
  /** The ACL's switch: an ACL switched off (false) stays bound to its subnets and filters nothing. */
  readonly enabled: boolean;
  /** Inbound rules in file order; the engine evaluates them in the provider's order (src/sim/compile.ts). */
  readonly inbound: readonly NetworkAclRule[];
  /** Outbound rules in file order. */
  readonly outbound: readonly NetworkAclRule[];
}

/** An ECS or BMS server. */
export interface Instance extends ResourceBase {
  readonly kind: 'instance';
  readonly instanceKind: 'ecs' | 'bms';
  readonly vpc: string;
  readonly subnet: string;
  readonly ip: number;
  /** Security group ids in evaluation order. */
  readonly securityGroups: readonly string[];
  /** TCP ports a process listens on, or null when not declared (then every port is assumed open). */
  readonly listens: readonly PortRange[] | null;
}

/** Listener access control. */
export interface AccessControl {
  readonly mode: 'all' | 'whitelist' | 'blacklist';
  readonly cidrs: readonly Cidr[];
  /** The CIDRs as one address set. */
  readonly set: IntervalSet;
}

/** A load-balancer member. */
export interface Member {
  readonly instance: string;
  readonly port: number;
  /** Healthy or not as the model says (the API's operating status), or null: derived from the listener's health check. */
  readonly healthy: boolean | null;
  readonly weight: number;
  /** An instance member, or an IP-type one (named by its address: IP as a backend; a member in another VPC is one). */
  readonly type: 'instance' | 'ip';
  readonly loc: SourceLocation;
}

/** Health-check protocols: TCP, HTTP and HTTPS checks open a TCP connection; a UDP check sends a UDP probe. */
export type HealthCheckProtocol = 'tcp' | 'udp' | 'http' | 'https';

/** The health check of a listener's backend group. */
export interface HealthCheck {
  /** Switched off (false): the load balancer checks nothing and sends to every member with a weight. */
  readonly enabled: boolean;
  readonly protocol: HealthCheckProtocol;
  /** The port the check is sent to, or null: each member's own port. */
  readonly port: number | null;
  readonly loc: SourceLocation;
}

/** Listener protocols. */
export type ListenerProtocol = 'tcp' | 'udp' | 'http' | 'https';

/** A load-balancer listener. */
export interface Listener extends ResourceBase {
  readonly kind: 'listener';
  readonly loadBalancer: string;
  readonly protocol: ListenerProtocol;
  readonly port: number;
  readonly accessControl: AccessControl;
  readonly members: readonly Member[];
  /** The backend group's health check, or null when the model does not say (members are then taken as healthy). */
  readonly healthCheck: HealthCheck | null;
  /** Transfer Client IP as the model says it, or null: the default (off on shared TCP/UDP listeners, on elsewhere). */
  readonly transferClientIp: boolean | null;
}

/** An elastic load balancer. */
export interface LoadBalancer extends ResourceBase {
  readonly kind: 'loadBalancer';
  readonly lbKind: 'shared' | 'dedicated';
  readonly vpc: string;
  readonly subnet: string;
  readonly ip: number;
  /** Dedicated only: "IP as a backend" enabled. */
  readonly ipAsBackend: boolean;
  /** Listener ids in file order. */
  readonly listeners: readonly string[];
}

/** A port mapping: the endpoint's terminal port is forwarded to the backend's service port. */
export interface PortMapping {
  readonly protocol: 'tcp';
  readonly servicePort: number;
  readonly terminalPort: number;
  readonly loc: SourceLocation;
}

/** Backend of an endpoint service. */
export type Backend = { readonly kind: 'elb'; readonly loadBalancer: string } | { readonly kind: 'ecs' | 'bms'; readonly instance: string };

/** A VPC endpoint service. */
export interface EndpointService extends ResourceBase {
  readonly kind: 'endpointService';
  readonly name: string | null;
  readonly account: string;
  readonly region: string;
  readonly vpc: string;
  readonly serviceType: 'interface';
  /** Whether connections need the owner's approval. */
  readonly approval: boolean;
  /** True when `approval` was not written and the default applied. */
  readonly approvalDefaulted: boolean;
  readonly backend: Backend;
  readonly portMappings: readonly PortMapping[];
  /** Permission entries as written: `iam:domain::<account>` or `*`. */
  readonly permissions: readonly string[];
}

/** Connection status of a VPC endpoint. */
export type EndpointStatus = 'pendingAcceptance' | 'accepted' | 'rejected' | 'failed' | 'creating' | 'deleting';

/** A VPC endpoint. */
export interface Endpoint extends ResourceBase {
  readonly kind: 'endpoint';
  readonly account: string;
  readonly region: string;
  readonly vpc: string;
  readonly subnet: string;
  readonly ip: number;
  readonly service: string;
  readonly status: EndpointStatus;
  /** True when `status` was not written and was derived from the service's approval setting. */
  readonly statusDefaulted: boolean;
  /** Client sources allowed to use the endpoint, or null when the whitelist is off. */
  readonly whitelist: readonly Cidr[] | null;
  /** The entries of a whitelist that is switched off (`whitelistEnabled: false`): kept, not enforced; null otherwise. */
  readonly whitelistOff: readonly Cidr[] | null;
  readonly whitelistSet: IntervalSet | null;
}

/** Status of a VPC peering connection (the API's PENDING_ACCEPTANCE, ACTIVE, REJECTED, EXPIRED, DELETED). */
export type PeeringStatus = 'pendingAcceptance' | 'active' | 'rejected' | 'expired' | 'deleted';

/** A VPC peering connection: two VPCs of one region, of one account or two. Only an active one carries traffic. */
export interface Peering extends ResourceBase {
  readonly kind: 'peering';
  /** The requesting VPC. */
  readonly vpc: string;
  /** The accepting VPC. */
  readonly peerVpc: string;
  readonly status: PeeringStatus;
  /** True when `status` was not written: active between VPCs of one account, pendingAcceptance between two accounts. */
  readonly statusDefaulted: boolean;
}

/** Next-hop types of a route (the API's and Terraform's `type`). Only `peering` leads to a modelled VPC. */
export const ROUTE_TYPES = ['peering', 'nat', 'ecs', 'eni', 'vip', 'vpn', 'dc', 'cc', 'er', 'egw'] as const;
export type RouteType = (typeof ROUTE_TYPES)[number];

/** One route of a route table: a destination block and its next hop. */
export interface Route {
  /** Position in the table's `routes` list. */
  readonly index: number;
  readonly destination: Cidr;
  readonly type: RouteType;
  /** The next hop's id (a peering connection for `peering`; another resource's id or address otherwise). */
  readonly nextHop: string;
  readonly description: string | null;
  readonly loc: SourceLocation;
}

/** A VPC's route table: the default one (every subnet no custom table lists) or a custom one; the implicit local route comes first. */
export interface RouteTable extends ResourceBase {
  readonly kind: 'routeTable';
  readonly vpc: string;
  readonly isDefault: boolean;
  /** Subnets a custom table is associated with (empty for the default table). */
  readonly subnets: readonly string[];
  readonly routes: readonly Route[];
}

/** An elastic IP: a public address, bound to an instance or a load balancer (one-to-one NAT to its private address), used by a NAT gateway's rules, or bound to nothing. */
export interface Eip extends ResourceBase {
  readonly kind: 'eip';
  /** The public IPv4 address. */
  readonly address: number;
  /** The instance or load balancer the address is bound to, or null. */
  readonly boundTo: string | null;
}

/** A NAT gateway's SNAT rule: flows from a subnet (or a CIDR block) of its VPC leave for the internet from one of the rule's EIPs. */
export interface SnatRule {
  /** Position in the gateway's `snatRules` list. */
  readonly index: number;
  /** The subnet the rule serves, or null for a CIDR rule. */
  readonly subnet: string | null;
  /** The sources the rule translates: the subnet's range, or the rule's CIDR block. */
  readonly source: Cidr;
  /** The EIPs the sources leave from, in order; the first is the one a trace shows. */
  readonly eips: readonly string[];
  readonly loc: SourceLocation;
}

/** Protocols of a DNAT rule: `any` forwards every port of the EIP (the cloud's "all ports" rule). */
export type DnatProtocol = 'tcp' | 'udp' | 'any';

/** A NAT gateway's DNAT rule: flows from the internet to an EIP's port go to a private address's port. */
export interface DnatRule {
  readonly index: number;
  readonly eip: string;
  readonly protocol: DnatProtocol;
  /** The EIP's port (0 for an `any` rule: every port, unchanged). */
  readonly externalPort: number;
  /** The private address's port (0 for an `any` rule). */
  readonly internalPort: number;
  /** The instance the rule forwards to (the API's port_id), or null when it names a private address. */
  readonly instance: string | null;
  /** The private address the rule forwards to: the instance's, or the one written. */
  readonly privateIp: number;
  readonly loc: SourceLocation;
}

/** A public NAT gateway in a subnet of a VPC, with its SNAT and DNAT rules. */
export interface NatGateway extends ResourceBase {
  readonly kind: 'natGateway';
  readonly vpc: string;
  readonly subnet: string;
  readonly snatRules: readonly SnatRule[];
  readonly dnatRules: readonly DnatRule[];
}

/**
 * The internet: the public addresses beyond every VPC, as a source and a destination of flows. Not a resource of the
 * model (no file declares it, and `internet` is not an id a model may use): queries name it, and paths begin or end there.
 */
export interface Internet extends ResourceBase {
  readonly kind: 'internet';
  readonly id: 'internet';
}

/** Any resource. */
export type Resource =
  | Vpc
  | Subnet
  | SecurityGroup
  | NetworkAcl
  | Instance
  | LoadBalancer
  | Listener
  | EndpointService
  | Endpoint
  | Peering
  | RouteTable
  | Eip
  | NatGateway
  | Internet;

/** A resource with an address of its own, that a flow can be sent to. */
export type AddressedResource = Instance | LoadBalancer | Endpoint;

/** Whether a resource has an address of its own: an instance, a load balancer or an endpoint. */
export function hasAddress(r: Resource): r is AddressedResource {
  return r.kind === 'instance' || r.kind === 'endpoint' || r.kind === 'loadBalancer';
}

/** A validated, resolved network model. All references are known to resolve. */
export interface Model {
  /** The file the model was loaded from. */
  readonly file: string;
  readonly region: string;
  /** Accounts the model describes (by id); accounts named elsewhere need not be listed. */
  readonly accounts: ReadonlyMap<string, Account>;
  readonly vpcs: ReadonlyMap<string, Vpc>;
  readonly subnets: ReadonlyMap<string, Subnet>;
  readonly securityGroups: ReadonlyMap<string, SecurityGroup>;
  readonly networkAcls: ReadonlyMap<string, NetworkAcl>;
  readonly instances: ReadonlyMap<string, Instance>;
  readonly loadBalancers: ReadonlyMap<string, LoadBalancer>;
  readonly listeners: ReadonlyMap<string, Listener>;
  readonly endpointServices: ReadonlyMap<string, EndpointService>;
  readonly endpoints: ReadonlyMap<string, Endpoint>;
  readonly peerings: ReadonlyMap<string, Peering>;
  readonly routeTables: ReadonlyMap<string, RouteTable>;
  readonly eips: ReadonlyMap<string, Eip>;
  readonly natGateways: ReadonlyMap<string, NatGateway>;
  /** Every resource by id. */
  readonly resources: ReadonlyMap<string, Resource>;
  /**
   * How the configuration the model was read from says a change (a Terraform plan or state: the provider's terms), as
   * the front end that read it supplies; null for a model file.
   */
  readonly configuration: ConfigurationWords | null;
}
