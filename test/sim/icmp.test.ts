import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { checkPolicy } from '../../src/symbolic/policy.js';
import { portClasses } from '../../src/symbolic/ports.js';
import { cli } from '../helpers/cli.js';
import { model, modelOf, run, shape } from '../helpers/model.js';

/** app (10.0.1.10) pings db (10.0.2.10), whose group has `rules`; lb is a shared load balancer in app's subnet. */
function setup(rules: string): string {
  return `
vpcs:
  - { id: v, cidr: 10.0.0.0/16, subnets: [ { id: s-app, cidr: 10.0.1.0/24 }, { id: s-db, cidr: 10.0.2.0/24 } ] }
securityGroups:
  - { id: sg-app, rules: [ { direction: egress } ] }
  - { id: sg-db, rules: [ { direction: egress }, ${rules} ] }
instances:
  - { id: app, kind: ecs, subnet: s-app, ip: 10.0.1.10, securityGroups: [sg-app] }
  - { id: db, kind: ecs, subnet: s-db, ip: 10.0.2.10, securityGroups: [sg-db], listens: [5432] }
loadBalancers:
  - { id: lb, kind: shared, subnet: s-app, ip: 10.0.1.100, listeners: [ { id: l, protocol: tcp, port: 80, members: [ { instance: db, port: 5432 } ] } ] }
`;
}
const ping = (text: string, type = 8) => run(model(text), 'app', 'db', type, 'icmp');

describe('ICMP flows: the port is the ICMP type', () => {
  it('an icmp rule admits every type; one with ports admits those types; a tcp rule none; any every one', () => {
    const all = ping(setup('{ direction: ingress, protocol: icmp, source: 10.0.0.0/16 }'));
    expect(all.verdict).toBe('reachable');
    expect(shape(all.traces[0]!.hops).at(-1)).toBe('db: security-group=allow, deliver db');
    expect(all.traces[0]!.hops.at(-1)!.notes).toContain(
      'assumed: the instance answers ICMP type 8 itself (no firewall on the instance; "listens" lists TCP ports)',
    );
    const echo = setup('{ direction: ingress, protocol: icmp, ports: 8, source: 10.0.0.0/16 }');
    expect([ping(echo).verdict, ping(echo, 0).code]).toEqual(['reachable', 'SG_INGRESS_DENIED']);
    expect(ping(setup('{ direction: ingress, protocol: tcp, source: 10.0.0.0/16 }')).code).toBe('SG_INGRESS_DENIED');
    expect(ping(setup('{ direction: ingress, protocol: any, source: 10.0.0.0/16 }')).verdict).toBe('reachable');
  });

  it('the fix a refused ping gets names the ICMP type', () => {
    const r = ping(setup('{ direction: ingress, protocol: tcp, source: 10.0.0.0/16 }'));
    expect(r.traces[0]!.hops.at(-1)!.steps.at(-1)).toMatchObject({
      code: 'SG_INGRESS_DENIED',
      fix: 'add to sg-db: { direction: ingress, protocol: icmp, ports: 8, source: 10.0.1.10 }',
    });
  });

  it('a load balancer answers ICMP itself (assumed, said); an endpoint carries TCP only', () => {
    const lb = run(model(setup('{ direction: ingress, protocol: icmp }')), 'app', 'lb', 8, 'icmp');
    expect(lb).toMatchObject({ verdict: 'reachable', code: 'DELIVERED', at: 'lb' });
    expect(lb.traces[0]!.hops.at(-1)!.notes).toContain(
      'assumed: load balancer lb answers ICMP itself, as no listener carries it (OTC ELB: access control does not restrict ping)',
    );
    const ep = run(model(readFileSync('models/seed-elb/model.yaml', 'utf8')), 'ecs-client', 'ep-web', 8, 'icmp');
    expect(ep).toMatchObject({ verdict: 'unreachable', code: 'PROTOCOL_NOT_SUPPORTED' });
  });

  it('from the internet: through an EIP, and through an all-ports DNAT rule (a one-to-one mapping); not through a TCP one', () => {
    const m = model(readFileSync('models/internet/model.yaml', 'utf8'));
    const sim = new Simulator(m);
    const code = (to: string) => {
      const d = sim.decide({ from: 'internet', to, port: 8, protocol: 'icmp' });
      return d.ok && d.value.code;
    };
    // The bastion's group admits SSH only: the EIP lets the ping in, the group refuses it.
    expect(code('ecs-bastion')).toBe('SG_INGRESS_DENIED');
    // eip-nat has TCP DNAT rules only.
    expect(code('203.0.113.30')).toBe('NO_DNAT_RULE');
    const all = readFileSync('models/internet/model.yaml', 'utf8')
      .replace('{ id: eip-nat, address: 203.0.113.30 }', '{ id: eip-nat, address: 203.0.113.30 }\n  - { id: eip-all, address: 203.0.113.50 }')
      .replace('    dnatRules:\n', '    dnatRules:\n      - { eip: eip-all, protocol: any, instance: ecs-app }\n');
    expect(all).toContain('eip-all, protocol: any');
    const d = new Simulator(model(all)).decide({ from: 'internet', to: '203.0.113.50', port: 8, protocol: 'icmp' });
    // Forwarded to ecs-app, whose group admits only SSH.
    expect(d.ok && [d.value.code, d.value.at]).toEqual(['SG_INGRESS_DENIED', 'sg-app']);
  });

  it('every ICMP type is one more class of analyze, and a policy may ask for types', () => {
    const sim = new Simulator(model(setup('{ direction: ingress, protocol: icmp, ports: [0, 8], source: 10.0.0.0/16 }')));
    const r = portClasses(sim, 'app', 'db');
    expect(r.ok && r.value.filter((c) => c.protocol === 'icmp').map((c) => [c.ports, c.verdict])).toEqual([
      [
        [
          { lo: 0, hi: 0 },
          { lo: 8, hi: 8 },
        ],
        'reachable',
      ],
      [
        [
          { lo: 1, hi: 7 },
          { lo: 9, hi: 255 },
        ],
        'unreachable',
      ],
    ]);
    const p = checkPolicy(sim, { from: 'app', to: 'db', ports: [{ lo: 0, hi: 8 }], protocol: 'icmp', expect: 'unreachable', codes: null });
    expect(p.ok && [p.value.holds, p.value.flows, p.value.counterexample?.flow.port]).toEqual([false, 9, 0]);
  });

  it('queries: the type is 0-255; the CLI takes --protocol icmp --port <type>', async () => {
    const sim = new Simulator(model(setup('{ direction: ingress, protocol: icmp }')));
    expect(sim.decide({ from: 'app', to: 'db', port: 256, protocol: 'icmp' })).toMatchObject({
      ok: false,
      error: { field: 'port', message: 'ICMP type 256 is out of range' },
    });
    expect(sim.decide({ from: 'app', to: 'db', port: 0, protocol: 'icmp' })).toMatchObject({ ok: true, value: { verdict: 'reachable' } });
    expect(sim.decide({ from: 'app', to: 'db', port: 0, protocol: 'tcp' })).toMatchObject({ ok: false, error: { field: 'port' } });
    const r = await cli(['trace', 'models/internet/model.yaml', '--from', 'ecs-app', '--to', 'ecs-db', '--port', '8', '--protocol', 'icmp']);
    expect(r.code).toBe(1);
    expect(r.out.split('\n').slice(0, 2)).toEqual([
      'UNREACHABLE  SG_INGRESS_DENIED  at sg-db',
      'flow: icmp 10.10.2.20 → 10.10.3.30 type 8  (from ecs-app to ecs-db)',
    ]);
  });
});

