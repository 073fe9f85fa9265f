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
