import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatTerraformState, toTerraformState } from '../../src/generate/terraform-state.js';
import { loadModelFromText } from '../../src/load/index.js';
import { lint } from '../../src/lint/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { model, modelOf, run, shape } from '../helpers/model.js';

/**
 * A consumer reaches load balancer lb (subnet sub-lb 10.0.3.0/24) through an endpoint; member m1 (sub-m 10.0.1.0/24)
 * listens on 8080. `ingress` is m1's group's ingress rules; `check` the listener's health check.
 */
function setup(
  o: { kind?: 'shared' | 'dedicated'; check?: string; ingress?: string; member?: string; listens?: string; acl?: string; listener?: string } = {},
): string {
  return `
vpcs:
  - { id: vpc-c, account: a, cidr: 192.168.0.0/16, subnets: [ { id: sub-c, cidr: 192.168.1.0/24 } ] }
  - { id: vpc-p, account: b, cidr: 10.0.0.0/16, subnets: [ { id: sub-m, cidr: 10.0.1.0/24${o.acl ? ', networkAcl: acl-m' : ''} }, { id: sub-lb, cidr: 10.0.3.0/24 } ] }
${o.acl ? `networkAcls:\n  - { id: acl-m, inbound: ${o.acl} }\n` : ''}securityGroups:
  - { id: sg-c, rules: [ { direction: egress } ] }
  - { id: sg-m, rules: [ { direction: egress }, ${o.ingress ?? '{ direction: ingress, protocol: tcp, ports: 8080, source: 0.0.0.0/0 }'} ] }
instances:
  - { id: client, kind: ecs, subnet: sub-c, ip: 192.168.1.10, securityGroups: [sg-c] }
  - { id: m1, kind: ecs, subnet: sub-m, ip: 10.0.1.11, securityGroups: [sg-m], listens: [${o.listens ?? '8080'}] }
loadBalancers:
  - id: lb
    kind: ${o.kind ?? 'shared'}
    subnet: sub-lb
    ip: 10.0.3.10
    listeners:
      - id: lst
        protocol: ${o.listener ?? 'tcp'}
        port: 80
        members: [ ${o.member ?? '{ instance: m1, port: 8080 }'} ]${o.check ? `\n        healthCheck: ${o.check}` : ''}
endpointServices:
  - { id: svc, vpc: vpc-p, approval: false, permissions: ["*"], backend: { kind: elb, loadBalancer: lb }, portMappings: [ { servicePort: 80, terminalPort: 80 } ] }
endpoints:
  - { id: ep, vpc: vpc-c, subnet: sub-c, ip: 192.168.1.50, service: svc }
`;
}

const listenerHop = (r: ReturnType<typeof run>) => r.traces[0]!.hops.find((h) => h.node === 'lst')!;

