// Load balancers, listeners, pools and members, as the huaweicloud provider's resources hold them (see translate.ts).
import type { TfResource } from './document.js';
import { isUnknownAt } from './links.js';
import type { Translator } from './translate.js';
import { isObject, str, num, LB_PROTOCOLS, type Json } from './common.js';

export function readLoadBalancers(t: Translator): void {
  for (const r of [...t.of('huaweicloud_elb_loadbalancer'), ...t.of('huaweicloud_lb_loadbalancer')]) {
    const dedicated = r.type === 'huaweicloud_elb_loadbalancer';
    const subnetAttr = [dedicated ? 'ipv4_subnet_id' : 'vip_subnet_id'];
    const link = t.links.resolve(r, subnetAttr, ['huaweicloud_vpc_subnet']);
    const subnet = t.single(r, subnetAttr, link, 'subnet');
    if (!subnet) {
      if (link.kind !== 'resources') t.unresolved(r, subnetAttr, link, 'subnet');
      continue;
    }
    const index = t.loadBalancers.length;
    const lb: Json = { id: r.address, kind: dedicated ? 'dedicated' : 'shared', subnet: subnet.address, ip: '' };
    if (dedicated && r.values.cross_vpc_backend === true) lb.ipAsBackend = true;
    lb.listeners = [];
    t.loadBalancers.push(lb);
    t.lbOf.set(r, { obj: lb, index });
    t.from(['loadBalancers', index], r);
    t.from(['loadBalancers', index, 'subnet'], r, subnetAttr);
    if (dedicated) t.from(['loadBalancers', index, 'ipAsBackend'], r, ['cross_vpc_backend']);
    const ipAttr = [dedicated ? 'ipv4_address' : 'vip_address'];
    const ip = str(r.values[ipAttr[0]!]);
    if (ip && !isUnknownAt(r, ipAttr)) {
      lb.ip = ip;
      t.take(subnet, ip);
      t.from(['loadBalancers', index, 'ip'], r, ipAttr);
    } else t.deferAddress(lb, ['loadBalancers', index, 'ip'], r, ipAttr, subnet);
  }
  for (const r of [...t.of('huaweicloud_elb_listener'), ...t.of('huaweicloud_lb_listener')]) {
    const types = r.type === 'huaweicloud_elb_listener' ? ['huaweicloud_elb_loadbalancer'] : ['huaweicloud_lb_loadbalancer'];
    const link = t.links.resolve(r, ['loadbalancer_id'], types);
    const lbRes = t.single(r, ['loadbalancer_id'], link, 'load balancer');
    const lb = lbRes && t.lbOf.get(lbRes);
    if (!lb) {
      if (link.kind !== 'resources') t.unresolved(r, ['loadbalancer_id'], link, 'load balancer');
      continue;
    }
    const protocol = LB_PROTOCOLS[(str(r.values.protocol) ?? '').toUpperCase()];
    if (!protocol) {
      t.note(
        'info',
        'terraform-protocol-skipped',
        r,
        ['protocol'],
        `listener protocol ${String(r.values.protocol)} of ${r.address} is not one vpcreach models: the listener is left out`,
      );
      continue;
    }
    const listeners = lb.obj.listeners as Json[];
    const li = listeners.length;
    const listener: Json = { id: r.address, protocol, port: num(r.values.protocol_port) ?? 0, members: [] };
    listeners.push(listener);
    t.listenerOf.set(r, { obj: listener, lb: lb.index, index: li });
    t.from(['loadBalancers', lb.index, 'listeners', li], r);
    t.from(['loadBalancers', lb.index, 'listeners', li, 'protocol'], r, ['protocol']);
    t.from(['loadBalancers', lb.index, 'listeners', li, 'port'], r, ['protocol_port']);
    // Transfer Client IP: a shared load balancer's TCP and UDP listeners only (every other listener always has it on).
    const tcip = r.values.transparent_client_ip_enable;
    if (r.type === 'huaweicloud_lb_listener' && (protocol === 'tcp' || protocol === 'udp') && typeof tcip === 'boolean') {
      listener.transferClientIp = tcip;
      t.from(['loadBalancers', lb.index, 'listeners', li, 'transferClientIp'], r, ['transparent_client_ip_enable']);
    }
    // Dedicated: access_policy white|black with an IP address group.
    const policy = str(r.values.access_policy);
    if (policy === 'white' || policy === 'black') {
      const g = t.links.resolve(r, ['ip_group'], ['huaweicloud_elb_ipgroup']);
      const group = g.kind === 'resources' && g.resources.length === 1 ? g.resources[0]! : undefined;
      const list = group && Array.isArray(group.values.ip_list) ? group.values.ip_list : null;
      if (!list) t.unresolved(r, ['ip_group'], g, 'IP address group');
      else {
        // Switched off (the API's enable_ipgroup false), the group stays named and is not enforced: mode all, kept.
        const off = r.values.ip_group_enable === false;
        listener.accessControl = {
          mode: off ? 'all' : policy === 'white' ? 'whitelist' : 'blacklist',
          cidrs: list.filter(isObject).map((e) => str(e.ip) ?? ''),
        };
        t.from(['loadBalancers', lb.index, 'listeners', li, 'accessControl'], r, ['access_policy']);
        t.from(['loadBalancers', lb.index, 'listeners', li, 'accessControl', 'cidrs'], group!, ['ip_list']);
      }
    }
  }
  for (const r of t.of('huaweicloud_lb_whitelist')) {
    const link = t.links.resolve(r, ['listener_id'], ['huaweicloud_lb_listener']);
    const lr = t.single(r, ['listener_id'], link, 'listener');
    const l = lr && t.listenerOf.get(lr);
    if (!l) {
      if (link.kind !== 'resources') t.unresolved(r, ['listener_id'], link, 'listener');
      continue;
    }
    const cidrs = (str(r.values.whitelist) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    // Switched off: the list is kept and not enforced (mode all; lint access-control-unused says so).
    if (r.values.enable_whitelist === false && cidrs.length === 0) continue;
    l.obj.accessControl = { mode: r.values.enable_whitelist === false ? 'all' : 'whitelist', cidrs };
    t.from(['loadBalancers', l.lb, 'listeners', l.index, 'accessControl'], r, ['whitelist']);
  }
  readPools(t);
}

function readPools(t: Translator): void {
  const poolListener = new Map<TfResource, TfResource>();
  for (const r of [...t.of('huaweicloud_elb_pool'), ...t.of('huaweicloud_lb_pool')]) {
    const types = r.type === 'huaweicloud_elb_pool' ? ['huaweicloud_elb_listener'] : ['huaweicloud_lb_listener'];
    const link = t.links.resolve(r, ['listener_id'], types);
    if (link.kind === 'resources' && link.resources.length === 1) poolListener.set(r, link.resources[0]!);
  }
  // A listener's default pool names it the other way round.
  for (const l of [...t.of('huaweicloud_elb_listener'), ...t.of('huaweicloud_lb_listener')]) {
    const types = l.type === 'huaweicloud_elb_listener' ? ['huaweicloud_elb_pool'] : ['huaweicloud_lb_pool'];
    if (l.values.default_pool_id === undefined && !isUnknownAt(l, ['default_pool_id'])) continue;
    const link = t.links.resolve(l, ['default_pool_id'], types);
    if (link.kind === 'resources' && link.resources.length === 1 && !poolListener.has(link.resources[0]!)) poolListener.set(link.resources[0]!, l);
  }
  for (const r of [...t.of('huaweicloud_elb_member'), ...t.of('huaweicloud_lb_member')]) {
    const pool = poolOf(t, r, r.type === 'huaweicloud_elb_member');
    if (!pool) continue;
    const lr = poolListener.get(pool);
    const l = lr && t.listenerOf.get(lr);
    if (!l) {
      t.note(
        'warning',
        'terraform-pool-without-listener',
        r,
        ['pool_id'],
        `the pool of ${r.address} (${pool.address}) serves no listener of this plan or state: the member receives nothing`,
      );
      continue;
    }
    const instance = memberInstance(t, r);
    if (!instance) continue;
    const members = l.obj.members as Json[];
    const k = members.length;
    const member: Json = { instance, port: num(r.values.protocol_port) ?? 0 };
    const weight = num(r.values.weight);
    if (weight !== undefined && weight !== 1) member.weight = weight;
    // An API member knows its type (IP-type members: IP as a backend); a plan or state does not, and a member in
    // another VPC is one by default.
    // A dedicated member whose subnet_id is empty in a state is an IP-type one (the provider: "if not passed, IP as a
    // backend"); the API's member_type says it outright.
    if (r.values.member_type === 'ip' || (r.type === 'huaweicloud_elb_member' && r.values.subnet_id === '')) member.type = 'ip';
    // API responses know a member's health (a plan or state does not): ONLINE is healthy, OFFLINE (its health check
    // fails) and DISABLED (switched off) take no traffic, and NO_MONITOR (no health check) leaves it to the model.
    const status = r.values.operating_status;
    if (status === 'ONLINE') member.healthy = true;
    else if (status === 'OFFLINE' || status === 'DISABLED') member.healthy = false;
    members.push(member);
    t.from(['loadBalancers', l.lb, 'listeners', l.index, 'members', k], r);
    t.from(['loadBalancers', l.lb, 'listeners', l.index, 'members', k, 'instance'], r, ['address']);
    t.from(['loadBalancers', l.lb, 'listeners', l.index, 'members', k, 'port'], r, ['protocol_port']);
    t.from(['loadBalancers', l.lb, 'listeners', l.index, 'members', k, 'weight'], r, ['weight']);
  }
  readMonitors(t, poolListener);
}

/** The pool a member or monitor names by `pool_id` (a dedicated or a shared one), or undefined, said when unresolved. */
function poolOf(t: Translator, r: TfResource, dedicated: boolean): TfResource | undefined {
  const link = t.links.resolve(r, ['pool_id'], [dedicated ? 'huaweicloud_elb_pool' : 'huaweicloud_lb_pool']);
  const pool = t.single(r, ['pool_id'], link, 'pool');
  if (!pool && link.kind !== 'resources') t.unresolved(r, ['pool_id'], link, 'pool');
  return pool;
}

/** The health-check protocols of the provider's monitors (`protocol` of huaweicloud_elb_monitor, `type` of huaweicloud_lb_monitor). */
const MONITOR_PROTOCOLS: Readonly<Record<string, string>> = { TCP: 'tcp', UDP_CONNECT: 'udp', HTTP: 'http', HTTPS: 'https' };

/** Health checks: a monitor on a pool is the health check of the pool's listener. */
function readMonitors(t: Translator, poolListener: ReadonlyMap<TfResource, TfResource>): void {
  for (const r of [...t.of('huaweicloud_elb_monitor'), ...t.of('huaweicloud_lb_monitor')]) {
    const dedicated = r.type === 'huaweicloud_elb_monitor';
    const pool = poolOf(t, r, dedicated);
    if (!pool) continue;
    const lr = poolListener.get(pool);
    const l = lr && t.listenerOf.get(lr);
    if (!l) continue;
    const attr = dedicated ? 'protocol' : 'type';
    const raw = (str(r.values[attr]) ?? '').toUpperCase();
    const protocol = MONITOR_PROTOCOLS[raw];
    if (!protocol) {
      t.note(
        'warning',
        'terraform-monitor-skipped',
        r,
        [attr],
        `health check ${r.address} is ${raw || 'of no known type'}, which vpcreach does not model (TCP, UDP_CONNECT, HTTP, HTTPS): its listener's members are taken as healthy`,
      );
      continue;
    }
    // Switched off: dedicated monitors' enabled, shared ones' admin_state_up.
    const enabled = (dedicated ? r.values.enabled : r.values.admin_state_up) !== false;
    const port = num(r.values.port);
    l.obj.healthCheck = { ...(enabled ? {} : { enabled: false }), protocol, ...(port !== undefined ? { port } : {}) };
    const at = ['loadBalancers', l.lb, 'listeners', l.index, 'healthCheck'];
    t.from(at, r);
    t.from([...at, 'protocol'], r, [attr]);
    t.from([...at, 'port'], r, ['port']);
    t.from([...at, 'enabled'], r, [dedicated ? 'enabled' : 'admin_state_up']);
  }
}

/** The instance a member's address names: by the instance the configuration references, or by its address. */
function memberInstance(t: Translator, r: TfResource): string | undefined {
  const link = t.links.resolve(r, ['address'], ['huaweicloud_compute_instance', 'huaweicloud_bms_instance']);
  if (link.kind === 'resources' && link.resources.length === 1 && t.instanceOf.has(link.resources[0]!)) return link.resources[0]!.address;
  const address = str(r.values.address);
  if (address) {
    if (!t.instanceByIp) {
      t.instanceByIp = new Map();
      for (const [res, inst] of t.instanceOf) if (!t.instanceByIp.has(String(inst.ip))) t.instanceByIp.set(String(inst.ip), res.address);
    }
    const hit = t.instanceByIp.get(address);
    if (hit) return hit;
  }
  t.note(
    'error',
    'terraform-member-unknown',
    r,
    ['address'],
    `member ${r.address} forwards to ${address ?? 'an address known only after apply'}, which is no instance of this plan or state`,
    'reference the instance (`address = huaweicloud_compute_instance.x.access_ip_v4`) or add it to the configuration',
  );
  return undefined;
}
