import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { incremental } from '../../src/index.js';
import type { Simulator } from '../../src/sim/engine.js';
import { portClasses } from '../../src/symbolic/ports.js';
import type { ModelChange } from '../../src/symbolic/incremental.js';
import { runs, validModelArb } from '../fuzz/arbitraries.js';
import { FAST_TIER } from '../helpers/tier.js';

const SEED_DOC = {
  region: 'r1',
  vpcs: [{ id: 'v', cidr: '10.0.0.0/16', subnets: [{ id: 's', cidr: '10.0.1.0/24' }] }],
  securityGroups: [
    { id: 'g-client', rules: [{ direction: 'egress' }] },
    { id: 'g-web', rules: [{ direction: 'ingress', protocol: 'tcp', ports: 80, source: '10.0.1.0/24' }] },
  ],
  instances: [
    { id: 'client', kind: 'ecs', subnet: 's', ip: '10.0.1.10', securityGroups: ['g-client'] },
    { id: 'web', kind: 'ecs', subnet: 's', ip: '10.0.1.20', securityGroups: ['g-web'], listens: [80, 443] },
  ],
};

describe('incremental recheck', () => {
  it('each step answers what it gained and lost; the analysis moves on', () => {
    const start = incremental(SEED_DOC);
    if (!start.ok) throw new Error('invalid');
    const a = start.value;
    const add = a.apply({ kind: 'add-rule', group: 'g-web', rule: { direction: 'ingress', protocol: 'tcp', ports: 443, source: '10.0.1.0/24' } });
    expect(add.ok && add.value.delta.changes.map((c) => [c.kind, c.sources, c.to, c.protocol, c.ports])).toEqual([
      ['gained', ['client'], 'web', 'tcp', [{ lo: 443, hi: 443 }]],
    ]);
    const remove = a.apply({ kind: 'remove-rule', group: 'g-web', index: 0 });
    expect(remove.ok && remove.value.delta.changes.map((c) => [c.kind, c.to, c.ports, c.after?.code])).toEqual([
      ['lost', 'web', [{ lo: 80, hi: 80 }], 'SG_INGRESS_DENIED'],
    ]);
    const detach = a.apply({ kind: 'detach-group', instance: 'client', group: 'g-client' });
    expect(detach.ok).toBe(false); // an instance needs at least one group: the loader refuses, nothing changes
    expect(a.model.instances.get('client')!.securityGroups).toEqual(['g-client']);
  });

  it('a step that names something the model does not have is refused with a message', () => {
    const start = incremental(SEED_DOC);
    if (!start.ok) throw new Error('invalid');
    expect(start.value.apply({ kind: 'remove-rule', group: 'g-web', index: 7 })).toEqual({
      ok: false,
      error: { message: 'security group "g-web" has no rule 7', diagnostics: [] },
    });
    expect(start.value.apply({ kind: 'endpoint-status', endpoint: 'nope', status: 'accepted' })).toMatchObject({
      ok: false,
      error: { message: 'no endpoint "nope"' },
    });
  });

  let tried = 0;
  let applied = 0;
  const changeArb = fc.oneof(
    fc.record({ kind: fc.constant('add-rule' as const), g: fc.nat(), ingress: fc.boolean(), port: fc.constantFrom(22, 80, 443, 8080), deny: fc.boolean() }),
    fc.record({ kind: fc.constant('remove-rule' as const), g: fc.nat(), index: fc.nat() }),
    fc.record({ kind: fc.constant('modify-rule' as const), g: fc.nat(), index: fc.nat(), port: fc.constantFrom(22, 80, 443, 8080) }),
    fc.record({ kind: fc.constant('attach-group' as const), i: fc.nat(), g: fc.nat() }),
    fc.record({ kind: fc.constant('endpoint-status' as const), e: fc.nat(), status: fc.constantFrom('accepted', 'rejected', 'pendingAcceptance') }),
  );

  test.prop(
    [
      validModelArb,
      changeArb,
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(22, 79, 80, 443, 6000, 8080, 1, 65535), fc.boolean()), { minLength: 40, maxLength: 40 }),
    ],
    runs(150),
  )('random models and steps: the delta equals the difference of the two models’ full per-pair answers on every sampled flow', (doc, c, samples) => {
    const start = incremental(doc);
    if (!start.ok) throw new Error('the generator made an invalid model');
    const before = start.value.simulator;
    const groups = [...before.model.securityGroups.keys()];
    const inst = [...before.model.instances.keys()];
    const eps = [...before.model.endpoints.keys()];
    let change: ModelChange;
    if (c.kind === 'add-rule')
      change = {
        kind: 'add-rule',
        group: groups[c.g % groups.length]!,
        rule: { direction: c.ingress ? 'ingress' : 'egress', protocol: 'tcp', ports: c.port, action: c.deny ? 'deny' : 'allow' },
      };
    else if (c.kind === 'remove-rule') change = { kind: 'remove-rule', group: groups[c.g % groups.length]!, index: c.index % 3 };
    else if (c.kind === 'modify-rule')
      change = { kind: 'modify-rule', group: groups[c.g % groups.length]!, index: c.index % 3, rule: { direction: 'ingress', protocol: 'tcp', ports: c.port } };
    else if (c.kind === 'attach-group') change = { kind: 'attach-group', instance: inst[c.i % inst.length]!, group: groups[c.g % groups.length]! };
    else change = { kind: 'endpoint-status', endpoint: eps.length ? eps[c.e % eps.length]! : 'none', status: c.status };
    const step = start.value.apply(change);
    tried++;
    if (!step.ok) return; // refused (names something absent, or makes the model invalid): nothing to compare
    applied++;
    const after = start.value.simulator;
    const ids = [...new Set([...before.model.instances.keys(), ...after.model.instances.keys()])];
    const tos = [
      ...new Set(
        [...before.model.resources.values(), ...after.model.resources.values()]
          .filter((r) => ['instance', 'endpoint', 'loadBalancer'].includes(r.kind))
          .map((r) => r.id),
      ),
    ];
    const rank = { unreachable: 0, partial: 1, reachable: 2 } as const;
    // The full recomputation: every pair's port classes in each model.
    const full = (sim: Simulator, from: string, to: string, port: number, protocol: 'tcp' | 'udp') => {
      const r = portClasses(sim, from, to);
      if (!r.ok) throw new Error(r.error.message);
      return r.value.find((x) => x.protocol === protocol && x.ports.some((p) => p.lo <= port && port <= p.hi))!;
    };
    for (const [i, j, port, udp] of samples) {
      const from = ids[i % ids.length]!;
      const to = tos[j % tos.length]!;
      const protocol = udp ? 'udp' : 'tcp';
      const a = full(before, from, to, port, protocol);
      const b = full(after, from, to, port, protocol);
      const listed = step.value.delta.changes.filter(
        (x) => x.to === to && x.protocol === protocol && x.sources.includes(from) && x.ports.some((p) => p.lo <= port && port <= p.hi),
      );
      if (rank[a.verdict] === rank[b.verdict]) expect(listed).toEqual([]);
      else {
        expect(listed).toHaveLength(1);
        expect([listed[0]!.before?.verdict, listed[0]!.after?.verdict, listed[0]!.after?.code]).toEqual([a.verdict, b.verdict, b.code]);
      }
    }
  });

  it('most random steps applied (the property above is not vacuous)', () => {
    expect(tried).toBeGreaterThan(0);
    // Over the normal run's cases, most; over the fast tier's few, at least one.
    if (FAST_TIER) expect(applied).toBeGreaterThan(0);
    else expect(applied / tried).toBeGreaterThan(0.5);
  });
});
