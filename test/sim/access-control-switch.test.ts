import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { formatTerraformState, toTerraformState } from '../../src/generate/terraform-state.js';
import { loadModelFromText } from '../../src/load/index.js';
import { model, modelOf, run } from '../helpers/model.js';

// A shared listener whose whitelist lacks the VPCEP range; with its switch off (mode all, the list kept) it admits all.
const text = readFileSync('models/elb-whitelist-missing-range/model.yaml', 'utf8');
const off = text.replace('accessControl: { mode: whitelist, cidrs: [192.168.1.0/24] }', 'accessControl: { mode: all, cidrs: [192.168.1.0/24] }');

describe('a listener’s access control switch, apart from its list', () => {
  it('on: the whitelist is enforced', () => {
    const r = run(model(text), 'ecs-client', 'ep-web', 8080);
    expect([r.code, r.at]).toEqual(['ELB_ACCESS_CONTROL_DENIED', 'listener-80']);
  });

  it('off (mode all, the list kept): every source is admitted, and the listener’s hop says so', () => {
    expect(off).not.toBe(text);
    const r = run(model(off), 'ecs-client', 'ep-web', 8080);
    expect(r.code).toBe('DELIVERED');
    const hop = r.traces[0]!.hops.find((h) => h.node === 'listener-80')!;
    expect(hop.notes).toContain(
      'access control of listener listener-80 is switched off (mode all): its 1 CIDRs are not enforced, and every source is admitted',
    );
  });

  it('through a Terraform state: a shared listener’s whitelist with enable_whitelist = false, and a dedicated one’s IP group with ip_group_enable = false, come back switched off with their lists', () => {
    for (const [label, doc] of [
      ['shared', off],
      ['dedicated', off.replace('kind: shared', 'kind: dedicated')],
    ] as const) {
      const state = formatTerraformState(toTerraformState(parse(doc) as Record<string, unknown>).state);
      const m = modelOf(loadModelFromText('state.json', state))!;
      const l = [...m.listeners.values()][0]!;
      expect([l.accessControl.mode, l.accessControl.cidrs.length], label).toEqual(['all', 1]);
    }
  });
});
