import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { toTerraformState } from '../../src/generate/terraform-state.js';
import { cli } from '../helpers/cli.js';

type Json = Record<string, unknown>;
type Resource = { address: string; type: string; name: string; values: Json };

/**
 * A plan as `terraform show -json plan.out` writes one for a network that exists (the state written from `before`)
 * and a configuration that makes `after`: the prior state, the planned values, and a change per resource (create,
 * update, delete or no-op), every value known.
 */
function planOf(before: Json, after: Json): string {
  const prior = (toTerraformState(before).state.values as { root_module: { resources: Resource[] } }).root_module.resources;
  const planned = (toTerraformState(after).state.values as { root_module: { resources: Resource[] } }).root_module.resources;
  const was = new Map(prior.map((r) => [r.address, r]));
  const will = new Map(planned.map((r) => [r.address, r]));
  const changes = [...new Set([...was.keys(), ...will.keys()])].map((address) => {
    const a = was.get(address);
    const b = will.get(address);
    const actions = !a ? ['create'] : !b ? ['delete'] : JSON.stringify(a.values) === JSON.stringify(b.values) ? ['no-op'] : ['update'];
    const r = (b ?? a)!;
    return {
      address,
      mode: 'managed',
      type: r.type,
      name: r.name,
      change: { actions, before: a?.values ?? null, after: b?.values ?? null, after_unknown: {} },
    };
  });
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: { resources: planned } },
    resource_changes: changes,
    prior_state: { format_version: '1.0', terraform_version: '1.9.8', values: { root_module: { resources: prior } } },
  });
}

const peering = parse(readFileSync('models/peering/model.yaml', 'utf8')) as Json;
const withoutPeering = (() => {
  const { peerings: _p, routeTables: _r, ...rest } = peering;
  return rest;
})();

function write(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vpcreach-plan-')), name);
  writeFileSync(file, text);
  return file;
}

describe('vpcreach diff plan.json: the flows a Terraform plan gains and loses (its prior state against its planned values)', () => {
  it('a plan that peers the consumer VPC with the service VPC gains the backend reached around the endpoint', async () => {
    const plan = write('plan.json', planOf(withoutPeering, peering));
    const r = await cli(['diff', plan, '--fail-on', 'gained']);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toBe(`${plan} (prior state) → ${plan} (planned values): 3 flows gained, 0 flows lost (4 VPCs compared, 0 VPCs unchanged)`);
    const bypass = r.out
      .split('\n\n')
      .find((b) =>
        b.startsWith('GAINED  huaweicloud_compute_instance.ecs-batch, huaweicloud_compute_instance.ecs-client → huaweicloud_compute_instance.ecs-api'),
      )!;
    expect(bypass.split('\n').slice(1)).toEqual([
      '        before: unreachable NO_ROUTE at huaweicloud_vpc.vpc-consumer',
      '        after:  reachable DELIVERED at huaweicloud_compute_instance.ecs-api',
      `        witness: port 8443 from huaweicloud_compute_instance.ecs-batch; ${plan} (prior state): its trace is in --format json; vpcreach trace ${plan} --from huaweicloud_compute_instance.ecs-batch --to huaweicloud_compute_instance.ecs-api --port 8443`,
    ]);
    // The JSON carries both sides' traces; the command it names traces the planned side.
    const json = JSON.parse((await cli(['diff', plan, '--format', 'json'])).out) as {
      changes: { to: string; traceBefore: { code: string } | null; traceAfter: { code: string } | null }[];
    };
    const change = json.changes.find((c) => c.to === 'huaweicloud_compute_instance.ecs-api' && c.traceBefore)!;
    expect([change.traceBefore!.code, change.traceAfter!.code]).toEqual(['NO_ROUTE', 'DELIVERED']);
    const t = await cli(['trace', plan, '--from', 'huaweicloud_compute_instance.ecs-batch', '--to', 'huaweicloud_compute_instance.ecs-api', '--port', '8443']);
    expect(t.out.split('\n')[0]).toBe('REACHABLE  DELIVERED  at huaweicloud_compute_instance.ecs-api');
    // Removing the peering again loses them: --fail-on lost.
    const back = write('plan.json', planOf(peering, withoutPeering));
    const lost = await cli(['diff', back, '--fail-on', 'lost', '--format', 'markdown']);
    expect(lost.code).toBe(1);
    expect(lost.out).toContain('0 flows gained, 3 flows lost');
  });

  it('a plan that only reorders, splits and renames rules changes no flow', async () => {
    const doc = structuredClone(peering) as { securityGroups: { id: string; rules: Json[] }[]; instances: { securityGroups: string[] }[] };
    const api = doc.securityGroups.find((g) => g.id === 'sg-api')!;
    api.rules.reverse();
    // The client group's one rule, for every protocol and port, split in two: TCP and the rest.
    const client = doc.securityGroups.find((g) => g.id === 'sg-client')!;
    client.rules = [
      { direction: 'egress', protocol: 'tcp', destination: '0.0.0.0/0' },
      { direction: 'egress', protocol: 'udp', destination: '0.0.0.0/0' },
      { direction: 'egress', protocol: 'icmp', destination: '0.0.0.0/0' },
    ];
    const r0 = await cli(['diff', write('plan.json', planOf(peering, doc))]);
    expect(r0.code).toBe(0);
    expect(r0.out.split('\n')[0]).toMatch(/: 0 flows gained, 0 flows lost \(\d VPCs compared/);
    // A group renamed (a new address and id), the instances moved to it.
    const renamed = structuredClone(doc);
    renamed.securityGroups.find((g) => g.id === 'sg-tools')!.id = 'sg-tools-renamed';
    for (const i of renamed.instances) i.securityGroups = i.securityGroups.map((g) => (g === 'sg-tools' ? 'sg-tools-renamed' : g));
    const r1 = await cli(['diff', write('plan.json', planOf(peering, renamed)), '--format', 'markdown', '--fail-on', 'any']);
    expect([r1.code, r1.out.includes('No flow changed.')]).toEqual([0, true]);
  });

  it('a plan from scratch gains everything; a state is not a plan (usage)', async () => {
    const scratch = await cli(['diff', 'test/fixtures/terraform/peering-plan.json']);
    expect(scratch.code).toBe(0);
    expect(scratch.out.split('\n')[0]).toMatch(/^test\/fixtures\/terraform\/peering-plan\.json \(prior state\) → .*: 131,585 flows gained, 0 flows lost/);
    const state = await cli(['diff', 'test/fixtures/terraform/vpcep-approval-state.json']);
    expect(state.code).toBe(2);
    expect(state.err).toContain('is not a Terraform plan, whose prior state and planned values one argument compares');
  });

  it('the recipe of docs/ci.md runs as written', async () => {
    const docs = readFileSync('docs/ci.md', 'utf8');
    const lines = [...docs.matchAll(/^(vpcreach diff plan\.json[^\n>]*)/gm)].map((m) => m[1]!.trim());
    expect(lines).toHaveLength(2);
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-recipe-'));
    writeFileSync(join(dir, 'plan.json'), planOf(withoutPeering, peering));
    const [summary, gate] = [await cli(lines[0]!.split(' ').slice(1), { cwd: dir }), await cli(lines[1]!.split(' ').slice(1), { cwd: dir })];
    expect(summary.code).toBe(0);
    expect(summary.out).toMatch(/^### vpcreach diff/);
    expect(gate.code).toBe(0);
  });
});
