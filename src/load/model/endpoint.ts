/** VPC endpoints: placement, whitelist, service and region. */
import { intervals, type Cidr } from '../../net/index.js';
import type { RawEndpoint } from '../schema.js';
import type { DataPath } from '../source.js';
import type { ValidationContext } from './context.js';
import { ref } from './ids.js';
import { addressInSubnet, cidrAt, ipAt, tagsAt } from './values.js';
import { LIMITS } from './limits.js';

export function buildEndpoint(ctx: ValidationContext, raw: RawEndpoint, path: DataPath): void {
  const tags = tagsAt(ctx, path, raw.tags);
  const vpcOk = ref(ctx, [...path, 'vpc'], raw.vpc, ['vpc']);
  const subnetOk = ref(ctx, [...path, 'subnet'], raw.subnet, ['subnet']);
  const serviceOk = ref(ctx, [...path, 'service'], raw.service, ['endpointService']);
  const vpc = ctx.vpcs.get(raw.vpc);
  const subnet = ctx.subnets.get(raw.subnet);
  if (vpcOk && subnetOk && subnet && subnet.vpc !== raw.vpc) {
    ctx.error(
      'subnet-vpc-mismatch',
      [...path, 'subnet'],
      `subnet "${raw.subnet}" belongs to VPC "${subnet.vpc}", not to "${raw.vpc}"`,
      `pick a subnet of VPC "${raw.vpc}"`,
    );
    return;
  }
  const placed = subnetOk ? addressInSubnet(ctx, raw.subnet, raw.ip, raw.id, path) : (ipAt(ctx, [...path, 'ip'], raw.ip), undefined);
  const whitelist: Cidr[] = [];
  let wlOk = true;
  const entries = raw.whitelist ?? [];
  if (entries.length > LIMITS.endpointWhitelistMax) {
    ctx.error(
      'too-many-whitelist-entries',
      [...path, 'whitelist'],
      `the whitelist has ${entries.length} entries; an endpoint holds at most ${LIMITS.endpointWhitelistMax}`,
      'merge addresses into wider CIDR blocks',
    );
    wlOk = false;
  }
  entries.forEach((w, i) => {
    const c = cidrAt(ctx, [...path, 'whitelist', i], w, true);
    if (c && c.prefix === 0) {
      ctx.error(
        'whitelist-everything',
        [...path, 'whitelist', i],
        `"${w}" admits every address; VPCEP refuses it in a whitelist`,
        'list the client CIDRs, or remove the whitelist to admit every client',
      );
      wlOk = false;
    } else if (c) whitelist.push(c);
    else wlOk = false;
  });
  const region = raw.region ?? vpc?.region ?? ctx.region;
  const service = ctx.endpointServices.get(raw.service);
  const serviceRaw = ctx.ids.get(raw.service);
  if (service && region !== service.region) {
    ctx.error(
      'region-mismatch',
      [...path, raw.region !== undefined ? 'region' : 'service'],
      `endpoint is in region "${region}" but service "${service.id}" is in region "${service.region}"`,
      'VPC endpoints must be in the same region as the service; cross-region access is not supported',
    );
    return;
  }
  if (!vpcOk || !vpc || !placed || !serviceOk || !service || !serviceRaw || !wlOk) return;
  const statusDefaulted = raw.status === undefined;
  const off = raw.whitelistEnabled === false;
  ctx.endpoints.set(raw.id, {
    kind: 'endpoint',
    id: raw.id,
    loc: ctx.loc(path),
    tags,
    account: raw.account ?? vpc.account,
    region,
    vpc: raw.vpc,
    subnet: raw.subnet,
    ip: placed.ip,
    service: raw.service,
    status: raw.status ?? (service.approval ? 'pendingAcceptance' : 'accepted'),
    statusDefaulted,
    // The switch apart from the list (the API's enable_whitelist): a list switched off is kept and not enforced.
    whitelist: raw.whitelist === undefined || off ? null : whitelist,
    whitelistSet: raw.whitelist === undefined || off ? null : intervals.fromRanges(whitelist),
    whitelistOff: off ? whitelist : null,
  });
}
