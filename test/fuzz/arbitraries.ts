import { fc } from '@fast-check/vitest';
import { FAST_RUNS, FAST_TIER } from '../helpers/tier.js';

/**
 * Cases per property: FUZZ_RUNS (set by `npm run fuzz -- --runs N`), else the default of the normal test run, at most
 * FAST_RUNS in the fast tier.
 */
export function runs(defaultRuns: number): { numRuns: number; seed?: number } {
  const n = Number(process.env.FUZZ_RUNS);
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  const normal = FAST_TIER ? Math.min(defaultRuns, FAST_RUNS) : defaultRuns;
  return { numRuns: Number.isInteger(n) && n > 0 ? n : normal, ...(seed !== undefined && Number.isInteger(seed) ? { seed } : {}) };
}

const PEERS = [
  '0.0.0.0/0',
  '198.19.128.0/17',
  '198.19.128.0/18',
  '198.19.192.0/18',
  '100.125.0.0/16',
  '10.0.0.0/8',
  '10.1.0.0/16',
  '10.0.1.0/24',
  '192.168.0.0/16',
  '10.0.1.10',
  // Part of the internet (an office's block): its flows get in, the rest of the internet's do not.
  '198.51.100.0/24',
];
const PORTS = [22, 80, 81, 443, 5432, 8080];

const protocolArb = fc.constantFrom('tcp', 'udp', 'icmp', 'any');
const portsFor = (protocol: string): fc.Arbitrary<number | string | (number | string)[] | undefined> =>
  protocol === 'tcp' || protocol === 'udp'
    ? fc.option(fc.oneof(fc.constantFrom(...PORTS), fc.constant('8000-8100'), fc.constant('1-1024'), fc.constant<(number | string)[]>([80, '440-450'])), {
        nil: undefined,
      })
    : protocol === 'icmp'
      ? fc.option(fc.constantFrom<number | string | (number | string)[]>(8, 0, 3, 11, '0-8', [3, 11]), { nil: undefined })
      : fc.constant(undefined);

/** A security-group rule; `groups` are the ids a group rule may name. */
function sgRuleArb(groups: string[]) {
  return fc
    .record({
      direction: fc.constantFrom('ingress', 'egress'),
      protocol: protocolArb,
      action: fc.constantFrom('allow', 'allow', 'deny'),
      priority: fc.integer({ min: 1, max: 100 }),
      peer: fc.oneof(fc.constantFrom(...PEERS), fc.constantFrom(...groups.map((g) => `group:${g}`))),
      // An ICMP rule of one type: mostly every code; one its type defines (some of 0-15 of type 3, 0-1 of type 11), or
      // none (8 and 0 define code 0 only).
      icmpCode: fc.constantFrom<number | undefined>(undefined, undefined, undefined, 0, 1, 4),
    })
    .chain((r) => portsFor(r.protocol).map((ports) => ({ ...r, ports })))
    .map((r) => {
      const ingress = r.direction === 'ingress';
      const peer = r.peer.startsWith('group:')
        ? { [ingress ? 'sourceGroup' : 'destinationGroup']: r.peer.slice(6) }
        : { [ingress ? 'source' : 'destination']: r.peer };
      return {
        direction: r.direction,
        protocol: r.protocol,
        action: r.action,
        priority: r.priority,
        ...(r.ports !== undefined ? { ports: r.ports } : {}),
        ...(r.icmpCode !== undefined && r.protocol === 'icmp' && typeof r.ports === 'number' ? { icmpCode: r.icmpCode } : {}),
        ...peer,
      };
    });
}

