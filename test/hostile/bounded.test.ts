import { describe, expect, it } from 'vitest';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIG_INPUTS, PEAK_RSS_BOUND_MIB, runMeasured } from '../helpers/big-inputs.js';

/**
 * The memory bound of docs/reliability.md: any input the limits admit, up to 4 MB, valid or not, in at most 300 MB
 * peak resident memory. Each case is the worst shape found for its parser or report, at the largest size admitted.
 * Time is measured, not asserted (docs/reliability.md records it); `npm run fuzz` samples sizes and formats.
 */
const dir = mkdtempSync(join(tmpdir(), 'vpcreach-bounded-'));

const FORMATS: Record<string, string> = {
  'YAML keys in one mapping': 'text',
  'YAML empty resources': 'sarif',
  'JSON values': 'text',
  'JSON broken resources': 'sarif',
  'JSON unknown keys': 'json',
  'JSON duplicate keys': 'sarif',
  'JSON scenario, passing': 'json',
  'YAML scenario, failing': 'text',
};
const all = BIG_INPUTS.flatMap((b) =>
  b.name === 'JSON scenario, failing' ? ['sarif', 'junit', 'markdown', 'json', 'github'].map((format) => ({ b, format })) : [{ b, format: FORMATS[b.name]! }],
);
/** The normal run measures one case of each parser and of each report family; the fuzz campaign (npm run fuzz) measures every one. */
const NORMAL = new Set(['YAML keys in one mapping text', 'JSON duplicate keys sarif', 'JSON scenario, failing junit', 'YAML scenario, failing text']);
const cases = process.env.FUZZ_RUNS ? all : all.filter((c) => NORMAL.has(`${c.b.name} ${c.format}`));

describe(`any admitted input up to 4 MB stays under ${PEAK_RSS_BOUND_MIB} MB of peak memory`, () => {
  it.each(cases)('$b.name at its limit, $format', ({ b, format }) => {
    const file = join(dir, `${format}-${b.file}`);
    writeFileSync(file, b.text(b.limit));
    expect(statSync(file).size).toBeLessThanOrEqual(4 * 1024 * 1024);
    const r = runMeasured([b.command, file, '--format', format]);
    expect(r.err).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    expect(r.code).toBe(b.name === 'JSON scenario, passing' ? 0 : 1);
    expect(r.peakMiB).toBeLessThan(PEAK_RSS_BOUND_MIB);
  });
});
