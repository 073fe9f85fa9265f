import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadModelFromText } from '../../src/load/index.js';
import { check } from '../../src/verify/scenario.js';
import { ecsSetup } from '../helpers/model.js';

const codes = (text: string): string[] => loadModelFromText('m.yaml', text).diagnostics.map((d) => d.code);

describe('long lists never crash the loader (no recursion or argument spreading proportional to the input)', () => {
  it('a list of 200,000 items (the limit) under an unknown key: one error, not a stack overflow', () => {
    expect(codes(`{"region": "x", "x": [${Array(200_000).fill('1').join(',')}]}`)).toEqual(['unknown-field']);
    // The same in YAML, on the fast path and on the slower one (a tag makes it step aside) just under its limit.
    expect(codes(`region: x\nx: [${Array(199_990).fill('1').join(',')}]\n`)).toEqual(['unknown-field']);
    expect(codes(`region: !!str x\nx: [${Array(79_990).fill('1').join(',')}]\n`)).toEqual(['unknown-field']);
  });

  it('a plain YAML document over 80,000 values reads like the same data as JSON; with an anchor it is refused, saying where and why', () => {
    const items = Array(40_001).fill('  - null').join('\n');
    const json = loadModelFromText('m.yaml', JSON.stringify({ region: 'x', vpcs: Array(40_001).fill(null) })).diagnostics;
    const plain = loadModelFromText('m.yaml', `region: x\nvpcs:\n${items}\n`).diagnostics;
    expect(new Set(plain.map((d) => d.code))).toEqual(new Set(['invalid-type']));
    expect(plain.length).toBe(json.length);
    const anchored = loadModelFromText('m.yaml', `region: x\nvpcs: &all\n${items}\n`).diagnostics;
    expect(anchored.map((d) => [d.code, d.message, d.hint])).toEqual([
      [
        'too-many-values',
        'the YAML document holds about 80,004 values and has a tag, anchor or alias (line 2), which only the slower YAML reader reads, up to 80,000 values; it was not parsed',
        'write the values out instead of tags, anchors and aliases (plain YAML is read up to 2,000,000 values), write the model as JSON, or split it',
      ],
    ]);
  });

  it('200,001 resources in one top-level list: one too-many-items', () => {
    const r = loadModelFromText('m.json', JSON.stringify({ region: 'x', vpcs: Array(200_001).fill(null) }));
    expect(r.diagnostics.map((d) => [d.code, d.location.path])).toEqual([['too-many-items', 'vpcs']]);
  });
});

describe('every nested list has its limit, enforced before per-item work', () => {
  it('10,001 port mappings: one too-many-items, not 10,002 per-entry errors', () => {
    const mappings = Array.from({ length: 10_001 }, (_, i) => `{ servicePort: 8080, terminalPort: ${(i % 60000) + 1} }`).join(', ');
    const text = ecsSetup({ service: `{ id: svc, vpc: vpc-p, backend: { kind: ecs, instance: backend }, portMappings: [ ${mappings} ] }` });
    expect(codes(text)).toEqual(['too-many-items']);
  });

  it('10,001 listener access-control CIDRs: one too-many-items (it was valid)', () => {
    const cidrs = Array.from({ length: 10_001 }, (_, i) => `10.${Math.floor(i / 250)}.${i % 250}.0/24`).join(', ');
    const text = `region: r\nvpcs:\n  - { id: v, cidr: 10.0.0.0/8, subnets: [ { id: s, cidr: 10.0.0.0/24 } ] }\nloadBalancers:\n  - { id: lb, kind: shared, subnet: s, ip: 10.0.0.10, listeners: [ { id: l, protocol: tcp, port: 80, accessControl: { mode: whitelist, cidrs: [ ${cidrs} ] } } ] }\n`;
    const r = loadModelFromText('m.yaml', text);
    expect(r.diagnostics.map((d) => [d.code, d.location.path])).toEqual([['too-many-items', 'loadBalancers[0].listeners[0].accessControl.cidrs']]);
  });

  it('20,001 expectations in a scenario: one too-many-items', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vpcreach-long-')), 's.json');
    writeFileSync(file, JSON.stringify({ model: resolve('models/seed-elb/model.yaml'), expectations: Array(20_001).fill({}) }));
    const r = check([file]);
    expect(r.scenarios[0]!.diagnostics.map((d) => d.code)).toEqual(['too-many-items']);
  });
});

describe('a mistake repeated many times is reported a bounded number of times', () => {
  it('the first 1,000 of a code, then one "… and N more" that carries the count; totals stay true', async () => {
    const text = `region: r\nvpcs:\n${Array(1_500).fill('  - {}').join('\n')}\n`;
    const d = loadModelFromText('m.yaml', text).diagnostics;
    const missing = d.filter((x) => x.code === 'missing-field');
    expect(missing).toHaveLength(1_001);
    expect(missing.at(-1)).toMatchObject({ count: 2_000, message: '… and 2,000 more missing-field errors like the ones above' });
    const { formatValidation } = await import('../../src/report/text.js');
    expect(
      formatValidation([{ file: 'm.yaml', valid: false, diagnostics: d }])
        .trimEnd()
        .split('\n')
        .at(-1),
    ).toBe('3000 errors, 0 warnings');
  });
});
