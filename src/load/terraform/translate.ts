/**
 * The huaweicloud provider's resources, as a plan or state holds them, mapped onto vpcreach's model document. Each
 * model value remembers the resource attribute it came from, so that every diagnostic the model's validation makes
 * points at the Terraform address and the position in the JSON file. What the importer cannot read exactly it says
 * in a diagnostic: values known only after apply, resources it does not model, links it cannot follow.
 */
import { formatRange, parseCidr } from '../../net/index.js';
import type { Diagnostic, Severity, SourceLocation } from '../../model/index.js';
import { formatPath } from '../source.js';
import type { DataPath } from '../source.js';
import type { TfDocument, TfResource } from './document.js';
import { Origins } from './origins.js';
import { Links } from './links.js';
import type { Resolved } from './links.js';
import { isObject, str, defaultRules, cidrsOfEntry, type Json } from './common.js';
import { readVpcs, readSubnets, readNetworkAcls, readOlderNetworkAcls } from './network.js';
import { readSecurityGroups, readSecurityGroupRules } from './security-groups.js';
import { readInstances } from './instances.js';
import { readLoadBalancers } from './load-balancers.js';
import { readServices, readEndpoints } from './endpoints.js';
import { readPeerings, readRouteTables } from './routing.js';
import { readEips, readNatGateways } from './internet.js';

/** The translation of one document: the model document, where each of its values came from, and what was noted. */
export interface Translation {
  readonly model: Json;
  readonly origins: Origins;
  readonly diagnostics: Diagnostic[];
  /** Where a model value came from: the file position of its resource attribute, with the address; else `root`. */
  locate(path: DataPath): SourceLocation;
  /** The Terraform address (and attribute) a model value came from, without finding its place in the file. */
  address(path: DataPath): string | undefined;
}

/** Resource types that become model resources, or that the importer reads to resolve others. */
export const SUPPORTED_TYPES: ReadonlySet<string> = new Set([
  'huaweicloud_vpc',
  'huaweicloud_vpc_subnet',
  'huaweicloud_networking_secgroup',
  'huaweicloud_networking_secgroup_rule',
  'huaweicloud_vpc_address_group',
  'huaweicloud_vpc_network_acl',
  'huaweicloud_network_acl',
  'huaweicloud_network_acl_rule',
  'huaweicloud_compute_instance',
  'huaweicloud_bms_instance',
  'huaweicloud_networking_port',
  'huaweicloud_elb_loadbalancer',
  'huaweicloud_elb_listener',
  'huaweicloud_elb_pool',
  'huaweicloud_elb_member',
  'huaweicloud_elb_ipgroup',
  'huaweicloud_lb_loadbalancer',
  'huaweicloud_lb_listener',
  'huaweicloud_lb_pool',
  'huaweicloud_lb_member',
  'huaweicloud_lb_whitelist',
  'huaweicloud_elb_monitor',
  'huaweicloud_lb_monitor',
  'huaweicloud_vpcep_service',
  'huaweicloud_vpcep_endpoint',
  'huaweicloud_vpcep_approval',
  'huaweicloud_vpc_peering_connection',
  'huaweicloud_vpc_peering_connection_accepter',
  'huaweicloud_vpc_route_table',
  'huaweicloud_vpc_route',
  'huaweicloud_vpc_eip',
  'huaweicloud_vpc_eip_associate',
  'huaweicloud_compute_eip_associate',
  'huaweicloud_nat_gateway',
  'huaweicloud_nat_snat_rule',
  'huaweicloud_nat_dnat_rule',
]);

/** Translates a plan or state into a model document. */
/** Where a value of a resource's file is: `path` is a data path of the file the resource was read from. */
export type Locator = (res: TfResource, path: DataPath) => SourceLocation;

/** Translates a plan or state (or resources read from API responses) into a model document. */
export function translate(doc: TfDocument, locate: Locator, root: SourceLocation): Translation {
  const t = new Translator(doc, locate).run();
  return {
    ...t,
    locate(path: DataPath): SourceLocation {
      const origin = t.origins.nearest(path);
      return origin ? { ...locate(origin.res, origin.path), address: origin.address } : root;
    },
    address(path: DataPath): string | undefined {
      return t.origins.address(path);
    },
  };
}

