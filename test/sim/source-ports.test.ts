import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { readFileSync } from 'node:fs';
import { loadModelFromText } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import type { TraceQuery } from '../../src/sim/types.js';
import { validModelArb, runs } from '../fuzz/arbitraries.js';
import { modelOf } from '../helpers/model.js';
import { cli } from '../helpers/cli.js';
import { protoPortSet } from '../../src/net/index.js';
import { checkPolicy } from '../../src/symbolic/policy.js';
import { portClassesToOne } from '../../src/symbolic/set-ports.js';

const MIS = 'models/misconfigurations/model.yaml';
const sim = (file: string, text = readFileSync(file, 'utf8')) => new Simulator(modelOf(loadModelFromText(file, text))!);
const S = sim(MIS);
const traced = (s: Simulator, q: TraceQuery) => {
  const out = s.trace(q);
  if (!out.ok) throw new Error(out.error.message);
  return out.value;
};

describe('source ports: a rule on them, a flow from any port its sender picks or from one', () => {
  it('the client subnet ACL lets 7001 out from Linux ephemeral ports only: partial at the ACL, the hop says which ports pass', () => {
    const r = traced(S, { from: 'ecs-client', to: 'ep-acl-partial', port: 7001 });
    expect([r.verdict, r.code, r.at]).toEqual(['partial', 'ACL_OUTBOUND_PARTIAL', 'acl-clients']);
    expect(r.flow).toEqual({ from: 'ecs-client', to: 'ep-acl-partial', protocol: 'tcp', src: '192.168.1.10', dst: '192.168.2.11', dstPort: 7001 });
    const client = r.traces[0]!.hops[0]!;
    const acl = client.steps.find((s) => s.type === 'filter' && s.filter === 'network-acl')!;
    expect(acl).toMatchObject({
      decision: 'partial',
      detail:
        'network ACL acl-clients (subnet subnet-clients) outbound tcp/7001 to 192.168.2.11: admits only source ports 32768-60999 of 1024-65535 (source ports 1024-32767,61000-65535 denied by acl-clients outbound[2]: deny tcp 7001 from 0.0.0.0/0 to 192.168.2.0/24 (priority 1))',
      rules: [
        expect.objectContaining({
          index: 1,
          action: 'allow',
          matched: '192.168.2.11 source ports 32768-60999',
          text: 'outbound[1]: allow tcp 7001 source ports 32768-60999 from 0.0.0.0/0 to 192.168.2.0/24 (priority 1)',
        }),
        expect.objectContaining({ index: 2, action: 'deny', matched: '192.168.2.11' }),
      ],
    });
    expect(client.notes).toContain(
      'the source port may be any of 1024-65535 (the sender picks it: which ports VPCEP, load balancers and NAT gateways pick is not documented); only part of them pass acl-clients, so the flow works only sometimes; the rest of the path is checked for the admitted part',
    );
    // The rest of the path goes on with the admitted part, and delivers.
    expect(r.traces[0]!.hops.at(-1)!.steps.at(-1)).toMatchObject({ type: 'deliver' });
  });

  it('from one source port the rule names: delivered, and the port is in the flow and on the hop; VPCEP picks its own', () => {
    const r = traced(S, { from: 'ecs-client', to: 'ep-acl-partial', port: 7001, srcPort: 40000 });
    expect([r.verdict, r.code]).toEqual(['reachable', 'DELIVERED']);
    expect(r.flow.srcPort).toBe(40000);
    const [client, , service] = r.traces[0]!.hops;
    expect(client!.steps[0]).toMatchObject({ type: 'originate', flow: { src: '192.168.1.10', srcPort: 40000 } });
    expect(client!.steps.find((s) => s.type === 'filter' && s.filter === 'network-acl')).toMatchObject({
      decision: 'allow',
      detail: expect.stringContaining('outbound tcp/7001 source port 40000 to 192.168.2.11: allowed by acl-clients outbound[1]'),
    });
    const snat = service!.steps.find((s) => s.type === 'transform' && s.transform === 'vpcep-snat')!;
    expect(snat).toMatchObject({ before: { srcPort: 40000 }, after: { src: '198.19.128.0/17' } });
    expect(snat.type === 'transform' && 'srcPort' in snat.after).toBe(false);
  });

  it('from a source port the rule does not name: the deny after it decides', () => {
    const r = traced(S, { from: 'ecs-client', to: 'ep-acl-partial', port: 7001, srcPort: 61000 });
    expect([r.verdict, r.code, r.at]).toEqual(['unreachable', 'ACL_OUTBOUND_DENIED', 'acl-clients']);
  });

  it('a rule on source ports that decides all of a flow whose port the client picks: the hop names the ports assumed', () => {
    // Every port a client picks is in 1024-65535: the flow passes whole, on the assumption that it picks one of them.
    const text = readFileSync(MIS, 'utf8').replace('sourcePorts: 32768-60999', 'sourcePorts: 1024-65535');
    const r = traced(sim('m.yaml', text), { from: 'ecs-client', to: 'ep-acl-partial', port: 7001 });
    expect([r.verdict, r.code]).toEqual(['reachable', 'DELIVERED']);
    expect(r.traces[0]!.hops[0]!.notes).toContain(
      'assumed: the source port is one its sender picks from 1024-65535; acl-clients decides by source port (trace --src-port asks about one)',
    );
    // Asked about one port, nothing is assumed.
    const one = traced(sim('m.yaml', text), { from: 'ecs-client', to: 'ep-acl-partial', port: 7001, srcPort: 50000 });
    expect(one.traces[0]!.hops[0]!.notes.some((n) => n.includes('source port'))).toBe(false);
  });

  it('behind VPCEP the client’s port does not matter: VPCEP picks the port the backend ACL sees', () => {
    for (const srcPort of [undefined, 50000, 2000]) {
      const r = traced(S, { from: 'ecs-client', to: 'ep-acl-partial', port: 7002, ...(srcPort ? { srcPort } : {}) });
      expect([r.verdict, r.code, r.at], String(srcPort)).toEqual(['partial', 'ACL_INBOUND_PARTIAL', 'acl-backends']);
    }
  });

  it('diff: widening a rule’s source ports to every port a client picks gains the flow it made partial', async () => {
    const { diffModels } = await import('../../src/symbolic/diff.js');
    const after = sim('m.yaml', readFileSync(MIS, 'utf8').replace('sourcePorts: 32768-60999', 'sourcePorts: 1024-65535'));
    const d = diffModels(S, after);
    expect(d.changes.map((c) => [c.kind, c.sources, c.to, c.ports, c.before?.code, c.after?.code])).toEqual([
      ['gained', ['ecs-client'], 'ep-acl-partial', [{ lo: 7001, hi: 7001 }], 'ACL_OUTBOUND_PARTIAL', 'DELIVERED'],
    ]);
  });

  it('DNAT keeps the client’s port: from the internet, the subnet ACL decides by it', () => {
    const text = readFileSync('models/internet/model.yaml', 'utf8')
      .replace('      - { id: subnet-app, cidr: 10.10.2.0/24 }', '      - { id: subnet-app, cidr: 10.10.2.0/24, networkAcl: acl-app }')
      .replace(
        'securityGroups:\n',
        'networkAcls:\n  - { id: acl-app, inbound: [ { action: allow, protocol: tcp, ports: 22, sourcePorts: 40000-40999 } ], outbound: [ { action: allow } ] }\n\nsecurityGroups:\n',
      );
    const s = sim('internet-acl.yaml', text);
    const at = (srcPort?: number) => {
      const r = traced(s, { from: '198.51.100.7', to: '203.0.113.30', port: 2222, ...(srcPort ? { srcPort } : {}) });
      return [r.verdict, r.code, r.at];
    };
    expect(at(40500)).toEqual(['reachable', 'DELIVERED', 'ecs-app']);
    expect(at(50000)).toEqual(['unreachable', 'ACL_INBOUND_DENIED', 'acl-app']);
    expect(at()).toEqual(['partial', 'ACL_INBOUND_PARTIAL', 'acl-app']);
  });

  it('queries: a source port out of range, or on ICMP, is an invalid value of srcPort', () => {
    const bad = (q: TraceQuery) => {
      const out = S.trace(q);
      return !out.ok && [out.error.code, out.error.field, out.error.message];
    };
    expect(bad({ from: 'ecs-client', to: 'ep-acl-partial', port: 7001, srcPort: 70000 })).toEqual([
      'invalid-value',
      'srcPort',
      'source port 70000 is out of range',
    ]);
    expect(bad({ from: 'ecs-client', to: 'ep-acl-partial', port: 8, protocol: 'icmp', srcPort: 1 })).toEqual([
      'invalid-value',
      'srcPort',
      'an ICMP flow has no source port',
    ]);
  });

  it('the CLI: --src-port names the client port (text shows address:port, JSON carries srcPort); out of range or on ICMP is a usage error', async () => {
    const args = ['trace', MIS, '--from', 'ecs-client', '--to', 'ep-acl-partial', '--port', '7001'];
    const text = await cli([...args, '--src-port', '40000']);
    expect(text.code).toBe(0);
    expect(text.out.split('\n').slice(0, 2)).toEqual([
      'REACHABLE  DELIVERED  at ecs-acl-partial',
      'flow: tcp 192.168.1.10:40000 → 192.168.2.11:7001  (from ecs-client to ep-acl-partial)',
    ]);
    const json = await cli([...args, '--src-port', '61000', '--format', 'json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.out) as { flow: { srcPort: number } }).flow.srcPort).toBe(61000);
    expect((await cli(args)).out.split('\n')[0]).toBe('PARTIAL  ACL_OUTBOUND_PARTIAL  at acl-clients');
    const zero = await cli([...args, '--src-port', '0']);
    expect([zero.code, zero.err.split('\n')[0]]).toEqual([
      2,
      "error: option '--src-port <n>' argument '0' is invalid. port 0 is out of range; ports are 1 to 65535.",
    ]);
    const icmp = await cli(['trace', MIS, '--from', 'ecs-client', '--to', 'ep-acl-partial', '--port', '8', '--protocol', 'icmp', '--src-port', '5']);
    expect([icmp.code, icmp.err]).toEqual([2, 'vpcreach: --src-port: an ICMP flow has no source port (leave out the source port, or ask for tcp or udp)\n']);
  });

  it('the loader refuses source ports on a rule that is neither tcp nor udp, at the field', () => {
    const text = readFileSync(MIS, 'utf8').replace(
      '{ priority: 2, action: allow, protocol: any }',
      '{ priority: 2, action: allow, protocol: any, sourcePorts: 80 }',
    );
    const r = loadModelFromText('m.yaml', text);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.location.path, d.message])).toEqual([
      ['ports-not-applicable', 'networkAcls[0].outbound[3].sourcePorts', 'source ports apply only to tcp and udp rules, not to protocol any'],
    ]);
  });

  // Between two instances nothing rewrites the flow and each address is one: the source port is the only axis with many
  // values. The flow from every port a client picks is then exactly the flows from each port: reachable when each is,
  // refused when each is, partial when some are and some are not.
  const EDGES = [1024, 1100, 32767, 32768, 40000, 45000, 49151, 49152, 50001, 60999, 61000, 65535];
  // Random models whose ACLs each begin one direction with an allow of TCP from some source ports (random models alone
  // rarely hold one that decides a flow between two instances).
  const modelArb = fc
    .tuple(validModelArb, fc.constantFrom('32768-60999', '49152-65535', '1024-2047', '40000-65535'), fc.constantFrom('inbound', 'outbound'))
    .map(([doc, sourcePorts, direction]) => ({
      ...doc,
      networkAcls: ((doc.networkAcls ?? []) as Record<string, unknown>[]).map((a) => ({
        ...a,
        [direction]: [{ priority: 1, action: 'allow', protocol: 'tcp', sourcePorts }, ...((a[direction] ?? []) as unknown[])],
      })),
    }));
  test.prop([modelArb], runs(100))('random models: the flow from any picked source port is the union of the flows from each', (doc) => {
    const m = modelOf(loadModelFromText('m.json', JSON.stringify(doc)))!;
    const s = new Simulator(m);
    const ids = [...m.instances.keys()];
    for (const from of ids.slice(0, 3))
      for (const to of ids.slice(0, 4)) {
        if (from === to) continue;
        for (const port of [22, 80, 8080]) {
          const all = s.decide({ from, to, port });
          if (!all.ok) continue;
          const each = EDGES.map((srcPort) => s.decide({ from, to, port, srcPort })).map((d) => (d.ok ? d.value : null));
          const delivered = each.filter((d) => d!.verdict === 'reachable').length;
          if (all.value.verdict === 'reachable') expect(delivered, `${from} ${to} ${port}`).toBe(EDGES.length);
          else if (all.value.verdict === 'partial' && all.value.code.startsWith('ACL_')) {
            // Partial by source port (an ACL's), unless a provider range made it so: not between two instances.
            expect(delivered, `${from} ${to} ${port}`).toBeGreaterThan(0);
            expect(delivered, `${from} ${to} ${port}`).toBeLessThan(EDGES.length);
          } else if (all.value.verdict === 'unreachable') {
            // No port delivers; the answer names where one of them stops (the path goes on past a rule on source ports
            // with the ports it admits, to what stops those).
            expect(delivered, `${from} ${to} ${port}`).toBe(0);
            expect(
              each.map((d) => d!.code),
              `${from} ${to} ${port}`,
            ).toContain(all.value.code);
          }
        }
      }
  });

  test.prop([modelArb, fc.constantFrom(1000, 2000, 40000, 50000, 61000)], runs(100))(
    'random models: every source walked at once from one source port decides each flow as a trace from that port does',
    (doc, srcPort) => {
      const m = modelOf(loadModelFromText('m.json', JSON.stringify(doc)))!;
      const s = new Simulator(m);
      const sources = [...m.instances.values()];
      const walked = protoPortSet('tcp', [
        { lo: 22, hi: 22 },
        { lo: 80, hi: 80 },
        { lo: 8080, hi: 8080 },
      ]);
      for (const to of sources.slice(0, 3)) {
        const all = portClassesToOne(s, sources, to.id, walked, {}, { srcPort });
        if (!all.ok) throw new Error(all.error.message);
        for (const from of sources) {
          if (from === to) continue;
          for (const port of [22, 80, 8080]) {
            const c = all.value.get(from.id)!.find((k) => k.protocol === 'tcp' && k.ports.some((p) => p.lo <= port && port <= p.hi))!;
            const d = s.decide({ from: from.id, to: to.id, port, srcPort });
            expect(d.ok && [d.value.verdict, d.value.code, d.value.at], `${from.id} ${to.id} ${port} from ${srcPort}`).toEqual([c.verdict, c.code, c.at]);
          }
        }
      }
    },
  );

  it('policies, scenarios and the matcher take srcPort; a bad one is a located error', () => {
    const policy = (srcPort: number | undefined, expect: 'reachable' | 'unreachable' | 'partial') =>
      checkPolicy(S, {
        from: 'ecs-client',
        to: 'ep-acl-partial',
        ports: [{ lo: 7001, hi: 7001 }],
        protocol: 'tcp',
        expect,
        codes: null,
        ...(srcPort ? { srcPort } : {}),
      });
    expect([policy(undefined, 'partial'), policy(40000, 'reachable'), policy(61000, 'unreachable')].map((r) => r.ok && r.value.holds)).toEqual([
      true,
      true,
      true,
    ]);
    const failed = policy(61000, 'reachable');
    expect(failed.ok && failed.value.counterexample?.flow).toEqual({ from: 'ecs-client', to: 'ep-acl-partial', port: 7001, protocol: 'tcp', srcPort: 61000 });
    const icmp = checkPolicy(S, {
      from: 'ecs-client',
      to: 'ep-acl-partial',
      ports: [{ lo: 8, hi: 8 }],
      protocol: 'icmp',
      expect: 'reachable',
      codes: null,
      srcPort: 5,
    });
    expect(!icmp.ok && [icmp.error.code, icmp.error.field]).toEqual(['invalid-value', 'srcPort']);
  });
});
