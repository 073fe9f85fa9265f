import type { Diagnostic } from '../model/index.js';
import { isTraced } from './expectation.js';
import type { AllBlockers, TraceResult } from '../sim/types.js';
import type { PortClass } from '../symbolic/ports.js';
import { writeMatrix } from './matrix-writer.js';
import type { Matrix } from '../symbolic/matrix.js';
import type { CheckResult } from '../verify/scenario.js';

/** A trace result as JSON: `{ verdict, code, at, flow, traces }`. */
export function traceJson(r: TraceResult, allBlockers?: AllBlockers): string {
  return JSON.stringify(allBlockers ? { ...r, allBlockers } : r, null, 2) + '\n';
}

/** Validation results as JSON. */
export function validationJson(files: readonly { file: string; valid: boolean; diagnostics: readonly Diagnostic[] }[]): string {
  return JSON.stringify({ files: files.map((f) => ({ file: f.file, valid: f.valid, diagnostics: f.diagnostics })) }, null, 2) + '\n';
}

/** A check run as JSON. */
export function checkJson(r: CheckResult): string {
  const scenarios = r.scenarios.map((s) => ({
    file: s.file,
    model: s.model,
    diagnostics: s.diagnostics,
    expectations: s.expectations.map((e) => {
      const { loc, ...x } = e.expectation;
      const base = { name: x.name, status: e.status, expectation: { ...x, line: loc.line, column: loc.column } };
      if (e.status === 'error') return { ...base, message: e.message };
      return {
        ...base,
        ...(e.status === 'fail' ? { reason: e.reason, counterexample: e.counterexample } : {}),
        verdict: e.result.verdict,
        code: e.result.code,
        at: e.result.at,
        flows: e.flows,
        // The hop-by-hop trace of a failure; a pass has its verdict, code and place only (the trace of every pass
        // made the report about 26 KB per expectation: a 4 MB scenario gave a report of over a gigabyte).
        ...(e.status === 'fail' && isTraced(e.result) ? { result: e.result } : {}),
      };
    }),
  }));
  return JSON.stringify({ passed: r.passed, failed: r.failed, errors: r.errors, usage: r.usage, scenarios }, null, 2) + '\n';
}

/** `analyze --from --to` as JSON: the query and its port classes. */
export function portClassesJson(from: string, to: string, classes: readonly PortClass[], icmpCode?: number): string {
  return JSON.stringify({ from, to, ...(icmpCode !== undefined ? { icmpCode } : {}), classes }, null, 2) + '\n';
}

/** `analyze` without `--from` or `--to` as JSON: the fixed end, and groups of the other end with their classes. */
export function classGroupsJson(
  fixed: { from: string } | { to: string },
  groups: readonly { ids: readonly string[]; classes: readonly PortClass[] }[],
  icmpCode?: number,
): string {
  const key = 'to' in fixed ? 'sources' : 'destinations';
  const code = icmpCode !== undefined ? { icmpCode } : {};
  return JSON.stringify({ ...fixed, ...code, groups: groups.map((g) => ({ [key]: g.ids, classes: g.classes })) }, null, 2) + '\n';
}

/** The matrix as JSON: blocks by VPC, a cell per destination with its source groups and their classes (matrix-writer.ts). */
export function matrixJson(file: string, m: Matrix): string {
  return writeMatrix('json', file, m);
}
