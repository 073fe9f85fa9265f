// What a generated tenant has beyond its VPCs: peering with its routes, EIPs and NAT gateways (see tenant.ts).

type Doc = Record<string, unknown>;

/**
 * The internet's ways in and out: an EIP on each VPC's first load balancer; a NAT gateway in each VPC's last subnet,
 * with its own EIP, SNAT for every other subnet (the rest have no way out) and the default route to it the cloud adds;
 * in the first VPC, an EIP on an instance of the group with SSH open to the world and a DNAT rule from port 2222 to
 * SSH on another (internet-exposed mistakes every tenant has), and a DNAT rule to a port nothing listens on. Drawn from no random numbers: the rest of the tenant stays as
 * it was.
 */
export function exposureOf(
  vpcs: readonly { id: string; subnets: readonly { id: string }[] }[],
  vpcDocs: readonly Doc[],
  instances: readonly Doc[],
  loadBalancers: readonly Doc[],
  routeTables: Doc[],
): { eips: Doc[]; natGateways: Doc[] } {
  const eips: Doc[] = [];
  const eip = (id: string, bound: Doc): void => {
    eips.push({ id, address: `203.0.113.${1 + eips.length}`, ...bound });
  };
  // The group with SSH open to the world, on instances whose subnet has no network ACL: the internet reaches them.
  const noAcl = new Set(vpcDocs.flatMap((v) => (v.subnets as Doc[]).filter((x) => x.networkAcl === undefined).map((x) => x.id)));
  const open = instances.filter((i) => (i.securityGroups as string[]).includes('vpc-00-sg-002') && noAcl.has(i.subnet));
  if (open[0]) eip('eip-ssh-open-to-the-world', { instance: open[0].id });
  const natGateways: Doc[] = [];
  for (const v of vpcs) {
    const lb = loadBalancers.find((x) => String(x.subnet).startsWith(`${v.id}-`));
    if (lb) eip(`${v.id}-eip-elb`, { loadBalancer: lb.id });
    if (v.subnets.length < 2) continue;
    const natEip = `${v.id}-eip-nat`;
    eip(natEip, {});
    // The first VPC publishes SSH on port 2222 of another such instance, and a port nothing listens on (a mistake).
    const target = v.id === 'vpc-00' ? open[1] : undefined;
    natGateways.push({
      id: `${v.id}-nat`,
      vpc: v.id,
      subnet: v.subnets[v.subnets.length - 1]!.id,
      snatRules: v.subnets.filter((_, j) => j % 2 === 0).map((x) => ({ subnet: x.id, eips: [natEip] })),
      dnatRules: target
        ? [
            { eip: natEip, protocol: 'tcp', externalPort: 2222, internalPort: 22, instance: target.id },
            { eip: natEip, protocol: 'tcp', externalPort: 9999, internalPort: 9999, instance: target.id },
          ]
        : [],
    });
    let table = routeTables.find((t) => t.vpc === v.id);
    if (!table) routeTables.push((table = { id: `${v.id}-rtb`, vpc: v.id, default: true, routes: [] }));
    (table.routes as Doc[]).push({ destination: '0.0.0.0/0', type: 'nat', nextHop: `${v.id}-nat`, description: 'added by the cloud with the NAT gateway' });
  }
  return { eips, natGateways };
}

/**
 * VPC peering between neighbouring VPCs (0 with 1, 2 with 3, …), each with routes in both default tables — except that
 * every second pair routes back only the first subnet of the requesting VPC (a peering route without its return
 * route) — and, with an odd number of VPCs, the last one's connection to the one before waits for acceptance (a route
 * into a connection not accepted). Drawn from no random numbers: the rest of the tenant stays as it was.
 */
export function peeringsOf(vpcs: readonly { id: string; subnets: readonly { cidr: string }[] }[]): { peerings: Doc[]; routeTables: Doc[] } {
  const peerings: Doc[] = [];
  const routes = new Map<string, Doc[]>();
  const route = (vpc: string, destination: string, peering: string): void => {
    const list = routes.get(vpc) ?? [];
    list.push({ destination, type: 'peering', nextHop: peering });
    routes.set(vpc, list);
  };
  const cidrOf = (v: number): string => `10.${v}.0.0/16`;
  for (let i = 0; 2 * i + 1 < vpcs.length; i++) {
    const [a, b] = [vpcs[2 * i]!, vpcs[2 * i + 1]!];
    const id = `pcx-${a.id}-${b.id}`;
    peerings.push({ id, vpc: a.id, peerVpc: b.id, status: 'active' });
    route(a.id, cidrOf(2 * i + 1), id);
    route(b.id, i % 2 === 1 ? a.subnets[0]!.cidr : cidrOf(2 * i), id);
  }
  if (vpcs.length % 2 === 1 && vpcs.length >= 3) {
    const [a, b] = [vpcs[vpcs.length - 1]!, vpcs[vpcs.length - 2]!];
    const id = `pcx-${a.id}-${b.id}`;
    peerings.push({ id, vpc: a.id, peerVpc: b.id, status: 'pendingAcceptance' });
    route(a.id, cidrOf(vpcs.length - 2), id);
  }
  const routeTables = [...routes].map(([vpc, list]) => ({ id: `${vpc}-rtb`, vpc, default: true, routes: list }));
  return { peerings, routeTables };
}
