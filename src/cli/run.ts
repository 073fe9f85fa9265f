import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  collectInputFiles,
  importHuaweicloud,
  importTerraform,
  loadModel,
  loadModelFromText,
  UNREADABLE_CODES,
  type InputLimits,
  type TerraformImport,
} from '../load/index.js';
import { countDiagnostics, didYouMean, hasErrors, modelFromTerraform, plural, sortDiagnostics, type Diagnostic, type Model } from '../model/index.js';
import { LINT_RULES, findingDiagnostic, lint, type LintFinding, type RuleSetting } from '../lint/index.js';
import { CONFIG_FILES, applySuppressions, parseSuppressions, readConfig } from '../lint/config.js';
import { describeChange, describeFix, proveFixes } from '../lint/fix.js';
import { createTwoFilesPatch } from 'diff';
import { parsePortSpec, type PortRange } from '../net/index.js';
import { Simulator, describeQueryError } from '../sim/engine.js';
import type { QueryError, TraceResult } from '../sim/types.js';
import { DEFAULT_MAX_NODES, PICTURE_FORMATS, drawPicture, type PictureFormat } from '../report/picture/index.js';
import { checkSteps, type CheckResult } from '../verify/scenario.js';
import { reportSteps, type ReportData } from '../verify/report-data.js';
import { htmlDiffReport, htmlReport } from '../report/html.js';
import {
  formatAllBlockers,
  formatDiagnostic,
  formatPortClasses,
  formatClassGroups,
  formatMatrix,
  formatTrace,
  render,
  wrapLines,
  FORMATS,
  type Report,
} from '../report/index.js';
import { loadHelp } from './help.js';
import { classGroupsJson, matrixJson, portClassesJson, traceJson } from '../report/json.js';
import { reachabilityMatrix } from '../symbolic/matrix.js';
import { policyDestinations, policySources } from '../symbolic/policy.js';
import { portClasses, reachedBy, reachersOf, restrictPorts } from '../symbolic/ports.js';
import { describeWriteError, isBackupOf, outputOverInput, pairDestinations, writeAtomic, type OutputArg } from './output.js';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { formatTenant, generateTenant, TENANT_SIZES, type TenantSize } from '../generate/tenant.js';
import { formatTerraformState, toTerraformState } from '../generate/terraform-state.js';
import { diffModels, witnessTraces } from '../symbolic/diff.js';
import { diffJson, diffMarkdown, formatDiff } from '../report/diff.js';

/** Where the CLI writes. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** The terminal's width when standard output is a terminal; text output is then wrapped to it. */
  readonly width?: number;
  /** When standard error is a terminal: shows a one-line progress report in place (null clears it). */
  readonly progress?: (line: string | null) => void;
}

/** Exit codes, the same for every command. */
export const EXIT = { ok: 0, finding: 1, usage: 2 } as const;

export { VERSION } from './version.js';
import { VERSION } from './version.js';

function parsePortOption(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a port is a whole number from 1 to 65535.');
  const n = Number(value);
  if (n < 1 || n > 65535) throw new InvalidArgumentError(`port ${n} is out of range; ports are 1 to 65535.`);
  return n;
}

function parsePortRangeOption(value: string): PortRange {
  const r = parsePortSpec(value);
  if (!r.ok) throw new InvalidArgumentError(`${r.message}${r.hint ? `; ${r.hint}` : ''}.`);
  return r.value;
}

/** Parses a size: bytes, or a number with K/KB/KiB, M/MB/MiB, G/GB/GiB (all powers of 1024). */
export function parseSize(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(k|kb|kib|m|mb|mib|g|gb|gib|b)?\s*$/i.exec(value);
  if (!m) throw new InvalidArgumentError('expected a size such as 65536, 512K or 64MiB.');
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const n = Math.floor(Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1));
  if (n < 1) throw new InvalidArgumentError('the size must be at least 1 byte.');
  return n;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number ≥ 0.');
  return Number(value);
}

function limitsOf(opts: { maxFileSize?: number; maxValues?: number }): { maxFileSize?: number; maxValues?: number } {
  return {
    ...(opts.maxFileSize === undefined ? {} : { maxFileSize: opts.maxFileSize }),
    ...(opts.maxValues === undefined ? {} : { maxValues: opts.maxValues }),
  };
}

interface ImportOptions {
  readonly output?: string;
  readonly force?: boolean;
  readonly maxFileSize?: number;
  readonly maxValues?: number;
}

/** Adds the reporting options to a command and records --format/--output in the order given. */
function withReportOptions(cmd: Command, order: OutputArg[]): Command {
  return cmd
    .option('--format <format>', `output format: ${FORMATS.join(', ')} (repeatable; default text)`)
    .option('--output <file>', 'write the preceding --format to this file instead of standard output (repeatable)')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseCount)
    .option('--max-file-size <size>', 'refuse input files larger than this (default 64MiB)', parseSize)
    .option('--max-values <n>', 'refuse documents with more values than this (default 2,000,000; an XL tenant has about 4,000,000)', parseCount)
    .on('option:format', (v: string) => order.push({ kind: 'format', value: v }))
    .on('option:output', (v: string) => order.push({ kind: 'output', value: v }));
}

