/** Value parsing with located diagnostics: CIDRs, addresses, ports, tags, and an address's place in its subnet. */
import {
  ALL_IPV4,
  MAX_ICMP_CODE,
  formatPorts,
  parseIcmpTypeList,
  formatIpv4,
  formatRange,
  parseCidr,
  parseIpv4,
  parsePort,
  parsePortSpec,
  rangesOverlap,
  type Cidr,
  type PortRange,
  type RuleProtocol,
} from '../../net/index.js';
import type { Subnet, Tags } from '../../model/index.js';
import { VPCEP_SOURCE_RANGE } from '../../model/index.js';
import type { DataPath } from '../source.js';
import type { ValidationContext } from './context.js';
import { LIMITS } from './limits.js';

/** Everything: the peer of a rule that names none. */
export const ANY: Cidr = ALL_IPV4;

const TAG_FORBIDDEN = /[=*<>\\,|/]/;

/** A number, or a string holding a decimal number ("5"); NaN otherwise. */
export function toNumber(v: number | string): number {
  if (typeof v === 'number') return v;
  return /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
}

export function cidrAt(ctx: ValidationContext, path: DataPath, text: string, allowBare = false): Cidr | undefined {
  const r = parseCidr(text, allowBare);
  if (!r.ok) {
    ctx.error('invalid-cidr', path, r.error.message, r.error.hint);
    return undefined;
  }
  return r.value;
}

export function ipAt(ctx: ValidationContext, path: DataPath, text: string): number | undefined {
  const r = parseIpv4(text);
  if (!r.ok) {
    ctx.error('invalid-ip', path, r.error.message, r.error.hint);
    return undefined;
  }
  return r.value;
}

/**
 * The ports at `path` (with `field`, at `path`.`field`): null when absent (all ports). Paths are made only for a
 * diagnostic: this runs for every rule of a model.
 */
export function portsAt(
  ctx: ValidationContext,
  path: DataPath,
  spec: number | string | (number | string)[] | undefined,
  field?: string,
): PortRange[] | null | undefined {
  if (spec === undefined) return null;
  const at = (): DataPath => (field === undefined ? path : [...path, field]);
  if (!Array.isArray(spec)) {
    // A few specs serve most rules of a large model: each valid one is parsed once and its ranges shared.
    const known = ctx.portSpecs.get(spec);
    if (known) return known;
    const r = parsePortSpec(spec);
    if (r.ok) {
      const ports = [r.value];
      ctx.portSpecs.set(spec, ports);
      return ports;
    }
    ctx.error(r.error.code ?? 'invalid-port', at(), r.error.message, r.error.hint);
    return undefined;
  }
  const out: PortRange[] = [];
  let ok = true;
  spec.forEach((s, i) => {
    const r = parsePortSpec(s);
    if (!r.ok) {
      ctx.error(r.error.code ?? 'invalid-port', [...at(), i], r.error.message, r.error.hint);
      ok = false;
    } else out.push(r.value);
  });
  if (spec.length === 0) {
    ctx.error('invalid-port', at(), 'an empty port list matches nothing', 'omit ports to mean all ports, or list at least one');
    return undefined;
  }
  return ok ? out : undefined;
}

export function portAt(ctx: ValidationContext, path: DataPath, value: number | string): number | undefined {
  const r = parsePort(value);
  if (!r.ok) {
    ctx.error('invalid-port', path, r.error.message, r.error.hint);
    return undefined;
  }
  return r.value;
}

export function rulePortsAt(
  ctx: ValidationContext,
  path: DataPath,
  protocol: RuleProtocol,
  spec: number | string | (number | string)[] | undefined,
): PortRange[] | null | undefined {
  if (spec !== undefined && protocol === 'any') {
    ctx.error(
      'ports-not-applicable',
      [...path, 'ports'],
      'ports apply only to tcp and udp rules (and ICMP types to icmp rules), not to protocol any',
      'remove ports, or set protocol: tcp, udp or icmp',
    );
    return undefined;
  }
  if (spec !== undefined && protocol === 'icmp') return icmpTypesAt(ctx, path, spec);
  return portsAt(ctx, path, spec, 'ports');
}

/**
 * A security-group rule's `icmpCode`: the code of one ICMP type it matches (the API: the code is port_range_max, with
 * the type in port_range_min), or null for every code. On another protocol, or without one type, it is refused.
 */
