import { formatDiagnostic, formatTrace } from './text.js';
import { isTraced, untracedNote } from './expectation.js';
import { expectationMessage } from './findings.js';
import type { Report } from './types.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Escapes text for XML content and attributes; drops characters XML 1.0 cannot hold. One pass over the text (a
 * report of 20,000 traced failures is 15 MB of it: a pass per character class made six copies of each string).
 */
function xml(s: string): string {
  // eslint-disable-next-line no-control-regex -- the point: remove the control characters XML 1.0 forbids
  return s.replace(/[&<>"']|[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, (c) => ESCAPES[c] ?? '');
}

interface Case {
  name: string;
  classname: string;
  file: string;
  line: number;
  problem?: { kind: 'failure' | 'error'; type: string; message: string; body: string };
  out?: string;
}

/** A testcase element. */
function testcase(c: Case): string {
  const attrs = `name="${xml(c.name)}" classname="${xml(c.classname)}" file="${xml(c.file)}" line="${c.line}"`;
  const inner = [
    c.problem ? `      <${c.problem.kind} type="${xml(c.problem.type)}" message="${xml(c.problem.message)}">${xml(c.problem.body)}</${c.problem.kind}>` : '',
    c.out ? `      <system-out>${xml(c.out)}</system-out>` : '',
  ].filter(Boolean);
  return inner.length ? `    <testcase ${attrs}>\n${inner.join('\n')}\n    </testcase>` : `    <testcase ${attrs}/>`;
}

/**
 * A testsuite's lines pushed onto `lines`, each case written as it comes (a case's text is held once, as its
 * element: a report of 20,000 traced failures holds 15 MB of them, not that again for the cases and their joins).
 */
function suite(name: string, file: string, cases: Iterable<Case>, out: string[], lines: string[]): { tests: number; failures: number; errors: number } {
  const at = lines.push('') - 1;
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const c of cases) {
    tests++;
    if (c.problem?.kind === 'failure') failures++;
    if (c.problem?.kind === 'error') errors++;
    lines.push(testcase(c));
  }
  lines[at] = `  <testsuite name="${xml(name)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0" file="${xml(file)}">`;
  if (out.length) lines.push(`    <system-out>${xml(out.join('\n'))}</system-out>`);
  lines.push('  </testsuite>');
  return { tests, failures, errors };
}

/**
 * JUnit XML. `check`: one testsuite per scenario file, one testcase per expectation; a failure carries the
 * verdict, the code and the hop-by-hop trace. `validate`: one testsuite per model file, one testcase per error
 * (or one passing "valid" case), warnings in system-out. `lint`: one testsuite per valid model file, one testcase
 * per rule that ran, failing when the rule has an error finding; its other findings in the case's system-out.
 */
export function junit(report: Report): string {
  const lines: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  const add = (name: string, file: string, cases: Iterable<Case>, out: string[]): void => {
    const n = suite(name, file, cases, out, lines);
    tests += n.tests;
    failures += n.failures;
    errors += n.errors;
  };
  if (report.kind === 'validate') {
    for (const f of report.files) {
      if (report.rules && f.valid) {
        const ruled = new Set(report.rules);
        const cases: Case[] = report.rules.map((rule) => {
          const found = f.diagnostics.filter((d) => d.code === rule);
          const errs = found.filter((d) => d.severity === 'error');
          const c: Case = { name: rule, classname: f.file, file: f.file, line: errs[0]?.location.line ?? 1 };
          if (errs.length)
            c.problem = {
              kind: 'failure',
              type: rule,
              message: `${errs.length} error finding${errs.length === 1 ? '' : 's'}: ${errs[0]!.message}`,
              body: found.map(formatDiagnostic).join('\n'),
            };
          else if (found.length) c.out = found.map(formatDiagnostic).join('\n');
          return c;
        });
        add(f.file, f.file, cases, f.diagnostics.filter((d) => !ruled.has(d.code)).map(formatDiagnostic));
        continue;
      }
      const errs = f.diagnostics.filter((d) => d.severity === 'error');
      const warns = f.diagnostics.filter((d) => d.severity !== 'error').map(formatDiagnostic);
      const cases: Case[] = errs.length
        ? errs.map((d) => ({
            name: `${d.code}${d.location.line > 0 ? ` at ${d.location.line}:${d.location.column}` : ''}${d.location.path ? ` (${d.location.path})` : ''}`,
            classname: f.file,
            file: f.file,
            line: d.location.line,
            problem: { kind: 'failure', type: d.code, message: d.message, body: formatDiagnostic(d) },
          }))
        : [{ name: 'model is valid', classname: f.file, file: f.file, line: 1 }];
      add(f.file, f.file, cases, warns);
    }
  } else {
    for (const s of report.result.scenarios) add(s.file, s.file, checkCases(s), []);
  }
  const name = report.kind === 'validate' ? `vpcreach ${report.command ?? 'validate'}` : 'vpcreach check';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${name}" tests="${tests}" failures="${failures}" errors="${errors}">\n${lines.join('\n')}${lines.length ? '\n' : ''}</testsuites>\n`;
}

/** A scenario file's cases, one at a time: one per expectation (or per expectation not run), and one for its own errors. */
function* checkCases(s: Extract<Report, { kind: 'check' }>['result']['scenarios'][number]): Generator<Case> {
  const diagErrors = s.diagnostics.filter((d) => d.severity === 'error');
  if (diagErrors.length && s.notRun.length) {
    // One case per expectation, each saying why it did not run: test counts stay stable in CI dashboards.
    // The scenario's own error says why (an invalid model, say); the model's own errors are in the body.
    const reason = diagErrors.find((d) => d.location.file === s.file) ?? diagErrors[0]!;
    for (const x of s.notRun) {
      yield {
        name: x.name,
        classname: s.file,
        file: s.file,
        line: x.loc.line,
        problem: { kind: 'error', type: reason.code, message: `not run: ${reason.message}`, body: s.diagnostics.map(formatDiagnostic).join('\n') },
      };
    }
  } else if (diagErrors.length) {
    yield {
      name: 'scenario file and model are valid',
      classname: s.file,
      file: s.file,
      line: 1,
      problem: { kind: 'error', type: diagErrors[0]!.code, message: diagErrors[0]!.message, body: s.diagnostics.map(formatDiagnostic).join('\n') },
    };
  }
  for (const e of s.expectations) {
    const x = e.expectation;
    const c: Case = { name: x.name, classname: s.file, file: s.file, line: x.loc.line };
    if (x.description) c.out = x.description;
    if (e.status === 'pass') c.out = `${e.result.verdict} ${e.result.code} at ${e.result.at}${x.description ? `\n${x.description}` : ''}`;
    else if (e.status === 'fail') {
      c.problem = {
        kind: 'failure',
        type: e.result.code,
        message: expectationMessage(e),
        body: `verdict: ${e.result.verdict}\ncode: ${e.result.code}\nat: ${e.result.at}\n\n${isTraced(e.result) ? formatTrace(e.result) : untracedNote(e.counterexample, s.model)}`,
      };
    } else c.problem = { kind: 'error', type: e.code, message: expectationMessage(e), body: e.message };
    yield c;
  }
}
