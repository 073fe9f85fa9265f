/**
 * A model document as the Terraform state of the huaweicloud provider that would describe it (`terraform show -json`
 * of a state, format 1.0): one resource per VPC, subnet, security group, rule, network ACL, instance, load balancer,
 * listener, pool, member, endpoint service, endpoint, peering connection, custom route table (a default table's
 * routes one `huaweicloud_vpc_route` each), EIP, NAT gateway and SNAT and DNAT rule, with made-up but consistent ids. For trying the importer on
 * large networks (`vpcreach generate --format terraform-state`) and for checking it: importing the state gives back
 * the model, with Terraform addresses as ids.
 *
 * What a state cannot say is left out: accounts (a state is one account's), unhealthy members, a blacklist on a
 * shared listener.
 */

import { defaultHealthCheckProtocol } from '../model/index.js';

type Doc = Record<string, unknown>;
type Json = Record<string, unknown>;

const PROVIDER = 'registry.terraform.io/huaweicloud/huaweicloud';

/** A Terraform resource name for a model id (letters, digits, `_` and `-`, not starting with a digit). */
function terraformName(id: string): string {
  const n = id.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(n) ? n : `r_${n}`;
}

/** The state, and the address each model id became. */
export function toTerraformState(doc: Doc): { state: Json; addresses: Map<string, string> } {
  const resources: Json[] = [];
  const addresses = new Map<string, string>();
  let serial = 0;
  const uuid = (): string => {
    const n = (++serial).toString(16).padStart(12, '0');
    return `00000000-0000-4000-8000-${n}`;
  };
  const used = new Set<string>();
  const add = (type: string, id: string, values: Json): string => {
    let name = terraformName(id);
    while (used.has(`${type}.${name}`)) name = `${name}_`;
    used.add(`${type}.${name}`);
    const address = `${type}.${name}`;
    resources.push({ address, mode: 'managed', type, name, provider_name: PROVIDER, schema_version: 0, values, sensitive_values: {} });
    return address;
  };
  const list = (k: string): Json[] => (Array.isArray(doc[k]) ? (doc[k] as Json[]) : []);
  const region = typeof doc.region === 'string' ? doc.region : undefined;
  const ids = new Map<string, string>();
  const idOf = (modelId: unknown): string => {
    const k = String(modelId);
    let v = ids.get(k);
    if (!v) ids.set(k, (v = uuid()));
    return v;
  };
  const v4 = (subnet: unknown): string => idOf(`${String(subnet)}\u0000v4`);
  const portOf = (resource: unknown): string => idOf(`${String(resource)}\u0000port`);
  const portSpec = (p: unknown): string => {
    const one = (x: unknown): string => (typeof x === 'number' || typeof x === 'string' ? String(x) : '');
    return Array.isArray(p) ? p.map(one).join(',') : one(p);
  };

  for (const vpc of list('vpcs')) {
    addresses.set(String(vpc.id), add('huaweicloud_vpc', String(vpc.id), { id: idOf(vpc.id), name: vpc.id, cidr: vpc.cidr, ...(region ? { region } : {}) }));
    for (const s of Array.isArray(vpc.subnets) ? (vpc.subnets as Json[]) : [])
      addresses.set(
        String(s.id),
        add('huaweicloud_vpc_subnet', String(s.id), { id: idOf(s.id), ipv4_subnet_id: v4(s.id), name: s.id, cidr: s.cidr, vpc_id: idOf(vpc.id) }),
      );
  }
  for (const g of list('securityGroups')) {
    addresses.set(String(g.id), add('huaweicloud_networking_secgroup', String(g.id), { id: idOf(g.id), name: g.id, delete_default_rules: true }));
    (Array.isArray(g.rules) ? (g.rules as Json[]) : []).forEach((r, i) => {
      const ingress = r.direction === 'ingress';
      const peer = ingress ? r.source : r.destination;
      const peerGroup = ingress ? r.sourceGroup : r.destinationGroup;
      // An ICMP rule names one type (port_range_min): a rule of several types is one resource per type.
      const icmpTypes = r.protocol === 'icmp' && r.ports !== undefined ? icmpTypesOf(r.ports) : [null];
      icmpTypes.forEach((type, k) =>
        add('huaweicloud_networking_secgroup_rule', `${String(g.id)}_${i}${k ? `_${k}` : ''}`, {
          id: uuid(),
          security_group_id: idOf(g.id),
          direction: r.direction,
          ethertype: 'IPv4',
          protocol: r.protocol === undefined || r.protocol === 'any' ? '' : r.protocol,
          ports: r.protocol === 'icmp' ? '' : portSpec(r.ports),
          ...(type !== null ? { port_range_min: type, port_range_max: typeof r.icmpCode === 'number' ? r.icmpCode : 0 } : {}),
          remote_ip_prefix: peer === undefined ? '' : peer,
          remote_group_id: peerGroup === undefined ? '' : idOf(peerGroup),
          action: r.action ?? 'allow',
          priority: r.priority ?? 1,
          description: r.description ?? '',
        }),
      );
    });
  }
  const aclSubnets = new Map<string, string[]>();
  for (const vpc of list('vpcs'))
    for (const s of Array.isArray(vpc.subnets) ? (vpc.subnets as Json[]) : [])
      if (typeof s.networkAcl === 'string') aclSubnets.set(s.networkAcl, [...(aclSubnets.get(s.networkAcl) ?? []), idOf(s.id)]);
  for (const a of list('networkAcls')) {
    // Terraform's ACL rules are in evaluation order: the model's priority, then file order.
    const rules = (k: string): Json[] =>
      (Array.isArray(a[k]) ? (a[k] as Json[]) : [])
        .map((r, i) => ({ r, i }))
        .sort((x, y) => Number(x.r.priority ?? 1) - Number(y.r.priority ?? 1) || x.i - y.i)
        .map(({ r }) => ({
          action: r.action,
          protocol: r.protocol ?? 'any',
          ip_version: 4,
          source_ip_address: r.source ?? '0.0.0.0/0',
          destination_ip_address: r.destination ?? '0.0.0.0/0',
          destination_port: portSpec(r.ports),
          source_port: portSpec(r.sourcePorts),
          description: r.description ?? '',
          enabled: r.enabled !== false,
        }));
    addresses.set(
      String(a.id),
      add('huaweicloud_vpc_network_acl', String(a.id), {
        id: idOf(a.id),
        name: a.id,
        enabled: a.enabled !== false,
        ingress_rules: rules('inbound'),
        egress_rules: rules('outbound'),
        associated_subnets: (aclSubnets.get(String(a.id)) ?? []).map((subnet_id) => ({ subnet_id })),
      }),
    );
  }
  for (const i of list('instances')) {
    const tags = Array.isArray(i.listens) ? { vpcreach_listens: (i.listens as unknown[]).map(String).join(',') } : {};
    const groups = (Array.isArray(i.securityGroups) ? i.securityGroups : []).map(idOf);
    const values =
      i.kind === 'bms'
        ? { id: idOf(i.id), name: i.id, security_groups: groups, tags, nics: [{ subnet_id: idOf(i.subnet), ip_address: i.ip, port_id: portOf(i.id) }] }
        : { id: idOf(i.id), name: i.id, security_group_ids: groups, tags, network: [{ uuid: idOf(i.subnet), fixed_ip_v4: i.ip, port: portOf(i.id) }] };
    addresses.set(String(i.id), add(i.kind === 'bms' ? 'huaweicloud_bms_instance' : 'huaweicloud_compute_instance', String(i.id), values));
  }
  const ipOf = new Map(list('instances').map((i) => [String(i.id), i.ip]));
  const subnetOfInstance = new Map(list('instances').map((i) => [String(i.id), String(i.subnet)]));
  for (const lb of list('loadBalancers')) {
    const dedicated = lb.kind === 'dedicated';
    addresses.set(
      String(lb.id),
      dedicated
        ? add('huaweicloud_elb_loadbalancer', String(lb.id), {
            id: idOf(lb.id),
            name: lb.id,
            ipv4_subnet_id: v4(lb.subnet),
            ipv4_address: lb.ip,
            ipv4_port_id: portOf(lb.id),
            cross_vpc_backend: lb.ipAsBackend === true,
          })
        : add('huaweicloud_lb_loadbalancer', String(lb.id), {
            id: idOf(lb.id),
            name: lb.id,
            vip_subnet_id: v4(lb.subnet),
            vip_address: lb.ip,
            vip_port_id: portOf(lb.id),
          }),
    );
    const p = dedicated ? 'huaweicloud_elb' : 'huaweicloud_lb';
    for (const l of Array.isArray(lb.listeners) ? (lb.listeners as Json[]) : []) {
      const ac = (l.accessControl ?? { mode: 'all' }) as Json;
      const cidrs = Array.isArray(ac.cidrs) ? (ac.cidrs as string[]) : [];
      const listener: Json = {
        id: idOf(l.id),
        name: l.id,
        protocol: String(l.protocol).toUpperCase(),
        protocol_port: l.port,
        loadbalancer_id: idOf(lb.id),
        default_pool_id: idOf(`${String(l.id)}\u0000pool`),
        ...(!dedicated && typeof l.transferClientIp === 'boolean' ? { transparent_client_ip_enable: l.transferClientIp } : {}),
      };
      if (dedicated && (ac.mode === 'whitelist' || ac.mode === 'blacklist' || cidrs.length)) {
        add('huaweicloud_elb_ipgroup', `${String(l.id)}_ipgroup`, {
          id: idOf(`${String(l.id)}\u0000ipgroup`),
          ip_list: cidrs.map((ip) => ({ ip, description: '' })),
        });
        listener.access_policy = ac.mode === 'blacklist' ? 'black' : 'white';
        listener.ip_group = idOf(`${String(l.id)}\u0000ipgroup`);
        // A list with the switch off (mode all): the group stays named, not enforced.
        listener.ip_group_enable = ac.mode !== 'all';
      }
      addresses.set(String(l.id), add(`${p}_listener`, String(l.id), listener));
      if (!dedicated && (ac.mode === 'whitelist' || (ac.mode === 'all' && cidrs.length)))
        add('huaweicloud_lb_whitelist', `${String(l.id)}_whitelist`, {
          id: uuid(),
          listener_id: idOf(l.id),
          enable_whitelist: ac.mode === 'whitelist',
          whitelist: cidrs.join(','),
        });
      add(`${p}_pool`, `${String(l.id)}_pool`, {
        id: idOf(`${String(l.id)}\u0000pool`),
        name: `${String(l.id)}-pool`,
        protocol: String(l.protocol).toUpperCase(),
        lb_method: 'ROUND_ROBIN',
      });
      const hc = l.healthCheck as Json | undefined;
      if (hc) {
        const protocol = typeof hc.protocol === 'string' ? hc.protocol : defaultHealthCheckProtocol(String(l.protocol));
        const type = protocol === 'udp' ? 'UDP_CONNECT' : protocol.toUpperCase();
        add(`${p}_monitor`, `${String(l.id)}_monitor`, {
          id: uuid(),
          pool_id: idOf(`${String(l.id)}\u0000pool`),
          [dedicated ? 'protocol' : 'type']: type,
          [dedicated ? 'interval' : 'delay']: 5,
          timeout: 3,
          max_retries: 3,
          ...(typeof hc.port === 'number' ? { port: hc.port } : {}),
          [dedicated ? 'enabled' : 'admin_state_up']: hc.enabled !== false,
        });
      }
      (Array.isArray(l.members) ? (l.members as Json[]) : []).forEach((m, k) => {
        if (m.healthy === false) return;
        add(`${p}_member`, `${String(l.id)}_member_${k}`, {
          id: uuid(),
          pool_id: idOf(`${String(l.id)}\u0000pool`),
          address: ipOf.get(String(m.instance)),
          protocol_port: m.port,
          weight: m.weight ?? 1,
          // A dedicated member without a subnet is an IP-type one (the provider: IP as a backend).
          ...(dedicated ? { subnet_id: m.type === 'ip' ? '' : v4(subnetOfInstance.get(String(m.instance))) } : {}),
        });
      });
    }
  }
  for (const s of list('endpointServices')) {
    const b = s.backend as Json;
    const elb = b.kind === 'elb';
    addresses.set(
      String(s.id),
      add('huaweicloud_vpcep_service', String(s.id), {
        id: idOf(s.id),
        ...(typeof s.name === 'string' ? { name: s.name } : {}),
        server_type: elb ? 'LB' : 'VM',
        vpc_id: idOf(s.vpc),
        port_id: portOf(elb ? b.loadBalancer : b.instance),
        approval: s.approval !== false,
        permissions: Array.isArray(s.permissions) ? s.permissions : [],
        port_mapping: (Array.isArray(s.portMappings) ? (s.portMappings as Json[]) : []).map((m) => ({
          protocol: 'TCP',
          service_port: m.servicePort,
          terminal_port: m.terminalPort,
        })),
        ...(s.tags ? { tags: s.tags } : {}),
      }),
    );
  }
  for (const e of list('endpoints')) {
    addresses.set(
      String(e.id),
      add('huaweicloud_vpcep_endpoint', String(e.id), {
        id: idOf(e.id),
        service_id: idOf(e.service),
        vpc_id: idOf(e.vpc),
        network_id: idOf(e.subnet),
        ip_address: e.ip,
        ...(typeof e.status === 'string' ? { status: e.status } : {}),
        enable_whitelist: Array.isArray(e.whitelist) && e.whitelistEnabled !== false,
        whitelist: Array.isArray(e.whitelist) ? e.whitelist : [],
      }),
    );
  }
  // A state is one account's: each connection's status is written out (a model's default depends on its accounts).
  const accountOf = new Map(list('vpcs').map((v) => [String(v.id), typeof v.account === 'string' ? v.account : 'default']));
  const STATUS: Record<string, string> = {
    active: 'ACTIVE',
    pendingAcceptance: 'PENDING_ACCEPTANCE',
    rejected: 'REJECTED',
    expired: 'EXPIRED',
    deleted: 'DELETED',
  };
  for (const p of list('peerings')) {
    const status = typeof p.status === 'string' ? p.status : accountOf.get(String(p.vpc)) === accountOf.get(String(p.peerVpc)) ? 'active' : 'pendingAcceptance';
    addresses.set(
      String(p.id),
      add('huaweicloud_vpc_peering_connection', String(p.id), {
        id: idOf(p.id),
        name: p.id,
        vpc_id: idOf(p.vpc),
        peer_vpc_id: idOf(p.peerVpc),
        peer_tenant_id: '',
        status: STATUS[status] ?? status,
      }),
    );
  }
  const natIds = new Set(list('natGateways').map((g) => String(g.id)));
  // EIPs, bound by their own block (publicip.port_id: an instance's NIC or a load balancer's address port).
  for (const e of list('eips')) {
    const bound = e.instance ?? e.loadBalancer;
    addresses.set(
      String(e.id),
      add('huaweicloud_vpc_eip', String(e.id), {
        id: idOf(e.id),
        name: e.id,
        address: e.address,
        publicip: [{ type: '5_bgp', ip_address: e.address, port_id: bound === undefined ? '' : portOf(bound) }],
      }),
    );
  }
  for (const g of list('natGateways')) {
    addresses.set(
      String(g.id),
      add('huaweicloud_nat_gateway', String(g.id), { id: idOf(g.id), name: g.id, vpc_id: idOf(g.vpc), subnet_id: idOf(g.subnet), spec: '1' }),
    );
    (Array.isArray(g.snatRules) ? (g.snatRules as Json[]) : []).forEach((r, k) =>
      add('huaweicloud_nat_snat_rule', `${String(g.id)}_snat_${k}`, {
        id: uuid(),
        nat_gateway_id: idOf(g.id),
        floating_ip_id: (Array.isArray(r.eips) ? r.eips : []).map(idOf).join(','),
        subnet_id: r.subnet === undefined ? '' : idOf(r.subnet),
        cidr: r.cidr ?? '',
        source_type: 0,
      }),
    );
    (Array.isArray(g.dnatRules) ? (g.dnatRules as Json[]) : []).forEach((r, k) =>
      add('huaweicloud_nat_dnat_rule', `${String(g.id)}_dnat_${k}`, {
        id: uuid(),
        nat_gateway_id: idOf(g.id),
        floating_ip_id: idOf(r.eip),
        protocol: r.protocol,
        external_service_port: r.externalPort ?? 0,
        internal_service_port: r.internalPort ?? 0,
        port_id: r.instance === undefined ? '' : portOf(r.instance),
        private_ip: r.privateIp ?? '',
      }),
    );
  }
  const route = (r: Json): Json => ({
    destination: r.destination,
    type: r.type,
    nexthop: r.type === 'peering' || (r.type === 'nat' && natIds.has(String(r.nextHop))) ? idOf(r.nextHop) : r.nextHop,
    description: r.description ?? '',
  });
  for (const t of list('routeTables')) {
    const routes = Array.isArray(t.routes) ? (t.routes as Json[]) : [];
    if (t.default === true) {
      // The default table is the VPC's own: Terraform holds its routes one resource each.
      routes.forEach((r, k) =>
        add('huaweicloud_vpc_route', `${String(t.id)}_${k}`, { id: uuid(), vpc_id: idOf(t.vpc), route_table_id: idOf(t.id), ...route(r) }),
      );
      continue;
    }
    addresses.set(
      String(t.id),
      add('huaweicloud_vpc_route_table', String(t.id), {
        id: idOf(t.id),
        name: t.id,
        vpc_id: idOf(t.vpc),
        subnets: (Array.isArray(t.subnets) ? t.subnets : []).map(idOf),
        route: routes.map(route),
      }),
    );
  }
  return { state: { format_version: '1.0', terraform_version: '1.9.8', values: { root_module: { resources } } }, addresses };
}

/** The state as `terraform show -json` would print it, but one resource per line (so positions stay useful). */
export function formatTerraformState(state: Json): string {
  const values = state.values as { root_module: { resources: Json[] } };
  const head = JSON.stringify({ format_version: state.format_version, terraform_version: state.terraform_version });
  return `${head.slice(0, -1)},"values":{"root_module":{"resources":[\n${values.root_module.resources.map((r) => JSON.stringify(r)).join(',\n')}\n]}}}\n`;
}

/** The ICMP types a model rule's `ports` lists (a number, "lo-hi", a comma list or an array of them). */
function icmpTypesOf(ports: unknown): number[] {
  const items = Array.isArray(ports) ? (ports as unknown[]) : String(ports).split(',');
  const out: number[] = [];
  for (const item of items) {
    const [lo, hi] = String(item)
      .split('-')
      .map((x) => Number(x.trim()));
    for (let t = lo!; t <= (hi ?? lo!); t++) out.push(t);
  }
  return out;
}
