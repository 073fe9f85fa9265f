import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { modelOf } from '../helpers/model.js';

/** A state with the older network ACL resources: the ACL names its rules and subnets by id. */
function state(rules: Record<string, unknown>[]): string {
  const res = (type: string, name: string, values: Record<string, unknown>) => ({
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    provider_name: 'registry.terraform.io/huaweicloud/huaweicloud',
    values,
  });
  return JSON.stringify({
    format_version: '1.0',
    terraform_version: '1.9.0',
    values: {
      root_module: {
        resources: [
          res('huaweicloud_vpc', 'main', { id: 'vpc-1', cidr: '10.0.0.0/16' }),
          res('huaweicloud_vpc_subnet', 'app', { id: 'net-1', vpc_id: 'vpc-1', cidr: '10.0.1.0/24' }),
          res('huaweicloud_vpc_subnet', 'db', { id: 'net-2', vpc_id: 'vpc-1', cidr: '10.0.2.0/24' }),
          res('huaweicloud_networking_secgroup', 'open', { id: 'sg-1' }),
          res('huaweicloud_networking_secgroup_rule', 'in', {
            id: 'r-0',
            security_group_id: 'sg-1',
            direction: 'ingress',
            protocol: 'tcp',
            ethertype: 'IPv4',
            remote_ip_prefix: '0.0.0.0/0',
          }),
          res('huaweicloud_networking_secgroup_rule', 'out', {
            id: 'r-00',
            security_group_id: 'sg-1',
            direction: 'egress',
            ethertype: 'IPv4',
            remote_ip_prefix: '0.0.0.0/0',
          }),
          res('huaweicloud_compute_instance', 'app', { id: 'i-1', security_group_ids: ['sg-1'], network: [{ uuid: 'net-1', fixed_ip_v4: '10.0.1.10' }] }),
          res('huaweicloud_compute_instance', 'db', { id: 'i-2', security_group_ids: ['sg-1'], network: [{ uuid: 'net-2', fixed_ip_v4: '10.0.2.10' }] }),
          ...rules.map((r, i) => res('huaweicloud_network_acl_rule', `r${i}`, { id: `acl-rule-${i}`, ...r })),
          res('huaweicloud_network_acl', 'db', {
            id: 'acl-1',
            name: 'db',
            subnets: ['net-2'],
            inbound_rules: rules.map((_r, i) => `acl-rule-${i}`),
            outbound_rules: [],
          }),
        ],
      },
    },
  });
}

describe('the older network ACL resources (huaweicloud_network_acl, huaweicloud_network_acl_rule)', () => {
  it('rules in the order the ACL names them, with their switch, colon port ranges, source ports and address; bound to the subnets named', () => {
    const r = loadModelFromText(
      'state.json',
      state([
        { protocol: 'tcp', action: 'deny', destination_port: '5430:5440', source_ip_address: '10.0.1.0/24', enabled: false },
        { protocol: 'tcp', action: 'allow', destination_port: '5432', source_ip_address: '10.0.1.0/24', source_port: '1024:65535' },
      ]),
    );
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const m = modelOf(r)!;
    const acl = m.networkAcls.get('huaweicloud_network_acl.db')!;
    expect(acl.inbound.map((x) => [x.action, x.protocol, x.ports, x.sourcePorts, x.enabled])).toEqual([
      ['deny', 'tcp', [{ lo: 5430, hi: 5440 }], null, false],
      ['allow', 'tcp', [{ lo: 5432, hi: 5432 }], [{ lo: 1024, hi: 65535 }], true],
    ]);
    expect(m.subnets.get('huaweicloud_vpc_subnet.db')!.networkAcl).toBe('huaweicloud_network_acl.db');
    const sim = new Simulator(m);
    const code = (port: number) => {
      const d = sim.decide({ from: 'huaweicloud_compute_instance.app', to: 'huaweicloud_compute_instance.db', port });
      return d.ok && d.value.code;
    };
    // The deny is switched off: 5432 passes the allow (every port a client picks is in its source ports); 5433 meets no
    // rule and the default denies it.
    expect([code(5432), code(5433)]).toEqual(['DELIVERED', 'ACL_INBOUND_DENIED']);
    // From a privileged source port, the allow does not match.
    const low = sim.decide({ from: 'huaweicloud_compute_instance.app', to: 'huaweicloud_compute_instance.db', port: 5432, srcPort: 1000 });
    expect(low.ok && low.value.code).toBe('ACL_INBOUND_DENIED');
  });

  it('source ports on a rule that is neither TCP nor UDP are noted and read as any; narrower ones make the flow partial', () => {
    const r = loadModelFromText(
      'state.json',
      state([
        { protocol: 'icmp', action: 'allow', source_ip_address: '10.0.1.0/24', source_port: '80' },
        { protocol: 'tcp', action: 'allow', destination_port: '5432', source_ip_address: '10.0.1.0/24', source_port: '32768:60999' },
      ]),
    );
    expect(r.diagnostics.filter((d) => d.severity !== 'info').map((d) => [d.severity, d.code, d.location.address])).toEqual([
      ['warning', 'terraform-source-port', 'huaweicloud_network_acl_rule.r0.source_port'],
    ]);
    const m = modelOf(r)!;
    expect(m.networkAcls.get('huaweicloud_network_acl.db')!.inbound.map((x) => x.sourcePorts)).toEqual([null, [{ lo: 32768, hi: 60999 }]]);
    const d = new Simulator(m).decide({ from: 'huaweicloud_compute_instance.app', to: 'huaweicloud_compute_instance.db', port: 5432 });
    expect(d.ok && [d.value.verdict, d.value.code]).toEqual(['partial', 'ACL_INBOUND_PARTIAL']);
  });

  it('a rule the ACL names that the state does not hold is an error at the ACL’s list', () => {
    const text = state([{ protocol: 'tcp', action: 'allow' }]).replace('"inbound_rules":["acl-rule-0"]', '"inbound_rules":["acl-rule-0","acl-rule-9"]');
    const r = loadModelFromText('state.json', text);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.location.address)).toEqual(['huaweicloud_network_acl.db.inbound_rules[1]']);
  });
});
