import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { readdirSync } from 'node:fs';
import { loadModel, loadModelFromText } from '../../src/load/index.js';
import { Simulator, pathEnd, type PathEnd } from '../../src/sim/engine.js';
import { reachersOf, type PortClass } from '../../src/symbolic/ports.js';
import { portClassesBySets } from '../../src/symbolic/set-ports.js';
import { validModelArb, runs } from '../fuzz/arbitraries.js';
import { ecsSetup, model, modelOf } from '../helpers/model.js';

/** Every (instance, addressed resource) pair of a model. */
function pairs(sim: Simulator): { from: string; to: string }[] {
  const m = sim.model;
  const to = [...m.endpoints.keys(), ...m.loadBalancers.keys(), ...m.instances.keys()];
  return [...m.instances.keys()].flatMap((from) => to.map((t) => ({ from, to: t })));
}

/**
 * The concrete engine as the oracle: the classes of each protocol cover every port once, and the first, middle and last
 * port of every range decide concretely as their class says.
 */
function expectEdgesDecideAsClasses(sim: Simulator, q: { from: string; to: string }, classes: readonly PortClass[], what: string): void {
  for (const protocol of ['tcp', 'udp'] as const) {
    const ranges = classes
      .filter((c) => c.protocol === protocol)
      .flatMap((c) => c.ports.map((p) => ({ ...p, c })))
      .sort((x, y) => x.lo - y.lo);
    expect(ranges[0]?.lo, what).toBe(1);
    ranges.forEach((r, k) => {
      if (k > 0) expect(r.lo, what).toBe(ranges[k - 1]!.hi + 1);
      for (const port of new Set([r.lo, (r.lo + r.hi) >>> 1, r.hi])) {
        const d = sim.decide({ ...q, port, protocol });
        expect(d.ok && [d.value.verdict, d.value.code, d.value.at], `${what} ${protocol} ${port}`).toEqual([r.c.verdict, r.c.code, r.c.at]);
      }
    });
    expect(ranges.at(-1)?.hi, what).toBe(65535);
  }
}

