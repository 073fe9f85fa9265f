/**
 * Where something is in an input file. Lines and columns start at 1; `path` is the data path, e.g.
 * `vpcs[0].subnets[1].cidr`. A problem with the whole file (it does not exist, cannot be read) has line and column 0.
 */
export interface SourceLocation {
  readonly file: string;
  readonly path: string;
  readonly line: number;
  readonly column: number;
  /** For a model read from Terraform JSON: the resource address and attribute, e.g. `module.net.huaweicloud_vpc.main.cidr`. */
  readonly address?: string;
}

/**
 * A location found only when it is read: a model holds one for each resource, rule, member and port mapping, and
 * most are never shown — finding line and column of each (and, for JSON, indexing the whole text to do so) cost a
 * large state more than a second. It reads like any SourceLocation, and serializes as one (`toJSON`); spread it
 * with `resolved()` first, as its fields are accessors.
 */
export class DeferredLocation<P> implements SourceLocation {
  #locate: ((at: P) => SourceLocation) | undefined;
  #at: P | undefined;
  #found: SourceLocation | undefined;

  constructor(locate: (at: P) => SourceLocation, at: P) {
    this.#locate = locate;
    this.#at = at;
  }

  /** The location as a plain object (found on first use). */
  resolved(): SourceLocation {
    if (this.#found === undefined) {
      this.#found = this.#locate!(this.#at!);
      this.#locate = undefined;
      this.#at = undefined;
    }
    return this.#found;
  }

  get file(): string {
    return this.resolved().file;
  }
  get path(): string {
    return this.resolved().path;
  }
  get line(): number {
    return this.resolved().line;
  }
  get column(): number {
    return this.resolved().column;
  }
  get address(): string | undefined {
    return this.resolved().address;
  }
  toJSON(): SourceLocation {
    return this.resolved();
  }
}

/** How bad a diagnostic is: errors make a model invalid, warnings do not; `info` (lint findings only) is for information. */
export type Severity = 'error' | 'warning' | 'info';

/** A problem found in an input file. `code` is a stable kebab-case identifier documented in docs/diagnostics.md. */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location: SourceLocation;
  readonly hint?: string;
  /** For a summary of repeated diagnostics ("… and N more"): how many diagnostics it stands for. */
  readonly count?: number;
  /** For a lint finding: its message id and data (the message is built from them), and its fix as a structured edit. */
  readonly lint?: {
    readonly messageId: string;
    readonly data: Readonly<Record<string, string | number>>;
    readonly fix?: Readonly<Record<string, unknown>>;
  };
}

/** How many diagnostics these are, summaries counted for what they stand for. */
export function countDiagnostics(diagnostics: readonly Diagnostic[], severity: Severity): number {
  let n = 0;
  for (const d of diagnostics) if (d.severity === severity) n += d.count ?? 1;
  return n;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Something reported at a place: a diagnostic, a finding. */
export interface Located {
  readonly location: SourceLocation;
  readonly message: string;
}

/** The one order every report uses: file, line, column, then the code (or rule id), then the message. */
export function compareLocated<T extends Located>(code: (x: T) => string): (a: T, b: T) => number {
  return (a, b) =>
    compareText(a.location.file, b.location.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    compareText(code(a), code(b)) ||
    compareText(a.message, b.message);
}

const byCode = compareLocated<Diagnostic>((d) => d.code);

/** Sorts diagnostics by file, line, column, code, message — the one order every report uses. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(byCode);
}

/** Compares strings by code unit (the same in every locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "file:line:column", or just "file" for a problem with the whole file. */
export function formatLocation(loc: SourceLocation): string {
  const at = loc.line > 0 ? `${loc.file}:${loc.line}:${loc.column}` : loc.file;
  return loc.address ? `${at} (${loc.address})` : at;
}

/** How many failures of one check run are traced hop by hop; later ones are reported with their decision only. */
export const MAX_TRACED_FAILURES = 1000;

/** How many diagnostics of one code a report lists before it summarises the rest. */
export const MAX_DIAGNOSTICS_PER_CODE = 1000;

/**
 * Keeps the first `max` diagnostics of each code (in report order) and replaces the rest of that code with one
 * "… and N more" diagnostic at the first one left out, so that a file with a million identical mistakes gives a
 * report of bounded size that still says how many there were. `totals` gives the true count per code when
 * `sorted` holds only the first ones (a DiagnosticBag's). A code that already has its summary is left as it is.
 */
export function capDiagnostics(sorted: readonly Diagnostic[], max = MAX_DIAGNOSTICS_PER_CODE, totals?: ReadonlyMap<string, number>): Diagnostic[] {
  const seen = new Map<string, number>();
  const summarised = new Set<string>();
  for (const d of sorted) {
    if (d.count !== undefined) summarised.add(d.code);
    seen.set(d.code, totals?.get(d.code) ?? (seen.get(d.code) ?? 0) + 1);
  }
  if ([...seen].every(([code, n]) => n <= max || summarised.has(code))) return [...sorted];
  const kept = new Map<string, number>();
  const out: Diagnostic[] = [];
  for (const d of sorted) {
    if (summarised.has(d.code)) {
      out.push(d);
      continue;
    }
    const k = (kept.get(d.code) ?? 0) + 1;
    kept.set(d.code, k);
    if (k <= max) out.push(d);
    else if (k === max + 1) {
      const rest = seen.get(d.code)! - max;
      out.push({
        code: d.code,
        severity: d.severity,
        count: rest,
        message: `… and ${rest.toLocaleString('en-US')} more ${d.code} ${d.severity === 'error' ? 'error' : 'warning'}${rest === 1 ? '' : 's'} like the ones above`,
        location: d.location,
        hint: 'fix the first ones; the rest are usually the same mistake repeated',
      });
    }
  }
  return out;
}

/**
 * Collects diagnostics in memory bounded by the number of codes, not of diagnostics: of each code it keeps only the
 * `max + 1` first in report order (enough for capDiagnostics) and counts the rest. A file with a million repeated
 * mistakes costs a few thousand diagnostic objects, and `list()` is exactly what sorting and capping all of them
 * would give.
 */
export class DiagnosticBag {
  private readonly kept = new Map<string, Diagnostic[]>();
  private readonly totals = new Map<string, number>();
  private errors = 0;

  constructor(private readonly max = MAX_DIAGNOSTICS_PER_CODE) {}

  push(d: Diagnostic): void {
    this.totals.set(d.code, (this.totals.get(d.code) ?? 0) + 1);
    if (d.severity === 'error') this.errors++;
    let list = this.kept.get(d.code);
    if (!list) this.kept.set(d.code, (list = []));
    list.push(d);
    // Trimming at twice the bound keeps the cost of sorting linear overall; the sort is stable, so of equal
    // diagnostics the first reported stay, as with one sort at the end.
    if (list.length >= 2 * (this.max + 1)) {
      list.sort(byCode);
      list.length = this.max + 1;
    }
  }

  /** True when an error was pushed. */
  hasErrors(): boolean {
    return this.errors > 0;
  }

  /** Every diagnostic, sorted and capped as capDiagnostics(sortDiagnostics(all)) would give them. */
  list(): Diagnostic[] {
    const all: Diagnostic[] = [];
    for (const list of this.kept.values()) for (const d of list) all.push(d);
    return capDiagnostics(all.sort(byCode), this.max, this.totals);
  }
}
