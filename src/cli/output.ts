import { closeSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { Buffer } from 'node:buffer';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { OutputFormat } from '../report/index.js';
import type { Result } from '../model/index.js';
import { track, untrack } from './inflight.js';

/** One requested rendering: a format and where it goes (null = standard output). */
export interface Destination {
  readonly format: OutputFormat;
  readonly output: string | null;
}

/** `--format` and `--output` in the order they were given. */
export type OutputArg = { readonly kind: 'format'; readonly value: string } | { readonly kind: 'output'; readonly value: string };

/**
 * Pairs formats with outputs: each `--output` belongs to the `--format` just before it; a format without an
 * `--output` goes to standard output (at most one may); `--output` with no format before it writes the default format
 * (the first of `formats`). One `--format` and one `--output` go together in either order. A format not in `formats`
 * is refused, naming those that are.
 */
export function pairDestinations(args: readonly OutputArg[], formats: readonly OutputFormat[]): Result<Destination[], string> {
  const out: { format: OutputFormat; output: string | null }[] = [];
  const formatArgs = args.filter((a) => a.kind === 'format');
  const outputArgs = args.filter((a) => a.kind === 'output');
  const ordered = formatArgs.length === 1 && outputArgs.length === 1 ? [...formatArgs, ...outputArgs] : args;
  for (const a of ordered) {
    if (a.kind === 'format') {
      if (!(formats as readonly string[]).includes(a.value)) return { ok: false, error: `--format ${a.value} is not one of ${formats.join(', ')}` };
      out.push({ format: a.value as OutputFormat, output: null });
    } else {
      const last = out[out.length - 1];
      if (last && last.output === null) last.output = a.value;
      else if (!last) out.push({ format: formats[0]!, output: a.value });
      else return { ok: false, error: `--output ${a.value} has no --format before it (write --format <format> --output <file> for each file)` };
    }
  }
  if (out.length === 0) out.push({ format: formats[0]!, output: null });
  if (out.filter((d) => d.output === null).length > 1)
    return {
      ok: false,
      error:
        ordered[0]?.kind === 'output'
          ? `only one --format may go to standard output; --output ${ordered[0].value} comes before any --format, so it took the default (${formats[0]!}): write each --format before its --output`
          : 'only one --format may go to standard output; give the others an --output <file>',
    };
  const files = out.filter((d) => d.output !== null).map((d) => d.output);
  if (new Set(files).size !== files.length) return { ok: false, error: 'two --output options name the same file' };
  return { ok: true, value: out };
}

/**
 * Writes a file whole or not at all: a temporary file in the same directory, renamed into place. Missing
 * directories on the way are created (`--output reports/vpcreach.sarif` in a fresh CI checkout).
 */
export function writeAtomic(file: string, text: string): void {
  // A device, a FIFO or a socket is written to, never replaced by a regular file (the rename would go over it).
  const existing = statOrNull(file);
  if (existing && !existing.isFile() && !existing.isDirectory()) {
    writeFileSync(file, text);
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  track(tmp);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    untrack(tmp);
  }
}

/**
 * A file written in pieces, whole or not at all, like `writeAtomic`: the pieces go to a temporary file in the same
 * directory, renamed into place by `commit`; `abort` (or a signal) removes it. A device, FIFO or socket is written to
 * directly.
 */
export class AtomicWriter {
  private constructor(
    private readonly fd: number,
    private readonly file: string,
    private readonly tmp: string | null,
  ) {}

  static open(file: string): AtomicWriter {
    const existing = statOrNull(file);
    if (existing && !existing.isFile() && !existing.isDirectory()) return new AtomicWriter(openSync(file, 'w'), file, null);
    mkdirSync(dirname(file), { recursive: true });
    const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
    track(tmp);
    try {
      return new AtomicWriter(openSync(tmp, 'w'), file, tmp);
    } catch (err) {
      untrack(tmp);
      throw err;
    }
  }

  write(text: string): void {
    const bytes = Buffer.from(text);
    for (let off = 0; off < bytes.length;) off += writeSync(this.fd, bytes, off, bytes.length - off);
  }

  commit(): void {
    closeSync(this.fd);
    if (this.tmp === null) return;
    try {
      renameSync(this.tmp, this.file);
    } catch (err) {
      rmSync(this.tmp, { force: true });
      throw err;
    } finally {
      untrack(this.tmp);
    }
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    if (this.tmp === null) return;
    rmSync(this.tmp, { force: true });
    untrack(this.tmp);
  }
}

/** A write error in plain words. */
export function describeWriteError(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `cannot write ${file}: permission denied`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `cannot write ${file}: a part of the path is a file, not a directory`;
    case 'EISDIR':
      return `cannot write ${file}: it is a directory`;
    case 'ENOSPC':
      return `cannot write ${file}: the disk is full`;
    case 'EROFS':
      return `cannot write ${file}: the file system is read-only`;
    default:
      return `cannot write ${file}: ${code ?? (err as Error).message}`;
  }
}

/** A path's real location: symlinks, `./` and `..` resolved, also for a file that does not exist yet. */
function realLocation(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const dir = dirname(resolve(path));
    return dir === resolve(path) ? dir : join(realLocation(dir), basename(path));
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * The first `--output` that is, or resolves to, a file the run reads (or a file inside a directory it reads); null
 * when none is.
 */
export function outputOverInput(outputs: readonly string[], inputs: readonly string[]): { output: string; input: string } | null {
  const read = new Map(inputs.map((i) => [realLocation(i), i]));
  const dirs = [...read].filter(([real]) => statOrNull(real)?.isDirectory());
  for (const output of outputs) {
    const real = realLocation(output);
    const input = read.get(real) ?? dirs.find(([dir]) => real.startsWith(dir.endsWith(sep) ? dir : dir + sep))?.[1];
    if (input !== undefined) return { output, input };
  }
  return null;
}

/** Whether `output` is, or resolves to, a backup `lint --fix` keeps of `file` (`<file>.bak`, `<file>.bak.<n>`). */
export function isBackupOf(output: string, file: string): boolean {
  const real = realLocation(output);
  const bak = `${realLocation(file)}.bak`;
  return real.startsWith(bak) && /^(\.\d+)?$/.test(real.slice(bak.length));
}
