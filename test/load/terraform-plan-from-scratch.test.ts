import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelFromText } from '../../src/load/index.js';
import { lint } from '../../src/lint/index.js';
import type { Model } from '../../src/model/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { modelOf } from '../helpers/model.js';

/**
 * `terraform plan` of resources being created marks every Optional+Computed attribute unknown in `after_unknown`
 * (and leaves it out of the planned values) when the configuration does not set it. The attributes below are the
 * Optional+Computed ones of the huaweicloud provider's schemas (its `huaweicloud/services/*` sources) among those the
 * importer reads or that decide what it reads: `region` everywhere; for rules, the ports, protocol, peers, action and
 * priority; an instance's groups (by id and by name) and its NIC's subnet, address and port (`block.*.attribute` is
 * each block of a list); a BMS's groups and NIC address; load balancers' addresses, VPC and cross-VPC switch;
 * listeners' port, default pool and switches; pools' listener and load balancer; members' weight; a service's
 * approval; an endpoint's subnet, address, description, IP version and route tables. The fixtures' plans are made that
 * way here, and must load to the same network as written.
 */
const OPTIONAL_COMPUTED: Record<string, readonly string[]> = {
  huaweicloud_networking_secgroup_rule: [
    'port_range_min',
    'port_range_max',
    'ports',
    'protocol',
    'remote_group_id',
    'remote_address_group_id',
    'remote_ip_prefix',
    'action',
    'priority',
  ],
  huaweicloud_compute_instance: ['security_groups', 'security_group_ids', 'availability_zone', 'network.*.uuid', 'network.*.fixed_ip_v4', 'network.*.port'],
  huaweicloud_bms_instance: ['security_groups', 'enterprise_project_id', 'nics.*.ip_address'],
  huaweicloud_elb_loadbalancer: ['cross_vpc_backend', 'vpc_id', 'ipv4_address', 'backend_subnets', 'l4_flavor_id', 'l7_flavor_id'],
  huaweicloud_elb_listener: ['protocol_port', 'name', 'default_pool_id', 'ip_group_enable', 'transparent_client_ip_enable'],
  huaweicloud_elb_pool: ['loadbalancer_id', 'listener_id', 'type', 'vpc_id'],
  huaweicloud_elb_member: ['weight'],
  huaweicloud_elb_ipgroup: ['enterprise_project_id'],
  huaweicloud_lb_loadbalancer: ['vip_address', 'security_group_ids'],
  huaweicloud_lb_listener: ['name', 'default_pool_id'],
  huaweicloud_lb_pool: ['loadbalancer_id', 'listener_id'],
  huaweicloud_lb_member: ['weight'],
  huaweicloud_vpcep_service: ['approval'],
  huaweicloud_vpcep_endpoint: ['network_id', 'ip_address', 'description', 'ip_version', 'routetables'],
  huaweicloud_vpc_peering_connection: ['peer_tenant_id', 'description'],
  huaweicloud_vpc_route: ['route_table_id', 'description'],
  huaweicloud_vpc_route_table: ['description'],
};

type Json = Record<string, unknown>;
interface Plan {
  planned_values: { root_module: Mod };
  resource_changes: { address: string; type: string; change: { actions: string[]; after: Json; after_unknown: Json } }[];
  configuration?: { root_module: ConfigMod };
}
interface Mod {
  resources?: { address: string; type: string; values: Json }[];
  child_modules?: Mod[];
}
interface ConfigMod {
  resources?: { address: string; expressions?: Json }[];
  module_calls?: Record<string, { module: ConfigMod }>;
}

/** The configuration's expressions of a resource instance address (module calls and indexes stripped). */
function expressionsOf(cfg: ConfigMod | undefined, address: string): Json | undefined {
  const parts = address.replace(/\[[^\]]*\]/g, '').split('.');
  let m = cfg;
  while (parts[0] === 'module') {
    m = m?.module_calls?.[parts[1]!]?.module;
    parts.splice(0, 2);
  }
  return m?.resources?.find((r) => r.address === parts.join('.'))?.expressions;
}

