import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { readFileSync } from 'node:fs';
import { loadModel, loadModelFromText } from '../../src/load/index.js';
import { Simulator, type Decided } from '../../src/sim/engine.js';
import { portClasses } from '../../src/symbolic/ports.js';
import { diffModels, type FlowChange } from '../../src/symbolic/diff.js';
import { runs, validModelArb } from '../fuzz/arbitraries.js';
import { model, modelOf } from '../helpers/model.js';

const sim = (text: string, file = 'm.yaml') => new Simulator(modelOf(loadModelFromText(file, text))!);
const SEED = readFileSync('models/seed-elb/model.yaml', 'utf8');

describe('diff of two models', () => {
  it('a model against itself: no change', () => {
    const d = diffModels(sim(SEED), sim(SEED));
    expect(d.changes).toEqual([]);
    expect([d.gainedFlows, d.lostFlows, d.vpcsCompared]).toEqual([0, 0, 0]);
  });

  it('moving lines changes nothing (locations are not compared)', () => {
    const moved = SEED.replace(/\n(instances:)/, '\n# a comment that moves everything below it\n$1');
    expect(diffModels(sim(SEED), sim(moved)).changes).toEqual([]);
  });

  it('removing the shared load balancer’s range from the members’ group loses the endpoint’s port, with both decisions and a witness', () => {
    const m = modelOf(loadModel('models/seed-elb/model.yaml'))!;
    const rule = m.securityGroups
      .get('sg-backend')!
      .rules.find((r) => r.direction === 'ingress' && r.remote.kind === 'cidr' && r.remote.text === '100.125.0.0/16');
    expect(rule).toBeDefined();
    const lines = SEED.split('\n');
    lines.splice(rule!.loc.line - 1, 1);
    const d = diffModels(sim(SEED), sim(lines.join('\n')));
    expect(d.gainedFlows).toBe(0);
    const lost = d.changes.filter((c) => c.to === 'ep-web');
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({
      kind: 'lost',
      sources: ['ecs-client'],
      protocol: 'tcp',
      ports: [{ lo: 8080, hi: 8080 }],
      before: { verdict: 'reachable', code: 'DELIVERED' },
      after: { verdict: 'unreachable', code: 'SG_INGRESS_DENIED' },
      witness: { from: 'ecs-client', to: 'ep-web', port: 8080, protocol: 'tcp' },
    });
  });

  // Mutations a pull request makes: flip a rule's action, drop a rule, change an endpoint's status, drop a member,
  // open a group's egress, move an instance to another group, admit the VPCEP range on a port, drop a route, accept or
  // reject a peering connection, unbind an EIP, drop a NAT gateway's SNAT or DNAT rule, admit or refuse a health check.
  type Doc = Record<string, unknown>;
  function mutate(doc: Doc, kind: number, pick: number): Doc {
    const d = JSON.parse(JSON.stringify(doc)) as {
      securityGroups: { id: string; rules: { action?: string; direction: string }[] }[];
      endpoints: { status?: string }[];
      loadBalancers: { listeners: { protocol: string; members: { instance: string; port: number }[]; healthCheck?: { enabled?: boolean; port?: number } }[] }[];
      instances: { securityGroups: string[] }[];
      routeTables?: { routes: unknown[] }[];
      peerings?: { status?: string }[];
      eips?: { instance?: string; loadBalancer?: string }[];
      natGateways?: { snatRules: unknown[]; dnatRules: unknown[] }[];
    };
    const g = d.securityGroups[pick % d.securityGroups.length]!;
    switch (kind % 12) {
      case 11: {
        // Admit or refuse a listener's health check at its first member's first group, on the check's port.
        const l = d.loadBalancers.flatMap((x) => x.listeners).find((x) => x.healthCheck?.enabled !== false && x.healthCheck && x.members.length);
        const m = l?.members[0];
        const inst = m && (d.instances as unknown as { id: string; securityGroups: string[] }[]).find((x) => x.id === m.instance);
        const group = inst && d.securityGroups.find((x) => x.id === inst.securityGroups[0]);
        if (l && m && group)
          (group.rules as unknown[]).unshift({
            direction: 'ingress',
            protocol: l.protocol === 'udp' ? 'udp' : 'tcp',
            ports: l.healthCheck!.port ?? m.port,
            source: '0.0.0.0/0',
            action: pick % 2 ? 'allow' : 'deny',
          });
        break;
      }
      case 9: {
        // Unbind an EIP.
        const e = d.eips?.find((x) => x.instance ?? x.loadBalancer);
        if (e) {
          delete e.instance;
          delete e.loadBalancer;
        }
        break;
      }
      case 10: {
        // Drop a NAT gateway's SNAT or DNAT rule.
        const gw = d.natGateways?.[0];
        const rules = gw ? (pick % 2 === 0 ? gw.snatRules : gw.dnatRules) : [];
        if (rules.length) rules.splice(pick % rules.length, 1);
        break;
      }
      case 7: {
        const t = (d.routeTables ?? []).find((x) => x.routes.length);
        if (t) t.routes.splice(pick % t.routes.length, 1);
        break;
      }
      case 8: {
        const p = d.peerings?.[pick % d.peerings.length];
        if (p) p.status = p.status === 'rejected' ? 'active' : 'rejected';
        break;
      }
      case 0:
        if (g.rules.length) {
          const r = g.rules[pick % g.rules.length]!;
          r.action = r.action === 'deny' ? 'allow' : 'deny';
        }
        break;
      case 1:
        g.rules.splice(pick % Math.max(1, g.rules.length), 1);
        break;
      case 2:
        if (d.endpoints.length) d.endpoints[pick % d.endpoints.length]!.status = ['accepted', 'rejected', 'pendingAcceptance'][pick % 3]!;
        break;
      case 3: {
        const l = d.loadBalancers.flatMap((x) => x.listeners).find((x) => x.members.length);
        if (l) l.members.splice(pick % l.members.length, 1);
        break;
      }
      case 4:
        g.rules.push({ direction: 'egress' });
        break;
      case 6: {
        // Admit the VPCEP range on one of the group's ports: endpoint flows change on their terminal ports.
        const rule = { direction: 'ingress', protocol: 'tcp', ports: [80, 443, 8080, 5432][pick % 4], source: '198.19.128.0/17' };
        (g.rules as unknown[]).unshift(rule);
        break;
      }
      default: {
        const i = d.instances[pick % d.instances.length]!;
        i.securityGroups = [d.securityGroups[(pick + 1) % d.securityGroups.length]!.id];
      }
    }
    return d;
  }

  const covering = (changes: readonly FlowChange[], q: { from: string; to: string; port: number; protocol: 'tcp' | 'udp' | 'icmp' }) =>
    changes.filter((c) => c.to === q.to && c.protocol === q.protocol && c.sources.includes(q.from) && c.ports.some((p) => p.lo <= q.port && q.port <= p.hi));

  test.prop(
    [
      validModelArb,
      fc.nat(),
      fc.nat(),
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(22, 79, 80, 81, 443, 444, 5999, 6000, 8080, 8081, 1, 65535), fc.boolean()), {
        minLength: 60,
        maxLength: 60,
      }),
    ],
    runs(150),
  )('random models and changes: every sampled flow is listed exactly when its verdict changed, with both decisions', (doc, kind, pick, samples) => {
    const before = new Simulator(modelOf(loadModelFromText('a.json', JSON.stringify(doc)))!);
    const afterLoad = loadModelFromText('b.json', JSON.stringify(mutate(doc, kind, pick)));
    if (!modelOf(afterLoad)) return; // a mutation that makes the model invalid (e.g. a listener left without members is fine; others are skipped)
    const after = new Simulator(modelOf(afterLoad)!);
    const d = diffModels(before, after);
    const rank = (x: Decided | null) => (x === null ? 0 : { unreachable: 0, partial: 1, reachable: 2 }[x.verdict]);
    // The internet is a source and a destination too.
    const from = [...new Set([...before.model.instances.keys(), ...after.model.instances.keys(), 'internet'])];
    const to = [
      ...new Set(
        [...before.model.resources.values(), ...after.model.resources.values()]
          .filter((r) => ['instance', 'endpoint', 'loadBalancer'].includes(r.kind))
          .map((r) => r.id),
      ),
      'internet',
    ];
    const known = (s: Simulator, id: string) => id === 'internet' || s.model.resources.has(id);
    const decideIn = (s: Simulator, q: { from: string; to: string; port: number; protocol: 'tcp' | 'udp' | 'icmp' }) => {
      if (!known(s, q.from) || !known(s, q.to) || (q.from === 'internet' && q.to === 'internet')) return null;
      // diff compares the internet's flows to instances and load balancers (an endpoint is never exposed).
      if (q.from === 'internet' && s.model.endpoints.has(q.to)) return null;
      // The internet is every public address at once: decide answers for all of them (partial when only some get through).
      const r = s.decide(q);
      return r.ok ? r.value : null;
    };
    // Random flows, and every endpoint on each of its terminal ports from a few sources (translated ports: the
    // endpoint's terminal port reaches its backend's filters as the service port).
    const queries: { from: string; to: string; port: number; protocol: 'tcp' | 'udp' | 'icmp' }[] = samples.map(([i, j, port, udp]) => ({
      from: from[i % from.length]!,
      to: to[j % to.length]!,
      port,
      protocol: udp ? ('udp' as const) : ('tcp' as const),
    }));
    for (const m of [before.model, after.model])
      for (const ep of m.endpoints.values())
        for (const mapping of m.endpointServices.get(ep.service)?.portMappings ?? [])
          for (const f of from.slice(0, 3)) queries.push({ from: f, to: ep.id, port: mapping.terminalPort, protocol: 'tcp' });
    // And every pair on the first port of each class that delivers something on either side: a change to routes or
    // peering opens or closes whole pairs across VPCs, which random flows rarely hit.
    for (const f of from)
      for (const t of to)
        for (const s of [before, after]) {
          if (decideIn(s, { from: f, to: t, port: 1, protocol: 'tcp' }) === null) continue;
          const classes = portClasses(s, f, t);
          if (classes.ok)
            for (const c of classes.value) if (c.verdict !== 'unreachable') queries.push({ from: f, to: t, port: c.witness, protocol: c.protocol });
        }
    for (const q of queries) {
      const a = decideIn(before, q);
      const b = decideIn(after, q);
      const listed = covering(d.changes, q);
      if (rank(a) === rank(b)) expect(listed).toEqual([]);
      else {
        expect(listed).toHaveLength(1);
        expect([listed[0]!.kind, listed[0]!.before, listed[0]!.after]).toEqual([rank(b) > rank(a) ? 'gained' : 'lost', a, b]);
      }
    }
    // diff(A, A) is empty.
    expect(diffModels(before, before).changes).toEqual([]);
  });

  it('a new endpoint: its delivered flows are gained, absent before; removing it loses them', () => {
    const text = readFileSync('models/seed-elb/model.yaml', 'utf8');
    const withTwo = text.replace(
      /(endpoints:\n)/,
      '$1  - { id: ep-web-2, vpc: vpc-1, subnet: subnet-1, ip: 192.168.1.60, service: svc-web, status: accepted }\n',
    );
    expect(withTwo).not.toBe(text);
    const gained = diffModels(sim(text), sim(withTwo));
    expect(gained.changes.map((c) => [c.kind, c.to, c.ports, c.before, c.after?.verdict])).toEqual([
      ['gained', 'ep-web-2', [{ lo: 8080, hi: 8080 }], null, 'reachable'],
    ]);
    const lost = diffModels(sim(withTwo), sim(text));
    expect(lost.changes.map((c) => [c.kind, c.to, c.before?.verdict, c.after])).toEqual([['lost', 'ep-web-2', 'reachable', null]]);
  });

  it('sources whose flows change alike are one entry, whatever else tells them apart', () => {
    const text = (port: number) => `
region: r1
vpcs:
  - { id: v, cidr: 10.0.0.0/16, subnets: [ { id: s1, cidr: 10.0.1.0/24 }, { id: s2, cidr: 10.0.2.0/24 }, { id: st, cidr: 10.0.3.0/24 } ] }
securityGroups:
  - { id: g1, rules: [ { direction: egress } ] }
  - { id: g2, rules: [ { direction: egress }, { direction: ingress, protocol: udp, ports: 53 } ] }
  - { id: gt, rules: [ { direction: ingress, protocol: tcp, ports: ${port} } ] }
instances:
  - { id: a, kind: ecs, subnet: s1, ip: 10.0.1.10, securityGroups: [g1] }
  - { id: b, kind: ecs, subnet: s2, ip: 10.0.2.10, securityGroups: [g2] }
  - { id: t, kind: ecs, subnet: st, ip: 10.0.3.10, securityGroups: [gt] }
`;
    const d = diffModels(new Simulator(model(text(80))), new Simulator(model(text(443))));
    // a and b differ in subnet and groups, yet lose 80 and gain 443 alike: one entry each, with both.
    expect(d.changes.filter((c) => c.to === 't').map((c) => [c.kind, c.sources, c.protocol, c.ports])).toEqual([
      ['gained', ['a', 'b'], 'tcp', [{ lo: 443, hi: 443 }]],
      ['lost', ['a', 'b'], 'tcp', [{ lo: 80, hi: 80 }]],
    ]);
    expect([d.gainedFlows, d.lostFlows]).toEqual([2, 2]);
  });

  it('skips VPCs whose inputs did not change', () => {
    const m = loadModel('models/misconfigurations/model.yaml');
    const text = readFileSync('models/misconfigurations/model.yaml', 'utf8');
    // Rejecting an endpoint in the consumer VPC changes that VPC only.
    const changed = text.replace(
      '{ id: ep-dedicated, vpc: vpc-c, subnet: subnet-endpoints, ip: 192.168.2.17, service: svc-dedicated }',
      '{ id: ep-dedicated, vpc: vpc-c, subnet: subnet-endpoints, ip: 192.168.2.17, service: svc-dedicated, status: rejected }',
    );
    expect(changed).not.toBe(text);
    const d = diffModels(new Simulator(modelOf(m)!), sim(changed));
    expect([d.vpcsCompared, d.vpcsUnchanged]).toEqual([1, 2]);
    expect(d.changes.every((c) => c.to === 'ep-dedicated' && c.kind === 'lost' && c.after?.code === 'ENDPOINT_NOT_ACCEPTED')).toBe(true);
    expect(d.changes.length).toBeGreaterThan(0);
  });

  test.prop(
    [
      validModelArb,
      fc.nat(),
      fc.constantFrom('ingress', 'egress'),
      fc.option(fc.constantFrom(22, 80, 443, 8080, '80-90'), { nil: undefined }),
      fc.constantFrom(undefined, '0.0.0.0/0', '10.0.0.0/8', '198.19.128.0/17'),
    ],
    runs(150),
  )(
    'monotonicity: adding an allow rule loses no flow, and neither does removing a deny rule (without health checks: below)',
    (drawn, g, direction, ports, peer) => {
      // A health check makes filters non-monotonic: admitting the check makes a member healthy, and a member that does not
      // take the traffic then costs flows (the test after this one). Without checks, more allowed is never less delivered.
      const doc = structuredClone(drawn);
      for (const lb of (doc as unknown as { loadBalancers: { listeners: Record<string, unknown>[] }[] }).loadBalancers)
        for (const l of lb.listeners) delete l.healthCheck;
      const before = new Simulator(modelOf(loadModelFromText('a.json', JSON.stringify(doc)))!);
      type Loose = { securityGroups: { id: string; rules: Record<string, unknown>[] }[] };
      const groups = (doc as unknown as Loose).securityGroups;
      const target = groups[g % groups.length]!;
      const rule: Record<string, unknown> = { direction, protocol: 'tcp', priority: 1 + (g % 100) };
      if (ports !== undefined) rule.ports = ports;
      if (peer !== undefined) rule[direction === 'ingress' ? 'source' : 'destination'] = peer;
      const added = structuredClone(doc) as unknown as Loose;
      added.securityGroups.find((x) => x.id === target.id)!.rules.push(rule);
      const withAllow = new Simulator(modelOf(loadModelFromText('b.json', JSON.stringify(added)))!);
      expect(diffModels(before, withAllow).lostFlows).toBe(0);
      const denies = target.rules.map((r, i) => [r, i] as const).filter(([r]) => r.action === 'deny');
      if (denies.length) {
        const removed = structuredClone(doc) as unknown as Loose;
        removed.securityGroups.find((x) => x.id === target.id)!.rules.splice(denies[g % denies.length]![1], 1);
        expect(diffModels(before, new Simulator(modelOf(loadModelFromText('c.json', JSON.stringify(removed)))!)).lostFlows).toBe(0);
      }
    },
  );

  it('with a health check, admitting more can lose a flow: the check makes healthy a member that does not take the traffic', () => {
    const text = (ingress: string) => `
vpcs:
  - { id: v, cidr: 10.0.0.0/16, subnets: [ { id: s, cidr: 10.0.1.0/24 } ] }
securityGroups:
  - { id: g, rules: [ { direction: egress }${ingress} ] }
instances:
  - { id: web, kind: ecs, subnet: s, ip: 10.0.1.10, securityGroups: [g], listens: [81] }
  - { id: client, kind: ecs, subnet: s, ip: 10.0.1.11, securityGroups: [g] }
loadBalancers:
  - id: lb
    kind: shared
    subnet: s
    ip: 10.0.1.100
    listeners:
      - { id: l, protocol: tcp, port: 8080, transferClientIp: true, healthCheck: { protocol: tcp, port: 81 }, members: [ { instance: web, port: 81, healthy: true }, { instance: web, port: 22 } ] }
`;
    const d = diffModels(sim(text('')), sim(text(', { direction: ingress, protocol: tcp, source: 0.0.0.0/0 }')));
    const lost = d.changes.filter((c) => c.kind === 'lost' && c.to === 'lb');
    expect(lost.map((c) => [c.sources.join(','), c.ports, c.before?.verdict, c.after?.verdict, c.after?.code])).toEqual([
      ['client', [{ lo: 8080, hi: 8080 }], 'reachable', 'partial', 'NOT_LISTENING'],
    ]);
  });
});

