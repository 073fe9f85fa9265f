/** What the commands share: option parsers, the reporting options, help footers, and rendering a report to its destinations. */
import { Command, InvalidArgumentError } from 'commander';
import { UNREADABLE_CODES } from '../load/index.js';
import { parsePortSpec, type PortRange } from '../net/index.js';
import { existsSync } from 'node:fs';
import { formatDiagnostic, wrapLines, REPORT_FORMATS, type CommandReport, type Report } from '../report/index.js';
import { renderReport } from '../report/reporters.js';
import { loadHelp } from './help.js';
import { describeWriteError, outputOverInput, pairDestinations, writeAtomic, type Destination, type OutputArg } from './output.js';
import { VERSION } from './version.js';
import type { Io } from './context.js';

export function parsePortOption(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a port is a whole number from 1 to 65535.');
  const n = Number(value);
  if (n < 1 || n > 65535) throw new InvalidArgumentError(`port ${n} is out of range; ports are 1 to 65535.`);
  return n;
}

/** A port, or an ICMP type (0 is echo reply): the query checks the range for the protocol. */
export function parsePortOrTypeOption(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a port is a whole number from 1 to 65535 (an ICMP type from 0 to 255).');
  const n = Number(value);
  if (n > 65535) throw new InvalidArgumentError(`port ${n} is out of range; ports are 1 to 65535.`);
  return n;
}

/** An ICMP code: a whole number (the query checks the range, and that the flow is ICMP). */
export function parseIcmpCodeOption(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('an ICMP code is a whole number from 0 to 255.');
  return Number(value);
}

export function parsePortRangeOption(value: string): PortRange {
  const r = parsePortSpec(value);
  if (!r.ok) throw new InvalidArgumentError(`${r.error.message}${r.error.hint ? `; ${r.error.hint}` : ''}.`);
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

export function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number ≥ 0.');
  return Number(value);
}

export function limitsOf(opts: { maxFileSize?: number; maxValues?: number }): { maxFileSize?: number; maxValues?: number } {
  return {
    ...(opts.maxFileSize === undefined ? {} : { maxFileSize: opts.maxFileSize }),
    ...(opts.maxValues === undefined ? {} : { maxValues: opts.maxValues }),
  };
}

export interface ImportOptions {
  readonly force?: boolean;
  readonly maxFileSize?: number;
  readonly maxValues?: number;
}

/** The input limits every command that reads files takes. */
export function withInputLimits(cmd: Command, what = 'input files'): Command {
  return cmd
    .option('--max-file-size <size>', `refuse ${what} larger than this (default 64MiB)`, parseSize)
    .option('--max-values <n>', 'refuse documents with more values than this (default 2,000,000; an XL tenant has about 4,000,000)', parseCount);
}

/**
 * Adds --format and --output (each repeatable, recorded in `order` as given) for a kind of report: --help lists the
 * formats the kind is written in, its default first. With `force`, also --force: then an --output that exists is
 * replaced only when asked.
 */
export function withReportOptions(cmd: Command, order: OutputArg[], kind: CommandReport['kind'], extra: { force?: boolean } = {}): Command {
  const [first, ...rest] = REPORT_FORMATS[kind];
  cmd
    .option('--format <format>', `output format: ${first} (the default)${rest.length ? `, ${rest.join(', ')}` : ''}; repeatable, each with its --output`)
    .option('-o, --output <file>', 'write the preceding --format to this file instead of standard output (repeatable)')
    .on('option:format', (v: string) => order.push({ kind: 'format', value: v }))
    .on('option:output', (v: string) => order.push({ kind: 'output', value: v }));
  if (extra.force) cmd.option('--force', 'replace an --output that exists');
  return cmd;
}

/** Adds --max-warnings (validate, lint, check). */
export function withMaxWarnings(cmd: Command): Command {
  return cmd.option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseCount);
}

/** Examples, exit codes and where the docs are, under a command's --help. */
export function helpFooter(examples: readonly string[], exits: string): string {
  return `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}\n\nExit codes: ${exits}.\nDocs: README.md and docs/ in the package (model format, dispositions, diagnostics).\n`;
}

