import { Command } from 'commander';
import { collectInputFiles, loadModel, loadModelFromText, type InputLimits } from '../../load/index.js';
import { countDiagnostics, didYouMean, hasErrors, plural, sortDiagnostics, type Diagnostic, type Model } from '../../model/index.js';
import { LINT_RULES, findingDiagnostic, lint, type LintFinding, type RuleSetting } from '../../lint/index.js';
import { CONFIG_FILES, applySuppressions, parseSuppressions, readConfig } from '../../lint/config.js';
import { describeChange, describeFix, proveFixes } from '../../lint/fix.js';
import type { FlowChange } from '../../symbolic/diff.js';
import { createTwoFilesPatch } from 'diff';
import { formatDiagnostic, type Report } from '../../report/index.js';
import { describeWriteError, isBackupOf, outputOverInput, pairDestinations, writeAtomic, type OutputArg } from '../output.js';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { limitsOf, withReportOptions, withInputLimits, withMaxWarnings, helpFooter, emit, plannedDestinations, reportInputs } from '../options.js';
import type { Context, Io } from '../context.js';
import { REPORT_FORMATS } from '../../report/index.js';

/**
 * The findings of a model file that its suppression comments (`# vpcreach-disable-next-line <rule> -- <why>`) leave,
 * with diagnostics for malformed and unused suppressions. `text` is the file's text (read when not given).
 */
function lintWithSuppressions(
  file: string,
  model: Model,
  settings: Readonly<Record<string, RuleSetting>>,
  text?: string,
): { findings: LintFinding[]; diagnostics: Diagnostic[] } {
  let source = text;
  try {
    source ??= readFileSync(file, 'utf8');
  } catch {
    source = '';
  }
  const { suppressions, diagnostics } = parseSuppressions(file, source);
  const { kept, unused } = applySuppressions(lint(model, settings), suppressions, model.file);
  return { findings: kept, diagnostics: [...diagnostics, ...unused] };
}

/**
 * `lint --fix` / `--fix-dry-run` on one model file: proves each fix (see lint/fix.ts), prints what became of each on
 * standard error, and either prints the unified diff (dry run: the returned model is the one the fixes would give)
 * or writes the file — atomically, after keeping the
 * original as <file>.bak (or .bak.2, …; never overwritten), and only when the file is still as it was read. Returns
 * the fixed model and its diagnostics (the original when nothing changed or on a dry run), or null on a write error.
 */
function fixFile(
  file: string,
  model: Model,
  settings: Readonly<Record<string, RuleSetting>>,
  dryRun: boolean,
  limits: Partial<InputLimits>,
  io: Io,
): { model: Model | undefined; diagnostics: readonly Diagnostic[] } | null {
  const text = readFileSync(file, 'utf8');
  const { text: fixed, outcomes } = proveFixes(
    text,
    model,
    lintWithSuppressions(file, model, settings, text).findings,
    (t) => {
      const r = loadModelFromText(file, t, limits);
      return r.ok ? r.value : undefined;
    },
    (m, rule) =>
      lint(
        m,
        settings,
        LINT_RULES.filter((r) => r.id === rule),
      ),
  );
  for (const o of outcomes) {
    const where = `${o.finding.location.file}:${o.finding.location.line}:${o.finding.location.column}`;
    if (o.status === 'applied')
      io.err(
        `${dryRun ? 'would fix' : 'fixed'}  ${where}  ${o.finding.ruleId}  ${describeFix(o.fix)}${o.gained.length ? `; opens ${plural(flowsOf(o.gained), 'flow')} to ${[...new Set(o.gained.map((g) => g.to))].join(', ')}` : ''}\n`,
      );
    else io.err(`refused  ${where}  ${o.finding.ruleId}  ${describeFix(o.fix)}: ${o.reason}${o.flow ? `\n  ${describeChange(o.flow, file)}` : ''}\n`);
  }
  if (fixed === text) return { model, diagnostics: [] };
  if (dryRun) {
    io.out(createTwoFilesPatch(file, file, text, fixed, '', '', { context: 3 }));
    const would = loadModelFromText(file, fixed, limits);
    return { model: would.ok ? would.value : undefined, diagnostics: would.diagnostics };
  }
  try {
    if (readFileSync(file, 'utf8') !== text) {
      io.err(`vpcreach lint: ${file} changed on disk while it was being fixed; nothing was written\n`);
      return null;
    }
    let backup = `${file}.bak`;
    for (let n = 2; existsSync(backup); n++) backup = `${file}.bak.${n}`;
    writeAtomic(backup, text);
    // A symbolic link is followed: its target is fixed, the link stays a link.
    const target = realpathSync(file);
    writeAtomic(target, fixed);
    io.err(`wrote ${file}${target !== resolvePath(file) ? ` (its target ${target})` : ''} (the original is kept as ${backup})\n`);
  } catch (err) {
    io.err(`vpcreach: ${describeWriteError(file, err)}\n`);
    return null;
  }
  const after = loadModelFromText(file, fixed, limits);
  return { model: after.ok ? after.value : undefined, diagnostics: after.diagnostics };
}