/**
 * Renders a report to every requested destination. Returns false (after printing why) on a usage or write error.
 * When every report goes to a file, input errors are also printed on standard error, so that a run that exits 2
 * always says why where the user is looking.
 */
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
    (t) => loadModelFromText(file, t, limits).model,
    (m) => lint(m, settings),
  );
  for (const o of outcomes) {
    const where = `${o.finding.location.file}:${o.finding.location.line}:${o.finding.location.column}`;
    if (o.status === 'applied')
      io.err(
        `${dryRun ? 'would fix' : 'fixed'}  ${where}  ${o.finding.ruleId}  ${describeFix(o.fix)}${o.gained.length ? `; opens ${plural(o.gained.length, 'flow change')} to ${[...new Set(o.gained.map((g) => g.to))].join(', ')}` : ''}\n`,
      );
    else io.err(`refused  ${where}  ${o.finding.ruleId}  ${describeFix(o.fix)}: ${o.reason}${o.flow ? `\n  ${describeChange(o.flow, file)}` : ''}\n`);
  }
  if (fixed === text) return { model, diagnostics: [] };
  if (dryRun) {
    io.out(createTwoFilesPatch(file, file, text, fixed, '', '', { context: 3 }));
    const would = loadModelFromText(file, fixed, limits);
    return { model: would.model, diagnostics: would.diagnostics };
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
  return { model: after.model, diagnostics: after.diagnostics };
}

function emit(report: Report, order: readonly OutputArg[], io: Io): boolean {
  const paired = pairDestinations(order);
  if (!paired.ok) {
    io.err(`vpcreach: ${paired.message}\n`);
    return false;
  }
  // Nothing a user wrote is overwritten: an --output that is (or resolves to) a file this run read is refused
  // before anything is written.
  const inputs = report.kind === 'validate' ? report.files.map((f) => f.file) : report.result.scenarios.flatMap((s) => [s.file, ...(s.model ? [s.model] : [])]);
  const clash = outputOverInput(
    paired.destinations.flatMap((d) => (d.output === null ? [] : [d.output])),
    inputs,
  );
  if (clash) {
    io.err(
      `vpcreach: refusing to write ${clash.output}: it is ${clash.output === clash.input ? 'an input of this run' : `${clash.input}, an input of this run`}; nothing was written (choose another --output)\n`,
    );
    return false;
  }
  if (paired.destinations.every((d) => d.output !== null)) {
    // validate exits 2 only for unreadable files; check exits 2 for any error in a scenario file or its model.
    const diagnostics =
      report.kind === 'validate'
        ? report.files.flatMap((f) => f.diagnostics).filter((d) => UNREADABLE_CODES.has(d.code))
        : report.result.scenarios.flatMap((s) => s.diagnostics).filter((d) => d.severity === 'error');
    for (const d of diagnostics) io.err(formatDiagnostic(d) + '\n');
    if (report.kind === 'check') {
      for (const s of report.result.scenarios)
        for (const e of s.expectations)
          if (e.status === 'error') io.err(`vpcreach: ${e.expectation.loc.file}:${e.expectation.loc.line}:${e.expectation.loc.column}  ${e.message}\n`);
    }
  }
  const options = { help: loadHelp(), toolVersion: VERSION };
  // Render everything first, then write: a failure while rendering leaves no file behind.
  const rendered = paired.destinations.map((d) => ({ ...d, text: render(report, d.format, options) }));
  for (const d of rendered) {
    if (d.output === null) io.out(d.format === 'text' ? wrapLines(d.text, io.width ?? 0) : d.text);
    else {
      try {
        writeAtomic(d.output, d.text);
      } catch (err) {
        io.err(`vpcreach: ${describeWriteError(d.output, err)}\n`);
        return false;
      }
    }
  }
  return true;
}

/** Runs a check, yielding to the event loop between scenario files so that signals are handled promptly. */
async function checkYielding(paths: readonly string[], limits: { maxFileSize?: number }): Promise<CheckResult> {
  const steps = checkSteps(paths, { limits });
  let step = steps.next();
  while (!step.done) {
    await new Promise((resolve) => setImmediate(resolve));
    step = steps.next();
  }
  return step.value;
}

async function reportYielding(paths: readonly string[], limits: { maxFileSize?: number }): Promise<ReportData> {
  const steps = reportSteps(paths, { limits });
  let step = steps.next();
  while (!step.done) {
    await new Promise((resolve) => setImmediate(resolve));
    step = steps.next();
  }
  return step.value;
}

