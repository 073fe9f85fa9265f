import { expectationFlow, isTraced, untracedNote } from './expectation.js';
import { formatLocation, pushAll } from '../model/index.js';
import { counts } from './findings.js';
import { formatTrace } from './text.js';
import type { Report } from './types.js';

/** An expectation's name, with its description when it has one. */
function named(x: { readonly name: string; readonly description: string | null }): string {
  return x.description ? `${x.name} — ${x.description}` : x.name;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** A file's line: invalid, or (lint) its findings — a file with error findings is not "valid" in a lint report. */
function fileResult(f: { valid: boolean; diagnostics: readonly { severity: string }[] }, lint: boolean): string {
  if (!f.valid) return '❌ invalid';
  const errors = f.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = f.diagnostics.filter((d) => d.severity === 'warning').length;
  const counted = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  if (!lint) return warnings ? `✅ valid (${warnings} warning${warnings === 1 ? '' : 's'})` : '✅ valid';
  if (errors) return `❌ ${counted}`;
  return warnings ? `⚠️ ${counted}` : '✅ no findings';
}

/** A compact Markdown summary for $GITHUB_STEP_SUMMARY or a pull-request comment. */
export function markdown(report: Report): string {
  const c = counts(report);
  const lines: string[] = [];
  if (report.kind === 'validate') {
    lines.push(
      `### vpcreach ${report.command ?? 'validate'}: ${c.errors} error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}`,
      '',
    );
    lines.push('| file | result |', '|---|---|');
    for (const f of report.files) lines.push(`| ${cell(f.file)} | ${fileResult(f, report.command === 'lint')} |`);
    const all = report.files.flatMap((f) => f.diagnostics);
    if (all.length) {
      lines.push('', '| | where | code | message |', '|---|---|---|---|');
      for (const d of all)
        lines.push(
          `| ${d.severity === 'error' ? '❌' : d.severity === 'warning' ? '⚠️' : 'ℹ️'} | ${cell(formatLocation(d.location))} | \`${d.code}\` | ${cell(d.message)}${d.hint ? ` — ${cell(d.hint)}` : ''} |`,
        );
    }
    return lines.join('\n') + '\n';
  }
  lines.push(`### vpcreach check: ${c.passed} passed, ${c.failed} failed${c.errors ? `, ${c.errors} error${c.errors === 1 ? '' : 's'}` : ''}`, '');
  lines.push('| | expectation | flow | expected | got | stopped at |', '|---|---|---|---|---|---|');
  const details: string[] = [];
  for (const s of report.result.scenarios) {
    for (const d of s.diagnostics.filter((x) => x.severity === 'error')) {
      lines.push(`| ⛔ | ${cell(`${d.location.file}:${d.location.line}`)} | | | \`${d.code}\` ${cell(d.message)} | |`);
    }
    for (const e of s.expectations) {
      const x = e.expectation;
      const flow = cell(expectationFlow(x));
      const expected = `${x.expect}${x.codes ? ` ${x.codes.map((c) => `\`${c}\``).join(' or ')}` : ''}`;
      if (e.status === 'error') {
        lines.push(`| ⛔ | ${cell(named(x))} | ${flow} | ${expected} | ${cell(e.message)} | |`);
        continue;
      }
      const got = `${e.result.verdict} \`${e.result.code}\``;
      lines.push(`| ${e.status === 'pass' ? '✅' : '❌'} | ${cell(named(x))} | ${flow} | ${expected} | ${got} | ${cell(e.result.at)} |`);
      if (e.status === 'fail') {
        details.push(
          `<details><summary>❌ ${cell(x.name)} — ${cell(e.reason)} (${cell(`${x.loc.file}:${x.loc.line}`)})</summary>`,
          '',
          '```',
          isTraced(e.result) ? formatTrace(e.result).trimEnd() : untracedNote(e.counterexample, s.model),
          '```',
          '',
          '</details>',
        );
      }
    }
  }
  if (details.length) {
    lines.push('');
    pushAll(lines, details);
  }
  return lines.join('\n') + '\n';
}
