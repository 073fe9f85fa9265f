import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { parse } from 'yaml';
import { directYaml, importedYaml, libraryYaml } from '../../src/load/terraform/write.js';
import type { TranslatedSource } from '../../src/load/terraform/index.js';
import type { DataPath } from '../../src/load/source.js';
import { runs } from '../fuzz/arbitraries.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Strings a model document may hold, the awkward ones for YAML among them. */
const text = fc.oneof(
  fc.constantFrom(
    'huaweicloud_vpc.main',
    'module.app["api"].huaweicloud_compute_instance.this[0]',
    '10.0.0.0/16',
    '198.19.128.1',
    '',
    ' ',
    'true',
    'False',
    'NULL',
    'yes',
    '~',
    '80',
    '0x1F',
    '1e3',
    '.inf',
    '-',
    '- a',
    'a: b',
    'a #b',
    '#c',
    '[x]',
    '{y}',
    'a, b',
    "it's",
    '"q"',
    'x\ny',
    'trailing ',
    '\ttab',
    'ünïcode',
    '!tag',
    '&anchor',
    '*alias',
    '%dir',
    '@at',
    '`tick',
    '|',
    '>',
    '?',
    ':',
    'a'.repeat(120),
  ),
  fc.string({ maxLength: 12 }),
  fc.stringMatching(/^[a-z_][a-z0-9_.\-/]{0,20}$/),
);
const scalar: fc.Arbitrary<Json> = fc.oneof(text, fc.integer({ min: -5, max: 70000 }), fc.boolean(), fc.constant(null), fc.double({ noNaN: true }));
const key = fc.oneof(fc.constantFrom('id', 'cidr', 'rules', 'ports', 'tags', 'source', 'subnets'), text);

/** Documents of the model's shapes: mappings of lists of entries, entries holding lists of values and of small entries. */
const doc: fc.Arbitrary<Json> = fc.letrec<{ value: Json; entry: Json; list: Json }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, fc.array(scalar, { maxLength: 3 }), tie('list'), fc.dictionary(key, scalar, { maxKeys: 3 })),
  entry: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  list: fc.array(fc.oneof(tie('entry'), fc.dictionary(key, scalar, { maxKeys: 3 }), scalar), { maxLength: 3 }),
})).entry;

/** A source whose items are named by an address unless it is the item's id (some items get none). */
function sourceOf(data: Json, seed: number): TranslatedSource {
  return {
    file: 'plan.json',
    data,
    diagnostics: [],
    locate: () => ({ file: 'plan.json', path: '', line: 0, column: 0 }),
    address: (path: DataPath) => ((path.length + seed) % 3 === 0 ? undefined : `huaweicloud_x.r${path.join('_')}${seed % 2 ? '["k"]' : ''}`),
  };
}

describe('the imported model file', () => {
  test.prop([doc, fc.nat()], runs(300))('is written exactly as the yaml library lays it out, and reads back as the document', (data, seed) => {
    const source = sourceOf(data, seed);
    const header = 'Imported by vpcreach from plan.json.\nIds are the Terraform addresses.';
    const written = importedYaml(source, header);
    expect(written).toBe(libraryYaml(source, header));
    expect(parse(written) as unknown).toEqual(data);
    // Only line breaks in small entries, lists of values or addresses are left to the library.
    if (!JSON.stringify(data).includes('\\n')) expect(directYaml(source, header)).toBe(written);
  });

  test.prop([fc.array(fc.array(fc.dictionary(key, scalar, { maxKeys: 2 }), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 })], runs(50))(
    'leaves lists of lists of entries (no shape of the model) to the library',
    (lists) => {
      const source = sourceOf({ vpcs: lists }, 1);
      expect(directYaml(source, 'h')).toBeUndefined();
      expect(importedYaml(source, 'h')).toBe(libraryYaml(source, 'h'));
    },
  );
});
