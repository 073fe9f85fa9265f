import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../src/load/index.js';
import { model, run, shape } from '../helpers/model.js';

/**
 * A consumer reaches load balancer lb (sub-lb 10.0.3.0/24) through an endpoint; app and m1 (sub-m 10.0.1.0/24) listen
 * on 8080 in group sg-m, whose ingress rule admits `admit` on 8080. m3 is in the peered VPC vpc-o.
 */
function setup(o: { kind?: string; ipAsBackend?: boolean; protocol?: string; tcip?: string; admit?: string; members?: string } = {}): string {
  return `
vpcs:
  - { id: vpc-c, account: a, cidr: 192.168.0.0/16, subnets: [ { id: sub-c, cidr: 192.168.1.0/24 } ] }
  - { id: vpc-p, account: b, cidr: 10.0.0.0/16, subnets: [ { id: sub-m, cidr: 10.0.1.0/24 }, { id: sub-lb, cidr: 10.0.3.0/24 } ] }
securityGroups:
  - { id: sg-c, rules: [ { direction: egress } ] }
  - { id: sg-m, rules: [ { direction: egress }, { direction: ingress, protocol: tcp, ports: 8080, source: ${o.admit ?? '0.0.0.0/0'} } ] }
instances:
  - { id: client, kind: ecs, subnet: sub-c, ip: 192.168.1.10, securityGroups: [sg-c] }
  - { id: app, kind: ecs, subnet: sub-m, ip: 10.0.1.10, securityGroups: [sg-m], listens: [8080] }
  - { id: m1, kind: ecs, subnet: sub-m, ip: 10.0.1.11, securityGroups: [sg-m], listens: [8080] }
loadBalancers:
  - id: lb
    kind: ${o.kind ?? 'shared'}
    subnet: sub-lb
    ip: 10.0.3.10${o.ipAsBackend ? '\n    ipAsBackend: true' : ''}
    listeners:
      - id: lst
        protocol: ${o.protocol ?? 'tcp'}
        port: 80${o.tcip ? `\n        transferClientIp: ${o.tcip}` : ''}
        members: ${o.members ?? '[ { instance: m1, port: 8080 } ]'}
endpointServices:
  - { id: svc, vpc: vpc-p, approval: false, permissions: ["*"], backend: { kind: elb, loadBalancer: lb }, portMappings: [ { servicePort: 80, terminalPort: 80 } ] }
endpoints:
  - { id: ep, vpc: vpc-c, subnet: sub-c, ip: 192.168.1.50, service: svc }
`;
}

const memberHop = (r: ReturnType<typeof run>, k = 0) => r.traces[k]!.hops.at(-1)!;
const fullnat = (r: ReturnType<typeof run>, k = 0) =>
  r.traces[k]!.hops.flatMap((h) => h.steps).find((s) => s.type === 'transform' && s.transform === 'elb-fullnat') as { after: { src: string } };

