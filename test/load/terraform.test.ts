import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTerraform, loadModel, loadModelFromText } from '../../src/load/index.js';
import { lint } from '../../src/lint/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { formatPorts, formatRange } from '../../src/net/index.js';
import { check } from '../../src/verify/scenario.js';
import { formatTerraformState, toTerraformState } from '../../src/generate/terraform-state.js';
import { generateTenant } from '../../src/generate/tenant.js';
import { runs, validModelArb } from '../fuzz/arbitraries.js';
import { cli } from '../helpers/cli.js';
import { modelOf } from '../helpers/model.js';

const DIR = 'test/fixtures/terraform';
const at = (file: string, needle: string, nth = 0): { line: number; column: number } => {
  const text = readFileSync(file, 'utf8');
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
};

describe('Terraform plans and states are read as models, by content', () => {
  it('every fixture that describes a network loads into a valid model; its ids are the Terraform addresses', () => {
    const expected: Record<string, { instances: string[]; endpoints: string[]; services: string[]; lbs: string[] }> = {
      'vpcep-approval-plan.json': {
        instances: ['huaweicloud_compute_instance.test'],
        endpoints: ['huaweicloud_vpcep_endpoint.test'],
        services: ['huaweicloud_vpcep_service.test'],
        lbs: [],
      },
      'vpcep-approval-state.json': {
        instances: ['huaweicloud_compute_instance.test'],
        endpoints: ['huaweicloud_vpcep_endpoint.test'],
        services: ['huaweicloud_vpcep_service.test'],
        lbs: [],
      },
      'elb-shared-cross-account-plan.json': {
        instances: ['huaweicloud_compute_instance.web[0]', 'huaweicloud_compute_instance.web[1]', 'huaweicloud_compute_instance.client'],
        endpoints: ['huaweicloud_vpcep_endpoint.web'],
        services: ['huaweicloud_vpcep_service.web'],
        lbs: ['huaweicloud_lb_loadbalancer.elb'],
      },
      'elb-dedicated-modules-state.json': {
        instances: ['module.app["api"].huaweicloud_compute_instance.this', 'module.app["admin"].huaweicloud_compute_instance.this'],
        endpoints: [],
        services: ['huaweicloud_vpcep_service.app'],
        lbs: ['huaweicloud_elb_loadbalancer.app'],
      },
      'modules-plan.json': {
        instances: ['module.app.huaweicloud_compute_instance.this["api"]', 'module.app.huaweicloud_compute_instance.this["worker"]'],
        endpoints: [],
        services: ['huaweicloud_vpcep_service.api'],
        lbs: [],
      },
    };
    for (const [name, want] of Object.entries(expected)) {
      const r = loadModel(join(DIR, name));
      expect(
        r.diagnostics.filter((d) => d.severity === 'error'),
        name,
      ).toEqual([]);
      const m = modelOf(r)!;
      expect([...m.instances.keys()], name).toEqual(want.instances);
      expect([...m.endpoints.keys()], name).toEqual(want.endpoints);
      expect([...m.endpointServices.keys()], name).toEqual(want.services);
      expect([...m.loadBalancers.keys()], name).toEqual(want.lbs);
    }
  });

  it('links follow known ids (state) and configuration references (plan), across module variables and outputs', () => {
    const state = modelOf(loadModel(join(DIR, 'elb-dedicated-modules-state.json')))!;
    const lb = state.loadBalancers.get('huaweicloud_elb_loadbalancer.app')!;
    expect(lb).toMatchObject({ lbKind: 'dedicated', subnet: 'module.network.huaweicloud_vpc_subnet.this["elb"]', ipAsBackend: false });
    const listener = state.listeners.get('huaweicloud_elb_listener.http')!;
    expect(listener.protocol).toBe('http');
    expect(listener.members.map((x) => [x.instance, x.port])).toEqual([
      ['module.app["api"].huaweicloud_compute_instance.this', 8080],
      ['module.app["admin"].huaweicloud_compute_instance.this', 8080],
    ]);
    expect(listener.accessControl.mode).toBe('whitelist');
    expect(state.subnets.get('module.network.huaweicloud_vpc_subnet.this["backend"]')!.networkAcl).toBe('module.network.huaweicloud_vpc_network_acl.backend');
    expect(state.endpointServices.get('huaweicloud_vpcep_service.app')!.backend).toEqual({ kind: 'elb', loadBalancer: 'huaweicloud_elb_loadbalancer.app' });

    const plan = modelOf(loadModel(join(DIR, 'modules-plan.json')))!;
    // port_id = module.app.api_port, an output that names the "api" instance's NIC.
    expect(plan.endpointServices.get('huaweicloud_vpcep_service.api')!.backend).toEqual({
      kind: 'ecs',
      instance: 'module.app.huaweicloud_compute_instance.this["api"]',
    });
    // network[0].uuid = var.subnet_id, which module.app's call sets to module.network.subnet_id.
    expect(plan.instances.get('module.app.huaweicloud_compute_instance.this["worker"]')!.subnet).toBe('module.network.huaweicloud_vpc_subnet.this');
  });

  it('accounts come from the provider configuration; an approval resource accepts its endpoints', () => {
    const m = modelOf(loadModel(join(DIR, 'elb-shared-cross-account-plan.json')))!;
    expect(m.endpointServices.get('huaweicloud_vpcep_service.web')!.account).toBe('provider-domain');
    const ep = m.endpoints.get('huaweicloud_vpcep_endpoint.web')!;
    expect([ep.account, ep.status]).toEqual(['consumer-domain', 'accepted']);
    expect(ep.whitelistSet).not.toBeNull();
    // In a state the service's connections name each endpoint's account.
    const s = modelOf(loadModel(join(DIR, 'vpcep-approval-state.json')))!;
    expect(s.endpoints.get('huaweicloud_vpcep_endpoint.test')!.account).toBe('0970dd7a1300f5672ff2c003c60ae115');
  });

  it('values known only after apply are placed at a free address of their subnet, and a note says so at the attribute', () => {
    const file = join(DIR, 'vpcep-approval-plan.json');
    const r = loadModel(file);
    const notes = r.diagnostics.filter((d) => d.code === 'terraform-unknown-address');
    expect(notes.map((d) => [d.severity, d.location.address])).toEqual([
      ['info', 'huaweicloud_compute_instance.test.network[0].fixed_ip_v4'],
      ['info', 'huaweicloud_vpcep_endpoint.test.ip_address'],
    ]);
    expect(notes[1]!.message).toContain('placed it at 192.168.0.3'.replace('placed it', 'places it'));
    // The note points into planned_values, at the endpoint's values (the attribute itself is absent there).
    expect(notes[1]!.location.line).toBeGreaterThan(0);
    expect(modelOf(r)!.instances.get('huaweicloud_compute_instance.test')!.ip).not.toBe(modelOf(r)!.endpoints.get('huaweicloud_vpcep_endpoint.test')!.ip);
    // Huawei's default rules of a group created without delete_default_rules, said once.
    expect(r.diagnostics.filter((d) => d.code === 'terraform-default-rules').map((d) => d.location.address)).toEqual([
      'huaweicloud_networking_secgroup.test.delete_default_rules',
    ]);
  });

  it('an address known only after apply is never placed on an address the plan already gives another resource', () => {
    const text = readFileSync(join(DIR, 'elb-shared-cross-account-plan.json'), 'utf8')
      // The client takes the subnet's first usable address; the endpoint's address is left to the cloud.
      .replaceAll('"192.168.1.10"', '"192.168.1.2"')
      .replaceAll('"ip_address": "192.168.1.50",', '');
    const plan = JSON.parse(text) as { resource_changes: { address: string; change: { after_unknown: Record<string, unknown> } }[] };
    plan.resource_changes.find((r) => r.address === 'huaweicloud_vpcep_endpoint.web')!.change.after_unknown.ip_address = true;
    const r = loadModelFromText('plan.json', JSON.stringify(plan, null, 2));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const m = modelOf(r)!;
    expect(
      formatRange({ lo: m.instances.get('huaweicloud_compute_instance.client')!.ip, hi: m.instances.get('huaweicloud_compute_instance.client')!.ip }),
    ).toBe('192.168.1.2');
    expect(formatRange({ lo: m.endpoints.get('huaweicloud_vpcep_endpoint.web')!.ip, hi: m.endpoints.get('huaweicloud_vpcep_endpoint.web')!.ip })).toBe(
      '192.168.1.3',
    );
  });

  it("validation's own diagnostics point at the Terraform attribute, its line and column in the JSON", async () => {
    const file = join(DIR, 'vpcep-approval-state.json');
    const original = readFileSync(file, 'utf8');
    // The rule resource's own attribute (the group's `rules` list repeats it; that entry is read from the resource).
    const i = original.lastIndexOf('"remote_ip_prefix": "198.19.128.0/17"');
    const text = `${original.slice(0, i)}"remote_ip_prefix": "198.19.128.0/33"${original.slice(i + '"remote_ip_prefix": "198.19.128.0/17"'.length)}`;
    expect(text).toContain('198.19.128.0/33');
    const r = loadModelFromText('state.json', text);
    expect(modelOf(r)).toBeUndefined();
    const d = r.diagnostics.find((x) => x.severity === 'error')!;
    const where = text.indexOf('"198.19.128.0/33"');
    const before = text.slice(0, where);
    expect(d.location).toMatchObject({
      file: 'state.json',
      address: expect.stringMatching(/^huaweicloud_networking_secgroup.*remote_ip_prefix$/) as unknown,
      line: before.split('\n').length,
      column: where - before.lastIndexOf('\n'),
    });
    // The text report names the address beside the position.
    const out = await cli(['validate', file]);
    expect(out.code).toBe(0);
  });

  it('a state that lists a resource twice is invalid at the repeated one, never read with one of them dropped', () => {
    const state = JSON.parse(readFileSync(join(DIR, 'vpcep-approval-state.json'), 'utf8')) as {
      values: { root_module: { resources: { address: string }[] } };
    };
    const resources = state.values.root_module.resources;
    resources.push(structuredClone(resources.find((r) => r.address === 'huaweicloud_compute_instance.test')!));
    const text = JSON.stringify(state, null, 2);
    const r = loadModelFromText('state.json', text);
    expect(modelOf(r)).toBeUndefined();
    const d = r.diagnostics.find((x) => x.code === 'duplicate-id')!;
    expect(d.location.address).toBe('huaweicloud_compute_instance.test');
    // At the repeated resource's values.
    const values = text.indexOf('"values"', text.lastIndexOf('"address": "huaweicloud_compute_instance.test"'));
    expect(d.location.line).toBe(text.slice(0, values).split('\n').length);
    expect(d.hint).toBe('Terraform writes each resource address once: remove the repeated resource, or write the file again with `terraform show -json`');
  });

  it("structural messages name the Terraform attribute, not the model's field", () => {
    const state = JSON.parse(readFileSync(join(DIR, 'vpcep-approval-state.json'), 'utf8')) as {
      values: { root_module: { resources: { address: string; values: Record<string, unknown> }[] } };
    };
    const resource = (address: string) => state.values.root_module.resources.find((r) => r.address === address)!.values;
    resource('huaweicloud_vpcep_endpoint.test').status = 'weird';
    const mappings = resource('huaweicloud_vpcep_service.test').port_mapping as Record<string, unknown>[];
    mappings.push({ ...mappings[0], service_port: 8081 });
    const d = loadModelFromText('state.json', JSON.stringify(state, null, 2)).diagnostics.filter((x) => x.severity === 'error');
    expect(d.map((x) => [x.code, x.message, x.location.address])).toEqual([
      [
        'duplicate-terminal-port',
        'terminal port 80 is already mapped by huaweicloud_vpcep_service.test.port_mapping[0].terminal_port',
        'huaweicloud_vpcep_service.test.port_mapping[1].terminal_port',
      ],
      [
        'invalid-value',
        'huaweicloud_vpcep_endpoint.test.status must be one of pendingAcceptance, accepted, rejected, failed, creating, deleting; got "weird"',
        'huaweicloud_vpcep_endpoint.test.status',
      ],
    ]);
  });

  it("an approval shares its service's id (as the provider documents): in Terraform's address order, the endpoint still connects to the service", () => {
    const file = join(DIR, 'vpcep-approval-state.json');
    const state = JSON.parse(readFileSync(file, 'utf8')) as { values: { root_module: { resources: { address: string; values: { id: string } }[] } } };
    const resources = state.values.root_module.resources;
    const approval = resources.find((r) => r.address === 'huaweicloud_vpcep_approval.test')!;
    expect(approval.values.id).toBe(resources.find((r) => r.address === 'huaweicloud_vpcep_service.test')!.values.id);
    // `terraform show -json` lists resources by address: the approval before the service.
    resources.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
    const sorted = loadModelFromText('state.json', JSON.stringify(state, null, 2));
    expect(sorted.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const original = modelOf(loadModel(file))!;
    expect([...modelOf(sorted)!.endpoints.values()].map((e) => [e.id, e.service, e.status])).toEqual(
      [...original.endpoints.values()].map((e) => [e.id, e.service, e.status]),
    );
    expect(modelOf(sorted)!.endpoints.size).toBe(1);
  });

  it("an IP address group of more than 300 entries is an error at the group's ip_list", () => {
    type Mod = { resources?: { address: string; type: string; values: Record<string, unknown> }[]; child_modules?: Mod[] };
    const state = JSON.parse(readFileSync(join(DIR, 'elb-dedicated-modules-state.json'), 'utf8')) as { values: { root_module: Mod } };
    const all = (m: Mod): NonNullable<Mod['resources']> => [...(m.resources ?? []), ...(m.child_modules ?? []).flatMap(all)];
    const group = all(state.values.root_module).find((r) => r.type === 'huaweicloud_elb_ipgroup')!;
    group.values.ip_list = Array.from({ length: 301 }, (_, i) => ({ ip: `10.9.${Math.floor(i / 200)}.${i % 200}`, description: '' }));
    const r = loadModelFromText('state.json', JSON.stringify(state, null, 2));
    expect(modelOf(r)).toBeUndefined();
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.location.address])).toEqual([
      ['too-many-access-control-entries', `${group.address}.ip_list`],
    ]);
  });

  it("a network ACL rule's source or destination address group is its addresses, one rule each, never 'any'", () => {
    type Mod = { resources?: Record<string, unknown>[]; child_modules?: Mod[] };
    const state = JSON.parse(readFileSync(join(DIR, 'elb-dedicated-modules-state.json'), 'utf8')) as { values: { root_module: Mod } };
    const all = (m: Mod): { address: string; type: string; values: Record<string, unknown> }[] =>
      [...(m.resources ?? []), ...(m.child_modules ?? []).flatMap(all)] as { address: string; type: string; values: Record<string, unknown> }[];
    const acl = all(state.values.root_module).find((r) => r.type === 'huaweicloud_vpc_network_acl')!;
    const ingress = acl.values.ingress_rules as Record<string, unknown>[];
    // The load balancer's subnet as an address group (the provider's source_ip_address_group_id), and a deny by group.
    ingress[0] = { ...ingress[0], source_ip_address: '', source_ip_address_group_id: 'ag-elb' };
    ingress[1] = { ...ingress[1], destination_ip_address: '', destination_ip_address_group_id: 'ag-hosts' };
    state.values.root_module.resources!.push(
      {
        address: 'huaweicloud_vpc_address_group.elb',
        mode: 'managed',
        type: 'huaweicloud_vpc_address_group',
        name: 'elb',
        provider_name: 'registry.terraform.io/huaweicloud/huaweicloud',
        values: { id: 'ag-elb', name: 'elb', addresses: ['172.16.2.0/25', '172.16.2.128/25'] },
      },
      {
        address: 'huaweicloud_vpc_address_group.hosts',
        mode: 'managed',
        type: 'huaweicloud_vpc_address_group',
        name: 'hosts',
        provider_name: 'registry.terraform.io/huaweicloud/huaweicloud',
        values: { id: 'ag-hosts', name: 'hosts', addresses: ['172.16.1.10', '172.16.1.11'] },
      },
    );
    const r = loadModelFromText('state.json', JSON.stringify(state, null, 2));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const modelled = [...modelOf(r)!.networkAcls.values()][0]!;
    expect(modelled.inbound.map((x) => [x.action, formatRange(x.source), formatRange(x.destination), formatPorts(x.ports)])).toEqual([
      ['allow', '172.16.2.0/25', '0.0.0.0/0', '8080'],
      ['allow', '172.16.2.128/25', '0.0.0.0/0', '8080'],
      ['deny', '0.0.0.0/0', '172.16.1.10', '22'],
      ['deny', '0.0.0.0/0', '172.16.1.11', '22'],
    ]);
    // A group that is not in the state is an error at the attribute, never a rule that matches any address.
    ingress[0].source_ip_address_group_id = 'ag-missing';
    const missing = loadModelFromText('state.json', JSON.stringify(state, null, 2));
    expect(modelOf(missing)).toBeUndefined();
    expect(missing.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.location.address])).toEqual([
      ['terraform-unresolved-reference', `${acl.address}.ingress_rules[0].source_ip_address_group_id`],
    ]);
  });

  it("an instance named into its groups by name (the provider's security_groups) is in those groups, not the default one", () => {
    const file = join(DIR, 'elb-shared-cross-account-plan.json');
    const plan = JSON.parse(readFileSync(file, 'utf8')) as {
      resource_changes: { address: string; type: string; change: { after: Record<string, unknown>; after_unknown: Record<string, unknown> } }[];
      planned_values: { root_module: { resources: { address: string; values: Record<string, unknown> }[] } };
      configuration: { root_module: { resources: { address: string; expressions: Record<string, unknown> }[] } };
    };
    const client = plan.resource_changes.find((r) => r.address === 'huaweicloud_compute_instance.client')!;
    // `security_groups = ["sg-client"]`: security_group_ids (Optional+Computed) is unknown and unset on create.
    client.change.after.security_groups = ['sg-client'];
    delete client.change.after.security_group_ids;
    client.change.after_unknown.security_group_ids = true;
    const planned = plan.planned_values.root_module.resources.find((r) => r.address === client.address)!;
    planned.values.security_groups = ['sg-client'];
    delete planned.values.security_group_ids;
    const cfg = plan.configuration.root_module.resources.find((r) => r.address === client.address)!;
    delete cfg.expressions.security_group_ids;
    cfg.expressions.security_groups = { constant_value: ['sg-client'] };
    const r = loadModelFromText('plan.json', JSON.stringify(plan, null, 2));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(modelOf(r)!.instances.get(client.address)!.securityGroups).toEqual(['huaweicloud_networking_secgroup.client']);
    // By reference to the group's name, too.
    cfg.expressions.security_groups = { references: ['huaweicloud_networking_secgroup.client.name', 'huaweicloud_networking_secgroup.client'] };
    const byRef = loadModelFromText('plan.json', JSON.stringify(plan, null, 2));
    expect(modelOf(byRef)!.instances.get(client.address)!.securityGroups).toEqual(['huaweicloud_networking_secgroup.client']);
    // A name no group of the plan has is an error at the attribute, never the default group.
    cfg.expressions.security_groups = { constant_value: ['sg-elsewhere'] };
    client.change.after.security_groups = ['sg-elsewhere'];
    planned.values.security_groups = ['sg-elsewhere'];
    const unknown = loadModelFromText('plan.json', JSON.stringify(plan, null, 2));
    expect(unknown.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.location.address])).toEqual([
      ['terraform-unresolved-reference', `${client.address}.security_groups`],
    ]);
  });

  it('a link the importer cannot follow is an error at the attribute, and the model is invalid', () => {
    const file = join(DIR, 'vpcep-approval-state.json');
    const text = readFileSync(file, 'utf8').replace(/"security_group_id": "d3a2f8e9-[^"]*"/, '"security_group_id": "not-in-this-state"');
    const r = loadModelFromText('state.json', text);
    expect(modelOf(r)).toBeUndefined();
    const d = r.diagnostics.find((x) => x.code === 'terraform-unresolved-reference')!;
    expect(d.location.address).toBe('huaweicloud_networking_secgroup_rule.vpcep.security_group_id');
    expect(d.message).toContain('not-in-this-state');
  });

  it('resources outside the network model are listed once per type, never dropped silently', () => {
    const r = loadModel(join(DIR, 'vpcep-approval-plan.json'));
    expect(r.diagnostics.filter((d) => d.code === 'terraform-not-modelled').map((d) => d.message)).toEqual([
      '1 huaweicloud_availability_zones resource is not part of the network model (data.huaweicloud_availability_zones.test)',
    ]);
    // A virtual IP is not modelled (traffic to its address is not followed): said, not passed over.
    const state = JSON.parse(readFileSync(join(DIR, 'vpcep-approval-state.json'), 'utf8')) as { values: { root_module: { resources: unknown[] } } };
    state.values.root_module.resources.push({
      address: 'huaweicloud_networking_vip.test',
      mode: 'managed',
      type: 'huaweicloud_networking_vip',
      name: 'test',
      provider_name: 'registry.terraform.io/huaweicloud/huaweicloud',
      values: { id: 'vip-1', network_id: 'net-1', ip_address: '192.168.0.200' },
    });
    const withVip = loadModelFromText('state.json', JSON.stringify(state));
    expect(withVip.diagnostics.filter((d) => d.code === 'terraform-not-modelled').map((d) => d.message)).toEqual([
      '1 huaweicloud_networking_vip resource is not part of the network model (huaweicloud_networking_vip.test)',
    ]);
  });
});

