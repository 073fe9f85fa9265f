// VPC endpoint services and VPC endpoints, from the API's response bodies, as the provider's resources.
import { nameOf, str, list, type Json, type ApiResources } from './resources.js';

/** VPC endpoint services with their permissions and connections, and VPC endpoints. */
export function readEndpoints(api: ApiResources): void {
  const permissions = new Map<string, string[]>();
  for (const b of api.of('permissions'))
    if (b.parent)
      permissions.set(
        b.parent,
        b.items.map((p) => str(p.permission) ?? '').filter((p) => p !== ''),
      );
  const connections = new Map<string, Json[]>();
  for (const b of api.of('connections'))
    if (b.parent)
      connections.set(
        b.parent,
        b.items.map((c) => ({ endpoint_id: c.id ?? c.endpoint_id, domain_id: c.domain_id, status: c.status })),
      );
  for (const b of api.of('endpoint_services'))
    b.items.forEach((o, i) =>
      api.add(b, i, 'huaweicloud_vpcep_service', o, {
        id: o.id,
        name: nameOf(o),
        server_type: o.server_type,
        vpc_id: o.vpc_id,
        port_id: o.port_id,
        approval: o.approval_enabled !== false,
        port_mapping: list(o.ports).map((p) => ({ protocol: p.protocol, service_port: p.server_port, terminal_port: p.client_port })),
        permissions: permissions.get(String(o.id)) ?? [],
        connections: connections.get(String(o.id)) ?? [],
      }),
    );
  for (const b of api.of('endpoints'))
    b.items.forEach((o, i) =>
      api.add(b, i, 'huaweicloud_vpcep_endpoint', o, {
        id: o.id,
        service_id: o.endpoint_service_id,
        vpc_id: o.vpc_id,
        network_id: o.subnet_id,
        ip_address: o.ip,
        status: o.status,
        enable_whitelist: o.enable_whitelist === true,
        whitelist: o.whitelist,
      }),
    );
}