const aclRuleArb = fc
  .record({
    priority: fc.integer({ min: 1, max: 20 }),
    action: fc.constantFrom('allow', 'allow', 'deny'),
    protocol: protocolArb,
    source: fc.constantFrom(...PEERS),
    destination: fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '10.0.1.0/24', '192.168.0.0/16'),
    // One rule in six switched off: kept, never matching.
    off: fc.constantFrom(false, false, false, false, false, true),
    // Source ports (TCP and UDP rules): mostly none; all a sender picks, part of them, none of them, or a list.
    sourcePorts: fc.constantFrom<string | (string | number)[] | undefined>(
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      '1024-65535',
      '32768-60999',
      '49152-65535',
      '1-1023',
      [80, '40000-50000'],
    ),
  })
  .chain(({ off, sourcePorts, ...r }) =>
    portsFor(r.protocol).map((ports) => ({
      ...r,
      ...(ports !== undefined ? { ports } : {}),
      ...(sourcePorts !== undefined && (r.protocol === 'tcp' || r.protocol === 'udp') ? { sourcePorts } : {}),
      ...(off ? { enabled: false } : {}),
    })),
  );

/**
 * Random valid models: VPCs with subnets, groups with priorities and deny rules, ACLs, ECS/BMS instances,
 * shared/dedicated load balancers with listeners and members, endpoint services and endpoints, peering connections
 * and route tables. Every
 * reference resolves and every address is unique and inside its subnet, so the model passes validation.
 */