describe('the set driver: every port of both protocols in one walk over sets of flows', () => {
  it('a security group that admits port 80 and refuses 81 cuts the walk into a branch that goes on and one that drops', () => {
    const sim = new Simulator(
      model(
        ecsSetup({
          service:
            '{ id: svc, vpc: vpc-p, approval: false, permissions: ["iam:domain::a"], backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 80, terminalPort: 80 }, { servicePort: 81, terminalPort: 81 } ] }',
          backendRules: '      - { direction: ingress, protocol: tcp, ports: 80, source: 198.19.128.0/17 }',
          listens: ', listens: [80, 81]',
        }),
      ),
    );
    const ends: { ports: string; end: PathEnd }[] = [];
    const walked = sim.walkSets({ from: 'client', to: 'ep' }, [{ lo: 80, hi: 81 }], (path) => {
      // The backend's group decides port 80 and port 81 apart: each path carries the one port its region holds.
      const sg = path
        .flatMap((step) => step.decisions)
        .find((d) => d.type === 'filter' && 'spec' in d && d.spec.filter === 'security-group' && d.spec.direction === 'ingress');
      ends.push({ ports: sg && 'space' in sg ? JSON.stringify(sg.space.protoPort) : '', end: pathEnd(path) });
    });
    expect(walked.ok).toBe(true);
    expect(ends.map((e) => [e.end.status, e.end.code])).toEqual([
      ['delivered', 'DELIVERED'],
      ['dropped', 'SG_INGRESS_DENIED'],
    ]);
    expect(ends.map((e) => e.ports)).toEqual([JSON.stringify([{ lo: 80, hi: 80 }]), JSON.stringify([{ lo: 81, hi: 81 }])]);
    const classes = portClassesBySets(sim, 'client', 'ep');
    expect(classes.ok && classes.value.filter((c) => c.protocol === 'tcp' && c.ports.some((p) => p.lo <= 81 && 80 <= p.hi))).toMatchObject([
      { ports: [{ lo: 80, hi: 80 }], verdict: 'reachable' },
      { ports: [{ lo: 81, hi: 81 }], verdict: 'unreachable', code: 'SG_INGRESS_DENIED' },
    ]);
  });

  it('clients walked as one set: a group that admits one client and not the other cuts the source axis, not "partial"', () => {
    const text = `
region: r1
vpcs:
  - { id: vpc-a, cidr: 10.0.0.0/16, subnets: [ { id: sa, cidr: 10.0.1.0/24 }, { id: st, cidr: 10.0.2.0/24 } ] }
securityGroups:
  - { id: gc, rules: [ { direction: egress } ] }
  - { id: gt, rules: [ { direction: ingress, protocol: tcp, ports: 80, source: 10.0.1.10/32 } ] }
instances:
  - { id: c1, kind: ecs, subnet: sa, ip: 10.0.1.10, securityGroups: [gc] }
  - { id: c2, kind: ecs, subnet: sa, ip: 10.0.1.11, securityGroups: [gc] }
  - { id: t, kind: ecs, subnet: st, ip: 10.0.2.20, securityGroups: [gt], listens: [80] }
`;
    const sim = new Simulator(model(text));
    const ends: [string, string, string][] = [];
    const walked = sim.walkSets({ from: ['c1', 'c2'], to: 't' }, [{ lo: 80, hi: 80 }], (path) => {
      const sg = path.flatMap((step) => step.decisions).find((d) => d.type === 'filter' && 'spec' in d && d.spec.filter === 'security-group');
      const at = path.at(-1)!.decisions.find((d) => d.type === 'filter' && 'spec' in d && 'direction' in d.spec && d.spec.direction === 'ingress');
      ends.push([pathEnd(path).code, sg && 'space' in sg ? JSON.stringify(sg.space.src) : '', at && 'outcome' in at ? at.outcome : '']);
    });
    expect(walked.ok).toBe(true);
    const ip = (last: number) => JSON.stringify([{ lo: 0x0a00010a + last - 10, hi: 0x0a00010a + last - 10 }]);
    expect(ends).toEqual([
      ['DELIVERED', JSON.stringify([{ lo: 0x0a00010a, hi: 0x0a00010b }]), 'allow'],
      ['SG_INGRESS_DENIED', JSON.stringify([{ lo: 0x0a00010a, hi: 0x0a00010b }]), 'deny'],
    ]);
    // Each end's ingress decision holds one client: the source axis was cut, and neither flow is partial.
    const regions: string[] = [];
    sim.walkSets({ from: ['c1', 'c2'], to: 't' }, [{ lo: 80, hi: 80 }], (path) => {
      const d = path.at(-1)!.decisions.find((x) => x.type === 'filter' && 'spec' in x && x.spec.filter === 'security-group');
      if (d && 'space' in d) regions.push(JSON.stringify(d.space.src));
    });
    expect(regions).toEqual([ip(10), ip(11)]);
    const who = reachersOf(sim, 't', { lo: 80, hi: 80 });
    expect(who.ok && who.value.map((g) => [g.ids, g.classes.map((c) => `${c.protocol} ${c.code}`)])).toEqual([
      [['c1'], ['tcp DELIVERED', 'udp SG_INGRESS_DENIED']],
      [['c2'], ['tcp SG_INGRESS_DENIED', 'udp SG_INGRESS_DENIED']],
      [['t'], ['tcp DELIVERED', 'udp DELIVERED']],
    ]);
  });

  it('a pass-through load balancer: of a set of clients, only the member’s own flow hairpins', () => {
    const text = `
region: r1
vpcs:
  - { id: vpc-a, cidr: 10.0.0.0/16, subnets: [ { id: sa, cidr: 10.0.1.0/24 }, { id: sl, cidr: 10.0.2.0/24 } ] }
securityGroups:
  - { id: g, rules: [ { direction: egress }, { direction: ingress } ] }
instances:
  - { id: m1, kind: ecs, subnet: sa, ip: 10.0.1.10, securityGroups: [g] }
  - { id: c, kind: ecs, subnet: sa, ip: 10.0.1.11, securityGroups: [g] }
loadBalancers:
  - id: lb
    kind: dedicated
    subnet: sl
    ip: 10.0.2.20
    listeners:
      - { id: l4, protocol: tcp, port: 80, members: [ { instance: m1, port: 8080 } ] }
`;
    const sim = new Simulator(model(text));
    const ends: [string, string][] = [];
    sim.walkSets({ from: ['m1', 'c'], to: 'lb' }, [{ lo: 80, hi: 80 }], (path) => {
      const nat = path.flatMap((step) => step.decisions).find((d) => d.type === 'transform' && d.transform === 'elb-fullnat');
      ends.push([pathEnd(path).code, nat && nat.type === 'transform' ? JSON.stringify(nat.before.src) : '']);
    });
    expect(ends).toEqual([
      ['ELB_HAIRPIN', JSON.stringify([{ lo: 0x0a00010a, hi: 0x0a00010a }])],
      ['DELIVERED', JSON.stringify([{ lo: 0x0a00010b, hi: 0x0a00010b }])],
    ]);
    for (const from of ['m1', 'c']) {
      const one = reachersOf(sim, 'lb', { lo: 80, hi: 80 });
      const d = sim.decide({ from, to: 'lb', port: 80 });
      expect(one.ok && d.ok && one.value.find((g) => g.ids.includes(from))!.classes[0]!.code).toBe(d.ok ? d.value.code : '');
    }
  });

  it('on every pair of every bundled model and Terraform fixture: classes partition every port, and each edge decides concretely as its class says', () => {
    const files = [
      ...readdirSync('models').map((m) => `models/${m}/model.yaml`),
      ...readdirSync('test/fixtures/terraform')
        .filter((f) => f.endsWith('.json'))
        .map((f) => `test/fixtures/terraform/${f}`),
    ];
    let compared = 0;
    for (const f of files) {
      const m = modelOf(loadModel(f));
      if (!m) continue;
      const sim = new Simulator(m);
      for (const q of pairs(sim)) {
        const r = portClassesBySets(sim, q.from, q.to);
        if (!r.ok) throw new Error(r.error.message);
        expectEdgesDecideAsClasses(sim, q, r.value, `${f} ${q.from} → ${q.to}`);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(400);
  });

  it('a bad query is the error the concrete engine gives', () => {
    const sim = new Simulator(modelOf(loadModel('models/seed-elb/model.yaml'))!);
    const r = portClassesBySets(sim, 'ghost', 'ep-web');
    const d = sim.decide({ from: 'ghost', to: 'ep-web', port: 80 });
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found', field: 'from' } });
    expect(!r.ok && !d.ok && r.error).toEqual(!d.ok && d.error);
  });

  test.prop(
    [validModelArb, fc.nat(), fc.nat(), fc.array(fc.record({ port: fc.integer({ min: 1, max: 65535 }), udp: fc.boolean() }), { minLength: 20, maxLength: 20 })],
    runs(150),
  )('random models: classes partition every port, each edge and any port decides concretely as its class says', (doc, a, b, samples) => {
    const sim = new Simulator(modelOf(loadModelFromText('random.json', JSON.stringify(doc)))!);
    const all = pairs(sim);
    const q = all[(a * 7919 + b) % all.length]!;
    const bySets = portClassesBySets(sim, q.from, q.to);
    if (!bySets.ok) throw new Error(bySets.error.message);
    expectEdgesDecideAsClasses(sim, q, bySets.value, `${q.from} → ${q.to}`);
    const ports = [
      ...samples,
      ...bySets.value.flatMap((c) => c.ports.flatMap((p) => [p.lo, p.hi]).map((port) => ({ port, udp: c.protocol === 'udp', icmp: c.protocol === 'icmp' }))),
    ];
    for (const s of ports) {
      const protocol = 'icmp' in s && s.icmp ? ('icmp' as const) : s.udp ? ('udp' as const) : ('tcp' as const);
      const c = bySets.value.find((k) => k.protocol === protocol && k.ports.some((p) => p.lo <= s.port && s.port <= p.hi))!;
      const d = sim.decide({ ...q, port: s.port, protocol });
      expect(d.ok && [d.value.verdict, d.value.code, d.value.at]).toEqual([c.verdict, c.code, c.at]);
    }
  });
});

describe('the internet as one source and as a destination, over sets of flows', () => {
  test.prop([validModelArb, fc.nat(), fc.constantFrom('1.1.1.1', '8.8.8.8', '203.0.113.1', '198.51.100.7', '223.5.5.5')], runs(150))(
    'random models (EIPs, NAT rules): each class of the internet’s flows decides as its class says, from its witness and from any one public address',
    (doc, a, address) => {
      const sim = new Simulator(modelOf(loadModelFromText('random.json', JSON.stringify(doc)))!);
      const m = sim.model;
      // What an EIP or a DNAT rule leads to first (the rest are mostly NOT_EXPOSED).
      const exposed = [
        ...[...m.eips.values()].flatMap((e) => (e.boundTo ? [e.boundTo] : [])),
        ...[...m.natGateways.values()].flatMap((g) => g.dnatRules.flatMap((r) => (r.instance ? [r.instance] : []))),
      ];
      const targets = exposed.length && a % 4 !== 0 ? exposed : [...m.instances.keys(), ...m.loadBalancers.keys()];
      const inward = targets[a % targets.length]!;
      const outward = [...m.instances.keys()][a % m.instances.size]!;
      for (const q of [
        { from: 'internet', to: inward },
        { from: outward, to: 'internet' },
      ]) {
        const classes = portClassesBySets(sim, q.from, q.to);
        if (!classes.ok) throw new Error(classes.error.message);
        for (const c of classes.value) {
          const witness = sim.decide({ ...q, port: c.witness, protocol: c.protocol });
          if (!witness.ok) throw new Error(witness.error.message);
          // The answer for every address at once is the class's: partial when only some get through (with the stop of
          // the first path that does not deliver), the witness's own when all or none do.
          expect(witness.value.verdict, `${q.from} → ${q.to}`).toBe(c.verdict);
          if (c.verdict !== 'unreachable') expect([witness.value.code, witness.value.at]).toEqual([c.code, c.at]);
          const one = q.from === 'internet' ? sim.decide({ from: address, to: q.to, port: c.witness, protocol: c.protocol }) : null;
          if (one?.ok && c.verdict !== 'partial') expect(one.value.verdict, `${address} → ${q.to}`).toBe(c.verdict);
        }
      }
    },
  );
});
