/** Elastic IPs and NAT gateways: how the internet reaches a VPC and a VPC the internet, and what the cloud refuses of them. */
import { INTERNET_ADDRESSES, type DnatRule, type Eip, type SnatRule } from '../../model/index.js';
import { formatIpv4, formatRange, intervals, rangeContains } from '../../net/index.js';
import type { RawEip, RawNatGateway } from '../schema.js';
import type { DataPath } from '../source.js';
import type { ValidationContext } from './context.js';
import { ref } from './ids.js';
import { cidrAt, ipAt, portAt, tagsAt } from './values.js';

export function buildEip(ctx: ValidationContext, raw: RawEip, path: DataPath): void {
  const tags = tagsAt(ctx, path, raw.tags);
  const address = ipAt(ctx, [...path, 'address'], raw.address);
  if (address === undefined) return;
  if (!intervals.has(INTERNET_ADDRESSES, address)) {
    ctx.error(
      'eip-not-public',
      [...path, 'address'],
      `${formatIpv4(address)} is not a public address (private, shared, loopback, link-local, benchmarking or multicast ranges are never on the internet)`,
      'write the EIP’s public address, as the console or `terraform show` gives it',
    );
    return;
  }
  const twin = [...ctx.eips.values()].find((e) => e.address === address);
  if (twin) {
    ctx.error('duplicate-eip-address', [...path, 'address'], `${formatIpv4(address)} is already the address of EIP "${twin.id}" (line ${twin.loc.line})`);
    return;
  }
  if (raw.instance !== undefined && raw.loadBalancer !== undefined) {
    ctx.error(
      'eip-bound-twice',
      [...path, 'loadBalancer'],
      'an EIP is bound to one instance or one load balancer, not both',
      'keep one of instance and loadBalancer',
    );
    return;
  }
  let boundTo: string | null = null;
  if (raw.instance !== undefined) {
    if (!ref(ctx, [...path, 'instance'], raw.instance, ['instance'])) return;
    boundTo = raw.instance;
  } else if (raw.loadBalancer !== undefined) {
    if (!ref(ctx, [...path, 'loadBalancer'], raw.loadBalancer, ['loadBalancer'])) return;
    boundTo = raw.loadBalancer;
  }
  if (boundTo !== null) {
    const other = [...ctx.eips.values()].find((e) => e.boundTo === boundTo);
    if (other) {
      ctx.error(
        'resource-has-eip',
        [...path, raw.instance !== undefined ? 'instance' : 'loadBalancer'],
        `"${boundTo}" already has EIP "${other.id}" (line ${other.loc.line}); a network interface or load balancer takes one EIP`,
        'bind this EIP to another resource, or unbind one of them',
      );
      return;
    }
  }
  const eip: Eip = { kind: 'eip', id: raw.id, loc: ctx.loc(path), tags, address, boundTo };
  ctx.eips.set(eip.id, eip);
}

