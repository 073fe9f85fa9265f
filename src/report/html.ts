/**
 * `vpcreach report`: one self-contained HTML page — the summary of every expectation, the topology of each model with
 * the selected expectation's path drawn on it, the hop-by-hop trace with the deciding rule of each filter and where
 * it is written, and a heat map of who reaches the expectations' destinations. No network: styles and the one script
 * are inline, allowed by their hashes in a Content-Security-Policy that forbids everything else. Every text from a
 * model or scenario is escaped; the page's data travels as JSON in a non-executed script element with `<`, `>` and
 * `&` written as `\u` escapes, and the script only ever sets `textContent` and classes.
 */
import { createHash } from 'node:crypto';
import { plural, type Diagnostic, type Model } from '../model/index.js';
import { formatPorts } from '../net/index.js';
import type { Hop, Step, Trace, TraceResult } from '../sim/types.js';
import type { ReportData, ReportedExpectation, HeatMap } from '../verify/report-data.js';
import type { Decided } from '../sim/engine.js';
import type { FlowChange, ModelDiff } from '../symbolic/diff.js';
import type { DiffFiles, WitnessTraces } from './diff.js';
import { buildScene, markPath, pathResources, type PathMarks, type Scene } from './picture/scene.js';
import { DEFAULT_MAX_NODES } from './picture/index.js';
import { layoutScene } from './picture/layout.js';
import { PICTURE_CSS, PICTURE_DEFS, toSvg, xmlText } from './picture/svg.js';

const esc = xmlText;

/** JSON for inside a `<script type="application/json">`: nothing in it can close the element or open a comment. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

const STATUS_WORD = { pass: '✓ pass', fail: '✗ fail', error: '! error' } as const;

/**
 * The scene of one model with the paths of several flows: everything when it fits, else the neighbourhood of the
 * paths (one step, else the paths alone). Returns each flow's marks by its key.
 */
function sharedScene(model: Model, traces: ReadonlyMap<string, TraceResult>): { scene: Scene; marks: Map<string, PathMarks> } {
  let scene = buildScene(model);
  if (scene.nodes.length > DEFAULT_MAX_NODES) {
    const focus = [...new Set([...traces.values()].flatMap((t) => pathResources(t)).filter((id) => model.resources.has(id)))];
    scene = buildScene(model, { focus, depth: 1 });
    if (scene.nodes.length > DEFAULT_MAX_NODES) scene = buildScene(model, { focus, depth: 0 });
  }
  const marks = new Map<string, PathMarks>();
  for (const [key, t] of traces) {
    const marked = markPath(scene, t, { labelFlows: false });
    scene = marked.scene;
    marks.set(key, marked.marks);
  }
  return { scene, marks };
}

/** What the page's script needs of one selectable item: its picture and marks. */
interface Selectable {
  model: string | null;
  name: string;
  nodes: [string, string][];
  edges: [string, string][];
  stops: [string, string][];
  summary: string;
}

/**
 * One picture per model (hidden until an item on it is selected), and each item's marks for the script. `models`:
 * page id, file as shown, the model, and the traces of the items drawn on it.
 */
async function picturesOf(
  models: readonly {
    readonly id: string;
    readonly file: string;
    readonly model: Model;
    readonly traces: ReadonlyMap<string, TraceResult>;
    readonly names: ReadonlyMap<string, string>;
  }[],
): Promise<{ html: string; payload: Map<string, Selectable> }> {
  const pictures: string[] = [];
  const payload = new Map<string, Selectable>();
  for (const m of models) {
    const { scene, marks } = sharedScene(m.model, m.traces);
    const stopNodes = new Set([...marks.values()].flatMap((x) => x.stops.map((s) => s.node)));
    const layout = await layoutScene(scene, stopNodes);
    const omitted =
      scene.omitted > 0 ? ` <span class="muted">(${esc(`the neighbourhood of the paths drawn; ${plural(scene.omitted, 'other node')} not drawn`)})</span>` : '';
    pictures.push(
      `<section class="picture" data-model="${m.id}" hidden><h2>topology of ${esc(m.file)}${omitted}</h2><button type="button" class="zoom" aria-pressed="false">actual size</button><figure>${toSvg(layout, undefined, { inline: true, title: `topology of ${m.file}` })}<figcaption></figcaption></figure></section>`,
    );
    for (const [key, x] of marks) {
      payload.set(key, {
        model: m.id,
        name: m.names.get(key) ?? key,
        nodes: [...x.nodes],
        edges: [...x.edges],
        stops: x.stops.map((s) => [s.node, s.code]),
        summary: x.summary,
      });
    }
  }
  return { html: pictures.join('\n'), payload };
}

