import { countDiagnostics, formatLocation, plural, type Diagnostic, pushAll } from '../model/index.js';
import { isTraced, untracedNote } from './expectation.js';
import type { AllBlockers, Hop, Step, Trace, TraceResult } from '../sim/types.js';
import type { PortClass } from '../symbolic/ports.js';
import type { Matrix } from '../symbolic/matrix.js';
import { idList, writeMatrix } from './matrix-writer.js';
import { formatPorts } from '../net/index.js';
import type { CheckResult, ExpectationResult } from '../verify/scenario.js';
import { expectationFlow, flowCounts, flowSource, flowTarget } from './expectation.js';

/** One line per diagnostic: `file:line:column  severity  code  message  (hint)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d.location);
  return `${where}  ${d.severity}  ${d.code}  ${d.message}${d.hint ? `  (${d.hint})` : ''}`;
}

/** Diagnostics of one or more files, then a summary line. */
export function formatValidation(
  files: readonly { file: string; diagnostics: readonly Diagnostic[]; valid: boolean }[],
  command: 'validate' | 'lint' = 'validate',
): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of files) {
    for (const d of f.diagnostics) {
      lines.push(formatDiagnostic(d));
      if (d.severity === 'error') errors += d.count ?? 1;
      else if (d.severity === 'warning') warnings += d.count ?? 1;
      else infos += d.count ?? 1;
    }
    if (command === 'lint') {
      if (f.valid) lines.push(`${f.file}: ${f.diagnostics.length ? countsOf(f.diagnostics) : 'no findings'}`);
    } else if (f.valid) lines.push(`${f.file}: valid${f.diagnostics.length ? ` (${plural(countDiagnostics(f.diagnostics, 'warning'), 'warning')})` : ''}`);
  }
  // One linted file: its own line is the summary (the total would say it again).
  if (!(command === 'lint' && files.length === 1 && files[0]!.valid))
    lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}${infos ? `, ${infos} info` : ''}`);
  return lines.join('\n') + '\n';
}

function countsOf(ds: readonly Diagnostic[]): string {
  const info = countDiagnostics(ds, 'info');
  return `${plural(countDiagnostics(ds, 'error'), 'error')}, ${plural(countDiagnostics(ds, 'warning'), 'warning')}${info ? `, ${info} info` : ''}`;
}

const arrow = '→';

function formatStep(step: Step, previous: Step | undefined): string[] {
  switch (step.type) {
    case 'originate':
      return [`originate  ${step.flow.protocol} ${flowSource(step.flow)} ${arrow} ${flowTarget(step.flow)}`];
    case 'filter': {
      const lines = [`${step.decision.padEnd(9)}  [${step.filter}] ${step.detail}`];
      for (const r of step.rules)
        if (r.line > 0)
          lines.push(
            `             ${r.action} ${r.matched}: ${r.resource} ${r.text.split(':')[0]} at ${r.file}:${r.line}:${r.column}${r.address ? ` (${r.address})` : ''}`,
          );
      if (step.fix) lines.push(`fix        ${step.fix}`);
      return lines;
    }
    case 'transform':
      return [
        `transform  [${step.transform}] ${flowSource(step.before)} ${arrow} ${flowTarget(step.before)}  becomes  ${flowSource(step.after)} ${arrow} ${flowTarget(step.after)}  (${step.detail})`,
      ];
    case 'forward':
      return [`forward    ${step.detail}`];
    case 'deliver':
      return [`deliver    ${step.detail}`];
    case 'drop':
      // The reason is the filter's detail just above, when a filter dropped the flow; otherwise it is said here.
      return [
        `drop       ${step.code}${previous?.type === 'filter' && previous.detail === step.detail ? '' : `: ${step.detail}`}`,
        ...(step.fix ? [`fix        ${step.fix}`] : []),
      ];
    default: {
      const never: never = step;
      throw new Error(`formatStep: unknown step ${JSON.stringify(never)}`);
    }
  }
}

function formatHop(hop: Hop, n: number, indent: string, previous: Hop | undefined): string[] {
  const lines = [`${indent}${n}. ${hop.node} (${hop.kind})`];
  hop.steps.forEach((s, i) => {
    for (const l of formatStep(s, hop.steps[i - 1])) lines.push(`${indent}     ${l}`);
  });
  // A note the previous hop already made is not repeated.
  for (const note of hop.notes) if (!previous?.notes.includes(note)) lines.push(`${indent}     note       ${note}`);
  return lines;
}

function formatPath(t: Trace, i: number, total: number, indent: string): string[] {
  const lines = [`${indent}path ${i + 1} of ${total}: ${t.status}, ${t.disposition} at ${t.at}`];
  t.hops.forEach((h, n) => pushAll(lines, formatHop(h, n + 1, `${indent}  `, t.hops[n - 1])));
  return lines;
}

/** "  (2 of 2 members deliver)" when the flow fans out to load-balancer members. */
function memberCount(r: TraceResult): string {
  if (r.traces.length < 2) return '';
  const delivered = r.traces.filter((t) => t.status !== 'dropped').length;
  return `  (${delivered} of ${r.traces.length} members deliver)`;
}

/** A trace result as text: verdict line, flow line, then every path hop by hop. */
export function formatTrace(r: TraceResult, indent = ''): string {
  const lines = [
    `${indent}${r.verdict.toUpperCase()}  ${r.code}  at ${r.at}${memberCount(r)}`,
    `${indent}flow: ${r.flow.protocol} ${flowSource(r.flow)} ${arrow} ${flowTarget(r.flow)}  (from ${r.flow.from} to ${r.flow.to})`,
  ];
  r.traces.forEach((t, i) => {
    lines.push('');
    pushAll(lines, formatPath(t, i, r.traces.length, indent));
  });
  return lines.join('\n') + '\n';
}

/** `analyze --from --to`: every port of both protocols (or every icmp type, of one code) in classes that end alike, one line each. */
export function formatPortClasses(from: string, to: string, classes: readonly PortClass[], icmpCode?: number): string {
  const rows = classes.map((c) => [`${c.protocol} ${formatPorts(c.ports, ', ')}`, c.verdict, c.code, `at ${c.at}`]);
  const width = [0, 1, 2].map((i) => rows.reduce((w, r) => Math.max(w, r[i]!.length), 0));
  const what = icmpCode === undefined ? 'every port of tcp and udp and every icmp type' : `every icmp type, of code ${icmpCode}`;
  const how = icmpCode === undefined ? '--port <first port of a class>' : `--protocol icmp --port <first type of a class> --icmp-code ${icmpCode}`;
  const lines = [`${from} ${arrow} ${to}: ${what}, in ${classes.length} class${classes.length === 1 ? '' : 'es'} (vpcreach trace ${how} explains it)`];
  for (const r of rows) lines.push(`  ${r.map((cell, i) => (i < 3 ? cell.padEnd(width[i]!) : cell)).join('  ')}`);
  return lines.join('\n') + '\n';
}

/**
 * `analyze` without `--from` (who reaches a destination) or without `--to` (what a source reaches): resources that
 * end alike on every port listed together.
 */
export function formatClassGroups(title: string, groups: readonly { ids: readonly string[]; classes: readonly PortClass[] }[]): string {
  const lines = [title];
  for (const g of groups) {
    lines.push('', `${idList(g.ids, 10)}:`);
    if (g.classes.length === 0) lines.push('  (no port in the range asked for)');
    for (const line of formatPortClasses('', '', g.classes).trimEnd().split('\n').slice(1)) lines.push(line);
  }
  return lines.join('\n') + '\n';
}

/**
 * `analyze` with neither --from nor --to: the matrix by VPC block (matrix-writer.ts, which `analyze` streams through).
 */
export function formatMatrix(file: string, m: Matrix): string {
  return writeMatrix('text', file, m);
}

/** `trace --all-blockers`: every blocker in path order, each with its fix, and whether fixing them all is enough. */
export function formatAllBlockers(b: AllBlockers): string {
  if (b.blockers.length === 0) return 'all blockers: none; the flow is reachable\n';
  const lines = [`all blockers, in path order (${b.blockers.length === 1 ? 'fix it' : `fix all ${b.blockers.length}`}):`];
  b.blockers.forEach((x, i) => {
    lines.push(`  ${i + 1}. ${x.code}  at ${x.at}${x.node === x.at ? '' : `  (hop ${x.node})`}`, `     ${x.detail}`);
    if (x.fix) lines.push(`     fix: ${x.fix}`);
  });
  const stop = b.blockers.find((x) => !x.passable);
  if (b.complete) lines.push(`with ${b.blockers.length === 1 ? 'it' : 'all of them'} fixed, the flow is reachable`);
  else if (stop) lines.push(`vpcreach cannot look past ${stop.code} at ${stop.at}: what lies beyond depends on how it is fixed; trace again after fixing it`);
  return lines.join('\n') + '\n';
}

function expectationLine(e: ExpectationResult): string {
  const x = e.expectation;
  const what = `${x.name}  [${expectationFlow(x, arrow)}]`;
  switch (e.status) {
    case 'pass':
      if (e.flows.set)
        return `  PASS   ${what}  ${x.expect === 'some' ? `delivered for ${(e.flows.flows - e.flows.failing).toLocaleString('en-US')} of` : `${x.expect}:${e.flows.flows === 1 ? '' : ' all'}`} ${flowCounts(e.flows)}`;
      return `  PASS   ${what}  ${e.result.verdict} ${e.result.code} at ${e.result.at}`;
    case 'fail':
      return `  FAIL   ${what}  ${e.reason}  (${x.loc.file}:${x.loc.line}:${x.loc.column})`;
    case 'error':
      return `  ERROR  ${what}  ${e.message}  (${x.loc.file}:${x.loc.line}:${x.loc.column})`;
    default: {
      const never: never = e;
      throw new Error(`expectationLine: unknown status ${JSON.stringify(never)}`);
    }
  }
}

/** A check run as text: per scenario file one line per expectation, the contradicting trace under each failure, then totals. */
export function formatCheck(r: CheckResult): string {
  const lines: string[] = [];
  for (const s of r.scenarios) {
    lines.push(`${s.file}${s.model ? `  (model ${s.model})` : ''}`);
    for (const d of s.diagnostics) lines.push(`  ${formatDiagnostic(d)}`);
    for (const e of s.expectations) {
      lines.push(expectationLine(e));
      if (e.expectation.description) lines.push(`         ${e.expectation.description}`);
      if (e.status === 'fail')
        lines.push(isTraced(e.result) ? formatTrace(e.result, '         ').trimEnd() : `         ${untracedNote(e.counterexample, s.model)}`);
    }
  }
  lines.push('');
  lines.push(
    `${r.passed} passed, ${r.failed} failed${r.errors ? `, ${plural(r.errors, 'error')}` : ''}  (PASS: the expectation held; FAIL: the model contradicts it)`,
  );
  return lines.join('\n') + '\n';
}

/**
 * Wraps lines longer than `width` at spaces, for a terminal; continuation lines keep the line's indentation plus
 * four spaces. Width 0 (or not a terminal) leaves the text as it is: files and pipes get one line per item.
 */
export function wrapLines(text: string, width: number): string {
  if (width <= 0) return text;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.length <= width) {
      out.push(line);
      continue;
    }
    const indent = ' '.repeat(line.length - line.trimStart().length + 4);
    let rest = line;
    let first = true;
    while (rest.length > width) {
      const floor = first ? 20 : indent.length + 20;
      let cut = rest.lastIndexOf(' ', width);
      if (cut <= floor) cut = width;
      out.push(rest.slice(0, cut).trimEnd());
      rest = indent + rest.slice(cut).trimStart();
      first = false;
    }
    out.push(rest);
  }
  return out.join('\n');
}
