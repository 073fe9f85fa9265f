// VPC endpoint services, endpoints and approvals, as the huaweicloud provider's resources hold them (see translate.ts).
import type { TfResource } from './document.js';
import { isUnknownAt } from './links.js';
import type { Translator } from './translate.js';
import { isObject, str, num, type Json } from './common.js';

export function readServices(t: Translator): void {
  for (const r of t.of('huaweicloud_vpcep_service')) {
    const vpcLink = t.links.resolve(r, ['vpc_id'], ['huaweicloud_vpc']);
    const vpc = t.single(r, ['vpc_id'], vpcLink, 'VPC');
    const vpcId = vpc ? vpc.address : vpcLink.kind === 'external' && t.vpcIndex.has(vpcLink.ids[0]!) ? `vpc:${vpcLink.ids[0]}` : undefined;
    if (!vpcId) {
      if (vpcLink.kind !== 'resources') t.unresolved(r, ['vpc_id'], vpcLink, 'VPC');
      continue;
    }
    const backend = backendOf(t, r);
    if (!backend) continue;
    const index = t.services.length;
    const svc: Json = { id: r.address, account: t.account(r), vpc: vpcId, approval: r.values.approval === true, backend };
    const name = str(r.values.name);
    if (name) svc.name = name;
    const mappings = Array.isArray(r.values.port_mapping) ? r.values.port_mapping : [];
    svc.portMappings = mappings.filter(isObject).map((m) => ({ servicePort: num(m.service_port) ?? 0, terminalPort: num(m.terminal_port) ?? 0 }));
    mappings.forEach((m, k) => {
      t.from(['endpointServices', index, 'portMappings', k], r, ['port_mapping', k]);
      t.from(['endpointServices', index, 'portMappings', k, 'servicePort'], r, ['port_mapping', k, 'service_port']);
      t.from(['endpointServices', index, 'portMappings', k, 'terminalPort'], r, ['port_mapping', k, 'terminal_port']);
      if (isObject(m) && str(m.protocol) && String(m.protocol).toUpperCase() !== 'TCP')
        t.note(
          'warning',
          'terraform-protocol-skipped',
          r,
          ['port_mapping', k, 'protocol'],
          `port mapping ${k} of ${r.address} uses ${String(m.protocol)}: VPCEP carries TCP only, and vpcreach models it as TCP`,
        );
    });
    const permissions = Array.isArray(r.values.permissions) ? r.values.permissions.filter((p): p is string => typeof p === 'string') : [];
    if (permissions.length) svc.permissions = permissions;
    const tags = isObject(r.values.tags) ? r.values.tags : null;
    if (tags && Object.keys(tags).length) svc.tags = tags;
    t.services.push(svc);
    t.serviceOf.set(r, svc);
    t.from(['endpointServices', index], r);
    t.from(['endpointServices', index, 'vpc'], r, ['vpc_id']);
    t.from(['endpointServices', index, 'backend'], r, ['port_id']);
    t.from(['endpointServices', index, 'approval'], r, ['approval']);
    t.from(['endpointServices', index, 'permissions'], r, ['permissions']);
    t.from(['endpointServices', index, 'name'], r, ['name']);
    t.from(['endpointServices', index, 'tags'], r, ['tags']);
  }
}

/** The backend a service's port_id names: an instance's NIC, or a load balancer's address port. */
function backendOf(t: Translator, r: TfResource): Json | undefined {
  const serverType = str(r.values.server_type)?.toUpperCase();
  if (serverType === 'VIP') {
    t.note(
      'error',
      'terraform-unsupported-backend',
      r,
      ['server_type'],
      `${r.address} has server_type VIP (deprecated): vpcreach models VM and LB backends`,
      'use server_type LB with a load balancer',
    );
    return undefined;
  }
  const link = t.links.resolve(
    r,
    ['port_id'],
    ['huaweicloud_compute_instance', 'huaweicloud_bms_instance', 'huaweicloud_elb_loadbalancer', 'huaweicloud_lb_loadbalancer', 'huaweicloud_networking_port'],
  );
  let target = link.kind === 'resources' && link.resources.length === 1 ? link.resources[0]! : undefined;
  if (target?.type === 'huaweicloud_networking_port') {
    // A port made on its own: the instance whose address it carries.
    const ips = Array.isArray(target.values.fixed_ip) ? target.values.fixed_ip.filter(isObject).map((f) => str(f.ip_address)) : [];
    const hit = [...t.instanceOf].find(([, inst]) => ips.includes(inst.ip as string));
    target = hit?.[0];
  }
  if (!target) {
    t.note(
      'error',
      'terraform-unresolved-backend',
      r,
      ['port_id'],
      `port_id of ${r.address} names no instance NIC or load balancer port of this plan or state`,
      "reference it from the configuration: `port_id = huaweicloud_compute_instance.x.network[0].port`, or a load balancer's `ipv4_port_id` / `vip_port_id`",
    );
    return undefined;
  }
  if (target.type === 'huaweicloud_elb_loadbalancer' || target.type === 'huaweicloud_lb_loadbalancer') {
    if (serverType && serverType !== 'LB')
      t.note(
        'warning',
        'terraform-server-type',
        r,
        ['server_type'],
        `${r.address} names a load balancer's port but has server_type ${serverType}: vpcreach follows the port`,
      );
    return { kind: 'elb', loadBalancer: target.address };
  }
  if (serverType && serverType !== 'VM')
    t.note(
      'warning',
      'terraform-server-type',
      r,
      ['server_type'],
      `${r.address} names an instance's NIC but has server_type ${serverType}: vpcreach follows the port`,
    );
  return { kind: target.type === 'huaweicloud_bms_instance' ? 'bms' : 'ecs', instance: target.address };
}

