import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';

/** A fresh directory holding a copy of a bundled model that lint --fix changes. */
function workspace(): { dir: string; file: string; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vpcreach-kept-'));
  const file = join(dir, 'model.yaml');
  const text = readFileSync('models/missing-vpcep-rule/model.yaml', 'utf8');
  writeFileSync(file, text);
  return { dir, file, text };
}

describe('--output never goes over what the user keeps, --force or not', () => {
  it('lint --fix --output <file>.bak: refused before anything is written; the original stays and no backup appears', async () => {
    const { dir, file, text } = workspace();
    for (const out of [`${file}.bak`, `${file}.bak.2`]) {
      const r = await cli(['lint', file, '--fix', '--output', out]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`refusing to write ${out}: it is where --fix keeps the original of ${file}`);
      expect(readFileSync(file, 'utf8')).toBe(text);
      expect(readdirSync(dir)).toEqual(['model.yaml']);
    }
  });

  it('lint --output naming the lint configuration (given, or found in the current directory) is refused', async () => {
    const { dir, file } = workspace();
    const config = join(dir, 'rules.yaml');
    writeFileSync(config, 'lint:\n  rules:\n    sg-unused: off\n');
    const given = await cli(['lint', file, '--config', config, '--output', config]);
    expect(given.code).toBe(2);
    expect(given.err).toContain(`refusing to write ${config}: it is the lint configuration`);
    expect(readFileSync(config, 'utf8')).toBe('lint:\n  rules:\n    sg-unused: off\n');
    const cwd = process.cwd();
    writeFileSync(join(dir, 'vpcreach.config.yaml'), 'lint: {}\n');
    try {
      process.chdir(dir);
      const found = await cli(['lint', 'model.yaml', '--output', 'vpcreach.config.yaml']);
      expect(found.code).toBe(2);
      expect(found.err).toContain('refusing to write vpcreach.config.yaml: it is the lint configuration');
      expect(readFileSync('vpcreach.config.yaml', 'utf8')).toBe('lint: {}\n');
    } finally {
      process.chdir(cwd);
    }
  });

  it('import terraform -o <its input> --force and import huaweicloud -o <a file of the dump> --force are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-kept-import-'));
    const state = join(dir, 's.json');
    cpSync('test/fixtures/terraform/vpcep-approval-state.json', state);
    const before = readFileSync(state, 'utf8');
    const tf = await cli(['import', 'terraform', state, '-o', state, '--force']);
    expect(tf.code).toBe(2);
    expect(tf.err).toContain('an input of this run');
    expect(readFileSync(state, 'utf8')).toBe(before);
    const dump = join(dir, 'dump');
    cpSync('test/fixtures/huaweicloud-api/dump', dump, { recursive: true });
    const inside = join(
      dump,
      readdirSync(dump).find((f) => f.endsWith('.json'))!,
    );
    const kept = readFileSync(inside, 'utf8');
    const hw = await cli(['import', 'huaweicloud', dump, '-o', inside, '--force']);
    expect(hw.code).toBe(2);
    expect(readFileSync(inside, 'utf8')).toBe(kept);
    // Beside the dump is fine.
    expect((await cli(['import', 'huaweicloud', dump, '-o', join(dir, 'model.yaml')])).code).toBe(0);
  });

  it('an --output that is a FIFO is written to, not replaced by a regular file', async () => {
    const { dir, file } = workspace();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const copy = join(dir, 'copy.txt');
    const reader = spawn('sh', ['-c', `cat "${fifo}" > "${copy}"`]);
    const done = new Promise((resolve) => reader.on('exit', resolve));
    const r = await cli(['lint', file, '--format', 'json', '--output', fifo]);
    await done;
    expect(r.code).toBe(1);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(readFileSync(copy, 'utf8')).files[0].diagnostics.length).toBeGreaterThan(0);
  });

  it('lint --fix on a symbolic link fixes its target and leaves the link a link', async () => {
    const { dir, file, text } = workspace();
    const link = join(dir, 'link.yaml');
    symlinkSync(file, link);
    const r = await cli(['lint', link, '--fix']);
    expect(r.err).toContain(`wrote ${link} (its target ${file})`);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toBe(text);
    expect(readFileSync(file, 'utf8')).toContain('198.19.128.0/17');
    expect(readFileSync(`${link}.bak`, 'utf8')).toBe(text);
  });
});

describe('lint --fix-dry-run reports like lint', () => {
  it('prints the diff, then the remaining findings; writes --format/--output reports; says why on bad inputs', async () => {
    const { dir, file, text } = workspace();
    const r = await cli(['lint', file, '--fix-dry-run']);
    expect(r.out).toMatch(/^Index: /);
    expect(r.out).toMatch(/model.yaml: (\d+ errors?, \d+ warnings?|no findings)\n$/);
    expect(readFileSync(file, 'utf8')).toBe(text);
    const json = join(dir, 'report.json');
    const withReport = await cli(['lint', file, '--fix-dry-run', '--format', 'json', '--output', json]);
    expect(withReport.out).toMatch(/^Index: /);
    expect(JSON.parse(readFileSync(json, 'utf8')).files).toHaveLength(1);
    const mixed = await cli(['lint', file, '--fix-dry-run', '--format', 'json']);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain('--fix-dry-run prints its diff on standard output');
    const empty = mkdtempSync(join(tmpdir(), 'vpcreach-kept-empty-'));
    for (const bad of [join(dir, 'missing.yaml'), empty]) {
      const b = await cli(['lint', bad, '--fix-dry-run']);
      expect(b.code, bad).toBe(2);
      expect(b.out + b.err, bad).not.toBe('');
    }
    const invalid = join(dir, 'invalid.yaml');
    writeFileSync(invalid, 'vpcs: [ { id: 1 } ]\n');
    const i = await cli(['lint', invalid, '--fix-dry-run']);
    expect(i.code).toBe(1);
    expect(i.out).toContain('invalid.yaml:1:');
    expect(existsSync(`${file}.bak`)).toBe(false);
  });
});
