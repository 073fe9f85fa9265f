import { counts, findings } from './findings.js';
import { formatTrace } from './text.js';
import type { Report } from './types.js';

/** Escapes a workflow-command message. */
function data(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow-command property value. */
function property(s: string): string {
  return data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands: one `::error`/`::warning` annotation per finding, then a summary line. */
export function github(report: Report): string {
  const lines = findings(report).map((f) => {
    const at = f.location.line > 0 ? `,line=${f.location.line},col=${f.location.column}` : '';
    const props = `file=${property(f.location.file)}${at},title=${property(`vpcreach ${f.ruleId}`)}`;
    const body = f.trace ? `${f.message}\n\n${formatTrace(f.trace)}` : f.message;
    return `::${f.level} ${props}::${data(body.trimEnd())}`;
  });
  const c = counts(report);
  lines.push(
    report.kind === 'check'
      ? `${c.passed} passed, ${c.failed} failed${c.errors ? `, ${c.errors} error${c.errors === 1 ? '' : 's'}` : ''}`
      : `${c.errors} error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}`,
  );
  return lines.join('\n') + '\n';
}
