// VPCs, subnets and network ACLs, as the huaweicloud provider's resources hold them (see translate.ts).
import { formatRange, parseCidr } from '../../net/index.js';
import { formatPath } from '../source.js';
import type { TfResource } from './document.js';
import { valueAt } from './links.js';
import type { Translator } from './translate.js';
import { isObject, str, num, aclRuleFields, smallestCidrCovering, type Json } from './common.js';
import { ruleProtocol, rulePorts } from './security-groups.js';

export function readVpcs(t: Translator): void {
  for (const r of t.of('huaweicloud_vpc')) {
    const i = t.vpcs.length;
    const vpc: Json = { id: r.address, account: t.account(r), cidr: str(r.values.cidr) ?? '' };
    t.from(['vpcs', i], r);
    t.from(['vpcs', i, 'cidr'], r, ['cidr']);
    const region = str(r.values.region);
    if (region && region !== t.region) vpc.region = region;
    vpc.subnets = [];
    t.vpcs.push(vpc);
    t.vpcIndex.set(r, i);
  }
}

export function readSubnets(t: Translator): void {
  for (const r of t.of('huaweicloud_vpc_subnet')) {
    const link = t.links.resolve(r, ['vpc_id'], ['huaweicloud_vpc']);
    const vpc = t.single(r, ['vpc_id'], link, 'VPC');
    let vpcIndex: number;
    if (vpc) vpcIndex = t.vpcIndex.get(vpc)!;
    else {
      // A VPC that is not in the plan (an existing one passed by id): stand in for it with its subnets' span.
      const id = link.kind === 'external' ? link.ids[0]! : `${r.address}.vpc_id`;
      vpcIndex = t.vpcIndex.get(id) ?? t.externalVpc(id, r);
    }
    const obj: Json = { id: r.address, cidr: str(r.values.cidr) ?? '' };
    const subnets = t.vpcs[vpcIndex]!.subnets as Json[];
    const index = subnets.length;
    subnets.push(obj);
    t.from(['vpcs', vpcIndex, 'subnets', index], r);
    t.from(['vpcs', vpcIndex, 'subnets', index, 'cidr'], r, ['cidr']);
    const c = parseCidr(String(obj.cidr), false);
    t.subnets.set(r, { vpc: vpcIndex, index, obj, cidr: c.ok ? c.value : null });
    t.taken.set(r, new Set());
  }
  // External VPCs take the span of their subnets.
  for (const [key, i] of t.vpcIndex) {
    if (typeof key !== 'string') continue;
    const vpc = t.vpcs[i]!;
    const spans = [...t.subnets.values()].filter((s) => s.vpc === i && s.cidr).map((s) => s.cidr!);
    if (spans.length) vpc.cidr = formatRange(smallestCidrCovering(spans));
  }
}

export function readNetworkAcls(t: Translator): void {
  for (const r of t.of('huaweicloud_vpc_network_acl')) {
    const index = t.networkAcls.length;
    const acl: Json = { id: r.address };
    t.networkAcls.push(acl);
    t.from(['networkAcls', index], r);
    for (const [attr, key] of [
      ['ingress_rules', 'inbound'],
      ['egress_rules', 'outbound'],
    ] as const) {
      const rules = Array.isArray(r.values[attr]) ? (r.values[attr] as unknown[]) : [];
      const out: Json[] = [];
      rules.forEach((rule, k) => {
        if (isObject(rule)) pushAclRule(t, r, [attr, k], rule, out, ['networkAcls', index, key]);
      });
      acl[key] = out;
    }
    if (r.values.enabled === false) {
      // Switched off: it stays bound to its subnets and filters nothing (traces say so).
      acl.enabled = false;
      t.from(['networkAcls', index, 'enabled'], r, ['enabled']);
    }
    const bound = Array.isArray(r.values.associated_subnets) ? r.values.associated_subnets : [];
    bound.forEach((_b, k) => bindAcl(t, r, ['associated_subnets', k, 'subnet_id']));
  }
}

/**
 * One network ACL rule, read into `out` (the model's list at `listAt`): a block of a huaweicloud_vpc_network_acl (`at`
 * its place there), or a huaweicloud_network_acl_rule resource (`at` empty: its own attributes). Ports may be written
 * `1-100` or, in the older resource, `1:100`; an IPv6 rule is left out; an address group side is one rule per address.
 */
