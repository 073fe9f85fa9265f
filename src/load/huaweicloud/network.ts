// VPCs, subnets, IP address groups and network ACLs, from the API's response bodies, as the provider's resources.
import { isObject, list, list0, type Body, type Json, type ApiResources } from './resources.js';

/** VPCs and subnets. */
export function readNetworks(api: ApiResources): void {
  for (const b of api.of('vpcs')) b.items.forEach((o, i) => api.add(b, i, 'huaweicloud_vpc', o, { id: o.id, name: o.name, cidr: o.cidr }));
  for (const b of api.of('subnets'))
    b.items.forEach((o, i) =>
      api.add(b, i, 'huaweicloud_vpc_subnet', o, { id: o.id, name: o.name, cidr: o.cidr, vpc_id: o.vpc_id, ipv4_subnet_id: o.neutron_subnet_id }),
    );
}

/** IP address groups, and network ACLs with their rules and subnets. */
export function readAcls(api: ApiResources): void {
  for (const b of api.of('address_groups'))
    b.items.forEach((o, i) => api.add(b, i, 'huaweicloud_vpc_address_group', o, { id: o.id, name: o.name, addresses: list0(o.ip_set) }));
  // The API names an ACL rule's address groups source_address_group_id / destination_address_group_id.
  const aclRule = (r: Json): Json => ({
    ...r,
    source_ip_address_group_id: r.source_address_group_id ?? '',
    destination_ip_address_group_id: r.destination_address_group_id ?? '',
  });
  for (const b of api.of('firewalls'))
    b.items.forEach((o, i) =>
      api.add(b, i, 'huaweicloud_vpc_network_acl', o, {
        id: o.id,
        name: o.name,
        enabled: o.admin_state_up !== false,
        // Rules switched off are kept (enabled: false): they never match.
        ingress_rules: list(o.ingress_rules).map(aclRule),
        egress_rules: list(o.egress_rules).map(aclRule),
        associated_subnets: list(o.associations).map((a) => ({ subnet_id: a.virsubnet_id })),
      }),
    );
}

/** VPC peering connections, and route tables with their subnets and routes. */
export function readRouting(api: ApiResources): void {
  for (const b of api.of('peerings'))
    b.items.forEach((o, i) => {
      const request = isObject(o.request_vpc_info) ? o.request_vpc_info : {};
      const accept = isObject(o.accept_vpc_info) ? o.accept_vpc_info : {};
      api.add(b, i, 'huaweicloud_vpc_peering_connection', o, { id: o.id, name: o.name, vpc_id: request.vpc_id, peer_vpc_id: accept.vpc_id, status: o.status });
    });
  // A table's details (with its routes) stand for the same table in a list (which has none): one resource per id.
  const tables = new Map<unknown, { b: Body; i: number; o: Json }>();
  for (const b of api.of('routetables'))
    b.items.forEach((o, i) => {
      const seen = tables.get(o.id);
      if (!seen || (!Array.isArray(seen.o.routes) && Array.isArray(o.routes))) tables.set(o.id, { b, i, o });
    });
  for (const { b, i, o } of tables.values())
    api.add(b, i, 'huaweicloud_vpc_route_table', o, {
      id: o.id,
      name: o.name,
      vpc_id: o.vpc_id,
      // The API lists the default table's subnets too: a default table serves every subnet no custom table lists.
      default: o.default === true,
      subnets: o.default === true ? [] : list(o.subnets).map((s) => s.id),
      route: list(o.routes).map((r) => ({ destination: r.destination, type: r.type, nexthop: r.nexthop, description: r.description ?? '' })),
    });
}
