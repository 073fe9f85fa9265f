import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatTerraformState, toTerraformState } from '../../../src/generate/terraform-state.js';
import { loadModelFromText } from '../../../src/load/index.js';
import { ecsSetup, modelOf } from '../../helpers/model.js';
import { at, findingsOf, fullFindingsOf } from '../helpers.js';

const RULE = 'endpoint-whitelist-off';
const endpoint = (extra: string) => `{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc, whitelist: [192.168.9.0/24, 10.0.0.1]${extra} }`;

describe(RULE, () => {
  it('valid: a whitelist switched on, or none', () => {
    expect(findingsOf(ecsSetup({ endpoint: endpoint('') }), RULE)).toEqual([]);
    expect(findingsOf(ecsSetup({ endpoint: endpoint(', whitelistEnabled: true') }), RULE)).toEqual([]);
    expect(findingsOf(ecsSetup(), RULE)).toEqual([]);
  });

  it('invalid: entries with the switch off — at the endpoint', () => {
    const text = ecsSetup({ endpoint: endpoint(', whitelistEnabled: false') });
    expect(findingsOf(text, RULE)).toEqual([
      { messageId: 'off', ...at(text, '{ id: ep,'), data: { endpoint: 'ep', count: 2, first: '192.168.9.0/24', enable: 'whitelistEnabled: true' } },
    ]);
    expect(fullFindingsOf(text, RULE)[0]!.severity).toBe('warning');
  });

  it('from Terraform: enable_whitelist = false with entries is read as the switch off (the state writer writes it so)', () => {
    const doc = parse(ecsSetup({ endpoint: endpoint(', whitelistEnabled: false') })) as Record<string, unknown>;
    const state = formatTerraformState(toTerraformState(doc).state);
    const m = modelOf(loadModelFromText('state.json', state))!;
    const ep = [...m.endpoints.values()][0]!;
    expect([ep.whitelist, ep.whitelistOff?.length]).toEqual([null, 2]);
    expect(findingsOf(state, RULE, 'state.json').map((f) => f.data.enable)).toEqual(['enable_whitelist = true']);
  });
});