describe('ICMP in the model and from Terraform', () => {
  it('an icmp rule’s ports are types 0-255; ports on an any rule are refused', () => {
    const codes = (rules: string) => {
      const r = loadModelFromText('m.yaml', setup(rules));
      return r.ok ? [] : r.diagnostics.map((d) => d.code);
    };
    expect(codes('{ direction: ingress, protocol: icmp, ports: "0-8" }')).toEqual([]);
    expect(codes('{ direction: ingress, protocol: icmp, ports: 300 }')).toEqual(['invalid-icmp-type']);
    expect(codes('{ direction: ingress, protocol: any, ports: 80 }')).toEqual(['ports-not-applicable']);
  });

  it('a security-group rule’s port_range_min is its type, port_range_max its code (0: every code, said where the type has more); the writer writes one rule per type', async () => {
    const { parse } = await import('yaml');
    const { formatTerraformState, toTerraformState } = await import('../../src/generate/terraform-state.js');
    const { state } = toTerraformState(parse(setup('{ direction: ingress, protocol: icmp, ports: [3, 8], source: 10.0.0.0/16 }')) as Record<string, unknown>);
    type Res = { type: string; address: string; values: Record<string, unknown> };
    const resources = (state as { values: { root_module: { resources: Res[] } } }).values.root_module.resources;
    const icmp = resources.filter((x) => x.type === 'huaweicloud_networking_secgroup_rule' && x.values.protocol === 'icmp');
    expect(icmp.map((x) => [x.values.port_range_min, x.values.port_range_max])).toEqual([
      [3, 0],
      [8, 0],
    ]);
    // Code 0 on type 3 (codes 0-15) is what a state holds for an unset code too: every code, and a note says so; on
    // type 8 (code 0 only) it is the same rule, and nothing is said.
    const r = loadModelFromText('state.json', formatTerraformState(state));
    expect(r.diagnostics.filter((d) => d.code === 'terraform-icmp-code').map((d) => [d.location.address, d.message])).toEqual([
      [
        `${icmp[0]!.address}.port_range_max`,
        `${icmp[0]!.address} has port_range_max 0 on ICMP type 3: a state holds 0 for an unset code too, so vpcreach reads the rule as matching every code of the type (0-15), not code 0 alone`,
      ],
    ]);
    const rulesOf = (m: ReturnType<typeof modelOf>) => [...m!.securityGroups.values()].flatMap((g) => g.rules).filter((x) => x.protocol === 'icmp');
    expect(rulesOf(modelOf(r)).map((x) => [x.ports, x.icmpCode])).toEqual([
      [[{ lo: 3, hi: 3 }], null],
      [[{ lo: 8, hi: 8 }], null],
    ]);
    // A code above 0 is the rule's icmpCode; the writer writes it back.
    icmp[0]!.values.port_range_max = 4;
    const four = loadModelFromText('state.json', formatTerraformState(state));
    expect(four.diagnostics.filter((d) => d.code === 'terraform-icmp-code')).toEqual([]);
    expect(rulesOf(modelOf(four)).map((x) => x.icmpCode)).toEqual([4, null]);
    const written = toTerraformState(
      parse(setup('{ direction: ingress, protocol: icmp, ports: 3, icmpCode: 4, source: 10.0.0.0/16 }')) as Record<string, unknown>,
    );
    const back = (written.state as { values: { root_module: { resources: Res[] } } }).values.root_module.resources.find((x) => x.values.protocol === 'icmp')!;
    expect([back.values.port_range_min, back.values.port_range_max]).toEqual([3, 4]);
  });
});