describe('health checks decide a member the model does not mark (OTC ELB, "health check")', () => {
  it('no health check in the model: the member is taken as healthy, and the listener hop says it assumed so', () => {
    const r = run(model(setup()), 'client', 'ep', 80);
    expect(r.verdict).toBe('reachable');
    expect(listenerHop(r).notes).toContain(
      'assumed: the model gives listener lst no health check, so m1:8080 is taken as healthy (give it a "healthCheck" to derive their health, or say "healthy" per member)',
    );
  });

  it('a check that arrives: healthy, said with the check it sent', () => {
    const r = run(model(setup({ check: '{ protocol: tcp }' })), 'client', 'ep', 80);
    expect(r.verdict).toBe('reachable');
    expect(listenerHop(r).notes).toContain('member m1:8080 is healthy: its health check (tcp/8080 from 100.125.0.0/16) arrives');
    expect(listenerHop(r).notes.some((n) => n.startsWith('assumed: the model gives'))).toBe(false);
  });

  it("a check on a port the member's group refuses: unhealthy, so the listener has no member (NO_HEALTHY_MEMBER), with the group's words and fix", () => {
    const r = run(model(setup({ check: '{ protocol: tcp, port: 9000 }' })), 'client', 'ep', 80);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'NO_HEALTHY_MEMBER', at: 'lst' });
    expect(shape(r.traces[0]!.hops).at(-1)).toBe('lst: member-health=deny, drop NO_HEALTHY_MEMBER');
    const hop = listenerHop(r);
    expect(hop.notes.find((n) => n.startsWith('member m1:8080 is unhealthy'))).toMatch(
      /^member m1:8080 is unhealthy: its health check \(tcp\/9000 from 100\.125\.0\.0\/16\) stops at m1: .*sg-m/,
    );
    expect(hop.steps.at(-1)).toMatchObject({
      type: 'drop',
      code: 'NO_HEALTHY_MEMBER',
      detail: 'listener lst has no healthy member with weight > 0 (m1:8080 unhealthy: its health check (tcp/9000 from 100.125.0.0/16) is refused)',
    });
    expect((hop.steps.at(-1) as { fix: string }).fix).toMatch(/^let the health check of listener lst reach m1: .*9000/);
  });

  it('the same check switched off: the load balancer sends to the member anyway, and says the switch is off', () => {
    const r = run(model(setup({ check: '{ enabled: false, protocol: tcp, port: 9000 }' })), 'client', 'ep', 80);
    expect(r.verdict).toBe('reachable');
    expect(listenerHop(r).notes).toContain(
      'the health check of listener lst is switched off (enabled: false): the load balancer sends to m1:8080 whether healthy or not',
    );
  });

  it('what the model says of a member wins over its check (the API’s operating status)', () => {
    const ok = run(model(setup({ check: '{ protocol: tcp, port: 9000 }', member: '{ instance: m1, port: 8080, healthy: true }' })), 'client', 'ep', 80);
    expect(ok.verdict).toBe('reachable');
    expect(listenerHop(ok).notes.some((n) => n.includes('health check'))).toBe(false);
    const sick = run(model(setup({ check: '{ protocol: tcp }', member: '{ instance: m1, port: 8080, healthy: false }' })), 'client', 'ep', 80);
    expect(sick).toMatchObject({ code: 'NO_HEALTHY_MEMBER' });
    expect(listenerHop(sick).steps.at(-1)).toMatchObject({ detail: 'listener lst has no healthy member with weight > 0 (m1:8080 unhealthy)' });
  });

  it('a member that does not listen on the check port is unhealthy', () => {
    const r = run(
      model(setup({ check: '{ protocol: http, port: 9000 }', ingress: '{ direction: ingress, protocol: tcp, ports: 1-65535, source: 0.0.0.0/0 }' })),
      'client',
      'ep',
      80,
    );
    expect(r).toMatchObject({ code: 'NO_HEALTHY_MEMBER' });
    expect(listenerHop(r).notes.find((n) => n.startsWith('member m1'))).toBe(
      'member m1:8080 is unhealthy: its health check (HTTP tcp/9000 from 100.125.0.0/16) stops at m1: m1 does not listen on tcp/9000 (listens: 8080)',
    );
  });

  it("the member subnet's ACL refusing the check's source makes it unhealthy; admitting part of the source is not enough", () => {
    const acl = run(
      model(setup({ check: '{ protocol: tcp }', acl: '[ { action: allow, protocol: tcp, ports: 8080, source: 198.19.128.0/17 } ]' })),
      'client',
      'ep',
      80,
    );
    expect(acl).toMatchObject({ code: 'NO_HEALTHY_MEMBER' });
    expect(listenerHop(acl).notes.find((n) => n.startsWith('member m1'))).toMatch(/stops at m1: .*acl-m/);
    const part = run(
      model(setup({ check: '{ protocol: tcp }', ingress: '{ direction: ingress, protocol: tcp, ports: 8080, source: 100.125.0.0/17 }' })),
      'client',
      'ep',
      80,
    );
    expect(part).toMatchObject({ code: 'NO_HEALTHY_MEMBER' });
    expect(listenerHop(part).notes.find((n) => n.startsWith('member m1'))).toMatch(/^member m1:8080 is unhealthy: .*stops at m1: .*100\.125\.0\.0\/17/);
  });

  it("a dedicated layer-4 listener's traffic passes the member's filters by, but its health check does not: it comes from the load balancer's subnet", () => {
    const closed = '{ direction: ingress, protocol: tcp, ports: 8080, source: 192.168.0.0/16 }';
    const open = '{ direction: ingress, protocol: tcp, ports: 8080, source: 10.0.3.0/24 }';
    const unchecked = run(model(setup({ kind: 'dedicated', ingress: closed })), 'client', 'ep', 80);
    expect(unchecked.verdict).toBe('reachable');
    const refused = run(model(setup({ kind: 'dedicated', ingress: closed, check: '{ protocol: tcp }' })), 'client', 'ep', 80);
    expect(refused).toMatchObject({ verdict: 'unreachable', code: 'NO_HEALTHY_MEMBER' });
    expect(listenerHop(refused).notes.find((n) => n.startsWith('member m1'))).toMatch(
      /^member m1:8080 is unhealthy: its health check \(tcp\/8080 from 10\.0\.3\.0\/24\)/,
    );
    const admitted = run(model(setup({ kind: 'dedicated', ingress: open, check: '{ protocol: tcp }' })), 'client', 'ep', 80);
    expect(admitted.verdict).toBe('reachable');
  });

  it('a UDP check is a UDP probe on the port', () => {
    const text = setup({ listener: 'udp', check: '{ protocol: udp }', ingress: '{ direction: ingress, protocol: udp, ports: 8080, source: 0.0.0.0/0 }' });
    const m = model(text);
    const split = m.listeners.get('lst')!;
    expect(split.healthCheck).toMatchObject({ enabled: true, protocol: 'udp', port: null });
  });
});