describe('Transfer Client IP on a shared layer-4 listener (the API reference: transparent_client_ip_enable)', () => {
  it('off (the default): members see 100.125.0.0/16 through their groups; on: the client’s address, which their groups do not filter', () => {
    const vpcepOnly = '198.19.128.0/17';
    const off = run(model(setup({ admit: vpcepOnly })), 'client', 'ep', 80);
    expect(off).toMatchObject({ verdict: 'unreachable', code: 'SG_INGRESS_DENIED', at: 'sg-m' });
    expect(fullnat(off).after.src).toBe('100.125.0.0/16');
    const on = run(model(setup({ admit: '100.125.0.0/16', tcip: 'true' })), 'client', 'ep', 80);
    expect(on.verdict).toBe('reachable');
    expect(fullnat(on).after.src).toBe('198.19.128.0/17');
    expect(shape([memberHop(on)])).toEqual(['m1: security-group=bypass, listening-port=allow, deliver m1']);
    expect(on.traces[0]!.hops.find((h) => h.node === 'lst')!.notes).toContain(
      "shared listener lst transfers the client's address (Transfer Client IP on): members see the client's own address, and their security groups and network ACLs do not filter it (Huawei's ELB guide; OTC's older page asked the groups to admit the clients)",
    );
  });

  it('the position is named when the model does not say it, and not when it does', () => {
    const notes = (tcip?: string) =>
      run(model(setup({ admit: '100.125.0.0/16', ...(tcip ? { tcip } : {}) })), 'client', 'ep', 80).traces[0]!.hops.find((h) => h.node === 'lst')!.notes;
    const unsaid =
      "a shared load balancer forwards to members from 100.125.0.0/16 (assumed: any address of it; Transfer Client IP is off on lst, the API's default, as the model does not say)";
    expect(notes()).toContain(unsaid);
    expect(notes('false')).toContain('a shared load balancer forwards to members from 100.125.0.0/16 (assumed: any address of it)');
  });

  it('a layer-7 listener is not changed by it: the network source stays 100.125.0.0/16', () => {
    const r = run(model(setup({ protocol: 'http', admit: '100.125.0.0/16', tcip: 'true' })), 'client', 'ep', 80);
    expect(r.verdict).toBe('reachable');
    expect(fullnat(r).after.src).toBe('100.125.0.0/16');
  });

  it('a member reaching its own listener: ELB_HAIRPIN when on; reachable when off, said either way', () => {
    const members = '[ { instance: app, port: 8080 }, { instance: m1, port: 8080 } ]';
    const on = run(model(setup({ tcip: 'true', members })), 'app', 'lb', 80);
    expect(on).toMatchObject({ verdict: 'partial', code: 'ELB_HAIRPIN', at: 'lst' });
    expect(shape(on.traces[0]!.hops).at(-1)).toBe('lst: elb-fullnat, drop ELB_HAIRPIN');
    expect(on.traces[0]!.hops.at(-1)!.steps.at(-1)).toEqual({
      type: 'drop',
      code: 'ELB_HAIRPIN',
      detail:
        "app is itself a member of listener lst: with Transfer Client IP on, the shared listener passes the client's address through, so app answers itself directly and the connection through the load balancer never completes",
      fix: 'reach lb from an instance that is not a member of listener lst, or switch Transfer Client IP off on it',
    });
    const off = run(model(setup({ tcip: 'false', members })), 'app', 'lb', 80);
    expect(off.verdict).toBe('reachable');
    expect(off.traces[0]!.hops.at(-2)!.notes).toContain(
      'Transfer Client IP is off on shared listener lst, so its member app reaches it like any client (as Huawei says; OTC says a member never can)',
    );
  });
});

describe('member types on a dedicated load balancer (Huawei ELB: Transfer Client IP does not work for IP-type members)', () => {
  const subnetOnly = '10.0.3.0/24';
  it('without IP as a backend, a layer-4 listener passes the client through and the groups do not apply (as before)', () => {
    const r = run(model(setup({ kind: 'dedicated', admit: subnetOnly })), 'client', 'ep', 80);
    expect(r.verdict).toBe('reachable');
    expect(shape([memberHop(r)])).toEqual(['m1: security-group=bypass, listening-port=allow, deliver m1']);
  });

  it('with IP as a backend, an instance member sees the client’s address through its groups; an IP-type member sees the load balancer’s subnet', () => {
    const instance = run(model(setup({ kind: 'dedicated', ipAsBackend: true, admit: subnetOnly })), 'client', 'ep', 80);
    expect(instance).toMatchObject({ verdict: 'unreachable', code: 'SG_INGRESS_DENIED' });
    expect(fullnat(instance).after.src).toBe('198.19.128.0/17');
    const ip = run(
      model(setup({ kind: 'dedicated', ipAsBackend: true, admit: subnetOnly, members: '[ { instance: m1, port: 8080, type: ip } ]' })),
      'client',
      'ep',
      80,
    );
    expect(ip.verdict).toBe('reachable');
    expect(fullnat(ip).after.src).toBe('10.0.3.0/24');
  });

  it('an IP-type member does not hairpin: the load balancer’s address, not the client’s, reaches it', () => {
    const members = '[ { instance: app, port: 8080, type: ip } ]';
    expect(run(model(setup({ kind: 'dedicated', ipAsBackend: true, members })), 'app', 'lb', 80).verdict).toBe('reachable');
    expect(run(model(setup({ kind: 'dedicated', members: '[ { instance: app, port: 8080 } ]' })), 'app', 'lb', 80).code).toBe('ELB_HAIRPIN');
  });
});

