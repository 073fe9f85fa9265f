import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { loadModel } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import type { TraceResult } from '../../src/sim/types.js';
import { ecsSetup, model, modelOf } from '../helpers/model.js';
import { assertWellFormed } from '../helpers/invariants.js';
import { runs } from '../fuzz/arbitraries.js';

const BUNDLED = ['seed-elb', 'ecs-backend', 'missing-vpcep-rule', 'pending-approval', 'elb-whitelist-missing-range', 'misconfigurations'].map((n) => {
  const m = modelOf(loadModel(`models/${n}/model.yaml`));
  if (!m) throw new Error(`bundled model ${n} is invalid`);
  return m;
});

const flowArb = fc.nat({ max: BUNDLED.length - 1 }).chain((mi) => {
  const m = BUNDLED[mi]!;
  const targets = [...m.endpoints.keys(), ...m.instances.keys(), ...m.loadBalancers.keys()];
  const ports = new Set<number>([22, 80, 443, 8080, 5432, 7000, 6000, 9443, 81, 82, 83, 8000]);
  return fc.record({
    mi: fc.constant(mi),
    from: fc.constantFrom(...m.instances.keys()),
    to: fc.oneof(fc.constantFrom(...targets), fc.ipV4()),
    port: fc.oneof(fc.constantFrom(...ports), fc.integer({ min: 1, max: 65535 })),
    protocol: fc.constantFrom('tcp' as const, 'udp' as const),
  });
});

describe('engine invariants', () => {
  test.prop([flowArb], runs(400))('every trace is well formed and the verdict agrees with its paths', (q) => {
    const { mi, ...query } = q;
    const m = BUNDLED[mi]!;
    const out = new Simulator(m).trace(query);
    if (!out.ok) {
      // Only malformed addresses are rejected; leading-zero forms come from fc.ipV4 never, so ids and IPs always resolve.
      throw new Error(`unexpected query error: ${out.error.message}`);
    }
    assertWellFormed(m, out.value, q.from);
  });

  test.prop([flowArb], runs(100))('same input, identical output', (q) => {
    const { mi, ...query } = q;
    const m = BUNDLED[mi]!;
    expect(JSON.stringify(new Simulator(m).trace(query))).toBe(JSON.stringify(new Simulator(m).trace(query)));
  });
});

// ---- random security groups on a small ECS setup -------------------------------------------------

const CIDRS = [
  '198.19.128.0/17',
  '198.19.128.0/18',
  '198.19.192.0/18',
  '198.19.200.0/24',
  '0.0.0.0/0',
  '10.0.0.0/8',
  '192.168.0.0/16',
  '198.0.0.0/8',
  '100.125.0.0/16',
];
const ruleArb = fc.record({
  direction: fc.constantFrom('ingress', 'egress'),
  protocol: fc.constantFrom('tcp', 'udp', 'any'),
  ports: fc.constantFrom(undefined, 80, 8080, '8000-8100', '1-1024'),
  cidr: fc.constantFrom(...CIDRS),
  action: fc.constantFrom('allow', 'deny'),
  priority: fc.integer({ min: 1, max: 100 }),
});
type Rule = typeof ruleArb extends fc.Arbitrary<infer R> ? R : never;

function yamlRule(r: Rule): string {
  const peer = r.direction === 'ingress' ? 'source' : 'destination';
  const ports = r.ports !== undefined && r.protocol !== 'any' ? `, ports: ${JSON.stringify(r.ports)}` : '';
  return `      - { direction: ${r.direction}, protocol: ${r.protocol}${ports}, ${peer}: ${r.cidr}, action: ${r.action}, priority: ${r.priority} }`;
}

/** Traces client → ep:80 with the given backend rules; client rules default to "egress allow all". */
function verdictFor(backend: Rule[], client: Rule[] | null = null): TraceResult {
  const text = ecsSetup({
    backendRules: backend.length ? backend.map(yamlRule).join('\n') : '      []',
    ...(client === null ? {} : { clientRules: client.length ? client.map(yamlRule).join('\n') : '      []' }),
  });
  const out = new Simulator(model(text)).trace({ from: 'client', to: 'ep', port: 80 });
  if (!out.ok) throw new Error(out.error.message);
  return out.value;
}

const RANK = { unreachable: 0, partial: 1, reachable: 2 } as const;

describe('monotonicity of filters', () => {
  test.prop([fc.array(ruleArb, { maxLength: 6 }), fc.array(ruleArb, { maxLength: 3 }), ruleArb], runs(300))(
    'adding an allow rule never makes a flow less reachable',
    (backend, client, extra) => {
      const before = verdictFor(backend, client);
      const allow = { ...extra, action: 'allow' as const };
      const onBackend = verdictFor([...backend, allow], client);
      const onClient = verdictFor(backend, [...client, allow]);
      expect(RANK[onBackend.verdict]).toBeGreaterThanOrEqual(RANK[before.verdict]);
      expect(RANK[onClient.verdict]).toBeGreaterThanOrEqual(RANK[before.verdict]);
    },
  );

  test.prop([fc.array(ruleArb, { minLength: 1, maxLength: 6 }), fc.nat()], runs(300))(
    'removing a deny rule never makes a flow less reachable',
    (backend, pick) => {
      const denies = backend.map((r, i) => [r, i] as const).filter(([r]) => r.action === 'deny');
      fc.pre(denies.length > 0);
      const drop = denies[pick % denies.length]![1];
      const before = verdictFor(backend);
      const after = verdictFor(backend.filter((_, i) => i !== drop));
      expect(RANK[after.verdict]).toBeGreaterThanOrEqual(RANK[before.verdict]);
    },
  );

  const OTHER = ['10.0.0.0/8', '192.168.0.0/16', '100.125.0.0/16', '172.16.0.0/12', '198.19.0.0/17'];
  test.prop(
    [
      fc.array(
        ruleArb.map((r) => ({ ...r, cidr: OTHER[r.priority % OTHER.length]! })),
        { maxLength: 6 },
      ),
      fc.integer({ min: 1, max: 100 }),
      fc.nat(),
    ],
    runs(300),
  )('removing the only rule that admits 198.19.128.0/17 on an ECS backend gives SG_INGRESS_DENIED', (others, priority, position) => {
    const only: Rule = { direction: 'ingress', protocol: 'tcp', ports: 8080, cidr: '198.19.128.0/17', action: 'allow', priority };
    const rules = [...others];
    rules.splice(position % (rules.length + 1), 0, only);
    expect(verdictFor(rules).verdict).toBe('reachable');
    const without = verdictFor(others);
    expect(without.verdict).toBe('unreachable');
    expect(without.code).toBe('SG_INGRESS_DENIED');
  });
});
