// Security groups and their rules, from the API's response bodies, as the provider's resources.
import { list, type Json, type Body, type ApiResources } from './resources.js';
import type { DataPath } from '../source.js';

/** Security groups and their rules (listed apart, or inside each group as the v1 API returns them). */
export function readSecurityGroups(api: ApiResources): void {
  const ruleLists: { b: Body; i: number; o: Json }[] = [];
  for (const b of api.of('security_groups'))
    b.items.forEach((o, i) => {
      api.add(b, i, 'huaweicloud_networking_secgroup', o, { id: o.id, name: o.name, description: o.description, delete_default_rules: true });
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
    // An ICMP rule's type and code (the translator reads them; ports are TCP and UDP ports). The API says "every code"
    // with null, so its code 0 is code 0 — where a state's 0 may be an unset code (icmp_code_set tells them apart).
    ...(o.protocol === 'icmp'
      ? { port_range_min: o.port_range_min ?? null, port_range_max: o.port_range_max ?? null, icmp_code_set: typeof o.port_range_max === 'number' }
      : {}),
    remote_ip_prefix: o.remote_ip_prefix ?? '',
    remote_group_id: o.remote_group_id ?? '',
    remote_address_group_id: o.remote_address_group_id ?? '',
    action: o.action ?? 'allow',
    priority: typeof o.priority === 'string' ? Number(o.priority) : o.priority,
    description: o.description ?? '',
  });
  for (const b of api.of('security_group_rules')) b.items.forEach((o, i) => api.add(b, i, 'huaweicloud_networking_secgroup_rule', o, rule(o)));
  for (const { b, i, o } of ruleLists)
    list(o.security_group_rules).forEach((r, k) => {
      const before = api.out.length;
      api.add(
        b,
        i,
        'huaweicloud_networking_secgroup_rule',
        { id: r.id, name: `${String(o.name ?? o.id)}/rule-${k}` },
        rule({ ...r, security_group_id: r.security_group_id ?? o.id }),
      );
      (api.out[before]!.res as { path: DataPath }).path = [b.key, i, 'security_group_rules', k];
    });
}
