// What the front end's modules share: value readers, the provider's constants, and the origin tables of rules.
import { ALL_IPV4, formatRange, parseCidr } from '../../net/index.js';

/** A security-group rule's peer attributes, mutually exclusive in the provider's schema (ConflictsWith). */
export const REMOTE_PEERS = ['remote_ip_prefix', 'remote_group_id', 'remote_address_group_id'] as const;

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;

/** The instance tag that declares listening TCP ports (`"80,443,8000-8100"`); without it every port is assumed open. */
export const LISTENS_TAG = 'vpcreach_listens';

/** Security-group and ACL rule protocols, by name or number (empty: any). */
export const RULE_PROTOCOLS: ReadonlyMap<string, string> = new Map([
  ['', 'any'],
  ['any', 'any'],
  ['tcp', 'tcp'],
  ['udp', 'udp'],
  ['icmp', 'icmp'],
  ['6', 'tcp'],
  ['17', 'udp'],
  ['1', 'icmp'],
]);

export const LB_PROTOCOLS: Readonly<Record<string, string>> = { TCP: 'tcp', UDP: 'udp', HTTP: 'http', HTTPS: 'https', TERMINATED_HTTPS: 'https' };

/** Huawei Cloud's default rules of a security group made by API or Terraform: ingress from the group itself, egress to anywhere. */
export function defaultRules(group: string): Json[] {
  return [
    { direction: 'ingress', protocol: 'any', sourceGroup: group, description: 'default rule: the group itself' },
    { direction: 'egress', protocol: 'any', description: 'default rule: everything out' },
  ];
}

/** Model fields of a network ACL rule, by provider attribute. */
const aclRuleFieldTables = new Map<string, Readonly<Record<string, string>>>();

/** The attribute of an ACL rule each model field came from, by the attribute each side was read from. */
export function aclRuleFields(sourceAttr: string, destinationAttr: string): Readonly<Record<string, string>> {
  const key = `${sourceAttr} ${destinationAttr}`;
  let t = aclRuleFieldTables.get(key);
  if (!t) {
    t = {
      action: 'action',
      protocol: 'protocol',
      ports: 'destination_port',
      sourcePorts: 'source_port',
      source: sourceAttr,
      destination: destinationAttr,
      description: 'description',
    };
    aclRuleFieldTables.set(key, t);
  }
  return t;
}

const ruleFieldTables = new Map<string, Map<string, Readonly<Record<string, string>>>>();

/** Model fields of a security-group rule, by provider attribute (one shared table per combination). */
export function ruleFields(peer: string, peerAttr: string, portsAttr: string): Readonly<Record<string, string>> {
  let byAttr = ruleFieldTables.get(peer);
  if (!byAttr) ruleFieldTables.set(peer, (byAttr = new Map<string, Readonly<Record<string, string>>>()));
  const key = portsAttr === 'ports' ? peerAttr : `${peerAttr} ${portsAttr}`;
  let t = byAttr.get(key);
  if (!t) {
    t = {
      direction: 'direction',
      protocol: 'protocol',
      ports: portsAttr,
      icmpCode: 'port_range_max',
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
export function cidrsOfEntry(entry: string): string[] {
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
export function smallestCidrCovering(ranges: readonly { lo: number; hi: number }[]): { lo: number; hi: number } {
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
  return { lo: ALL_IPV4.lo, hi: ALL_IPV4.hi };
}
