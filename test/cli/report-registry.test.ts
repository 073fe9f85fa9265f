import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_FORMATS } from '../../src/report/index.js';
import { cli } from '../helpers/cli.js';

const SEED = 'models/seed-elb/model.yaml';
const MIS = 'models/misconfigurations/model.yaml';
const tmpDir = () => mkdtempSync(join(tmpdir(), 'vpcreach-registry-'));

describe('every command reports through the reporter registry', () => {
  it.each([
    ['validate', 'validate'],
    ['lint', 'validate'],
    ['check', 'check'],
    ['trace', 'trace'],
    ['analyze', 'analyze'],
    ['diff', 'diff'],
    ['graph', 'graph'],
    ['import terraform', 'import'],
    ['import huaweicloud', 'import'],
  ] as const)('%s --help lists exactly the formats it writes, its default first', async (command, kind) => {
    const r = await cli([...command.split(' '), '--help']);
    expect(r.code).toBe(0);
    const [first, ...rest] = REPORT_FORMATS[kind];
    expect(r.out.replace(/\s+/g, ' ')).toContain(`--format <format> output format: ${first} (the default)${rest.length ? `, ${rest.join(', ')}` : ''};`);
    expect(r.out).toContain('-o, --output <file>');
  });

  it.each([
    [['trace', SEED, '--from', 'ecs-client', '--to', 'ep-web', '--port', '8080', '--format', 'junit'], 'junit', 'text, json'],
    [['analyze', SEED, '--format', 'sarif'], 'sarif', 'text, json'],
    [['diff', SEED, MIS, '--format', 'github'], 'github', 'text, json, markdown'],
    [['graph', SEED, '--format', 'text'], 'text', 'mermaid, dot, svg'],
    [['import', 'terraform', 'test/fixtures/terraform/elb-dedicated-plan.json', '--format', 'json'], 'json', 'yaml'],
    [['validate', SEED, '--format', 'yaml'], 'yaml', 'text, json, junit, sarif, github, markdown'],
  ])('a format the command cannot write is a usage error that names those it can: %j', async (argv, format, formats) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--format ${format} is not one of ${formats}`);
    expect(r.out).toBe('');
  });

  it('trace writes several formats in one run, each to its file, and keeps its exit status', async () => {
    const dir = tmpDir();
    const argv = ['trace', MIS, '--from', 'ecs-client', '--to', 'ep-whitelisted', '--port', '9443', '--all-blockers'];
    const text = await cli(argv);
    const json = await cli([...argv, '--format', 'json']);
    expect(text.code).toBe(1);
    const both = await cli([...argv, '--format', 'text', '--output', join(dir, 't.txt'), '--format', 'json', '--output', join(dir, 't.json')]);
    expect(both.code).toBe(1);
    expect(both.out).toBe('');
    expect(readFileSync(join(dir, 't.txt'), 'utf8')).toBe(text.out);
    expect(readFileSync(join(dir, 't.json'), 'utf8')).toBe(json.out);
    expect(JSON.parse(json.out).allBlockers).toBeDefined();
  });

  it('diff writes markdown to standard output and JSON (with the witnesses traced) to a file', async () => {
    const dir = tmpDir();
    const r = await cli(['diff', SEED, MIS, '--format', 'json', '--output', join(dir, 'd.json'), '--format', 'markdown', '--fail-on', 'any']);
    const md = await cli(['diff', SEED, MIS, '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.out).toBe(md.out);
    const d = JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8'));
    expect(d.changes.length).toBeGreaterThan(0);
    expect(d.changes[0]).toHaveProperty('traceBefore');
  });

  it('analyze writes to a file, never over its model', async () => {
    const dir = tmpDir();
    const out = join(dir, 'm.json');
    const r = await cli(['analyze', SEED, '--format', 'json', '-o', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('blocks');
    const model = join(dir, 'model.yaml');
    writeFileSync(model, readFileSync(SEED));
    const over = await cli(['analyze', model, '--format', 'json', '-o', model]);
    expect(over.code).toBe(2);
    expect(over.err).toContain('an input of this run');
    expect(readFileSync(model, 'utf8')).toBe(readFileSync(SEED, 'utf8'));
  });

  it('graph draws two formats in one run; an existing --output is replaced only with --force, and nothing is written when one is refused', async () => {
    const dir = tmpDir();
    const mmd = join(dir, 'a.mmd');
    const dot = join(dir, 'a.dot');
    const argv = ['graph', SEED, '--format', 'mermaid', '-o', mmd, '--format', 'dot', '-o', dot];
    const r = await cli(argv);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`wrote ${mmd}\nwrote ${dot}\n`);
    expect(readFileSync(mmd, 'utf8')).toBe((await cli(['graph', SEED])).out);
    expect(readFileSync(dot, 'utf8')).toBe((await cli(['graph', SEED, '--format', 'dot'])).out);
    writeFileSync(dot, 'mine');
    const again = await cli(argv);
    expect(again.code).toBe(2);
    expect(again.err).toContain(`${mmd} exists; nothing was written (add --force to replace it)`);
    expect(readFileSync(dot, 'utf8')).toBe('mine');
    expect((await cli([...argv, '--force'])).code).toBe(0);
    expect(readFileSync(dot, 'utf8')).not.toBe('mine');
  });

  it('graph says why a picture cannot be drawn, and writes no file', async () => {
    const dir = tmpDir();
    const r = await cli(['graph', SEED, '--max-nodes', '2', '-o', join(dir, 'a.mmd')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^vpcreach graph: the picture would have \d+ nodes, more than 2\n {2}hint: /);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('import takes --format yaml, and -o before or after it', async () => {
    const dir = tmpDir();
    const plan = 'test/fixtures/terraform/elb-dedicated-plan.json';
    const plain = await cli(['import', 'terraform', plan]);
    expect(plain.code).toBe(0);
    const out = join(dir, 'm.yaml');
    const r = await cli(['import', 'terraform', plan, '-o', out, '--format', 'yaml']);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`${plain.err}wrote ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe(plain.out);
    expect(existsSync(join(dir, `.m.yaml.${process.pid}.tmp`))).toBe(false);
  });
});