export const validModelArb = fc
  .record({
    vpcCount: fc.integer({ min: 1, max: 3 }),
    subnetCounts: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }),
    accounts: fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 3, maxLength: 3 }),
    aclCount: fc.integer({ min: 0, max: 2 }),
    groupCount: fc.integer({ min: 1, max: 4 }),
    seedInts: fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
  })
  .chain((shape) => {
    const groups = Array.from({ length: shape.groupCount }, (_, i) => `sg-${i}`);
    const acls = Array.from({ length: shape.aclCount }, (_, i) => `acl-${i}`);
    const subnets: { id: string; vpc: string; base: string }[] = [];
    const vpcs = Array.from({ length: shape.vpcCount }, (_, v) => {
      const subs = Array.from({ length: shape.subnetCounts[v]! }, (_, j) => {
        const s = { id: `subnet-${v}-${j}`, vpc: `vpc-${v}`, base: `10.${v}.${j + 1}` };
        subnets.push(s);
        const acl = acls.length ? acls[(shape.seedInts[v * 3 + j]! % (acls.length + 1)) - 1] : undefined;
        return { id: s.id, cidr: `${s.base}.0/24`, ...(acl ? { networkAcl: acl } : {}) };
      });
      return { id: `vpc-${v}`, account: shape.accounts[v]!, cidr: `10.${v}.0.0/16`, subnets: subs };
    });
    return fc
      .record({
        // Every other group ends with Huawei's default egress (anywhere, last): as in real tenants, most flows get out.
        // Every third admits the whole internet on SSH and HTTPS, last: what an EIP or a DNAT rule exposes.
        securityGroups: fc.tuple(
          ...groups.map((g, k) =>
            fc.array(sgRuleArb(groups), { maxLength: 5 }).map((rules) => ({
              id: g,
              rules: [
                ...rules,
                ...(k % 2 === 0 ? [{ direction: 'egress', priority: 100 }] : []),
                ...(k % 3 === 1 ? [{ direction: 'ingress', protocol: 'tcp', ports: [22, 443], source: '0.0.0.0/0', priority: 100 }] : []),
              ],
            })),
          ),
        ),
        networkAcls: acls.length
          ? fc.tuple(
              ...acls.map((a) =>
                // One ACL in five switched off: bound, filtering nothing.
                fc
                  .record({
                    inbound: fc.array(aclRuleArb, { maxLength: 4 }),
                    outbound: fc.array(aclRuleArb, { maxLength: 3 }),
                    off: fc.integer({ min: 0, max: 4 }),
                  })
                  .map(({ off, ...r }) => ({ id: a, ...(off === 0 ? { enabled: false } : {}), ...r })),
              ),
            )
          : fc.constant([]),
        instances: fc.array(
          fc.record({
            subnet: fc.constantFrom(...subnets),
            kind: fc.constantFrom('ecs', 'ecs', 'bms'),
            groups: fc.subarray(groups, { minLength: 1 }),
            listens: fc.option(fc.subarray(PORTS), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 7 },
        ),
        lbs: fc.array(
          fc.record({
            subnet: fc.constantFrom(...subnets),
            kind: fc.constantFrom('shared', 'dedicated'),
            ipAsBackend: fc.boolean(),
            listeners: fc.subarray([80, 81, 443, 8080], { minLength: 1 }),
            protocols: fc.array(fc.constantFrom('tcp', 'http', 'https', 'udp'), { minLength: 4, maxLength: 4 }),
            acl: fc.constantFrom('all', 'whitelist', 'blacklist'),
            aclCidrs: fc.subarray(['198.19.128.0/17', '198.19.128.0/18', '192.168.0.0/16', '10.0.0.0/8']),
            // Health said by the model (true, false) or left to the health check (undefined).
            members: fc.array(
              fc.record({
                pick: fc.nat(),
                port: fc.constantFrom(...PORTS),
                healthy: fc.constantFrom(true, false, undefined, undefined),
                weight: fc.constantFrom(0, 1, 1, 5),
                ipType: fc.boolean(),
              }),
              { maxLength: 3 },
            ),
            // Transfer Client IP per listener: said on or off, or left to the default.
            tcip: fc.array(fc.constantFrom(undefined, true, false), { minLength: 4, maxLength: 4 }),
            // A health check per listener, or none; switched off one time in four; on a member's port or its own.
            checks: fc.array(
              fc.option(
                fc.record({
                  enabled: fc.constantFrom(true, true, true, false),
                  http: fc.boolean(),
                  port: fc.option(fc.constantFrom(...PORTS), { nil: undefined }),
                }),
                {
                  nil: undefined,
                },
              ),
              { minLength: 4, maxLength: 4 },
            ),
          }),
          { maxLength: 2 },
        ),
        services: fc.array(
          fc.record({
            vpc: fc.nat(),
            backendPick: fc.nat(),
            approval: fc.boolean(),
            permissions: fc.subarray(['*', 'iam:domain::a', 'iam:domain::b', 'iam:domain::c']),
            mappings: fc.subarray(PORTS, { minLength: 1 }),
            servicePorts: fc.array(fc.constantFrom(...PORTS, 80, 81, 443), { minLength: 6, maxLength: 6 }),
          }),
          { maxLength: 3 },
        ),
        endpoints: fc.array(
          fc.record({
            subnet: fc.constantFrom(...subnets),
            service: fc.nat(),
            status: fc.option(fc.constantFrom('accepted', 'accepted', 'pendingAcceptance', 'rejected'), { nil: undefined }),
            whitelist: fc.option(fc.subarray(['192.168.0.0/16', '10.0.0.0/8', '10.0.1.10']), { nil: undefined }),
            // One whitelist in four is switched off (its entries kept, not enforced).
            whitelistOff: fc.constantFrom(false, false, false, true),
          }),
          { maxLength: 3 },
        ),
        peerings: fc.array(
          fc.record({ a: fc.nat(), b: fc.nat(), status: fc.option(fc.constantFrom('active', 'active', 'pendingAcceptance', 'rejected'), { nil: undefined }) }),
          { maxLength: 3 },
        ),
        routeTables: fc.array(
          fc.record({
            vpc: fc.nat(),
            isDefault: fc.boolean(),
            subnet: fc.nat(),
            routes: fc.array(fc.record({ destination: fc.nat(), peering: fc.nat(), vpn: fc.boolean() }), { maxLength: 4 }),
          }),
          { maxLength: 4 },
        ),
        // EIPs on some instances and load balancers; a NAT gateway in the first VPC with SNAT for some of its subnets
        // and DNAT rules to its instances.
        exposure: fc.record({
          eips: fc.array(fc.record({ pick: fc.nat(), lb: fc.boolean() }), { maxLength: 3 }),
          nat: fc.boolean(),
          snat: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
          dnat: fc.array(
            fc.record({ external: fc.constantFrom(22, 443, 2222, 8080), internal: fc.constantFrom(...PORTS), pick: fc.nat(), any: fc.boolean() }),
            {
              maxLength: 2,
            },
          ),
        }),
      })
      .map((r) => {
        const used = new Map<string, number>();
        const nextIp = (base: string, from: number): string => {
          const n = Math.max(used.get(base) ?? from, from);
          used.set(base, n + 1);
          return `${base}.${n}`;
        };
        const instances = r.instances.map((x, i) => ({
          id: `i-${i}`,
          kind: x.kind,
          subnet: x.subnet.id,
          ip: nextIp(x.subnet.base, 10),
          securityGroups: x.groups,
          ...(x.listens ? { listens: x.listens } : {}),
          vpc: x.subnet.vpc,
        }));
        const loadBalancers = r.lbs.map((x, i) => {
          // IP as a backend may take members of any VPC (reached along routes); otherwise the load balancer's own.
          const sameVpc = x.kind === 'dedicated' && x.ipAsBackend ? instances : instances.filter((inst) => inst.vpc === x.subnet.vpc);
          return {
            id: `lb-${i}`,
            kind: x.kind,
            subnet: x.subnet.id,
            ip: nextIp(x.subnet.base, 100),
            ...(x.kind === 'dedicated' ? { ipAsBackend: x.ipAsBackend } : {}),
            listeners: x.listeners.map((port, j) => ({
              id: `lb-${i}-l${j}`,
              protocol: x.protocols[j]!,
              port,
              // Mode all with a list kept is access control switched off: every other such listener keeps its list.
              accessControl: { mode: x.acl, cidrs: x.acl === 'all' && j % 2 === 0 ? [] : x.aclCidrs },
              ...(x.checks[j] ? { healthCheck: healthCheckOf(x.checks[j], x.protocols[j]!) } : {}),
              // Off only where the cloud has the switch (a shared layer-4 listener); on anywhere (the fixed value elsewhere).
              ...(x.tcip[j] === true || (x.tcip[j] === false && x.kind === 'shared' && ['tcp', 'udp'].includes(x.protocols[j]!))
                ? { transferClientIp: x.tcip[j] }
                : {}),
              members: sameVpc.length
                ? x.members.map((m) => ({
                    instance: sameVpc[m.pick % sameVpc.length]!.id,
                    port: m.port,
                    ...(m.healthy === undefined ? {} : { healthy: m.healthy }),
                    weight: m.weight,
                    // IP-type members where IP as a backend is on (members in another VPC are IP-type anyway).
                    ...(m.ipType && x.kind === 'dedicated' && x.ipAsBackend ? { type: 'ip' } : {}),
                  }))
                : [],
            })),
            vpc: x.subnet.vpc,
          };
        });
        // A backend port serves one service: later services skip ports an earlier one maps on the same backend.
        const usedServicePorts = new Set<string>();
        const services = r.services.flatMap((x, i) => {
          const vpc = vpcs[x.vpc % vpcs.length]!.id;
          const backends = [
            ...loadBalancers.filter((l) => l.vpc === vpc).map((l) => ({ kind: 'elb', loadBalancer: l.id })),
            ...instances.filter((inst) => inst.vpc === vpc).map((inst) => ({ kind: inst.kind, instance: inst.id })),
          ];
          if (!backends.length) return [];
          const backend = backends[x.backendPick % backends.length]!;
          const backendId = 'loadBalancer' in backend ? backend.loadBalancer : backend.instance;
          const mine = new Set<string>();
          const portMappings = x.mappings
            .map((t, k) => ({ protocol: 'tcp', servicePort: x.servicePorts[k]!, terminalPort: t }))
            .filter((m) => {
              const key = `${backendId}/${m.servicePort}`;
              if (usedServicePorts.has(key) && !mine.has(key)) return false;
              mine.add(key);
              return true;
            });
          for (const k of mine) usedServicePorts.add(k);
          return [
            {
              id: `svc-${i}`,
              vpc,
              approval: x.approval,
              permissions: x.permissions,
              backend,
              portMappings,
            },
          ];
        });
        const endpoints = services.length
          ? r.endpoints.map((x, i) => ({
              id: `ep-${i}`,
              vpc: x.subnet.vpc,
              subnet: x.subnet.id,
              ip: nextIp(x.subnet.base, 200),
              service: services[x.service % services.length]!.id,
              ...(x.status ? { status: x.status } : {}),
              ...(x.whitelist ? { whitelist: x.whitelist, ...(x.whitelistOff ? { whitelistEnabled: false } : {}) } : {}),
            }))
          : [];
        return {
          region: 'r1',
          vpcs,
          securityGroups: r.securityGroups,
          networkAcls: r.networkAcls,
          instances: instances.map(({ vpc: _vpc, ...rest }) => rest),
          loadBalancers: loadBalancers.map(({ vpc: _vpc, ...rest }) => rest),
          endpointServices: services,
          endpoints,
          ...withExposure(routing(vpcs, r.peerings, r.routeTables), vpcs, instances, loadBalancers, r.exposure),
        };
      });
  });

/**
 * EIPs bound to some instances and load balancers (one each), and a NAT gateway in the first VPC: its own EIP, SNAT
 * rules for some of the VPC's subnets, DNAT rules (a port, or every port) to its instances, and the 0.0.0.0/0 route
 * the cloud adds to the VPC's default table. When the first SNAT draw is on and there is a second VPC, a second
 * gateway there, whose SNAT rule names a CIDR block (its first subnet's). Valid by construction.
 */
function withExposure(
  routed: { peerings?: unknown[]; routeTables?: unknown[] },
  vpcs: readonly { id: string; subnets: readonly { id: string; cidr: string }[] }[],
  instances: readonly { id: string; vpc: string }[],
  lbs: readonly { id: string }[],
  x: {
    eips: readonly { pick: number; lb: boolean }[];
    nat: boolean;
    snat: readonly boolean[];
    dnat: readonly { external: number; internal: number; pick: number; any: boolean }[];
  },
): { peerings?: unknown[]; routeTables?: unknown[]; eips?: unknown[]; natGateways?: unknown[] } {
  const eips: Record<string, unknown>[] = [];
  const bound = new Set<string>();
  x.eips.forEach((e, k) => {
    const pool: readonly { id: string }[] = e.lb && lbs.length ? lbs : instances;
    const target = pool[e.pick % pool.length]!.id;
    if (bound.has(target)) return;
    bound.add(target);
    eips.push({ id: `eip-${k}`, address: `203.0.113.${10 + k}`, [pool === lbs ? 'loadBalancer' : 'instance']: target });
  });
  const vpc = vpcs[0]!;
  const mine = instances.filter((i) => i.vpc === vpc.id);
  if (!x.nat || mine.length === 0) return { ...routed, ...(eips.length ? { eips } : {}) };
  eips.push({ id: 'eip-nat', address: '203.0.113.200' });
  const snatRules = vpc.subnets.filter((_s, k) => x.snat[k % x.snat.length]).map((s) => ({ subnet: s.id, eips: ['eip-nat'] }));
  // An all-ports DNAT rule takes its EIP whole: it gets one of its own, alone.
  const any = x.dnat.find((d) => d.any);
  const dnatRules: Record<string, unknown>[] = [];
  if (any) {
    eips.push({ id: 'eip-dnat', address: '203.0.113.201' });
    dnatRules.push({ eip: 'eip-dnat', protocol: 'any', instance: mine[any.pick % mine.length]!.id });
  }
  const ports = new Set<number>();
  for (const d of x.dnat) {
    if (d.any || ports.has(d.external)) continue;
    ports.add(d.external);
    dnatRules.push({ eip: 'eip-nat', protocol: 'tcp', externalPort: d.external, internalPort: d.internal, instance: mine[d.pick % mine.length]!.id });
  }
  const tables = [...((routed.routeTables ?? []) as { id: string; vpc: string; default?: boolean; routes: unknown[] }[])];
  const defaultRoute = (v: string, gateway: string) => {
    let t = tables.find((y) => y.vpc === v && y.default);
    if (!t) tables.push((t = { id: `rtb-default-${v}`, vpc: v, default: true, routes: [] }));
    t.routes.push({ destination: '0.0.0.0/0', type: 'nat', nextHop: gateway });
  };
  defaultRoute(vpc.id, 'nat-0');
  const natGateways: Record<string, unknown>[] = [{ id: 'nat-0', vpc: vpc.id, subnet: vpc.subnets[0]!.id, snatRules, dnatRules }];
  const second = vpcs[1];
  if (second && x.snat[0]) {
    eips.push({ id: 'eip-nat-1', address: '203.0.113.202' });
    natGateways.push({
      id: 'nat-1',
      vpc: second.id,
      subnet: second.subnets[0]!.id,
      snatRules: [{ cidr: second.subnets[0]!.cidr, eips: ['eip-nat-1'] }],
      dnatRules: [],
    });
    defaultRoute(second.id, 'nat-1');
  }
  return { ...routed, routeTables: tables, eips, natGateways };
}

/**
 * Peering connections between random pairs of VPCs (some not active, some of two accounts without a status) and route
 * tables (default and custom) whose routes lead into them, to a VPN, or to blocks beyond the peer VPC; valid by
 * construction (one default table per VPC, a subnet in one table, routes outside the VPC's range, one per destination).
 */
function routing(
  vpcs: readonly { id: string; cidr: string; subnets: readonly { id: string; cidr: string }[] }[],
  peerings: readonly { a: number; b: number; status: string | undefined }[],
  tables: readonly { vpc: number; isDefault: boolean; subnet: number; routes: readonly { destination: number; peering: number; vpn: boolean }[] }[],
): { peerings?: unknown[]; routeTables?: unknown[] } {
  if (vpcs.length < 2) return {};
  const pairs = new Set<string>();
  const ps = peerings.flatMap((p, k) => {
    const [a, b] = [vpcs[p.a % vpcs.length]!.id, vpcs[p.b % vpcs.length]!.id];
    if (a === b || pairs.has(`${a}/${b}`)) return [];
    pairs.add(`${a}/${b}`);
    return [{ id: `pcx-${k}`, vpc: a, peerVpc: b, ...(p.status ? { status: p.status } : {}) }];
  });
  const defaults = new Set<string>();
  const taken = new Set<string>();
  const rts = tables.flatMap((t, k) => {
    const vpc = vpcs[t.vpc % vpcs.length]!;
    const subnet = vpc.subnets[t.subnet % vpc.subnets.length]!.id;
    if (t.isDefault ? defaults.has(vpc.id) : taken.has(subnet)) return [];
    if (t.isDefault) defaults.add(vpc.id);
    else taken.add(subnet);
    const mine = ps.filter((p) => p.vpc === vpc.id || p.peerVpc === vpc.id);
    const candidates = [...vpcs.filter((v) => v.id !== vpc.id).flatMap((v) => [v.cidr, ...v.subnets.map((s) => s.cidr)]), '10.9.0.0/16', '192.168.0.0/16'];
    const seen = new Set<string>();
    const routes = t.routes.flatMap((x) => {
      const destination = candidates[x.destination % candidates.length]!;
      if (seen.has(destination)) return [];
      seen.add(destination);
      const via = mine.length && !x.vpn ? mine[x.peering % mine.length]! : null;
      return [via ? { destination, type: 'peering', nextHop: via.id } : { destination, type: 'vpn', nextHop: 'vpn-1' }];
    });
    return [{ id: `rtb-${k}`, vpc: vpc.id, ...(t.isDefault ? { default: true } : { subnets: [subnet] }), routes }];
  });
  // Every other connection routed both ways in the default tables (made when missing), so that flows cross it.
  ps.forEach((p, k) => {
    if (k % 2 === 1) return;
    (p as { status?: string }).status = 'active';
    for (const [from, to] of [
      [p.vpc, p.peerVpc],
      [p.peerVpc, p.vpc],
    ] as const) {
      let t = rts.find((x) => x.vpc === from && 'default' in x);
      if (!t) rts.push((t = { id: `rtb-default-${from}`, vpc: from, default: true, routes: [] }));
      const destination = vpcs.find((v) => v.id === to)!.cidr;
      if (!t.routes.some((r) => r.destination === destination)) t.routes.push({ destination, type: 'peering', nextHop: p.id });
    }
  });
  return { ...(ps.length ? { peerings: ps } : {}), ...(rts.length ? { routeTables: rts } : {}) };
}

/** Byte-level mutations: flip, insert, delete or duplicate bytes. */
export const byteMutationArb = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 64 }) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  ),
  { minLength: 1, maxLength: 5 },
);

