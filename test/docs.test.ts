import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DISPOSITION_CODES } from '../src/sim/dispositions.js';

function sections(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^## ([A-Za-z_-]+)$/gm)].map((m) => m[1]!).filter((s) => /^[A-Z_]+$|^[a-z]+(-[a-z]+)+$/.test(s));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('docs stay in step with the code', () => {
  it('every disposition code has exactly one section in docs/dispositions.md, in the same order', () => {
    expect(sections('docs/dispositions.md')).toEqual(DISPOSITION_CODES);
  });

  it('every diagnostic code the loader, scenario runner and lint configuration can emit is documented, and nothing else', () => {
    const used = new Set<string>();
    for (const f of [...sourceFiles('src/load'), ...sourceFiles('src/verify'), ...sourceFiles('src/net'), 'src/lint/config.ts']) {
      const code = readFileSync(f, 'utf8')
        .split('\n')
        // Module names are not codes.
        .filter((l) => !l.startsWith('import ') && !l.includes('require('))
        .join('\n');
      for (const m of code.matchAll(/'([a-z]+(?:-[a-z]+)+)'/g)) used.add(m[1]!);
    }
    const documented = sections('docs/diagnostics.md');
    expect(new Set(documented).size).toBe(documented.length);
    expect([...used].sort()).toEqual([...documented].sort());
  });

  it('every model field in the schema appears in docs/model-format.md', async () => {
    const { modelSchema } = await import('../src/load/schema.js');
    const doc = readFileSync('docs/model-format.md', 'utf8');
    const fields = new Set<string>();
    const walk = (s: unknown): void => {
      const def = (s as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; innerType?: unknown; options?: unknown[] } }).def;
      if (!def) return;
      if (def.shape)
        for (const [k, v] of Object.entries(def.shape)) {
          fields.add(k);
          walk(v);
        }
      if (def.element) walk(def.element);
      if (def.innerType) walk(def.innerType);
      if (def.options) def.options.forEach(walk);
    };
    walk(modelSchema());
    expect(fields.size).toBeGreaterThan(40);
    for (const f of fields) expect(doc, `field ${f}`).toContain(`\`${f}\``);
  });

  it("the sections a model file is checked in are the schema's, in its order", async () => {
    const { SECTIONS, splitSchemas } = await import('../src/load/schema.js');
    expect(SECTIONS).toEqual(Object.keys(splitSchemas.strict.items));
    expect(SECTIONS).toEqual(Object.keys(splitSchemas.lenient.items));
  });
});