/** The plan as Terraform writes it for a fresh apply: every Optional+Computed attribute the configuration leaves unset is unknown. */
function fromScratch(plan: Plan): { plan: Plan; marked: number; unset: number } {
  const out = structuredClone(plan);
  const values = new Map<string, Json>();
  const walk = (m: Mod): void => {
    for (const r of m.resources ?? []) values.set(r.address, r.values);
    for (const c of m.child_modules ?? []) walk(c);
  };
  walk(out.planned_values.root_module);
  let marked = 0;
  let unset = 0;
  for (const rc of out.resource_changes) {
    if (!rc.change.actions.includes('create')) continue;
    const expressions = expressionsOf(out.configuration?.root_module, rc.address) ?? {};
    for (const attr of ['region', ...(OPTIONAL_COMPUTED[rc.type] ?? [])]) {
      const [block, star, sub] = attr.split('.');
      if (star === '*') {
        // An attribute of each block of a list: unknown in each block whose configuration leaves it unset.
        const blocks = (rc.change.after[block!] ?? []) as Json[];
        const planned = (values.get(rc.address)?.[block!] ?? []) as Json[];
        const configured = (expressions[block!] ?? []) as Json[];
        blocks.forEach((b, i) => {
          if (configured[i] && sub! in configured[i]) return;
          unset++;
          const u = ((rc.change.after_unknown[block!] ??= []) as Json[])[i] ?? {};
          ((rc.change.after_unknown[block!] as Json[])[i] = u)[sub!] = true;
          delete b[sub!];
          delete planned[i]?.[sub!];
          marked++;
        });
        continue;
      }
      // What the configuration sets is known in the plan (a constant, or a value known at plan time).
      if (attr in expressions) continue;
      unset++;
      rc.change.after_unknown[attr] = true;
      delete rc.change.after[attr];
      delete values.get(rc.address)?.[attr];
      marked++;
    }
  }
  return { plan: out, marked, unset };
}

/** What a network answers: its resources, every lint finding, and the verdict of each instance to each endpoint and instance on each mapped port. */
function answers(m: Model): unknown {
  const sim = new Simulator(m);
  const ports = [...new Set([...m.endpointServices.values()].flatMap((s) => s.portMappings.map((p) => p.terminalPort)))];
  return {
    instances: [...m.instances.values()].map((i) => [i.id, i.kind, i.subnet, i.securityGroups]),
    endpoints: [...m.endpoints.values()].map((e) => [e.id, e.service, e.status]),
    groups: [...m.securityGroups.values()].map((g) => [g.id, g.rules.length]),
    acls: [...m.networkAcls.values()].map((a) => [a.id, a.inbound.length, a.outbound.length]),
    listeners: [...m.listeners.values()].map((l) => [l.id, l.port, l.accessControl.mode, l.members.map((x) => [x.instance, x.port, x.weight])]),
    peerings: [...m.peerings.values()].map((p) => [p.id, p.vpc, p.peerVpc, p.status]),
    routeTables: [...m.routeTables.values()].map((t) => [t.id, t.vpc, t.isDefault, t.subnets, t.routes.map((r) => [r.destination, r.type, r.nextHop])]),
    findings: lint(m).map((f) => `${f.ruleId} ${f.message}`),
    decisions: [...m.instances.keys()].flatMap((from) =>
      [...m.endpoints.keys(), ...m.instances.keys()].flatMap((to) =>
        (ports.length ? ports : [22, 8443]).map((port) => {
          const d = sim.decide({ from, to, port });
          return d.ok ? [from, to, port, d.value.verdict, d.value.code, d.value.at] : [from, to, port, d.error.message];
        }),
      ),
    ),
  };
}

