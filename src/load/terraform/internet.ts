// EIPs and NAT gateways, as the huaweicloud provider's resources hold them (see translate.ts).
import { formatIpv4 } from '../../net/index.js';
import type { TfResource } from './document.js';
import { isUnknownAt, valueAt } from './links.js';
import type { Translator } from './translate.js';
import { isObject, num, str, type Json } from './common.js';
import { vpcOf } from './routing.js';

/** Where addresses known only after apply are placed: 198.51.100.0/24 (RFC 5737, documentation), one after another. */
const PLACEHOLDER_BASE = 0xc6336400;

/** The resources an EIP can be bound to, by the attribute that names them. */
const BINDABLE = [
  'huaweicloud_compute_instance',
  'huaweicloud_bms_instance',
  'huaweicloud_elb_loadbalancer',
  'huaweicloud_lb_loadbalancer',
  'huaweicloud_networking_port',
];

export function readEips(t: Translator): void {
  const byResource = new Map<TfResource, Json>();
  let placed = 0;
  for (const r of t.of('huaweicloud_vpc_eip')) {
    const attr = str(r.values.address) ? ['address'] : ['publicip', 0, 'ip_address'];
    let address = str(valueAt(r.values, attr));
    const index = t.eips.length;
    if (!address || isUnknownAt(r, attr)) {
      address = formatIpv4(PLACEHOLDER_BASE + 1 + placed++);
      t.note(
        'info',
        'terraform-unknown-address',
        r,
        ['address'],
        `the public address of ${r.address} is known only after apply: vpcreach places it at ${address}, a documentation address; what reaches it is the same whatever address it gets`,
        'set publicip.ip_address to fix the address, or check the state after apply',
      );
    }
    const obj: Json = { id: r.address, address };
    t.eips.push(obj);
    byResource.set(r, obj);
    t.from(['eips', index], r);
    t.from(['eips', index, 'address'], r, attr);
    // Bound in its own block: publicip.port_id.
    if (t.links.willBeSet(r, ['publicip', 0, 'port_id'])) bind(t, r, ['publicip', 0, 'port_id'], obj, index);
  }
  const eipAt = (r: TfResource, attr: readonly (string | number)[]): { obj: Json; index: number } | undefined => {
    const link = t.links.resolve(r, attr, ['huaweicloud_vpc_eip']);
    const eip = t.single(r, attr, link, 'EIP');
    if (!eip) {
      if (link.kind !== 'resources') t.unresolved(r, attr, link, 'EIP');
      return undefined;
    }
    const obj = byResource.get(eip)!;
    return { obj, index: t.eips.indexOf(obj) };
  };
  for (const r of t.of('huaweicloud_vpc_eip_associate')) {
    const eip = eipAt(r, ['public_ip']);
    if (!eip) continue;
    if (t.links.willBeSet(r, ['port_id'], [['fixed_ip'], ['network_id']])) bind(t, r, ['port_id'], eip.obj, eip.index);
    else {
      // A fixed address in a subnet: the instance that has it.
      const ip = str(r.values.fixed_ip);
      const inst = ip ? t.instances.find((i) => i.ip === ip) : undefined;
      if (inst) {
        eip.obj.instance = inst.id;
        t.from(['eips', eip.index, 'instance'], r, ['fixed_ip']);
      } else
        t.note(
          'warning',
          'terraform-eip-unbound',
          r,
          ['fixed_ip'],
          `${r.address} binds ${String(eip.obj.id)} to ${ip ?? 'an address'} that no instance of this plan or state has: vpcreach leaves it unbound`,
        );
    }
  }
  for (const r of t.of('huaweicloud_compute_eip_associate')) {
    const eip = eipAt(r, ['public_ip']);
    if (eip) bind(t, r, ['instance_id'], eip.obj, eip.index);
  }
  // A dedicated load balancer takes its IPv4 EIP by id.
  for (const r of t.of('huaweicloud_elb_loadbalancer')) {
    if (!t.links.willBeSet(r, ['ipv4_eip_id']) || !t.lbOf.has(r)) continue;
    const eip = eipAt(r, ['ipv4_eip_id']);
    if (!eip) continue;
    eip.obj.loadBalancer = r.address;
    t.from(['eips', eip.index, 'loadBalancer'], r, ['ipv4_eip_id']);
  }
}

