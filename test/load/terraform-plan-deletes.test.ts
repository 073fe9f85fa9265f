import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadModelFromText } from '../../src/load/index.js';
import { modelOf } from '../helpers/model.js';

type Json = Record<string, unknown>;

describe('a plan that destroys a resource', () => {
  it('plans the network without it: the prior state adds data sources and untouched resources, not what the plan destroys', () => {
    const state = JSON.parse(readFileSync('test/fixtures/terraform/vpcep-approval-state.json', 'utf8')) as { values: { root_module: { resources: Json[] } } };
    const resources = state.values.root_module.resources;
    const gone = new Set(['huaweicloud_vpcep_endpoint.test', 'huaweicloud_vpcep_approval.test']);
    const plan = (destroy: boolean) =>
      JSON.stringify({
        format_version: '1.2',
        terraform_version: '1.9.8',
        planned_values: { root_module: { resources: resources.filter((r) => !destroy || !gone.has(r.address as string)) } },
        resource_changes: resources.map((r) => {
          const d = destroy && gone.has(r.address as string);
          return {
            address: r.address,
            mode: 'managed',
            type: r.type,
            name: r.name,
            change: { actions: [d ? 'delete' : 'no-op'], before: r.values, after: d ? null : r.values, after_unknown: {} },
          };
        }),
        prior_state: state,
      });
    const endpoints = (text: string) => [...modelOf(loadModelFromText('plan.json', text))!.endpoints.keys()];
    expect(endpoints(plan(true))).toEqual([]);
    expect(endpoints(plan(false))).toEqual(['huaweicloud_vpcep_endpoint.test']);
  });
});
