import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { fc } from '@fast-check/vitest';
import { loadModelFromText } from '../../src/load/index.js';
import { applyTokens, tokenMutationArb, validModelArb } from '../fuzz/arbitraries.js';

/**
 * The loader's observable behaviour, frozen: for every input, the diagnostics and the model it builds must be
 * byte-identical to the fixture. Inputs: every bundled model and fixture, token mutations of the bundled models,
 * and seeded random valid models (stored in the fixture, so it does not depend on the arbitraries staying as
 * they are). Regenerate only on purpose: UPDATE_LOAD_SNAPSHOT=1 (`npm run snapshot:update`).
 */
const FIXTURE = 'test/snapshot/load.json.gz';

interface Case {
  readonly file: string;
  readonly text: string;
  readonly out: string;
}

/** The load result as text: diagnostics, and the model with its maps as entry lists. */
function outcome(file: string, text: string): string {
  const r = loadModelFromText(file, text);
  return JSON.stringify({ unreadable: r.unreadable, diagnostics: r.diagnostics, model: r.model ?? null }, (_k, v: unknown) =>
    v instanceof Map ? [...v.entries()] : v,
  );
}

function inputs(): { file: string; text: string }[] {
  const bundled = [
    ...readdirSync('models')
      .sort()
      .map((d) => `models/${d}/model.yaml`),
    ...readdirSync('test/fixtures', { withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => `test/fixtures/${f.name}`)
      .sort(),
  ].map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const models = bundled.filter((b) => b.file.startsWith('models/'));
  const mutated = fc
    .sample(fc.tuple(fc.nat(models.length - 1), tokenMutationArb), { seed: 20261129, numRuns: 700 })
    .map(([i, ms], k) => ({ file: `mutant-${k}.yaml`, text: applyTokens(models[i]!.text, ms) }));
  const random = fc.sample(validModelArb, { seed: 7, numRuns: 150 }).map((doc, k) => ({ file: `random-${k}.json`, text: JSON.stringify(doc) }));
  return [...bundled, ...mutated, ...random];
}

describe(`load snapshot (${FIXTURE})`, () => {
  if (process.env.UPDATE_LOAD_SNAPSHOT === '1') {
    const cases: Case[] = inputs().map(({ file, text }) => ({ file, text, out: outcome(file, text) }));
    writeFileSync(FIXTURE, gzipSync(JSON.stringify(cases) + '\n', { level: 9 }));
  }
  const cases = JSON.parse(gunzipSync(readFileSync(FIXTURE)).toString('utf8')) as Case[];

  it('covers valid and invalid inputs', () => {
    const valid = cases.filter((c) => (JSON.parse(c.out) as { model: unknown }).model !== null).length;
    expect(valid).toBeGreaterThan(150);
    expect(cases.length - valid).toBeGreaterThan(300);
  });

  it('every load outcome is byte-identical', () => {
    let mismatches = 0;
    let first = '';
    for (const c of cases) {
      const got = outcome(c.file, c.text);
      if (got !== c.out) {
        mismatches++;
        if (!first) first = `${c.file}\nexpected ${c.out.slice(0, 2000)}\nreceived ${got.slice(0, 2000)}`;
      }
    }
    expect(first, `${mismatches} of ${cases.length} cases differ; first:\n${first}`).toBe('');
  });
});
