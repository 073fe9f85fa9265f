import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { LINT_RULES, lint } from '../../src/lint/index.js';
import { loadHelp } from '../../src/cli/help.js';
import { model } from '../helpers/model.js';

const ids = LINT_RULES.map((r) => r.id);

describe('the lint registry, its tests and its docs are in step', () => {
  it('ids are unique kebab-case; each has a source file, a test file and a doc page with every section', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of LINT_RULES) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(existsSync(`src/lint/rules/${r.id}.ts`), r.id).toBe(true);
      expect(existsSync(`test/lint/rules/${r.id}.test.ts`), r.id).toBe(true);
      const doc = readFileSync(`docs/lint/${r.id}.md`, 'utf8');
      expect(doc).toContain(`# ${r.id}\n`);
      expect(doc).toContain(`**Default severity:** ${r.severity}`);
      for (const section of ['## What it finds', '## Why it matters', '## Wrong', '## Right', '## When it does not apply', '## Fix'])
        expect(doc, `${r.id} ${section}`).toContain(section);
      expect(r.description).not.toContain('\n');
      for (const [id, text] of Object.entries(r.messages)) expect(text, `${r.id}/${id}`).not.toContain('\n');
    }
  });

  it('no source, test or doc file without a registered rule; the index lists every rule with its severity', () => {
    expect(
      readdirSync('src/lint/rules')
        .map((f) => f.replace(/\.ts$/, ''))
        .sort(),
    ).toEqual([...ids].sort());
    expect(
      readdirSync('test/lint/rules')
        .map((f) => f.replace(/\.test\.ts$/, ''))
        .sort(),
    ).toEqual([...ids].sort());
    expect(
      readdirSync('docs/lint')
        .filter((f) => f !== 'README.md')
        .map((f) => f.replace(/\.md$/, ''))
        .sort(),
    ).toEqual([...ids].sort());
    const index = readFileSync('docs/lint/README.md', 'utf8');
    for (const r of LINT_RULES) expect(index).toContain(`| [\`${r.id}\`](${r.id}.md) | ${r.severity} |`);
  });

  it('SARIF help carries every rule, with its doc page and level', () => {
    const help = loadHelp().filter((h) => h.kind === 'lint');
    expect(help.map((h) => h.id).sort()).toEqual([...ids].sort());
    for (const h of help) {
      const rule = LINT_RULES.find((r) => r.id === h.id)!;
      expect(h.level).toBe(rule.severity === 'info' ? 'note' : rule.severity);
      expect(h.doc).toBe(`docs/lint/${h.id}.md`);
      expect(h.summary.length).toBeGreaterThan(20);
    }
  });

  it('settings turn a rule off or change its severity; a finding is deterministic', () => {
    const m = model(readFileSync('models/misconfigurations/model.yaml', 'utf8'), 'models/misconfigurations/model.yaml');
    const all = lint(m);
    expect(all.some((f) => f.ruleId === 'service-open-to-any-account' && f.severity === 'warning')).toBe(true);
    const changed = lint(m, { 'service-open-to-any-account': 'error', 'elb-single-healthy-member': 'off' });
    expect(changed.some((f) => f.ruleId === 'elb-single-healthy-member')).toBe(false);
    expect(changed.filter((f) => f.ruleId === 'service-open-to-any-account').every((f) => f.severity === 'error')).toBe(true);
    expect(JSON.stringify(lint(m))).toBe(JSON.stringify(all));
  });
});
