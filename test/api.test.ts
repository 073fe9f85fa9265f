import { describe, expect, it } from 'vitest';
import * as api from 'vpcreach';

describe('the public library API (as a user imports it)', () => {
  it('loadModel, validate, trace, check return plain results and never print or exit', () => {
    const writes: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = (s: string) => (writes.push(s), true);
    try {
      const { model, diagnostics } = api.loadModel('models/seed-elb/model.yaml');
      expect(diagnostics).toEqual([]);
      const out = api.trace(model!, { from: 'ecs-client', to: 'ep-web', port: 8080 });
      expect(out.ok && out.result.verdict).toBe('reachable');
      const bad = api.trace(model!, { from: 'ghost', to: 'ep-web', port: 8080 });
      expect(bad).toMatchObject({ ok: false, error: { field: 'from' } });
      const v = api.validate('test/fixtures/ten-mistakes.yaml');
      expect(v.valid).toBe(false);
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
    const { model } = api.loadModel('models/seed-elb/model.yaml');
    const t = api.trace(model!, { from: 'ecs-client', to: 'ep-web', port: 80 });
    const pic = await api.drawPicture(model!, { format: 'mermaid', trace: t.ok ? t.result : undefined });
    expect(pic.ok && pic.text).toContain('✗ NO_PORT_MAPPING');
    const steps = api.reportSteps(['scenarios/seed-elb.yaml']);
    let s = steps.next();
    while (!s.done) s = steps.next();
    const html = await api.htmlReport(s.value, { version: 'test' });
    expect(html).toContain('<span class="n" data-count="passed">4</span>');
  });
});

describe('plain JavaScript callers (no types): bad input comes back as an error value, never "Cannot read properties"', () => {
  const { model } = api.loadModel('models/seed-elb/model.yaml');
  const sim = new api.Simulator(model!);
  // Written as a plain JavaScript caller would: no types to catch the mistakes.
  const untyped = (q: unknown) => q as api.TraceQuery;

  it('every malformed query is { ok: false, error } naming the field, from trace, sim.trace, sim.decide and allBlockers', () => {
    const cases: [unknown, string, string, string?][] = [
      [{ form: 'ecs-client', to: 'ep-web', port: 8080 }, 'query', 'unknown field "form"', 'did you mean from?'],
      [{ from: 'ecs-client', to: 'ep-web', port: '443' }, 'port', 'port must be a number; got the string "443"', 'write port: 443'],
      [{ from: 'ecs-client', to: 'ep-web' }, 'port', 'port must be a number; got undefined', 'ports are whole numbers from 1 to 65535'],
      [{ to: 'ep-web', port: 80 }, 'from', 'from must be an instance id (a string); got undefined'],
      [{ from: 'ecs-client', to: 5, port: 80 }, 'to', 'to must be an endpoint, instance or load balancer id, or an IPv4 address (a string); got number 5'],
      [{ from: 'ecs-client', to: 'ep-web', port: 80, protocol: 'TCP' }, 'protocol', 'protocol must be "tcp" or "udp"; got the string "TCP"'],
      [undefined, 'query', 'a query is an object { from, to, port, protocol? }; got undefined'],
      ['ecs-client', 'query', 'a query is an object { from, to, port, protocol? }; got the string "ecs-client"'],
    ];
    for (const [q, field, message, hint] of cases) {
      for (const out of [api.trace(model!, untyped(q)), sim.trace(untyped(q)), sim.decide(untyped(q)), sim.allBlockers(untyped(q))]) {
        expect(out, JSON.stringify(q)).toEqual({ ok: false, error: { field, message, ...(hint ? { hint } : {}) } });
      }
    }
  });

  it('a policy with a misspelt expectation or field is refused, not run', () => {
    const base = { from: 'vpc-1', to: 'ep-web', ports: [{ lo: 80, hi: 80 }], protocol: 'tcp', expect: 'unreachable', codes: null };
    expect(api.checkPolicy(sim, { ...base, expect: 'unreachble' } as unknown as api.PolicyQuery)).toEqual({
      ok: false,
      error: {
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
      'Simulator: expected a loaded model (loadModel(file).model, undefined when the file is invalid); got a load result: use its .model',
    );
    expect(() => api.trace(undefined as unknown as api.Model, { from: 'a', to: 'b', port: 1 })).toThrow(/^Simulator: expected a loaded model .*got undefined$/);
  });
});
