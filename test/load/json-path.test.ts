import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { parseSource, type ParsedSource } from '../../src/load/source.js';
import { validateModel } from '../../src/load/validate-model.js';
import { capDiagnostics, sortDiagnostics } from '../../src/model/index.js';
import { runs, validModelArb } from '../fuzz/arbitraries.js';

/** Everything a load tells: diagnostics (code, location, message, hint) and the model. */
function outcome(source: ParsedSource): string {
  const v = source.data === undefined ? { model: undefined, diagnostics: [] } : validateModel(source);
  return JSON.stringify({ d: capDiagnostics(sortDiagnostics([...source.diagnostics, ...v.diagnostics])), m: v.model ?? null }, (_k, x: unknown) =>
    x instanceof Map ? [...x.entries()] : x,
  );
}

function bothPaths(file: string, text: string): { json: string; yaml: string } {
  return { json: outcome(parseSource(file, text)), yaml: outcome(parseSource(file, text, {}, { json: false, fast: false })) };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Replaces the value at a random place of the document with a hostile one (a wrong type, a bad address, nothing). */
const dataMutation = fc.record({
  pick: fc.nat(),
  value: fc.constantFrom<Json>(null, 0, -1, 70000, '', 'x', '10.0.0.0/33', '198.19.128.1', [], {}, [{}], { id: 'x' }, true, '__proto__'),
  remove: fc.boolean(),
});

function mutate(doc: Json, ms: { pick: number; value: Json; remove: boolean }[]): Json {
  for (const m of ms) {
    const holders: { parent: Json[] | { [k: string]: Json }; key: string | number }[] = [];
    const stack: Json[] = [doc];
    while (stack.length) {
      const x = stack.pop()!;
      const entries: [string | number, Json][] = Array.isArray(x) ? x.map((v, i) => [i, v]) : x && typeof x === 'object' ? Object.entries(x) : [];
      for (const [key, v] of entries) {
        holders.push({ parent: x as Json[] | { [k: string]: Json }, key });
        stack.push(v);
      }
    }
    if (!holders.length) continue;
    const h = holders[m.pick % holders.length]!;
    if (m.remove && !Array.isArray(h.parent)) delete h.parent[h.key as string];
    // A copy: fast-check hands out the same constant object every time, and inserting one object twice let a later
    // mutation put it inside itself — a cycle, and the next traversal ran until the heap was exhausted.
    else (h.parent as Record<string | number, Json>)[h.key] = structuredClone(m.value);
  }
  return doc;
}

describe('JSON read natively tells exactly what the YAML parser tells', () => {
  test.prop(
    [validModelArb, fc.array(dataMutation, { maxLength: 4 }), fc.constantFrom(0, 2, '\t'), fc.nat(), fc.constantFrom('none', 'duplicate', 'forbidden')],
    runs(300),
  )('random models, mutated, compact or indented, with duplicate and forbidden keys', (model, ms, indent, at, keyTrouble) => {
    let text = JSON.stringify(mutate(structuredClone(model) as Json, ms), null, indent);
    if (keyTrouble !== 'none') {
      // Insert a key right after a random opening brace.
      const braces = [...text.matchAll(/\{/g)].map((m) => m.index);
      const b = braces[at % braces.length]!;
      const after = text.slice(b + 1).trimStart();
      const first = /^"((?:[^"\\]|\\.)*)"/.exec(after)?.[1];
      const key = keyTrouble === 'forbidden' ? '__proto__' : (first ?? 'region');
      text = `${text.slice(0, b + 1)}"${key}": 1${after.startsWith('}') ? '' : ','}${text.slice(b + 1)}`;
    }
    const r = bothPaths('m.json', text);
    expect(r.json).toBe(r.yaml);
  });

  test.prop([fc.constantFrom(...readdirSync('models')), fc.array(dataMutation, { maxLength: 3 }), fc.constantFrom(0, 1, 2)], runs(200))(
    'bundled models turned into JSON, mutated',
    (dir, ms, indent) => {
      const doc = parseYaml(readFileSync(`models/${dir}/model.yaml`, 'utf8')) as Json;
      const text = JSON.stringify(mutate(doc, ms), null, indent);
      const r = bothPaths('m.yaml', text);
      expect(r.json).toBe(r.yaml);
    },
  );

  test('keys with escapes, unicode and numbers, top-level null, strings that look like keys', () => {
    const texts = [
      '{"region": "r", "vpcs": [{"id": "v\\u0031", "cidr": "10.0.0.0/16", "c\\"idr": 1}]}',
      '{"region": "r", "vpcs": [{"id": "v:1", "cidr": "10.0.0.0/16"}], "tags": {"a,b": "c:d", "1": 2}}',
      'null',
      '[1, 2]',
      '"a string"',
      '{"region": "r", "region": "s"}',
      '{"a": {"b": {"c": {"__proto__": {}}}}}',
      '{"vpcs": [{"id": "v", "cidr": "10.0.0.0/16", "subnets": [{"id": "s", "cidr": "10.1.0.0/24"}, {"id": "s", "cidr": "10.0.0.0/99"}]}]}',
      // Keys compared in place: escaped keys, a key that is a prefix of another, the key equal up to an escape.
      '{"vpcs": [{"i\\u0064": "v", "cidrs": 1, "ci\\u0064r": "10.0.0.0/99", "cidr\\u0073": 2}]}',
      '{"vpcs": [{"id": "v", "cid": 1, "cidr": "10.0.0.0/99"}]}',
      // A key repeated through an escape; forbidden keys written with escapes; nested objects' keys apart.
      '{"region": "r", "tags": {"a": "1", "\\u0061": "2"}, "vpcs": [{"id": "v", "tags": {"id": "x"}, "cidr": "10.0.0.0/16"}]}',
      '{"tags": {"\\u005f_proto__": 1, "c\\u006fnstructor": 2, "prototype": 3, "p": 4, "c": 5, "_": 6}}',
      // Objects past the in-text comparison (a Set from the seventeenth key): repeats before, at and after the switch.
      `{"tags": {${Array.from({ length: 40 }, (_, i) => `"k${i % 23}": "${i}"`).join(', ')}}}`,
      `{"tags": {${Array.from({ length: 17 }, (_, i) => `"k${i}": "${i}"`).join(', ')}, "k\\u0030": "x", "k16": "y"}}`,
    ];
    for (const t of texts) {
      const r = bothPaths('m.json', t);
      expect(r.json, t).toBe(r.yaml);
    }
  });
});
