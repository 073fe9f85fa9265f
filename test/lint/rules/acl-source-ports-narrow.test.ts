import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatTerraformState, toTerraformState } from '../../../src/generate/terraform-state.js';
import { loadModelFromText } from '../../../src/load/index.js';
import { lint } from '../../../src/lint/index.js';
import { Simulator } from '../../../src/sim/engine.js';
import { ecsSetup, modelOf } from '../../helpers/model.js';
import { at, findingsOf } from '../helpers.js';

const RULE = 'acl-source-ports-narrow';
// The provider subnet's ACL: an allow on 8080 from VPCEP's range for some source ports, and what follows it.
const setup = (sourcePorts: string, after: string) =>
  ecsSetup({
    acls: `  - { id: acl-p, inbound: [ { action: allow, protocol: tcp, ports: 8080, sourcePorts: ${sourcePorts}, source: 198.19.128.0/17 }${after} ], outbound: [] }`,
    providerSubnet: '{ id: sub-p, cidr: 10.0.1.0/24, networkAcl: acl-p }',
  });

describe(RULE, () => {
  it('lint acl-source-ports-narrow: an allow for part of the ports a sender picks, the rest refused by default — at the rule', () => {
    const text = setup('49152-65535', '');
    expect(findingsOf(text, RULE)).toEqual([
      {
        messageId: 'narrow',
        ...at(text, '{ action: allow, protocol: tcp, ports: 8080, sourcePorts'),
        data: {
          rule: 'inbound[0]',
          acl: 'acl-p',
          sourcePorts: '49152-65535',
          protocol: 'tcp',
          ports: '8080',
          source: '198.19.128.0/17',
          destination: '0.0.0.0/0',
          refused: '1024-49151',
        },
      },
    ]);
    // The engine agrees: the flow through the endpoint is partial at the ACL, and whole from a port the rule names.
    const sim = new Simulator(modelOf(loadModelFromText('m.yaml', text))!);
    const d = sim.decide({ from: 'client', to: 'ep', port: 80 });
    expect(d.ok && [d.value.verdict, d.value.code, d.value.at]).toEqual(['partial', 'ACL_INBOUND_PARTIAL', 'acl-p']);
  });

  it('nothing when the source ports hold every port a sender picks, or when a later rule admits the rest', () => {
    expect(findingsOf(setup('1024-65535', ''), RULE)).toEqual([]);
    expect(findingsOf(setup('1-65535', ''), RULE)).toEqual([]);
    expect(findingsOf(setup('49152-65535', ', { action: allow, protocol: tcp, ports: 8080, source: 198.19.128.0/17 }'), RULE)).toEqual([]);
  });

  it('a deny on some source ports before an allow of them all is found as well', () => {
    const text = ecsSetup({
      acls: '  - { id: acl-p, inbound: [ { action: deny, protocol: tcp, sourcePorts: 1024-2047, source: 198.19.128.0/17 }, { priority: 2, action: allow, protocol: tcp, source: 198.19.128.0/17 } ], outbound: [] }',
      providerSubnet: '{ id: sub-p, cidr: 10.0.1.0/24, networkAcl: acl-p }',
    });
    expect(findingsOf(text, RULE).map((f) => [f.data.rule, f.data.refused])).toEqual([['inbound[0]', '1024-2047']]);
  });

  it('does not report the split as a VPCEP range problem: every address of the range passes from some ports', () => {
    const ids = lint(modelOf(loadModelFromText('m.yaml', setup('49152-65535', '')))!).map((f) => f.ruleId);
    expect(ids).toContain(RULE);
    expect(ids.filter((id) => id.startsWith('vpcep-'))).toEqual([]);
  });

  it('from Terraform: source_port is read and written, and the finding is at the rule', () => {
    const doc = parse(setup('49152-65535', '')) as Record<string, unknown>;
    const r = loadModelFromText('state.json', formatTerraformState(toTerraformState(doc).state));
    const m = modelOf(r)!;
    expect([...m.networkAcls.values()][0]!.inbound.map((x) => x.sourcePorts)).toEqual([[{ lo: 49152, hi: 65535 }]]);
    const f = lint(m).filter((x) => x.ruleId === RULE);
    expect(f.map((x) => x.location.address)).toEqual(['huaweicloud_vpc_network_acl.acl-p.ingress_rules[0]']);
  });
});
