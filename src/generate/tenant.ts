/**
 * Synthetic tenants: seeded, deterministic model documents at the benchmark sizes of docs/performance.md (S, M, L,
 * XL), shaped like real tenants — provider VPCs with load balancers and endpoint services, consumer VPCs with
 * endpoints, tiered subnets with network ACLs, security groups with subnet, group and VPCEP rules, instances in
 * groups by tier — and with some of the misconfigurations people really make (a backend group without the VPCEP
 * source range, a listener whitelist without it, an ACL without it, SSH open to the world, an unapproved
 * endpoint), and VPC peering between neighbouring VPCs with its routes (one pair of two routes back only part of the
 * other VPC, one connection waits for acceptance), EIPs and NAT gateways (SNAT for some subnets, a DNAT rule, an EIP
 * on an instance with SSH open to the world). `deny` adds deny rules and priorities; `adversarial` adds many /32 and /28 sources, which splits
 * instances into many more classes. The output is plain data in the model format: the same seed gives the same
 * document, byte for byte once printed.
 */

import { formatRange } from '../net/index.js';
import { SHARED_ELB_SOURCE_RANGE, VPCEP_SOURCE_RANGE } from '../model/provider.js';
import { exposureOf, peeringsOf } from './tenant-routing.js';

/** The provider's ranges, as a model file writes them. */
const VPCEP = formatRange(VPCEP_SOURCE_RANGE);
const SHARED_ELB = formatRange(SHARED_ELB_SOURCE_RANGE);

/** Sizes, as in the performance doc's benchmark table. */
export const TENANT_SIZES = {
  s: { vpcs: 1, subnets: 8, groups: 20, rules: 300, acls: 4, instances: 200, loadBalancers: 2, services: 2, endpoints: 4 },
  m: { vpcs: 5, subnets: 100, groups: 200, rules: 6_000, acls: 40, instances: 2_000, loadBalancers: 20, services: 20, endpoints: 40 },
  l: { vpcs: 20, subnets: 800, groups: 2_500, rules: 115_000, acls: 300, instances: 20_000, loadBalancers: 200, services: 100, endpoints: 200 },
  xl: { vpcs: 50, subnets: 3_000, groups: 10_000, rules: 540_000, acls: 1_000, instances: 100_000, loadBalancers: 1_000, services: 500, endpoints: 1_000 },
} as const;

export type TenantSize = keyof typeof TENANT_SIZES;

export interface TenantOptions {
  readonly size: TenantSize;
  readonly seed: number;
  /** About 10 % deny rules, and priorities 1–100. */
  readonly deny?: boolean;
  /** Many /32 and /28 sources inside the VPC (class compression drops from about 11× to about 2×). */
  readonly adversarial?: boolean;
}

type Doc = Record<string, unknown>;

/** A small, fast, seeded generator (mulberry32). */
function prng(seed: number): { int(n: number): number; chance(p: number): boolean; pick<T>(xs: readonly T[]): T } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
  };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Ports services listen on, by tier. */
const TIER_PORTS = [
  [80, 443],
  [8080, 8443],
  [5432, 3306],
  [6379, 9092],
  [9000, 9100],
] as const;
const TIERS = ['web', 'app', 'db', 'cache', 'ops'] as const;