/** Binds an EIP to the instance or load balancer an attribute names (by its NIC or address port, or its id). */
function bind(t: Translator, r: TfResource, attr: readonly (string | number)[], eip: Json, index: number): void {
  const link = t.links.resolve(r, attr, BINDABLE);
  let target = link.kind === 'resources' && link.resources.length === 1 ? link.resources[0]! : undefined;
  if (target?.type === 'huaweicloud_networking_port') {
    const ips = Array.isArray(target.values.fixed_ip) ? target.values.fixed_ip.filter(isObject).map((f) => str(f.ip_address)) : [];
    target = [...t.instanceOf].find(([, inst]) => ips.includes(inst.ip as string))?.[0];
  }
  if (target && t.instanceOf.has(target)) {
    eip.instance = target.address;
    t.from(['eips', index, 'instance'], r, attr);
  } else if (target && t.lbOf.has(target)) {
    eip.loadBalancer = target.address;
    t.from(['eips', index, 'loadBalancer'], r, attr);
  } else
    t.note(
      'warning',
      'terraform-eip-unbound',
      r,
      attr,
      `${String(attr.join('.'))} of ${r.address} names no instance NIC or load balancer port of this plan or state: vpcreach leaves ${String(eip.id)} unbound`,
      "reference it from the configuration: `port_id = huaweicloud_compute_instance.x.network[0].port`, or a load balancer's `ipv4_port_id` / `vip_port_id`",
    );
}

export function readNatGateways(t: Translator): void {
  const byResource = new Map<TfResource, { obj: Json; index: number }>();
  const eipIds = new Map(t.eips.map((e) => [String(e.id), e]));
  for (const r of t.of('huaweicloud_nat_gateway')) {
    const vpc = vpcOf(t, r, 'vpc_id');
    if (vpc === undefined) continue;
    const link = t.links.resolve(r, ['subnet_id'], ['huaweicloud_vpc_subnet']);
    const subnet = t.single(r, ['subnet_id'], link, 'subnet');
    if (!subnet) {
      if (link.kind !== 'resources') t.unresolved(r, ['subnet_id'], link, 'subnet');
      continue;
    }
    const index = t.natGateways.length;
    const obj: Json = { id: r.address, vpc, subnet: subnet.address, snatRules: [], dnatRules: [] };
    t.natGateways.push(obj);
    byResource.set(r, { obj, index });
    t.from(['natGateways', index], r);
    t.from(['natGateways', index, 'vpc'], r, ['vpc_id']);
    t.from(['natGateways', index, 'subnet'], r, ['subnet_id']);
  }
  const gatewayOf = (r: TfResource): { obj: Json; index: number } | undefined => {
    const link = t.links.resolve(r, ['nat_gateway_id'], ['huaweicloud_nat_gateway']);
    const g = t.single(r, ['nat_gateway_id'], link, 'NAT gateway');
    if (!g) {
      if (link.kind !== 'resources') t.unresolved(r, ['nat_gateway_id'], link, 'NAT gateway');
      return undefined;
    }
    return byResource.get(g);
  };
  const eipsOf = (r: TfResource): string[] | undefined => {
    const link = t.links.resolve(r, ['floating_ip_id'], ['huaweicloud_vpc_eip']);
    let ids = link.kind === 'resources' ? link.resources.map((x) => x.address).filter((a) => eipIds.has(a)) : [];
    // A state writes several EIPs as one comma-separated string of ids.
    const text = str(r.values.floating_ip_id);
    if (ids.length === 0 && text?.includes(','))
      ids = text.split(',').flatMap((id) => {
        const e = t.links.byKnownId(id.trim(), ['huaweicloud_vpc_eip']);
        return e && eipIds.has(e.address) ? [e.address] : [];
      });
    if (ids.length === 0) {
      t.unresolved(r, ['floating_ip_id'], link, 'EIP');
      return undefined;
    }
    return ids;
  };
  for (const r of t.of('huaweicloud_nat_snat_rule')) {
    const g = gatewayOf(r);
    const eips = g && eipsOf(r);
    if (!g || !eips) continue;
    const rules = g.obj.snatRules as Json[];
    const path = ['natGateways', g.index, 'snatRules', rules.length];
    const rule: Json = { eips };
    if (t.links.willBeSet(r, ['subnet_id'], [['cidr']]) || t.links.willBeSet(r, ['network_id'], [['cidr']])) {
      const attr = t.links.willBeSet(r, ['subnet_id'], [['cidr']]) ? 'subnet_id' : 'network_id';
      const link = t.links.resolve(r, [attr], ['huaweicloud_vpc_subnet']);
      const subnet = t.single(r, [attr], link, 'subnet');
      if (!subnet) {
        if (link.kind !== 'resources') t.unresolved(r, [attr], link, 'subnet');
        continue;
      }
      rule.subnet = subnet.address;
      t.from([...path, 'subnet'], r, [attr]);
    } else {
      rule.cidr = str(r.values.cidr) ?? '';
      t.from([...path, 'cidr'], r, ['cidr']);
    }
    rules.push(rule);
    t.from(path, r);
    t.from([...path, 'eips'], r, ['floating_ip_id']);
  }
  for (const r of t.of('huaweicloud_nat_dnat_rule')) {
    const g = gatewayOf(r);
    const eips = g && eipsOf(r);
    if (!g || !eips) continue;
    const rules = g.obj.dnatRules as Json[];
    const path = ['natGateways', g.index, 'dnatRules', rules.length];
    const protocol = (str(r.values.protocol) ?? 'any').toLowerCase();
    const rule: Json = { eip: eips[0], protocol };
    if (protocol !== 'any') {
      rule.externalPort = num(r.values.external_service_port) ?? 0;
      rule.internalPort = num(r.values.internal_service_port) ?? 0;
      t.from([...path, 'externalPort'], r, ['external_service_port']);
      t.from([...path, 'internalPort'], r, ['internal_service_port']);
    }
    if (t.links.willBeSet(r, ['port_id'], [['private_ip']])) {
      const link = t.links.resolve(r, ['port_id'], BINDABLE);
      const target = link.kind === 'resources' && link.resources.length === 1 ? link.resources[0]! : undefined;
      if (!target || !t.instanceOf.has(target)) {
        t.note(
          'error',
          'terraform-unresolved-reference',
          r,
          ['port_id'],
          `port_id of ${r.address} names no instance NIC of this plan or state: vpcreach leaves the rule out`,
        );
        continue;
      }
      rule.instance = target.address;
      t.from([...path, 'instance'], r, ['port_id']);
    } else {
      rule.privateIp = str(r.values.private_ip) ?? '';
      t.from([...path, 'privateIp'], r, ['private_ip']);
    }
    rules.push(rule);
    t.from(path, r);
    t.from([...path, 'eip'], r, ['floating_ip_id']);
    t.from([...path, 'protocol'], r, ['protocol']);
  }
  addNatDefaultRoutes(t, byResource);
}