export function buildNatGateway(ctx: ValidationContext, raw: RawNatGateway, path: DataPath): void {
  const tags = tagsAt(ctx, path, raw.tags);
  if (!ref(ctx, [...path, 'vpc'], raw.vpc, ['vpc']) || !ref(ctx, [...path, 'subnet'], raw.subnet, ['subnet'])) return;
  const vpc = ctx.vpcs.get(raw.vpc);
  const subnet = ctx.subnets.get(raw.subnet);
  if (!vpc || !subnet) return;
  if (subnet.vpc !== vpc.id) {
    ctx.error('subnet-vpc-mismatch', [...path, 'subnet'], `subnet "${subnet.id}" belongs to VPC "${subnet.vpc}", not to "${vpc.id}"`);
    return;
  }
  const eipAt = (p: DataPath, id: string): Eip | undefined => {
    if (!ref(ctx, p, id, ['eip'])) return undefined;
    const eip = ctx.eips.get(id);
    if (!eip) return undefined;
    if (eip.boundTo !== null) {
      ctx.error(
        'eip-in-use',
        p,
        `EIP "${id}" is bound to "${eip.boundTo}"; a NAT gateway's rules use EIPs bound to nothing else`,
        `use another EIP, or unbind "${id}"`,
      );
      return undefined;
    }
    const user = [...ctx.natGateways.values()].find((g) => g.snatRules.some((r) => r.eips.includes(id)) || g.dnatRules.some((r) => r.eip === id));
    if (user) {
      ctx.error(
        'eip-in-use',
        p,
        `EIP "${id}" is used by NAT gateway "${user.id}" (line ${user.loc.line}); rules of different NAT gateways use different EIPs`,
        'give each NAT gateway EIPs of its own',
      );
      return undefined;
    }
    return eip;
  };
  const snatRules: SnatRule[] = [];
  (raw.snatRules ?? []).forEach((r, index) => {
    if (r === null) return;
    const p = [...path, 'snatRules', index];
    if ((r.subnet === undefined) === (r.cidr === undefined)) {
      ctx.error('snat-source', p, 'an SNAT rule serves a subnet or a CIDR block: write exactly one of subnet and cidr');
      return;
    }
    let source = null;
    let ruleSubnet: string | null = null;
    if (r.subnet !== undefined) {
      if (!ref(ctx, [...p, 'subnet'], r.subnet, ['subnet'])) return;
      const s = ctx.subnets.get(r.subnet);
      if (!s) return;
      if (s.vpc !== vpc.id) {
        ctx.error('subnet-vpc-mismatch', [...p, 'subnet'], `subnet "${s.id}" belongs to VPC "${s.vpc}", not to NAT gateway "${raw.id}"'s VPC "${vpc.id}"`);
        return;
      }
      source = s.cidr;
      ruleSubnet = s.id;
    } else {
      source = cidrAt(ctx, [...p, 'cidr'], r.cidr!, true);
      if (!source) return;
      if (!rangeContains(vpc.cidr, source)) {
        ctx.error(
          'snat-cidr-outside-vpc',
          [...p, 'cidr'],
          `${formatRange(source)} is not inside VPC "${vpc.id}" (${formatRange(vpc.cidr)})`,
          'an SNAT rule of the VPC scenario serves addresses of the gateway’s VPC (Direct Connect sources are not modelled)',
        );
        return;
      }
    }
    const twin = snatRules.find((o) => o.source.lo === source.lo && o.source.prefix === source.prefix);
    if (twin) {
      ctx.error('duplicate-snat-rule', p, `snatRules[${twin.index}] already serves ${formatRange(source)}`, 'a subnet or block has one SNAT rule per gateway');
      return;
    }
    if (r.eips.length === 0) {
      ctx.error('snat-no-eip', [...p, 'eips'], 'an SNAT rule needs at least one EIP', 'list the EIPs the sources leave from');
      return;
    }
    const eips: string[] = [];
    r.eips.forEach((id, j) => {
      if (eipAt([...p, 'eips', j], id) && !eips.includes(id)) eips.push(id);
    });
    if (eips.length !== r.eips.length) return;
    snatRules.push({ index, subnet: ruleSubnet, source, eips, loc: ctx.loc(p) });
  });
  const dnatRules: DnatRule[] = [];
  (raw.dnatRules ?? []).forEach((r, index) => {
    if (r === null) return;
    const p = [...path, 'dnatRules', index];
    if (!eipAt([...p, 'eip'], r.eip)) return;
    const all = r.protocol === 'any';
    const snat = all ? snatRules.find((o) => o.eips.includes(r.eip)) : undefined;
    if (snat) {
      ctx.error(
        'eip-in-use',
        [...p, 'eip'],
        `EIP "${r.eip}" is used by snatRules[${snat.index}]: an all-ports DNAT rule takes every port of its EIP, so no SNAT rule may share it (Huawei NAT Gateway constraints)`,
        'give the all-ports DNAT rule an EIP of its own, or forward single ports',
      );
      return;
    }
    const externalPort = r.externalPort === undefined ? (all ? 0 : undefined) : portOrZero(ctx, [...p, 'externalPort'], r.externalPort);
    const internalPort = r.internalPort === undefined ? (all ? 0 : undefined) : portOrZero(ctx, [...p, 'internalPort'], r.internalPort);
    if (externalPort === undefined || internalPort === undefined) {
      if (r.externalPort === undefined || r.internalPort === undefined)
        ctx.error(
          'dnat-ports',
          p,
          `a ${r.protocol} DNAT rule needs externalPort and internalPort`,
          'write both ports (an `any` rule forwards every port and takes neither)',
        );
      return;
    }
    if (all !== (externalPort === 0 && internalPort === 0)) {
      ctx.error(
        'dnat-ports',
        p,
        all
          ? 'an `any` DNAT rule forwards every port: its ports are 0 or left out'
          : `a ${r.protocol} DNAT rule forwards one port: its ports are from 1 to 65535`,
      );
      return;
    }
    if ((r.instance === undefined) === (r.privateIp === undefined)) {
      ctx.error('dnat-target', p, 'a DNAT rule forwards to an instance or a private address: write exactly one of instance and privateIp');
      return;
    }
    let instance: string | null = null;
    let privateIp: number;
    if (r.instance !== undefined) {
      if (!ref(ctx, [...p, 'instance'], r.instance, ['instance'])) return;
      const i = ctx.instances.get(r.instance);
      if (!i) return;
      if (i.vpc !== vpc.id) {
        ctx.error('dnat-target', [...p, 'instance'], `instance "${i.id}" is in VPC "${i.vpc}", not in NAT gateway "${raw.id}"'s VPC "${vpc.id}"`);
        return;
      }
      instance = i.id;
      privateIp = i.ip;
    } else {
      const ip = ipAt(ctx, [...p, 'privateIp'], r.privateIp!);
      if (ip === undefined) return;
      privateIp = ip;
    }
    const clash = dnatRules.find(
      (o) => o.eip === r.eip && (o.protocol === 'any' || r.protocol === 'any' || (o.protocol === r.protocol && o.externalPort === externalPort)),
    );
    if (clash) {
      ctx.error(
        'duplicate-dnat-rule',
        p,
        `dnatRules[${clash.index}] already forwards ${clash.protocol === 'any' ? 'every port' : `${clash.protocol}/${clash.externalPort}`} of EIP "${r.eip}"`,
        'an EIP port is forwarded by one DNAT rule: change the external port or remove a rule',
      );
      return;
    }
    dnatRules.push({ index, eip: r.eip, protocol: r.protocol, externalPort, internalPort, instance, privateIp, loc: ctx.loc(p) });
  });
  ctx.natGateways.set(raw.id, { kind: 'natGateway', id: raw.id, loc: ctx.loc(path), tags, vpc: vpc.id, subnet: subnet.id, snatRules, dnatRules });
}

/** A DNAT rule's port: 0 (an `any` rule's) or a port. */
function portOrZero(ctx: ValidationContext, path: DataPath, value: number | string): number | undefined {
  return value === 0 || value === '0' ? 0 : portAt(ctx, path, value);
}
