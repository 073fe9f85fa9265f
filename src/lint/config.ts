/**
 * Lint configuration: `vpcreach.config.yaml` (or `.yml`, `.json`) sets rules' severities; inline comments in a
 * model file suppress one finding, with a reason. Both are read here; finding the file on disk is the CLI's job.
 */
import * as z from 'zod';
import { readSource, type InputLimits } from '../load/index.js';
import { safeParse, zodDiagnostics } from '../load/zod-diagnostics.js';
import type { Diagnostic, SourceLocation } from '../model/index.js';
import { LINT_RULES } from './registry.js';
import type { LintFinding } from './types.js';

/** The file names looked for in the current directory, in this order. */
export const CONFIG_FILES = ['vpcreach.config.yaml', 'vpcreach.config.yml', 'vpcreach.config.json'] as const;

const setting = z.enum(['off', 'info', 'warning', 'error']).describe('off, or the severity the rule reports with');

/** The configuration file's schema (JSON Schema: schemas/config.schema.json). */
const configSchema = z
  .object({
    $schema: z.string().optional().describe('the JSON Schema this file follows (for editors)'),
    lint: z
      .object({
        rules: z
          .object(Object.fromEntries(LINT_RULES.map((r) => [r.id, setting.optional().describe(`${r.description} (default ${r.severity})`)])))
          .strict()
          .optional()
          .describe('severity of each rule (docs/lint/README.md); rules not named keep their default'),
      })
      .strict()
      .optional(),
  })
  .strict();

export type RuleSettings = Readonly<Record<string, 'off' | 'info' | 'warning' | 'error'>>;

/** JSON Schema of configuration files, generated from the zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(configSchema, { target: 'draft-7', io: 'input' });
  return { $schema, title: 'vpcreach configuration', description: 'Settings for vpcreach lint. See docs/lint/README.md.', ...rest };
}

/** Reads a configuration file: the rule settings, or located diagnostics. */
export function readConfig(file: string, limits: Partial<InputLimits> = {}): { settings: RuleSettings; diagnostics: readonly Diagnostic[] } {
  const source = readSource(file, limits);
  if (source.data === undefined) return { settings: {}, diagnostics: source.diagnostics };
  const parsed = safeParse(configSchema, source.data);
  if (!parsed.success) return { settings: {}, diagnostics: zodDiagnostics(parsed.error.issues, configSchema, source) };
  return { settings: (parsed.data.lint?.rules ?? {}) as RuleSettings, diagnostics: [] };
}

/** An inline suppression: `# vpcreach-disable-next-line <rule>[, <rule>…] -- <reason>`. */
export interface Suppression {
  readonly line: number;
  /** The line whose findings it suppresses: the next line that is neither blank nor a comment. */
  readonly target: number;
  readonly rules: readonly string[];
  readonly reason: string;
}

const DIRECTIVE = /#\s*vpcreach-disable-next-line\b(.*)$/;

/** The suppression comments of a model file's text, and diagnostics for malformed ones. */
export function parseSuppressions(file: string, text: string): { suppressions: Suppression[]; diagnostics: Diagnostic[] } {
  const lines = text.split(/\r?\n/);
  const suppressions: Suppression[] = [];
  const diagnostics: Diagnostic[] = [];
  lines.forEach((line, i) => {
    const m = DIRECTIVE.exec(line);
    if (!m) return;
    const location: SourceLocation = { file, path: '', line: i + 1, column: m.index + 1 };
    const [spec = '', ...why] = m[1]!.split(' -- ');
    const reason = why.join(' -- ').trim();
    const rules = spec
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter(Boolean);
    const unknown = rules.filter((r) => !LINT_RULES.some((x) => x.id === r));
    if (rules.length === 0 || unknown.length > 0) {
      diagnostics.push({
        code: 'invalid-suppression',
        severity: 'warning',
        message:
          rules.length === 0 ? 'the suppression names no rule' : `the suppression names ${unknown.map((u) => `"${u}"`).join(', ')}, which is not a lint rule`,
        location,
        hint: 'write: # vpcreach-disable-next-line <rule id> -- <why>   (rules: docs/lint/README.md)',
      });
      return;
    }
    if (reason === '') {
      diagnostics.push({
        code: 'invalid-suppression',
        severity: 'warning',
        message: 'the suppression gives no reason, so it is not applied',
        location,
        hint: `say why after " -- ": # vpcreach-disable-next-line ${rules.join(', ')} -- <why>`,
      });
      return;
    }
    let target = i + 1;
    while (target < lines.length && (lines[target]!.trim() === '' || lines[target]!.trim().startsWith('#'))) target++;
    suppressions.push({ line: i + 1, target: target + 1, rules, reason });
  });
  return { suppressions, diagnostics };
}

/** Drops the findings a suppression names on its target line; suppressions that drop nothing are reported. */
export function applySuppressions(
  findings: readonly LintFinding[],
  suppressions: readonly Suppression[],
  file: string,
): { kept: LintFinding[]; unused: Diagnostic[] } {
  const used = new Set<Suppression>();
  const kept = findings.filter((f) => {
    const s = suppressions.find((x) => x.target === f.location.line && f.location.file === file && x.rules.includes(f.ruleId));
    if (s) used.add(s);
    return !s;
  });
  const unused = suppressions
    .filter((s) => !used.has(s))
    .map((s): Diagnostic => ({
      code: 'unused-suppression',
      severity: 'warning',
      message: `no ${s.rules.join(' or ')} finding on line ${s.target} to suppress`,
      location: { file, path: '', line: s.line, column: 1 },
      hint: 'remove the comment, or move it to the line above the finding',
    }));
  return { kept, unused };
}
