import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatTerraformState, toTerraformState } from '../../src/generate/terraform-state.js';
import { loadModelFromText } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { portClasses } from '../../src/symbolic/ports.js';
import { modelOf } from '../helpers/model.js';

type Json = Record<string, unknown>;

describe('EIPs and NAT gateways from Terraform', () => {
  it('a plan from nothing: addresses known only after apply placed (and said), each way of binding an EIP, SNAT and DNAT rules, the route the cloud adds', () => {
    const r = loadModelFromText('plan.json', readFileSync('test/fixtures/terraform/internet-plan.json', 'utf8'));
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.location.address])).toEqual([
      ['info', 'terraform-unknown-address', 'huaweicloud_vpc_eip.bastion.address'],
      ['info', 'terraform-unknown-address', 'huaweicloud_vpc_eip.jump.address'],
      ['info', 'terraform-unknown-address', 'huaweicloud_vpc_eip.lb.address'],
      ['info', 'terraform-nat-default-route', 'huaweicloud_nat_gateway.main'],
    ]);
    const m = modelOf(r)!;
    expect([...m.eips.values()].map((e) => [e.id, e.boundTo])).toEqual([
      ['huaweicloud_vpc_eip.bastion', 'huaweicloud_compute_instance.bastion'],
      ['huaweicloud_vpc_eip.jump', 'huaweicloud_compute_instance.jump'],
      ['huaweicloud_vpc_eip.nat', null],
      ['huaweicloud_vpc_eip.lb', 'huaweicloud_elb_loadbalancer.web'],
    ]);
    const g = m.natGateways.get('huaweicloud_nat_gateway.main')!;
    expect([
      g.vpc,
      g.subnet,
      g.snatRules.map((x) => [x.subnet, x.eips]),
      g.dnatRules.map((x) => [x.eip, x.protocol, x.externalPort, x.internalPort, x.instance]),
    ]).toEqual([
      'huaweicloud_vpc.web',
      'huaweicloud_vpc_subnet.nat',
      [['huaweicloud_vpc_subnet.app', ['huaweicloud_vpc_eip.nat']]],
      [['huaweicloud_vpc_eip.nat', 'tcp', 2222, 22, 'huaweicloud_compute_instance.app']],
    ]);
    expect([...m.routeTables.values()].map((t) => [t.id, t.isDefault, t.routes.map((x) => [x.type, x.nextHop])])).toEqual([
      ['huaweicloud_vpc.web.default_route_table', true, [['nat', 'huaweicloud_nat_gateway.main']]],
    ]);
    const sim = new Simulator(m);
    const d = (from: string, to: string, port: number) => {
      const x = sim.decide({ from, to, port });
      return x.ok && x.value.code;
    };
    expect(d('internet', 'huaweicloud_compute_instance.bastion', 22)).toBe('DELIVERED');
    expect(d('internet', 'huaweicloud_compute_instance.app', 2222)).toBe('DELIVERED');
    expect(d('huaweicloud_compute_instance.app', 'internet', 443)).toBe('DELIVERED');
    // The dmz subnet has no SNAT rule; its two instances have their own EIPs.
    expect(d('huaweicloud_compute_instance.bastion', 'internet', 443)).toBe('DELIVERED');
  });

  it('the state writer writes them, and reading the state back answers as the model does (models/internet)', () => {
    const doc = parse(readFileSync('models/internet/model.yaml', 'utf8')) as Json;
    const { state, addresses } = toTerraformState(doc);
    const r = loadModelFromText('state.json', formatTerraformState(state));
    expect(r.diagnostics.filter((x) => x.severity !== 'info')).toEqual([]);
    const imported = new Simulator(modelOf(r)!);
    const original = new Simulator(modelOf(loadModelFromText('model.yaml', readFileSync('models/internet/model.yaml', 'utf8')))!);
    const id = (x: string) => (x === 'internet' ? x : (addresses.get(x) ?? x));
    const strip = (classes: unknown) => JSON.parse(JSON.stringify(classes).replace(/"at":"[^"]*"/g, '"at":""')) as unknown;
    for (const [from, to] of [
      ['internet', 'ecs-bastion'],
      ['internet', 'ecs-app'],
      ['internet', 'elb-web'],
      ['internet', 'ecs-db'],
      ['ecs-app', 'internet'],
      ['ecs-db', 'internet'],
      ['ecs-bastion', 'internet'],
    ] as const) {
      const a = portClasses(original, from, to);
      const b = portClasses(imported, id(from), id(to));
      expect(b.ok && strip(b.value), `${from} → ${to}`).toEqual(a.ok && strip(a.value));
    }
  });
});
