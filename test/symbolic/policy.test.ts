import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { loadModel, loadModelFromText } from '../../src/load/index.js';
import type { Model } from '../../src/model/index.js';
import { Simulator, type Decided } from '../../src/sim/engine.js';
import { checkPolicy, policyDestinations, policySources, type PolicyExpect, type PolicyFlow, type PolicyQuery } from '../../src/symbolic/policy.js';
import { runs, validModelArb } from '../fuzz/arbitraries.js';
import { modelOf } from '../helpers/model.js';

const misconfigurations = (): Simulator => new Simulator(modelOf(loadModel('models/misconfigurations/model.yaml'))!);

function decided(sim: Simulator, q: PolicyQuery) {
  const r = checkPolicy(sim, q);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The reference: every flow of the set decided on its own, in policy order (destinations, sources by id, ports). */
function bruteForce(sim: Simulator, q: PolicyQuery) {
  const src = policySources(sim.model, q.from);
  const dst = policyDestinations(sim.model, q.to);
  if (!src.ok || !dst.ok) throw new Error('bad query');
  const meets = (d: Decided) => (q.expect === 'some' ? d.verdict !== 'unreachable' : d.verdict === q.expect && (q.codes === null || q.codes.includes(d.code)));
  let flows = 0;
  let failing = 0;
  let first: { flow: PolicyFlow; result: Decided } | null = null;
  let counterexample: { flow: PolicyFlow; result: Decided } | null = null;
  for (const to of dst.value.targets)
    for (const i of src.value.instances)
      for (const r of q.ports)
        for (let port = r.lo; port <= r.hi; port++) {
          const flow = { from: i.id, to, port, protocol: q.protocol };
          const d = sim.decide(flow);
          if (!d.ok) throw new Error(d.error.message);
          flows++;
          first ??= { flow, result: d.value };
          if (meets(d.value)) continue;
          failing++;
          counterexample ??= { flow, result: d.value };
        }
  const holds = q.expect === 'some' ? failing < flows : failing === 0;
  return { holds, flows, failing, first, counterexample: holds ? null : q.expect === 'some' ? first : counterexample };
}

describe('policies: expectations over sets of flows', () => {
  it('a VPC to an endpoint on a port list: the counterexample is the first failing flow, with how many fail', () => {
    const r = decided(misconfigurations(), {
      from: 'vpc-c',
      to: 'ep-shared',
      ports: [
        { lo: 80, hi: 80 },
        { lo: 82, hi: 83 },
      ],
      protocol: 'tcp',
      expect: 'reachable',
      codes: null,
    });
    expect(r.holds).toBe(false);
    expect([r.sources, r.destinations, r.ports, r.flows, r.failing]).toEqual([1, 1, 3, 3, 2]);
    expect(r.counterexample).toEqual({
      flow: { from: 'ecs-client', to: 'ep-shared', port: 82, protocol: 'tcp' },
      result: { verdict: 'partial', code: 'SG_INGRESS_DENIED', at: 'sg-no-ingress' },
    });
  });

  it('a subnet to a CIDR block: every endpoint, load balancer and instance with an address in it', () => {
    const sim = misconfigurations();
    const dst = policyDestinations(sim.model, '10.0.1.0/24');
    expect(dst.ok && dst.value.targets).toEqual([
      'ecs-acl-partial',
      'ecs-member-bad',
      'ecs-member-checked',
      'ecs-member-l7',
      'ecs-member-ok',
      'ecs-partial',
      'ecs-plain',
      'ecs-private',
      'ecs-quiet',
    ]);
    const r = decided(sim, { from: 'subnet-clients', to: '10.0.0.0/16', ports: [{ lo: 1, hi: 65535 }], protocol: 'tcp', expect: 'unreachable', codes: null });
    expect(r.holds).toBe(true);
    expect(r.flows).toBe(1 * 12 * 65535);
  });

  it('a security group and an account name their instances; a subnet and a VPC as destinations name what has an address there', () => {
    const m = misconfigurations().model;
    const ids = (from: string) => {
      const s = policySources(m, from);
      return s.ok ? s.value.instances.map((i) => i.id) : s.error.message;
    };
    expect(ids('sg-vpcep')).toEqual(['bms-locked', 'ecs-acl-partial', 'ecs-plain', 'ecs-private', 'ecs-quiet']);
    expect(ids(m.vpcs.get('vpc-c')!.account)).toEqual(['ecs-client']);
    const d = policyDestinations(m, 'subnet-endpoints');
    expect(d.ok && d.value.targets.length).toBe(9);
  });

  it('a set with nothing in it is an error, not a vacuous pass', () => {
    const m = misconfigurations().model;
    const s = policySources(m, 'subnet-endpoints');
    expect(!s.ok && s.error.message).toBe('subnet subnet-endpoints has no instances, so the expectation would hold for no flow at all');
    const d = policyDestinations(m, '172.16.0.0/12');
    expect(!d.ok && d.error.message).toBe('no endpoint, load balancer or instance in 172.16.0.0/12, so the expectation would hold for no flow at all');
    const bad = policyDestinations(m, '10.0.1.1/24');
    expect(!bad.ok && bad.error.message).toBe('"10.0.1.1/24" has host bits set');
    const kind = policySources(m, 'ep-shared');
    expect(!kind.ok && kind.error.message).toBe('"ep-shared" is an endpoint; from takes an instance, subnet, VPC, security group or account');
  });

  it('some: holds when one flow is delivered; fails on the first flow when none is', () => {
    const sim = misconfigurations();
    const all = [{ lo: 1, hi: 65535 }];
    expect(decided(sim, { from: 'ecs-client', to: 'ep-shared', ports: all, protocol: 'tcp', expect: 'some', codes: null }).holds).toBe(true);
    const r = decided(sim, { from: 'ecs-client', to: 'ep-rejected', ports: all, protocol: 'tcp', expect: 'some', codes: null });
    expect(r.holds).toBe(false);
    expect(r.failing).toBe(65535);
    expect(r.counterexample?.flow.port).toBe(1);
  });

  it('an instance that is its own destination is decided on its own (its address never leaves it)', () => {
    const sim = misconfigurations();
    const r = decided(sim, { from: 'subnet-backends', to: 'ecs-plain', ports: [{ lo: 8080, hi: 8080 }], protocol: 'tcp', expect: 'reachable', codes: null });
    expect(r).toEqual({
      ...r,
      ...bruteForce(sim, { from: 'subnet-backends', to: 'ecs-plain', ports: [{ lo: 8080, hi: 8080 }], protocol: 'tcp', expect: 'reachable', codes: null }),
    });
  });

  const expectArb = fc.constantFrom<PolicyExpect>('reachable', 'unreachable', 'partial', 'some');
  const portsArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 9000 }), fc.integer({ min: 0, max: 6 })), { minLength: 1, maxLength: 3 }).map((xs) => {
    // Ranges near the ports the random models use, sorted and merged as the scenario parser gives them.
    const near = [22, 80, 443, 8080, 6000];
    const rs = xs.map(([a, w]) => ({ lo: near[a % near.length]! - 2 + (a % 3), hi: near[a % near.length]! - 2 + (a % 3) + w })).sort((x, y) => x.lo - y.lo);
    const out: { lo: number; hi: number }[] = [];
    for (const r of rs) {
      const last = out[out.length - 1];
      if (last && r.lo <= last.hi + 1) last.hi = Math.max(last.hi, r.hi);
      else out.push({ ...r });
    }
    return out;
  });

  function nameSets(m: Model): { from: string[]; to: string[] } {
    const accounts = [...new Set([...m.vpcs.values()].map((v) => v.account))];
    const from = [...m.instances.keys(), ...m.subnets.keys(), ...m.vpcs.keys(), ...m.securityGroups.keys(), ...accounts].filter(
      (id) => policySources(m, id).ok,
    );
    const to = [
      ...m.endpoints.keys(),
      ...m.loadBalancers.keys(),
      ...m.instances.keys(),
      ...m.subnets.keys(),
      ...m.vpcs.keys(),
      '10.0.0.0/8',
      '10.0.1.0/24',
      '10.1.0.0/16',
      // An address no resource has: flows to it are decided by address.
      '10.0.1.77',
    ].filter((id) => policyDestinations(m, id).ok);
    return { from, to };
  }

  test.prop(
    [
      validModelArb,
      fc.nat(),
      fc.nat(),
      portsArb,
      fc.boolean(),
      expectArb,
      fc.option(fc.constantFrom('NO_ROUTE', 'DELIVERED', 'SG_INGRESS_DENIED'), { nil: undefined }),
    ],
    runs(1000),
  )(
    'random models and sets: the set walk’s answer equals every flow decided on its own (holds, counts, first flow, counterexample)',
    (doc, a, b, ports, udp, expectation, code) => {
      const model = modelOf(loadModelFromText('random.json', JSON.stringify(doc)))!;
      const sim = new Simulator(model);
      const { from, to } = nameSets(model);
      const q: PolicyQuery = {
        from: from[a % from.length]!,
        to: to[b % to.length]!,
        ports,
        protocol: udp ? 'udp' : 'tcp',
        expect: expectation,
        codes: code === undefined || expectation === 'some' ? null : [code],
      };
      const got = decided(sim, q);
      const want = bruteForce(sim, q);
      expect({ holds: got.holds, flows: got.flows, failing: got.failing, first: got.first, counterexample: got.counterexample }).toEqual(want);
    },
  );
});
