// The response bodies of the Huawei Cloud APIs as the huaweicloud provider's resources, for the Terraform front end to read.
import { basename } from 'node:path';
import { parseCidr } from '../../net/index.js';
import type { DataPath, ParsedSource } from '../source.js';
import type { TfResource } from '../terraform/document.js';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

const list0 = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export interface Body {
  readonly file: string;
  readonly source: ParsedSource;
  readonly key: string;
  readonly items: Json[];
  /** The id in the file name (`members-<pool id>.json`), for bodies whose API names it only in the URL. */
  readonly parent: string | undefined;
}

/** Each API object as a resource of the provider's type, with its attribute names. */
export function toResources(bodies: readonly Body[]): { res: TfResource; source: ParsedSource }[] {
  const out: { res: TfResource; source: ParsedSource }[] = [];
  const of = (key: string) => bodies.filter((b) => b.key === key);
  /** An object's name; a service's own part of its full name `{region}.{name}.{id}`. */
  const nameOf = (o: Json): string | undefined => {
    const full = str(o.service_name);
    if (!full) return str(o.name);
    const parts = full.split('.');
    return parts.length >= 3 ? parts.slice(1, -1).join('.') : undefined;
  };
  const names = new Map<string, number>();
  for (const b of bodies)
    for (const o of b.items) {
      const n = nameOf(o);
      if (n) names.set(n, (names.get(n) ?? 0) + 1);
    }
  /** A readable, unique id: the object's name, or name#id when the name is not unique. */
  const idOf = (o: Json, kind: string): string => {
    const name = nameOf(o);
    const id = str(o.id) ?? '';
    if (name && names.get(name) === 1) return name;
    const short: Readonly<Record<string, string>> = { vpcep_endpoint: 'endpoint', networking_secgroup_rule: 'rule', elb_member: 'member', lb_member: 'member' };
    return name ? `${name}#${id.slice(0, 8)}` : `${short[kind] ?? kind}-${id.slice(0, 8)}`;
  };
  const add = (b: Body, i: number, type: string, o: Json, values: Json): void => {
    const address = idOf(o, type.replace(/^huaweicloud_/, ''));
    out.push({
      res: {
        address,
        mode: 'managed',
        type,
        name: address,
        index: undefined,
        module: '',
        configModule: '',
        values,
        unknown: undefined,
        path: [b.key, i],
        provider: 'huaweicloud',
        label: '',
        providerName: `api:${basename(b.file)}`,
      },
      source: b.source,
    });
  };
  const subnets = of('subnets').flatMap((b) => b.items);
  for (const b of of('vpcs')) b.items.forEach((o, i) => add(b, i, 'huaweicloud_vpc', o, { id: o.id, name: o.name, cidr: o.cidr }));
  for (const b of of('subnets'))
    b.items.forEach((o, i) =>
      add(b, i, 'huaweicloud_vpc_subnet', o, { id: o.id, name: o.name, cidr: o.cidr, vpc_id: o.vpc_id, ipv4_subnet_id: o.neutron_subnet_id }),
    );
  const ruleLists: { b: Body; i: number; o: Json }[] = [];
  for (const b of of('security_groups'))
    b.items.forEach((o, i) => {
      add(b, i, 'huaweicloud_networking_secgroup', o, { id: o.id, name: o.name, description: o.description, delete_default_rules: true });
      // The v1 list and the show API carry the rules in the group.
      if (Array.isArray(o.security_group_rules)) ruleLists.push({ b, i, o });
    });
  const rule = (o: Json): Json => ({
    id: o.id,
    security_group_id: o.security_group_id,
    direction: o.direction,
    ethertype: o.ethertype,
    protocol: o.protocol ?? '',
    ports:
      o.multiport ??
      (typeof o.port_range_min === 'number' ? `${o.port_range_min}-${typeof o.port_range_max === 'number' ? o.port_range_max : o.port_range_min}` : ''),
    remote_ip_prefix: o.remote_ip_prefix ?? '',
    remote_group_id: o.remote_group_id ?? '',
    remote_address_group_id: o.remote_address_group_id ?? '',
    action: o.action ?? 'allow',
    priority: typeof o.priority === 'string' ? Number(o.priority) : o.priority,
    description: o.description ?? '',
  });
  for (const b of of('security_group_rules')) b.items.forEach((o, i) => add(b, i, 'huaweicloud_networking_secgroup_rule', o, rule(o)));
  for (const { b, i, o } of ruleLists)
    list(o.security_group_rules).forEach((r, k) => {
      const before = out.length;
      add(
        b,
        i,
        'huaweicloud_networking_secgroup_rule',
        { id: r.id, name: `${String(o.name ?? o.id)}/rule-${k}` },
        rule({ ...r, security_group_id: r.security_group_id ?? o.id }),
      );
      (out[before]!.res as { path: DataPath }).path = [b.key, i, 'security_group_rules', k];
    });
  for (const b of of('address_groups'))
    b.items.forEach((o, i) => add(b, i, 'huaweicloud_vpc_address_group', o, { id: o.id, name: o.name, addresses: list0(o.ip_set) }));
  // The API names an ACL rule's address groups source_address_group_id / destination_address_group_id.
  const aclRule = (r: Json): Json => ({
    ...r,
    source_ip_address_group_id: r.source_address_group_id ?? '',
    destination_ip_address_group_id: r.destination_address_group_id ?? '',
  });
  for (const b of of('firewalls'))
    b.items.forEach((o, i) =>
      add(b, i, 'huaweicloud_vpc_network_acl', o, {
        id: o.id,
        name: o.name,
        enabled: o.admin_state_up !== false,
        ingress_rules: list(o.ingress_rules)
          .filter((r) => r.enabled !== false)
          .map(aclRule),
        egress_rules: list(o.egress_rules)
          .filter((r) => r.enabled !== false)
          .map(aclRule),
        associated_subnets: list(o.associations).map((a) => ({ subnet_id: a.virsubnet_id })),
      }),
    );
  for (const b of of('servers'))
    b.items.forEach((o, i) => {
      // `addresses` is keyed by VPC id; the fixed addresses are the NICs (the first one is modelled).
      const nics: Json[] = [];
      for (const [vpcId, addrs] of Object.entries(isObject(o.addresses) ? o.addresses : {}))
        for (const a of list(addrs)) {
          if (a['OS-EXT-IPS:type'] === 'floating' || a.version === 6 || a.version === '6') continue;
          const ip = str(a.addr);
          const subnet = ip && subnets.find((s) => s.vpc_id === vpcId && contains(String(s.cidr), ip));
          nics.push({ uuid: subnet ? subnet.id : `${vpcId}:${ip ?? '?'}`, fixed_ip_v4: ip, port: a['OS-EXT-IPS:port_id'] });
        }
      const groups = list(o.security_groups).map((g) => g.id ?? g.name);
      const tags: Json = {};
      for (const t of Array.isArray(o.tags) ? o.tags : [])
        if (typeof t === 'string' && t.includes('=')) tags[t.slice(0, t.indexOf('='))] = t.slice(t.indexOf('=') + 1);
      if (isObject(o.metadata) && typeof o.metadata.vpcreach_listens === 'string') tags.vpcreach_listens = o.metadata.vpcreach_listens;
      add(b, i, 'huaweicloud_compute_instance', o, { id: o.id, name: o.name, security_group_ids: groups, network: nics, tags });
    });
  // Security groups may be named by name in a server's list.
  const groupIdByName = new Map(of('security_groups').flatMap((b) => b.items.map((g) => [String(g.name), String(g.id)] as const)));
  for (const r of out)
    if (r.res.type === 'huaweicloud_compute_instance') {
      const v = r.res.values as Json;
      v.security_group_ids = (v.security_group_ids as unknown[]).map((g) =>
        typeof g === 'string' && groupIdByName.has(g) && !out.some((x) => x.res.values.id === g) ? groupIdByName.get(g) : g,
      );
    }
  const lbKind = new Map<string, boolean>();
  for (const b of of('loadbalancers'))
    b.items.forEach((o, i) => {
      const dedicated = o.guaranteed !== false && 'guaranteed' in o;
      lbKind.set(String(o.id), dedicated);
      if (dedicated)
        add(b, i, 'huaweicloud_elb_loadbalancer', o, {
          id: o.id,
          name: o.name,
          ipv4_subnet_id: o.vip_subnet_cidr_id,
          ipv4_address: o.vip_address,
          ipv4_port_id: o.vip_port_id,
          cross_vpc_backend: o.ip_target_enable === true,
        });
      else
        add(b, i, 'huaweicloud_lb_loadbalancer', o, {
          id: o.id,
          name: o.name,
          vip_subnet_id: o.vip_subnet_cidr_id ?? o.vip_subnet_id,
          vip_address: o.vip_address,
          vip_port_id: o.vip_port_id,
        });
    });
  const listenerKind = new Map<string, boolean>();
  for (const b of of('listeners'))
    b.items.forEach((o, i) => {
      const lb = str(list(o.loadbalancers)[0]?.id) ?? str(o.loadbalancer_id) ?? '';
      const dedicated = lbKind.get(lb) ?? true;
      listenerKind.set(String(o.id), dedicated);
      const ipg = isObject(o.ipgroup) ? o.ipgroup : undefined;
      add(b, i, dedicated ? 'huaweicloud_elb_listener' : 'huaweicloud_lb_listener', o, {
        id: o.id,
        name: o.name,
        protocol: o.protocol,
        protocol_port: o.protocol_port,
        loadbalancer_id: lb,
        default_pool_id: o.default_pool_id,
        ...(ipg && ipg.enable_ipgroup !== false ? { access_policy: ipg.type, ip_group: ipg.ipgroup_id } : {}),
      });
    });
  for (const b of of('ipgroups')) b.items.forEach((o, i) => add(b, i, 'huaweicloud_elb_ipgroup', o, { id: o.id, name: o.name, ip_list: o.ip_list }));
  for (const b of of('whitelists'))
    b.items.forEach((o, i) =>
      add(
        b,
        i,
        'huaweicloud_lb_whitelist',
        { id: o.id, name: `whitelist-${(str(o.id) ?? String(i)).slice(0, 8)}` },
        {
          id: o.id,
          listener_id: o.listener_id,
          enable_whitelist: o.enable_whitelist,
          whitelist: o.whitelist,
        },
      ),
    );
  const poolKind = new Map<string, boolean>();
  for (const b of of('pools'))
    b.items.forEach((o, i) => {
      const listener = str(list(o.listeners)[0]?.id) ?? str(o.listener_id);
      const lb = str(list(o.loadbalancers)[0]?.id) ?? str(o.loadbalancer_id);
      const dedicated = (listener !== undefined ? listenerKind.get(listener) : undefined) ?? (lb !== undefined ? lbKind.get(lb) : undefined) ?? true;
      poolKind.set(String(o.id), dedicated);
      add(b, i, dedicated ? 'huaweicloud_elb_pool' : 'huaweicloud_lb_pool', o, {
        id: o.id,
        name: o.name,
        listener_id: listener,
        loadbalancer_id: lb,
        protocol: o.protocol,
      });
    });
  for (const b of of('members'))
    b.items.forEach((o, i) => {
      const pool = str(o.pool_id) ?? b.parent ?? '';
      add(b, i, poolKind.get(pool) === false ? 'huaweicloud_lb_member' : 'huaweicloud_elb_member', o, {
        id: o.id,
        pool_id: pool,
        address: o.address,
        protocol_port: o.protocol_port,
        weight: o.weight,
        operating_status: o.operating_status,
      });
    });
  const permissions = new Map<string, string[]>();
  for (const b of of('permissions'))
    if (b.parent)
      permissions.set(
        b.parent,
        b.items.map((p) => str(p.permission) ?? '').filter((p) => p !== ''),
      );
  const connections = new Map<string, Json[]>();
  for (const b of of('connections'))
    if (b.parent)
      connections.set(
        b.parent,
        b.items.map((c) => ({ endpoint_id: c.id ?? c.endpoint_id, domain_id: c.domain_id, status: c.status })),
      );
  for (const b of of('endpoint_services'))
    b.items.forEach((o, i) =>
      add(b, i, 'huaweicloud_vpcep_service', o, {
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
  for (const b of of('endpoints'))
    b.items.forEach((o, i) =>
      add(b, i, 'huaweicloud_vpcep_endpoint', o, {
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
  return out;
}

function contains(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr, false);
  const a = parseCidr(ip, true);
  return c.ok && a.ok && c.value.lo <= a.value.lo && a.value.lo <= c.value.hi;
}
