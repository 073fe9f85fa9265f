import { compareLocated, countDiagnostics, type SourceLocation, pushAll } from '../model/index.js';
import { isTraced } from './expectation.js';
import type { RuleRef, TraceResult } from '../sim/types.js';
import type { ExpectationResult } from '../verify/scenario.js';
import { expectationFlow } from './expectation.js';
import type { Report } from './types.js';

/** One thing to report at a place in a file: a diagnostic, a failed expectation, an expectation that could not run. */
export interface Finding {
  readonly ruleId: string;
  readonly level: 'error' | 'warning' | 'note';
  /** One line. */
  readonly message: string;
  readonly location: SourceLocation;
  /** Model rules that decided the failing path (deny or partial), with their positions. */
  readonly related: readonly RuleRef[];
  /** The trace that contradicts the expectation, for failed expectations. */
  readonly trace?: TraceResult;
  /** What to change so the flow passes, when the engine can tell (from the failing path's drop). */
  readonly fix?: string;
  /** A stable identity, independent of line numbers and list positions: the same finding keeps it when lines move. */
  readonly key: string;
}

/** The fix of the first path that does not deliver, if the engine suggested one. */
function fixOf(r: TraceResult): string | undefined {
  const culprit = r.traces.find((t) => t.status !== 'delivered');
  for (const hop of culprit?.hops ?? []) for (const s of hop.steps) if ((s.type === 'drop' || s.type === 'filter') && s.fix) return s.fix;
  return undefined;
}

const byRule = compareLocated<Finding>((f) => f.ruleId);

/** Rules that stopped or narrowed the first failing path of a trace. */
export function decidingRules(r: TraceResult): RuleRef[] {
  const culprit = r.traces.find((t) => t.status !== 'delivered') ?? r.traces[0];
  if (!culprit) return [];
  const out: RuleRef[] = [];
  for (const hop of culprit.hops) {
    for (const s of hop.steps) {
      if (s.type !== 'filter' || (s.decision !== 'deny' && s.decision !== 'partial')) continue;
      const located = s.rules.filter((rule) => rule.line > 0);
      pushAll(out, located);
      if (located.length === 0 && s.location) {
        const what = s.filter === 'security-group' || s.filter === 'network-acl' ? 'no rule admits the flow (default deny)' : s.detail;
        out.push({ resource: s.resource, index: -1, text: what, action: 'deny', matched: 'the flow', ...s.location });
      }
    }
  }
  return out;
}

/** The one-line message of a failed or erroneous expectation. */
export function expectationMessage(e: Exclude<ExpectationResult, { status: 'pass' }>): string {
  const x = e.expectation;
  const flow = expectationFlow(x);
  const name = x.description ? `${x.name} — ${x.description}` : x.name;
  return e.status === 'fail' ? `${name} (${flow}): ${e.reason}` : `${name} (${flow}): ${e.message}`;
}

/** Every finding of a report, sorted by file, line, column, rule and message. */
export function findings(report: Report): Finding[] {
  const out: Finding[] = [];
  const diagnostics = report.kind === 'validate' ? report.files.flatMap((f) => f.diagnostics) : report.result.scenarios.flatMap((s) => s.diagnostics);
  for (const d of diagnostics) {
    out.push({
      ruleId: d.code,
      level: d.severity === 'info' ? 'note' : d.severity,
      message: d.hint ? `${d.message} (${d.hint})` : d.message,
      location: d.location,
      related: [],
      key: `${d.location.file}|${d.location.path}|${d.code}|${d.message}`,
    });
  }
  if (report.kind === 'check') {
    for (const s of report.result.scenarios) {
      for (const e of s.expectations) {
        if (e.status === 'pass') continue;
        // Keyed on the scenario, its model and the expectation's name: inserting an expectation above leaves it alone.
        const key = `${s.file}|${s.model ?? ''}|${e.expectation.name}`;
        if (e.status === 'fail') {
          const traced = isTraced(e.result) ? e.result : undefined;
          const fix = traced && fixOf(traced);
          out.push({
            ruleId: e.result.code,
            level: 'error',
            message: expectationMessage(e),
            location: e.expectation.loc,
            related: traced ? decidingRules(traced) : [],
            ...(traced ? { trace: traced } : {}),
            key,
            ...(fix ? { fix } : {}),
          });
        } else out.push({ ruleId: e.code, level: 'error', message: expectationMessage(e), location: e.expectation.loc, related: [], key });
      }
    }
  }
  return out.sort(byRule);
}

/** Counts for a summary line. */
export function counts(report: Report): { errors: number; warnings: number; passed: number; failed: number } {
  const diagnostics = report.kind === 'validate' ? report.files.flatMap((f) => f.diagnostics) : report.result.scenarios.flatMap((s) => s.diagnostics);
  const errors =
    countDiagnostics(diagnostics, 'error') +
    (report.kind === 'check' ? report.result.scenarios.flatMap((s) => s.expectations).filter((e) => e.status === 'error').length : 0);
  const warnings = countDiagnostics(diagnostics, 'warning');
  return { errors, warnings, passed: report.kind === 'check' ? report.result.passed : 0, failed: report.kind === 'check' ? report.result.failed : 0 };
}