describe('the same answers from Terraform and from a model file', () => {
  it('a scenario written against Terraform addresses passes and fails alike on the plan and on the hand-written model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-tf-'));
    copyFileSync(join(DIR, 'elb-shared-cross-account-plan.json'), join(dir, 'plan.json'));
    copyFileSync(join(DIR, 'elb-shared-cross-account.model.yaml'), join(dir, 'model.yaml'));
    const scenario = readFileSync(join(DIR, 'scenarios/shared-elb.yaml'), 'utf8');
    writeFileSync(join(dir, 'on-plan.yaml'), scenario.replace('model: ../elb-shared-cross-account-plan.json', 'model: plan.json'));
    writeFileSync(join(dir, 'on-model.yaml'), scenario.replace('model: ../elb-shared-cross-account-plan.json', 'model: model.yaml'));
    const verdicts = (f: string) =>
      check([join(dir, f)]).scenarios[0]!.expectations.map((e) => [e.expectation.name, e.status, e.status === 'error' ? '' : e.result?.code]);
    const onPlan = verdicts('on-plan.yaml');
    expect(onPlan).toEqual(verdicts('on-model.yaml'));
    expect(onPlan.map((v) => v[1])).toEqual(['pass', 'pass', 'pass', 'pass', 'fail']);
  });

  it('the imported YAML is a model file with the same flows, findings and trace as the plan', () => {
    const file = join(DIR, 'elb-shared-cross-account-plan.json');
    const { result, yaml } = importTerraform(file);
    const fromYaml = loadModelFromText('imported.yaml', yaml!);
    expect(fromYaml.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const a = new Simulator(modelOf(result)!);
    const b = new Simulator(modelOf(fromYaml)!);
    const ids = [...modelOf(result)!.instances.keys()];
    const targets = [...ids, ...modelOf(result)!.endpoints.keys(), ...modelOf(result)!.loadBalancers.keys()];
    let compared = 0;
    for (const from of ids)
      for (const to of targets)
        for (const port of [22, 80, 8080, 443]) {
          const x = a.decide({ from, to, port });
          const y = b.decide({ from, to, port });
          expect(y, `${from} → ${to}:${port}`).toEqual(x);
          compared++;
        }
    expect(compared).toBe(3 * 5 * 4);
    expect(lint(modelOf(fromYaml)!).map((f) => [f.ruleId, f.message])).toEqual(lint(modelOf(result)!).map((f) => [f.ruleId, f.message]));
  });

  it("the provider's own vpcep example fails as planned (no rule for 198.19.128.0/17) and works once the rule is added", () => {
    const plan = modelOf(loadModel(join(DIR, 'vpcep-approval-plan.json')))!;
    const findings = lint(plan).filter((f) => f.ruleId === 'vpcep-backend-missing-range');
    expect(findings.map((f) => f.location.address)).toEqual(['huaweicloud_networking_secgroup.test']);
    const q = { from: 'huaweicloud_compute_instance.test', to: 'huaweicloud_vpcep_endpoint.test', port: 80 };
    const before = new Simulator(plan).decide(q);
    expect(before.ok && [before.value.verdict, before.value.code]).toEqual(['unreachable', 'SG_INGRESS_DENIED']);
    const state = modelOf(loadModel(join(DIR, 'vpcep-approval-state.json')))!;
    const after = new Simulator(state).decide(q);
    expect(after.ok && [after.value.verdict, after.value.code]).toEqual(['reachable', 'DELIVERED']);
    expect(lint(state).filter((f) => f.ruleId.startsWith('vpcep-'))).toEqual([]);
  });
});