function pushAclRule(t: Translator, r: TfResource, at: (string | number)[], rule: Json, out: Json[], listAt: (string | number)[]): void {
  const label = at.length ? `${r.address}.${formatPath(at)}` : r.address;
  if (num(rule.ip_version) === 6) {
    t.note('info', 'terraform-ip-version-skipped', r, at, `${label} is an IPv6 rule: vpcreach models IPv4 only`);
    return;
  }
  const protocol = ruleProtocol(t, r, at, 'protocol', rule.protocol);
  if (protocol === null) return;
  const m: Json = { action: rule.action === 'deny' ? 'deny' : 'allow', protocol };
  // A rule switched off is kept, and never matches.
  if (rule.enabled === false || rule.enabled === 'false') m.enabled = false;
  const dport = str(rule.destination_port)?.replace(/:/g, '-');
  if (dport && (protocol === 'tcp' || protocol === 'udp')) m.ports = rulePorts(t, { ports: dport });
  const sport = str(rule.source_port)?.replace(/:/g, '-');
  if (sport && (protocol === 'tcp' || protocol === 'udp')) m.sourcePorts = rulePorts(t, { ports: sport });
  else if (sport)
    t.note(
      'warning',
      'terraform-source-port',
      r,
      [...at, 'source_port'],
      `${label} names source ports (${String(rule.source_port)}) on a ${protocol} rule: source ports apply only to tcp and udp, and vpcreach reads the rule as matching any`,
    );
  const description = str(rule.description);
  if (description) m.description = description;
  // Each side is an address, or an address group (one rule per address of the group, in its order: the
  // first match of the group is the first match of these rules).
  const sources = aclSide(t, r, at, 'source');
  const destinations = aclSide(t, r, at, 'destination');
  if (!sources || !destinations) return;
  for (const src of sources)
    for (const dst of destinations) {
      const j = out.length;
      out.push({ ...m, ...(src.cidr ? { source: src.cidr } : {}), ...(dst.cidr ? { destination: dst.cidr } : {}) });
      t.origins.set([...listAt, j], r, at, aclRuleFields(src.attr, dst.attr));
    }
}

/**
 * The older network ACL resources: a huaweicloud_network_acl names its rules (huaweicloud_network_acl_rule resources,
 * in evaluation order) by id in `inbound_rules` and `outbound_rules`, and its subnets by id in `subnets`.
 */
export function readOlderNetworkAcls(t: Translator): void {
  for (const r of t.of('huaweicloud_network_acl')) {
    const index = t.networkAcls.length;
    const acl: Json = { id: r.address };
    t.networkAcls.push(acl);
    t.from(['networkAcls', index], r);
    for (const [attr, key] of [
      ['inbound_rules', 'inbound'],
      ['outbound_rules', 'outbound'],
    ] as const) {
      const ids = Array.isArray(r.values[attr]) ? (r.values[attr] as unknown[]) : [];
      const out: Json[] = [];
      ids.forEach((_id, k) => {
        const link = t.links.resolve(r, [attr, k], ['huaweicloud_network_acl_rule']);
        const rule = t.single(r, [attr, k], link, 'network ACL rule');
        if (!rule) {
          if (link.kind !== 'resources') t.unresolved(r, [attr, k], link, 'network ACL rule');
          return;
        }
        pushAclRule(t, rule, [], rule.values, out, ['networkAcls', index, key]);
      });
      acl[key] = out;
    }
    const bound = Array.isArray(r.values.subnets) ? r.values.subnets : [];
    bound.forEach((_b, k) => bindAcl(t, r, ['subnets', k]));
  }
}

/** Binds the ACL `r` to the subnet its attribute at `at` names. */
function bindAcl(t: Translator, r: TfResource, at: (string | number)[]): void {
  const link = t.links.resolve(r, at, ['huaweicloud_vpc_subnet']);
  const subnet = t.single(r, at, link, 'subnet');
  if (!subnet) {
    if (link.kind !== 'resources') t.unresolved(r, at, link, 'subnet');
    return;
  }
  const s = t.subnets.get(subnet)!;
  s.obj.networkAcl = r.address;
  t.from(['vpcs', s.vpc, 'subnets', s.index, 'networkAcl'], r, at);
}

/**
 * One side of a network ACL rule: its address (`source_ip_address`), or the addresses of the address group it names
 * (`source_ip_address_group_id`); [{}] for any. Undefined, with an error at the attribute, for a group it cannot read.
 */
function aclSide(
  t: Translator,
  r: TfResource,
  at: readonly (string | number)[],
  side: 'source' | 'destination',
): { cidr?: string; attr: string }[] | undefined {
  const ipAttr = `${side}_ip_address`;
  const groupAttr = `${side}_ip_address_group_id`;
  const ip = str(valueAt(r.values, [...at, ipAttr]));
  if (ip || !t.links.willBeSet(r, [...at, groupAttr])) return [{ ...(ip ? { cidr: ip } : {}), attr: ipAttr }];
  const cidrs = t.addressGroupCidrs(r, [...at, groupAttr]);
  if (!cidrs) {
    t.note(
      'error',
      'terraform-unresolved-reference',
      r,
      [...at, groupAttr],
      `${groupAttr} of ${r.address}.${formatPath(at)} names an address group whose addresses are not in this plan or state: vpcreach cannot tell which addresses the rule matches, and leaves it out`,
      'add the huaweicloud_vpc_address_group to the configuration',
    );
    return undefined;
  }
  return cidrs.map((cidr) => ({ cidr, attr: groupAttr }));
}
