import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { loadModel, loadModelFromText } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { portClasses, reachedBy, reachersOf, reachersOfEach, restrictPorts, type PortClass } from '../../src/symbolic/ports.js';
import { policySources } from '../../src/symbolic/policy.js';
import { validModelArb, runs } from '../fuzz/arbitraries.js';
import { ecsSetup, model, modelOf } from '../helpers/model.js';

const classesOf = (sim: Simulator, from: string, to: string): PortClass[] => {
  const r = portClasses(sim, from, to);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const row = (c: PortClass) => [c.protocol, c.ports.map((p) => (p.lo === p.hi ? `${p.lo}` : `${p.lo}-${p.hi}`)).join(','), c.verdict, c.code, c.at];

describe('all ports at once for one client and destination', () => {
  it('the seed setup: only the mapped terminal port arrives; every other port and UDP say why not', () => {
    const sim = new Simulator(modelOf(loadModel('models/seed-elb/model.yaml'))!);
    expect(classesOf(sim, 'ecs-client', 'ep-web').map(row)).toEqual([
      ['tcp', '1-8079,8081-65535', 'unreachable', 'NO_PORT_MAPPING', 'svc-web'],
      ['tcp', '8080', 'reachable', 'DELIVERED', 'elb-1'],
      ['udp', '1-65535', 'unreachable', 'PROTOCOL_NOT_SUPPORTED', 'ep-web'],
      ['icmp', '0-255', 'unreachable', 'PROTOCOL_NOT_SUPPORTED', 'ep-web'],
    ]);
  });

  it('a terminal port that no rule names is a class of its own (the mapping cuts the ports)', () => {
    const sim = new Simulator(model(ecsSetup({ backendRules: '      - { direction: ingress, protocol: any, source: 198.19.128.0/17 }', listens: '' })));
    expect(classesOf(sim, 'client', 'ep').map(row)).toEqual([
      ['tcp', '1-79,81-65535', 'unreachable', 'NO_PORT_MAPPING', 'svc'],
      ['tcp', '80', 'reachable', 'DELIVERED', 'backend'],
      ['udp', '1-65535', 'unreachable', 'PROTOCOL_NOT_SUPPORTED', 'ep'],
      ['icmp', '0-255', 'unreachable', 'PROTOCOL_NOT_SUPPORTED', 'ep'],
    ]);
  });

  it('a listener port that no rule names is a class of its own (the listener cuts the ports)', () => {
    const text = `
region: r1
vpcs:
  - { id: v, cidr: 10.0.0.0/16, subnets: [ { id: s, cidr: 10.0.1.0/24 } ] }
securityGroups:
  - { id: g, rules: [ { direction: egress, protocol: any }, { direction: ingress, protocol: any, source: 0.0.0.0/0 } ] }
instances:
  - { id: client, kind: ecs, subnet: s, ip: 10.0.1.10, securityGroups: [g] }
  - { id: web, kind: ecs, subnet: s, ip: 10.0.1.20, securityGroups: [g] }
loadBalancers:
  - { id: lb, kind: shared, subnet: s, ip: 10.0.1.100, listeners: [ { id: l, protocol: tcp, port: 7777, members: [ { instance: web, port: 8080 } ] } ] }
`;
    const classes = classesOf(new Simulator(model(text)), 'client', 'lb');
    // ICMP is the load balancer's own to answer (assumed: no listener carries it).
    expect(classes.filter((c) => c.verdict === 'reachable').map(row)).toEqual([
      ['tcp', '7777', 'reachable', 'DELIVERED', 'web'],
      ['icmp', '0-255', 'reachable', 'DELIVERED', 'lb'],
    ]);
    expect(classes.find((c) => c.protocol === 'tcp' && c.verdict === 'unreachable')?.ports).toEqual([
      { lo: 1, hi: 7776 },
      { lo: 7778, hi: 65535 },
    ]);
  });

  it('a witness port of each class gives the class’s answer when traced', () => {
    const sim = new Simulator(modelOf(loadModel('models/misconfigurations/model.yaml'))!);
    for (const c of classesOf(sim, 'ecs-client', 'ep-shared')) {
      const t = sim.trace({ from: 'ecs-client', to: 'ep-shared', port: c.witness, protocol: c.protocol });
      expect(t.ok && [t.value.verdict, t.value.code, t.value.at]).toEqual([c.verdict, c.code, c.at]);
    }
  });

  it('who reaches a destination: every instance once, grouped by identical classes, each group exactly its members’ own', () => {
    const sim = new Simulator(modelOf(loadModel('models/misconfigurations/model.yaml'))!);
    const r = reachersOf(sim, 'ep-shared');
    if (!r.ok) throw new Error(r.error.message);
    const sources = r.value.flatMap((g) => g.ids);
    expect([...sources].sort()).toEqual([...sim.model.instances.keys()].sort());
    for (const g of r.value) for (const from of g.ids) expect(classesOf(sim, from, 'ep-shared')).toEqual(g.classes);
    expect(new Set(r.value.map((g) => JSON.stringify(g.classes))).size).toBe(r.value.length);
    expect(
      r.value
        .find((g) => g.ids.includes('ecs-client'))!
        .classes.filter((c) => c.verdict === 'reachable')
        .map(row),
    ).toEqual([['tcp', '80,85', 'reachable', 'DELIVERED', 'ecs-member-ok']]);
    expect(reachersOf(sim, 'nowhere')).toMatchObject({ ok: false, error: { field: 'to' } });
  });

  it('what an instance reaches: every endpoint, load balancer and instance once, each group exactly its members’ own', () => {
    const sim = new Simulator(modelOf(loadModel('models/misconfigurations/model.yaml'))!);
    const r = reachedBy(sim, 'ecs-client');
    if (!r.ok) throw new Error(r.error.message);
    const m = sim.model;
    expect(r.value.flatMap((g) => g.ids).sort()).toEqual([...m.endpoints.keys(), ...m.loadBalancers.keys(), ...m.instances.keys()].sort());
    for (const g of r.value) for (const to of g.ids) expect(classesOf(sim, 'ecs-client', to)).toEqual(g.classes);
  });

  it('--port: classes cut down to the range, the witness inside it, empty classes dropped', () => {
    const sim = new Simulator(modelOf(loadModel('models/seed-elb/model.yaml'))!);
    expect(restrictPorts(classesOf(sim, 'ecs-client', 'ep-web'), { lo: 8000, hi: 8080 }).map((c) => [...row(c), c.witness])).toEqual([
      ['tcp', '8000-8079', 'unreachable', 'NO_PORT_MAPPING', 'svc-web', 8000],
      ['tcp', '8080', 'reachable', 'DELIVERED', 'elb-1', 8080],
      ['udp', '8000-8080', 'unreachable', 'PROTOCOL_NOT_SUPPORTED', 'ep-web', 8000],
    ]);
    expect(
      restrictPorts(classesOf(sim, 'ecs-client', 'ep-web'), { lo: 8080, hi: 8080 })
        .filter((c) => c.protocol === 'tcp')
        .map(row),
    ).toEqual([['tcp', '8080', 'reachable', 'DELIVERED', 'elb-1']]);
  });

  it('a bad query is an error', () => {
    const sim = new Simulator(modelOf(loadModel('models/seed-elb/model.yaml'))!);
    expect(portClasses(sim, 'ghost', 'ep-web')).toMatchObject({ ok: false, error: { field: 'from' } });
  });

  test.prop(
    [validModelArb, fc.nat(), fc.nat(), fc.array(fc.record({ port: fc.integer({ min: 1, max: 65535 }), udp: fc.boolean() }), { minLength: 20, maxLength: 20 })],
    {
      ...runs(150),
    },
  )('random models: the classes cover every port once, and any port decides as its class says', (doc, a, b, samples) => {
    const model = modelOf(loadModelFromText('random.json', JSON.stringify(doc)))!;
    const sim = new Simulator(model);
    const from = [...model.instances.keys()];
    const to = [...model.endpoints.keys(), ...model.instances.keys(), ...model.loadBalancers.keys()];
    const q = { from: from[a % from.length]!, to: to[b % to.length]! };
    const classes = classesOf(sim, q.from, q.to);
    // TCP and UDP ports 1-65535, ICMP types 0-255, each exactly once.
    for (const [protocol, first, end] of [
      ['tcp', 1, 65536],
      ['udp', 1, 65536],
      ['icmp', 0, 256],
    ] as const) {
      const ranges = classes
        .filter((c) => c.protocol === protocol)
        .flatMap((c) => c.ports)
        .sort((x, y) => x.lo - y.lo);
      let next: number = first;
      for (const r of ranges) {
        expect(r.lo).toBe(next);
        next = r.hi + 1;
      }
      expect(next).toBe(end);
    }
    // Ports near every class boundary and random ones.
    const ports = [
      ...samples,
      ...classes.flatMap((c) => c.ports.flatMap((p) => [p.lo, p.hi]).map((port) => ({ port, udp: c.protocol === 'udp', icmp: c.protocol === 'icmp' }))),
    ];
    for (const s of ports) {
      const protocol = 'icmp' in s && s.icmp ? ('icmp' as const) : s.udp ? ('udp' as const) : ('tcp' as const);
      const c = classes.find((k) => k.protocol === protocol && k.ports.some((p) => p.lo <= s.port && s.port <= p.hi))!;
      const d = sim.decide({ ...q, port: s.port, protocol });
      expect(d.ok && [d.value.verdict, d.value.code, d.value.at]).toEqual([c.verdict, c.code, c.at]);
    }
  });

  test.prop([validModelArb, fc.nat()], runs(200))(
    'who reaches a destination, every source walked at once, equals every instance decided on its own',
    (doc, b) => {
      const model = modelOf(loadModelFromText('random.json', JSON.stringify(doc)))!;
      const sim = new Simulator(model);
      const to = [...model.endpoints.keys(), ...model.instances.keys(), ...model.loadBalancers.keys()];
      const target = to[b % to.length]!;
      expect(reachersOf(sim, target)).toEqual(reachersOfEach(sim, target));
    },
  );

  it('two instances alike but for an address a whitelist names are two classes, and answered apart', () => {
    const text = ecsSetup({ endpoint: '{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc, whitelist: [192.168.1.10/32] }' }).replace(
      '  - { id: backend,',
      '  - { id: client-2, kind: ecs, subnet: sub-c, ip: 192.168.1.11, securityGroups: [sg-c] }\n  - { id: backend,',
    );
    const sim = new Simulator(model(text));
    const r = reachersOf(sim, 'ep');
    if (!r.ok) throw new Error(r.error.message);
    const of = (id: string) =>
      r.value.find((g) => g.ids.includes(id))!.classes.filter((c) => c.protocol === 'tcp' && c.ports.some((p) => p.lo <= 80 && 80 <= p.hi))[0]!;
    expect([of('client').code, of('client-2').code]).toEqual(['DELIVERED', 'ENDPOINT_WHITELIST_DENIED']);
    expect(r).toEqual(reachersOfEach(sim, 'ep'));
  });

  it('a group reference matches its members’ addresses: an instance of another VPC that reuses one is admitted, its neighbour is not', () => {
    // Two VPCs with the same range: a1 (vpc-a, in ga) and b1 (vpc-b) share 10.0.1.10. The target admits sourceGroup ga,
    // which matches by address, so b1 is admitted and b2 is not, though b1 and b2 are alike in subnet and groups.
    const text = `
region: r1
vpcs:
  - { id: vpc-a, cidr: 10.0.0.0/16, subnets: [ { id: sa, cidr: 10.0.1.0/24 } ] }
  - { id: vpc-b, cidr: 10.0.0.0/16, subnets: [ { id: sb, cidr: 10.0.1.0/24 } ] }
securityGroups:
  - { id: ga, rules: [ { direction: egress } ] }
  - { id: gb, rules: [ { direction: egress } ] }
  - { id: gt, rules: [ { direction: ingress, protocol: tcp, ports: 80, sourceGroup: ga } ] }
instances:
  - { id: a1, kind: ecs, subnet: sa, ip: 10.0.1.10, securityGroups: [ga] }
  - { id: b1, kind: ecs, subnet: sb, ip: 10.0.1.10, securityGroups: [gb] }
  - { id: b2, kind: ecs, subnet: sb, ip: 10.0.1.11, securityGroups: [gb] }
  - { id: t, kind: ecs, subnet: sb, ip: 10.0.1.20, securityGroups: [gt] }
`;
    const m = model(text);
    const sim = new Simulator(m);
    expect(sim.decide({ from: 'b1', to: 't', port: 80 })).toMatchObject({ ok: true, value: { verdict: 'reachable' } });
    expect(sim.decide({ from: 'b2', to: 't', port: 80 })).toMatchObject({ ok: true, value: { verdict: 'unreachable' } });
    expect(reachersOf(sim, 't')).toEqual(reachersOfEach(sim, 't'));
  });

  it('--from a subnet, VPC or security group: its instances only, each answered as on its own', () => {
    const m = modelOf(loadModel('models/misconfigurations/model.yaml'))!;
    const sim = new Simulator(m);
    // The instances a --from names, as the command finds them.
    const named = (id: string) => {
      const r = policySources(m, id);
      return r.ok ? r.value.instances : null;
    };
    const inVpc = named('vpc-c')!;
    expect(inVpc.map((i) => i.id).sort()).toEqual(
      [...m.instances.values()]
        .filter((i) => m.subnets.get(i.subnet)!.vpc === 'vpc-c')
        .map((i) => i.id)
        .sort(),
    );
    expect(named('sg-client')!.map((i) => i.id)).toEqual(['ecs-client']);
    expect(named('ep-shared')).toBeNull();
    const some = reachersOf(sim, 'ep-shared', undefined, inVpc);
    const each = reachersOfEach(sim, 'ep-shared');
    if (!some.ok || !each.ok) throw new Error('query failed');
    const ids = new Set(inVpc.map((i) => i.id));
    for (const g of some.value) for (const id of g.ids) expect(ids.has(id) && each.value.find((e) => e.ids.includes(id))!.classes).toEqual(g.classes);
  });
});