describe('diff through port translations', () => {
  it('an ICMP rule changes the flows of a listener whose UDP health check it admits (the check’s echo)', () => {
    const text = (icmp: string) => `
vpcs:
  - { id: v, cidr: 10.0.0.0/16, subnets: [ { id: s, cidr: 10.0.1.0/24 } ] }
securityGroups:
  - { id: g, rules: [ { direction: egress }, { direction: ingress, protocol: udp, ports: 53, source: 0.0.0.0/0 }${icmp} ] }
instances:
  - { id: dns, kind: ecs, subnet: s, ip: 10.0.1.10, securityGroups: [g] }
  - { id: client, kind: ecs, subnet: s, ip: 10.0.1.11, securityGroups: [g] }
loadBalancers:
  - { id: lb, kind: shared, subnet: s, ip: 10.0.1.100, listeners: [ { id: l, protocol: udp, port: 53, healthCheck: { protocol: udp }, members: [ { instance: dns, port: 53 } ] } ] }
`;
    const d = diffModels(sim(text('')), sim(text(', { direction: ingress, protocol: icmp, ports: 8, source: 100.125.0.0/16 }')));
    expect(d.changes.filter((c) => c.to === 'lb' && c.protocol === 'udp').map((c) => [c.kind, c.sources.join(','), c.ports, c.before?.code])).toEqual([
      ['gained', 'client,dns', [{ lo: 53, hi: 53 }], 'NO_HEALTHY_MEMBER'],
    ]);
  });

  it('a rule on a health check’s port changes the flows on its listener’s port: the check decides the members', () => {
    const before = readFileSync('models/misconfigurations/model.yaml', 'utf8');
    const after = before.replace(
      '      - { direction: ingress, protocol: tcp, ports: 8080, source: 100.125.0.0/16, description: "shared ELB; health checks on 8081 not admitted" }',
      '      - { direction: ingress, protocol: tcp, ports: 8080, source: 100.125.0.0/16, description: "shared ELB; health checks on 8081 not admitted" }\n      - { direction: ingress, protocol: tcp, ports: 8081, source: 100.125.0.0/16, description: "its health checks" }',
    );
    expect(after).not.toBe(before);
    const d = diffModels(sim(before), sim(after));
    expect(d.changes.filter((c) => c.to === 'ep-shared').map((c) => [c.kind, c.ports, c.before?.code, c.after?.verdict])).toEqual([
      ['gained', [{ lo: 84, hi: 84 }], 'NO_HEALTHY_MEMBER', 'reachable'],
    ]);
  });

  it('a rule on the service port changes flows on the endpoint’s terminal port (and a member port, the listener’s)', () => {
    const before = readFileSync('models/missing-vpcep-rule/model.yaml', 'utf8');
    const after = before.replace(
      '      - { direction: ingress, protocol: tcp, ports: 8080, source: 192.168.0.0/16, description: "consumer VPC (wrong: VPCEP hides it)" }',
      '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17 }',
    );
    expect(after).not.toBe(before);
    const d = diffModels(sim(before), sim(after));
    expect(d.changes.filter((c) => c.to === 'ep-api').map((c) => [c.kind, c.ports, c.after?.verdict])).toEqual([['gained', [{ lo: 80, hi: 80 }], 'reachable']]);

    // The seed setup: members listen on 8080 behind listener 80 behind terminal port 8080; losing the member rule loses 8080 at the endpoint.
    const seedAfter = SEED.replace('      - { direction: ingress, protocol: tcp, ports: 8080, source: 100.125.0.0/16 }\n', '');
    expect(seedAfter).not.toBe(SEED);
    const lost = diffModels(sim(SEED), sim(seedAfter)).changes.filter((c) => c.to === 'ep-web');
    expect(lost.map((c) => [c.kind, c.ports])).toEqual([['lost', [{ lo: 8080, hi: 8080 }]]]);
  });
});

