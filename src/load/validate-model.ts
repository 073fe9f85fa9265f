import {
  formatIpv4,
  formatRange,
  intervals,
  parseCidr,
  parseIpv4,
  parsePort,
  parsePortSpec,
  rangeContains,
  rangesOverlap,
  type Cidr,
  type IntervalSet,
  type PortRange,
  type RuleProtocol,
} from '../net/index.js';
import type {
  AccessControl,
  Backend,
  Diagnostic,
  Endpoint,
  EndpointService,
  Instance,
  Listener,
  LoadBalancer,
  Member,
  Model,
  NetworkAcl,
  NetworkAclRule,
  PortMapping,
  Resource,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Tags,
  Vpc,
} from '../model/index.js';
import { hasErrors, PROVIDER_LIMITS, VPCEP_SOURCE_RANGE } from '../model/index.js';
import {
  lenientModelSchema,
  modelSchema,
  type RawModel,
  type RawEndpoint,
  type RawEndpointService,
  type RawInstance,
  type RawLoadBalancer,
  type RawNetworkAcl,
  type RawSecurityGroup,
  type RawVpc,
} from './schema.js';
import type { DataPath, ParsedSource } from './source.js';
import { describe, zodDiagnostics } from './zod-diagnostics.js';
import { didYouMean } from './suggest.js';

/** Input limits: vpcreach's own list sizes, and the provider's limits from the source document. */
export const LIMITS = {
  /** Resources in one top-level list (instances, security groups, …). */
  maxResources: 200_000,
  /** Entries in one nested list (rules of a group, subnets of a VPC, members of a listener, …). */
  maxListEntries: 10_000,
  ...PROVIDER_LIMITS,
} as const;

const TAG_FORBIDDEN = /[=*<>\\,|/]/;
const PERMISSION = /^(\*|iam:domain::[A-Za-z0-9_*-]{1,64})$/;
const SERVICE_NAME = /^[A-Za-z0-9_-]{1,16}$/;
const DEFAULT_ACCOUNT = 'default';
const DEFAULT_REGION = 'default';

type Kind = Resource['kind'];
const KIND_LABEL: Record<Kind, string> = {
  vpc: 'VPC',
  subnet: 'subnet',
  securityGroup: 'security group',
  networkAcl: 'network ACL',
  instance: 'instance',
  loadBalancer: 'load balancer',
  listener: 'listener',
  endpointService: 'endpoint service',
  endpoint: 'endpoint',
};

interface Registered {
  kind: Kind;
  path: DataPath;
  /** For instances: ecs or bms, when known. */
  sub?: string;
}

/** Checks a parsed model file and, when it has no errors, resolves it into a Model. */
export function validateModel(source: ParsedSource): { model: Model | undefined; diagnostics: Diagnostic[] } {
  const v = new Validator(source);
  const model = v.run();
  return { model: hasErrors(v.diagnostics) ? undefined : model, diagnostics: v.diagnostics };
}

class Validator {
  readonly diagnostics: Diagnostic[] = [];
  private readonly ids = new Map<string, Registered>();
  private readonly data: Record<string, unknown>;

  private readonly vpcs = new Map<string, Vpc>();
  private readonly subnets = new Map<string, Subnet>();
  private readonly securityGroups = new Map<string, SecurityGroup>();
  private readonly networkAcls = new Map<string, NetworkAcl>();
  private readonly instances = new Map<string, Instance>();
  private readonly loadBalancers = new Map<string, LoadBalancer>();
  private readonly listeners = new Map<string, Listener>();
  private readonly endpointServices = new Map<string, EndpointService>();
  private readonly endpoints = new Map<string, Endpoint>();
  /** Address owners per VPC, to find duplicates. */
  private readonly addresses = new Map<string, Map<number, { id: string; path: DataPath }>>();
  private region = DEFAULT_REGION;

  constructor(private readonly source: ParsedSource) {
    this.data = (source.data ?? {}) as Record<string, unknown>;
  }

  error(code: string, path: DataPath, message: string, hint?: string, key = false): void {
    this.diagnostics.push({ code, severity: 'error', message, location: this.source.locate(path, key), ...(hint ? { hint } : {}) });
  }

  warn(code: string, path: DataPath, message: string, hint?: string): void {
    this.diagnostics.push({ code, severity: 'warning', message, location: this.source.locate(path), ...(hint ? { hint } : {}) });
  }

  run(): Model | undefined {
    const data = this.source.data;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      this.error(
        'invalid-type',
        [],
        `a model file must be a mapping with top-level fields (region, vpcs, securityGroups, …); got ${describe(data)}`,
        'see docs/model-format.md',
      );
      return undefined;
    }
    const full = modelSchema.safeParse(data);
    if (!full.success) this.diagnostics.push(...zodDiagnostics(full.error.issues, modelSchema, this.source));
    if (typeof this.data.region === 'string' && this.data.region !== '') this.region = this.data.region;

