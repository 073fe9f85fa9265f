import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Model } from '../../src/model/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { FIXTURE, modelOf, readFixture, snapshotQueries, type SnapshotCase, type SnapshotFixture } from './cases.js';

/** Writes the fixture from the current engine: only with UPDATE_TRACE_SNAPSHOT=1 (`npm run snapshot:update`). */
function update(): void {
  const { models, queries } = snapshotQueries();
  const cache = new Map<string | number, Model>();
  const sims = new Map<string | number, Simulator>();
  const cases: SnapshotCase[] = queries.map(({ model, query }) => {
    let sim = sims.get(model);
    if (!sim) sims.set(model, (sim = new Simulator(modelOf({ models, cases: [] }, model, cache))));
    return { model, query, out: JSON.stringify(sim.trace(query)) };
  });
  const fixture: SnapshotFixture = { models, cases };
  writeFileSync(FIXTURE, gzipSync(JSON.stringify(fixture) + '\n', { level: 9 }));
}

// The engine's observable behaviour, frozen: every case's trace outcome must be byte-identical to the fixture.
// Regenerate only on purpose, when a behaviour change is intended, and review what changed.
describe(`trace snapshot (${FIXTURE})`, () => {
  if (process.env.UPDATE_TRACE_SNAPSHOT === '1') update();
  const fixture = readFixture();
  it('covers the bundled expectations, a grid on every bundled model and ≥ 2,000 random flows', () => {
    expect(fixture.cases.filter((c) => typeof c.model === 'number').length).toBeGreaterThanOrEqual(2000);
    expect(fixture.cases.length).toBeGreaterThan(4000);
  });
  it('every trace outcome is byte-identical', () => {
    const cache = new Map<string | number, Model>();
    const sims = new Map<string | number, Simulator>();
    let mismatches = 0;
    let first = '';
    for (const c of fixture.cases) {
      let sim = sims.get(c.model);
      if (!sim) sims.set(c.model, (sim = new Simulator(modelOf(fixture, c.model, cache))));
      const got = JSON.stringify(sim.trace(c.query));
      if (got !== c.out) {
        mismatches++;
        if (!first) first = `model ${c.model} ${JSON.stringify(c.query)}\nexpected ${c.out}\nreceived ${got}`;
      }
    }
    expect(first, `${mismatches} of ${fixture.cases.length} cases differ; first:\n${first}`).toBe('');
  });
});
