// The parts of the report page: an expectation's flow and expectation, a trace's tables (a row per step, the deciding
// rule or setting of each filter), the heat map and the diagnostics, as escaped HTML.
import { plural, type Diagnostic } from '../model/index.js';
import { formatPorts } from '../net/index.js';
import type { Hop, Step, Trace, TraceResult } from '../sim/types.js';
import type { ReportedExpectation, HeatMap } from '../verify/report-data.js';
import { xmlText } from './picture/svg.js';
import { flowSource, flowTarget } from './expectation.js';

export const esc = xmlText;

export const STATUS_WORD = { pass: '✓ pass', fail: '✗ fail', error: '! error' } as const;

export function flowText(x: ReportedExpectation): string {
  const e = x.result.expectation;
  return `${e.from} → ${e.to} ${e.protocol}/${formatPorts(e.ports, ',')}`;
}

function expectText(x: ReportedExpectation): string {
  const e = x.result.expectation;
  const codes = (e.codes ?? []).join(' or ');
  return `expect ${e.expect}${codes ? ` (${codes})` : ''}`;
}

function ruleCell(step: Extract<Step, { type: 'filter' }>): string {
  const rules = step.rules.map((r) => {
    const where =
      r.line > 0
        ? `<span class="where">${esc(`${r.file}:${r.line}:${r.column}`)}${r.address ? ` ${esc(`(${r.address})`)}` : ''}</span>`
        : '<span class="where">built in</span>';
    return `<div class="rule ${r.action}">${esc(`${r.action} ${r.matched}: ${r.resource} ${r.text}`)} ${where}</div>`;
  });
  if (rules.length) return rules.join('');
  // Rule lists that no rule matched: their default decided. Everything else is decided by a setting of the
  // resource (a whitelist, an endpoint's status, a service's permissions, a port mapping, a listener…): name it.
  if ((step.filter === 'security-group' || step.filter === 'network-acl') && step.decision !== 'bypass')
    return '<span class="muted">no rule matched: the default applies</span>';
  const where = step.location ? ` <span class="where">${esc(`${step.location.file}:${step.location.line}:${step.location.column}`)}</span>` : '';
  return `<div class="rule ${step.decision === 'allow' ? 'allow' : step.decision === 'bypass' ? 'bypass' : 'deny'}">${esc(`${settingOf(step)} of ${step.resource}`)}${where}</div>`;
}

/** What setting of its resource decided a filter step that has no rules. */
function settingOf(step: Extract<Step, { type: 'filter' }>): string {
  switch (step.filter) {
    case 'security-group':
    case 'network-acl':
      return 'the layer-4 pass-through of the load balancer, not the rules';
    case 'listener-access-control':
      return 'the access control list';
    case 'endpoint-whitelist':
      return 'the whitelist';
    case 'endpoint-status':
      return 'the connection status';
    case 'endpoint-permission':
      return 'the permissions';
    case 'protocol':
      return 'the protocols an endpoint carries';
    case 'port-mapping':
      return 'the port mappings';
    case 'listener':
      return 'the listeners';
    case 'member-health':
      return 'the members’ health and weights';
    case 'listening-port':
      return 'the listening ports (listens)';
    case 'route':
      return 'the route tables on both sides of the peering connection';
    case 'snat-rule':
      return 'the SNAT rules';
    case 'dnat-rule':
      return 'the DNAT rules';
  }
}

function stepRow(step: Step): string {
  switch (step.type) {
    case 'originate':
      return `<td>originate</td><td></td><td>${esc(`${step.flow.protocol} ${flowSource(step.flow)} → ${flowTarget(step.flow)}`)}</td><td></td>`;
    case 'filter': {
      const what = `${step.filter}${step.direction ? ` ${step.direction}` : ''}`;
      const fix = step.fix ? `<div class="fix">fix: ${esc(step.fix)}</div>` : '';
      return `<td>${esc(what)}</td><td class="decision ${step.decision}">${esc(step.decision)}</td><td>${esc(step.detail)}${fix}</td><td>${ruleCell(step)}</td>`;
    }
    case 'transform':
      return `<td>${esc(step.transform)}</td><td></td><td>${esc(`${flowSource(step.before)} → ${flowTarget(step.before)} becomes ${flowSource(step.after)} → ${flowTarget(step.after)} (${step.detail})`)}</td><td></td>`;
    case 'forward':
    case 'deliver':
      return `<td>${step.type}</td><td class="decision ${step.type === 'deliver' ? 'allow' : ''}">${step.type === 'deliver' ? 'delivered' : ''}</td><td>${esc(step.detail)}</td><td></td>`;
    case 'drop': {
      const fix = step.fix ? `<div class="fix">fix: ${esc(step.fix)}</div>` : '';
      return `<td>drop</td><td class="decision deny"><code>${esc(step.code)}</code></td><td>${esc(step.detail)}${fix}</td><td></td>`;
    }
  }
}

