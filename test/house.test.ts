import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every TypeScript file under a directory. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the house', () => {
  it('no file in src/ is over 400 lines: a module that grows past it is split by concern or by kind', () => {
    const long = sources('src')
      .map((f) => [f, readFileSync(f, 'utf8').split('\n').length - 1] as const)
      .filter(([, n]) => n > 400);
    expect(long).toEqual([]);
  });
});

describe('the command-line program', () => {
  it('turns outcomes into exit codes in one place: commands return an outcome through ctx.action and never name an exit code', () => {
    const commands = sources('src/cli/commands');
    expect(commands.length).toBeGreaterThan(9);
    for (const f of commands) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/\bEXIT\b|ctx\.code|process\.exit/);
      const actions = text.match(/\.action\(\s*(\S+)/g) ?? [];
      expect(actions.length, f).toBeGreaterThan(0);
      for (const a of actions) expect(a, f).toMatch(/\.action\(\s*ctx\.action\(/);
    }
    const users = sources('src').filter((f) => /\bEXIT\[|\bEXIT\.(ok|finding|usage)\b/.test(readFileSync(f, 'utf8')));
    expect(users).toEqual(['src/cli/run.ts']);
  });
});

describe('front ends', () => {
  it("the engine and lint say a fix in a configuration's terms only through the model's configuration: no provider resource or attribute is named in src/sim or src/lint", () => {
    const named = [...sources('src/sim'), ...sources('src/lint')].filter((f) => /huaweicloud_|cross_vpc_backend|fromTerraform/.test(readFileSync(f, 'utf8')));
    expect(named).toEqual([]);
    expect(readFileSync('src/load/terraform/words.ts', 'utf8')).toContain('huaweicloud_vpcep_approval');
  });
});
