import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadModelFromText } from '../../src/load/index.js';
import type { Model } from '../../src/model/index.js';
import { pointSpace } from '../../src/net/index.js';
import { CompiledModel } from '../../src/sim/compile.js';
import type { Decision } from '../../src/sim/decisions.js';
import { Simulator } from '../../src/sim/engine.js';
import { SEMANTICS, receive, send, type KindSemantics, type SemanticsRegistry } from '../../src/sim/kinds/index.js';
import { allQueries, modelOf, randomModels, type ModelKey } from '../golden/cases.js';
import { modelOf as loaded } from '../helpers/model.js';

const seed = loaded(loadModelFromText('models/seed-elb/model.yaml', readFileSync('models/seed-elb/model.yaml', 'utf8')))!;

describe('the semantics registry', () => {
  it('is total over resource kinds: a registry without a kind does not compile', () => {
    const { endpoint: _omitted, ...rest } = SEMANTICS;
    // @ts-expect-error — 'endpoint' is missing: every resource kind needs semantics (or null when it is not a hop)
    const incomplete: SemanticsRegistry = rest;
    expect(Object.keys(incomplete)).not.toContain('endpoint');
    // @ts-expect-error — the semantics of one kind do not type-check as another's
    const wrong: SemanticsRegistry = { ...SEMANTICS, listener: SEMANTICS.instance as KindSemantics<'instance'> };
    expect(wrong).toBeTruthy();
  });

  it('names the hops; kinds that act through others are null and are refused as hops', () => {
    expect(
      Object.entries(SEMANTICS)
        .filter(([, v]) => v !== null)
        .map(([k]) => k)
        .sort(),
    ).toEqual(['eip', 'endpoint', 'endpointService', 'instance', 'internet', 'listener', 'loadBalancer', 'natGateway']);
    const cm = new CompiledModel(seed);
    const vpc = [...seed.vpcs.values()][0]!;
    expect(() => receive(cm, vpc, pointSpace('tcp', 80, [{ lo: 1, hi: 1 }], 2), { sameSubnet: false, passThrough: false, sources: 'flows' })).toThrow(
      /^receive: traffic reached vpc/,
    );
  });
});

/** A compact view of decisions: type, and the filter/transform/assumption/code. */
function shape(ds: readonly Decision[]): string[] {
  return ds.map((d) => {
    switch (d.type) {
      case 'filter':
        return `filter ${d.filter} ${d.outcome}`;
      case 'transform':
        return `transform ${d.transform}`;
      case 'assume':
        return `assume ${d.assumption}`;
      case 'forward':
        return `forward ${d.to.id}`;
      case 'deliver':
        return `deliver ${d.at.id}`;
      case 'drop':
        return `drop ${d.code} at ${d.at}`;
      default:
        return d.type;
    }
  });
}

describe('decisions, without prose', () => {
  it('the seed flow: exact decisions per hop, one branch per member', () => {
    const cm = new CompiledModel(seed);
    const client = seed.instances.get('ecs-client')!;
    const ep = seed.endpoints.get('ep-web')!;
    const [origin] = send(cm, client, pointSpace('tcp', 8080, [{ lo: client.ip, hi: client.ip }], ep.ip), 'ep-web');
    expect(shape(origin!)).toEqual(['originate', 'filter security-group allow', 'assume destination-in-same-subnet', 'forward ep-web']);
    const hop = (node: string, d: Decision): Decision[][] => {
      if (d.type !== 'forward') throw new Error('not a forward');
      return receive(cm, seed.resources.get(node)!, d.space, d.facts) as Decision[][];
    };
    const [atEndpoint] = hop('ep-web', origin!.at(-1)!);
    expect(shape(atEndpoint!)).toEqual([
      'assume same-subnet-no-acl',
      'assume consumer-acls-only',
      'filter endpoint-status allow',
      'filter endpoint-permission allow',
      'filter protocol allow',
      'filter port-mapping allow',
      'forward svc-web',
    ]);
    const [atService] = hop('svc-web', atEndpoint!.at(-1)!);
    expect(shape(atService!)).toEqual(['transform port-mapping', 'transform vpcep-snat', 'assume vpcep-any-source', 'forward elb-1']);
    const last = atService!.at(-1)!;
    expect(last.type === 'forward' && { ...last.facts, via: last.facts.via && [last.facts.via.service.id, last.facts.via.mapping.terminalPort] }).toEqual({
      sameSubnet: false,
      passThrough: false,
      // Behind VPCEP's source rewrite a flow's source is any one address of the range, not a set of flows.
      sources: 'any',
      via: ['svc-web', 8080],
    });
    expect(last.type === 'forward' && last.space.src).toEqual([{ lo: 0xc6138000, hi: 0xc613ffff }]);
    const [atLb] = hop('elb-1', last);
    expect(shape(atLb!)).toEqual(['filter listener allow', 'forward listener-80']);
    const members = hop('listener-80', atLb!.at(-1)!);
    expect(members.map(shape)).toEqual(
      ['ecs-web-1', 'ecs-web-2'].map((m) => [
        'filter listener-access-control allow',
        'filter member-health allow',
        'assume load-balancer-source',
        'transform elb-fullnat',
        `forward ${m}`,
      ]),
    );
    const toMember = members[0]!.at(-1)!;
    expect(toMember.type === 'forward' && toMember.space.src).toEqual([{ lo: 0x647d0000, hi: 0x647dffff }]);
    const [atMember] = hop('ecs-web-1', toMember);
    expect(shape(atMember!)).toEqual(['filter security-group allow', 'filter listening-port allow', 'deliver ecs-web-1']);
  });
});

describe('decide agrees with trace', () => {
  it('on every golden case: the same verdict, code and stop point, or the same query error', () => {
    const random = randomModels();
    const cache = new Map<ModelKey, Model>();
    const sims = new Map<ModelKey, Simulator>();
    let compared = 0;
    for (const c of allQueries(random)) {
      let sim = sims.get(c.model);
      if (!sim) sims.set(c.model, (sim = new Simulator(modelOf(c.model, random, cache))));
      const t = sim.trace(c.query);
      const d = sim.decide(c.query);
      if (!t.ok || !d.ok) {
        expect(d).toEqual(t);
        continue;
      }
      expect(d.value).toEqual({ verdict: t.value.verdict, code: t.value.code, at: t.value.at });
      compared++;
    }
    expect(compared).toBeGreaterThan(6000);
  });
});