/** Where a command's report goes, and what it must not write over. */
export interface EmitOptions {
  /** The command, for messages. */
  readonly command: string;
  /** The files the run read: an --output that is one of them is refused. */
  readonly inputs?: readonly string[];
  /** For commands with --force: whether it was given (an --output that exists is replaced only then). */
  readonly force?: boolean;
}

/** The files a validate or check report read. */
export function reportInputs(report: Report): readonly string[] {
  if (report.kind === 'validate') return report.files.map((f) => f.file);
  return report.result.scenarios.flatMap((s) => [s.file, ...(s.model ? [s.model] : [])]);
}

/**
 * Where the report of this run goes: --format and --output paired, each format one the kind is written in, no
 * --output over an input (or over an existing file without --force). Null, after printing why, when not.
 */
export function plannedDestinations(order: readonly OutputArg[], kind: CommandReport['kind'], io: Io, opts: EmitOptions): Destination[] | null {
  const paired = pairDestinations(order, REPORT_FORMATS[kind]);
  if (!paired.ok) {
    io.err(`vpcreach ${opts.command}: ${paired.error}\n`);
    return null;
  }
  const outputs = paired.value.flatMap((d) => (d.output === null ? [] : [d.output]));
  // Nothing a user wrote is overwritten: an --output that is (or resolves to) a file this run read is refused
  // before anything is written.
  const clash = outputOverInput(outputs, opts.inputs ?? []);
  if (clash) {
    io.err(
      `vpcreach: refusing to write ${clash.output}: it is ${clash.output === clash.input ? 'an input of this run' : `${clash.input}, an input of this run`}; nothing was written (choose another --output)\n`,
    );
    return null;
  }
  const existing = opts.force === false ? outputs.find((o) => existsSync(o)) : undefined;
  if (existing !== undefined) {
    io.err(`vpcreach ${opts.command}: ${existing} exists; nothing was written (add --force to replace it)\n`);
    return null;
  }
  return paired.value;
}

/**
 * Renders a report to the destinations `plannedDestinations` gave. Returns false (after printing why) on a render or
 * write error. When every report of validate or check goes to a file, input errors are also printed on standard
 * error, so that a run that exits 2 always says why where the user is looking.
 */
export async function emit(
  report: CommandReport,
  destinations: readonly Destination[],
  io: Io,
  opts: { readonly command: string; readonly announce?: boolean | string },
): Promise<boolean> {
  if (destinations.every((d) => d.output !== null) && (report.kind === 'validate' || report.kind === 'check')) {
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
  const options = () => ({ help: loadHelp(), toolVersion: VERSION });
  // Render everything first, then write: a failure while rendering leaves no file behind.
  const rendered: (Destination & { text: string })[] = [];
  for (const d of destinations) {
    const r = await renderReport(report, d.format, options);
    if (!r.ok) {
      io.err(`vpcreach ${opts.command}: ${r.error.message}\n${r.error.hint ? `  hint: ${r.error.hint}\n` : ''}`);
      return false;
    }
    rendered.push({ ...d, text: r.value });
  }
  // Text on a terminal is wrapped to its width; files and pipes get one line per item.
  for (const d of rendered) {
    if (d.output === null) io.out(d.format === 'text' ? wrapLines(d.text, io.width ?? 0) : d.text);
    else {
      try {
        writeAtomic(d.output, d.text);
      } catch (err) {
        io.err(`vpcreach: ${describeWriteError(d.output, err)}\n`);
        return false;
      }
      if (opts.announce) io.err(`wrote ${d.output}${typeof opts.announce === 'string' ? `: ${opts.announce}` : ''}\n`);
    }
  }
  return true;
}

/** Runs a stepwise computation to its end, yielding to the event loop between steps so that signals are handled promptly. */
export async function runYielding<T>(steps: Generator<unknown, T, unknown>): Promise<T> {
  let step = steps.next();
  while (!step.done) {
    await new Promise((resolve) => setImmediate(resolve));
    step = steps.next();
  }
  return step.value;
}
