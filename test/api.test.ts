import { describe, expect, it } from 'vitest';
import * as api from 'vpcreach';

describe('the public library API (as a user imports it)', () => {
  it('loadModel, validate, trace, check return plain results and never print or exit', () => {
    const writes: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = (s: string) => (writes.push(s), true);
    try {
      const loaded = api.loadModel('models/seed-elb/model.yaml');
      expect(loaded.diagnostics).toEqual([]);
      if (!loaded.ok) throw new Error('the seed model did not load');
      const model = loaded.value;
      const out = api.trace(model, { from: 'ecs-client', to: 'ep-web', port: 8080 });
      expect(out.ok && out.value.verdict).toBe('reachable');
      const bad = api.trace(model, { from: 'ghost', to: 'ep-web', port: 8080 });
      expect(bad).toMatchObject({ ok: false, error: { code: 'not-found', field: 'from' } });
      const v = api.validate('test/fixtures/ten-mistakes.yaml');
      expect(v).toMatchObject({ ok: false, error: 'invalid', file: 'test/fixtures/ten-mistakes.yaml' });
      expect(v.diagnostics).toHaveLength(13);
      const c = api.check(['scenarios/seed-elb.yaml']);
      expect([c.passed, c.failed, c.errors]).toEqual([4, 0, 0]);
      const first = c.scenarios[0]!.expectations[0]!;
      expect(first.status === 'pass' && first.result).toEqual({ verdict: 'reachable', code: 'DELIVERED', at: 'elb-1' });
      expect(first.status !== 'error' && api.isTraced(first.result)).toBe(false);
      const sarif = JSON.parse(api.render({ kind: 'check', result: c }, 'sarif', { help: api.loadHelp(), toolVersion: '0' }));
      expect(sarif.version).toBe('2.1.0');
      expect(api.DISPOSITION_CODES).toContain('SG_INGRESS_PARTIAL');
    } finally {
      process.stdout.write = orig;
    }
    expect(writes).toEqual([]);
  });

  it('pictures and the report page: drawPicture, htmlReport over reportSteps', async () => {
    const loaded = api.loadModel('models/seed-elb/model.yaml');
    if (!loaded.ok) throw new Error('the seed model did not load');
    const t = api.trace(loaded.value, { from: 'ecs-client', to: 'ep-web', port: 80 });
    const pic = await api.drawPicture(loaded.value, { format: 'mermaid', trace: t.ok ? t.value : undefined });
    expect(pic.ok && pic.value.text).toContain('✗ NO_PORT_MAPPING');
    const none = await api.drawPicture(loaded.value, { format: 'mermaid', focus: ['nothing'] });
    expect(none).toMatchObject({ ok: false, error: { message: '--focus nothing: there is no such resource or account in the model' } });
    const steps = api.reportSteps(['scenarios/seed-elb.yaml']);
    let s = steps.next();
    while (!s.done) s = steps.next();
    const html = await api.htmlReport(s.value, { version: 'test' });
    expect(html).toContain('<span class="n" data-count="passed">4</span>');
  });
});

describe('plain JavaScript callers (no types): bad input comes back as an error value, never "Cannot read properties"', () => {
  const loaded = api.loadModel('models/seed-elb/model.yaml');
  if (!loaded.ok) throw new Error('the seed model did not load');
  const model = loaded.value;
  const sim = new api.Simulator(model);
  // Written as a plain JavaScript caller would: no types to catch the mistakes.
  const untyped = (q: unknown) => q as api.TraceQuery;

  it('every malformed query is { ok: false, error } naming the field, from trace, sim.trace, sim.decide and allBlockers', () => {
    const cases: [unknown, string, string, string?][] = [
      [{ form: 'ecs-client', to: 'ep-web', port: 8080 }, 'query', 'unknown field "form"', 'did you mean from?'],
      [{ from: 'ecs-client', to: 'ep-web', port: '443' }, 'port', 'port must be a number; got the string "443"', 'write port: 443'],
      [{ from: 'ecs-client', to: 'ep-web' }, 'port', 'port must be a number; got undefined', 'ports are whole numbers from 1 to 65535'],
      [{ to: 'ep-web', port: 80 }, 'from', 'from must be an instance id, internet or a public address (a string); got undefined'],
      [{ from: 'ecs-client', to: 5, port: 80 }, 'to', 'to must be an endpoint, instance or load balancer id, or an IPv4 address (a string); got number 5'],
      [{ from: 'ecs-client', to: 'ep-web', port: 80, protocol: 'TCP' }, 'protocol', 'protocol must be "tcp", "udp" or "icmp"; got the string "TCP"'],
      [
        { from: 'ecs-client', to: 'ep-web', port: 80, srcPort: '40000' },
        'srcPort',
        'srcPort must be a number; got the string "40000"',
        'source ports are whole numbers from 1 to 65535',
      ],
      [undefined, 'query', 'a query is an object { from, to, port, protocol?, srcPort?, icmpCode? }; got undefined'],
      ['ecs-client', 'query', 'a query is an object { from, to, port, protocol?, srcPort?, icmpCode? }; got the string "ecs-client"'],
    ];
    for (const [q, field, message, hint] of cases) {
      for (const out of [api.trace(model, untyped(q)), sim.trace(untyped(q)), sim.decide(untyped(q)), sim.allBlockers(untyped(q))]) {
        expect(out, JSON.stringify(q)).toEqual({ ok: false, error: { code: 'malformed', field, message, ...(hint ? { hint } : {}) } });
      }
    }
  });

  it('a policy with a misspelt expectation or field is refused, not run', () => {
    const base = { from: 'vpc-1', to: 'ep-web', ports: [{ lo: 80, hi: 80 }], protocol: 'tcp', expect: 'unreachable', codes: null };
    expect(api.checkPolicy(sim, { ...base, expect: 'unreachble' } as unknown as api.PolicyQuery)).toEqual({
      ok: false,
      error: {
        code: 'malformed',
        field: 'query',
        message: 'expect must be one of reachable, unreachable, partial, some; got the string "unreachble"',
        hint: 'did you mean unreachable?',
      },
    });
    expect(api.checkPolicy(sim, { ...base, port: 80 } as unknown as api.PolicyQuery)).toMatchObject({ ok: false, error: { message: 'unknown field "port"' } });
    expect(api.checkPolicy(sim, base as api.PolicyQuery).ok).toBe(true);
  });

  it('a load result or model data instead of a model is a thrown TypeError that says what to pass', () => {
    const loaded = api.loadModel('models/seed-elb/model.yaml');
    expect(() => new api.Simulator(loaded as unknown as api.Model)).toThrow(
      'Simulator: expected a loaded model (the value of loadModel(file) when it is ok); got a load result: use its .value when .ok is true',
    );
    expect(() => api.trace(undefined as unknown as api.Model, { from: 'a', to: 'b', port: 1 })).toThrow(/^Simulator: expected a loaded model .*got undefined$/);
  });
});

