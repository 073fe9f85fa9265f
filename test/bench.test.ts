import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('benchmark (smoke size: proves it runs; timings are not asserted)', () => {
  it('prints a table and writes JSON rows for every model and bundled expectation', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vpcreach-bench-')), 'bench.json');
    const r = spawnSync(process.execPath, ['test/bench/run.mjs', '--smoke', '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('median µs');
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j.smoke).toBe(true);
    expect(j.rows.filter((x: { op: string }) => x.op.startsWith('load ')).length).toBe(readdirSync('models').length);
    expect(j.rows.filter((x: { op: string }) => x.op.startsWith('trace ')).length).toBeGreaterThanOrEqual(30);
    for (const row of j.rows) expect(row.medianUs).toBeGreaterThan(0);
    expect(j.sizes.map((z: { size: string; instances: number }) => [z.size, z.instances])).toEqual([['s', 200]]);
    expect(j.sizes[0].loadValidateS).toBeGreaterThan(0);
    // The growth of one long line of flow collections, doubled: reported, not asserted (timings never are).
    expect(j.rows.filter((x: { growth?: number }) => x.growth !== undefined)).toHaveLength(1);
    expect(r.stdout).toMatch(/flowYamlGrowth: \{"doubledInput":[\d.]+\}/);
    // Start-up of the built binary beside node -e 0: reported, not asserted.
    expect(j.startup.map((x: { command: string }) => x.command)).toEqual([
      'node -e 0',
      'vpcreach --version',
      'vpcreach trace (seed model)',
      'vpcreach graph --format svg (seed model)',
    ]);
    for (const x of j.startup) expect(x.medianS).toBeGreaterThan(0);
  });
});