function hopRows(hop: Hop, n: number): string {
  return hop.steps
    .map((s, i) => {
      const head = i === 0 ? `<th scope="rowgroup" rowspan="${hop.steps.length}">${n}. ${esc(hop.node)} <span class="muted">${esc(hop.kind)}</span></th>` : '';
      return `<tr>${head}${stepRow(s)}</tr>`;
    })
    .join('');
}

export function traceTable(t: Trace, i: number, total: number): string {
  const caption = `path ${i + 1} of ${total}: ${t.status}, ${t.disposition} at ${t.at}`;
  const notes = [...new Set(t.hops.flatMap((h) => h.notes))];
  return (
    `<table class="trace"><caption>${esc(caption)}</caption><thead><tr><th scope="col">hop</th><th scope="col">step</th><th scope="col">decision</th><th scope="col">detail</th><th scope="col">deciding rule and where it is written</th></tr></thead>` +
    `<tbody>${t.hops.map((h, n) => hopRows(h, n + 1)).join('')}</tbody></table>` +
    (notes.length ? `<ul class="notes">${notes.map((n) => `<li>note: ${esc(n)}</li>`).join('')}</ul>` : '')
  );
}

export function detailOf(x: ReportedExpectation, id: string, path: string): string {
  const r = x.result;
  const e = r.expectation;
  const head = `<h2>${esc(e.name)}</h2><p class="status ${r.status}"><span class="badge ${r.status}">${STATUS_WORD[r.status]}</span> ${esc(`${flowText(x)}, ${expectText(x)}`)}</p>`;
  const where = `<p class="muted">written at ${esc(`${e.loc.file}:${e.loc.line}:${e.loc.column}`)}${x.model ? `, model ${esc(x.model)}` : ''}</p>`;
  let why = '';
  if (r.status === 'fail') why = `<p class="reason">${esc(r.reason)}</p>`;
  else if (r.status === 'error') why = `<p class="reason">${esc(`${r.code}: ${r.message}`)}</p>`;
  const flows =
    r.status === 'error'
      ? ''
      : r.flows.flows > 1
        ? `<p class="muted">${esc(`${r.flows.flows.toLocaleString('en-US')} flows; the one drawn: ${r.status === 'fail' ? 'the counterexample' : 'the first'}`)}</p>`
        : '';
  const trace = x.trace;
  const traces = trace ? `<p class="verdict">${esc(traceSummary(trace))}</p>${trace.traces.map((t, i) => traceTable(t, i, trace.traces.length)).join('')}` : '';
  return `<article class="detail" id="d-${id}" data-x="${id}" hidden>${head}${where}${why}${flows}${path}${traces}</article>`;
}

function traceSummary(r: TraceResult): string {
  const members = r.traces.length > 1 ? `; ${r.traces.filter((t) => t.status !== 'dropped').length} of ${r.traces.length} paths deliver` : '';
  return `${r.flow.from} → ${r.flow.to} ${r.flow.protocol}/${r.flow.dstPort}: ${r.verdict} (${r.code} at ${r.at})${members}`;
}

export function heatTable(file: string, heat: HeatMap): string {
  if (heat.columns.length === 0) return '';
  const head = heat.columns
    .map((c) => `<th scope="col">${esc(c.to)}<div class="muted">${esc(`on some port of ${c.protocols.join('/')} ${formatPorts(c.ports, ',')}`)}</div></th>`)
    .join('');
  const rows = heat.rows.map((row, i) => {
    const cells = heat.cells[i]!.map((v, j) => {
      const col = heat.columns[j]!;
      if (v === null) return `<td class="heat none" title="${esc(`${row.vpc} has no route to ${col.to}`)}">no route</td>`;
      const share = row.instances === 0 ? 0 : v / row.instances;
      const level = v === 0 ? 0 : share < 0.34 ? 1 : share < 0.67 ? 2 : share < 1 ? 3 : 4;
      const ports = `${col.protocols.join('/')} ${formatPorts(col.ports, ',')}`;
      return `<td class="heat h${level}" title="${esc(`${v} of ${row.instances} instances of ${row.vpc} reach ${col.to} on at least one port of ${ports} (not necessarily every port)`)}">${v}/${row.instances}</td>`;
    });
    return `<tr><th scope="row">${esc(row.vpc)}</th>${cells.join('')}</tr>`;
  });
  const omitted = heat.omitted ? `<p class="muted">${esc(`${plural(heat.omitted, 'more destination')} not shown`)}</p>` : '';
  return `<div class="heatmap"><h3>${esc(file)}</h3><table class="heat"><caption>instances of each VPC that reach each destination of the expectations on at least one of the ports named (a share of some port, not of every port)</caption><thead><tr><th scope="col">from VPC</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>${omitted}</div>`;
}

export function diagnosticList(ds: readonly Diagnostic[]): string {
  return ds
    .map(
      (d) =>
        `<li class="${d.severity}"><code>${esc(d.code)}</code> ${esc(`${d.location.file}:${d.location.line}:${d.location.column}`)} ${esc(d.message)}${d.hint ? ` <span class="muted">(${esc(d.hint)})</span>` : ''}</li>`,
    )
    .join('');
}
