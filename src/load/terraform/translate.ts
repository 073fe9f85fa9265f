/**
 * The huaweicloud provider's resources, as a plan or state holds them, mapped onto vpcreach's model document. Each
 * model value remembers the resource attribute it came from, so that every diagnostic the model's validation makes
 * points at the Terraform address and the position in the JSON file. What the importer cannot read exactly it says
 * in a diagnostic: values known only after apply, resources it does not model, links it cannot follow.
 */
import { formatRange, parseCidr } from '../../net/index.js';
import type { Diagnostic, Severity, SourceLocation } from '../../model/index.js';
import { formatPath, type DataPath } from '../source.js';
import type { TfDocument, TfResource } from './document.js';
import { Links, isUnknownAt, valueAt, type Resolved } from './links.js';

/** A security-group rule's peer attributes, mutually exclusive in the provider's schema (ConflictsWith). */
const REMOTE_PEERS = ['remote_ip_prefix', 'remote_group_id', 'remote_address_group_id'] as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;

/** Where a model value came from: the resource and the attribute's place in the file. */
interface Origin {
  /** The resource, whose file holds the value. */
  readonly res: TfResource;
  readonly path: DataPath;
  readonly address: string;
}

interface OriginNode {
  origin?: { readonly res: TfResource; readonly attr: readonly (string | number)[]; readonly fields?: Readonly<Record<string, string>> };
  /** Children by field name, and by list position (a large list's items are an array, not a map). */
  fields?: Map<string, OriginNode>;
  items?: OriginNode[];
}

/** The child of a node at one path segment, if any. */
function childOf(node: OriginNode, seg: string | number): OriginNode | undefined {
  return typeof seg === 'number' ? node.items?.[seg] : node.fields?.get(seg);
}

/** Where each model value came from, as a tree of model paths (looked up segment by segment, no strings built). */
class Origins {
  private readonly root: OriginNode = {};

  /** Records the resource attribute a model value (and, unless recorded deeper, everything under it) came from. */
  set(path: DataPath, res: TfResource, attr: readonly (string | number)[], fields?: Readonly<Record<string, string>>): void {
    let node = this.root;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      let next = childOf(node, seg);
      if (!next) {
        next = {};
        if (typeof seg === 'number') (node.items ??= [])[seg] = next;
        else (node.fields ??= new Map()).set(seg, next);
      }
      node = next;
    }
    node.origin = fields ? { res, attr, fields } : { res, attr };
  }

  /** The origin of a model path, or of its nearest ancestor that has one; `fields` name a mapping's own attributes. */
  nearest(path: DataPath): Origin | undefined {
    const found = this.find(path);
    if (!found) return undefined;
    const attr = this.attrOf(found);
    return { res: found.origin.res, path: [...found.origin.res.path, ...attr], address: addressOf(found.origin.res, attr) };
  }

  /** The address (and attribute) of a model path's origin, without its place in the file. */
  address(path: DataPath): string | undefined {
    const found = this.find(path);
    return found ? addressOf(found.origin.res, this.attrOf(found)) : undefined;
  }

  private attrOf({ origin, field }: Found): readonly (string | number)[] {
    return field === undefined ? origin.attr : [...origin.attr, field];
  }

  private find(path: DataPath): Found | undefined {
    let node: OriginNode | undefined = this.root;
    let best = this.root.origin;
    let field: string | undefined;
    for (const seg of path) {
      const parent: OriginNode = node;
      node = childOf(node, seg);
      if (!node) {
        const f = parent.origin?.fields?.[seg as string];
        if (f !== undefined && parent.origin === best) field = f;
        break;
      }
      if (node.origin) best = node.origin;
    }
    return best ? { origin: best, field } : undefined;
  }
}

/** The origin found for a model path, and the attribute of it a mapping's field names. */
interface Found {
  readonly origin: NonNullable<OriginNode['origin']>;
  readonly field: string | undefined;
}

function addressOf(res: TfResource, attr: readonly (string | number)[]): string {
  return attr.length ? `${res.address}.${formatPath(attr)}` : res.address;
}

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
  'huaweicloud_vpcep_service',
  'huaweicloud_vpcep_endpoint',
  'huaweicloud_vpcep_approval',
]);

/** The instance tag that declares listening TCP ports (`"80,443,8000-8100"`); without it every port is assumed open. */
const LISTENS_TAG = 'vpcreach_listens';

/** Security-group and ACL rule protocols, by name or number (empty: any). */
const RULE_PROTOCOLS: ReadonlyMap<string, string> = new Map([
  ['', 'any'],
  ['any', 'any'],
  ['tcp', 'tcp'],
  ['udp', 'udp'],
  ['icmp', 'icmp'],
  ['6', 'tcp'],
  ['17', 'udp'],
  ['1', 'icmp'],
]);

const LB_PROTOCOLS: Readonly<Record<string, string>> = { TCP: 'tcp', UDP: 'udp', HTTP: 'http', HTTPS: 'https', TERMINATED_HTTPS: 'https' };

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

class Translator {
  private readonly links: Links;
  private readonly origins = new Origins();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly vpcs: Json[] = [];
  private readonly vpcIndex = new Map<TfResource | string, number>();
  private readonly subnets = new Map<TfResource, { vpc: number; index: number; obj: Json; cidr: { lo: number; hi: number } | null }>();
  private readonly groups = new Map<TfResource | string, { index: number; obj: Json; rules: Json[] }>();
  private readonly securityGroups: Json[] = [];
  private readonly networkAcls: Json[] = [];
  private readonly instances: Json[] = [];
  private readonly instanceOf = new Map<TfResource, Json>();
  private readonly loadBalancers: Json[] = [];
  private readonly lbOf = new Map<TfResource, { obj: Json; index: number }>();
  private readonly listenerOf = new Map<TfResource, { obj: Json; lb: number; index: number }>();
  private readonly services: Json[] = [];
  private readonly serviceOf = new Map<TfResource, Json>();
  private readonly endpoints: Json[] = [];
  private readonly endpointOf = new Map<TfResource, { obj: Json; index: number }>();
  /** Addresses taken in each subnet, for placing addresses known only after apply. */
  private readonly taken = new Map<TfResource, Set<number>>();
  private region: string | undefined;

  constructor(
    private readonly doc: TfDocument,
    private readonly locate: Locator,
  ) {
    this.links = new Links(doc);
  }