describe('several plans or states make one network', () => {
  it("the consumer's endpoint reaches the provider's service across two states; each file is its own account", () => {
    const files = [join(DIR, 'provider-state.json'), join(DIR, 'consumer-state.json')];
    const { result, yaml } = importTerraform(files);
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const m = modelOf(result)!;
    const ep = m.endpoints.get('consumer-state:huaweicloud_vpcep_endpoint.web')!;
    expect([ep.service, ep.account]).toEqual(['provider-state:huaweicloud_vpcep_service.web', 'consumer-domain']);
    expect(m.endpointServices.get('provider-state:huaweicloud_vpcep_service.web')!.account).toBe('provider-state');
    const d = new Simulator(m).decide({
      from: 'consumer-state:huaweicloud_compute_instance.client',
      to: 'consumer-state:huaweicloud_vpcep_endpoint.web',
      port: 8080,
    });
    expect(d.ok && [d.value.verdict, d.value.code]).toEqual(['reachable', 'DELIVERED']);
    // Diagnostics point into the file each resource came from.
    const text = readFileSync(files[1]!, 'utf8').replace('"fixed_ip_v4": "192.168.1.10"', '"fixed_ip_v4": "192.168.1.300"');
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-two-'));
    writeFileSync(join(dir, 'consumer-state.json'), text);
    copyFileSync(files[0]!, join(dir, 'provider-state.json'));
    const bad = importTerraform([join(dir, 'provider-state.json'), join(dir, 'consumer-state.json')]).result;
    expect(modelOf(bad)).toBeUndefined();
    expect(bad.diagnostics.find((x) => x.severity === 'error')!.location).toMatchObject({
      file: join(dir, 'consumer-state.json'),
      address: 'consumer-state:huaweicloud_compute_instance.client.network[0].fixed_ip_v4',
    });
    expect(yaml).toContain('# Imported by vpcreach from 2 files');
    // One of them alone: the endpoint's service is elsewhere, said once.
    const alone = importTerraform(files[1]!).result;
    expect(alone.diagnostics.map((x) => x.code)).toEqual(['terraform-endpoint-elsewhere']);
  });
});

