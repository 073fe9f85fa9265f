import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { loadModel, loadModelFromText } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { reachabilityMatrix } from '../../src/symbolic/matrix.js';
import { portClasses } from '../../src/symbolic/ports.js';
import { runs, validModelArb } from '../fuzz/arbitraries.js';

describe('the reachability matrix', () => {
  it('blocks by VPC: each VPC’s instances against what its routing reaches; pairs across VPCs counted, not listed', () => {
    const m = loadModel('models/misconfigurations/model.yaml').model!;
    const r = reachabilityMatrix(new Simulator(m));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.result.blocks.map((b) => [b.vpc, b.sources, b.cells.length])).toEqual([
      ['vpc-c', 1, 10],
      ['vpc-p', 9, 11],
    ]);
    const destinations = m.endpoints.size + m.loadBalancers.size + m.instances.size;
    expect(r.result.unroutedPairs).toBe(1 * (destinations - 10) + 9 * (destinations - 11));
    const shared = r.result.blocks[0]!.cells.find((c) => c.to === 'ep-shared')!;
    expect(shared.groups[0]!.classes.filter((c) => c.verdict !== 'unreachable').map((c) => [c.ports, c.verdict, c.code])).toEqual([
      [[{ lo: 80, hi: 80 }], 'reachable', 'DELIVERED'],
      [[{ lo: 82, hi: 82 }], 'partial', 'SG_INGRESS_DENIED'],
      [[{ lo: 83, hi: 83 }], 'partial', 'ELB_ACCESS_CONTROL_PARTIAL'],
    ]);
  });

  test.prop(
    [validModelArb, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 65535 }), fc.boolean()), { minLength: 30, maxLength: 30 })],
    runs(150),
  )('random models: every cell is each of its instances’ own port classes, and every pair left out has no route', (doc, samples) => {
    const model = loadModelFromText('random.json', JSON.stringify(doc)).model!;
    const sim = new Simulator(model);
    const r = reachabilityMatrix(sim);
    if (!r.ok) throw new Error(r.error.message);
    const listed = new Map<string, unknown>();
    for (const b of r.result.blocks) for (const c of b.cells) for (const g of c.groups) for (const id of g.ids) listed.set(`${id}>${c.to}`, g.classes);
    for (const [key, classes] of listed) {
      const [from, to] = key.split('>') as [string, string];
      const own = portClasses(sim, from, to);
      expect(own.ok && own.result).toEqual(classes);
    }
    const from = [...model.instances.keys()];
    const to = [...model.endpoints.keys(), ...model.loadBalancers.keys(), ...model.instances.keys()];
    expect(listed.size + r.result.unroutedPairs).toBe(from.length * to.length);
    for (const [i, j, port, udp] of samples) {
      const q = { from: from[i % from.length]!, to: to[j % to.length]!, port, protocol: udp ? ('udp' as const) : ('tcp' as const) };
      if (listed.has(`${q.from}>${q.to}`)) continue;
      const d = sim.decide(q);
      expect(d.ok && d.result.verdict).toBe('unreachable');
    }
  });
});
