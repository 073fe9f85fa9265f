import { counts, findings } from './findings.js';
import { plural } from '../model/index.js';
import type { Report } from './types.js';

/** Escapes a workflow-command message. */
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow-command property value. */
function property(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Annotation properties: file, position when there is one, title. */
function props(file: string, line: number, column: number, title: string): string {
  const at = line > 0 ? `,line=${line},col=${column}` : '';
  return `file=${property(file)}${at},title=${property(title)}`;
}

/**
 * GitHub Actions workflow commands: one concise `::error`/`::warning` annotation per finding (verdict, code, stop
 * point and fix in one line; the full trace belongs in the job summary, see the markdown format), a `::notice` on
 * the model line of each rule that decided a failing path, then a summary line.
 */
export function github(report: Report): string {
  const lines: string[] = [];
  for (const f of findings(report)) {
    lines.push(
      `::${f.level === 'note' ? 'notice' : f.level} ${props(f.location.file, f.location.line, f.location.column, `vpcreach ${f.ruleId}`)}::${data(f.fix ? `${f.message} — fix: ${f.fix}` : f.message)}`,
    );
    for (const r of f.related) {
      const what = f.trace ? `${f.trace.flow.from} → ${f.trace.flow.to} ${f.trace.flow.protocol}/${f.trace.flow.dstPort}` : f.ruleId;
      lines.push(
        `::notice ${props(r.file, r.line, r.column, `vpcreach ${f.ruleId}: deciding rule`)}::${data(`${r.resource} ${r.text} (${r.action} ${r.matched}) decided ${what}`)}`,
      );
    }
  }
  const c = counts(report);
  lines.push(
    report.kind === 'check'
      ? `${c.passed} passed, ${c.failed} failed${c.errors ? `, ${plural(c.errors, 'error')}` : ''}`
      : `${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}`,
  );
  return lines.join('\n') + '\n';
}