/** The state of one translation and the steps every kind takes alike; each kind reads its resources in its own module. */
export class Translator {
  readonly links: Links;
  readonly origins = new Origins();
  readonly diagnostics: Diagnostic[] = [];
  readonly vpcs: Json[] = [];
  readonly vpcIndex = new Map<TfResource | string, number>();
  readonly subnets = new Map<TfResource, { vpc: number; index: number; obj: Json; cidr: { lo: number; hi: number } | null }>();
  readonly groups = new Map<TfResource | string, { index: number; obj: Json; rules: Json[] }>();
  readonly securityGroups: Json[] = [];
  readonly networkAcls: Json[] = [];
  readonly instances: Json[] = [];
  readonly instanceOf = new Map<TfResource, Json>();
  readonly loadBalancers: Json[] = [];
  readonly lbOf = new Map<TfResource, { obj: Json; index: number }>();
  readonly listenerOf = new Map<TfResource, { obj: Json; lb: number; index: number }>();
  readonly services: Json[] = [];
  readonly serviceOf = new Map<TfResource, Json>();
  readonly endpoints: Json[] = [];
  readonly endpointOf = new Map<TfResource, { obj: Json; index: number }>();
  readonly peerings: Json[] = [];
  readonly peeringOf = new Map<TfResource, Json>();
  readonly routeTables: Json[] = [];
  readonly eips: Json[] = [];
  readonly natGateways: Json[] = [];
  /** Addresses taken in each subnet, for placing addresses known only after apply. */
  readonly taken = new Map<TfResource, Set<number>>();
  region: string | undefined;

  constructor(
    private readonly doc: TfDocument,
    private readonly locate: Locator,
  ) {
    this.links = new Links(doc);
  }

  byType: Map<string, TfResource[]> | undefined;

  /** The resources of a type, in document order (indexed once). */
  of(type: string): TfResource[] {
    if (!this.byType) {
      this.byType = new Map();
      for (const r of this.doc.resources) {
        const list = this.byType.get(r.type);
        if (list) list.push(r);
        else this.byType.set(r.type, [r]);
      }
    }
    return this.byType.get(type) ?? [];
  }

  /** A location in the file, with the Terraform address (and attribute) it belongs to. */
  where(res: TfResource, attr: readonly (string | number)[] = []): SourceLocation {
    const loc = this.locate(res, [...res.path, ...attr]);
    return { ...loc, address: attr.length ? `${res.address}.${formatPath(attr)}` : res.address };
  }

  note(severity: Severity, code: string, res: TfResource, attr: readonly (string | number)[], message: string, hint?: string): void {
    this.diagnostics.push({ code, severity, message, location: this.where(res, attr), ...(hint ? { hint } : {}) });
  }

  /** Remembers where a model value came from. */
  from(modelPath: DataPath, res: TfResource, attr: readonly (string | number)[] = []): void {
    this.origins.set(modelPath, res, attr);
  }

  /** Account ids by provider configuration, learnt from services' connections (a state names each endpoint's domain). */
  readonly learntAccounts = new Map<string, string>();

  /**
   * The account of a resource: its provider configuration's `domain_id` (or `domain_name`, `project_id`) when the
   * configuration sets it as a constant; else the domain a service's connection names for an endpoint made with the
   * same provider configuration; else the configuration's alias, or `default`.
   */
  account(res: TfResource): string {
    const key = res.provider;
    const cfg = this.doc.providerConfig[key]?.expressions;
    for (const attr of ['domain_id', 'domain_name', 'project_id']) {
      const e = cfg?.[attr];
      if (isObject(e) && typeof e.constant_value === 'string' && e.constant_value !== '') return e.constant_value;
    }
    const learnt = this.learntAccounts.get(key);
    if (learnt) return learnt;
    // Several files: each file's configuration is its own account unless it says otherwise.
    const local = res.label ? key.slice(res.label.length + 1) : key;
    const alias = local.split('.')[1];
    return alias ?? (res.label || 'default');
  }

  /** The domain each endpoint belongs to, by endpoint id, as the services' `connections` (a state) name it. */
  readonly connectionDomains = new Map<string, string>();