describe('one result shape: everything that can fail on what a user gave it is { ok: true, value } or { ok: false, error }', () => {
  const loaded = api.loadModel('models/seed-elb/model.yaml');
  if (!loaded.ok) throw new Error('the seed model did not load');
  const sim = new api.Simulator(loaded.value);
  const shape = (r: { ok: boolean }) =>
    Object.keys(r)
      .filter((k) => k === 'ok' || k === 'value' || k === 'error')
      .sort();

  it('loading says why there is no model: unreadable or invalid, with the diagnostics either way', () => {
    expect(api.loadModel('no/such/file.yaml')).toMatchObject({ ok: false, error: 'unreadable', file: 'no/such/file.yaml' });
    expect(api.loadModelFromText('m.yaml', 'vpcs: [')).toMatchObject({ ok: false, error: 'invalid' });
    const invalid = api.loadModelFromText('m.yaml', 'region: r\nvpcs: [{ id: v, account: a, cidr: 10.0.0.0/33 }]\n');
    expect(invalid).toMatchObject({ ok: false, error: 'invalid' });
    expect(invalid.diagnostics.length).toBeGreaterThan(0);
    expect(shape(loaded)).toEqual(['ok', 'value']);
  });

  it('each query error has a code a caller can branch on', () => {
    const q = (from: string, to: string, port: number) => sim.trace({ from, to, port });
    expect(q('ghost', 'ep-web', 80)).toMatchObject({ ok: false, error: { code: 'not-found', field: 'from' } });
    expect(q('ep-web', 'ep-web', 80)).toMatchObject({ ok: false, error: { code: 'wrong-kind', field: 'from' } });
    expect(q('ecs-client', 'ep-web', 70000)).toMatchObject({ ok: false, error: { code: 'invalid-value', field: 'port' } });
    expect(q('ecs-client', 'nowhere', 80)).toMatchObject({ ok: false, error: { code: 'not-found', field: 'to' } });
    const policy = { to: 'ep-web', ports: [{ lo: 80, hi: 80 }], protocol: 'tcp', expect: 'unreachable', codes: null } as const;
    expect(api.checkPolicy(sim, { ...policy, from: 'ghost' })).toMatchObject({ ok: false, error: { code: 'not-found', field: 'from' } });
    expect(api.policyDestinations(loaded.value, '10.0.0.0/40')).toMatchObject({ ok: false, error: { code: 'invalid-value', field: 'to' } });
  });

  it('answers, pictures and incremental steps share the shape', async () => {
    const answers = [
      sim.trace({ from: 'ecs-client', to: 'ep-web', port: 8080 }),
      sim.decide({ from: 'ecs-client', to: 'ep-web', port: 8080 }),
      sim.allBlockers({ from: 'ecs-client', to: 'ep-web', port: 8080 }),
      api.portClasses(sim, 'ecs-client', 'ep-web'),
      api.reachersOf(sim, 'ep-web'),
      api.reachedBy(sim, 'ecs-client'),
      api.reachabilityMatrix(sim),
      api.checkPolicy(sim, { from: 'ecs-client', to: 'ep-web', ports: [{ lo: 80, hi: 80 }], protocol: 'tcp', expect: 'some', codes: null }),
      await api.drawPicture(loaded.value, { format: 'dot' }),
    ];
    for (const a of answers) expect(shape(a)).toEqual(['ok', 'value']);
    const start = api.incremental({ region: 'r', vpcs: 'none' });
    expect(start).toMatchObject({ ok: false, error: { message: 'the data is not a valid model' } });
    expect(shape(start)).toEqual(['error', 'ok']);
  });
});

describe('a Terraform plan through the library', () => {
  it('loadPlanSides gives its two networks for diffModels; null for what is not a plan', () => {
    const sides = api.loadPlanSides('test/fixtures/terraform/peering-plan.json')!;
    expect([sides.before.ok, sides.after.ok]).toEqual([true, true]);
    if (!sides.before.ok || !sides.after.ok) throw new Error('the plan did not load');
    expect([sides.before.value.instances.size, sides.after.value.instances.size]).toEqual([0, 2]);
    const d = api.diffModels(new api.Simulator(sides.before.value), new api.Simulator(sides.after.value));
    expect([d.gainedFlows > 0, d.lostFlows]).toEqual([true, 0]);
    expect(api.loadPlanSides('test/fixtures/terraform/vpcep-approval-state.json')).toBeNull();
    expect(api.loadPlanSides('models/seed-elb/model.yaml')).toBeNull();
  });
});
