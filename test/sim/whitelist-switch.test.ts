import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../src/load/index.js';
import { ecsSetup, model, run, shape } from '../helpers/model.js';

// The client 192.168.1.10 and a whitelist that does not hold it, with the switch in each position.
const endpoint = (extra: string) => `{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc, whitelist: [192.168.9.0/24]${extra} }`;

describe('an endpoint whitelist’s switch, apart from its list', () => {
  it('on (the default, or whitelistEnabled: true): the list is enforced', () => {
    for (const extra of ['', ', whitelistEnabled: true']) {
      const r = run(model(ecsSetup({ endpoint: endpoint(extra) })), 'client', 'ep', 80);
      expect([r.verdict, r.code, r.at], extra).toEqual(['unreachable', 'ENDPOINT_WHITELIST_DENIED', 'ep']);
    }
  });

  it('off: the entries are kept and not enforced, and the trace says the switch’s position', () => {
    const m = model(ecsSetup({ endpoint: endpoint(', whitelistEnabled: false') }));
    expect([m.endpoints.get('ep')!.whitelist, m.endpoints.get('ep')!.whitelistOff?.length]).toEqual([null, 1]);
    const r = run(m, 'client', 'ep', 80);
    expect(r.code).toBe('DELIVERED');
    expect(shape(r.traces[0]!.hops)[1]).not.toContain('endpoint-whitelist');
    expect(r.traces[0]!.hops[1]!.notes).toContain(
      'the whitelist of endpoint ep is switched off (whitelistEnabled: false): its 1 entries are not enforced, and every client is admitted',
    );
  });

  it('a switch that is not true or false is refused, located', () => {
    const r = loadModelFromText('m.yaml', ecsSetup({ endpoint: endpoint(', whitelistEnabled: maybe') }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['invalid-type']);
  });
});
