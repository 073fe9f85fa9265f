import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { incremental } from '../../src/index.js';
import type { Simulator } from '../../src/sim/engine.js';
import { portClasses } from '../../src/symbolic/ports.js';
import { compare } from '../../src/symbolic/diff-compare.js';
import { EVERY_PORT } from '../../src/symbolic/set-ports.js';
import { IncrementalAnalysis, type ModelChange } from '../../src/symbolic/incremental.js';
import { loadModelFromText } from '../../src/load/index.js';
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
    // An egress rule changes what the client sends: the sends are walked again, not taken from before the step.
    const egress = a.apply({ kind: 'modify-rule', group: 'g-client', index: 0, rule: { direction: 'egress', protocol: 'udp' } });
    expect(egress.ok && egress.value.delta.changes.map((c) => [c.kind, c.sources, c.to, c.protocol, c.ports, c.after?.code])).toEqual([
      ['lost', ['client'], 'web', 'tcp', [{ lo: 443, hi: 443 }], 'SG_EGRESS_DENIED'],
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
    // From JavaScript, or parsed JSON: refused with a message, never thrown.
    expect(start.value.apply(null as unknown as ModelChange)).toMatchObject({
      ok: false,
      error: { message: 'a change is an object with a kind (add-rule, remove-rule, …); got null' },
    });
    expect(start.value.apply({ kind: 'add-rule', group: 'g-web' } as unknown as ModelChange)).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^add-rule needs a rule: a mapping/) as unknown },
    });
    expect(start.value.apply({ kind: 'endpoint-status', endpoint: 'nope', status: 'accepted' })).toMatchObject({
      ok: false,
      error: { message: 'no endpoint "nope"' },
    });
  });

  it('a rule step is validated on its own, as the loader would: refused with the loader’s diagnostics, nothing changed', () => {
    const start = incremental(SEED_DOC);
    if (!start.ok) throw new Error('invalid');
    const a = start.value;
    const sim = a.simulator;
    const refusals = [
      [{ direction: 'ingress', protocol: 'tcp', ports: 443, priority: 500 }, 'invalid-priority', 'securityGroups[1].rules[1].priority'],
      [{ direction: 'ingress', protocol: 'tcp', ports: 443, sourceGroup: 'nope' }, 'unresolved-reference', 'securityGroups[1].rules[1].sourceGroup'],
      [{ direction: 'sideways' }, 'invalid-value', 'securityGroups[1].rules[1].direction'],
      [{ direction: 'ingress', protocol: 'tcp', ports: '70000' }, 'invalid-port', 'securityGroups[1].rules[1].ports'],
    ] as const;
    for (const [rule, code, path] of refusals) {
      const r = a.apply({ kind: 'add-rule', group: 'g-web', rule });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.diagnostics.map((d) => [d.code, d.location.path])).toEqual([[code, path]]);
    }
    expect(a.simulator).toBe(sim);
    expect(a.data).toEqual(SEED_DOC);
  });

  it('a rule step over the loader’s count limit is refused as a whole load refuses it', () => {
    const rules = Array.from({ length: 10_000 }, () => ({ direction: 'ingress', protocol: 'tcp', ports: 80, source: '10.0.1.0/24' }));
    const doc = { ...SEED_DOC, securityGroups: [SEED_DOC.securityGroups[0]!, { id: 'g-web', rules }] };
    const start = incremental(doc);
    if (!start.ok) throw new Error('invalid');
    const rule = { direction: 'ingress', protocol: 'tcp', ports: 443, source: '10.0.1.0/24' };
    const step = start.value.apply({ kind: 'add-rule', group: 'g-web', rule });
    const whole = loadModelFromText(
      'model.json',
      JSON.stringify({ ...doc, securityGroups: [doc.securityGroups[0], { id: 'g-web', rules: [...rules, rule] }] }),
    );
    const said = (ds: readonly { code: string; message: string; hint?: string; location: { path: string } }[]) =>
      ds.map((d) => [d.code, d.message, d.hint, d.location.path]);
    expect(step.ok).toBe(false);
    if (!step.ok) expect(said(step.error.diagnostics)).toEqual(said(whole.diagnostics));
    expect(said(whole.diagnostics)).toEqual([
      [
        'too-many-items',
        'rules has 10,001 entries, more than the limit of 10,000',
        'no cloud resource holds this many; check the generator that wrote the file',
        'securityGroups[1].rules',
      ],
    ]);
  });

  let tried = 0;
  let applied = 0;
  const appliedKinds = new Set<string>();
  const changeArb = fc.oneof(
    fc.record({
      kind: fc.constant('add-rule' as const),
      g: fc.nat(),
      ingress: fc.boolean(),
      port: fc.constantFrom(22, 80, 443, 8080),
      deny: fc.boolean(),
      peer: fc.constantFrom('none', 'vpcep', 'group'),
      priority: fc.constantFrom(1, 1, 50),
    }),
    fc.record({ kind: fc.constant('remove-rule' as const), g: fc.nat(), index: fc.nat() }),
    fc.record({ kind: fc.constant('modify-rule' as const), g: fc.nat(), index: fc.nat(), port: fc.constantFrom(22, 80, 443, 8080), deny: fc.boolean() }),
    fc.record({ kind: fc.constant('attach-group' as const), i: fc.nat(), g: fc.nat() }),
    fc.record({ kind: fc.constant('detach-group' as const), i: fc.nat(), g: fc.nat() }),
    fc.record({ kind: fc.constant('endpoint-status' as const), e: fc.nat(), status: fc.constantFrom('accepted', 'rejected', 'pendingAcceptance') }),
    fc.record({ kind: fc.constant('add-member' as const), l: fc.nat(), i: fc.nat(), port: fc.constantFrom(80, 443, 8080) }),
  );

  /** A random change named in the terms of the model it applies to. */
  const named = (sim: Simulator, c: typeof changeArb extends fc.Arbitrary<infer T> ? T : never): ModelChange => {
    const m = sim.model;
    const groups = [...m.securityGroups.keys()];
    const inst = [...m.instances.keys()];
    const eps = [...m.endpoints.keys()];
    const listeners = [...m.listeners.keys()];
    const pick = <T>(xs: readonly T[], n: number, none: T): T => (xs.length ? xs[n % xs.length]! : none);
    switch (c.kind) {
      case 'add-rule': {
        const peerField = c.ingress
          ? { none: {}, vpcep: { source: '198.19.128.0/17' }, group: { sourceGroup: pick(groups, c.g + 1, 'none') } }
          : { none: {}, vpcep: { destination: '198.19.128.0/17' }, group: { destinationGroup: pick(groups, c.g + 1, 'none') } };
        return {
          kind: 'add-rule',
          group: pick(groups, c.g, 'none'),
          rule: {
            direction: c.ingress ? 'ingress' : 'egress',
            protocol: 'tcp',
            ports: c.port,
            action: c.deny ? 'deny' : 'allow',
            priority: c.priority,
            ...peerField[c.peer],
          },
        };
      }
      case 'remove-rule':
        return { kind: 'remove-rule', group: pick(groups, c.g, 'none'), index: c.index % 4 };
      case 'modify-rule':
        return {
          kind: 'modify-rule',
          group: pick(groups, c.g, 'none'),
          index: c.index % 4,
          rule: { direction: 'ingress', protocol: 'tcp', ports: c.port, action: c.deny ? 'deny' : 'allow' },
        };
      case 'attach-group':
      case 'detach-group':
        return { kind: c.kind, instance: pick(inst, c.i, 'none'), group: pick(groups, c.g, 'none') };
      case 'endpoint-status':
        return { kind: 'endpoint-status', endpoint: pick(eps, c.e, 'none'), status: c.status };
      case 'add-member':
        return { kind: 'add-member', listener: pick(listeners, c.l, 'none'), member: { instance: pick(inst, c.i, 'none'), port: c.port } };
    }
  };

  test.prop([validModelArb, fc.array(changeArb, { minLength: 1, maxLength: 3 }), fc.boolean()], runs(150))(
    'random models and sequences of steps (rule steps in place, or the data loaded in full): each delta is exactly the difference of every pair’s full answers in the two models',
    (doc, steps, inPlace) => {
      const start = inPlace ? incremental(doc) : IncrementalAnalysis.fromDocument(doc, (d) => loadModelFromText('model.json', JSON.stringify(d)));
      if (!start.ok) throw new Error('the generator made an invalid model');
      const analysis = start.value;
      for (const c of steps) {
        const before = analysis.simulator;
        const change = named(before, c);
        const snapshot = JSON.stringify([...before.model.securityGroups.values()]);
        const step = analysis.apply(change);
        tried++;
        // Whatever the step did, the model before it is as it was: a step never changes a model it was given.
        expect(JSON.stringify([...before.model.securityGroups.values()])).toBe(snapshot);
        if (!step.ok) {
          // Refused (names something absent, or makes the model invalid): nothing changed.
          expect(analysis.simulator).toBe(before);
          continue;
        }
        applied++;
        appliedKinds.add(change.kind);
        const after = analysis.simulator;
        // The oracle: every pair's classes in each model, each pair walked on its own; the model after the step
        // answers as the same data loaded afresh.
        const fresh = incremental(analysis.data);
        if (!fresh.ok) throw new Error('the data after the step does not load');
        const classes = (sim: Simulator, from: string, to: string) => {
          const r = portClasses(sim, from, to);
          if (!r.ok) throw new Error(r.error.message);
          return r.value;
        };
        const flat = (
          xs: { kind: string; protocol: string; before: unknown; after: unknown; ports: readonly { lo: number; hi: number }[] }[],
          from: string,
          to: string,
        ) => xs.map((x) => JSON.stringify([from, to, x.kind, x.protocol, x.before, x.after, x.ports]));
        const expected: string[] = [];
        const tos = [...after.model.resources.values()].filter((r) => r.kind === 'instance' || r.kind === 'endpoint' || r.kind === 'loadBalancer');
        for (const from of after.model.instances.keys()) {
          for (const to of tos) {
            const y = classes(after, from, to.id);
            expect(classes(fresh.value.simulator, from, to.id)).toEqual(y);
            expected.push(...flat(compare(classes(before, from, to.id), y, EVERY_PORT), from, to.id));
          }
        }
        const got = step.value.delta.changes.flatMap((x) => x.sources.flatMap((from) => flat([x], from, x.to)));
        expect(got.sort()).toEqual(expected.sort());
      }
    },
  );

  it('random steps of every kind applied (the property above is not vacuous)', () => {
    expect(tried).toBeGreaterThan(0);
    // Over the normal run's cases, many of every kind; over the fast tier's few, at least one.
    if (FAST_TIER) expect(applied).toBeGreaterThan(0);
    else {
      expect(applied / tried).toBeGreaterThan(0.3);
      expect([...appliedKinds].sort()).toEqual(['add-member', 'add-rule', 'attach-group', 'detach-group', 'endpoint-status', 'modify-rule', 'remove-rule']);
    }
  });
});
