import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTerraform, loadModelFromText } from '../../src/load/index.js';
import { configurationFixOf, findingDiagnostic, lint } from '../../src/lint/index.js';
import { Simulator } from '../../src/sim/engine.js';
import type { LintFix } from '../../src/lint/index.js';
import type { Model } from '../../src/model/index.js';
import { modelOf } from '../helpers/model.js';

type Json = Record<string, unknown>;
interface TfState {
  values: { root_module: { resources: { address: string; type: string; name: string; mode: string; provider_name: string; values: Json }[] } };
}

const STATE = 'test/fixtures/terraform/vpcep-approval-state.json';

/** The applied state of the provider's approval example without the rule that admits 198.19.128.0/17. */
function stateWithoutVpcepRule(): TfState {
  const state = JSON.parse(readFileSync(STATE, 'utf8')) as TfState;
  const resources = state.values.root_module.resources;
  const rule = resources.find((r) => r.address === 'huaweicloud_networking_secgroup_rule.vpcep')!;
  state.values.root_module.resources = resources.filter((r) => r !== rule);
  const group = resources.find((r) => r.address === 'huaweicloud_networking_secgroup.test')!;
  group.values.rules = (group.values.rules as Json[]).filter((x) => x.id !== rule.values.id);
  return state;
}

const load = (state: TfState): Model => {
  const r = loadModelFromText('state.json', JSON.stringify(state, null, 2));
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return modelOf(r)!;
};

/**
 * Does what a Terraform fix says, as `terraform apply` would leave the state: `add a <type> { a = "x", b = 1, c = <address>.id }`
 * becomes a resource of that type with those attributes, `<address>.id` the id of that resource.
 */
function applyTerraformFix(state: TfState, fix: string): void {
  const m = /^add a (huaweicloud_[a-z_]+) \{ (.*) \}$/.exec(fix);
  if (!m) throw new Error(`not a resource to add: ${fix}`);
  const resources = state.values.root_module.resources;
  const values: Json = { id: 'fixed-0000-4000-8000-000000000001' };
  for (const part of m[2]!.split(', ')) {
    const [k, v] = part.split(' = ') as [string, string];
    const ref = /^(.+)\.id$/.exec(v);
    values[k] = ref ? resources.find((r) => r.address === ref[1])!.values.id : (JSON.parse(v) as unknown);
  }
  resources.push({ address: `${m[1]}.fix`, mode: 'managed', type: m[1]!, name: 'fix', provider_name: 'registry.terraform.io/huaweicloud/huaweicloud', values });
}