    if (!this.withinCounts()) return undefined;
    this.registerIds();
    const lenient = pruneToValid(this.data);
    if (lenient) {
      const items = <T>(list: readonly (T | null)[] | undefined, section: string): { item: T; path: DataPath }[] =>
        (list ?? []).flatMap((item, i) => (item === null ? [] : [{ item, path: [section, i] }]));
      for (const { item, path } of items(lenient.networkAcls, 'networkAcls')) this.networkAcl(item, path);
      for (const { item, path } of items(lenient.vpcs, 'vpcs')) this.vpc(item, path);
      for (const { item, path } of items(lenient.instances, 'instances')) this.instance(item, path);
      for (const { item, path } of items(lenient.securityGroups, 'securityGroups')) this.securityGroup(item, path);
      for (const { item, path } of items(lenient.loadBalancers, 'loadBalancers')) this.loadBalancer(item, path);
      for (const { item, path } of items(lenient.endpointServices, 'endpointServices')) this.endpointService(item, path);
      for (const { item, path } of items(lenient.endpoints, 'endpoints')) this.endpoint(item, path);
    }

    const resources = new Map<string, Resource>();
    for (const m of [
      this.vpcs,
      this.subnets,
      this.securityGroups,
      this.networkAcls,
      this.instances,
      this.loadBalancers,
      this.listeners,
      this.endpointServices,
      this.endpoints,
    ] as ReadonlyMap<string, Resource>[]) {
      for (const [k, r] of m) resources.set(k, r);
    }
    return {
      file: this.source.file,
      region: this.region,
      vpcs: this.vpcs,
      subnets: this.subnets,
      securityGroups: this.securityGroups,
      networkAcls: this.networkAcls,
      instances: this.instances,
      loadBalancers: this.loadBalancers,
      listeners: this.listeners,
      endpointServices: this.endpointServices,
      endpoints: this.endpoints,
      resources,
    };
  }

  /** Refuses absurd counts before any per-item work, so a hostile file fails fast with a message. */
  private withinCounts(): boolean {
    let ok = true;
    const nested: Record<string, string[]> = {
      vpcs: ['subnets'],
      securityGroups: ['rules'],
      networkAcls: ['inbound', 'outbound'],
      instances: ['securityGroups', 'listens'],
      loadBalancers: ['listeners'],
      endpointServices: ['permissions'],
      endpoints: ['whitelist'],
    };
    for (const [section, fields] of Object.entries(nested)) {
      const list = this.data[section];
      if (!Array.isArray(list)) continue;
      if (list.length > LIMITS.maxResources) {
        this.error(
          'too-many-items',
          [section],
          `${section} has ${list.length.toLocaleString('en-US')} entries, more than the limit of ${LIMITS.maxResources.toLocaleString('en-US')}`,
          'split the model',
        );
        ok = false;
        continue;
      }
      list.forEach((item, i) => {
        if (item === null || typeof item !== 'object') return;
        for (const f of fields) {
          const inner = (item as Record<string, unknown>)[f];
          if (Array.isArray(inner) && inner.length > LIMITS.maxListEntries) {
            this.error(
              'too-many-items',
              [section, i, f],
              `${f} has ${inner.length.toLocaleString('en-US')} entries, more than the limit of ${LIMITS.maxListEntries.toLocaleString('en-US')}`,
              'no cloud resource holds this many; check the generator that wrote the file',
            );
            ok = false;
          }
        }
        const listeners = (item as Record<string, unknown>).listeners;
        if (Array.isArray(listeners)) {
          listeners.forEach((l, j) => {
            const members = l !== null && typeof l === 'object' ? (l as Record<string, unknown>).members : undefined;
            if (Array.isArray(members) && members.length > LIMITS.maxListEntries) {
              this.error(
                'too-many-items',
                [section, i, 'listeners', j, 'members'],
                `members has ${members.length.toLocaleString('en-US')} entries, more than the limit of ${LIMITS.maxListEntries.toLocaleString('en-US')}`,
                'split the listener',
              );
              ok = false;
            }
          });
        }
      });
    }
    return ok;
  }

  // ---- ids and references ----------------------------------------------------------------

  private registerIds(): void {
    const reg = (kind: Kind, raw: unknown, path: DataPath): void => {
      if (raw === null || typeof raw !== 'object') return;
      const id = (raw as { id?: unknown }).id;
      if (typeof id !== 'string' || id === '') return;
      const prev = this.ids.get(id);
      if (prev) {
        const line = this.source.locate([...prev.path, 'id']).line;
        this.error(
          'duplicate-id',
          [...path, 'id'],
          `duplicate id "${id}": already used by the ${KIND_LABEL[prev.kind]} at line ${line}`,
          'ids must be unique across the whole model; rename one of them',
        );
        return;
      }
      const sub = (raw as { kind?: unknown }).kind;
      this.ids.set(id, { kind, path, ...(typeof sub === 'string' ? { sub } : {}) });
    };
    const each = (section: string, fn: (raw: unknown, path: DataPath) => void): void => {
      const list = this.data[section];
      if (Array.isArray(list)) list.forEach((raw, i) => fn(raw, [section, i]));
    };
    each('vpcs', (raw, path) => {
      reg('vpc', raw, path);
      const subnets = (raw as { subnets?: unknown } | null)?.subnets;
      if (Array.isArray(subnets)) subnets.forEach((s, j) => reg('subnet', s, [...path, 'subnets', j]));
    });
    each('securityGroups', (raw, path) => reg('securityGroup', raw, path));
    each('networkAcls', (raw, path) => reg('networkAcl', raw, path));
    each('instances', (raw, path) => reg('instance', raw, path));
    each('loadBalancers', (raw, path) => {
      reg('loadBalancer', raw, path);
      const listeners = (raw as { listeners?: unknown } | null)?.listeners;
      if (Array.isArray(listeners)) listeners.forEach((l, j) => reg('listener', l, [...path, 'listeners', j]));
    });
    each('endpointServices', (raw, path) => reg('endpointService', raw, path));
    each('endpoints', (raw, path) => reg('endpoint', raw, path));
  }

  /** Checks that `id` names a resource of one of `kinds`; returns true when it does. */
  private ref(path: DataPath, id: string, kinds: Kind[], code = 'wrong-reference-kind'): boolean {
    const found = this.ids.get(id);
    const want = kinds.map((k) => KIND_LABEL[k]).join(' or ');
    if (!found) {
      const candidates = [...this.ids].filter(([, r]) => kinds.includes(r.kind)).map(([k]) => k);
      this.error(
        'unresolved-reference',
        path,
        `${want} "${id}" is not defined`,
        didYouMean(id, candidates) ?? (candidates.length ? `defined ${want}s: ${candidates.slice(0, 8).join(', ')}` : `define a ${want} with id "${id}"`),
      );
      return false;
    }
    if (!kinds.includes(found.kind)) {
      this.error(code, path, `"${id}" is ${withArticle(KIND_LABEL[found.kind])}, not ${withArticle(want)}`);
      return false;
    }
    return true;
  }

  // ---- values ------------------------------------------------------------------------------

  private cidr(path: DataPath, text: string, allowBare = false): Cidr | undefined {
    const r = parseCidr(text, allowBare);
    if (!r.ok) {
      this.error('invalid-cidr', path, r.message, r.hint);
      return undefined;
    }
    return r.value;
  }

  private ip(path: DataPath, text: string): number | undefined {
    const r = parseIpv4(text);
    if (!r.ok) {
      this.error('invalid-ip', path, r.message, r.hint);
      return undefined;
    }
    return r.value;
  }

  private ports(path: DataPath, spec: number | string | (number | string)[] | undefined): PortRange[] | null | undefined {
    if (spec === undefined) return null;
    const list = Array.isArray(spec) ? spec : [spec];
    const out: PortRange[] = [];
    let ok = true;
    list.forEach((s, i) => {
      const r = parsePortSpec(s);
      const p = Array.isArray(spec) ? [...path, i] : path;
      if (!r.ok) {
        this.error(r.code ?? 'invalid-port', p, r.message, r.hint);
        ok = false;
      } else out.push(r.value);
    });
    if (Array.isArray(spec) && spec.length === 0) {
      this.error('invalid-port', path, 'an empty port list matches nothing', 'omit ports to mean all ports, or list at least one');
      return undefined;
    }
    return ok ? out : undefined;
  }

  private port(path: DataPath, value: number | string): number | undefined {
    const r = parsePort(value);
    if (!r.ok) {
      this.error('invalid-port', path, r.message, r.hint);
      return undefined;
    }
    return r.value;
  }

  private tags(path: DataPath, tags: Record<string, string> | undefined): Tags {
    if (!tags) return {};
    const keys = Object.keys(tags);
    if (keys.length > LIMITS.maxTags) {
      this.error(
        'too-many-tags',
        [...path, 'tags'],
        `${keys.length} tags; at most ${LIMITS.maxTags} are allowed per resource`,
        `remove ${keys.length - LIMITS.maxTags} tag(s)`,
      );
    }
    for (const key of keys) {
      const value = tags[key]!;
      const keyProblem = tagProblem(key, LIMITS.maxTagKeyLength);
      if (keyProblem)
        this.error(
          'invalid-tag-key',
          [...path, 'tags', key],
          `tag key "${key}" ${keyProblem}`,
          'tag keys are 1-36 characters without = * < > \\ , | / and without leading or trailing spaces',
          true,
        );
      const valueProblem = tagProblem(value, LIMITS.maxTagValueLength);
      if (valueProblem)
        this.error(
          'invalid-tag-value',
          [...path, 'tags', key],
          `value of tag "${key}" ${valueProblem}`,
          'tag values are 1-43 characters without = * < > \\ , | / and without leading or trailing spaces',
        );
    }
    return { ...tags };
  }

  private vpcepOverlap(path: DataPath, cidr: Cidr, what: string): void {
    if (rangesOverlap(cidr, VPCEP_SOURCE_RANGE)) {
      this.error(
        'vpcep-range-overlap',
        path,
        `${what} ${formatRange(cidr)} overlaps 198.19.128.0/17, the range VPC Endpoint uses as the source address`,
        'choose a CIDR outside 198.19.128.0/17',
      );
    }
  }

  /** Records that `ip` is used in `vpc` by `id`; reports a duplicate. */
  private claimAddress(vpc: string, ip: number, id: string, path: DataPath): void {
    let owners = this.addresses.get(vpc);
    if (!owners) this.addresses.set(vpc, (owners = new Map<number, { id: string; path: DataPath }>()));
    const prev = owners.get(ip);
    if (prev) {
      const line = this.source.locate(prev.path).line;
      this.error(
        'duplicate-ip',
        path,
        `${formatIpv4(ip)} is already used by "${prev.id}" (line ${line}) in VPC "${vpc}"`,
        'give each instance, load balancer and endpoint its own address',
      );
      return;
    }
    owners.set(ip, { id, path });
  }

  /** Checks an address against its subnet; returns the subnet when both resolve. */
  private addressInSubnet(subnetId: string, ipText: string, ownerId: string, path: DataPath): { subnet: Subnet; ip: number } | undefined {
    const ip = this.ip([...path, 'ip'], ipText);
    const subnet = this.subnets.get(subnetId);
    if (ip === undefined || !subnet) return undefined;
    if (ip < subnet.cidr.lo || ip > subnet.cidr.hi) {
      this.error(
        'ip-outside-subnet',
        [...path, 'ip'],
        `${formatIpv4(ip)} is not inside subnet "${subnet.id}" (${formatRange(subnet.cidr)})`,
        `pick an address in ${formatRange(subnet.cidr)} or change the subnet`,
      );
      return undefined;
    }
    const offset = ip - subnet.cidr.lo;
    const last = subnet.cidr.hi - subnet.cidr.lo;
    if (subnet.cidr.prefix <= 29 && (offset === 0 || offset === 1 || offset === last || offset === last - 1 || offset === last - 2)) {
      this.warn(
        'ip-reserved',
        [...path, 'ip'],
        `${formatIpv4(ip)} is one of the addresses a Huawei Cloud subnet reserves (network, gateway, DHCP, system, broadcast)`,
        'the cloud will not assign this address; pick another',
      );
    }
    this.claimAddress(subnet.vpc, ip, ownerId, [...path, 'ip']);
    return { subnet, ip };
  }

  // ---- resources ---------------------------------------------------------------------------

  private networkAcl(raw: RawNetworkAcl, path: DataPath): void {
    const rules = (dir: 'inbound' | 'outbound'): NetworkAclRule[] => {
      const out: NetworkAclRule[] = [];
      (raw[dir] ?? []).forEach((r, index) => {
        if (r === null) return;
        const p = [...path, dir, index];
        const priority = toNumber(r.priority ?? 1);
        if (!Number.isInteger(priority) || priority < 1) {
          this.error(
            'invalid-priority',
            [...p, 'priority'],
            `priority ${String(r.priority)} is not a positive whole number`,
            'network ACL priorities are 1, 2, 3, … (lower is evaluated first)',
          );
          return;
        }
        const protocol: RuleProtocol = r.protocol ?? 'any';
        const ports = this.rulePorts(p, protocol, r.ports);
        const source = r.source === undefined ? ANY : this.cidr([...p, 'source'], r.source, true);
        const destination = r.destination === undefined ? ANY : this.cidr([...p, 'destination'], r.destination, true);
        if (ports === undefined || !source || !destination) return;
        out.push({
          index,
          direction: dir,
          priority,
          action: r.action,
          protocol,
          ports,
          source,
          destination,
          description: r.description ?? null,
          loc: this.source.locate(p),
        });
      });
      return out.sort((a, b) => a.priority - b.priority || a.index - b.index);
    };
    const acl: NetworkAcl = {
      kind: 'networkAcl',
      id: raw.id,
      loc: this.source.locate(path),
      tags: this.tags(path, raw.tags),
      inbound: rules('inbound'),
      outbound: rules('outbound'),
    };
    this.networkAcls.set(acl.id, acl);
  }

  private rulePorts(path: DataPath, protocol: RuleProtocol, spec: number | string | (number | string)[] | undefined): PortRange[] | null | undefined {
    if (spec !== undefined && (protocol === 'icmp' || protocol === 'any')) {
      this.error(
        'ports-not-applicable',
        [...path, 'ports'],
        `ports apply only to tcp and udp rules, not to protocol ${protocol}`,
        'remove ports, or set protocol: tcp or udp',
      );
      return undefined;
    }
    return this.ports([...path, 'ports'], spec);
  }

  private vpc(raw: RawVpc, path: DataPath): void {
    const tags = this.tags(path, raw.tags);
    const cidr = this.cidr([...path, 'cidr'], raw.cidr);
    if (cidr) this.vpcepOverlap([...path, 'cidr'], cidr, 'VPC CIDR');
    const subnetIds: string[] = [];
    const placed: Subnet[] = [];
    (raw.subnets ?? []).forEach((s, i) => {
      if (s === null) return;
      const p = [...path, 'subnets', i];
      subnetIds.push(s.id);
      const subnetTags = this.tags(p, s.tags);
      const sc = this.cidr([...p, 'cidr'], s.cidr);
      if (s.networkAcl !== undefined) this.ref([...p, 'networkAcl'], s.networkAcl, ['networkAcl']);
      if (!sc) return;
      this.vpcepOverlap([...p, 'cidr'], sc, 'subnet CIDR');
      if (cidr && !rangeContains(cidr, sc)) {
        this.error(
          'subnet-outside-vpc',
          [...p, 'cidr'],
          `subnet ${formatRange(sc)} is not inside VPC "${raw.id}" (${formatRange(cidr)})`,
          `choose a subnet CIDR within ${formatRange(cidr)}`,
        );
      }
      const clash = placed.find((o) => rangesOverlap(o.cidr, sc));
      if (clash)
        this.error(
          'subnet-overlap',
          [...p, 'cidr'],
          `subnet ${formatRange(sc)} overlaps subnet "${clash.id}" (${formatRange(clash.cidr)}) in the same VPC`,
          'subnets of one VPC must not overlap',
        );
      const subnet: Subnet = {
        kind: 'subnet',
        id: s.id,
        loc: this.source.locate(p),
        tags: subnetTags,
        vpc: raw.id,
        cidr: sc,
        networkAcl: s.networkAcl ?? null,
      };
      placed.push(subnet);
      this.subnets.set(subnet.id, subnet);
    });
    if (!cidr) return;
    this.vpcs.set(raw.id, {
      kind: 'vpc',
      id: raw.id,
      loc: this.source.locate(path),
      tags,
      account: raw.account ?? DEFAULT_ACCOUNT,
      region: raw.region ?? this.region,
      cidr,
      subnets: subnetIds,
    });
  }

  private instance(raw: RawInstance, path: DataPath): void {
    const tags = this.tags(path, raw.tags);
    const subnetOk = this.ref([...path, 'subnet'], raw.subnet, ['subnet']);
    raw.securityGroups.forEach((g, i) => this.ref([...path, 'securityGroups', i], g, ['securityGroup']));
    let listens: PortRange[] | null | undefined = null;
    // An empty list is legitimate here: the instance listens on nothing.
    if (raw.listens !== undefined) listens = raw.listens.length === 0 ? [] : this.ports([...path, 'listens'], raw.listens);
    const placed = subnetOk ? this.addressInSubnet(raw.subnet, raw.ip, raw.id, path) : (this.ip([...path, 'ip'], raw.ip), undefined);
    if (!placed || listens === undefined) return;
    this.instances.set(raw.id, {
      kind: 'instance',
      id: raw.id,
      loc: this.source.locate(path),
      tags,
      instanceKind: raw.kind,
      vpc: placed.subnet.vpc,
      subnet: placed.subnet.id,
      ip: placed.ip,
      securityGroups: [...raw.securityGroups],
      listens,
    });
  }

  private securityGroup(raw: RawSecurityGroup, path: DataPath): void {
    const tags = this.tags(path, raw.tags);
    const rules: SecurityGroupRule[] = [];
    (raw.rules ?? []).forEach((r, index) => {
      if (r === null) return;
      const p = [...path, 'rules', index];
      const ingress = r.direction === 'ingress';
      const [cidrField, groupField, wrongA, wrongB] = ingress
        ? (['source', 'sourceGroup', 'destination', 'destinationGroup'] as const)
        : (['destination', 'destinationGroup', 'source', 'sourceGroup'] as const);
      let bad = false;
      for (const wrong of [wrongA, wrongB]) {
        if (r[wrong] !== undefined) {
          this.error(
            'rule-peer',
            [...p, wrong],
            `${r.direction} rules match the ${ingress ? 'source' : 'destination'}; "${wrong}" does not apply`,
            `use ${ingress ? 'source or sourceGroup' : 'destination or destinationGroup'}`,
            true,
          );
          bad = true;
        }
      }
      if (r[cidrField] !== undefined && r[groupField] !== undefined) {
        this.error('rule-peer', [...p, groupField], `a rule has either ${cidrField} or ${groupField}, not both`, 'split it into two rules', true);
        bad = true;
      }
      const priority = toNumber(r.priority ?? 1);
      if (!Number.isInteger(priority) || priority < 1 || priority > 100) {
        this.error(
          'invalid-priority',
          [...p, 'priority'],
          `priority ${String(r.priority)} is not a whole number from 1 to 100`,
          'security-group priorities are whole numbers from 1 (evaluated first) to 100',
        );
        bad = true;
      }
      const protocol: RuleProtocol = r.protocol ?? 'any';
      const ports = this.rulePorts(p, protocol, r.ports);
      let remote: SecurityGroupRule['remote'] | undefined;
      let remoteSet: IntervalSet = intervals.EMPTY;
      const groupRef = r[groupField];
      const cidrText = r[cidrField];
      if (groupRef !== undefined) {
        if (this.ref([...p, groupField], groupRef, ['securityGroup'])) {
          remote = { kind: 'group', group: groupRef };
          remoteSet = this.groupMembers(groupRef);
        }
      } else {
        const c = cidrText === undefined ? ANY : this.cidr([...p, cidrField], cidrText, true);
        if (c) {
          remote = { kind: 'cidr', cidr: c, text: cidrText ?? '0.0.0.0/0' };
          remoteSet = [{ lo: c.lo, hi: c.hi }];
        }
      }
      if (bad || ports === undefined || !remote) return;
      rules.push({
        index,
        direction: r.direction,
        protocol,
        ports,
        remote,
        remoteSet,
        action: r.action ?? 'allow',
        priority,
        description: r.description ?? null,
        loc: this.source.locate(p),
      });
    });
    const order = (a: SecurityGroupRule, b: SecurityGroupRule): number =>
      a.priority - b.priority || (a.action === b.action ? 0 : a.action === 'deny' ? -1 : 1) || a.index - b.index;
    this.securityGroups.set(raw.id, {
      kind: 'securityGroup',
      id: raw.id,
      loc: this.source.locate(path),
      tags,
      rules,
      ingress: rules.filter((r) => r.direction === 'ingress').sort(order),
      egress: rules.filter((r) => r.direction === 'egress').sort(order),
    });
  }

  private groupMembers(group: string): IntervalSet {
    const ips: { lo: number; hi: number }[] = [];
    for (const inst of this.instances.values()) if (inst.securityGroups.includes(group)) ips.push({ lo: inst.ip, hi: inst.ip });
    return intervals.fromRanges(ips);
  }

  private loadBalancer(raw: RawLoadBalancer, path: DataPath): void {
    const tags = this.tags(path, raw.tags);
    const subnetOk = this.ref([...path, 'subnet'], raw.subnet, ['subnet']);
    if (raw.ipAsBackend !== undefined && raw.kind === 'shared') {
      this.error(
        'ip-as-backend-shared',
        [...path, 'ipAsBackend'],
        '"ipAsBackend" applies only to dedicated load balancers',
        'remove it, or set kind: dedicated',
        true,
      );
    }
    const placed = subnetOk ? this.addressInSubnet(raw.subnet, raw.ip, raw.id, path) : (this.ip([...path, 'ip'], raw.ip), undefined);
    const listenerIds: string[] = [];
    const seen = new Map<string, string>();
    (raw.listeners ?? []).forEach((l, i) => {
      if (l === null) return;
      const p = [...path, 'listeners', i];
      listenerIds.push(l.id);
      const listenerTags = this.tags(p, l.tags);
      const port = this.port([...p, 'port'], l.port);
      if (port !== undefined) {
        const key = `${l.protocol === 'udp' ? 'udp' : 'tcp'}/${port}`;
        const prev = seen.get(key);
        if (prev)
          this.error(
            'duplicate-listener',
            [...p, 'port'],
            `listener "${prev}" already uses ${l.protocol === 'udp' ? 'UDP' : 'TCP'} port ${port} on this load balancer`,
            'give each listener its own port',
          );
        else seen.set(key, l.id);
      }
      const ac = l.accessControl ?? { mode: 'all' as const };
      const cidrs: Cidr[] = [];
      let acOk = true;
      (ac.cidrs ?? []).forEach((c, j) => {
        const parsed = this.cidr([...p, 'accessControl', 'cidrs', j], c, true);
        if (parsed) cidrs.push(parsed);
        else acOk = false;
      });
      if (ac.mode === 'all' && ac.cidrs?.length)
        this.warn(
          'access-control-unused',
          [...p, 'accessControl', 'cidrs'],
          'cidrs are ignored when mode is "all"',
          'set mode: whitelist or blacklist, or remove cidrs',
        );
      const accessControl: AccessControl = { mode: ac.mode, cidrs, set: intervals.fromRanges(cidrs) };
      const members: Member[] = [];
      let membersOk = true;
      (l.members ?? []).forEach((m, j) => {
        if (m === null) return;
        const mp = [...p, 'members', j];
        const okRef = this.ref([...mp, 'instance'], m.instance, ['instance']);
        const mport = this.port([...mp, 'port'], m.port);
        const weight = toNumber(m.weight ?? 1);
        if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
          this.error(
            'invalid-weight',
            [...mp, 'weight'],
            `weight ${String(m.weight)} is not a whole number from 0 to 100`,
            'weights are whole numbers from 0 (no traffic) to 100',
          );
          membersOk = false;
        }
        const inst = this.instances.get(m.instance);
        if (inst && placed && inst.vpc !== placed.subnet.vpc) {
          this.warn(
            'member-outside-vpc',
            [...mp, 'instance'],
            `member "${m.instance}" is in VPC "${inst.vpc}", not in the load balancer's VPC "${placed.subnet.vpc}"`,
            'cross-VPC backends need IP-as-backend and routing that vpcreach does not model',
          );
        }
        if (!okRef || mport === undefined) {
          membersOk = false;
          return;
        }
        members.push({ instance: m.instance, port: mport, healthy: m.healthy ?? true, weight, loc: this.source.locate(mp) });
      });
      if (port === undefined || !acOk || !membersOk) return;
      this.listeners.set(l.id, {
        kind: 'listener',
        id: l.id,
        loc: this.source.locate(p),
        tags: listenerTags,
        loadBalancer: raw.id,
        protocol: l.protocol,
        port,
        accessControl,
        members,
      });
    });
    if (!placed) return;
    this.loadBalancers.set(raw.id, {
      kind: 'loadBalancer',
      id: raw.id,
      loc: this.source.locate(path),
      tags,
      lbKind: raw.kind,
      vpc: placed.subnet.vpc,
      subnet: placed.subnet.id,
      ip: placed.ip,
      ipAsBackend: raw.ipAsBackend ?? false,
      listeners: listenerIds,
    });
  }

  private endpointService(raw: RawEndpointService, path: DataPath): void {
    const vpcOk = this.ref([...path, 'vpc'], raw.vpc, ['vpc']);
    const vpc = this.vpcs.get(raw.vpc);
    if (raw.name !== undefined && !SERVICE_NAME.test(raw.name)) {
      this.warn(
        'service-name',
        [...path, 'name'],
        `service name "${raw.name}" does not follow VPCEP's rule (1-16 letters, digits, _ or -)`,
        'the API rejects such names (EndPoint.3076)',
      );
    }
    const serviceType = raw.serviceType ?? 'interface';
    if (serviceType !== 'interface') {
      this.error(
        'service-type',
        [...path, 'serviceType'],
        `service type "${serviceType}" cannot be created; the type can only be interface`,
        'set serviceType: interface (gateway services are operated by the cloud)',
      );
    }
    // Backend
    const b = raw.backend;
    let backend: Backend | undefined;
    const backendId = b.kind === 'elb' ? b.loadBalancer : b.instance;
    const backendField = b.kind === 'elb' ? 'loadBalancer' : 'instance';
    const bp = [...path, 'backend', backendField];
    const reg = this.ids.get(backendId);
    if (!reg) {
      this.ref(bp, backendId, b.kind === 'elb' ? ['loadBalancer'] : ['instance']);
    } else if (b.kind === 'elb' ? reg.kind !== 'loadBalancer' : reg.kind !== 'instance' || (reg.sub !== undefined && reg.sub !== b.kind)) {
      const actual = reg.kind === 'instance' ? `${(reg.sub ?? 'an').toUpperCase()} instance` : `a ${KIND_LABEL[reg.kind]}`;
      const want = b.kind === 'elb' ? 'a load balancer' : `a ${b.kind.toUpperCase()} instance`;
      const fix =
        reg.kind === 'loadBalancer'
          ? 'kind: elb with loadBalancer:'
          : reg.kind === 'instance'
            ? `kind: ${reg.sub ?? 'ecs'} with instance:`
            : 'a load balancer, ECS or BMS id';
      this.error(
        'backend-kind-mismatch',
        bp,
        `backend kind "${b.kind}" needs ${want}, but "${backendId}" is ${actual.startsWith('a ') ? actual : `an ${actual}`}`,
        `use ${fix}`,
      );
    } else {
      backend = b.kind === 'elb' ? { kind: 'elb', loadBalancer: b.loadBalancer } : { kind: b.kind, instance: b.instance };
      const target = b.kind === 'elb' ? this.loadBalancers.get(backendId) : this.instances.get(backendId);
      if (target && vpc && target.vpc !== raw.vpc) {
        this.error(
          'backend-outside-vpc',
          bp,
          `backend "${backendId}" is in VPC "${target.vpc}", but the service is in VPC "${raw.vpc}"`,
          'the backend resource must be in the same VPC as the endpoint service',
        );
      }
    }
    // Port mappings
    const mappings: PortMapping[] = [];
    const list = raw.portMappings ?? [];
    if (list.length > LIMITS.maxPortMappings) {
      this.error(
        'too-many-port-mappings',
        [...path, 'portMappings'],
        `${list.length} port mappings; at most ${LIMITS.maxPortMappings} are allowed per service`,
        `remove ${list.length - LIMITS.maxPortMappings} mapping(s) or split the service`,
      );
    }
    if (list.length === 0)
      this.warn(
        'no-port-mappings',
        [...path, 'portMappings'],
        'the service has no port mappings, so no endpoint can reach it',
        'add portMappings: [{ protocol: tcp, servicePort: …, terminalPort: … }]',
      );
    const terminal = new Map<number, number>();
    let mappingsOk = true;
    list.forEach((m, i) => {
      if (m === null) return;
      const p = [...path, 'portMappings', i];
      const proto = (m.protocol ?? 'tcp').toLowerCase();
      if (proto !== 'tcp') {
        this.error(
          'port-mapping-protocol',
          [...p, 'protocol'],
          `port-mapping protocol "${m.protocol}" is not supported; the protocol is TCP`,
          'set protocol: tcp',
        );
        mappingsOk = false;
      }
      const sp = this.port([...p, 'servicePort'], m.servicePort);
      const tp = this.port([...p, 'terminalPort'], m.terminalPort);
      if (sp === undefined || tp === undefined) {
        mappingsOk = false;
        return;
      }
      const prev = terminal.get(tp);
      if (prev !== undefined) {
        this.error(
          'duplicate-terminal-port',
          [...p, 'terminalPort'],
          `terminal port ${tp} is already mapped by portMappings[${prev}]`,
          'an endpoint port can forward to only one service port; remove or change one mapping',
        );
        mappingsOk = false;
      } else terminal.set(tp, i);
      mappings.push({ protocol: 'tcp', servicePort: sp, terminalPort: tp, loc: this.source.locate(p) });
    });
    // Permissions
    (raw.permissions ?? []).forEach((perm, i) => {
      if (!PERMISSION.test(perm)) {
        const fixed = /^[A-Za-z0-9_-]{1,64}$/.test(perm) ? `write "iam:domain::${perm}"` : 'write "iam:domain::<account id>" or "*"';
        this.error('invalid-permission', [...path, 'permissions', i], `permission "${perm}" is not "iam:domain::<account id>" or "*"`, fixed);
      }
    });
    const tags = this.tags(path, raw.tags);
    if (!vpcOk || !vpc || !backend || !mappingsOk || serviceType !== 'interface') return;
    this.endpointServices.set(raw.id, {
      kind: 'endpointService',
      id: raw.id,
      loc: this.source.locate(path),
      tags,
      name: raw.name ?? null,
      account: raw.account ?? vpc.account,
      region: raw.region ?? vpc.region,
      vpc: raw.vpc,
      serviceType: 'interface',
      approval: raw.approval ?? true,
      approvalDefaulted: raw.approval === undefined,
      backend,
      portMappings: mappings,
      permissions: [...(raw.permissions ?? [])],
    });
  }

  private endpoint(raw: RawEndpoint, path: DataPath): void {
    const tags = this.tags(path, raw.tags);
    const vpcOk = this.ref([...path, 'vpc'], raw.vpc, ['vpc']);
    const subnetOk = this.ref([...path, 'subnet'], raw.subnet, ['subnet']);
    const serviceOk = this.ref([...path, 'service'], raw.service, ['endpointService']);
    const vpc = this.vpcs.get(raw.vpc);
    const subnet = this.subnets.get(raw.subnet);
    if (vpcOk && subnetOk && subnet && subnet.vpc !== raw.vpc) {
      this.error(
        'subnet-vpc-mismatch',
        [...path, 'subnet'],
        `subnet "${raw.subnet}" belongs to VPC "${subnet.vpc}", not to "${raw.vpc}"`,
        `pick a subnet of VPC "${raw.vpc}"`,
      );
      return;
    }
    const placed = subnetOk ? this.addressInSubnet(raw.subnet, raw.ip, raw.id, path) : (this.ip([...path, 'ip'], raw.ip), undefined);
    const whitelist: Cidr[] = [];
    let wlOk = true;
    (raw.whitelist ?? []).forEach((w, i) => {
      const c = this.cidr([...path, 'whitelist', i], w, true);
      if (c) whitelist.push(c);
      else wlOk = false;
    });
    const region = raw.region ?? vpc?.region ?? this.region;
    const service = this.endpointServices.get(raw.service);
    const serviceRaw = this.ids.get(raw.service);
    if (service && region !== service.region) {
      this.error(
        'region-mismatch',
        [...path, raw.region !== undefined ? 'region' : 'service'],
        `endpoint is in region "${region}" but service "${service.id}" is in region "${service.region}"`,
        'VPC endpoints must be in the same region as the service; cross-region access is not supported',
      );
      return;
    }
    if (!vpcOk || !vpc || !placed || !serviceOk || !service || !serviceRaw || !wlOk) return;
    const statusDefaulted = raw.status === undefined;
    this.endpoints.set(raw.id, {
      kind: 'endpoint',
      id: raw.id,
      loc: this.source.locate(path),
      tags,
      account: raw.account ?? vpc.account,
      region,
      vpc: raw.vpc,
      subnet: raw.subnet,
      ip: placed.ip,
      service: raw.service,
      status: raw.status ?? (service.approval ? 'pendingAcceptance' : 'accepted'),
      statusDefaulted,
      whitelist: raw.whitelist === undefined ? null : whitelist,
      whitelistSet: raw.whitelist === undefined ? null : intervals.fromRanges(whitelist),
    });
  }
}

