// Security groups and their rules, as the huaweicloud provider's resources hold them (see translate.ts).
import { definedIcmpCodes, formatPorts } from '../../net/index.js';
import { formatPath } from '../source.js';
import type { TfResource } from './document.js';
import { isUnknownAt } from './links.js';
import type { Translator } from './translate.js';
import { REMOTE_PEERS, isObject, str, num, RULE_PROTOCOLS, defaultRules, ruleFields, type Json } from './common.js';

export function readSecurityGroups(t: Translator): void {
  for (const r of t.of('huaweicloud_networking_secgroup')) {
    const index = t.securityGroups.length;
    const rules: Json[] = [];
    const obj: Json = { id: r.address, rules };
    const description = str(r.values.description);
    if (description) obj.description = description;
    t.securityGroups.push(obj);
    t.from(['securityGroups', index], r);
    t.groups.set(r, { index, obj, rules });
  }
  // Rules created with the group (provider defaults, or rules made outside Terraform) are in the group's `rules`.
  const ruleIds = new Set(t.of('huaweicloud_networking_secgroup_rule').map((x) => str(x.values.id)));
  for (const r of t.of('huaweicloud_networking_secgroup')) {
    const g = t.groups.get(r)!;
    const listed = r.values.rules;
    if (Array.isArray(listed) && !isUnknownAt(r, ['rules'])) {
      listed.forEach((rule, k) => {
        if (!isObject(rule) || ruleIds.has(str(rule.id))) return;
        addRule(t, g, r, ['rules', k], rule, (ref) => (ref === str(r.values.id) ? r.address : undefined));
      });
    } else if (r.values.delete_default_rules !== true) {
      // A plan: the group is yet to be created with Huawei's default rules.
      addDefaultRules(t, g, r);
    }
  }
}

function addDefaultRules(t: Translator, g: { index: number; rules: Json[] }, r: TfResource): void {
  for (const d of defaultRules(r.address)) {
    t.from(['securityGroups', g.index, 'rules', g.rules.length], r, ['delete_default_rules']);
    g.rules.push(d);
  }
  t.note(
    'info',
    'terraform-default-rules',
    r,
    ['delete_default_rules'],
    `${r.address} is created with Huawei Cloud's default rules (delete_default_rules is not true): vpcreach adds them — ingress from the group itself, egress to anywhere`,
    'set delete_default_rules = true to manage every rule in Terraform',
  );
}

export function readSecurityGroupRules(t: Translator): void {
  for (const r of t.of('huaweicloud_networking_secgroup_rule')) {
    const link = t.links.resolve(r, ['security_group_id'], ['huaweicloud_networking_secgroup']);
    const group = t.single(r, ['security_group_id'], link, 'security group');
    if (!group) {
      if (link.kind !== 'resources') t.unresolved(r, ['security_group_id'], link, 'security group');
      continue;
    }
    const remoteGroup = (id: string): string | undefined => {
      const l = t.links.resolve(r, ['remote_group_id'], ['huaweicloud_networking_secgroup']);
      return l.kind === 'resources' && l.resources.length === 1 ? l.resources[0]!.address : t.links.byKnownId(id, ['huaweicloud_networking_secgroup'])?.address;
    };
    addRule(t, t.groups.get(group)!, r, [], r.values, remoteGroup);
  }
}

/** One provider rule (a rule resource, or an entry of a group's `rules`) as model rules. */
function addRule(
  t: Translator,
  g: { index: number; rules: Json[] },
  r: TfResource,
  at: readonly (string | number)[],
  v: Json,
  remoteGroup: (id: string) => string | undefined,
): void {
  if (str(v.ethertype) === 'IPv6') {
    t.note(
      'info',
      'terraform-ip-version-skipped',
      r,
      [...at, 'ethertype'],
      `${r.address}${at.length ? `.${formatPath(at)}` : ''} is an IPv6 rule: vpcreach models IPv4 only`,
    );
    return;
  }
  const direction = v.direction === 'egress' ? 'egress' : 'ingress';
  const protocol = ruleProtocol(t, r, at, 'protocol', v.protocol);
  if (protocol === null) return;
  const base: Json = { direction, protocol };
  const ports = rulePorts(t, v);
  if (ports !== undefined && (protocol === 'tcp' || protocol === 'udp')) base.ports = ports;
  // An ICMP rule's port_range_min is its ICMP type, port_range_max its code (0 and 0, as a state holds unset numbers:
  // every type). A code above 0 is the rule's icmpCode; code 0 is what a state holds for an unset code too, so it is
  // read as every code of the type — the same rule for a type whose only code is 0, said for a type with more.
  const type = num(v.port_range_min);
  if (protocol === 'icmp' && type !== undefined && type > 0 && type <= 255) {
    base.ports = type;
    const code = num(v.port_range_max);
    // An API response (read through here too) says "every code" with null: its 0 is code 0.
    if (code !== undefined && (code > 0 || v.icmp_code_set === true)) base.icmpCode = code;
    else if (code === 0 && formatPorts(definedIcmpCodes(type)) !== '0')
      t.note(
        'info',
        'terraform-icmp-code',
        r,
        [...at, 'port_range_max'],
        `${r.address} has port_range_max 0 on ICMP type ${type}: a state holds 0 for an unset code too, so vpcreach reads the rule as matching every code of the type (${formatPorts(definedIcmpCodes(type))}), not code 0 alone`,
      );
  }
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
    t.links.willBeSet(
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
    t.origins.set(['securityGroups', g.index, 'rules', k], r, at, ruleFields(peer, attr, portsAttr));
  };
  if (remoteGroupId || (!remoteIp && willSet('remote_group_id'))) {
    const target = remoteGroup(remoteGroupId ?? '');
    if (!target) {
      t.note(
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
    const cidrs = t.addressGroupCidrs(r, [...at, 'remote_address_group_id']);
    if (!cidrs) {
      t.note(
        'error',
        'terraform-unresolved-reference',
        r,
        [...at, 'remote_address_group_id'],
        `remote_address_group_id of ${r.address} names an address group whose addresses are not in this plan or state`,
        'add the huaweicloud_vpc_address_group to the configuration',
      );
      return;
    }
    for (const cidr of cidrs) pushRule({ ...base, [peer]: cidr }, 'remote_address_group_id');
    return;
  }
  if (remoteIp) base[peer] = remoteIp;
  pushRule(base, 'remote_ip_prefix');
}

/** The model protocol of a rule's `protocol` attribute (`at` is the rule's place in the resource), or null with a note. */
export function ruleProtocol(t: Translator, r: TfResource, at: readonly (string | number)[], attr: string, v: unknown): string | null {
  const p = typeof v === 'number' ? String(v) : (str(v)?.toLowerCase() ?? '');
  const out = RULE_PROTOCOLS.get(p);
  if (out) return out;
  t.note(
    'info',
    'terraform-protocol-skipped',
    r,
    [...at, attr],
    `protocol ${p} of ${r.address} is not one vpcreach models (TCP, UDP, ICMP): the rule is left out`,
  );
  return null;
}

/** `ports` ("80,500,600-800") or `port_range_min`/`port_range_max`, as a model port spec; undefined for all ports. */
export function rulePorts(t: Translator, v: Json): unknown {
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
