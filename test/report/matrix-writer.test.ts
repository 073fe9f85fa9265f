import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, loadModelFromText } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { reachabilityMatrix, type Matrix } from '../../src/symbolic/matrix.js';
import { formatMatrix } from '../../src/report/text.js';
import { writeMatrix } from '../../src/report/matrix-writer.js';
import { runs, validModelArb } from '../fuzz/arbitraries.js';
import { modelOf } from '../helpers/model.js';
import { cli } from '../helpers/cli.js';

/** The matrix JSON as one JSON.stringify of its shape: what the writer must equal byte for byte. */
const whole = (file: string, m: Matrix): string =>
  JSON.stringify(
    {
      model: file,
      blocks: m.blocks.map((b) => ({
        vpc: b.vpc,
        sources: b.sources,
        cells: b.cells.map((c) => ({ to: c.to, groups: c.groups.map((g) => ({ sources: g.ids, classes: g.classes })) })),
      })),
      unroutedPairs: m.unroutedPairs,
    },
    null,
    2,
  ) + '\n';

describe('the matrix written a cell at a time', () => {
  test.prop([validModelArb], runs(100))('random models: the JSON written in pieces is JSON.stringify of the whole, byte for byte', (doc) => {
    const r = reachabilityMatrix(new Simulator(modelOf(loadModelFromText('random.json', JSON.stringify(doc)))!));
    if (!r.ok) throw new Error(r.error.message);
    expect(writeMatrix('json', 'random.json', r.value)).toBe(whole('random.json', r.value));
  });

  it('no block at all (every pair unrouted), and blocks of one cell', () => {
    expect(writeMatrix('json', 'f.yaml', { blocks: [], unroutedPairs: 3 })).toBe(whole('f.yaml', { blocks: [], unroutedPairs: 3 }));
    expect(writeMatrix('text', 'f.yaml', { blocks: [], unroutedPairs: 3 })).toBe(
      'reachability matrix of f.yaml: 0 instances in 0 VPCs, every port of tcp and udp and every icmp type; what is delivered or partial is listed (--format json has every class)\n\n3 source-destination pairs in different VPCs: no route, not listed\n',
    );
  });

  it('analyze streams the matrix to files and standard output: the same bytes as the whole matrix rendered at once; a file it cannot write leaves nothing behind', async () => {
    const file = 'models/misconfigurations/model.yaml';
    const m = reachabilityMatrix(new Simulator(modelOf(loadModel(file))!));
    if (!m.ok) throw new Error(m.error.message);
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-matrix-'));
    const r = await cli(['analyze', file, '--format', 'json', '--output', join(dir, 'm.json'), '--format', 'text']);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toBe(formatMatrix(file, m.value));
    expect(readFileSync(join(dir, 'm.json'), 'utf8')).toBe(whole(file, m.value));
    // A path under a file is not writable: exit 2 with the reason, and no temporary file is left.
    writeFileSync(join(dir, 'plain'), 'x');
    const bad = await cli(['analyze', file, '--format', 'json', '--output', join(dir, 'plain', 'm.json')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/cannot write .*m\.json/);
    expect(readdirSync(dir).sort()).toEqual(['m.json', 'plain']);
    expect(existsSync(join(dir, 'plain', 'm.json'))).toBe(false);
  });
});
