// The context a command runs in.
import { loadModel, type LoadResult } from '../load/index.js';
import { Simulator } from '../sim/engine.js';
import { formatDiagnostic } from '../report/index.js';
import { describeWriteError, outputOverInput, writeAtomic } from './output.js';
import { existsSync } from 'node:fs';
import { limitsOf } from './options.js';

/** Where the CLI writes. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** The terminal's width when standard output is a terminal; text output is then wrapped to it. */
  readonly width?: number;
  /** When standard error is a terminal: shows a one-line progress report in place (null clears it). */
  readonly progress?: (line: string | null) => void;
}

/**
 * How a command ended: it did what was asked and found nothing to report (`ok`); it found what its exit code reports
 * (an unreachable flow, a failed expectation, an error finding: `finding`); or it could not do what was asked (a
 * usage error, an input that cannot be used: `usage`, after saying why on standard error).
 */
export type Outcome = 'ok' | 'finding' | 'usage';

/** Exit codes, the same for every command: the one place outcomes become numbers. */
export const EXIT: { readonly [O in Outcome]: number } = { ok: 0, finding: 1, usage: 2 };

/** What a command works with: the streams, its outcome, and the steps every command takes alike. */
export class Context {
  /** How the command ended: set by its action's return value (see `action`). */
  outcome: Outcome = 'ok';
  constructor(readonly io: Io) {}

  /** Wraps a command's action: what it returns is the run's outcome. */
  action<A extends unknown[]>(run: (...args: A) => Outcome | Promise<Outcome>): (...args: A) => Promise<void> {
    return async (...args: A) => {
      this.outcome = await run(...args);
    };
  }

  /** The simulator of a model file, or null after printing why the model cannot be used (a usage outcome). */
  simulatorFor = (file: string, opts: { maxFileSize?: number }, nothing: string): Simulator | null =>
    this.simulatorOf(loadModel(file, limitsOf(opts)), nothing);
  /** A simulator of a loaded model; or, for a model that did not load, its diagnostics and why nothing was done, and null. */
  simulatorOf = (loaded: LoadResult, nothing: string): Simulator | null => {
    const file = loaded.file;
    if (loaded.ok) return new Simulator(loaded.value);
    for (const d of loaded.diagnostics) this.io.err(formatDiagnostic(d) + '\n');
    this.io.err(`vpcreach: ${file} ${loaded.error === 'unreadable' ? 'cannot be read' : 'is not a valid model'}; ${nothing}\n`);
    return null;
  };
  /**
   * Whether `--output` may be written: a file that is one of the inputs never is, one that exists only with --force.
   * Says why not (a usage outcome).
   */
  outputAllowed = (command: string, output: string | undefined, force: boolean | undefined, inputs: readonly string[] = []): boolean => {
    if (output === undefined) return true;
    const over = outputOverInput([output], inputs);
    if (over) this.io.err(`vpcreach ${command}: --output ${over.output} is the input file ${over.input}; nothing was written\n`);
    else if (existsSync(output) && !force) this.io.err(`vpcreach ${command}: ${output} exists; nothing was written (add --force to replace it)\n`);
    else return true;
    return false;
  };
  /** Prints `text`, or writes it whole to `output` and says so (with `what`); false (a usage outcome) when it cannot be written. */
  writeOutput = (output: string | undefined, text: string, what?: string): boolean => {
    if (output === undefined) {
      this.io.out(text);
      return true;
    }
    try {
      writeAtomic(output, text);
      this.io.err(`wrote ${output}${what ? `: ${what}` : ''}\n`);
      return true;
    } catch (err) {
      this.io.err(`vpcreach: ${describeWriteError(output, err)}\n`);
      return false;
    }
  };
}