describe('the loader checks a health check against its backend group', () => {
  const codes = (text: string) => {
    const r = loadModelFromText('m.yaml', text);
    return r.ok ? [] : r.diagnostics.map((d) => [d.code, d.message, d.location.line]);
  };
  it('a protocol the listener’s group does not allow is refused, with the ones it does', () => {
    expect(codes(setup({ listener: 'udp', check: '{ protocol: tcp }' }))).toEqual([
      ['health-check-protocol', "a shared load balancer's udp listener cannot have a tcp health check", 21],
    ]);
    expect(codes(setup({ listener: 'https', check: '{ protocol: https }' }))).toEqual([
      ['health-check-protocol', "a shared load balancer's https listener cannot have a https health check", 21],
    ]);
    expect(codes(setup({ kind: 'dedicated', listener: 'https', check: '{ protocol: https }' }))).toEqual([]);
    expect(codes(setup({ check: '{ protocol: tcp, port: 70000 }' })).map((c) => c[0])).toEqual(['invalid-port']);
  });
  it('without a protocol, the check is the listener’s transport', () => {
    expect(model(setup({ listener: 'http', check: '{ port: 81 }' })).listeners.get('lst')!.healthCheck).toMatchObject({ protocol: 'tcp', port: 81 });
  });
});

type TfRes = { type: string; address: string; values: Record<string, unknown> };
const resourcesOf = (state: unknown): TfRes[] => (state as { values: { root_module: { resources: TfRes[] } } }).values.root_module.resources;

