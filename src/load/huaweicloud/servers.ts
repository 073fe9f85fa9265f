// ECS servers, from the API's response bodies, as the provider's resources.
import { isObject, str, list, contains, type Json, type ApiResources } from './resources.js';

/** ECS servers: the subnet and address of each fixed address, the security groups, the listening-port tag. */
export function readServers(api: ApiResources): void {
  const subnets = api.of('subnets').flatMap((b) => b.items);
  for (const b of api.of('servers'))
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
      api.add(b, i, 'huaweicloud_compute_instance', o, { id: o.id, name: o.name, security_group_ids: groups, network: nics, tags });
    });
  // Security groups may be named by name in a server's list.
  const groupIdByName = new Map(api.of('security_groups').flatMap((b) => b.items.map((g) => [String(g.name), String(g.id)] as const)));
  for (const r of api.out)
    if (r.res.type === 'huaweicloud_compute_instance') {
      const v = r.res.values as Json;
      v.security_group_ids = (v.security_group_ids as unknown[]).map((g) =>
        typeof g === 'string' && groupIdByName.has(g) && !api.out.some((x) => x.res.values.id === g) ? groupIdByName.get(g) : g,
      );
    }
}