describe('the loader keeps to the switches the cloud has', () => {
  const codes = (text: string) => {
    const r = loadModelFromText('m.yaml', text);
    return r.ok ? [] : r.diagnostics.map((d) => [d.code, d.message]);
  };
  it('Transfer Client IP switched off where it cannot be', () => {
    expect(codes(setup({ kind: 'dedicated', tcip: 'false' }))).toEqual([
      [
        'transfer-client-ip-fixed',
        "Transfer Client IP cannot be switched off on a dedicated load balancer's tcp listener: a dedicated load balancer always transfers the client's address",
      ],
    ]);
    expect(codes(setup({ protocol: 'http', tcip: 'false' }))).toEqual([
      [
        'transfer-client-ip-fixed',
        "Transfer Client IP cannot be switched off on a shared load balancer's http listener: a layer-7 listener always passes it (in headers)",
      ],
    ]);
    expect(codes(setup({ kind: 'dedicated', tcip: 'true' }))).toEqual([]);
  });
  it('an IP-type member needs IP as a backend; a member in another VPC is one by default', () => {
    expect(codes(setup({ members: '[ { instance: m1, port: 8080, type: ip } ]' }))).toEqual([
      ['ip-member-needs-ip-backend', 'an IP-type member needs a dedicated load balancer with IP as a backend; "lb" is shared'],
    ]);
    expect(codes(setup({ kind: 'dedicated', members: '[ { instance: m1, port: 8080, type: ip } ]' }))).toEqual([
      ['ip-member-needs-ip-backend', 'an IP-type member needs a dedicated load balancer with IP as a backend; "lb" has ipAsBackend off'],
    ]);
    const m = model(setup({ kind: 'dedicated', ipAsBackend: true, members: '[ { instance: client, port: 8080 }, { instance: m1, port: 8080 } ]' }));
    expect(m.listeners.get('lst')!.members.map((x) => [x.instance, x.type])).toEqual([
      ['client', 'ip'],
      ['m1', 'instance'],
    ]);
  });
});

describe('Transfer Client IP through Terraform', () => {
  it('the state writer writes a shared listener’s transparent_client_ip_enable, and the reader takes it back', async () => {
    const { parse } = await import('yaml');
    const { formatTerraformState, toTerraformState } = await import('../../src/generate/terraform-state.js');
    for (const tcip of ['true', 'false']) {
      const { state } = toTerraformState(parse(setup({ tcip })) as Record<string, unknown>);
      const r = loadModelFromText('state.json', formatTerraformState(state));
      expect(r.ok && [...r.value.listeners.values()][0]!.transferClientIp).toBe(tcip === 'true');
    }
    const { state } = toTerraformState(parse(setup()) as Record<string, unknown>);
    const r = loadModelFromText('state.json', formatTerraformState(state));
    expect(r.ok && [...r.value.listeners.values()][0]!.transferClientIp).toBeNull();
  });

  it('an IP-type member of a dedicated load balancer is written without a subnet, and read back as one', async () => {
    const { parse } = await import('yaml');
    const { formatTerraformState, toTerraformState } = await import('../../src/generate/terraform-state.js');
    const doc = parse(setup({ kind: 'dedicated', ipAsBackend: true, members: '[ { instance: app, port: 8080, type: ip }, { instance: m1, port: 8080 } ]' }));
    const { state } = toTerraformState(doc as Record<string, unknown>);
    const r = loadModelFromText('state.json', formatTerraformState(state));
    expect(r.ok && [...r.value.listeners.values()][0]!.members.map((m) => m.type)).toEqual(['ip', 'instance']);
  });
});