function flowText(x: ReportedExpectation): string {
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
  }
}

function stepRow(step: Step): string {
  switch (step.type) {
    case 'originate':
      return `<td>originate</td><td></td><td>${esc(`${step.flow.protocol} ${step.flow.src} → ${step.flow.dst}:${step.flow.dstPort}`)}</td><td></td>`;
    case 'filter': {
      const what = `${step.filter}${step.direction ? ` ${step.direction}` : ''}`;
      const fix = step.fix ? `<div class="fix">fix: ${esc(step.fix)}</div>` : '';
      return `<td>${esc(what)}</td><td class="decision ${step.decision}">${esc(step.decision)}</td><td>${esc(step.detail)}${fix}</td><td>${ruleCell(step)}</td>`;
    }
    case 'transform':
      return `<td>${esc(step.transform)}</td><td></td><td>${esc(`${step.before.src} → ${step.before.dst}:${step.before.dstPort} becomes ${step.after.src} → ${step.after.dst}:${step.after.dstPort} (${step.detail})`)}</td><td></td>`;
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

function traceTable(t: Trace, i: number, total: number): string {
  const caption = `path ${i + 1} of ${total}: ${t.status}, ${t.disposition} at ${t.at}`;
  const notes = [...new Set(t.hops.flatMap((h) => h.notes))];
  return (
    `<table class="trace"><caption>${esc(caption)}</caption><thead><tr><th scope="col">hop</th><th scope="col">step</th><th scope="col">decision</th><th scope="col">detail</th><th scope="col">deciding rule and where it is written</th></tr></thead>` +
    `<tbody>${t.hops.map((h, n) => hopRows(h, n + 1)).join('')}</tbody></table>` +
    (notes.length ? `<ul class="notes">${notes.map((n) => `<li>note: ${esc(n)}</li>`).join('')}</ul>` : '')
  );
}

/**
 * The path of one flow drawn on its own: the resources it touched and their clusters, with its marks — readable at a
 * glance however large the model (the topology above shows where it lies in the whole).
 */
async function pathView(model: Model, trace: TraceResult): Promise<string> {
  const focus = pathResources(trace).filter((id) => model.resources.has(id));
  const { scene, marks } = markPath(buildScene(model, { focus, depth: 0 }), trace);
  const layout = await layoutScene(scene, new Set(marks.stops.map((s) => s.node)));
  return `<figure class="path-view"><figcaption>${esc(`the path alone: ${marks.summary}`)}</figcaption>${toSvg(layout, marks, { inline: true })}</figure>`;
}

function detailOf(x: ReportedExpectation, id: string, path: string): string {
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

function heatTable(file: string, heat: HeatMap): string {
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

function diagnosticList(ds: readonly Diagnostic[]): string {
  return ds
    .map(
      (d) =>
        `<li class="${d.severity}"><code>${esc(d.code)}</code> ${esc(`${d.location.file}:${d.location.line}:${d.location.column}`)} ${esc(d.message)}${d.hint ? ` <span class="muted">(${esc(d.hint)})</span>` : ''}</li>`,
    )
    .join('');
}

const PAGE_CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--sel:#ddf4ff;--focus:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--panel:#151b23;--ok:#3fb950;--bad:#f85149;--warn:#d29922;--sel:#121d2f;--focus:#4493f8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header{padding:16px 24px;border-bottom:1px solid var(--line)}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:17px;margin:0 0 8px}
h3{font-size:14px;margin:12px 0 4px}
.muted{color:var(--muted)}
ul.summary{display:flex;gap:12px;list-style:none;padding:0;margin:12px 0 0}
.tile{border:1px solid var(--line);border-radius:8px;padding:8px 16px;background:var(--panel)}
.tile .n{font-size:22px;font-weight:600;margin-right:6px}
.tile.pass .n{color:var(--ok)}.tile.fail .n{color:var(--bad)}.tile.error .n{color:var(--warn)}
main{display:grid;grid-template-columns:minmax(260px,380px) 1fr;gap:0}
nav{border-right:1px solid var(--line);padding:12px 16px;max-height:100vh;overflow:auto;position:sticky;top:0}
nav ul{list-style:none;margin:0;padding:0}
button.x{display:block;width:100%;text-align:left;border:1px solid transparent;border-radius:6px;background:none;color:inherit;font:inherit;padding:6px 8px;cursor:pointer}
button.x:hover{background:var(--panel)}
button.x[aria-pressed="true"]{background:var(--sel);border-color:var(--focus)}
button.x:focus-visible{outline:2px solid var(--focus);outline-offset:1px}
button.x .flow{display:block;color:var(--muted);font-size:12px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.badge{font-weight:600;font-size:12px;white-space:nowrap}
.badge.pass{color:var(--ok)}.badge.fail{color:var(--bad)}.badge.error{color:var(--warn)}
.area{padding:12px 24px;min-width:0}
.picture{overflow:auto;border:1px solid var(--line);border-radius:8px;margin:0 0 16px}
.picture h2{padding:8px 12px 0}
.picture svg{max-width:100%;height:auto}
.picture.actual svg{max-width:none}
figure.path-view{border:1px solid var(--line);border-radius:8px;margin:8px 0 16px;overflow:auto}
figure.path-view svg{display:block}
button.zoom{margin:4px 12px;font:inherit;font-size:12px;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:inherit;padding:2px 8px;cursor:pointer}
button.zoom:focus-visible{outline:2px solid var(--focus)}
figure{margin:0;padding:8px}
figcaption{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;padding:4px 4px 0}
table{border-collapse:collapse;margin:8px 0 16px;width:100%}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid var(--line);padding:4px 6px;vertical-align:top;text-align:left}
table.trace td,table.trace th[scope=rowgroup]{font-size:12.5px}
table.trace th[scope=rowgroup]{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap}
.decision.allow{color:var(--ok);font-weight:600}.decision.deny{color:var(--bad);font-weight:600}.decision.partial{color:var(--warn);font-weight:600}
.rule .where{color:var(--muted);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.fix{color:var(--warn)}
.reason{color:var(--bad);font-weight:600}
table.heat{width:auto}
td.heat{text-align:center;font-variant-numeric:tabular-nums;min-width:64px}
td.heat.none{color:var(--muted)}
td.h0{background:color-mix(in srgb,var(--bad) 18%,transparent)}
td.h1{background:color-mix(in srgb,var(--ok) 15%,transparent)}
td.h2{background:color-mix(in srgb,var(--ok) 30%,transparent)}
td.h3{background:color-mix(in srgb,var(--ok) 45%,transparent)}
td.h4{background:color-mix(in srgb,var(--ok) 65%,transparent)}
ul.diagnostics li.error code{color:var(--bad)}ul.diagnostics li.warning code{color:var(--warn)}
@media (max-width:900px){main{grid-template-columns:1fr}nav{position:static;max-height:none;border-right:0;border-bottom:1px solid var(--line)}}
@media print{:root{--bg:#fff;--fg:#000;--muted:#444;--panel:#fff;--sel:#fff}nav,button.zoom{display:none}figure.path-view svg{max-width:100%;height:auto}main{display:block}article.detail[hidden]{display:block;break-before:page}.picture{break-inside:avoid}}
${PICTURE_CSS}`;

const SCRIPT = `(function(){
var data=JSON.parse(document.getElementById('vr-data').textContent);
var buttons=Array.prototype.slice.call(document.querySelectorAll('button.x'));
var STATES=['path','delivered','partial','stopped'];
function each(list,fn){Array.prototype.forEach.call(list,fn);}
function select(id,focus){
  var x=data.x[id];
  buttons.forEach(function(b){var on=b.getAttribute('data-x')===id;b.setAttribute('aria-pressed',on?'true':'false');b.tabIndex=on?0:-1;if(on&&focus)b.focus();});
  each(document.querySelectorAll('article.detail'),function(d){d.hidden=d.getAttribute('data-x')!==id;});
  each(document.querySelectorAll('.picture'),function(p){
    var mine=!!x&&p.getAttribute('data-model')===x.model;
    p.hidden=!mine;
    each(p.querySelectorAll('.node,.edge'),function(el){STATES.forEach(function(s){el.classList.remove(s);});});
    each(p.querySelectorAll('.node .code'),function(el){el.textContent='';});
    var cap=p.querySelector('figcaption');
    if(!mine){return;}
    var nodes=new Map(x.nodes),edges=new Map(x.edges),stops=new Map();
    x.stops.forEach(function(s){stops.set(s[0],(stops.has(s[0])?stops.get(s[0])+', ':'')+s[1]);});
    each(p.querySelectorAll('.node'),function(el){var k=el.getAttribute('data-key');var s=nodes.get(k);if(s){el.classList.add(s);}var c=el.querySelector('.code');if(c&&stops.has(k)){c.textContent='\\u2717 '+stops.get(k);}});
    each(p.querySelectorAll('.edge'),function(el){var s=edges.get(el.getAttribute('data-key'));if(s){el.classList.add(s);}});
    if(cap){cap.textContent=x.summary;}
  });
  var live=document.getElementById('selected');if(live){live.textContent=x?x.name:'';}
}
buttons.forEach(function(b,i){
  b.addEventListener('click',function(){select(b.getAttribute('data-x'),false);});
  b.addEventListener('keydown',function(ev){
    var j=ev.key==='ArrowDown'?i+1:ev.key==='ArrowUp'?i-1:ev.key==='Home'?0:ev.key==='End'?buttons.length-1:-2;
    if(j===-2){return;}
    ev.preventDefault();
    j=Math.max(0,Math.min(buttons.length-1,j));
    select(buttons[j].getAttribute('data-x'),true);
  });
});
each(document.querySelectorAll('.picture svg'),function(s){var w=s.width&&s.width.baseVal?s.width.baseVal.value:0;if(w>0)s.style.minWidth=Math.round(w*0.75)+'px';});
each(document.querySelectorAll('button.zoom'),function(z){z.addEventListener('click',function(){var p=z.parentNode;var on=!p.classList.contains('actual');p.classList.toggle('actual',on);z.setAttribute('aria-pressed',on?'true':'false');z.textContent=on?'fit to width':'actual size';});});
if(data.first){select(data.first,false);}
})();`;

/** The parts of a page: everything but the shell. */
interface PageParts {
  readonly title: string;
  readonly version: string;
  readonly subtitle: string;
  readonly tiles: readonly { readonly cls: string; readonly key: string; readonly n: number; readonly label: string }[];
  readonly notices: string;
  readonly navTitle: string;
  readonly nav: string;
  readonly pictures: string;
  readonly details: string;
  readonly extra: string;
  readonly after: string;
  readonly payload: ReadonlyMap<string, Selectable>;
  readonly first: string | null;
}

/** The page around its parts: head with the policy, header with the summary tiles, list, pictures, details, data, script. */
function page(p: PageParts): string {
  const json = scriptJson({ first: p.first, x: Object.fromEntries(p.payload) });
  const csp = `default-src 'none'; style-src ${cspHash(PAGE_CSS)}; script-src ${cspHash(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const tiles = p.tiles.map((t) => `<li class="tile ${t.cls}"><span class="n" data-count="${t.key}">${t.n}</span>${esc(t.label)}</li>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="vpcreach ${esc(p.version)}">
<title>${esc(p.title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header>
<h1>${esc(p.title.split(':')[0]!)}</h1>
<p class="muted">${esc(p.subtitle)}</p>
<ul class="summary" aria-label="summary">
${tiles}
</ul>
${p.notices}
</header>
<main>
<nav aria-label="${esc(p.navTitle)}"><h2>${esc(p.navTitle)}</h2><p class="muted">click one, or move with ↑ ↓</p>${p.nav}</nav>
<div class="area"><p class="muted" aria-live="polite">selected: <span id="selected"></span></p>
${p.pictures}
${p.details}
${p.extra}
</div>
</main>
${p.after}
${PICTURE_DEFS}
<script type="application/json" id="vr-data">${json}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** A selectable item of the list. */
function itemButton(id: string, status: string, badge: string, name: string, flow: string): string {
  return `<li><button type="button" class="x ${status}" data-x="${id}" aria-pressed="false" aria-controls="d-${id}" tabindex="-1"><span class="badge ${status}">${esc(badge)}</span> ${esc(name)}<span class="flow">${esc(flow)}</span></button></li>`;
}

/** The report page of a scenario run. Deterministic: the same data gives the same bytes. */
export async function htmlReport(data: ReportData, options: { readonly version: string; readonly title?: string }): Promise<string> {
  const { check } = data;
  const ids = data.expectations.map((_x, i) => `x${i}`);
  const modelFiles = [...data.models.keys()];
  const modelId = new Map(modelFiles.map((f, i) => [f, `m${i}`]));
  const { html: pictures, payload } = await picturesOf(
    modelFiles.map((file) => {
      const traces = new Map<string, TraceResult>();
      const names = new Map<string, string>();
      data.expectations.forEach((x, i) => {
        if (x.model !== file || x.trace === null) return;
        traces.set(ids[i]!, x.trace);
        names.set(ids[i]!, x.result.expectation.name);
      });
      return { id: modelId.get(file)!, file, model: data.models.get(file)!.model, traces, names };
    }),
  );
  data.expectations.forEach((x, i) => {
    if (payload.has(ids[i]!)) return;
    const model = x.model !== null ? (modelId.get(x.model) ?? null) : null;
    payload.set(ids[i]!, { model, name: x.result.expectation.name, nodes: [], edges: [], stops: [], summary: 'no trace: the expectation could not run' });
  });
  const firstFailing = data.expectations.findIndex((x) => x.result.status !== 'pass');
  const first = data.expectations.length === 0 ? null : ids[firstFailing >= 0 ? firstFailing : 0]!;
  const nav = check.scenarios
    .map((s) => {
      const items = data.expectations
        .map((x, i) => ({ x, i }))
        .filter(({ x }) => x.scenario === s.file)
        .map(({ x, i }) => itemButton(ids[i]!, x.result.status, STATUS_WORD[x.result.status], x.result.expectation.name, flowText(x)));
      const notRun = s.notRun.length
        ? `<p class="muted">${esc(`${plural(s.notRun.length, 'expectation')} not run: the scenario or its model has errors`)}</p>`
        : '';
      return `<h3>${esc(s.file)}</h3>${notRun}<ul>${items.join('')}</ul>`;
    })
    .join('');
  const heat = modelFiles.map((f) => heatTable(f, data.models.get(f)!.heat)).join('');
  const diagnostics = check.scenarios.filter((s) => s.diagnostics.length > 0);
  const total = check.passed + check.failed + check.errors;
  return page({
    title: options.title ?? `vpcreach report: ${plural(total, 'expectation')}, ${check.failed} failed`,
    version: options.version,
    subtitle: `${plural(check.scenarios.length, 'scenario file')}, ${plural(data.models.size, 'model')}; vpcreach ${options.version}`,
    tiles: [
      { cls: 'total', key: 'total', n: total, label: 'expectations' },
      { cls: 'pass', key: 'passed', n: check.passed, label: 'passed' },
      { cls: 'fail', key: 'failed', n: check.failed, label: 'failed' },
      { cls: 'error', key: 'errors', n: check.errors, label: 'errors' },
    ],
    notices: check.usage.length ? `<ul class="diagnostics">${check.usage.map((u) => `<li class="error">${esc(u)}</li>`).join('')}</ul>` : '',
    navTitle: 'expectations',
    nav,
    pictures,
    details: (
      await Promise.all(
        data.expectations.map(async (x, i) => {
          const model = x.model === null ? undefined : data.models.get(x.model)?.model;
          return detailOf(x, ids[i]!, model && x.trace ? await pathView(model, x.trace) : '');
        }),
      )
    ).join(''),
    extra: heat ? `<section><h2>who reaches what</h2>${heat}</section>` : '',
    after: diagnostics.length
      ? `<section class="area"><h2>problems in the scenarios and models</h2>${diagnostics.map((s) => `<h3>${esc(s.file)}</h3><ul class="diagnostics">${diagnosticList(s.diagnostics)}</ul>`).join('')}</section>`
      : '',
    payload,
    first,
  });
}

/** The input of a diff page: the two models, the diff, and each change's witness traced on each side. */
export interface DiffPageInput {
  readonly files: DiffFiles;
  readonly before: Model;
  readonly after: Model;
  readonly diff: ModelDiff;
  /** By change, in order (the first MAX_TRACED_FAILURES changes; later ones are listed without a path). */
  readonly traces: readonly WitnessTraces[];
}

/**
 * The report page of a diff: every gained and lost class of flows; select one to see its witness's path on the model
 * after the change (on the model before, when the flow's ends are gone after it) and its trace on both sides.
 */
export async function htmlDiffReport(input: DiffPageInput, options: { readonly version: string; readonly title?: string }): Promise<string> {
  const { files, diff } = input;
  const ids = diff.changes.map((_c, i) => `c${i}`);
  const sides = [
    { id: 'm0', file: files.before, model: input.before, traces: new Map<string, TraceResult>(), names: new Map<string, string>() },
    { id: 'm1', file: files.after, model: input.after, traces: new Map<string, TraceResult>(), names: new Map<string, string>() },
  ];
  const nameOf = (c: FlowChange): string => `${c.sources.length === 1 ? c.sources[0]! : `${c.sources[0]!} and ${c.sources.length - 1} more`} → ${c.to}`;
  diff.changes.forEach((c, i) => {
    const t = input.traces[i];
    const drawn = t?.after ? { side: sides[1]!, trace: t.after } : t?.before ? { side: sides[0]!, trace: t.before } : null;
    if (!drawn) return;
    drawn.side.traces.set(ids[i]!, drawn.trace);
    drawn.side.names.set(ids[i]!, nameOf(c));
  });
  const { html: pictures, payload } = await picturesOf(sides.filter((s) => s.traces.size > 0));
  diff.changes.forEach((c, i) => {
    if (!payload.has(ids[i]!))
      payload.set(ids[i]!, { model: null, name: nameOf(c), nodes: [], edges: [], stops: [], summary: 'not traced (a run traces its first changes only)' });
  });
  const decisionText = (d: Decided | null): string => (d === null ? 'not in the model' : `${d.verdict} (${d.code} at ${d.at})`);
  const nav = ['gained', 'lost']
    .map((kind) => {
      const items = diff.changes
        .map((c, i) => ({ c, i }))
        .filter(({ c }) => c.kind === kind)
        .map(({ c, i }) =>
          itemButton(
            ids[i]!,
            c.kind === 'gained' ? 'pass' : 'fail',
            c.kind === 'gained' ? '+ gained' : '− lost',
            nameOf(c),
            `${c.protocol}/${formatPorts(c.ports, ',')}`,
          ),
        );
      return items.length ? `<h3>${kind}</h3><ul>${items.join('')}</ul>` : '';
    })
    .join('');
  const views = await Promise.all(
    diff.changes.map((_c, i) => {
      const t = input.traces[i];
      return t?.after ? pathView(input.after, t.after) : t?.before ? pathView(input.before, t.before) : Promise.resolve('');
    }),
  );
  const details = diff.changes
    .map((c, i) => {
      const t = input.traces[i];
      const side = (label: string, file: string, d: Decided | null, r: TraceResult | null | undefined): string =>
        `<h3>${esc(`${label}: ${file}`)}</h3><p class="verdict">${esc(decisionText(d))}</p>${r ? r.traces.map((x, k) => traceTable(x, k, r.traces.length)).join('') : ''}`;
      const w = c.witness;
      const sources = c.sources.length <= 20 ? c.sources.join(', ') : `${c.sources.slice(0, 20).join(', ')} … (${c.sources.length} in all)`;
      return (
        `<article class="detail" id="d-${ids[i]!}" data-x="${ids[i]!}" hidden><h2>${esc(`${c.kind}: ${nameOf(c)}`)}</h2>` +
        `<p class="status ${c.kind === 'gained' ? 'pass' : 'fail'}"><span class="badge ${c.kind === 'gained' ? 'pass' : 'fail'}">${c.kind === 'gained' ? '+ gained' : '− lost'}</span> ${esc(`${c.protocol} ${formatPorts(c.ports, ', ')} to ${c.to}`)}</p>` +
        `<p class="muted">${esc(`sources: ${sources}; the witness drawn: ${w.from} → ${w.to} ${w.protocol}/${w.port}`)}</p>` +
        views[i]! +
        side('before', files.before, c.before, t?.before) +
        side('after', files.after, c.after, t?.after) +
        `</article>`
      );
    })
    .join('');
  const changes = diff.changes.length;
  return page({
    title: options.title ?? `vpcreach diff: ${plural(diff.gainedFlows, 'flow')} gained, ${plural(diff.lostFlows, 'flow')} lost`,
    version: options.version,
    subtitle: `${files.before} → ${files.after}: ${plural(changes, 'change')} (${plural(diff.vpcsCompared, 'VPC')} compared, ${plural(diff.vpcsUnchanged, 'VPC')} unchanged); vpcreach ${options.version}`,
    tiles: [
      { cls: 'total', key: 'changes', n: changes, label: 'changes' },
      { cls: 'pass', key: 'gained', n: diff.gainedFlows, label: 'flows gained' },
      { cls: 'fail', key: 'lost', n: diff.lostFlows, label: 'flows lost' },
    ],
    notices: changes === 0 ? '<p>No flow changed.</p>' : '',
    navTitle: 'changes',
    nav,
    pictures,
    details,
    extra: '',
    after: '',
    payload,
    first: diff.changes.length ? ids[diff.changes.findIndex((c) => c.kind === 'lost') >= 0 ? diff.changes.findIndex((c) => c.kind === 'lost') : 0]! : null,
  });
}