describe('diff of what the internet reaches, and what reaches it', () => {
  it('an EIP bound to the database gains its SSH from the internet and its way out; unbinding the bastion’s loses both', () => {
    const before = readFileSync('models/internet/model.yaml', 'utf8');
    const after = before
      .replace('{ id: eip-nat, address: 203.0.113.30 }', '{ id: eip-nat, address: 203.0.113.30 }\n  - { id: eip-db, address: 203.0.113.40, instance: ecs-db }')
      .replace('{ id: eip-bastion, address: 203.0.113.10, instance: ecs-bastion }', '{ id: eip-bastion, address: 203.0.113.10 }');
    const d = diffModels(new Simulator(model(before)), new Simulator(model(after)));
    expect(d.changes.map((c) => [c.kind, c.sources.join(','), c.to, c.protocol, c.ports, c.before?.code, c.after?.code])).toEqual([
      ['gained', 'internet', 'ecs-db', 'tcp', [{ lo: 22, hi: 22 }], 'NOT_EXPOSED', 'DELIVERED'],
      ['gained', 'ecs-db', 'internet', 'icmp', [{ lo: 0, hi: 255 }], 'NO_SNAT_RULE', 'DELIVERED'],
      ['gained', 'ecs-db', 'internet', 'tcp', [{ lo: 1, hi: 65535 }], 'NO_SNAT_RULE', 'DELIVERED'],
      ['gained', 'ecs-db', 'internet', 'udp', [{ lo: 1, hi: 65535 }], 'NO_SNAT_RULE', 'DELIVERED'],
      ['lost', 'internet', 'ecs-bastion', 'tcp', [{ lo: 22, hi: 22 }], 'DELIVERED', 'NOT_EXPOSED'],
      ['lost', 'ecs-bastion', 'internet', 'icmp', [{ lo: 0, hi: 255 }], 'DELIVERED', 'NO_SNAT_RULE'],
      ['lost', 'ecs-bastion', 'internet', 'tcp', [{ lo: 1, hi: 65535 }], 'DELIVERED', 'NO_SNAT_RULE'],
      ['lost', 'ecs-bastion', 'internet', 'udp', [{ lo: 1, hi: 65535 }], 'DELIVERED', 'NO_SNAT_RULE'],
    ]);
    expect(d.changes[0]!.witness).toEqual({ from: 'internet', to: 'ecs-db', port: 22, protocol: 'tcp' });
  });

  it('a rule on a DNAT rule’s internal port changes the internet’s flows on its external port', () => {
    const before = readFileSync('models/internet/model.yaml', 'utf8');
    const after = before.replace('ports: [22, 8443], source: 0.0.0.0/0', 'ports: [8443], source: 0.0.0.0/0');
    expect(after).not.toBe(before);
    const d = diffModels(new Simulator(model(before)), new Simulator(model(after)));
    expect(d.changes.filter((c) => c.sources.includes('internet')).map((c) => [c.kind, c.to, c.ports, c.after?.code])).toEqual([
      ['lost', 'ecs-app', [{ lo: 2222, hi: 2222 }], 'SG_INGRESS_DENIED'],
    ]);
  });
});