  learnAccounts(): void {
    for (const s of this.of('huaweicloud_vpcep_service')) {
      for (const c of Array.isArray(s.values.connections) ? s.values.connections : []) {
        const endpoint = isObject(c) ? str(c.endpoint_id) : undefined;
        const domain = isObject(c) ? str(c.domain_id) : undefined;
        if (endpoint && domain) this.connectionDomains.set(endpoint, domain);
      }
    }
    for (const [endpoint, domain] of this.connectionDomains) {
      const ep = this.links.byKnownId(endpoint, ['huaweicloud_vpcep_endpoint']);
      if (ep?.type === 'huaweicloud_vpcep_endpoint' && !this.learntAccounts.has(ep.provider)) this.learntAccounts.set(ep.provider, domain);
    }
  }

  run(): Omit<Translation, 'locate' | 'address'> {
    this.learnAccounts();
    for (const r of this.doc.resources) {
      const region = str(r.values.region);
      if (region) {
        this.region = region;
        break;
      }
    }
    readVpcs(this);
    readSubnets(this);
    readSecurityGroups(this);
    readNetworkAcls(this);
    readOlderNetworkAcls(this);
    readInstances(this);
    readSecurityGroupRules(this);
    readLoadBalancers(this);
    readServices(this);
    readEndpoints(this);
    readPeerings(this);
    readRouteTables(this);
    readEips(this);
    readNatGateways(this);
    this.reportUnmodelled();
    const model: Json = {};
    if (this.region) model.region = this.region;
    const lists: [string, Json[]][] = [
      ['vpcs', this.vpcs],
      ['securityGroups', this.securityGroups],
      ['networkAcls', this.networkAcls],
      ['instances', this.instances],
      ['loadBalancers', this.loadBalancers],
      ['endpointServices', this.services],
      ['endpoints', this.endpoints],
      ['peerings', this.peerings],
      ['routeTables', this.routeTables],
      ['eips', this.eips],
      ['natGateways', this.natGateways],
    ];
    for (const [k, v] of lists) if (v.length) model[k] = v;
    return { model, origins: this.origins, diagnostics: this.diagnostics };
  }

  // ---- VPCs and subnets -------------------------------------------------------------------------------------------

  externalVpc(id: string, r: TfResource): number {
    const i = this.vpcs.length;
    this.vpcs.push({ id: `vpc:${id}`, account: this.account(r), cidr: '', subnets: [] });
    this.vpcIndex.set(id, i);
    this.from(['vpcs', i], r, ['vpc_id']);
    this.note(
      'warning',
      'terraform-external-vpc',
      r,
      ['vpc_id'],
      `the VPC ${id} of ${r.address} is not in this plan or state: vpcreach stands in for it with the smallest range that holds its subnets here`,
      'add the VPC to the configuration, or read it with a `data "huaweicloud_vpc"` block, so that its CIDR is known',
    );
    return i;
  }

  /** The one resource a link names, or undefined (with a diagnostic) when it names none or several. */
  single(r: TfResource, attr: readonly (string | number)[], link: Resolved, what: string): TfResource | undefined {
    if (link.kind === 'resources' && link.resources.length === 1) return link.resources[0];
    if (link.kind === 'resources')
      this.note(
        'error',
        'terraform-ambiguous-reference',
        r,
        attr,
        `${formatPath(attr)} of ${r.address} refers to ${link.resources.length} instances (${link.resources.map((x) => x.address).join(', ')}): vpcreach cannot tell which ${what} it is`,
        'index the reference (`[count.index]`, `[each.key]`) so that each instance names one',
      );
    return undefined;
  }

  // ---- Security groups ----------------------------------------------------------------------------------------------

  // ---- Network ACLs -------------------------------------------------------------------------------------------------

  // ---- Instances ------------------------------------------------------------------------------------------------

  /** The project's default security group, modelled once with Huawei's default rules. */
  defaultGroup(r: TfResource): string {
    const id = 'default';
    if (!this.groups.has(id)) {
      const index = this.securityGroups.length;
      const rules = defaultRules(id);
      const obj: Json = { id, description: "the project's default security group (not in Terraform)", rules };
      this.securityGroups.push(obj);
      this.groups.set(id, { index, obj, rules });
      this.from(['securityGroups', index], r);
    }
    return id;
  }

