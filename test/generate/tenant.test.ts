import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../src/load/index.js';
import { formatTenant, generateTenant, TENANT_SIZES, type TenantSize } from '../../src/generate/tenant.js';
import { Simulator } from '../../src/sim/engine.js';
import { checkPolicy } from '../../src/symbolic/policy.js';
import { modelOf } from '../helpers/model.js';

const load = (size: TenantSize, seed: number, extra: { deny?: boolean; adversarial?: boolean } = {}, format: 'json' | 'yaml' = 'json') =>
  loadModelFromText(`tenant.${format}`, formatTenant(generateTenant({ size, seed, ...extra }), format));

describe('generated tenants', () => {
  it('the same seed gives the same text; another seed another model', () => {
    const a = formatTenant(generateTenant({ size: 's', seed: 3 }), 'json');
    expect(formatTenant(generateTenant({ size: 's', seed: 3 }), 'json')).toBe(a);
    expect(formatTenant(generateTenant({ size: 's', seed: 4 }), 'json')).not.toBe(a);
  });

  it.each([
    ['s', 1, {}],
    ['s', 2, { deny: true }],
    ['s', 3, { adversarial: true }],
    ['m', 1, {}],
    ['m', 2, { deny: true, adversarial: true }],
  ] as const)('size %s, seed %d, %o: a valid model with no warnings, of the documented size', (size, seed, extra) => {
    const r = load(size, seed, extra);
    expect(r.diagnostics).toEqual([]);
    const m = modelOf(r)!;
    const want = TENANT_SIZES[size];
    const rules = [...m.securityGroups.values()].reduce((n, g) => n + g.rules.length, 0);
    expect([m.vpcs.size, m.subnets.size, m.securityGroups.size, m.networkAcls.size, m.instances.size, m.loadBalancers.size]).toEqual([
      want.vpcs,
      want.subnets,
      want.groups,
      want.acls,
      want.instances,
      want.loadBalancers,
    ]);
    expect(Math.abs(rules - want.rules) / want.rules).toBeLessThan(0.05);
    expect(m.endpointServices.size).toBe(want.services);
    expect(m.endpoints.size).toBe(want.endpoints);
  });

  it('YAML output loads to the same model as JSON output', () => {
    const json = load('s', 5);
    const yaml = load('s', 5, {}, 'yaml');
    expect(yaml.diagnostics).toEqual([]);
    const ids = (r: typeof json) => [...modelOf(r)!.resources.keys()];
    expect(ids(yaml)).toEqual(ids(json));
  });

  it('an L tenant is valid (20,000 instances, about 115,000 rules)', () => {
    const r = load('l', 1);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(modelOf(r)!.instances.size).toBe(20_000);
  });

  it('has the misconfigurations people make: a backend group without the VPCEP range, and endpoints that deliver', () => {
    const m = modelOf(load('s', 1))!;
    const sim = new Simulator(m);
    const legacy = [...m.instances.values()].find((i) => i.securityGroups.includes('vpc-00-sg-001'))!;
    expect(legacy).toBeDefined();
    expect(
      m.securityGroups.get('vpc-00-sg-001')!.rules.some((r) => r.direction === 'ingress' && r.remote.kind === 'cidr' && r.remote.text === '198.19.128.0/17'),
    ).toBe(false);
    const some = checkPolicy(sim, { from: 'vpc-00', to: 'vpc-00', ports: [{ lo: 443, hi: 443 }], protocol: 'tcp', expect: 'some', codes: null });
    expect(some.ok && some.value.holds).toBe(true);
  });
});

describe('every size carries the mistakes the README promises', () => {
  it.each(['s', 'm'] as const)(
    'size %s: lint errors (a backend without the VPCEP range, a whitelist without it), SSH open to the world, an unhealthy member; services behind instances too',
    async (size) => {
      const { lint } = await import('../../src/lint/index.js');
      const doc = generateTenant({ size, seed: 1 });
      const m = modelOf(loadModelFromText('tenant.json', JSON.stringify(doc)))!;
      const rules = new Set(
        lint(m)
          .filter((f) => f.severity === 'error')
          .map((f) => f.ruleId),
      );
      expect(rules).toContain('vpcep-backend-missing-range');
      expect(rules).toContain('elb-acl-blocks-vpcep');
      expect(
        [...m.securityGroups.values()].some((g) => g.rules.some((r) => r.direction === 'ingress' && r.remote.kind === 'cidr' && r.remote.text === '0.0.0.0/0')),
      ).toBe(true);
      expect([...m.listeners.values()].some((l) => l.members.some((x) => !x.healthy))).toBe(true);
      const kinds = new Set([...m.endpointServices.values()].map((s) => s.backend.kind));
      expect(kinds.has('elb') && (kinds.has('ecs') || kinds.has('bms'))).toBe(true);
    },
  );
});

