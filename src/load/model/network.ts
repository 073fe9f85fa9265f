/** Network ACLs, VPCs and their subnets. */
import { formatRange, rangeContains, rangesOverlap, type PortRange, type RuleProtocol } from '../../net/index.js';
import type { NetworkAcl, NetworkAclRule, Subnet } from '../../model/index.js';
import type { RawNetworkAcl, RawVpc } from '../schema.js';
import type { DataPath } from '../source.js';
import { DEFAULT_ACCOUNT, type ValidationContext } from './context.js';
import { ref } from './ids.js';
import { ANY, checkVpcepOverlap, cidrAt, portsAt, rulePortsAt, tagsAt, toNumber } from './values.js';

/** A network ACL rule's `sourcePorts`: TCP and UDP rules only (the API: source ports need protocol tcp or udp). */
function sourcePortsAt(
  ctx: ValidationContext,
  path: DataPath,
  protocol: RuleProtocol,
  spec: number | string | (number | string)[] | undefined,
): PortRange[] | null | undefined {
  if (spec !== undefined && protocol !== 'tcp' && protocol !== 'udp') {
    ctx.error(
      'ports-not-applicable',
      [...path, 'sourcePorts'],
      `source ports apply only to tcp and udp rules, not to protocol ${protocol}`,
      'remove sourcePorts, or set protocol: tcp or udp',
    );
    return undefined;
  }
  return portsAt(ctx, path, spec, 'sourcePorts');
}

export function buildNetworkAcl(ctx: ValidationContext, raw: RawNetworkAcl, path: DataPath): void {
  const rules = (dir: 'inbound' | 'outbound'): NetworkAclRule[] => {
    const out: NetworkAclRule[] = [];
    (raw[dir] ?? []).forEach((r, index) => {
      if (r === null) return;
      const p = [...path, dir, index];
      const priority = toNumber(r.priority ?? 1);
      if (!Number.isInteger(priority) || priority < 1) {
        ctx.error(
          'invalid-priority',
          [...p, 'priority'],
          `priority ${String(r.priority)} is not a positive whole number`,
          'network ACL priorities are 1, 2, 3, … (lower is evaluated first)',
        );
        return;
      }
      const protocol: RuleProtocol = r.protocol ?? 'any';
      const ports = rulePortsAt(ctx, p, protocol, r.ports);
      const sourcePorts = sourcePortsAt(ctx, p, protocol, r.sourcePorts);
      const source = r.source === undefined ? ANY : cidrAt(ctx, [...p, 'source'], r.source, true);
      const destination = r.destination === undefined ? ANY : cidrAt(ctx, [...p, 'destination'], r.destination, true);
      if (ports === undefined || sourcePorts === undefined || !source || !destination) return;
      out.push({
        index,
        direction: dir,
        priority,
        action: r.action,
        protocol,
        ports,
        sourcePorts,
        source,
        destination,
        description: r.description ?? null,
        enabled: r.enabled ?? true,
        loc: ctx.loc(p),
      });
    });
    return out;
  };
  const acl: NetworkAcl = {
    kind: 'networkAcl',
    id: raw.id,
    loc: ctx.loc(path),
    tags: tagsAt(ctx, path, raw.tags),
    enabled: raw.enabled ?? true,
    inbound: rules('inbound'),
    outbound: rules('outbound'),
  };
  ctx.networkAcls.set(acl.id, acl);
}

export function buildVpc(ctx: ValidationContext, raw: RawVpc, path: DataPath): void {
  const tags = tagsAt(ctx, path, raw.tags);
  const cidr = cidrAt(ctx, [...path, 'cidr'], raw.cidr);
  if (cidr) checkVpcepOverlap(ctx, [...path, 'cidr'], cidr, 'VPC CIDR');
  const subnetIds: string[] = [];
  const placed: Subnet[] = [];
  (raw.subnets ?? []).forEach((s, i) => {
    if (s === null) return;
    const p = [...path, 'subnets', i];
    subnetIds.push(s.id);
    const subnetTags = tagsAt(ctx, p, s.tags);
    const sc = cidrAt(ctx, [...p, 'cidr'], s.cidr);
    if (s.networkAcl !== undefined) ref(ctx, [...p, 'networkAcl'], s.networkAcl, ['networkAcl']);
    if (!sc) return;
    checkVpcepOverlap(ctx, [...p, 'cidr'], sc, 'subnet CIDR');
    if (cidr && !rangeContains(cidr, sc)) {
      ctx.error(
        'subnet-outside-vpc',
        [...p, 'cidr'],
        `subnet ${formatRange(sc)} is not inside VPC "${raw.id}" (${formatRange(cidr)})`,
        `choose a subnet CIDR within ${formatRange(cidr)}`,
      );
    }
    const clash = placed.find((o) => rangesOverlap(o.cidr, sc));
    if (clash)
      ctx.error(
        'subnet-overlap',
        [...p, 'cidr'],
        `subnet ${formatRange(sc)} overlaps subnet "${clash.id}" (${formatRange(clash.cidr)}) in the same VPC`,
        'subnets of one VPC must not overlap',
      );
    const subnet: Subnet = {
      kind: 'subnet',
      id: s.id,
      loc: ctx.loc(p),
      tags: subnetTags,
      vpc: raw.id,
      cidr: sc,
      networkAcl: s.networkAcl ?? null,
      routeTable: null,
    };
    placed.push(subnet);
    ctx.subnets.set(subnet.id, subnet);
  });
  if (!cidr) return;
  ctx.vpcs.set(raw.id, {
    kind: 'vpc',
    id: raw.id,
    loc: ctx.loc(path),
    tags,
    account: raw.account ?? DEFAULT_ACCOUNT,
    region: raw.region ?? ctx.region,
    cidr,
    subnets: subnetIds,
  });
}