describe('vpcreach on Terraform JSON', () => {
  it('import terraform prints the model; -o writes it (never over an existing file without --force)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-import-'));
    const out = join(dir, 'model.yaml');
    const r = await cli(['import', 'terraform', join(DIR, 'modules-plan.json'), '-o', out]);
    expect([r.code, r.err.trim().split('\n').at(-1)]).toEqual([0, `wrote ${out}`]);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^# Imported by vpcreach from test\/fixtures\/terraform\/modules-plan.json \(Terraform plan, JSON format 1\.2, Terraform 1\.9\.8\)/);
    expect(text).toContain('      # module.app.huaweicloud_networking_secgroup_rule.vpcep\n      - { direction: ingress, protocol: tcp, ports: 8443');
    expect((await cli(['validate', out])).code).toBe(0);
    const again = await cli(['import', 'terraform', join(DIR, 'modules-plan.json'), '-o', out]);
    expect([again.code, again.err]).toEqual([2, `vpcreach import: ${out} exists; nothing was written (add --force to replace it)\n`]);
    expect(readFileSync(out, 'utf8')).toBe(text);
    expect((await cli(['import', 'terraform', join(DIR, 'modules-plan.json')])).out).toBe(text);
  });

  it('every command takes the plan itself; diagnostics and findings name the address', async () => {
    const plan = join(DIR, 'vpcep-approval-plan.json');
    const l = await cli(['lint', plan]);
    expect(l.code).toBe(1);
    const where = at(plan, '"address": "huaweicloud_networking_secgroup.test"');
    expect(l.out).toContain(`${plan}:${where.line + 6}:`);
    expect(l.out).toMatch(/ \(huaweicloud_networking_secgroup\.test\) {2}error {2}vpcep-backend-missing-range /);
    const t = await cli(['trace', plan, '--from', 'huaweicloud_compute_instance.test', '--to', 'huaweicloud_vpcep_endpoint.test', '--port', '80']);
    expect([t.code, t.out.split('\n')[0]]).toEqual([1, 'UNREACHABLE  SG_INGRESS_DENIED  at huaweicloud_networking_secgroup.test']);
    // The fix in the provider's terms.
    expect(t.out).toContain(
      'fix        add a huaweicloud_networking_secgroup_rule { security_group_id = huaweicloud_networking_secgroup.test.id, direction = "ingress", ethertype = "IPv4", protocol = "tcp", ports = "8080", remote_ip_prefix = "198.19.128.0/17", action = "allow", priority = 1 }',
    );
    const s = await cli(['lint', plan, '--format', 'sarif']);
    const sarif = JSON.parse(s.out) as { runs: { results: { locations: { logicalLocations?: { fullyQualifiedName: string }[] }[] }[] }[] };
    expect(sarif.runs[0]!.results[0]!.locations[0]!.logicalLocations![0]!.fullyQualifiedName).toBe('huaweicloud_networking_secgroup.test');
    const fix = await cli(['lint', plan, '--fix']);
    expect(fix.code).toBe(2);
    expect(fix.err).toContain('is Terraform JSON: --fix edits model files, not plans or states');
  });

  it('refused with a clear message and exit 2, never a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-tf-bad-'));
    const truncated = join(dir, 'truncated.json');
    const full = readFileSync(join(DIR, 'elb-shared-cross-account-plan.json'), 'utf8');
    writeFileSync(truncated, full.slice(0, Math.floor(full.length / 2)));
    const cases: [string, string, RegExp][] = [
      [
        'validate',
        join(DIR, 'aws-state.json'),
        /terraform-no-resources {2}this Terraform state has no network resources of the huaweicloud provider \(1 resource, of registry\.terraform\.io\/hashicorp\/aws\)/,
      ],
      ['validate', join(DIR, 'empty-plan.json'), /terraform-no-resources {2}this Terraform plan has no resources/],
      ['validate', join(DIR, 'format-2.json'), /terraform-format-version {2}Terraform JSON format version 2\.0 is not one vpcreach reads/],
      ['validate', truncated, /truncated\.json:\d+:\d+ {2}error {2}terraform-json-syntax {2}this Terraform JSON is malformed or cut short: /],
      ['import', 'models/seed-elb/model.yaml', /not-terraform {2}models\/seed-elb\/model\.yaml is not Terraform JSON/],
      ['import', join(dir, 'missing.json'), /file-not-found/],
    ];
    for (const [command, file, message] of cases) {
      const r = command === 'import' ? await cli(['import', 'terraform', file]) : await cli([command, file]);
      expect(r.code, file).toBe(2);
      expect(r.out + r.err, file).toMatch(message);
      expect(r.out + r.err, file).not.toMatch(/\n\s+at .*\.js:\d+/);
    }
    expect(existsSync(join(dir, 'missing.yaml'))).toBe(false);
  });
});