export function readEndpoints(t: Translator): void {
  const accepted = new Set<TfResource>();
  for (const a of t.of('huaweicloud_vpcep_approval')) {
    const link = t.links.resolve(a, ['endpoints'], ['huaweicloud_vpcep_endpoint']);
    if (link.kind === 'resources') for (const e of link.resources) accepted.add(e);
    else t.unresolved(a, ['endpoints'], link, 'endpoint');
  }
  for (const r of t.of('huaweicloud_vpcep_endpoint')) {
    const svcLink = t.links.resolve(r, ['service_id'], ['huaweicloud_vpcep_service']);
    const svcRes = t.single(r, ['service_id'], svcLink, 'endpoint service');
    if (!svcRes || !t.serviceOf.has(svcRes)) {
      t.note(
        'info',
        'terraform-endpoint-elsewhere',
        r,
        ['service_id'],
        `${r.address} connects to an endpoint service that is not in this plan or state (a public service, or one of another configuration): it is left out`,
        'import the provider side too (several files make one model), or read the service with a data source',
      );
      continue;
    }
    const subLink = t.links.resolve(r, ['network_id'], ['huaweicloud_vpc_subnet']);
    const subnet = t.single(r, ['network_id'], subLink, 'subnet');
    if (!subnet) {
      if (subLink.kind !== 'resources') t.unresolved(r, ['network_id'], subLink, 'subnet');
      continue;
    }
    const s = t.subnets.get(subnet)!;
    const index = t.endpoints.length;
    const account = t.connectionDomains.get(str(r.values.id) ?? '') ?? t.account(r);
    const ep: Json = { id: r.address, account, vpc: t.vpcs[s.vpc]!.id, subnet: subnet.address, ip: '', service: svcRes.address };
    t.endpoints.push(ep);
    t.endpointOf.set(r, { obj: ep, index });
    t.from(['endpoints', index], r);
    t.from(['endpoints', index, 'vpc'], r, ['vpc_id']);
    t.from(['endpoints', index, 'subnet'], r, ['network_id']);
    t.from(['endpoints', index, 'service'], r, ['service_id']);
    const ip = str(r.values.ip_address);
    if (ip && !isUnknownAt(r, ['ip_address'])) {
      ep.ip = ip;
      t.take(subnet, ip);
      t.from(['endpoints', index, 'ip'], r, ['ip_address']);
    } else t.deferAddress(ep, ['endpoints', index, 'ip'], r, ['ip_address'], subnet);
    const status = str(r.values.status);
    if (status && !isUnknownAt(r, ['status'])) {
      ep.status = status;
      t.from(['endpoints', index, 'status'], r, ['status']);
    } else if (accepted.has(r)) ep.status = 'accepted';
    const listed = Array.isArray(r.values.whitelist) ? r.values.whitelist.filter((x): x is string => typeof x === 'string') : [];
    if (r.values.enable_whitelist === true) {
      ep.whitelist = listed;
      t.from(['endpoints', index, 'whitelist'], r, ['whitelist']);
    } else if (listed.length && r.values.enable_whitelist === false) {
      // Entries with the switch off: kept, not enforced (lint says so).
      ep.whitelist = listed;
      ep.whitelistEnabled = false;
      t.from(['endpoints', index, 'whitelist'], r, ['whitelist']);
      t.from(['endpoints', index, 'whitelistEnabled'], r, ['enable_whitelist']);
    }
  }
  t.placeDeferred();
}