/** A tenant model document of the given size. */
export function generateTenant(options: TenantOptions): Doc {
  const size = TENANT_SIZES[options.size];
  const r = prng(options.seed);
  const deny = options.deny ?? false;
  const adversarial = options.adversarial ?? false;
  const accounts = Array.from({ length: Math.max(1, Math.ceil(size.vpcs / 3)) }, (_, i) => `acct-${pad(i, 2)}`);
  const per = (total: number, i: number, parts: number): number => Math.floor(total / parts) + (i < total % parts ? 1 : 0);

  const vpcs: Doc[] = [];
  const securityGroups: Doc[] = [];
  const networkAcls: Doc[] = [];
  const instances: Doc[] = [];
  const loadBalancers: Doc[] = [];
  const endpointServices: Doc[] = [];
  const endpoints: Doc[] = [];
  // Per VPC: what later stages need.
  const vpcInfo: {
    id: string;
    account: string;
    subnets: { id: string; cidr: string; tier: number; next: number; base: string }[];
    instances: { id: string; subnet: number; ports: number[]; legacy: boolean }[];
    lbs: { id: string; ports: number[] }[];
  }[] = [];

  // A VPC with one subnet cannot be both provider and consumer of distinct accounts; with one VPC it is both.
  const providerVpc = (v: number): boolean => size.vpcs === 1 || v % 2 === 0;
  const consumerVpc = (v: number): boolean => size.vpcs === 1 || v % 2 === 1;

  for (let v = 0; v < size.vpcs; v++) {
    const id = `vpc-${pad(v, 2)}`;
    const account = accounts[v % accounts.length]!;
    const nSubnets = per(size.subnets, v, size.vpcs);
    const nAcls = per(size.acls, v, size.vpcs);
    const subnets = Array.from({ length: nSubnets }, (_, j) => ({
      id: `${id}-sn-${pad(j, 2)}`,
      cidr: `10.${v}.${j}.0/24`,
      tier: j % TIERS.length,
      next: 10,
      base: `10.${v}.${j}`,
    }));
    // ACLs, each bound to a run of subnets; one in seven forgets the VPCEP range (a misconfiguration).
    const acls = Array.from({ length: nAcls }, (_, k) => `${id}-acl-${pad(k, 2)}`);
    acls.forEach((aclId, k) => {
      const forgets = k % 7 === 3;
      networkAcls.push({
        id: aclId,
        inbound: [
          { priority: 1, action: 'deny', protocol: 'tcp', ports: 23, source: '0.0.0.0/0', description: 'no telnet' },
          { priority: 2, action: 'allow', protocol: 'any', source: `10.${v}.0.0/16` },
          ...(forgets ? [] : [{ priority: 3, action: 'allow', protocol: 'tcp', source: VPCEP }]),
          { priority: 4, action: 'allow', protocol: 'tcp', source: SHARED_ELB },
          ...(r.chance(0.3) ? [{ priority: 5, action: 'allow', protocol: 'tcp', ports: 443, source: '0.0.0.0/0' }] : []),
        ],
        outbound: [{ priority: 1, action: 'allow', protocol: 'any', destination: '0.0.0.0/0' }],
      });
    });
    vpcs.push({
      id,
      account,
      cidr: `10.${v}.0.0/16`,
      subnets: subnets.map((s, j) => ({ id: s.id, cidr: s.cidr, ...(acls.length && j % 3 !== 2 ? { networkAcl: acls[j % acls.length] } : {}) })),
    });

    // Security groups: per tier, and one backend group that admits VPCEP and load-balancer traffic.
    const nGroups = Math.max(3, per(size.groups, v, size.vpcs));
    const groupIds = Array.from({ length: nGroups }, (_, g) => `${id}-sg-${pad(g, 3)}`);
    const backendGroup = groupIds[0]!;
    // A copy of the backend group made before VPCEP was used: it lacks the VPCEP source range (a misconfiguration).
    const legacyBackendGroup = groupIds[1]!;
    // The two backend groups have four and three rules; the others share the rest of the size's rule count.
    const rulesPerGroup = Math.max(2, Math.round((size.rules - 7 * size.vpcs) / (size.groups - 2 * size.vpcs)));
    groupIds.forEach((g, gi) => {
      const rules: Doc[] = [];
      const prio = (): Doc => (deny ? { priority: 1 + r.int(100) } : {});
      if (gi <= 1) {
        // The backend groups: VPCEP, shared ELB, and the VPC on every tier port; the legacy one forgets VPCEP.
        const ports = TIER_PORTS.flat();
        if (gi === 0) rules.push({ direction: 'ingress', protocol: 'tcp', ports, source: VPCEP, description: 'VPCEP' });
        rules.push({ direction: 'ingress', protocol: 'tcp', ports, source: SHARED_ELB, description: 'shared ELB' });
        rules.push({ direction: 'ingress', protocol: 'tcp', ports, source: `10.${v}.0.0/16` });
        rules.push({ direction: 'egress', protocol: 'any' });
        securityGroups.push({ id: g, rules });
        return;
      }
      const tier = gi % TIERS.length;
      // Egress: open, or (one in ten) to the VPC only.
      rules.push(r.chance(0.9) ? { direction: 'egress', protocol: 'any' } : { direction: 'egress', protocol: 'tcp', destination: `10.${v}.0.0/16` });
      // Every tenant has SSH open to the world somewhere (the first tier group of the first VPC), whatever its size.
      if (v === 0 && gi === 2) rules.push({ direction: 'ingress', protocol: 'tcp', ports: 22, source: '0.0.0.0/0', description: 'SSH from anywhere' });
      while (rules.length < rulesPerGroup) {
        const port = r.pick(TIER_PORTS[tier]!);
        const kind = r.int(10);
        const action = deny && r.chance(0.1) ? { action: 'deny' } : {};
        if (adversarial && kind < 5) {
          const s = subnets[r.int(subnets.length)]!;
          const host = 10 + r.int(200);
          rules.push({
            direction: 'ingress',
            protocol: 'tcp',
            ports: port,
            source: r.chance(0.5) ? `${s.base}.${host}` : `${s.base}.${host & ~15}/28`,
            ...action,
            ...prio(),
          });
        } else if (kind < 5) {
          rules.push({ direction: 'ingress', protocol: 'tcp', ports: port, source: subnets[r.int(subnets.length)]!.cidr, ...action, ...prio() });
        } else if (kind < 8) {
          rules.push({ direction: 'ingress', protocol: 'tcp', ports: port, sourceGroup: groupIds[2 + r.int(groupIds.length - 2)]!, ...action, ...prio() });
        } else if (kind < 9) {
          rules.push({ direction: 'ingress', protocol: 'icmp', source: `10.${v}.0.0/16`, ...prio() });
        } else {
          // SSH: from the VPC, or (one in twenty) from anywhere.
          rules.push({ direction: 'ingress', protocol: 'tcp', ports: 22, source: r.chance(0.05) ? '0.0.0.0/0' : `10.${v}.0.0/16`, ...action, ...prio() });
        }
      }
      securityGroups.push({ id: g, rules });
    });

    // Instances, round robin over subnets; each has its tier's group and, for one in three, the backend group.
    const nInstances = per(size.instances, v, size.vpcs);
    const info = {
      id,
      account,
      subnets,
      instances: [] as { id: string; subnet: number; ports: number[]; legacy: boolean }[],
      lbs: [] as { id: string; ports: number[] }[],
    };
    for (let k = 0; k < nInstances; k++) {
      const sj = k % subnets.length;
      const s = subnets[sj]!;
      const tierGroups = groupIds.filter((_, gi) => gi > 1 && gi % TIERS.length === s.tier);
      const groups = [tierGroups.length ? tierGroups[r.int(Math.min(3, tierGroups.length))]! : groupIds[2]!];
      const backend = k % 3 === 0;
      const legacy = k % 10 === 9;
      if (backend) groups.push(legacy ? legacyBackendGroup : backendGroup);
      const ports = [...TIER_PORTS[s.tier]!];
      const instanceId = `${id}-${r.chance(0.9) ? 'ecs' : 'bms'}-${pad(k, 5)}`;
      instances.push({
        id: instanceId,
        kind: instanceId.includes('-bms-') ? 'bms' : 'ecs',
        subnet: s.id,
        ip: `${s.base}.${s.next++}`,
        securityGroups: groups,
        ...(r.chance(0.7) ? { listens: [22, ...ports] } : {}),
      });
      if (backend) info.instances.push({ id: instanceId, subnet: sj, ports, legacy });
    }

    // Load balancers: shared and dedicated in turn, listeners on the tier ports forwarding to backend instances.
    const nLbs = per(size.loadBalancers, v, size.vpcs);
    for (let k = 0; k < nLbs; k++) {
      const s = subnets[k % subnets.length]!;
      const lbId = `${id}-elb-${pad(k, 3)}`;
      const dedicated = k % 2 === 1;
      const candidates = info.instances.filter((x) => x.ports.includes(TIER_PORTS[s.tier]![0]));
      const ports = [80, 443, 8080].slice(0, 1 + r.int(3));
      const listeners = ports.map((port, li) => {
        const members = candidates.length
          ? Array.from({ length: 1 + r.int(3) }, () => candidates[r.int(candidates.length)]!).filter((x, i, all) => all.findIndex((y) => y.id === x.id) === i)
          : [];
        // Whitelists of the VPC only (without the VPCEP range): one load balancer in five, and the first of every tenant.
        const whitelist = li === 0 && (k % 5 === 4 || (v === 0 && k === 0));
        // Unhealthy members: one in twenty, and the first member of the first load balancer's last listener.
        const sick = (i: number): boolean => (v === 0 && k === 0 && li === ports.length - 1 && i === 0) || r.chance(0.05);
        return {
          id: `${lbId}-l${port}`,
          protocol: dedicated && li === 1 ? 'http' : 'tcp',
          port,
          ...(whitelist ? { accessControl: { mode: 'whitelist', cidrs: [`10.${v}.0.0/16`] } } : {}),
          members: members.map((m, i) => ({ instance: m.id, port: m.ports[0]!, ...(sick(i) ? { healthy: false } : {}) })),
        };
      });
      loadBalancers.push({ id: lbId, kind: dedicated ? 'dedicated' : 'shared', subnet: s.id, ip: `${s.base}.${s.next++}`, listeners });
      info.lbs.push({ id: lbId, ports });
    }
    vpcInfo.push(info);
  }

  // Endpoint services in provider VPCs, backed by a load balancer or an instance (each backend serves one service).
  const providers = vpcInfo.filter((_, v) => providerVpc(v));
  const consumers = vpcInfo.filter((_, v) => consumerVpc(v));
  const used = new Set<string>();
  const services: { id: string; account: string; approval: boolean }[] = [];
  for (let k = 0; k < size.services; k++) {
    const p = providers[k % providers.length]!;
    // Load balancers and instances in turn (either when the other is used up); the first instance behind a service is
    // one whose group was copied before VPCEP was used (a misconfiguration every tenant has).
    const freeLb = p.lbs.find((x) => !used.has(x.id));
    const freeInstance = (k === 1 ? p.instances.find((x) => x.legacy && !used.has(x.id)) : undefined) ?? p.instances.find((x) => !used.has(x.id));
    const lb = k % 2 === 0 || !freeInstance ? freeLb : undefined;
    const inst = lb ? undefined : freeInstance;
    if (!lb && !inst) continue;
    const backendId = lb ? lb.id : inst!.id;
    used.add(backendId);
    const servicePorts = lb ? lb.ports : inst!.ports;
    const approval = r.chance(0.3);
    const consumerAccounts = [...new Set(consumers.map((c) => c.account))];
    const id = `svc-${pad(k, 3)}`;
    endpointServices.push({
      id,
      vpc: p.id,
      approval,
      permissions: r.chance(0.2) ? ['*'] : consumerAccounts.filter((a) => a !== p.account || r.chance(0.5)).map((a) => `iam:domain::${a}`),
      backend: lb ? { kind: 'elb', loadBalancer: lb.id } : { kind: backendId.includes('-bms-') ? 'bms' : 'ecs', instance: backendId },
      portMappings: servicePorts.map((servicePort, i) => ({ servicePort, terminalPort: i === 0 ? 443 : 8000 + (servicePort % 1000) + i })),
    });
    services.push({ id, account: p.account, approval });
  }
  // Endpoints in consumer VPCs; with approval, most are accepted and some still wait.
  for (let k = 0; k < size.endpoints && services.length; k++) {
    const c = consumers[k % consumers.length]!;
    const s = c.subnets[r.int(c.subnets.length)]!;
    const svc = services[k % services.length]!;
    endpoints.push({
      id: `ep-${pad(k, 4)}`,
      vpc: c.id,
      subnet: s.id,
      ip: `${s.base}.${s.next++}`,
      service: svc.id,
      ...(svc.approval ? { status: r.chance(0.85) ? 'accepted' : 'pendingAcceptance' } : {}),
      ...(r.chance(0.15) ? { whitelist: [c.subnets[r.int(c.subnets.length)]!.cidr] } : {}),
    });
  }

  const { peerings, routeTables } = peeringsOf(vpcInfo);
  const { eips, natGateways } = exposureOf(vpcInfo, vpcs, instances, loadBalancers, routeTables);
  return {
    region: 'cn-north-4',
    description: `generated tenant: size ${options.size}, seed ${options.seed}${deny ? ', deny' : ''}${adversarial ? ', adversarial' : ''}`,
    vpcs,
    securityGroups,
    networkAcls,
    instances,
    loadBalancers,
    endpointServices,
    endpoints,
    ...(peerings.length ? { peerings } : {}),
    routeTables,
    eips,
    natGateways,
  };
}

/**
 * Prints a generated document with one list item per line: JSON, or YAML whose items are JSON flow mappings (YAML
 * reads JSON as flow style). Line numbers then point at items, and diffs of two seeds stay readable.
 */
export function formatTenant(doc: Doc, format: 'json' | 'yaml'): string {
  const keys = Object.keys(doc);
  if (format === 'yaml') {
    const lines: string[] = [];
    for (const k of keys) {
      const v = doc[k];
      if (Array.isArray(v)) {
        lines.push(`${k}:`);
        for (const item of v) lines.push(`  - ${JSON.stringify(item)}`);
      } else lines.push(`${k}: ${JSON.stringify(v)}`);
    }
    return lines.join('\n') + '\n';
  }
  const parts = keys.map((k) => {
    const v = doc[k];
    if (!Array.isArray(v)) return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
    if (v.length === 0) return `  ${JSON.stringify(k)}: []`;
    return `  ${JSON.stringify(k)}: [\n${v.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`;
  });
  return `{\n${parts.join(',\n')}\n}\n`;
}