export function applyBytes(
  input: Buffer,
  ms: fc.Arbitrary<unknown> extends never ? never : typeof byteMutationArb extends fc.Arbitrary<infer M> ? M : never,
): Buffer {
  let b = Buffer.from(input);
  for (const m of ms) {
    const at = b.length ? m.at % b.length : 0;
    switch (m.kind) {
      case 'flip':
        if (b.length) b[at] = b[at]! ^ (1 << m.bit);
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
        break;
      case 'duplicate':
        b = Buffer.concat([b.subarray(0, at + m.len), b.subarray(at, at + m.len), b.subarray(at + m.len)]);
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
    }
  }
  return b;
}

/** Token-level mutations: replace, drop, duplicate or swap YAML tokens and lines. */
export const tokenMutationArb = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant('replace' as const),
      at: fc.nat(),
      text: fc.constantFrom(
        '0',
        '-1',
        '65536',
        'true',
        'null',
        '~',
        'x',
        '[]',
        '{}',
        '"',
        "'",
        ':',
        '- ',
        '&a',
        '*a',
        '!!binary',
        '10.0.0.0/8',
        '198.19.128.0/17',
        '300.1.1.1',
        '010.0.0.1',
        'sg-nope',
        'deny',
        'udp',
        'elb',
        '__proto__',
        '9000-8000',
        '\t',
        '\n',
        '',
      ),
    }),
    fc.record({ kind: fc.constant('dropLine' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('dupLine' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
    fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  ),
  { minLength: 1, maxLength: 5 },
);

export function applyTokens(text: string, ms: typeof tokenMutationArb extends fc.Arbitrary<infer M> ? M : never): string {
  let t = text;
  for (const m of ms) {
    if (m.kind === 'replace') {
      const tokens = t.split(/(\s+|,|:\s|[[\]{}])/);
      tokens[m.at % tokens.length] = m.text;
      t = tokens.join('');
      continue;
    }
    const lines = t.split('\n');
    if (m.kind === 'dropLine') lines.splice(m.at % lines.length, 1);
    else if (m.kind === 'dupLine') lines.splice(m.at % lines.length, 0, lines[m.at % lines.length]!);
    else if (m.kind === 'swapLines') {
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
    } else {
      const i = m.at % lines.length;
      lines[i] = m.by >= 0 ? ' '.repeat(m.by) + lines[i] : lines[i]!.replace(new RegExp(`^ {0,${-m.by}}`), '');
    }
    t = lines.join('\n');
  }
  return t;
}

/** Random CLI argument vectors built from real commands and options plus junk. */
export const argvArb = fc.array(
  fc.oneof(
    fc.constantFrom(
      'validate',
      'trace',
      'check',
      'help',
      'lint',
      '--format',
      '--output',
      '--from',
      '--to',
      '--port',
      '--protocol',
      '--max-warnings',
      '--max-file-size',
      '--help',
      '--version',
      '-h',
      '-V',
      '--',
      '-',
      '--nope',
    ),
    fc.constantFrom(
      'text',
      'json',
      'junit',
      'sarif',
      'github',
      'markdown',
      'xml',
      'tcp',
      'udp',
      'icmp',
      '0',
      '80',
      '65536',
      '-1',
      '1K',
      'abc',
      'ecs-client',
      'ep-web',
      '192.168.1.50',
      'scenarios/',
      'scenarios/seed-elb.yaml',
      'models/seed-elb/model.yaml',
      'test/fixtures/ten-mistakes.yaml',
      'no/such/file',
      'models',
    ),
    fc.string({ maxLength: 12 }),
  ),
  { maxLength: 8 },
);

/** A drawn health check as the model writes it: a UDP listener's is a UDP check, another's TCP or HTTP (both load balancer kinds allow them). */
function healthCheckOf(c: { enabled: boolean; http: boolean; port: number | undefined }, protocol: string): Record<string, unknown> {
  return {
    enabled: c.enabled,
    protocol: protocol === 'udp' ? 'udp' : c.http ? 'http' : 'tcp',
    ...(c.port === undefined ? {} : { port: c.port }),
  };
}