  take(subnet: TfResource, ip: string): void {
    const c = parseCidr(ip, true);
    if (c.ok) this.taken.get(subnet)?.add(c.value.lo);
  }

  readonly deferred: { obj: Json; modelPath: DataPath; res: TfResource; attr: readonly (string | number)[]; subnet: TfResource }[] = [];

  /** The CIDRs of the address group an attribute names (an entry may be a range), or null when its addresses are not in the plan or state. */
  addressGroupCidrs(r: TfResource, path: readonly (string | number)[]): string[] | null {
    const l = this.links.resolve(r, path, ['huaweicloud_vpc_address_group']);
    const ag = l.kind === 'resources' && l.resources.length === 1 ? l.resources[0]! : undefined;
    const addresses = ag && Array.isArray(ag.values.addresses) ? ag.values.addresses.filter((x): x is string => typeof x === 'string') : null;
    return addresses && addresses.flatMap((a) => cidrsOfEntry(a));
  }

  /** An address known only after apply: placed once every known address is taken. */
  deferAddress(obj: Json, modelPath: DataPath, res: TfResource, attr: readonly (string | number)[], subnet: TfResource): void {
    this.deferred.push({ obj, modelPath, res, attr, subnet });
  }

  placeDeferred(): void {
    for (const d of this.deferred) {
      const s = this.subnets.get(d.subnet);
      this.from(d.modelPath, d.res, d.attr);
      if (!s?.cidr) continue;
      const taken = this.taken.get(d.subnet)!;
      // Huawei reserves the network address, the gateway (.1) and the last three of a subnet.
      let ip = s.cidr.lo + 2;
      while (ip <= s.cidr.hi - 3 && taken.has(ip)) ip++;
      if (ip > s.cidr.hi - 3) continue;
      taken.add(ip);
      const text = formatRange({ lo: ip, hi: ip });
      d.obj.ip = text;
      this.note(
        'info',
        'terraform-unknown-address',
        d.res,
        d.attr,
        `the address of ${d.res.address} is known only after apply: vpcreach places it at ${text}, a free address of ${d.subnet.address} (${String(s.obj.cidr)}); a rule that singles out one address of the subnet may decide otherwise once it is assigned`,
        `set ${formatPath(d.attr)} to fix the address, or check the state after apply`,
      );
    }
    this.deferred.length = 0;
  }

  // ---- Load balancers ---------------------------------------------------------------------------------------------

  instanceByIp: Map<string, string> | undefined;

  // ---- VPC endpoint services and endpoints --------------------------------------------------------------------------

  unresolved(r: TfResource, attr: readonly (string | number)[], link: Resolved, what: string): void {
    const detail =
      link.kind === 'external'
        ? `names ${link.ids.join(', ')}, which is not in this plan or state`
        : link.kind === 'unresolved'
          ? `is ${link.why}`
          : 'is ambiguous';
    this.note(
      'error',
      'terraform-unresolved-reference',
      r,
      attr,
      `${formatPath(attr)} of ${r.address} ${detail}: vpcreach cannot tell which ${what} it is, and leaves the resource out`,
      `add the ${what} to the configuration (or read it with a data source), or reference it directly`,
    );
  }

  // ---- What is not modelled ---------------------------------------------------------------------------------------

  reportUnmodelled(): void {
    const byType = new Map<string, TfResource[]>();
    for (const r of this.doc.resources) {
      if (SUPPORTED_TYPES.has(r.type)) continue;
      const list = byType.get(r.type) ?? [];
      list.push(r);
      byType.set(r.type, list);
    }
    for (const [type, list] of [...byType].sort((a, b) => a[0].localeCompare(b[0]))) {
      const names = list.slice(0, 3).map((r) => r.address);
      this.note(
        'info',
        'terraform-not-modelled',
        list[0]!,
        [],
        `${list.length} ${type} ${list.length === 1 ? 'resource is' : 'resources are'} not part of the network model (${names.join(', ')}${list.length > 3 ? ', …' : ''})`,
      );
    }
  }
}