export function icmpCodeAt(
  ctx: ValidationContext,
  path: DataPath,
  protocol: RuleProtocol,
  ports: readonly PortRange[] | null | undefined,
  spec: number | string | undefined,
): number | null | undefined {
  if (spec === undefined) return null;
  if (protocol !== 'icmp') {
    ctx.error(
      'ports-not-applicable',
      [...path, 'icmpCode'],
      `an ICMP code applies only to icmp rules, not to protocol ${protocol}`,
      'remove icmpCode, or set protocol: icmp with the type in ports',
    );
    return undefined;
  }
  const code = toNumber(spec);
  if (!Number.isInteger(code) || code < 0 || code > MAX_ICMP_CODE) {
    ctx.error(
      'invalid-icmp-code',
      [...path, 'icmpCode'],
      `ICMP code ${String(spec)} is not a whole number from 0 to 255`,
      'e.g. icmpCode: 4 with ports: 3 (fragmentation needed)',
    );
    return undefined;
  }
  if (ports === undefined) return undefined;
  if (ports === null || ports.length !== 1 || ports[0]!.lo !== ports[0]!.hi) {
    ctx.error(
      'invalid-icmp-code',
      [...path, 'icmpCode'],
      `an ICMP code belongs to one ICMP type, and ${ports === null ? 'the rule names no type' : `ports names ${formatPorts(ports)}`}`,
      `set ports to the one type the code is of, e.g. ports: 3 with icmpCode: ${code}`,
    );
    return undefined;
  }
  return code;
}

/** An ICMP rule's `ports`: the ICMP types it matches, 0-255 (every code of each unless `icmpCode` names one). */
function icmpTypesAt(ctx: ValidationContext, path: DataPath, spec: number | string | (number | string)[]): PortRange[] | undefined {
  const r = parseIcmpTypeList(spec);
  if (r.ok) return r.value;
  ctx.error('invalid-icmp-type', r.index === undefined ? [...path, 'ports'] : [...path, 'ports', r.index], r.error.message, r.error.hint);
  return undefined;
}

export function tagsAt(ctx: ValidationContext, path: DataPath, tags: Record<string, string> | undefined): Tags {
  if (!tags) return {};
  const keys = Object.keys(tags);
  if (keys.length > LIMITS.maxTags) {
    ctx.error(
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
      ctx.error(
        'invalid-tag-key',
        [...path, 'tags', key],
        `tag key "${key}" ${keyProblem}`,
        'tag keys are 1-36 characters without = * < > \\ , | / and without leading or trailing spaces',
        true,
      );
    const valueProblem = tagProblem(value, LIMITS.maxTagValueLength);
    if (valueProblem)
      ctx.error(
        'invalid-tag-value',
        [...path, 'tags', key],
        `value of tag "${key}" ${valueProblem}`,
        'tag values are 1-43 characters without = * < > \\ , | / and without leading or trailing spaces',
      );
  }
  return { ...tags };
}

export function checkVpcepOverlap(ctx: ValidationContext, path: DataPath, cidr: Cidr, what: string): void {
  if (rangesOverlap(cidr, VPCEP_SOURCE_RANGE)) {
    ctx.error(
      'vpcep-range-overlap',
      path,
      `${what} ${formatRange(cidr)} overlaps ${formatRange(VPCEP_SOURCE_RANGE)}, the range VPC Endpoint uses as the source address`,
      `choose a CIDR outside ${formatRange(VPCEP_SOURCE_RANGE)}`,
    );
  }
}

/** Records that `ip` is used in `vpc` by `id`; reports a duplicate. */
function claimAddress(ctx: ValidationContext, vpc: string, ip: number, id: string, path: DataPath): void {
  let owners = ctx.addresses.get(vpc);
  if (!owners) ctx.addresses.set(vpc, (owners = new Map<number, { id: string; path: DataPath }>()));
  const prev = owners.get(ip);
  if (prev) {
    const line = ctx.source.locate(prev.path).line;
    ctx.error(
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
export function addressInSubnet(
  ctx: ValidationContext,
  subnetId: string,
  ipText: string,
  ownerId: string,
  path: DataPath,
): { subnet: Subnet; ip: number } | undefined {
  const ip = ipAt(ctx, [...path, 'ip'], ipText);
  const subnet = ctx.subnets.get(subnetId);
  if (ip === undefined || !subnet) return undefined;
  if (ip < subnet.cidr.lo || ip > subnet.cidr.hi) {
    ctx.error(
      'ip-outside-subnet',
      [...path, 'ip'],
      `${formatIpv4(ip)} is not inside subnet "${subnet.id}" (${formatRange(subnet.cidr)})`,
      `pick an address in ${formatRange(subnet.cidr)} or change the subnet`,
    );
    return undefined;
  }
  claimAddress(ctx, subnet.vpc, ip, ownerId, [...path, 'ip']);
  return { subnet, ip };
}

function tagProblem(text: string, max: number): string | undefined {
  if (text.length === 0) return 'is empty';
  if ([...text].length > max) return `is ${[...text].length} characters long (at most ${max})`;
  if (text !== text.trim()) return 'starts or ends with a space';
  const bad = TAG_FORBIDDEN.exec(text);
  if (bad) return `contains the forbidden character "${bad[0]}"`;
  return undefined;
}
