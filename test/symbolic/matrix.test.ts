import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { loadModel, loadModelFromText } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { reachabilityMatrix } from '../../src/symbolic/matrix.js';
import { portClasses, reachersOf } from '../../src/symbolic/ports.js';
import { DISPOSITION_CODES } from '../../src/sim/dispositions.js';
import { runs, validModelArb } from '../fuzz/arbitraries.js';
import { modelOf } from '../helpers/model.js';

describe('the reachability matrix', () => {
  it('blocks by VPC: each VPC’s instances against what its routing reaches; pairs across VPCs counted, not listed', () => {
    const m = modelOf(loadModel('models/misconfigurations/model.yaml'))!;
    const r = reachabilityMatrix(new Simulator(m));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.blocks.map((b) => [b.vpc, b.sources, b.cells.length])).toEqual([
      ['vpc-c', 1, 10],
      ['vpc-icmp', 2, 2],
      ['vpc-p', 10, 12],
    ]);
    const destinations = m.endpoints.size + m.loadBalancers.size + m.instances.size;
    expect(r.value.unroutedPairs).toBe(1 * (destinations - 10) + 10 * (destinations - 12) + 2 * (destinations - 2));
    const shared = r.value.blocks[0]!.cells.find((c) => c.to === 'ep-shared')!;
    expect(shared.groups[0]!.classes.filter((c) => c.verdict !== 'unreachable').map((c) => [c.ports, c.verdict, c.code])).toEqual([
      [
        [
          { lo: 80, hi: 80 },
          { lo: 85, hi: 85 },
        ],
        'reachable',
        'DELIVERED',
      ],
      [[{ lo: 82, hi: 82 }], 'partial', 'SG_INGRESS_DENIED'],
      [[{ lo: 83, hi: 83 }], 'partial', 'ELB_ACCESS_CONTROL_PARTIAL'],
    ]);
  });

  test.prop(
    [validModelArb, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 65535 }), fc.boolean()), { minLength: 30, maxLength: 30 })],
    runs(150),
  )('random models: every cell is each of its instances’ own port classes, and every pair left out has no route', (doc, samples) => {
    const model = modelOf(loadModelFromText('random.json', JSON.stringify(doc)))!;
    const sim = new Simulator(model);
    const r = reachabilityMatrix(sim);
    if (!r.ok) throw new Error(r.error.message);
    const listed = new Map<string, unknown>();
    for (const b of r.value.blocks) for (const c of b.cells) for (const g of c.groups) for (const id of g.ids) listed.set(`${id}>${c.to}`, g.classes);
    for (const [key, classes] of listed) {
      const [from, to] = key.split('>') as [string, string];
      const own = portClasses(sim, from, to);
      expect(own.ok && own.value).toEqual(classes);
    }
    const from = [...model.instances.keys()];
    const to = [...model.endpoints.keys(), ...model.loadBalancers.keys(), ...model.instances.keys()];
    expect(listed.size + r.value.unroutedPairs).toBe(from.length * to.length);
    for (const [i, j, port, udp] of samples) {
      const q = { from: from[i % from.length]!, to: to[j % to.length]!, port, protocol: udp ? ('udp' as const) : ('tcp' as const) };
      if (listed.has(`${q.from}>${q.to}`)) continue;
      const d = sim.decide(q);
      expect(d.ok && d.value.verdict).toBe('unreachable');
    }
  });

  // Every disposition code, where the bundled models show it: [code, model, source, destination, protocol, witness
  // port]. Most are matrix cells; NO_ROUTE and PEERING_NOT_ACTIVE need a VPC no route leads to (who-reaches lists
  // every instance), UNKNOWN_DESTINATION and ROUTE_LEAVES_MODEL an address (an analysis towards an address), and
  // the internet's codes an analysis from or to the internet.
  const WHERE: [string, string, string, string, 'tcp' | 'udp' | 'icmp', number][] = [
    ['DELIVERED', 'ecs-backend', 'ecs-app', 'ecs-app', 'tcp', 1],
    ['SG_EGRESS_DENIED', 'ecs-backend', 'ecs-app', 'ep-db', 'udp', 1],
    ['SG_EGRESS_PARTIAL', 'misconfigurations', 'ecs-pinger', 'ecs-icmp', 'icmp', 11],
    ['SG_INGRESS_DENIED', 'misconfigurations', 'ecs-client', 'ep-dedicated', 'tcp', 8000],
    ['SG_INGRESS_PARTIAL', 'misconfigurations', 'ecs-client', 'ep-partial-sg', 'tcp', 80],
    ['ACL_OUTBOUND_DENIED', 'misconfigurations', 'ecs-client', 'ep-acl-denied', 'tcp', 9443],
    ['ACL_OUTBOUND_PARTIAL', 'misconfigurations', 'ecs-client', 'ep-acl-partial', 'tcp', 7001],
    ['ACL_INBOUND_DENIED', 'misconfigurations', 'ecs-client', 'ep-acl-denied', 'tcp', 80],
    ['ACL_INBOUND_PARTIAL', 'misconfigurations', 'ecs-client', 'ep-acl-partial', 'tcp', 7000],
    ['NO_ROUTE', 'misconfigurations', 'ecs-client', 'ecs-plain', 'tcp', 1],
    ['UNKNOWN_DESTINATION', 'misconfigurations', 'ecs-client', '192.168.1.99', 'tcp', 1],
    ['PEERING_NOT_ACTIVE', 'peering', 'ecs-client', 'ecs-partner', 'tcp', 1],
    ['ROUTE_LEAVES_MODEL', 'peering', 'ecs-client', '192.168.1.10', 'tcp', 1],
    ['NO_RETURN_ROUTE', 'peering', 'ecs-client', 'ecs-tools', 'tcp', 1],
    ['ENDPOINT_NOT_ACCEPTED', 'misconfigurations', 'ecs-client', 'ep-rejected', 'tcp', 1],
    ['ENDPOINT_WHITELIST_DENIED', 'misconfigurations', 'ecs-client', 'ep-whitelisted', 'tcp', 1],
    ['ENDPOINT_PERMISSION_DENIED', 'misconfigurations', 'ecs-client', 'ep-no-permission', 'tcp', 1],
    ['PROTOCOL_NOT_SUPPORTED', 'ecs-backend', 'ecs-app', 'ep-db', 'udp', 53],
    ['NO_PORT_MAPPING', 'ecs-backend', 'ecs-app', 'ep-db', 'tcp', 1],
    ['NO_LISTENER', 'misconfigurations', 'ecs-client', 'ep-shared', 'tcp', 443],
    ['ELB_ACCESS_CONTROL_DENIED', 'elb-whitelist-missing-range', 'ecs-client', 'ep-web', 'tcp', 8080],
    ['ELB_ACCESS_CONTROL_PARTIAL', 'misconfigurations', 'ecs-client', 'ep-shared', 'tcp', 83],
    ['NO_HEALTHY_MEMBER', 'misconfigurations', 'ecs-client', 'ep-shared', 'tcp', 81],
    ['MEMBER_IN_OTHER_VPC', 'misconfigurations', 'ecs-client', 'ep-dedicated', 'tcp', 81],
    ['ELB_HAIRPIN', 'misconfigurations', 'ecs-member-bad', 'elb-dedicated', 'tcp', 80],
    ['NOT_LISTENING', 'ecs-backend', 'ecs-db', 'ecs-db', 'tcp', 1],
    ['NOT_EXPOSED', 'internet', 'internet', 'ecs-db', 'tcp', 1],
    ['NO_DNAT_RULE', 'internet', 'internet', 'ecs-app', 'tcp', 1],
    ['NO_SNAT_RULE', 'internet', 'ecs-db', 'internet', 'tcp', 1],
  ];

  it('every disposition code has a class whose witness, traced hop by hop, ends as the class says', () => {
    expect(WHERE.map((w) => w[0]).sort()).toEqual([...DISPOSITION_CODES].sort());
    const sims = new Map<string, Simulator>();
    for (const [code, dir, from, to, protocol, witness] of WHERE) {
      let sim = sims.get(dir);
      if (!sim) sims.set(dir, (sim = new Simulator(modelOf(loadModel(`models/${dir}/model.yaml`))!)));
      let classes;
      if (code === 'NO_ROUTE' || code === 'PEERING_NOT_ACTIVE') {
        // Another VPC: not a matrix cell, but who reaches the destination lists the client with this class.
        const who = reachersOf(sim, to);
        if (!who.ok) throw new Error(who.error.message);
        classes = who.value.find((g) => g.ids.includes(from))!.classes;
      } else if (['UNKNOWN_DESTINATION', 'ROUTE_LEAVES_MODEL', 'NOT_EXPOSED', 'NO_DNAT_RULE', 'NO_SNAT_RULE'].includes(code)) {
        const own = portClasses(sim, from, to);
        if (!own.ok) throw new Error(own.error.message);
        classes = own.value;
      } else {
        const m = reachabilityMatrix(sim);
        if (!m.ok) throw new Error(m.error.message);
        const cell = m.value.blocks.flatMap((b) => b.cells).find((c) => c.to === to)!;
        classes = cell.groups.find((g) => g.ids.includes(from))!.classes;
      }
      const cls = classes.find((c) => c.code === code && c.protocol === protocol)!;
      expect(cls, code).toBeDefined();
      expect(cls.witness, code).toBe(witness);
      const t = sim.trace({ from, to, port: cls.witness, protocol });
      expect(t.ok && { verdict: t.value.verdict, code: t.value.code, at: t.value.at }, code).toEqual({ verdict: cls.verdict, code: cls.code, at: cls.at });
    }
  });
});