describe('a model written as a Terraform state reads back as the same network', () => {
  type Doc = Record<string, unknown>;
  /** What a state cannot say (accounts, unhealthy members, a shared listener's blacklist) taken out of a model document. */
  const representable = (doc: Doc): Doc => {
    const d = JSON.parse(JSON.stringify(doc)) as Record<string, Record<string, unknown>[]>;
    for (const v of d.vpcs ?? []) delete v.account;
    for (const lb of d.loadBalancers ?? [])
      for (const l of (lb.listeners as Record<string, unknown>[]) ?? []) {
        l.members = ((l.members as Record<string, unknown>[]) ?? []).filter((m) => m.healthy !== false).map(({ healthy: _h, ...m }) => m);
        if (lb.kind === 'shared' && (l.accessControl as { mode: string }).mode === 'blacklist') l.accessControl = { mode: 'all', cidrs: [] };
      }
    return d;
  };

  test.prop(
    [validModelArb, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(22, 80, 443, 8080, 1, 65535), fc.boolean()), { minLength: 40, maxLength: 40 })],
    runs(100),
  )('random models: every sampled flow gets the same verdict and code on the model and on its state, ids mapped to addresses', (raw, samples) => {
    const doc = representable(raw);
    const original = loadModelFromText('m.json', JSON.stringify(doc));
    if (!modelOf(original)) return;
    const { state, addresses } = toTerraformState(doc);
    const imported = loadModelFromText('state.json', formatTerraformState(state));
    expect(imported.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const a = new Simulator(modelOf(original)!);
    const b = new Simulator(modelOf(imported)!);
    const from = [...modelOf(original)!.instances.keys()];
    const to = [...modelOf(original)!.resources.values()].filter((r) => ['instance', 'endpoint', 'loadBalancer'].includes(r.kind)).map((r) => r.id);
    if (from.length === 0 || to.length === 0) return;
    for (const [i, j, port, udp] of samples) {
      const q = { from: from[i % from.length]!, to: to[j % to.length]!, port, protocol: udp ? ('udp' as const) : ('tcp' as const) };
      const x = a.decide(q);
      const y = b.decide({ ...q, from: addresses.get(q.from)!, to: addresses.get(q.to)! });
      expect(y.ok && [y.value.verdict, y.value.code], JSON.stringify(q)).toEqual(x.ok && [x.value.verdict, x.value.code]);
    }
  });

  it('a generated tenant: the same counts, and lint finds the same number of each rule', () => {
    const doc = generateTenant({ size: 's', seed: 3 });
    const original = modelOf(loadModelFromText('t.json', JSON.stringify(doc)))!;
    const imported = modelOf(loadModelFromText('t.tfstate.json', formatTerraformState(toTerraformState(doc).state)))!;
    const counts = (m: typeof original) => [
      m.vpcs.size,
      m.subnets.size,
      m.securityGroups.size,
      m.networkAcls.size,
      m.instances.size,
      m.loadBalancers.size,
      m.listeners.size,
      m.endpointServices.size,
      m.endpoints.size,
    ];
    expect(counts(imported)).toEqual(counts(original));
    const rules = (m: typeof original) => [...m.securityGroups.values()].reduce((n, g) => n + g.rules.length, 0);
    expect(rules(imported)).toBe(rules(original));
  });
});