describe('a plan from scratch loads as terraform plan writes it (every Optional+Computed attribute unknown on create)', () => {
  for (const file of ['vpcep-approval-plan.json', 'elb-shared-cross-account-plan.json', 'modules-plan.json', 'elb-dedicated-plan.json', 'peering-plan.json']) {
    it(file, () => {
      const text = readFileSync(join('test/fixtures/terraform', file), 'utf8');
      const written = loadModelFromText(file, text);
      expect(modelOf(written), file).toBeDefined();
      const { plan, marked, unset } = fromScratch(JSON.parse(text) as Plan);
      expect(marked).toBeGreaterThan(0);
      expect(unset).toBeGreaterThan(0);
      const scratch = loadModelFromText(file, JSON.stringify(plan, null, 2));
      expect(scratch.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual([]);
      expect(answers(modelOf(scratch)!)).toEqual(answers(modelOf(written)!));
    });
  }

  it('a rule whose configuration sets remote_ip_prefix is not a reference to an address group or a group (unknown, unset)', () => {
    const file = 'elb-shared-cross-account-plan.json';
    const plan = JSON.parse(readFileSync(join('test/fixtures/terraform', file), 'utf8')) as Plan;
    const rule = plan.resource_changes.find((r) => r.type === 'huaweicloud_networking_secgroup_rule')!;
    expect(rule.change.after.remote_ip_prefix).toBeTypeOf('string');
    rule.change.after_unknown.remote_address_group_id = true;
    rule.change.after_unknown.remote_group_id = true;
    const withConfig = loadModelFromText(file, JSON.stringify(plan));
    expect(withConfig.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Without a configuration to read, the provider's rule that a rule has one peer decides.
    delete plan.configuration;
    const withoutConfig = loadModelFromText(file, JSON.stringify(plan));
    expect(withoutConfig.diagnostics.filter((d) => /\.remote_\w+$/.test(d.location.address ?? '')).map((d) => d.message)).toEqual([]);
  });
});

describe("the provider's examples/vpcep planned from nothing answers as the same configuration applied", () => {
  it('the plan (every unset Optional+Computed attribute unknown) and the state without the rule added after apply: the same findings and verdicts', async () => {
    const { Simulator } = await import('../../src/sim/engine.js');
    const planText = readFileSync('test/fixtures/terraform/vpcep-approval-plan.json', 'utf8');
    const plan = modelOf(loadModelFromText('plan.json', JSON.stringify(fromScratch(JSON.parse(planText) as Plan).plan)))!;
    // The fixture's state is that configuration applied, plus a rule for 198.19.128.0/17 added afterwards: take it out…
    const state = JSON.parse(readFileSync('test/fixtures/terraform/vpcep-approval-state.json', 'utf8')) as {
      values: { root_module: { resources: { address: string; type: string; values: Json }[] } };
    };
    const resources = state.values.root_module.resources;
    const added = resources.find((r) => r.address === 'huaweicloud_networking_secgroup_rule.vpcep')!;
    state.values.root_module.resources = resources.filter((r) => r !== added);
    const group = state.values.root_module.resources.find((r) => r.type === 'huaweicloud_networking_secgroup')!;
    group.values.rules = (group.values.rules as Json[]).filter((r) => r.id !== added.values.id);
    // …and the instance's vpcreach_listens tag, added with it (the example's configuration has no tags).
    const instance = state.values.root_module.resources.find((r) => r.type === 'huaweicloud_compute_instance')!;
    delete (instance.values.tags as Json).vpcreach_listens;
    const applied = modelOf(loadModelFromText('state.json', JSON.stringify(state)))!;
    const findings = (m: Model) => lint(m).map((f) => [f.ruleId, f.messageId, f.message]);
    expect(findings(plan)).toEqual(findings(applied));
    expect(findings(plan).map((f) => f[0])).toContain('vpcep-backend-missing-range');
    const decide = (m: Model) =>
      [...m.instances.keys()].flatMap((from) =>
        [...m.endpoints.keys(), ...m.instances.keys()].flatMap((to) =>
          [80, 8080, 22].map((port) => {
            const d = new Simulator(m).decide({ from, to, port });
            return d.ok ? [from, to, port, d.value.verdict, d.value.code, d.value.at] : [from, to, port, d.error.message];
          }),
        ),
      );
    expect(decide(plan)).toEqual(decide(applied));
  });
});
