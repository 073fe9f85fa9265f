import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatTerraformState, toTerraformState } from '../../../src/generate/terraform-state.js';
import { loadModelFromText } from '../../../src/load/index.js';
import { ecsSetup, modelOf } from '../../helpers/model.js';
import { at, findingsOf } from '../helpers.js';

const RULE = 'acl-switched-off';
// The provider subnet's ACL refuses everything inbound: with it (or its rule) switched off, the flow goes through.
const acls = (aclSwitch: string, ruleSwitch: string) =>
  `  - { id: acl-p${aclSwitch}, inbound: [ { action: deny, protocol: any, source: 0.0.0.0/0${ruleSwitch} }, { priority: 2, action: allow, protocol: tcp, source: 198.19.128.0/17 } ], outbound: [] }`;
const setup = (aclSwitch: string, ruleSwitch: string) =>
  ecsSetup({ acls: acls(aclSwitch, ruleSwitch), providerSubnet: '{ id: sub-p, cidr: 10.0.1.0/24, networkAcl: acl-p }' });

describe(RULE, () => {
  it('lint acl-switched-off: the ACL bound and off, a rule off — at each; nothing when both are on', () => {
    const text = setup(', enabled: false', ', enabled: false');
    expect(findingsOf(text, RULE)).toEqual([
      { messageId: 'acl', ...at(text, '{ id: acl-p'), data: { acl: 'acl-p', subnets: 'sub-p' } },
      { messageId: 'rule', ...at(text, '{ action: deny'), data: { acl: 'acl-p', rule: 'inbound[0]' } },
    ]);
    expect(findingsOf(setup('', ''), RULE)).toEqual([]);
  });

  it('from Terraform: enabled = false on the ACL and a rule, kept through a state (the writer writes them, the reader keeps them)', () => {
    const doc = parse(setup(', enabled: false', ', enabled: false')) as Record<string, unknown>;
    const m = modelOf(loadModelFromText('state.json', formatTerraformState(toTerraformState(doc).state)))!;
    const acl = [...m.networkAcls.values()][0]!;
    expect([acl.enabled, acl.inbound.map((r) => r.enabled), [...m.subnets.values()].some((s) => s.networkAcl === acl.id)]).toEqual([
      false,
      [false, true],
      true,
    ]);
  });
});