/** Examples, exit codes and where the docs are, under a command's --help. */
function helpFooter(examples: readonly string[], exits: string): string {
  return `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}\n\nExit codes: ${exits}.\nDocs: README.md and docs/ in the package (model format, dispositions, diagnostics).\n`;
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. Never rejects. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command();

  /** The simulator of a model file, or null after printing why the model cannot be used (exit 2). */
  const simulatorFor = (file: string, opts: { maxFileSize?: number }, nothing: string): Simulator | null => {
    const loaded = loadModel(file, limitsOf(opts));
    if (loaded.model) return new Simulator(loaded.model);
    for (const d of loaded.diagnostics) io.err(formatDiagnostic(d) + '\n');
    io.err(`vpcreach: ${file} ${loaded.unreadable ? 'cannot be read' : 'is not a valid model'}; ${nothing}\n`);
    code = EXIT.usage;
    return null;
  };
  /**
   * Whether `--output` may be written: a file that is one of the inputs never is, one that exists only with --force.
   * Says why not (exit 2).
   */
  const outputAllowed = (command: string, output: string | undefined, force: boolean | undefined, inputs: readonly string[] = []): boolean => {
    if (output === undefined) return true;
    const over = outputOverInput([output], inputs);
    if (over) io.err(`vpcreach ${command}: --output ${over.output} is the input file ${over.input}; nothing was written\n`);
    else if (existsSync(output) && !force) io.err(`vpcreach ${command}: ${output} exists; nothing was written (add --force to replace it)\n`);
    else return true;
    code = EXIT.usage;
    return false;
  };
  /** Prints `text`, or writes it whole to `output` and says so (with `what`); false (exit 2) when it cannot be written. */
  const writeOutput = (output: string | undefined, text: string, what?: string): boolean => {
    if (output === undefined) {
      io.out(text);
      return true;
    }
    try {
      writeAtomic(output, text);
      io.err(`wrote ${output}${what ? `: ${what}` : ''}\n`);
      return true;
    } catch (err) {
      io.err(`vpcreach: ${describeWriteError(output, err)}\n`);
      code = EXIT.usage;
      return false;
    }
  };
  program
    .name('vpcreach')
    .description('Simulate and verify reachability through Huawei Cloud VPC endpoints (VPCEP).')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run vpcreach --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  const validateOrder: OutputArg[] = [];
  withReportOptions(
    program
      .command('validate')
      .description('check model files and report every problem with its position')
      .argument('<models...>', 'model files (YAML or JSON)')
      .addHelpText(
        'after',
        helpFooter(
          ['vpcreach validate models/seed-elb/model.yaml', 'vpcreach validate model.yaml --format sarif --output vpcreach.sarif'],
          '0 valid, 1 a model is invalid (or too many warnings), 2 a file cannot be read or a usage error',
        ),
      ),
    validateOrder,
  ).action((paths: string[], opts: { maxWarnings?: number; maxFileSize?: number }) => {
    // Directories are searched like check's; scenarios found there are skipped (named ones get a clear error).
    const input = collectInputFiles(paths, 'model', { missingAsFiles: true });
    for (const u of input.usage) io.err(`vpcreach: ${u}\n`);
    const results = input.files.flatMap((file) => {
      const r = loadModel(file, limitsOf(opts));
      if (input.found.has(file) && r.diagnostics.length === 1 && r.diagnostics[0]!.code === 'not-a-model') {
        io.err(`vpcreach: skipped ${file}: a scenario, not a model (vpcreach check ${file} runs it)\n`);
        return [];
      }
      return [{ file, valid: r.model !== undefined, diagnostics: r.diagnostics, unreadable: r.unreadable }];
    });
    const report: Report = { kind: 'validate', files: results.map(({ file, valid, diagnostics }) => ({ file, valid, diagnostics })) };
    if (!emit(report, validateOrder, io)) {
      code = EXIT.usage;
      return;
    }
    const warnings = results.reduce((n, r) => n + countDiagnostics(r.diagnostics, 'warning'), 0);
    if (results.some((r) => r.unreadable) || input.usage.length > 0) code = EXIT.usage;
    else if (results.some((r) => !r.valid)) code = EXIT.finding;
    else if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
      io.err(`vpcreach: ${warnings} warnings, more than --max-warnings ${opts.maxWarnings}\n`);
      code = EXIT.finding;
    }
  });

  const lintOrder: OutputArg[] = [];
  withReportOptions(
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
  ).action((paths: string[], opts: { maxWarnings?: number; maxFileSize?: number; rule?: string[]; fix?: boolean; fixDryRun?: boolean; config?: string }) => {
    const settings: Record<string, RuleSetting> = {};
    // The configuration file first; --rule options override it.
    const configFile = opts.config ?? CONFIG_FILES.find((f) => existsSync(f));
    if (configFile !== undefined) {
      const config = readConfig(configFile, limitsOf(opts));
      if (config.diagnostics.length > 0) {
        for (const d of config.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
        io.err(`vpcreach lint: ${configFile} is not a valid configuration; nothing was linted\n`);
        code = EXIT.usage;
        return;
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
        io.err(
          `vpcreach lint: --rule ${r}: ${m ? `no rule "${id}"${near ? `; ${near}` : ''}` : 'write <rule id>=off|info|warning|error'} (rules: docs/lint/README.md)\n`,
        );
        code = EXIT.usage;
        return;
      }
      settings[m[1]!] = m[2] as RuleSetting;
    }
    const input = collectInputFiles(paths, 'model', { missingAsFiles: true });
    // Nothing the user keeps is written over, --force or not: an input, the configuration, a backup --fix keeps.
    const paired = pairDestinations(lintOrder);
    if (paired.ok) {
      const outputs = paired.destinations.flatMap((d) => (d.output === null ? [] : [d.output]));
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
        io.err(`vpcreach lint: refusing to write ${over.output}: it is ${what}; nothing was written (choose another --output)\n`);
        code = EXIT.usage;
        return;
      }
      if (opts.fixDryRun && paired.destinations.some((d) => d.output === null && d.format !== 'text')) {
        io.err('vpcreach lint: --fix-dry-run prints its diff on standard output; write the report to a file (--format <format> --output <file>)\n');
        code = EXIT.usage;
        return;
      }
    }
    for (const u of input.usage) io.err(`vpcreach: ${u}\n`);
    const results = input.files.flatMap((file) => {
      const r = loadModel(file, limitsOf(opts));
      if (input.found.has(file) && r.diagnostics.length === 1 && r.diagnostics[0]!.code === 'not-a-model') {
        io.err(`vpcreach: skipped ${file}: a scenario, not a model\n`);
        return [];
      }
      let model = r.model;
      let diagnostics = r.diagnostics;
      if (model && (opts.fix || opts.fixDryRun) && modelFromTerraform(model)) {
        io.err(
          `vpcreach lint: ${file} is Terraform JSON: --fix edits model files, not plans or states; change the Terraform configuration as each finding says, and plan again\n`,
        );
        code = EXIT.usage;
      } else if (model && (opts.fix || opts.fixDryRun)) {
        const fixed = fixFile(file, model, settings, opts.fixDryRun === true, limitsOf(opts), io);
        if (fixed === null) code = EXIT.usage;
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
          unreadable: r.unreadable,
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
    if (!emit(report, lintOrder, io)) {
      code = EXIT.usage;
      return;
    }
    const warnings = results.reduce((n, r) => n + countDiagnostics(r.diagnostics, 'warning'), 0);
    if (results.some((r) => r.unreadable) || input.usage.length > 0 || code === EXIT.usage) code = EXIT.usage;
    else if (results.some((r) => !r.valid || hasErrors(r.diagnostics))) code = EXIT.finding;
    else if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
      io.err(`vpcreach: ${warnings} warnings, more than --max-warnings ${opts.maxWarnings}\n`);
      code = EXIT.finding;
    }
  });

  program
    .command('trace')
    .description('simulate one flow hop by hop and explain where and why it stops')
    .argument('[model]', 'model file (required)')
    .option('--from <id>', 'client instance id (required)')
    .option('--to <target>', 'endpoint, instance or load balancer id, or an IPv4 address (required)')
    .option('--port <n>', 'destination port (required)', parsePortOption)
    .addOption(new Option('--protocol <protocol>', 'transport protocol').choices(['tcp', 'udp']).default('tcp'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--all-blockers', 'list every filter and condition that stops the flow, in path order, each with its fix')
    .option('--max-file-size <size>', 'refuse a model file larger than this (default 64MiB)', parseSize)
    .option('--max-values <n>', 'refuse a model with more values than this (default 2,000,000)', parseCount)
    .addHelpText(
      'after',
      helpFooter(
        [
          'vpcreach trace models/seed-elb/model.yaml --from ecs-client --to ep-web --port 8080',
          'vpcreach trace model.yaml --from app --to 10.0.1.20 --port 53 --protocol udp --format json',
          'vpcreach trace models/misconfigurations/model.yaml --from ecs-client --to ep-whitelisted --port 9443 --all-blockers',
        ],
        '0 the flow is reachable, 1 it is not (or only partly), 2 usage or input error',
      ),
    )
    .action(
      (
        file: string | undefined,
        opts: { from?: string; to?: string; port?: number; protocol: 'tcp' | 'udp'; format: string; allBlockers?: boolean; maxFileSize?: number },
      ) => {
        // Missing pieces are named in the order a user types them: the model first.
        const missing =
          file === undefined
            ? 'the model file is missing'
            : opts.from === undefined
              ? '--from is missing'
              : opts.to === undefined
                ? '--to is missing'
                : opts.port === undefined
                  ? '--port is missing'
                  : null;
        if (missing !== null || file === undefined || opts.from === undefined || opts.to === undefined || opts.port === undefined) {
          io.err(
            `vpcreach trace: ${missing ?? 'an argument is missing'}\nusage: vpcreach trace <model> --from <instance> --to <target> --port <n>  (vpcreach trace --help for more)\n`,
          );
          code = EXIT.usage;
          return;
        }
        const sim = simulatorFor(file, opts, 'nothing was simulated');
        if (!sim) return;
        const query = { from: opts.from, to: opts.to, port: opts.port, protocol: opts.protocol };
        const outcome = sim.trace(query);
        if (!outcome.ok) {
          io.err(`vpcreach: --${describeQueryError(outcome.error)}\n`);
          code = EXIT.usage;
          return;
        }
        const all = opts.allBlockers ? sim.allBlockers(query) : undefined;
        const blockers = all?.ok ? all.result : undefined;
        io.out(
          opts.format === 'json'
            ? traceJson(outcome.result, blockers)
            : wrapLines(formatTrace(outcome.result) + (blockers ? `\n${formatAllBlockers(blockers)}` : ''), io.width ?? 0),
        );
        code = outcome.result.verdict === 'reachable' ? EXIT.ok : EXIT.finding;
      },
    );

  program
    .command('graph')
    .description("draw the topology (accounts, VPCs, subnets, instances, load balancers, services, endpoints), and a flow's path on it, in Mermaid, DOT or SVG")
    .argument('[model]', 'model file (required)')
    .addOption(
      new Option('--format <format>', 'mermaid (GitHub renders it), dot (Graphviz) or svg (drawn by vpcreach)')
        .choices([...PICTURE_FORMATS])
        .default('mermaid'),
    )
    .option('--from <id>', 'with --to and --port: the client of a flow to trace and draw')
    .option('--to <target>', "the flow's endpoint, instance or load balancer id, or IPv4 address")
    .option('--port <n>', "the flow's destination port", parsePortOption)
    .addOption(new Option('--protocol <protocol>', "the flow's transport protocol").choices(['tcp', 'udp']).default('tcp'))
    .option(
      '--focus <id>',
      'draw only the neighbourhood of this resource (a VPC, subnet, account, security group or ACL: of what it holds); repeatable',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--max-nodes <n>', `refuse to draw more nodes than this (default ${DEFAULT_MAX_NODES})`, parseCount)
    .option('-o, --output <file>', 'write the picture to this file instead of standard output')
    .option('--force', 'overwrite --output when it exists')
    .option('--max-file-size <size>', 'refuse a model file larger than this (default 64MiB)', parseSize)
    .option('--max-values <n>', 'refuse a model with more values than this (default 2,000,000)', parseCount)
    .addHelpText(
      'after',
      helpFooter(
        [
          'vpcreach graph models/seed-elb/model.yaml > topology.mmd',
          'vpcreach graph models/missing-vpcep-rule/model.yaml --from ecs-client --to ep-web --port 8080 --format svg -o path.svg',
          'vpcreach graph tenant.json --focus vpc-00 --format dot | dot -Tpng > vpc-00.png',
        ],
        "0 the picture was drawn (whatever the flow's verdict: use trace or check to assert it), 2 usage or input error",
      ),
    )
    .action(
      async (
        file: string | undefined,
        opts: {
          format: PictureFormat;
          from?: string;
          to?: string;
          port?: number;
          protocol: 'tcp' | 'udp';
          focus?: string[];
          maxNodes?: number;
          output?: string;
          force?: boolean;
          maxFileSize?: number;
        },
      ) => {
        if (file === undefined) {
          io.err(
            'vpcreach graph: the model file is missing\nusage: vpcreach graph <model> [--format mermaid|dot|svg] [--from <instance> --to <target> --port <n>] [--focus <id>]  (vpcreach graph --help for more)\n',
          );
          code = EXIT.usage;
          return;
        }
        const flowParts = [opts.from, opts.to, opts.port].filter((x) => x !== undefined).length;
        if (flowParts > 0 && flowParts < 3) {
          io.err('vpcreach graph: a flow needs --from, --to and --port together\n');
          code = EXIT.usage;
          return;
        }
        if (!outputAllowed('graph', opts.output, opts.force, [file])) return;
        const sim = simulatorFor(file, opts, 'nothing was drawn');
        if (!sim) return;
        let trace: TraceResult | undefined;
        if (opts.from !== undefined && opts.to !== undefined && opts.port !== undefined) {
          const outcome = sim.trace({ from: opts.from, to: opts.to, port: opts.port, protocol: opts.protocol });
          if (!outcome.ok) {
            io.err(`vpcreach: --${describeQueryError(outcome.error)}\n`);
            code = EXIT.usage;
            return;
          }
          trace = outcome.result;
        }
        const picture = await drawPicture(sim.model, { format: opts.format, focus: opts.focus, trace, maxNodes: opts.maxNodes });
        if (!picture.ok) {
          io.err(`vpcreach graph: ${picture.message}\n  hint: ${picture.hint}\n`);
          code = EXIT.usage;
          return;
        }
        writeOutput(opts.output, picture.text);
      },
    );

  program
    .command('analyze')
    .description(
      'every port of both protocols between instances and destinations, in classes that end alike: from one instance to one destination, who reaches a destination (no --from), what an instance reaches (no --to), or the whole matrix by VPC (neither)',
    )
    .argument('[model]', 'model file (required)')
    .option('--from <id>', 'client instance id, or a subnet, VPC, security group or account (its instances); without it: every instance')
    .option(
      '--to <target>',
      'endpoint, instance or load balancer id, an IPv4 address, or a subnet, VPC or CIDR block (what has an address there); without it: every endpoint, load balancer and instance',
    )
    .option('--port <n|lo-hi>', 'only these ports (both protocols)', parsePortRangeOption)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--max-file-size <size>', 'refuse a model file larger than this (default 64MiB)', parseSize)
    .option('--max-values <n>', 'refuse a model with more values than this (default 2,000,000)', parseCount)
    .addHelpText(
      'after',
      helpFooter(
        [
          'vpcreach analyze models/seed-elb/model.yaml --from ecs-client --to ep-web',
          'vpcreach analyze models/misconfigurations/model.yaml --to ep-shared --port 80-90',
          'vpcreach analyze models/misconfigurations/model.yaml --from ecs-client',
          'vpcreach analyze models/misconfigurations/model.yaml --format json > matrix.json',
        ],
        '0 the analysis ran, 2 usage or input error',
      ),
    )
    .action((file: string | undefined, opts: { from?: string; to?: string; port?: PortRange; format: string; maxFileSize?: number }) => {
      if (file === undefined) {
        io.err(
          `vpcreach analyze: the model file is missing\nusage: vpcreach analyze <model> [--from <instance>] [--to <target>] [--port <n|lo-hi>]  (vpcreach analyze --help for more)\n`,
        );
        code = EXIT.usage;
        return;
      }
      const sim = simulatorFor(file, opts, 'nothing was analyzed');
      if (!sim) return;
      const { from, to, port } = opts;
      // One instance to one destination, who reaches one destination, and what one instance reaches have forms of
      // their own; every other combination (sets at either end, or neither given) is the matrix, cut down to them.
      const fromSet = from === undefined ? null : policySources(sim.model, from);
      const toSet = to === undefined ? null : policyDestinations(sim.model, to);
      for (const r of [fromSet, toSet]) {
        if (r && !r.ok) {
          io.err(`vpcreach: --${describeQueryError(r.error)}\n`);
          code = EXIT.usage;
          return;
        }
      }
      const oneSource = fromSet?.ok === true && !fromSet.result.set;
      const oneDestination = toSet?.ok === true && !toSet.result.set;
      if (!oneDestination && !(oneSource && toSet === null)) {
        // The matrix; progress on a terminal once it has taken a second.
        const started = Date.now();
        let shown = 0;
        const m = reachabilityMatrix(sim, {
          ...(port ? { ports: port } : {}),
          ...(fromSet?.ok ? { sources: fromSet.result.instances } : {}),
          ...(toSet?.ok ? { destinations: toSet.result.targets } : {}),
          onProgress: (done, total) => {
            const now = Date.now();
            if (!io.progress || now - started < 1000 || now - shown < 100) return;
            shown = now;
            io.progress(`vpcreach analyze: ${done}/${total} destinations`);
          },
        });
        if (shown) io.progress?.(null);
        if (!m.ok) {
          io.err(`vpcreach: --${describeQueryError(m.error)}\n`);
          code = EXIT.usage;
          return;
        }
        io.out(opts.format === 'json' ? matrixJson(file, m.result) : wrapLines(formatMatrix(file, m.result), io.width ?? 0));
        code = EXIT.ok;
        return;
      }
      const answer = analyzeAnswer(sim, from, to, port);
      if (!answer.ok) {
        io.err(`vpcreach: --${describeQueryError(answer.error)}\n`);
        code = EXIT.usage;
        return;
      }
      io.out(opts.format === 'json' ? answer.json : answer.text);
      code = EXIT.ok;
    });

  program
    .command('diff')
    .description('the flows a change gains and loses: every flow of both models compared, by class')
    .argument('[before]', 'the model before the change')
    .argument('[after]', 'the model after the change')
    .addOption(new Option('--fail-on <what>', 'exit 1 when flows were lost, gained, or either').choices(['lost', 'gained', 'any']))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--max-file-size <size>', 'refuse a model file larger than this (default 64MiB)', parseSize)
    .option('--max-values <n>', 'refuse a model with more values than this (default 2,000,000)', parseCount)
    .addHelpText(
      'after',
      helpFooter(
        ['vpcreach diff main/model.yaml model.yaml --fail-on lost', 'vpcreach diff before.json after.json --format markdown >> $GITHUB_STEP_SUMMARY'],
        '0 compared (and nothing --fail-on names changed), 1 flows were lost or gained as --fail-on says, 2 usage or input error',
      ),
    )
    .action((before: string | undefined, after: string | undefined, opts: { failOn?: string; format: string; maxFileSize?: number }) => {
      if (before === undefined || after === undefined) {
        io.err(
          `vpcreach diff: ${before === undefined ? 'the two model files are missing' : 'the second model file is missing'}\nusage: vpcreach diff <before> <after> [--fail-on lost|gained|any] [--format text|json|markdown]  (vpcreach diff --help for more)\n`,
        );
        code = EXIT.usage;
        return;
      }
      const a = simulatorFor(before, opts, 'nothing was compared');
      if (!a) return;
      const b = simulatorFor(after, opts, 'nothing was compared');
      if (!b) return;
      const d = diffModels(a, b);
      const files = { before, after };
      // JSON carries each change's witness traced on both sides (the first MAX_TRACED_FAILURES changes).
      const traces = opts.format === 'json' ? witnessTraces(a, b, d) : [];
      io.out(
        opts.format === 'json'
          ? diffJson(files, d, traces)
          : opts.format === 'markdown'
            ? diffMarkdown(files, d)
            : wrapLines(formatDiff(files, d), io.width ?? 0),
      );
      const failed =
        (opts.failOn === 'lost' || opts.failOn === 'any') && d.lostFlows > 0 ? true : (opts.failOn === 'gained' || opts.failOn === 'any') && d.gainedFlows > 0;
      code = failed ? EXIT.finding : EXIT.ok;
    });

  program
    .command('generate')
    .description('write a synthetic tenant model (seeded, deterministic) at a benchmark size, for trying vpcreach out and for measuring it')
    .addOption(
      new Option('--size <size>', 'S: 200 instances, M: 2,000, L: 20,000, XL: 100,000 (docs/performance.md)').choices(Object.keys(TENANT_SIZES)).default('s'),
    )
    .option('--seed <n>', 'the seed: the same seed gives the same model', parseCount, 1)
    .option('--deny', 'about 10 % deny rules, priorities 1-100')
    .option('--adversarial', 'many /32 and /28 sources (far fewer instances behave alike)')
    .addOption(
      new Option(
        '--format <format>',
        'json, yaml, or terraform-state (the state `terraform show -json` would print; default: from the -o extension, else json)',
      ).choices(['json', 'yaml', 'terraform-state']),
    )
    .option('-o, --output <file>', 'write to this file (format from its extension) instead of standard output')
    .option('--force', 'overwrite --output when it exists')
    .addHelpText(
      'after',
      helpFooter(
        ['vpcreach generate --size m --seed 7 -o tenant.json', 'vpcreach generate --size s --deny --format yaml > tenant.yaml'],
        '0 the model was written, 2 usage error or the file could not be written',
      ),
    )
    .action((opts: { size: string; seed: number; deny?: boolean; adversarial?: boolean; format?: string; output?: string; force?: boolean }) => {
      const size = opts.size as TenantSize;
      const format = (opts.format ?? (opts.output && /\.ya?ml$/i.test(opts.output) ? 'yaml' : 'json')) as 'json' | 'yaml' | 'terraform-state';
      if (!outputAllowed('generate', opts.output, opts.force)) return;
      const tenant = generateTenant({ size, seed: opts.seed, deny: opts.deny ?? false, adversarial: opts.adversarial ?? false });
      const text = format === 'terraform-state' ? formatTerraformState(toTerraformState(tenant).state) : formatTenant(tenant, format);
      const count = (k: string): number => (Array.isArray(tenant[k]) ? (tenant[k] as unknown[]).length : 0);
      const counts = `size ${size}, seed ${opts.seed}: ${plural(count('instances'), 'instance')}, ${plural(count('endpointServices'), 'endpoint service')}`;
      writeOutput(opts.output, text, `${format === 'terraform-state' ? 'Terraform state of a ' : ''}generated tenant, ${counts}`);
    });

  const importCommand = program
    .command('import')
    .description('read a network described elsewhere into a model file: Terraform plans and states, Huawei Cloud API responses (docs/import.md)');
  /** The options every importer takes. */
  const importOptions = (cmd: Command): Command =>
    cmd
      .option('-o, --output <file>', 'write the model here (YAML) instead of standard output')
      .option('--force', 'overwrite --output when it exists')
      .option('--max-file-size <size>', 'refuse input files larger than this (default 64MiB)', parseSize)
      .option('--max-values <n>', 'refuse documents with more values (default 2,000,000)', parseCount);
  importOptions(
    importCommand
      .command('terraform')
      .description('a `terraform show -json` plan or state of the huaweicloud provider, as a model file (ids are Terraform addresses)')
      .argument('<files...>', 'the JSON of `terraform show -json plan.out` (a plan) or `terraform show -json` (the state); several make one model'),
  )
    .addHelpText(
      'after',
      helpFooter(
        [
          'terraform plan -out plan.out && terraform show -json plan.out > plan.json',
          'vpcreach import terraform plan.json -o model.yaml',
          'vpcreach import terraform provider/state.json consumer/state.json -o model.yaml   # two workspaces, one network',
          'vpcreach check scenarios/   # scenarios may name plan.json as their model directly',
        ],
        '0 the model was written, 1 the plan or state describes an invalid model (nothing written), 2 the file cannot be read, is not Terraform JSON, or a usage error',
      ),
    )
    .action((files: string[], opts: ImportOptions) => writeImport(importTerraform(files, limitsOf(opts)), files.join(', '), opts, files));
  importOptions(
    importCommand
      .command('huaweicloud')
      .description('a directory of Huawei Cloud API responses (VPCs, subnets, security groups, ACLs, servers, ELB, VPCEP) as a model file')
      .argument('<dir>', 'the directory the JSON response bodies were saved in (docs/import.md lists the API calls)'),
  )
    .addHelpText(
      'after',
      helpFooter(
        ['vpcreach import huaweicloud dump/ -o model.yaml'],
        '0 the model was written, 1 the responses describe an invalid model (nothing written), 2 the directory cannot be read, holds no resources, or a usage error',
      ),
    )
    .action((dir: string, opts: ImportOptions) => writeImport(importHuaweicloud(dir, limitsOf(opts)), dir, opts, [dir]));

  /** Prints an import's diagnostics, then writes its model (or says why not). */
  function writeImport({ result, yaml }: TerraformImport, input: string, opts: ImportOptions, inputs: readonly string[]): void {
    if (!outputAllowed('import', opts.output, opts.force, inputs)) return;
    for (const d of result.diagnostics) io.err(`${formatDiagnostic(d)}\n`);
    if (result.unreadable || yaml === undefined) {
      code = EXIT.usage;
      return;
    }
    if (!result.model) {
      io.err(`vpcreach import: ${input} describes a model with errors (above); nothing was written\n`);
      code = EXIT.finding;
      return;
    }
    if (opts.output === undefined) io.out(yaml);
    else {
      try {
        writeAtomic(opts.output, yaml);
        io.err(`wrote ${opts.output}\n`);
      } catch (err) {
        io.err(`vpcreach: ${describeWriteError(opts.output, err)}\n`);
        code = EXIT.usage;
      }
    }
  }

  const checkOrder: OutputArg[] = [];
  withReportOptions(
    program
      .command('check')
      .description('run scenario files (reachability expectations) and report pass/fail')
      .argument('<paths...>', 'scenario files or directories')
      .addHelpText(
        'after',
        helpFooter(
          ['vpcreach check scenarios/', 'vpcreach check scenarios/ --format junit --output reports/vpcreach.xml --format text'],
          '0 every expectation held, 1 one failed (or too many warnings), 2 an input error or a usage error',
        ),
      ),
    checkOrder,
  ).action(async (paths: string[], opts: { maxWarnings?: number; maxFileSize?: number }) => {
    const r = await checkYielding(paths, limitsOf(opts));
    for (const u of r.usage) io.err(`vpcreach: ${u}\n`);
    for (const f of r.skipped) io.err(`vpcreach: skipped ${f}: a model, not a scenario (vpcreach validate ${f} checks it)\n`);
    if (!emit({ kind: 'check', result: r }, checkOrder, io)) {
      code = EXIT.usage;
      return;
    }
    const warnings = r.scenarios.reduce((n, s) => n + countDiagnostics(s.diagnostics, 'warning'), 0);
    const inputErrors = r.usage.length > 0 || r.errors > 0 || r.scenarios.some((s) => hasErrors(s.diagnostics));
    if (inputErrors) code = EXIT.usage;
    else if (r.failed > 0) code = EXIT.finding;
    else if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
      io.err(`vpcreach: ${warnings} warnings, more than --max-warnings ${opts.maxWarnings}\n`);
      code = EXIT.finding;
    }
  });

  program
    .command('report')
    .description(
      'run scenario files and write one self-contained HTML page: every expectation, its path drawn on the topology, the hop-by-hop trace, and who reaches what; with --diff, the flows a change gains and loses',
    )
    .argument('[paths...]', 'scenario files or directories; with --diff, the model before and the model after')
    .option('--diff', 'report the flows gained and lost from the first model to the second (vpcreach report --diff <before> <after>)')
    .option('-o, --output <file>', 'write the page to this file (default: standard output)')
    .option('--force', 'overwrite --output when it exists')
    .option('--title <text>', 'the page title')
    .option('--max-file-size <size>', 'refuse input files larger than this (default 64MiB)', parseSize)
    .option('--max-values <n>', 'refuse documents with more values than this (default 2,000,000)', parseCount)
    .addHelpText(
      'after',
      helpFooter(
        [
          'vpcreach report scenarios/ -o report.html',
          'vpcreach report scenarios/seed-elb.yaml --title "seed setup" > seed.html',
          'vpcreach report --diff main/model.yaml model.yaml -o change.html',
        ],
        '0 every expectation held (with --diff: the models were compared), 1 one failed (the page is written either way), 2 an input or usage error (the page is written when the scenarios could be read)',
      ),
    )
    .action(async (paths: string[], opts: { diff?: boolean; output?: string; force?: boolean; title?: string; maxFileSize?: number }) => {
      if (opts.diff ? paths.length !== 2 : paths.length === 0) {
        io.err(
          opts.diff
            ? `vpcreach report --diff: ${paths.length < 2 ? 'two model files are needed' : 'only two model files are compared'}\nusage: vpcreach report --diff <before> <after> -o <file>\n`
            : 'vpcreach report: the scenario files or directories are missing\nusage: vpcreach report <scenario-or-dir>... -o <file>  (vpcreach report --help for more)\n',
        );
        code = EXIT.usage;
        return;
      }
      if (!outputAllowed('report', opts.output, opts.force)) return;
      if (opts.diff) {
        const [before, after] = paths as [string, string];
        if (!outputAllowed('report', opts.output, opts.force, paths)) return;
        const a = simulatorFor(before, opts, 'nothing was compared');
        if (!a) return;
        const b = simulatorFor(after, opts, 'nothing was compared');
        if (!b) return;
        const d = diffModels(a, b);
        const input = { files: { before, after }, before: a.model, after: b.model, diff: d, traces: witnessTraces(a, b, d) };
        writeOutput(
          opts.output,
          await htmlDiffReport(input, { version: VERSION, title: opts.title }),
          `${plural(d.gainedFlows, 'flow')} gained, ${plural(d.lostFlows, 'flow')} lost`,
        );
        return;
      }
      const data = await reportYielding(paths, limitsOf(opts));
      const r = data.check;
      for (const u of r.usage) io.err(`vpcreach: ${u}\n`);
      for (const f of r.skipped) io.err(`vpcreach: skipped ${f}: a model, not a scenario (vpcreach validate ${f} checks it)\n`);
      if (!outputAllowed('report', opts.output, opts.force, [...r.scenarios.map((s) => s.file), ...data.models.keys()])) return;
      const page = await htmlReport(data, { version: VERSION, title: opts.title });
      if (!writeOutput(opts.output, page, `${plural(r.passed + r.failed + r.errors, 'expectation')}, ${r.failed} failed, ${r.errors} errors`)) return;
      for (const s of r.scenarios) for (const d of s.diagnostics) if (d.severity === 'error') io.err(formatDiagnostic(d) + '\n');
      const inputErrors = r.usage.length > 0 || r.errors > 0 || r.scenarios.some((s) => hasErrors(s.diagnostics));
      code = inputErrors ? EXIT.usage : r.failed > 0 ? EXIT.finding : EXIT.ok;
    });

  if (argv.length === 0) {
    io.err(program.helpInformation());
    return EXIT.usage;
  }
  try {
    // -v is what many tools use for the version; -V and --version are commander's.
    await program.parseAsync(argv.length === 1 && argv[0] === '-v' ? ['--version'] : [...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const message = err instanceof Error ? err.message : String(err);
    io.err(`vpcreach: internal error: ${message}\nThis is a bug in vpcreach; please report it together with the input that caused it.\n`);
    return EXIT.usage;
  }
}

/** What `analyze` prints, in text and JSON, for one of its forms; or the query error. */
function analyzeAnswer(
  sim: Simulator,
  from: string | undefined,
  to: string | undefined,
  port: PortRange | undefined,
): { ok: true; text: string; json: string } | { ok: false; error: QueryError } {
  if (from !== undefined && to !== undefined && sim.model.instances.has(from)) {
    const r = portClasses(sim, from, to);
    if (!r.ok) return r;
    const classes = port ? restrictPorts(r.result, port) : r.result;
    return { ok: true, text: formatPortClasses(from, to, classes), json: portClassesJson(from, to, classes) };
  }
  const range = port ? ` ${port.lo === port.hi ? `port ${port.lo}` : `ports ${port.lo}-${port.hi}`}` : ' every port';
  const alike = (what: string) => `${what}s that end alike are listed together`;
  const count = (groups: readonly { ids: readonly string[] }[]) => groups.reduce((k, g) => k + g.ids.length, 0);
  if (to === undefined) {
    // What one instance reaches (a group of instances needs --to; the caller says so).
    const r = reachedBy(sim, from!, port);
    if (!r.ok) return r;
    const title = `what ${from!} reaches: ${plural(count(r.result), 'destination')},${range}, tcp and udp; ${alike('destination')}`;
    return { ok: true, text: formatClassGroups(title, r.result), json: classGroupsJson({ from: from! }, r.result) };
  }
  // Who reaches `to`: every instance, or the instances of the subnet, VPC, security group or account --from names.
  const named = from !== undefined ? policySources(sim.model, from) : null;
  const set = named?.ok && named.result.set ? named.result.instances : null;
  const r = set ? reachersOf(sim, to, port, set) : from !== undefined ? reachedBy(sim, from, port) : reachersOf(sim, to, port);
  if (!r.ok) return r;
  const who = set ? `who in ${from!} reaches ${to}` : `who reaches ${to}`;
  const title = `${who}: ${plural(count(r.result), 'instance')},${range}, tcp and udp; ${alike('instance')}`;
  return { ok: true, text: formatClassGroups(title, r.result), json: classGroupsJson({ to }, r.result) };
}