/** A number, or a string holding a decimal number ("5"); NaN otherwise. */
function toNumber(v: number | string): number {
  if (typeof v === 'number') return v;
  return /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
}

function withArticle(noun: string): string {
  return `${/^[aeiouAEIOU]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

const ANY: Cidr = { lo: 0, hi: 0xffffffff, prefix: 0 };

/**
 * Makes a structurally broken document checkable: every list item with a structural problem becomes null
 * (so list positions, and therefore reported locations, stay as written) and unknown fields are dropped.
 * The structural problems themselves were already reported by the strict schema; this lets the value checks
 * run on everything else, so one run reports every mistake.
 */
function pruneToValid(data: Record<string, unknown>): RawModel | undefined {
  const copy = structuredClone<Record<string, unknown>>(data);
  for (let round = 0; round < 10_000; round++) {
    const r = lenientModelSchema.safeParse(copy);
    if (r.success) return r.data;
    let changed = false;
    for (const issue of r.error.issues)
      changed =
        prune(
          copy,
          issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
        ) || changed;
    if (!changed) return undefined;
  }
  return undefined;
}

/** Nulls the innermost list item (a mapping) on `path`, or drops the top-level field. True when something changed. */
function prune(root: Record<string, unknown>, path: readonly (string | number)[]): boolean {
  let cut = -1;
  let cur: unknown = root;
  for (let i = 0; i < path.length; i++) {
    if (cur === null || typeof cur !== 'object') break;
    const next: unknown = (cur as Record<string | number, unknown>)[path[i]!];
    if (Array.isArray(cur) && typeof path[i] === 'number' && next !== null && typeof next === 'object' && !Array.isArray(next)) cut = i;
    cur = next;
  }
  if (cut >= 0) {
    let parent: unknown = root;
    for (let i = 0; i < cut; i++) parent = (parent as Record<string | number, unknown>)[path[i]!];
    const list = parent as unknown[];
    if (list[path[cut] as number] === null) return false;
    list[path[cut] as number] = null;
    return true;
  }
  const top = path[0];
  if (top === undefined || !(top in root)) return false;
  delete root[top as string];
  return true;
}

function tagProblem(text: string, max: number): string | undefined {
  if (text.length === 0) return 'is empty';
  if ([...text].length > max) return `is ${[...text].length} characters long (at most ${max})`;
  if (text !== text.trim()) return 'starts or ends with a space';
  const bad = TAG_FORBIDDEN.exec(text);
  if (bad) return `contains the forbidden character "${bad[0]}"`;
  return undefined;
}
