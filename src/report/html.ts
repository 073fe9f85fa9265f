/**
 * `vpcreach report`: one self-contained HTML page — the summary of every expectation, the topology of each model with
 * the selected expectation's path drawn on it, the hop-by-hop trace with the deciding rule of each filter and where
 * it is written, and a heat map of who reaches the expectations' destinations. No network: styles and the one script
 * are inline, allowed by their hashes in a Content-Security-Policy that forbids everything else. Every text from a
 * model or scenario is escaped; the page's data travels as JSON in a non-executed script element with `<`, `>` and
 * `&` written as `\u` escapes, and the script only ever sets `textContent` and classes.
 */
import { createHash } from 'node:crypto';
import { plural, type Model } from '../model/index.js';
import { formatPorts } from '../net/index.js';
import type { TraceResult } from '../sim/types.js';
import type { ReportData } from '../verify/report-data.js';
import type { Decided } from '../sim/engine.js';
import type { FlowChange, ModelDiff } from '../symbolic/diff.js';
import type { DiffFiles, WitnessTraces } from './diff.js';
import { buildScene, markPath, pathResources, type PathMarks, type Scene } from './picture/scene.js';
import { DEFAULT_MAX_NODES } from './picture/index.js';
import { layoutScene } from './picture/layout.js';
import { PICTURE_DEFS, toSvg } from './picture/svg.js';
import { esc, STATUS_WORD, flowText, traceTable, detailOf, heatTable, diagnosticList } from './html-parts.js';
import { PAGE_CSS, SCRIPT } from './html-assets.js';

/** JSON for inside a `<script type="application/json">`: nothing in it can close the element or open a comment. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

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
