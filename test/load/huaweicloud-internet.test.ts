import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importHuaweicloud } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { modelOf } from '../helpers/model.js';

// The fixture dump (consumer ecs-client, provider ecs-web-1 and -2 behind elb-web), with EIPs, a NAT gateway and its
// rules, as GET /v1/{project_id}/publicips, /v2/{project_id}/nat_gateways, snat_rules and dnat_rules return them.
const id = (n: number): string => `${String(n).padStart(8, '0')}-1111-4222-8333-444455556666`;
const [vpcP, subP, eipClient, eipLb, eipNat, nat] = [id(2), id(4), id(50), id(51), id(52), id(53)];

function dump(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vpcreach-api-internet-'));
  cpSync('test/fixtures/huaweicloud-api/dump', dir, { recursive: true });
  const write = (name: string, body: unknown): void => writeFileSync(join(dir, name), JSON.stringify(body, null, 2));
  write('publicips.json', {
    publicips: [
      // Bound to ecs-client's NIC, to the load balancer's address port, and a NAT gateway's (bound to nothing).
      { id: eipClient, alias: 'eip-client', type: '5_bgp', public_ip_address: '203.0.113.10', port_id: `${id(20)}-port`, status: 'ACTIVE' },
      { id: eipLb, alias: 'eip-lb', type: '5_bgp', public_ip_address: '203.0.113.20', port_id: id(10), status: 'ACTIVE' },
      { id: eipNat, alias: 'eip-nat', type: '5_bgp', public_ip_address: '203.0.113.30', status: 'DOWN' },
    ],
  });
  write('nat-gateways.json', { nat_gateways: [{ id: nat, name: 'nat-provider', router_id: vpcP, internal_network_id: subP, spec: '1', status: 'ACTIVE' }] });
  write('snat-rules.json', {
    snat_rules: [{ id: id(54), nat_gateway_id: nat, network_id: subP, floating_ip_id: eipNat, floating_ip_address: '203.0.113.30', source_type: 0 }],
  });
  write('dnat-rules.json', {
    dnat_rules: [
      {
        id: id(55),
        nat_gateway_id: nat,
        floating_ip_id: eipNat,
        protocol: 'tcp',
        external_service_port: 2222,
        internal_service_port: 22,
        port_id: `${id(21)}-port`,
        private_ip: '',
      },
    ],
  });
  return dir;
}

describe('EIPs and NAT gateways from API response bodies', () => {
  it('each body read: EIPs bound by port to a server and a load balancer, the NAT gateway with its SNAT and DNAT rules', () => {
    const { result } = importHuaweicloud(dump());
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const m = modelOf(result)!;
    expect([...m.eips.values()].map((e) => [e.id, e.boundTo])).toEqual([
      ['eip-client', 'ecs-client'],
      ['eip-lb', 'elb-web'],
      ['eip-nat', null],
    ]);
    const g = m.natGateways.get('nat-provider')!;
    expect([g.vpc, g.subnet, g.snatRules.map((r) => [r.subnet, r.eips]), g.dnatRules.map((r) => [r.eip, r.externalPort, r.internalPort, r.instance])]).toEqual([
      'vpc-provider',
      'subnet-provider',
      [['subnet-provider', ['eip-nat']]],
      [['eip-nat', 2222, 22, 'ecs-web-1']],
    ]);
    const sim = new Simulator(m);
    const trace = sim.trace({ from: 'internet', to: 'ecs-web-1', port: 2222 });
    expect(trace.ok && trace.value.traces[0]!.hops.map((h) => h.node)).toEqual(['internet', 'nat-provider', 'ecs-web-1']);
  });
});