/** Registers `vpcreach lint`. */
export function register(program: Command, ctx: Context): void {
  const lintOrder: OutputArg[] = [];
  const cmd = withReportOptions(
    program
      .command('lint')
      .description('find misconfigured security groups, load balancers, endpoint services and endpoints (docs/lint/)')
      .argument('<models...>', 'model files (YAML or JSON)')
      .option('--rule <id=setting>', 'set a rule to off, info, warning or error (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
      .option('--fix', 'apply the fixes the engine proves (the finding goes, no flow is lost, no other flow opens); keeps <file>.bak')
      .option('--fix-dry-run', 'print the proven fixes as a unified diff; change nothing')
      .option('--config <file>', `rule settings (default: ${CONFIG_FILES.join(', ')} in the current directory, if there is one)`)
      .addHelpText(
        'after',
        helpFooter(
          [
            'vpcreach lint models/misconfigurations/model.yaml',
            'vpcreach lint model.yaml --rule sg-unused=off --rule service-open-to-any-account=error --format sarif --output lint.sarif',
          ],
          '0 no error findings, 1 an error finding, an invalid model or too many warnings, 2 a file cannot be read or a usage error',
        ),
      ),
    lintOrder,
    'validate',
  );
  withInputLimits(withMaxWarnings(cmd)).action(
    ctx.action(
      async (paths: string[], opts: { maxWarnings?: number; maxFileSize?: number; rule?: string[]; fix?: boolean; fixDryRun?: boolean; config?: string }) => {
        const settings: Record<string, RuleSetting> = {};
        // The configuration file first; --rule options override it.
        const configFile = opts.config ?? CONFIG_FILES.find((f) => existsSync(f));
        if (configFile !== undefined) {
          const config = readConfig(configFile, limitsOf(opts));
          if (config.diagnostics.length > 0) {
            for (const d of config.diagnostics) ctx.io.err(`${formatDiagnostic(d)}\n`);
            ctx.io.err(`vpcreach lint: ${configFile} is not a valid configuration; nothing was linted\n`);
            return 'usage';
          }
          Object.assign(settings, config.settings);
        }
        for (const r of opts.rule ?? []) {
          const m = /^([a-z0-9-]+)=(off|info|warning|error)$/.exec(r);
          const known = m && LINT_RULES.some((x) => x.id === m[1]);
          if (!m || !known) {
            const id = r.split('=')[0]!;
            const near = didYouMean(
              id,
              LINT_RULES.map((x) => x.id),
            );
            ctx.io.err(
              `vpcreach lint: --rule ${r}: ${m ? `no rule "${id}"${near ? `; ${near}` : ''}` : 'write <rule id>=off|info|warning|error'} (rules: docs/lint/README.md)\n`,
            );
            return 'usage';
          }
          settings[m[1]!] = m[2] as RuleSetting;
        }
        const input = collectInputFiles(paths, 'model', { missingAsFiles: true });
        // Nothing the user keeps is written over, --force or not: an input, the configuration, a backup --fix keeps.
        const paired = pairDestinations(lintOrder, REPORT_FORMATS.validate);
        if (paired.ok) {
          const outputs = paired.value.flatMap((d) => (d.output === null ? [] : [d.output]));
          const over =
            outputOverInput(outputs, input.files) ??
            (configFile !== undefined ? outputOverInput(outputs, [configFile]) : null) ??
            (opts.fix ? (outputs.flatMap((o) => input.files.filter((f) => isBackupOf(o, f)).map((f) => ({ output: o, input: `${f}.bak` })))[0] ?? null) : null);
          if (over) {
            const what =
              over.input === configFile
                ? 'the lint configuration'
                : over.input.endsWith('.bak')
                  ? `where --fix keeps the original of ${over.input.slice(0, -4)}`
                  : 'an input of this run';
            ctx.io.err(`vpcreach lint: refusing to write ${over.output}: it is ${what}; nothing was written (choose another --output)\n`);
            return 'usage';
          }
          if (opts.fixDryRun && paired.value.some((d) => d.output === null && d.format !== 'text')) {
            ctx.io.err('vpcreach lint: --fix-dry-run prints its diff on standard output; write the report to a file (--format <format> --output <file>)\n');
            return 'usage';
          }
        }
        for (const u of input.usage) ctx.io.err(`vpcreach: ${u}\n`);
        // A file --fix cannot edit, or whose fix cannot be written, makes the run's outcome a usage error; the others are linted.
        let fixFailed = false;
        const results = input.files.flatMap((file) => {
          const r = loadModel(file, limitsOf(opts));
          if (input.found.has(file) && r.diagnostics.length === 1 && r.diagnostics[0]!.code === 'not-a-model') {
            ctx.io.err(`vpcreach: skipped ${file}: a scenario, not a model\n`);
            return [];
          }
          let model = r.ok ? r.value : undefined;
          let diagnostics = r.diagnostics;
          if (model && (opts.fix || opts.fixDryRun) && model.configuration) {
            const { name } = model.configuration;
            ctx.io.err(
              `vpcreach lint: ${file} is ${name} JSON: --fix edits model files, not plans or states; change the ${name} configuration as each finding says, and plan again\n`,
            );
            fixFailed = true;
          } else if (model && (opts.fix || opts.fixDryRun)) {
            const fixed = fixFile(file, model, settings, opts.fixDryRun === true, limitsOf(opts), ctx.io);
            if (fixed === null) fixFailed = true;
            else if (fixed.model) {
              model = fixed.model;
              diagnostics = fixed.diagnostics;
            }
          }
          const found = model ? lintWithSuppressions(file, model, settings) : { findings: [], diagnostics: [] };
          return [
            {
              file,
              valid: model !== undefined,
              diagnostics: sortDiagnostics([...diagnostics, ...found.diagnostics, ...found.findings.map(findingDiagnostic)]),
              unreadable: !r.ok && r.error === 'unreadable',
            },
          ];
        });
        const ran = LINT_RULES.map((r) => r.id).filter((id) => settings[id] !== 'off');
        const report: Report = {
          kind: 'validate',
          command: 'lint',
          rules: ran,
          files: results.map(({ file, valid, diagnostics }) => ({ file, valid, diagnostics })),
        };
        // A dry run prints the diff, then the report of the models the fixes would give (its exit status is theirs).
        const destinations = plannedDestinations(lintOrder, 'validate', ctx.io, { command: 'lint', inputs: reportInputs(report) });
        if (destinations === null || !(await emit(report, destinations, ctx.io, { command: 'lint' }))) return 'usage';
        const warnings = results.reduce((n, r) => n + countDiagnostics(r.diagnostics, 'warning'), 0);
        if (results.some((r) => r.unreadable) || input.usage.length > 0 || fixFailed) return 'usage';
        if (results.some((r) => !r.valid || hasErrors(r.diagnostics))) return 'finding';
        if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
          ctx.io.err(`vpcreach: ${warnings} warnings, more than --max-warnings ${opts.maxWarnings}\n`);
          return 'finding';
        }
        return 'ok';
      },
    ),
  );
}

/** How many flows some changes hold: each change's sources × its ports. */
function flowsOf(changes: readonly FlowChange[]): number {
  let n = 0;
  for (const c of changes) for (const p of c.ports) n += c.sources.length * (p.hi - p.lo + 1);
  return n;
}