describe('health checks from Terraform', () => {
  it('the state writer writes a monitor per checked listener (dedicated: protocol, enabled; shared: type, admin_state_up), and the reader takes it back', () => {
    const doc = parse(
      setup({ check: '{ protocol: udp, port: 9000 }', listener: 'udp', ingress: '{ direction: ingress, protocol: udp, ports: 8080, source: 0.0.0.0/0 }' }),
    ) as Record<string, unknown>;
    const shared = toTerraformState(doc);
    const monitors = (s: typeof shared) => resourcesOf(s.state).filter((r) => r.type.endsWith('_monitor'));
    expect(monitors(shared).map((r) => [r.type, r.values.type, r.values.port, r.values.admin_state_up])).toEqual([
      ['huaweicloud_lb_monitor', 'UDP_CONNECT', 9000, true],
    ]);
    const back = modelOf(loadModelFromText('state.json', formatTerraformState(shared.state)))!;
    expect([...back.listeners.values()][0]!.healthCheck).toMatchObject({ enabled: true, protocol: 'udp', port: 9000 });

    const dedicated = toTerraformState(parse(setup({ kind: 'dedicated', check: '{ enabled: false, protocol: https }' })) as Record<string, unknown>);
    expect(monitors(dedicated).map((r) => [r.type, r.values.protocol, r.values.port, r.values.enabled])).toEqual([
      ['huaweicloud_elb_monitor', 'HTTPS', undefined, false],
    ]);
    const again = modelOf(loadModelFromText('state.json', formatTerraformState(dedicated.state)))!;
    expect([...again.listeners.values()][0]!.healthCheck).toMatchObject({ enabled: false, protocol: 'https', port: null });
  });

  it('a monitor the engine does not model (PING) is left out with a warning at its type', () => {
    const doc = parse(setup({ check: '{ protocol: tcp }' })) as Record<string, unknown>;
    const { state } = toTerraformState(doc);
    const monitor = resourcesOf(state).find((r) => r.type === 'huaweicloud_lb_monitor')!;
    monitor.values.type = 'PING';
    const r = loadModelFromText('state.json', formatTerraformState(state));
    expect(r.diagnostics.filter((d) => d.severity !== 'info').map((d) => [d.severity, d.code, d.location.address])).toEqual([
      ['warning', 'terraform-monitor-skipped', `${monitor.address}.type`],
    ]);
    expect([...modelOf(r)!.listeners.values()][0]!.healthCheck).toBeNull();
  });
});

describe('a UDP health check is a UDP probe and an ICMP echo (OTC ELB: the groups must admit ICMP too)', () => {
  const udp = (ingress: string) =>
    setup({ listener: 'udp', check: '{ protocol: udp }', ingress })
      .replace('listens: [8080]', 'listens: [8080]')
      .replace('portMappings: [ { servicePort: 80, terminalPort: 80 } ]', 'portMappings: []');
  it('a group that admits the UDP port but not ICMP: unhealthy, at the echo; admitting both: healthy', () => {
    const lst = (text: string) => {
      const m = model(text);
      const r = new Simulator(m).trace({ from: 'm1', to: 'lb', port: 80, protocol: 'udp' });
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const noEcho = lst(udp('{ direction: ingress, protocol: udp, ports: 8080, source: 0.0.0.0/0 }'));
    expect(noEcho.code).toBe('NO_HEALTHY_MEMBER');
    expect(noEcho.traces[0]!.hops.at(-1)!.notes.find((n) => n.startsWith('member m1'))).toMatch(
      /^member m1:8080 is unhealthy: its health check \(udp\/8080 and an ICMP echo \(icmp\/8\) from 100\.125\.0\.0\/16\) stops at m1: security groups sg-m ingress icmp\/8/,
    );
    const f = lint(model(udp('{ direction: ingress, protocol: udp, ports: 8080, source: 0.0.0.0/0 }'))).find((x) => x.ruleId === 'elb-health-check-blocked')!;
    expect(f.fix).toMatchObject({ kind: 'add-security-group-rule', rule: { protocol: 'icmp', ports: 8, source: '100.125.0.0/16' } });
    expect(f.data.check).toBe('the ICMP echo of a UDP check, from 100.125.0.0/16');
    const both = lst(
      udp('{ direction: ingress, protocol: udp, ports: 8080, source: 0.0.0.0/0 }, { direction: ingress, protocol: icmp, ports: 8, source: 100.125.0.0/16 }'),
    );
    expect(both.code).not.toBe('NO_HEALTHY_MEMBER');
  });
});
