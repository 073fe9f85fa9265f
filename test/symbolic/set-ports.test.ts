import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { readdirSync } from 'node:fs';
import { loadModel, loadModelFromText } from '../../src/load/index.js';
import { Simulator, pathEnd, type PathEnd } from '../../src/sim/engine.js';
import { portClassesByCuts as portClasses } from '../../src/symbolic/ports.js';
import { portClassesBySets } from '../../src/symbolic/set-ports.js';
import { validModelArb, runs } from '../fuzz/arbitraries.js';
import { ecsSetup, model, modelOf } from '../helpers/model.js';

/** Every (instance, addressed resource) pair of a model. */
function pairs(sim: Simulator): { from: string; to: string }[] {
  const m = sim.model;
  const to = [...m.endpoints.keys(), ...m.loadBalancers.keys(), ...m.instances.keys()];
  return [...m.instances.keys()].flatMap((from) => to.map((t) => ({ from, to: t })));
}

// The oracle: the class engine that cuts the ports by what the pair meets and decides one port per run.
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
    const walked = sim.walkPorts({ from: 'client', to: 'ep' }, [{ lo: 80, hi: 81 }], (path) => {
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

  it('equals the class engine on every pair of every bundled model and Terraform fixture', () => {
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
        expect(portClassesBySets(sim, q.from, q.to), `${f} ${q.from} → ${q.to}`).toEqual(portClasses(sim, q.from, q.to));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(400);
  });

  it('a bad query is the same error as the class engine’s', () => {
    const sim = new Simulator(modelOf(loadModel('models/seed-elb/model.yaml'))!);
    expect(portClassesBySets(sim, 'ghost', 'ep-web')).toEqual(portClasses(sim, 'ghost', 'ep-web'));
  });

  test.prop(
    [validModelArb, fc.nat(), fc.nat(), fc.array(fc.record({ port: fc.integer({ min: 1, max: 65535 }), udp: fc.boolean() }), { minLength: 20, maxLength: 20 })],
    runs(150),
  )('random models: the same classes as the class engine, and any port decides concretely as its class says', (doc, a, b, samples) => {
    const sim = new Simulator(modelOf(loadModelFromText('random.json', JSON.stringify(doc)))!);
    const all = pairs(sim);
    const q = all[(a * 7919 + b) % all.length]!;
    const bySets = portClassesBySets(sim, q.from, q.to);
    expect(bySets).toEqual(portClasses(sim, q.from, q.to));
    if (!bySets.ok) return;
    const ports = [...samples, ...bySets.value.flatMap((c) => c.ports.flatMap((p) => [p.lo, p.hi]).map((port) => ({ port, udp: c.protocol === 'udp' })))];
    for (const s of ports) {
      const protocol = s.udp ? ('udp' as const) : ('tcp' as const);
      const c = bySets.value.find((k) => k.protocol === protocol && k.ports.some((p) => p.lo <= s.port && s.port <= p.hi))!;
      const d = sim.decide({ ...q, port: s.port, protocol });
      expect(d.ok && [d.value.verdict, d.value.code, d.value.at]).toEqual([c.verdict, c.code, c.at]);
    }
  });
});
