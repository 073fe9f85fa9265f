import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { loadModelFromText } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { runs } from '../fuzz/arbitraries.js';
import { modelOf } from '../helpers/model.js';

const FILES = readdirSync('models').map((d) => `models/${d}/model.yaml`);
const TEXTS = FILES.map((f) => readFileSync(f, 'utf8'));

function assertHandled(text: string): void {
  const lines = text.split('\n').length;
  const r = loadModelFromText('fuzz.yaml', text);
  for (const d of r.diagnostics) {
    expect(d.location.line).toBeGreaterThanOrEqual(1);
    expect(d.location.line).toBeLessThanOrEqual(lines + 1);
    expect(d.location.column).toBeGreaterThanOrEqual(1);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.location.file).toBe('fuzz.yaml');
  }
  if (modelOf(r) === undefined) expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  else {
    expect(r.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    // A valid mutant can be simulated without throwing.
    const sim = new Simulator(modelOf(r)!);
    const from = [...modelOf(r)!.instances.keys()][0];
    const to = [...modelOf(r)!.endpoints.keys()][0];
    if (from && to) expect(() => sim.trace({ from, to, port: 80 })).not.toThrow();
  }
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom(':', '- ', '{', '}', '[', ']', '"', '\n', '  ', '&a', '*a', '!!int', '#', '198.19.128.0/17', '-1', '99999', 'null', '~'),
    ),
  }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({
    kind: fc.constant('replaceToken' as const),
    at: fc.nat(),
    text: fc.constantFrom('0', 'true', 'x', '[]', '{}', '"', '10.0.0.0/8', 'sg-nope', 'deny', 'udp', '300'),
  }),
);

function mutate(text: string, ms: fc.Arbitrary<unknown> extends never ? never : Array<typeof mutation extends fc.Arbitrary<infer M> ? M : never>): string {
  let t = text;
  for (const m of ms) {
    if (m.kind === 'delete') {
      const at = m.at % (t.length + 1);
      t = t.slice(0, at) + t.slice(at + m.len);
    } else if (m.kind === 'insert') {
      const at = m.at % (t.length + 1);
      t = t.slice(0, at) + m.text + t.slice(at);
    } else if (m.kind === 'swapLines') {
      const lines = t.split('\n');
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      t = lines.join('\n');
    } else {
      const tokens = t.split(/(\s+|,|:)/);
      const at = m.at % tokens.length;
      tokens[at] = m.text;
      t = tokens.join('');
    }
  }
  return t;
}

describe('the loader never crashes', () => {
  test.prop([fc.nat({ max: TEXTS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 })], runs(600))(
    'mutated bundled models give diagnostics, never exceptions',
    (i, ms) => {
      assertHandled(mutate(TEXTS[i]!, ms));
    },
  );

  test.prop([fc.string({ maxLength: 300 })], runs(500))('random text', (text) => {
    assertHandled(text);
  });

  test.prop([fc.jsonValue({ maxDepth: 5 })], runs(500))('random JSON documents', (value) => {
    assertHandled(JSON.stringify(value));
  });

  test.prop(
    [
      fc.dictionary(
        fc.constantFrom(
          'region',
          'vpcs',
          'securityGroups',
          'networkAcls',
          'instances',
          'loadBalancers',
          'endpointServices',
          'endpoints',
          '__proto__',
          'constructor',
        ),
        fc.jsonValue({ maxDepth: 4 }),
      ),
    ],
    runs(500),
  )('random values under the real top-level keys', (doc) => {
    assertHandled(JSON.stringify(doc));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