describe('lint fixes of a model read from Terraform, in the provider terms', () => {
  it('says the missing VPCEP rule as a huaweicloud_networking_secgroup_rule, and applying it ends the finding', () => {
    const state = stateWithoutVpcepRule();
    const model = load(state);
    const finding = lint(model).find((f) => f.ruleId === 'vpcep-backend-missing-range')!;
    expect(finding.terraformFix).toBe(
      'add a huaweicloud_networking_secgroup_rule { security_group_id = huaweicloud_networking_secgroup.test.id, direction = "ingress", ethertype = "IPv4", protocol = "tcp", ports = "8080", remote_ip_prefix = "198.19.128.0/17", action = "allow", priority = 1, description = "VPCEP source range" }',
    );
    expect(findingDiagnostic(finding).hint).toBe(
      `in Terraform: ${finding.terraformFix}; see it: vpcreach trace state.json --from huaweicloud_compute_instance.test --to huaweicloud_vpcep_endpoint.test --port 80`,
    );
    const flow = { from: 'huaweicloud_compute_instance.test', to: 'huaweicloud_vpcep_endpoint.test', port: 80, protocol: 'tcp' as const };
    const verdict = (m: Model): unknown => {
      const d = new Simulator(m).decide(flow);
      return d.ok ? d.value.verdict : d.error;
    };
    expect(verdict(model)).toBe('unreachable');

    applyTerraformFix(state, finding.terraformFix!);
    const fixed = load(state);
    expect(lint(fixed).filter((f) => f.ruleId.startsWith('vpcep-backend'))).toEqual([]);
    expect(verdict(fixed)).toBe('reachable');
  });

  it('a model file gets no Terraform wording', () => {
    const model = modelOf(loadModelFromText('m.yaml', readFileSync('models/missing-vpcep-rule/model.yaml', 'utf8')))!;
    const findings = lint(model).filter((f) => f.fix);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.terraformFix).toBeUndefined();
      expect(findingDiagnostic(f).hint ?? '').not.toContain('Terraform');
    }
  });

  it('says every kind of fix in the provider terms', () => {
    const model = load(stateWithoutVpcepRule());
    const fixes: [LintFix, string | undefined][] = [
      [
        {
          kind: 'add-network-acl-rule',
          acl: 'huaweicloud_vpc_network_acl.a',
          direction: 'inbound',
          rule: { protocol: 'tcp', ports: '8000-8100', source: '198.19.128.0/17', action: 'allow', priority: 1, description: 'd' },
        },
        'add to ingress_rules of huaweicloud_vpc_network_acl.a, as the first of them: { action = "allow", ip_version = 4, protocol = "tcp", destination_port = "8000-8100", source_ip_address = "198.19.128.0/17" }',
      ],
      [
        {
          kind: 'add-security-group-rule',
          group: 'g',
          rule: { direction: 'ingress', protocol: 'any', source: '10.0.0.0/8', action: 'allow', priority: 5, description: 'say "hi"' },
        },
        'add a huaweicloud_networking_secgroup_rule { security_group_id = g.id, direction = "ingress", ethertype = "IPv4", remote_ip_prefix = "10.0.0.0/8", action = "allow", priority = 5, description = "say \\"hi\\"" }',
      ],
      [
        { kind: 'set-field', resource: 'huaweicloud_vpcep_service.test', field: 'approval', value: true },
        'set approval = true in huaweicloud_vpcep_service.test',
      ],
      [{ kind: 'set-field', resource: 'x', field: 'portMappings', value: 1 }, undefined],
      [{ kind: 'add-access-control-cidr', listener: 'no-such-listener', cidr: '198.19.128.0/17' }, undefined],
    ];
    for (const [fix, said] of fixes) expect(configurationFixOf(fix, model.configuration!)).toBe(said);
  });
});

describe('trace fixes of a model read from Terraform, in the provider terms', () => {
  it('an endpoint waiting for approval: a huaweicloud_vpcep_approval that lists it', () => {
    const state = JSON.parse(readFileSync(STATE, 'utf8')) as TfState;
    const resources = state.values.root_module.resources;
    state.values.root_module.resources = resources.filter((r) => r.type !== 'huaweicloud_vpcep_approval');
    resources.find((r) => r.address === 'huaweicloud_vpcep_service.test')!.values.approval = true;
    resources.find((r) => r.address === 'huaweicloud_vpcep_endpoint.test')!.values.status = 'pendingAcceptance';
    const flow = { from: 'huaweicloud_compute_instance.test', to: 'huaweicloud_vpcep_endpoint.test', port: 80, protocol: 'tcp' as const };
    const t = new Simulator(load(state)).trace(flow);
    expect(t.ok && t.value.code).toBe('ENDPOINT_NOT_ACCEPTED');
    expect(JSON.stringify(t)).toContain(
      'accepts the connection of endpoint huaweicloud_vpcep_endpoint.test (in Terraform: a huaweicloud_vpcep_approval { service_id = huaweicloud_vpcep_service.test.id, endpoints = [huaweicloud_vpcep_endpoint.test.id] })',
    );
    // The same network imported into a model file: the fix in the model's terms.
    const file = join(mkdtempSync(join(tmpdir(), 'vpcreach-')), 'state.json');
    writeFileSync(file, JSON.stringify(state));
    const imported = modelOf(loadModelFromText('model.yaml', importTerraform([file]).yaml!))!;
    expect(JSON.stringify(new Simulator(imported).trace(flow))).toContain(
      'accepts the connection of endpoint huaweicloud_vpcep_endpoint.test (in the model: status: accepted)',
    );
  });
});
