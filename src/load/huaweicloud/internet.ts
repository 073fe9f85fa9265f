// EIPs and NAT gateways with their SNAT and DNAT rules, from the API's response bodies, as the provider's resources.
import { type ApiResources } from './resources.js';

/**
 * EIPs (`publicips`: the address, and the port it is bound to — a server's NIC or a load balancer's address port),
 * public NAT gateways (`nat_gateways`: `router_id` is the VPC, `internal_network_id` the subnet), and their rules.
 */
export function readInternet(api: ApiResources): void {
  for (const b of api.of('publicips'))
    b.items.forEach((o, i) =>
      api.add(b, i, 'huaweicloud_vpc_eip', o, {
        id: o.id,
        name: o.alias ?? o.id,
        address: o.public_ip_address,
        publicip: [{ ip_address: o.public_ip_address, port_id: o.port_id ?? '' }],
      }),
    );
  for (const b of api.of('nat_gateways'))
    b.items.forEach((o, i) =>
      api.add(b, i, 'huaweicloud_nat_gateway', o, { id: o.id, name: o.name, vpc_id: o.router_id, subnet_id: o.internal_network_id, spec: o.spec }),
    );
  for (const b of api.of('snat_rules'))
    b.items.forEach((o, i) =>
      api.add(b, i, 'huaweicloud_nat_snat_rule', o, {
        id: o.id,
        nat_gateway_id: o.nat_gateway_id,
        floating_ip_id: o.floating_ip_id,
        subnet_id: o.network_id ?? '',
        cidr: o.cidr ?? '',
      }),
    );
  for (const b of api.of('dnat_rules'))
    b.items.forEach((o, i) =>
      api.add(b, i, 'huaweicloud_nat_dnat_rule', o, {
        id: o.id,
        nat_gateway_id: o.nat_gateway_id,
        floating_ip_id: o.floating_ip_id,
        protocol: o.protocol,
        internal_service_port: o.internal_service_port,
        external_service_port: o.external_service_port,
        port_id: o.port_id ?? '',
        private_ip: o.private_ip ?? '',
      }),
    );
}
