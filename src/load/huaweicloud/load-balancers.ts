// Load balancers, listeners, IP groups, whitelists, pools and members, from the API's response bodies, as the provider's resources.
import { isObject, str, list, type ApiResources } from './resources.js';

/** Load balancers (dedicated or shared), listeners, IP groups, whitelists, pools, members and health monitors. */
export function readLoadBalancers(api: ApiResources): void {
  const lbKind = new Map<string, boolean>();
  for (const b of api.of('loadbalancers'))
    b.items.forEach((o, i) => {
      const dedicated = o.guaranteed !== false && 'guaranteed' in o;
      lbKind.set(String(o.id), dedicated);
      if (dedicated)
        api.add(b, i, 'huaweicloud_elb_loadbalancer', o, {
          id: o.id,
          name: o.name,
          ipv4_subnet_id: o.vip_subnet_cidr_id,
          ipv4_address: o.vip_address,
          ipv4_port_id: o.vip_port_id,
          cross_vpc_backend: o.ip_target_enable === true,
        });
      else
        api.add(b, i, 'huaweicloud_lb_loadbalancer', o, {
          id: o.id,
          name: o.name,
          vip_subnet_id: o.vip_subnet_cidr_id ?? o.vip_subnet_id,
          vip_address: o.vip_address,
          vip_port_id: o.vip_port_id,
        });
    });
  const listenerKind = new Map<string, boolean>();
  for (const b of api.of('listeners'))
    b.items.forEach((o, i) => {
      const lb = str(list(o.loadbalancers)[0]?.id) ?? str(o.loadbalancer_id) ?? '';
      const dedicated = lbKind.get(lb) ?? true;
      listenerKind.set(String(o.id), dedicated);
      const ipg = isObject(o.ipgroup) ? o.ipgroup : undefined;
      api.add(b, i, dedicated ? 'huaweicloud_elb_listener' : 'huaweicloud_lb_listener', o, {
        id: o.id,
        name: o.name,
        protocol: o.protocol,
        protocol_port: o.protocol_port,
        loadbalancer_id: lb,
        default_pool_id: o.default_pool_id,
        transparent_client_ip_enable: o.transparent_client_ip_enable,
        ...(ipg ? { access_policy: ipg.type, ip_group: ipg.ipgroup_id, ip_group_enable: ipg.enable_ipgroup !== false } : {}),
      });
    });
  for (const b of api.of('ipgroups')) b.items.forEach((o, i) => api.add(b, i, 'huaweicloud_elb_ipgroup', o, { id: o.id, name: o.name, ip_list: o.ip_list }));
  for (const b of api.of('whitelists'))
    b.items.forEach((o, i) =>
      api.add(
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
  for (const b of api.of('pools'))
    b.items.forEach((o, i) => {
      const listener = str(list(o.listeners)[0]?.id) ?? str(o.listener_id);
      const lb = str(list(o.loadbalancers)[0]?.id) ?? str(o.loadbalancer_id);
      const dedicated = (listener !== undefined ? listenerKind.get(listener) : undefined) ?? (lb !== undefined ? lbKind.get(lb) : undefined) ?? true;
      poolKind.set(String(o.id), dedicated);
      api.add(b, i, dedicated ? 'huaweicloud_elb_pool' : 'huaweicloud_lb_pool', o, {
        id: o.id,
        name: o.name,
        listener_id: listener,
        loadbalancer_id: lb,
        protocol: o.protocol,
      });
    });
  for (const b of api.of('members'))
    b.items.forEach((o, i) => {
      const pool = str(o.pool_id) ?? b.parent ?? '';
      api.add(b, i, poolKind.get(pool) === false ? 'huaweicloud_lb_member' : 'huaweicloud_elb_member', o, {
        id: o.id,
        pool_id: pool,
        address: o.address,
        protocol_port: o.protocol_port,
        weight: o.weight,
        operating_status: o.operating_status,
        member_type: o.member_type,
      });
    });
  for (const b of api.of('healthmonitors'))
    b.items.forEach((o, i) => {
      const pool = str(list(o.pools)[0]?.id) ?? str(o.pool_id) ?? '';
      const dedicated = poolKind.get(pool) !== false;
      api.add(b, i, dedicated ? 'huaweicloud_elb_monitor' : 'huaweicloud_lb_monitor', o, {
        id: o.id,
        pool_id: pool,
        [dedicated ? 'protocol' : 'type']: o.type,
        port: o.monitor_port,
        [dedicated ? 'enabled' : 'admin_state_up']: o.admin_state_up !== false,
      });
    });
}
