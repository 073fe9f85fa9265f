/** What the commands share: option parsers, the reporting options, help footers, and rendering a report to its destinations. */
import { Command, InvalidArgumentError } from 'commander';
import { UNREADABLE_CODES } from '../load/index.js';
import { parsePortSpec, type PortRange } from '../net/index.js';
import { formatDiagnostic, render, wrapLines, FORMATS, type Report } from '../report/index.js';
import { loadHelp } from './help.js';
import { describeWriteError, outputOverInput, pairDestinations, writeAtomic, type OutputArg } from './output.js';
import { VERSION } from './version.js';
import type { Io } from './context.js';

export function parsePortOption(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a port is a whole number from 1 to 65535.');
  const n = Number(value);
  if (n < 1 || n > 65535) throw new InvalidArgumentError(`port ${n} is out of range; ports are 1 to 65535.`);
  return n;
}

export function parsePortRangeOption(value: string): PortRange {
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
  readonly output?: string;
  readonly force?: boolean;
  readonly maxFileSize?: number;
  readonly maxValues?: number;
}

/** Adds the reporting options to a command and records --format/--output in the order given. */
export function withReportOptions(cmd: Command, order: OutputArg[]): Command {
  return cmd
    .option('--format <format>', `output format: ${FORMATS.join(', ')} (repeatable; default text)`)
    .option('--output <file>', 'write the preceding --format to this file instead of standard output (repeatable)')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseCount)
    .option('--max-file-size <size>', 'refuse input files larger than this (default 64MiB)', parseSize)
    .option('--max-values <n>', 'refuse documents with more values than this (default 2,000,000; an XL tenant has about 4,000,000)', parseCount)
    .on('option:format', (v: string) => order.push({ kind: 'format', value: v }))
    .on('option:output', (v: string) => order.push({ kind: 'output', value: v }));
}

/** Examples, exit codes and where the docs are, under a command's --help. */
export function helpFooter(examples: readonly string[], exits: string): string {
  return `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}\n\nExit codes: ${exits}.\nDocs: README.md and docs/ in the package (model format, dispositions, diagnostics).\n`;
}

/**
 * Renders a report to every requested destination. Returns false (after printing why) on a usage or write error.
 * When every report goes to a file, input errors are also printed on standard error, so that a run that exits 2
 * always says why where the user is looking.
 */
export function emit(report: Report, order: readonly OutputArg[], io: Io): boolean {
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

/** Runs a stepwise computation to its end, yielding to the event loop between steps so that signals are handled promptly. */
export async function runYielding<T>(steps: Generator<unknown, T, unknown>): Promise<T> {
  let step = steps.next();
  while (!step.done) {
    await new Promise((resolve) => setImmediate(resolve));
    step = steps.next();
  }
  return step.value;
}