  private byType: Map<string, TfResource[]> | undefined;

  /** The resources of a type, in document order (indexed once). */
  private of(type: string): TfResource[] {
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
  private where(res: TfResource, attr: readonly (string | number)[] = []): SourceLocation {
    const loc = this.locate(res, [...res.path, ...attr]);
    return { ...loc, address: attr.length ? `${res.address}.${formatPath(attr)}` : res.address };
  }

  private note(severity: Severity, code: string, res: TfResource, attr: readonly (string | number)[], message: string, hint?: string): void {
    this.diagnostics.push({ code, severity, message, location: this.where(res, attr), ...(hint ? { hint } : {}) });
  }

  /** Remembers where a model value came from. */
  private from(modelPath: DataPath, res: TfResource, attr: readonly (string | number)[] = []): void {
    this.origins.set(modelPath, res, attr);
  }

  /** Account ids by provider configuration, learnt from services' connections (a state names each endpoint's domain). */
  private readonly learntAccounts = new Map<string, string>();

  /**
   * The account of a resource: its provider configuration's `domain_id` (or `domain_name`, `project_id`) when the
   * configuration sets it as a constant; else the domain a service's connection names for an endpoint made with the
   * same provider configuration; else the configuration's alias, or `default`.
   */
  private account(res: TfResource): string {
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
  private readonly connectionDomains = new Map<string, string>();

  private learnAccounts(): void {
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
    this.readVpcs();
    this.readSubnets();
    this.readSecurityGroups();
    this.readNetworkAcls();
    this.readInstances();
    this.readSecurityGroupRules();
    this.readLoadBalancers();
    this.readServices();
    this.readEndpoints();
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
    ];
    for (const [k, v] of lists) if (v.length) model[k] = v;
    return { model, origins: this.origins, diagnostics: this.diagnostics };
  }

  // ---- VPCs and subnets -------------------------------------------------------------------------------------------

  private readVpcs(): void {
    for (const r of this.of('huaweicloud_vpc')) {
      const i = this.vpcs.length;
      const vpc: Json = { id: r.address, account: this.account(r), cidr: str(r.values.cidr) ?? '' };
      this.from(['vpcs', i], r);
      this.from(['vpcs', i, 'cidr'], r, ['cidr']);
      const region = str(r.values.region);
      if (region && region !== this.region) vpc.region = region;
      vpc.subnets = [];
      this.vpcs.push(vpc);
      this.vpcIndex.set(r, i);
    }
  }

  private readSubnets(): void {
    for (const r of this.of('huaweicloud_vpc_subnet')) {
      const link = this.links.resolve(r, ['vpc_id'], ['huaweicloud_vpc']);
      const vpc = this.single(r, ['vpc_id'], link, 'VPC');
      let vpcIndex: number;
      if (vpc) vpcIndex = this.vpcIndex.get(vpc)!;
      else {
        // A VPC that is not in the plan (an existing one passed by id): stand in for it with its subnets' span.
        const id = link.kind === 'external' ? link.ids[0]! : `${r.address}.vpc_id`;
        vpcIndex = this.vpcIndex.get(id) ?? this.externalVpc(id, r);
      }
      const obj: Json = { id: r.address, cidr: str(r.values.cidr) ?? '' };
      const subnets = this.vpcs[vpcIndex]!.subnets as Json[];
      const index = subnets.length;
      subnets.push(obj);
      this.from(['vpcs', vpcIndex, 'subnets', index], r);
      this.from(['vpcs', vpcIndex, 'subnets', index, 'cidr'], r, ['cidr']);
      const c = parseCidr(String(obj.cidr), false);
      this.subnets.set(r, { vpc: vpcIndex, index, obj, cidr: c.ok ? c.value : null });
      this.taken.set(r, new Set());
    }
    // External VPCs take the span of their subnets.
    for (const [key, i] of this.vpcIndex) {
      if (typeof key !== 'string') continue;
      const vpc = this.vpcs[i]!;
      const spans = [...this.subnets.values()].filter((s) => s.vpc === i && s.cidr).map((s) => s.cidr!);
      if (spans.length) vpc.cidr = formatRange(smallestCidrCovering(spans));
    }
  }

  private externalVpc(id: string, r: TfResource): number {
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
  private single(r: TfResource, attr: readonly (string | number)[], link: Resolved, what: string): TfResource | undefined {
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

  private readSecurityGroups(): void {
    for (const r of this.of('huaweicloud_networking_secgroup')) {
      const index = this.securityGroups.length;
      const rules: Json[] = [];
      const obj: Json = { id: r.address, rules };
      const description = str(r.values.description);
      if (description) obj.description = description;
      this.securityGroups.push(obj);
      this.from(['securityGroups', index], r);
      this.groups.set(r, { index, obj, rules });
    }
    // Rules created with the group (provider defaults, or rules made outside Terraform) are in the group's `rules`.
    const ruleIds = new Set(this.of('huaweicloud_networking_secgroup_rule').map((x) => str(x.values.id)));
    for (const r of this.of('huaweicloud_networking_secgroup')) {
      const g = this.groups.get(r)!;
      const listed = r.values.rules;
      if (Array.isArray(listed) && !isUnknownAt(r, ['rules'])) {
        listed.forEach((rule, k) => {
          if (!isObject(rule) || ruleIds.has(str(rule.id))) return;
          this.addRule(g, r, ['rules', k], rule, (ref) => (ref === str(r.values.id) ? r.address : undefined));
        });
      } else if (r.values.delete_default_rules !== true) {
        // A plan: the group is yet to be created with Huawei's default rules.
        this.addDefaultRules(g, r);
      }
    }
  }

  private addDefaultRules(g: { index: number; rules: Json[] }, r: TfResource): void {
    for (const d of defaultRules(r.address)) {
      this.from(['securityGroups', g.index, 'rules', g.rules.length], r, ['delete_default_rules']);
      g.rules.push(d);
    }
    this.note(
      'info',
      'terraform-default-rules',
      r,
      ['delete_default_rules'],
      `${r.address} is created with Huawei Cloud's default rules (delete_default_rules is not true): vpcreach adds them — ingress from the group itself, egress to anywhere`,
      'set delete_default_rules = true to manage every rule in Terraform',
    );
  }

  private readSecurityGroupRules(): void {
    for (const r of this.of('huaweicloud_networking_secgroup_rule')) {
      const link = this.links.resolve(r, ['security_group_id'], ['huaweicloud_networking_secgroup']);
      const group = this.single(r, ['security_group_id'], link, 'security group');
      if (!group) {
        if (link.kind !== 'resources') this.unresolved(r, ['security_group_id'], link, 'security group');
        continue;
      }
      const remoteGroup = (id: string): string | undefined => {
        const l = this.links.resolve(r, ['remote_group_id'], ['huaweicloud_networking_secgroup']);
        return l.kind === 'resources' && l.resources.length === 1
          ? l.resources[0]!.address
          : this.links.byKnownId(id, ['huaweicloud_networking_secgroup'])?.address;
      };
      this.addRule(this.groups.get(group)!, r, [], r.values, remoteGroup);
    }
  }

  /** One provider rule (a rule resource, or an entry of a group's `rules`) as model rules. */
  private addRule(
    g: { index: number; rules: Json[] },
    r: TfResource,
    at: readonly (string | number)[],
    v: Json,
    remoteGroup: (id: string) => string | undefined,
  ): void {
    if (str(v.ethertype) === 'IPv6') {
      this.note(
        'info',
        'terraform-ip-version-skipped',
        r,
        [...at, 'ethertype'],
        `${r.address}${at.length ? `.${formatPath(at)}` : ''} is an IPv6 rule: vpcreach models IPv4 only`,
      );
      return;
    }
    const direction = v.direction === 'egress' ? 'egress' : 'ingress';
    const protocol = this.protocol(r, at, 'protocol', v.protocol);
    if (protocol === null) return;
    const base: Json = { direction, protocol };
    const ports = this.ports(v);
    if (ports !== undefined && (protocol === 'tcp' || protocol === 'udp')) base.ports = ports;
    const action = str(v.action);
    if (action === 'deny') base.action = 'deny';
    const priority = num(v.priority);
    if (priority !== undefined) base.priority = priority;
    const description = str(v.description);
    if (description) base.description = description;
    const peer = direction === 'ingress' ? 'source' : 'destination';
    // The rule's peer: remote_ip_prefix, remote_group_id and remote_address_group_id exclude one another in the
    // provider's schema; on create a plan marks the unset ones unknown too, so an unknown one counts only when set.
    const remoteIp = str(v.remote_ip_prefix);
    const willSet = (attr: string): boolean =>
      r.unknown !== undefined &&
      this.links.willBeSet(
        r,
        [...at, attr],
        REMOTE_PEERS.filter((x) => x !== attr).map((x) => [...at, x]),
      );
    const remoteGroupId = str(v.remote_group_id);
    const remoteAddressGroup = str(v.remote_address_group_id) ?? (!remoteIp && willSet('remote_address_group_id') ? '?' : undefined);
    const portsAttr = v.ports !== undefined && v.ports !== '' ? 'ports' : 'port_range_min';
    const pushRule = (rule: Json, attr: string): void => {
      const k = g.rules.length;
      g.rules.push(rule);
      this.origins.set(['securityGroups', g.index, 'rules', k], r, at, ruleFields(peer, attr, portsAttr));
    };
    if (remoteGroupId || (!remoteIp && willSet('remote_group_id'))) {
      const target = remoteGroup(remoteGroupId ?? '');
      if (!target) {
        this.note(
          'error',
          'terraform-unresolved-reference',
          r,
          [...at, 'remote_group_id'],
          `remote_group_id of ${r.address} names a security group that is not in this plan or state (${remoteGroupId ?? 'known only after apply'})`,
          'add the group to the configuration, or read it with a data source',
        );
        return;
      }
      base[`${peer}Group`] = target;
      pushRule(base, 'remote_group_id');
      return;
    }
    if (remoteAddressGroup) {
      const l = this.links.resolve(r, [...at, 'remote_address_group_id'], ['huaweicloud_vpc_address_group']);
      const ag = l.kind === 'resources' && l.resources.length === 1 ? l.resources[0]! : undefined;
      const addresses = ag && Array.isArray(ag.values.addresses) ? ag.values.addresses.filter((x): x is string => typeof x === 'string') : null;
      if (!addresses) {
        this.note(
          'error',
          'terraform-unresolved-reference',
          r,
          [...at, 'remote_address_group_id'],
          `remote_address_group_id of ${r.address} names an address group whose addresses are not in this plan or state`,
          'add the huaweicloud_vpc_address_group to the configuration',
        );
        return;
      }
      for (const a of addresses) for (const cidr of cidrsOfEntry(a)) pushRule({ ...base, [peer]: cidr }, 'remote_address_group_id');
      return;
    }
    if (remoteIp) base[peer] = remoteIp;
    pushRule(base, 'remote_ip_prefix');
  }

  /** The model protocol of a rule's `protocol` attribute (`at` is the rule's place in the resource), or null with a note. */
  private protocol(r: TfResource, at: readonly (string | number)[], attr: string, v: unknown): string | null {
    const p = typeof v === 'number' ? String(v) : (str(v)?.toLowerCase() ?? '');
    const out = RULE_PROTOCOLS.get(p);
    if (out) return out;
    this.note(
      'info',
      'terraform-protocol-skipped',
      r,
      [...at, attr],
      `protocol ${p} of ${r.address} is not one vpcreach models (TCP, UDP, ICMP): the rule is left out`,
    );
    return null;
  }

  /** `ports` ("80,500,600-800") or `port_range_min`/`port_range_max`, as a model port spec; undefined for all ports. */
  private ports(v: Json): unknown {
    const spec = str(v.ports);
    if (spec) {
      const parts = spec
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const items = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      return items.length === 1 ? items[0] : items;
    }
    const lo = num(v.port_range_min);
    const hi = num(v.port_range_max);
    if (lo === undefined || lo === 0) return undefined;
    return hi === undefined || hi === lo ? lo : `${lo}-${hi}`;
  }

  // ---- Network ACLs -------------------------------------------------------------------------------------------------

  private readNetworkAcls(): void {
    for (const r of this.of('huaweicloud_vpc_network_acl')) {
      const index = this.networkAcls.length;
      const acl: Json = { id: r.address };
      this.networkAcls.push(acl);
      this.from(['networkAcls', index], r);
      for (const [attr, key] of [
        ['ingress_rules', 'inbound'],
        ['egress_rules', 'outbound'],
      ] as const) {
        const rules = Array.isArray(r.values[attr]) ? (r.values[attr] as unknown[]) : [];
        const out: Json[] = [];
        rules.forEach((rule, k) => {
          if (!isObject(rule)) return;
          if (num(rule.ip_version) === 6) {
            this.note('info', 'terraform-ip-version-skipped', r, [attr, k], `${r.address}.${attr}[${k}] is an IPv6 rule: vpcreach models IPv4 only`);
            return;
          }
          const protocol = this.protocol(r, [attr, k], 'protocol', rule.protocol);
          if (protocol === null) return;
          const m: Json = { action: rule.action === 'deny' ? 'deny' : 'allow', protocol };
          const dport = str(rule.destination_port);
          if (dport && (protocol === 'tcp' || protocol === 'udp')) m.ports = this.ports({ ports: dport });
          const description = str(rule.description);
          if (description) m.description = description;
          if (str(rule.source_port))
            this.note(
              'warning',
              'terraform-source-port',
              r,
              [attr, k, 'source_port'],
              `${r.address}.${attr}[${k}] restricts source ports (${String(rule.source_port)}): vpcreach does not model source ports and reads the rule as matching any`,
            );
          // Each side is an address, or an address group (one rule per address of the group, in its order: the
          // first match of the group is the first match of these rules).
          const sources = this.aclSide(r, [attr, k], 'source');
          const destinations = this.aclSide(r, [attr, k], 'destination');
          if (!sources || !destinations) return;
          for (const src of sources)
            for (const dst of destinations) {
              const j = out.length;
              out.push({ ...m, ...(src.cidr ? { source: src.cidr } : {}), ...(dst.cidr ? { destination: dst.cidr } : {}) });
              this.origins.set(['networkAcls', index, key, j], r, [attr, k], aclRuleFields(src.attr, dst.attr));
            }
        });
        acl[key] = out;
      }
      if (r.values.enabled === false) {
        this.note('info', 'terraform-acl-disabled', r, ['enabled'], `${r.address} is disabled: vpcreach binds it to no subnet`);
        continue;
      }
      const bound = Array.isArray(r.values.associated_subnets) ? r.values.associated_subnets : [];
      bound.forEach((_b, k) => {
        const link = this.links.resolve(r, ['associated_subnets', k, 'subnet_id'], ['huaweicloud_vpc_subnet']);
        const subnet = this.single(r, ['associated_subnets', k, 'subnet_id'], link, 'subnet');
        if (!subnet) {
          if (link.kind !== 'resources') this.unresolved(r, ['associated_subnets', k, 'subnet_id'], link, 'subnet');
          return;
        }
        const s = this.subnets.get(subnet)!;
        s.obj.networkAcl = r.address;
        this.from(['vpcs', s.vpc, 'subnets', s.index, 'networkAcl'], r, ['associated_subnets', k, 'subnet_id']);
      });
    }
  }

  /**
   * One side of a network ACL rule: its address (`source_ip_address`), or the addresses of the address group it names
   * (`source_ip_address_group_id`); [{}] for any. Undefined, with an error at the attribute, for a group it cannot read.
   */
  private aclSide(r: TfResource, at: readonly (string | number)[], side: 'source' | 'destination'): { cidr?: string; attr: string }[] | undefined {
    const ipAttr = `${side}_ip_address`;
    const groupAttr = `${side}_ip_address_group_id`;
    const ip = str(valueAt(r.values, [...at, ipAttr]));
    if (ip || !this.links.willBeSet(r, [...at, groupAttr])) return [{ ...(ip ? { cidr: ip } : {}), attr: ipAttr }];
    const l = this.links.resolve(r, [...at, groupAttr], ['huaweicloud_vpc_address_group']);
    const ag = l.kind === 'resources' && l.resources.length === 1 ? l.resources[0]! : undefined;
    const addresses = ag && Array.isArray(ag.values.addresses) ? ag.values.addresses.filter((x): x is string => typeof x === 'string') : null;
    if (!addresses) {
      this.note(
        'error',
        'terraform-unresolved-reference',
        r,
        [...at, groupAttr],
        `${groupAttr} of ${r.address}.${formatPath(at)} names an address group whose addresses are not in this plan or state: vpcreach cannot tell which addresses the rule matches, and leaves it out`,
        'add the huaweicloud_vpc_address_group to the configuration',
      );
      return undefined;
    }
    return addresses.flatMap((a) => cidrsOfEntry(a)).map((cidr) => ({ cidr, attr: groupAttr }));
  }

  // ---- Instances ------------------------------------------------------------------------------------------------

  private readInstances(): void {
    for (const r of [...this.of('huaweicloud_compute_instance'), ...this.of('huaweicloud_bms_instance')]) {
      const bms = r.type === 'huaweicloud_bms_instance';
      const nicAttr = bms ? 'nics' : 'network';
      const nics = Array.isArray(r.values[nicAttr]) ? (r.values[nicAttr] as unknown[]) : [];
      if (nics.length === 0) {
        this.note('error', 'terraform-no-network', r, [nicAttr], `${r.address} has no ${nicAttr} block: vpcreach cannot place it in a subnet`);
        continue;
      }
      const subnetAttr = [nicAttr, 0, bms ? 'subnet_id' : 'uuid'];
      const link = this.links.resolve(r, subnetAttr, ['huaweicloud_vpc_subnet']);
      const subnet = this.single(r, subnetAttr, link, 'subnet');
      if (!subnet) {
        if (link.kind !== 'resources') this.unresolved(r, subnetAttr, link, 'subnet');
        continue;
      }
      if (nics.length > 1)
        this.note(
          'warning',
          'terraform-extra-nics',
          r,
          [nicAttr, 1],
          `${r.address} has ${nics.length} network interfaces: vpcreach models the first (its subnet, address and security groups) only`,
        );
      // Groups it cannot tell leave the instance out (the note says so), as a subnet it cannot tell does.
      const { attr: sgAttr, groups } = this.instanceGroups(r, bms);
      if (!groups) continue;
      const index = this.instances.length;
      const inst: Json = { id: r.address, kind: bms ? 'bms' : 'ecs', subnet: subnet.address, ip: '' };
      this.instances.push(inst);
      this.instanceOf.set(r, inst);
      this.from(['instances', index], r);
      this.from(['instances', index, 'subnet'], r, subnetAttr);
      const ipAttr = [nicAttr, 0, bms ? 'ip_address' : 'fixed_ip_v4'];
      const ip = str(valueAt(r.values, ipAttr));
      if (ip && !isUnknownAt(r, ipAttr)) {
        inst.ip = ip;
        this.take(subnet, ip);
        this.from(['instances', index, 'ip'], r, ipAttr);
      } else this.deferAddress(inst, ['instances', index, 'ip'], r, ipAttr, subnet);
      inst.securityGroups = groups;
      this.from(['instances', index, 'securityGroups'], r, [sgAttr]);
      const tags = isObject(r.values.tags) ? r.values.tags : {};
      const listens = typeof tags[LISTENS_TAG] === 'string' ? tags[LISTENS_TAG] : undefined;
      if (listens !== undefined) {
        inst.listens = listens
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
          .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
        this.from(['instances', index, 'listens'], r, ['tags', LISTENS_TAG]);
      }
    }
  }

  /**
   * An instance's security groups. An ECS names them by id (`security_group_ids`) or by name (`security_groups`; the
   * two are ConflictsWith, and both Optional+Computed, so a plan marks the unset one unknown); a BMS by id in
   * `security_groups`. Neither set: the project's default group.
   */
  private instanceGroups(r: TfResource, bms: boolean): { attr: string; groups: string[] | undefined } {
    const ids = bms ? 'security_groups' : 'security_group_ids';
    const names = bms ? undefined : 'security_groups';
    const types = ['huaweicloud_networking_secgroup'];
    const idsSet = this.links.willBeSet(r, [ids], names ? [[names]] : []);
    if (names && !idsSet && this.links.willBeSet(r, [names], [[ids]])) {
      const link = this.links.resolve(r, [names], types);
      if (link.kind === 'resources') return { attr: names, groups: link.resources.map((g) => g.address) };
      const wanted = link.kind === 'external' ? link.ids : [];
      const byName = wanted.map((n) => this.of('huaweicloud_networking_secgroup').filter((g) => g.values.name === n));
      if (wanted.length > 0 && byName.every((m) => m.length === 1)) return { attr: names, groups: byName.map((m) => m[0]!.address) };
      const missing = wanted.filter((_, i) => byName[i]!.length !== 1);
      this.note(
        'error',
        'terraform-unresolved-reference',
        r,
        [names],
        missing.length > 0
          ? `security_groups of ${r.address} names ${missing.map((n) => `"${n}"`).join(', ')}, which is not the name of exactly one security group of this plan or state: vpcreach cannot tell which group it is, and leaves the instance out`
          : `security_groups of ${r.address} is known only after apply, and the configuration does not reference a group of this plan there: vpcreach leaves the instance out`,
        'reference the groups by id (`security_group_ids = [huaweicloud_networking_secgroup.x.id]`), or add them to the configuration',
      );
      return { attr: names, groups: undefined };
    }
    if (!idsSet) {
      this.note(
        'info',
        'terraform-default-security-group',
        r,
        [ids],
        `${r.address} names no security group: Huawei Cloud puts it in the project's "default" group, which vpcreach models with that group's default rules`,
        `set ${ids} to manage its groups in Terraform`,
      );
      return { attr: ids, groups: [this.defaultGroup(r)] };
    }
    const link = this.links.resolve(r, [ids], types);
    if (link.kind === 'resources') return { attr: ids, groups: link.resources.map((g) => g.address) };
    this.unresolved(r, [ids], link, 'security group');
    return { attr: ids, groups: undefined };
  }

  /** The project's default security group, modelled once with Huawei's default rules. */
  private defaultGroup(r: TfResource): string {
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

  private take(subnet: TfResource, ip: string): void {
    const c = parseCidr(ip, true);
    if (c.ok) this.taken.get(subnet)?.add(c.value.lo);
  }

  private readonly deferred: { obj: Json; modelPath: DataPath; res: TfResource; attr: readonly (string | number)[]; subnet: TfResource }[] = [];

  /** An address known only after apply: placed once every known address is taken. */
  private deferAddress(obj: Json, modelPath: DataPath, res: TfResource, attr: readonly (string | number)[], subnet: TfResource): void {
    this.deferred.push({ obj, modelPath, res, attr, subnet });
  }

  private placeDeferred(): void {
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

  private readLoadBalancers(): void {
    for (const r of [...this.of('huaweicloud_elb_loadbalancer'), ...this.of('huaweicloud_lb_loadbalancer')]) {
      const dedicated = r.type === 'huaweicloud_elb_loadbalancer';
      const subnetAttr = [dedicated ? 'ipv4_subnet_id' : 'vip_subnet_id'];
      const link = this.links.resolve(r, subnetAttr, ['huaweicloud_vpc_subnet']);
      const subnet = this.single(r, subnetAttr, link, 'subnet');
      if (!subnet) {
        if (link.kind !== 'resources') this.unresolved(r, subnetAttr, link, 'subnet');
        continue;
      }
      const index = this.loadBalancers.length;
      const lb: Json = { id: r.address, kind: dedicated ? 'dedicated' : 'shared', subnet: subnet.address, ip: '' };
      if (dedicated && r.values.cross_vpc_backend === true) lb.ipAsBackend = true;
      lb.listeners = [];
      this.loadBalancers.push(lb);
      this.lbOf.set(r, { obj: lb, index });
      this.from(['loadBalancers', index], r);
      this.from(['loadBalancers', index, 'subnet'], r, subnetAttr);
      if (dedicated) this.from(['loadBalancers', index, 'ipAsBackend'], r, ['cross_vpc_backend']);
      const ipAttr = [dedicated ? 'ipv4_address' : 'vip_address'];
      const ip = str(r.values[ipAttr[0]!]);
      if (ip && !isUnknownAt(r, ipAttr)) {
        lb.ip = ip;
        this.take(subnet, ip);
        this.from(['loadBalancers', index, 'ip'], r, ipAttr);
      } else this.deferAddress(lb, ['loadBalancers', index, 'ip'], r, ipAttr, subnet);
    }
    for (const r of [...this.of('huaweicloud_elb_listener'), ...this.of('huaweicloud_lb_listener')]) {
      const types = r.type === 'huaweicloud_elb_listener' ? ['huaweicloud_elb_loadbalancer'] : ['huaweicloud_lb_loadbalancer'];
      const link = this.links.resolve(r, ['loadbalancer_id'], types);
      const lbRes = this.single(r, ['loadbalancer_id'], link, 'load balancer');
      const lb = lbRes && this.lbOf.get(lbRes);
      if (!lb) {
        if (link.kind !== 'resources') this.unresolved(r, ['loadbalancer_id'], link, 'load balancer');
        continue;
      }
      const protocol = LB_PROTOCOLS[(str(r.values.protocol) ?? '').toUpperCase()];
      if (!protocol) {
        this.note(
          'info',
          'terraform-protocol-skipped',
          r,
          ['protocol'],
          `listener protocol ${String(r.values.protocol)} of ${r.address} is not one vpcreach models: the listener is left out`,
        );
        continue;
      }
      const listeners = lb.obj.listeners as Json[];
      const li = listeners.length;
      const listener: Json = { id: r.address, protocol, port: num(r.values.protocol_port) ?? 0, members: [] };
      listeners.push(listener);
      this.listenerOf.set(r, { obj: listener, lb: lb.index, index: li });
      this.from(['loadBalancers', lb.index, 'listeners', li], r);
      this.from(['loadBalancers', lb.index, 'listeners', li, 'protocol'], r, ['protocol']);
      this.from(['loadBalancers', lb.index, 'listeners', li, 'port'], r, ['protocol_port']);
      // Dedicated: access_policy white|black with an IP address group.
      const policy = str(r.values.access_policy);
      if (policy === 'white' || policy === 'black') {
        const g = this.links.resolve(r, ['ip_group'], ['huaweicloud_elb_ipgroup']);
        const group = g.kind === 'resources' && g.resources.length === 1 ? g.resources[0]! : undefined;
        const list = group && Array.isArray(group.values.ip_list) ? group.values.ip_list : null;
        if (!list) this.unresolved(r, ['ip_group'], g, 'IP address group');
        else {
          listener.accessControl = {
            mode: policy === 'white' ? 'whitelist' : 'blacklist',
            cidrs: list.filter(isObject).map((e) => str(e.ip) ?? ''),
          };
          this.from(['loadBalancers', lb.index, 'listeners', li, 'accessControl'], r, ['access_policy']);
          this.from(['loadBalancers', lb.index, 'listeners', li, 'accessControl', 'cidrs'], group!, ['ip_list']);
        }
      }
    }
    for (const r of this.of('huaweicloud_lb_whitelist')) {
      const link = this.links.resolve(r, ['listener_id'], ['huaweicloud_lb_listener']);
      const lr = this.single(r, ['listener_id'], link, 'listener');
      const l = lr && this.listenerOf.get(lr);
      if (!l) {
        if (link.kind !== 'resources') this.unresolved(r, ['listener_id'], link, 'listener');
        continue;
      }
      if (r.values.enable_whitelist === false) continue;
      const cidrs = (str(r.values.whitelist) ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      l.obj.accessControl = { mode: 'whitelist', cidrs };
      this.from(['loadBalancers', l.lb, 'listeners', l.index, 'accessControl'], r, ['whitelist']);
    }
    this.readPools();
  }

  private readPools(): void {
    const poolListener = new Map<TfResource, TfResource>();
    for (const r of [...this.of('huaweicloud_elb_pool'), ...this.of('huaweicloud_lb_pool')]) {
      const types = r.type === 'huaweicloud_elb_pool' ? ['huaweicloud_elb_listener'] : ['huaweicloud_lb_listener'];
      const link = this.links.resolve(r, ['listener_id'], types);
      if (link.kind === 'resources' && link.resources.length === 1) poolListener.set(r, link.resources[0]!);
    }
    // A listener's default pool names it the other way round.
    for (const l of [...this.of('huaweicloud_elb_listener'), ...this.of('huaweicloud_lb_listener')]) {
      const types = l.type === 'huaweicloud_elb_listener' ? ['huaweicloud_elb_pool'] : ['huaweicloud_lb_pool'];
      if (l.values.default_pool_id === undefined && !isUnknownAt(l, ['default_pool_id'])) continue;
      const link = this.links.resolve(l, ['default_pool_id'], types);
      if (link.kind === 'resources' && link.resources.length === 1 && !poolListener.has(link.resources[0]!)) poolListener.set(link.resources[0]!, l);
    }
    for (const r of [...this.of('huaweicloud_elb_member'), ...this.of('huaweicloud_lb_member')]) {
      const types = r.type === 'huaweicloud_elb_member' ? ['huaweicloud_elb_pool'] : ['huaweicloud_lb_pool'];
      const link = this.links.resolve(r, ['pool_id'], types);
      const pool = this.single(r, ['pool_id'], link, 'pool');
      if (!pool) {
        if (link.kind !== 'resources') this.unresolved(r, ['pool_id'], link, 'pool');
        continue;
      }
      const lr = poolListener.get(pool);
      const l = lr && this.listenerOf.get(lr);
      if (!l) {
        this.note(
          'warning',
          'terraform-pool-without-listener',
          r,
          ['pool_id'],
          `the pool of ${r.address} (${pool.address}) serves no listener of this plan or state: the member receives nothing`,
        );
        continue;
      }
      const instance = this.memberInstance(r);
      if (!instance) continue;
      const members = l.obj.members as Json[];
      const k = members.length;
      const member: Json = { instance, port: num(r.values.protocol_port) ?? 0 };
      const weight = num(r.values.weight);
      if (weight !== undefined && weight !== 1) member.weight = weight;
      // API responses know a member's health (a plan or state does not).
      if (r.values.operating_status === 'OFFLINE') member.healthy = false;
      members.push(member);
      this.from(['loadBalancers', l.lb, 'listeners', l.index, 'members', k], r);
      this.from(['loadBalancers', l.lb, 'listeners', l.index, 'members', k, 'instance'], r, ['address']);
      this.from(['loadBalancers', l.lb, 'listeners', l.index, 'members', k, 'port'], r, ['protocol_port']);
      this.from(['loadBalancers', l.lb, 'listeners', l.index, 'members', k, 'weight'], r, ['weight']);
    }
  }

  private instanceByIp: Map<string, string> | undefined;

  /** The instance a member's address names: by the instance the configuration references, or by its address. */
  private memberInstance(r: TfResource): string | undefined {
    const link = this.links.resolve(r, ['address'], ['huaweicloud_compute_instance', 'huaweicloud_bms_instance']);
    if (link.kind === 'resources' && link.resources.length === 1 && this.instanceOf.has(link.resources[0]!)) return link.resources[0]!.address;
    const address = str(r.values.address);
    if (address) {
      if (!this.instanceByIp) {
        this.instanceByIp = new Map();
        for (const [res, inst] of this.instanceOf) if (!this.instanceByIp.has(String(inst.ip))) this.instanceByIp.set(String(inst.ip), res.address);
      }
      const hit = this.instanceByIp.get(address);
      if (hit) return hit;
    }
    this.note(
      'error',
      'terraform-member-unknown',
      r,
      ['address'],
      `member ${r.address} forwards to ${address ?? 'an address known only after apply'}, which is no instance of this plan or state`,
      'reference the instance (`address = huaweicloud_compute_instance.x.access_ip_v4`) or add it to the configuration',
    );
    return undefined;
  }

  // ---- VPC endpoint services and endpoints --------------------------------------------------------------------------

  private readServices(): void {
    for (const r of this.of('huaweicloud_vpcep_service')) {
      const vpcLink = this.links.resolve(r, ['vpc_id'], ['huaweicloud_vpc']);
      const vpc = this.single(r, ['vpc_id'], vpcLink, 'VPC');
      const vpcId = vpc ? vpc.address : vpcLink.kind === 'external' && this.vpcIndex.has(vpcLink.ids[0]!) ? `vpc:${vpcLink.ids[0]}` : undefined;
      if (!vpcId) {
        if (vpcLink.kind !== 'resources') this.unresolved(r, ['vpc_id'], vpcLink, 'VPC');
        continue;
      }
      const backend = this.backendOf(r);
      if (!backend) continue;
      const index = this.services.length;
      const svc: Json = { id: r.address, account: this.account(r), vpc: vpcId, approval: r.values.approval === true, backend };
      const name = str(r.values.name);
      if (name) svc.name = name;
      const mappings = Array.isArray(r.values.port_mapping) ? r.values.port_mapping : [];
      svc.portMappings = mappings.filter(isObject).map((m) => ({ servicePort: num(m.service_port) ?? 0, terminalPort: num(m.terminal_port) ?? 0 }));
      mappings.forEach((m, k) => {
        this.from(['endpointServices', index, 'portMappings', k], r, ['port_mapping', k]);
        this.from(['endpointServices', index, 'portMappings', k, 'servicePort'], r, ['port_mapping', k, 'service_port']);
        this.from(['endpointServices', index, 'portMappings', k, 'terminalPort'], r, ['port_mapping', k, 'terminal_port']);
        if (isObject(m) && str(m.protocol) && String(m.protocol).toUpperCase() !== 'TCP')
          this.note(
            'warning',
            'terraform-protocol-skipped',
            r,
            ['port_mapping', k, 'protocol'],
            `port mapping ${k} of ${r.address} uses ${String(m.protocol)}: VPCEP carries TCP only, and vpcreach models it as TCP`,
          );
      });
      const permissions = Array.isArray(r.values.permissions) ? r.values.permissions.filter((p): p is string => typeof p === 'string') : [];
      if (permissions.length) svc.permissions = permissions;
      const tags = isObject(r.values.tags) ? r.values.tags : null;
      if (tags && Object.keys(tags).length) svc.tags = tags;
      this.services.push(svc);
      this.serviceOf.set(r, svc);
      this.from(['endpointServices', index], r);
      this.from(['endpointServices', index, 'vpc'], r, ['vpc_id']);
      this.from(['endpointServices', index, 'backend'], r, ['port_id']);
      this.from(['endpointServices', index, 'approval'], r, ['approval']);
      this.from(['endpointServices', index, 'permissions'], r, ['permissions']);
      this.from(['endpointServices', index, 'name'], r, ['name']);
      this.from(['endpointServices', index, 'tags'], r, ['tags']);
    }
  }

  /** The backend a service's port_id names: an instance's NIC, or a load balancer's address port. */
  private backendOf(r: TfResource): Json | undefined {
    const serverType = str(r.values.server_type)?.toUpperCase();
    if (serverType === 'VIP') {
      this.note(
        'error',
        'terraform-unsupported-backend',
        r,
        ['server_type'],
        `${r.address} has server_type VIP (deprecated): vpcreach models VM and LB backends`,
        'use server_type LB with a load balancer',
      );
      return undefined;
    }
    const link = this.links.resolve(
      r,
      ['port_id'],
      [
        'huaweicloud_compute_instance',
        'huaweicloud_bms_instance',
        'huaweicloud_elb_loadbalancer',
        'huaweicloud_lb_loadbalancer',
        'huaweicloud_networking_port',
      ],
    );
    let target = link.kind === 'resources' && link.resources.length === 1 ? link.resources[0]! : undefined;
    if (target?.type === 'huaweicloud_networking_port') {
      // A port made on its own: the instance whose address it carries.
      const ips = Array.isArray(target.values.fixed_ip) ? target.values.fixed_ip.filter(isObject).map((f) => str(f.ip_address)) : [];
      const hit = [...this.instanceOf].find(([, inst]) => ips.includes(inst.ip as string));
      target = hit?.[0];
    }
    if (!target) {
      this.note(
        'error',
        'terraform-unresolved-backend',
        r,
        ['port_id'],
        `port_id of ${r.address} names no instance NIC or load balancer port of this plan or state`,
        "reference it from the configuration: `port_id = huaweicloud_compute_instance.x.network[0].port`, or a load balancer's `ipv4_port_id` / `vip_port_id`",
      );
      return undefined;
    }
    if (target.type === 'huaweicloud_elb_loadbalancer' || target.type === 'huaweicloud_lb_loadbalancer') {
      if (serverType && serverType !== 'LB')
        this.note(
          'warning',
          'terraform-server-type',
          r,
          ['server_type'],
          `${r.address} names a load balancer's port but has server_type ${serverType}: vpcreach follows the port`,
        );
      return { kind: 'elb', loadBalancer: target.address };
    }
    if (serverType && serverType !== 'VM')
      this.note(
        'warning',
        'terraform-server-type',
        r,
        ['server_type'],
        `${r.address} names an instance's NIC but has server_type ${serverType}: vpcreach follows the port`,
      );
    return { kind: target.type === 'huaweicloud_bms_instance' ? 'bms' : 'ecs', instance: target.address };
  }

  private readEndpoints(): void {
    const accepted = new Set<TfResource>();
    for (const a of this.of('huaweicloud_vpcep_approval')) {
      const link = this.links.resolve(a, ['endpoints'], ['huaweicloud_vpcep_endpoint']);
      if (link.kind === 'resources') for (const e of link.resources) accepted.add(e);
      else this.unresolved(a, ['endpoints'], link, 'endpoint');
    }
    for (const r of this.of('huaweicloud_vpcep_endpoint')) {
      const svcLink = this.links.resolve(r, ['service_id'], ['huaweicloud_vpcep_service']);
      const svcRes = this.single(r, ['service_id'], svcLink, 'endpoint service');
      if (!svcRes || !this.serviceOf.has(svcRes)) {
        this.note(
          'info',
          'terraform-endpoint-elsewhere',
          r,
          ['service_id'],
          `${r.address} connects to an endpoint service that is not in this plan or state (a public service, or one of another configuration): it is left out`,
          'import the provider side too (several files make one model), or read the service with a data source',
        );
        continue;
      }
      const subLink = this.links.resolve(r, ['network_id'], ['huaweicloud_vpc_subnet']);
      const subnet = this.single(r, ['network_id'], subLink, 'subnet');
      if (!subnet) {
        if (subLink.kind !== 'resources') this.unresolved(r, ['network_id'], subLink, 'subnet');
        continue;
      }
      const s = this.subnets.get(subnet)!;
      const index = this.endpoints.length;
      const account = this.connectionDomains.get(str(r.values.id) ?? '') ?? this.account(r);
      const ep: Json = { id: r.address, account, vpc: this.vpcs[s.vpc]!.id, subnet: subnet.address, ip: '', service: svcRes.address };
      this.endpoints.push(ep);
      this.endpointOf.set(r, { obj: ep, index });
      this.from(['endpoints', index], r);
      this.from(['endpoints', index, 'vpc'], r, ['vpc_id']);
      this.from(['endpoints', index, 'subnet'], r, ['network_id']);
      this.from(['endpoints', index, 'service'], r, ['service_id']);
      const ip = str(r.values.ip_address);
      if (ip && !isUnknownAt(r, ['ip_address'])) {
        ep.ip = ip;
        this.take(subnet, ip);
        this.from(['endpoints', index, 'ip'], r, ['ip_address']);
      } else this.deferAddress(ep, ['endpoints', index, 'ip'], r, ['ip_address'], subnet);
      const status = str(r.values.status);
      if (status && !isUnknownAt(r, ['status'])) {
        ep.status = status;
        this.from(['endpoints', index, 'status'], r, ['status']);
      } else if (accepted.has(r)) ep.status = 'accepted';
      if (r.values.enable_whitelist === true) {
        ep.whitelist = Array.isArray(r.values.whitelist) ? r.values.whitelist.filter((x): x is string => typeof x === 'string') : [];
        this.from(['endpoints', index, 'whitelist'], r, ['whitelist']);
      }
    }
    this.placeDeferred();
  }

  private unresolved(r: TfResource, attr: readonly (string | number)[], link: Resolved, what: string): void {
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

  private reportUnmodelled(): void {
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

/** Huawei Cloud's default rules of a security group made by API or Terraform: ingress from the group itself, egress to anywhere. */
function defaultRules(group: string): Json[] {
  return [
    { direction: 'ingress', protocol: 'any', sourceGroup: group, description: 'default rule: the group itself' },
    { direction: 'egress', protocol: 'any', description: 'default rule: everything out' },
  ];
}

/** Model fields of a network ACL rule, by provider attribute. */
const aclRuleFieldTables = new Map<string, Readonly<Record<string, string>>>();
/** The attribute of an ACL rule each model field came from, by the attribute each side was read from. */
function aclRuleFields(sourceAttr: string, destinationAttr: string): Readonly<Record<string, string>> {
  const key = `${sourceAttr} ${destinationAttr}`;
  let t = aclRuleFieldTables.get(key);
  if (!t) {
    t = { action: 'action', protocol: 'protocol', ports: 'destination_port', source: sourceAttr, destination: destinationAttr, description: 'description' };
    aclRuleFieldTables.set(key, t);
  }
  return t;
}

const ruleFieldTables = new Map<string, Map<string, Readonly<Record<string, string>>>>();

/** Model fields of a security-group rule, by provider attribute (one shared table per combination). */
function ruleFields(peer: string, peerAttr: string, portsAttr: string): Readonly<Record<string, string>> {
  let byAttr = ruleFieldTables.get(peer);
  if (!byAttr) ruleFieldTables.set(peer, (byAttr = new Map<string, Readonly<Record<string, string>>>()));
  const key = portsAttr === 'ports' ? peerAttr : `${peerAttr} ${portsAttr}`;
  let t = byAttr.get(key);
  if (!t) {
    t = {
      direction: 'direction',
      protocol: 'protocol',
      ports: portsAttr,
      action: 'action',
      priority: 'priority',
      description: 'description',
      [peer]: peerAttr,
      [`${peer}Group`]: peerAttr,
    };
    byAttr.set(key, t);
  }
  return t;
}

/** The CIDRs of an address-group entry: a CIDR, an address, or a range `a-b`. */
function cidrsOfEntry(entry: string): string[] {
  const range = /^\s*([\d.]+)\s*-\s*([\d.]+)\s*$/.exec(entry);
  if (!range) return [entry.trim()];
  const lo = parseCidr(range[1]!, true);
  const hi = parseCidr(range[2]!, true);
  if (!lo.ok || !hi.ok) return [entry.trim()];
  const out: string[] = [];
  let a = lo.value.lo;
  const b = hi.value.lo;
  while (a <= b) {
    let size = 1;
    while (size < 2 ** 32 && a % (size * 2) === 0 && a + size * 2 - 1 <= b) size *= 2;
    out.push(formatRange({ lo: a, hi: a + size - 1 }));
    a += size;
  }
  return out;
}

/** The smallest CIDR that holds every range. */
function smallestCidrCovering(ranges: readonly { lo: number; hi: number }[]): { lo: number; hi: number } {
  let lo = ranges[0]!.lo;
  let hi = ranges[0]!.hi;
  for (const r of ranges) {
    lo = Math.min(lo, r.lo);
    hi = Math.max(hi, r.hi);
  }
  let prefix = 32;
  while (prefix > 0) {
    const size = 2 ** (32 - prefix);
    const start = Math.floor(lo / size) * size;
    if (start + size - 1 >= hi) return { lo: start, hi: start + size - 1 };
    prefix--;
  }
  return { lo: 0, hi: 0xffffffff };
}
