import { formatIpv4 } from '../../net/index.js';
import { isReservedAddress } from '../../model/index.js';
import type { LintRule, RawFinding } from '../types.js';

/** An address a Huawei Cloud subnet reserves, given to an instance, load balancer or endpoint. */
export const ipReserved: LintRule<'reserved'> = {
  id: 'ip-reserved',
  severity: 'warning',
  description: 'an instance, load balancer or endpoint address that its subnet reserves (network, gateway, DHCP, system, broadcast)',
  messages: {
    reserved: '{{ip}} of "{{resource}}" is one of the addresses subnet "{{subnet}}" ({{cidr}}) reserves: the cloud will not assign it',
  },
  *check(ctx): Generator<RawFinding> {
    for (const group of [ctx.model.instances, ctx.model.loadBalancers, ctx.model.endpoints] as const) {
      for (const r of group.values()) {
        const subnet = ctx.model.subnets.get(r.subnet)!;
        if (!isReservedAddress(subnet.cidr, r.ip)) continue;
        yield {
          messageId: 'reserved',
          data: { ip: formatIpv4(r.ip), resource: r.id, subnet: subnet.id, cidr: `${formatIpv4(subnet.cidr.lo)}/${subnet.cidr.prefix}` },
          location: r.loc,
        };
      }
    }
  },
};