describe('VPC peering in generated tenants', () => {
  it('size m: neighbouring VPCs peered with routes, one pair routing back only part, one connection not accepted; lint finds each, and a flow crosses', async () => {
    const { lint } = await import('../../src/lint/index.js');
    const m = modelOf(load('m', 1))!;
    expect([...m.peerings.values()].map((p) => [p.id, p.status])).toEqual([
      ['pcx-vpc-00-vpc-01', 'active'],
      ['pcx-vpc-02-vpc-03', 'active'],
      ['pcx-vpc-04-vpc-03', 'pendingAcceptance'],
    ]);
    const found = new Set(lint(m).map((f) => f.ruleId));
    for (const id of ['peering-route-without-return', 'peering-route-not-active', 'peering-bypasses-endpoint']) expect(found, id).toContain(id);
    // Routed both ways: the matrix block of vpc-00 holds vpc-01's instances.
    const sim = new Simulator(m);
    expect(sim.routes('vpc-00-ecs-00000', 'vpc-01-ecs-00000')).toBe(true);
    expect(sim.routes('vpc-04-ecs-00000', 'vpc-03-ecs-00000')).toBe(false);
    // S has one VPC: nothing to peer.
    expect(modelOf(load('s', 1))!.peerings.size).toBe(0);
  });
});

describe('the internet in generated tenants', () => {
  it('size m: EIPs on a load balancer per VPC and on an instance with SSH open to the world, a NAT gateway per VPC; lint finds the exposure and the dead DNAT rule', async () => {
    const { lint } = await import('../../src/lint/index.js');
    const m = modelOf(load('m', 1))!;
    expect([m.eips.size, m.natGateways.size]).toEqual([11, 5]);
    expect([...m.natGateways.values()].map((g) => [g.id, g.snatRules.length, g.dnatRules.length])).toEqual([
      ['vpc-00-nat', 10, 2],
      ['vpc-01-nat', 10, 0],
      ['vpc-02-nat', 10, 0],
      ['vpc-03-nat', 10, 0],
      ['vpc-04-nat', 10, 0],
    ]);
    const findings = lint(m);
    const open = findings.find((f) => f.ruleId === 'sg-world-open-sensitive-port' && f.data.group === 'vpc-00-sg-002')!;
    expect([open.severity, String(open.data.exposure)]).toEqual(['error', expect.stringMatching(/^the internet reaches "vpc-00-/) as unknown as string]);
    expect(findings.filter((f) => f.ruleId === 'dnat-dead-end').map((f) => [f.data.rule, f.data.code])).toEqual([['dnatRules[1]', 'SG_INGRESS_DENIED']]);
    const sim = new Simulator(m);
    // A subnet with an SNAT rule reaches the internet; one without does not; DNAT on 2222 reaches SSH.
    const out = (id: string) => {
      const d = sim.decide({ from: id, to: 'internet', port: 443 });
      return d.ok && d.value.code;
    };
    const first = (subnet: string) =>
      [...m.instances.values()].find((i) => i.subnet === subnet && !m.eips.get('eip-ssh-open-to-the-world')?.boundTo?.includes(i.id))!.id;
    expect([out(first('vpc-01-sn-00')), out(first('vpc-01-sn-01'))]).toEqual(['DELIVERED', 'NO_SNAT_RULE']);
    const dnat = m.natGateways.get('vpc-00-nat')!.dnatRules[0]!;
    const d = sim.decide({ from: 'internet', to: dnat.instance!, port: 2222 });
    expect(d.ok && d.value.code).toBe('DELIVERED');
  });
});