/**
 * The route the cloud adds when a VPC's first public NAT gateway is created: `0.0.0.0/0 → the gateway` in the VPC's
 * default route table, unless that table already has a 0.0.0.0/0 route. Terraform holds no resource for it.
 */
function addNatDefaultRoutes(t: Translator, gateways: ReadonlyMap<TfResource, { obj: Json; index: number }>): void {
  const done = new Set<string>();
  for (const [r, { obj }] of gateways) {
    const vpc = String(obj.vpc);
    if (done.has(vpc)) continue;
    done.add(vpc);
    let table = t.routeTables.find((x) => x.default === true && x.vpc === vpc);
    const routes = (table?.routes ?? []) as Json[];
    if (routes.some((x) => x.destination === '0.0.0.0/0')) continue;
    if (!table) {
      table = { id: `${vpc}.default_route_table`, vpc, default: true, routes: [] };
      t.routeTables.push(table);
      t.from(['routeTables', t.routeTables.length - 1], r);
    }
    const index = t.routeTables.indexOf(table);
    const list = table.routes as Json[];
    t.from(['routeTables', index, 'routes', list.length], r);
    list.push({ destination: '0.0.0.0/0', type: 'nat', nextHop: obj.id, description: 'added by the cloud with the VPC’s first NAT gateway' });
    t.note(
      'info',
      'terraform-nat-default-route',
      r,
      [],
      `the cloud adds 0.0.0.0/0 → ${r.address} to the default route table of ${vpc} when the VPC's first NAT gateway is created: vpcreach adds it too (Terraform holds no resource for it)`,
    );
  }
}
