/**
 * A scene in Graphviz DOT (`dot -Tsvg`): clusters as `subgraph cluster_*`, generated node ids, the model's text only
 * inside quoted strings with `"` and `\` escaped (so it can neither close the string nor form an escape such as `\N`).
 */
import type { MarkState, PathMarks, Scene } from './scene.js';

/** Model text for inside a quoted DOT string; `\n` between lines. */
export function dotText(...lines: string[]): string {
  return lines.map((l) => l.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ')).join('\\n');
}

const SHAPE: Record<string, string> = {
  instance: 'box',
  loadBalancer: 'box3d',
  listener: 'cds',
  endpointService: 'hexagon',
  endpoint: 'parallelogram',
  address: 'ellipse',
};
const COLOUR: Record<MarkState, string> = { path: '#1f6feb', delivered: '#1a7f37', partial: '#9a6700', stopped: '#cf222e' };
const FILL: Record<MarkState, string> = { path: '#ddf4ff', delivered: '#dafbe1', partial: '#fff8c5', stopped: '#ffebe9' };

/** The graph. With marks, the path is drawn in colour and each stop carries its code. */
export function toDot(scene: Scene, marks?: PathMarks): string {
  const nodeId = new Map(scene.nodes.map((n, i) => [n.key, `n${i}`]));
  const clusterIndex = new Map(scene.clusters.map((c, i) => [c.key, i]));
  const stopCodes = new Map<string, string[]>();
  for (const s of marks?.stops ?? []) stopCodes.set(s.node, [...(stopCodes.get(s.node) ?? []), s.code]);
  const lines = [
    'digraph vpcreach {',
    '  rankdir=LR;',
    '  compound=true;',
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=10, color="#57606a"];',
  ];
  if (marks) lines.push(`  label="${dotText(marks.summary)}";`, '  labelloc=t;');
  const children = new Map<string | null, string[]>();
  for (const c of scene.clusters) {
    const parent = c.parent !== null && clusterIndex.has(c.parent) ? c.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), c.key]);
  }
  const nodesIn = new Map<string | null, string[]>();
  for (const n of scene.nodes) {
    const cluster = n.cluster !== null && clusterIndex.has(n.cluster) ? n.cluster : null;
    nodesIn.set(cluster, [...(nodesIn.get(cluster) ?? []), n.key]);
  }
  const byKey = new Map(scene.nodes.map((n) => [n.key, n]));
  const clusters = new Map(scene.clusters.map((c) => [c.key, c]));
  const emitNodes = (cluster: string | null, indent: string): void => {
    for (const key of nodesIn.get(cluster) ?? []) {
      const n = byKey.get(key)!;
      const state = marks?.nodes.get(key);
      const codes = stopCodes.get(key);
      const label = dotText(key, n.detail, ...(codes ? [`✗ ${codes.join(', ')}`] : []));
      const style = state === undefined ? '' : `, color="${COLOUR[state]}", fillcolor="${FILL[state]}", penwidth=${state === 'path' ? 2 : 3}`;
      lines.push(`${indent}${nodeId.get(key)!} [label="${label}", shape=${SHAPE[n.kind]!}${style}];`);
    }
  };
  const emitCluster = (key: string, indent: string): void => {
    const c = clusters.get(key)!;
    lines.push(`${indent}subgraph cluster_${clusterIndex.get(key)!} {`);
    lines.push(`${indent}  label="${dotText(c.title)}";`, `${indent}  style=${c.kind === 'subnet' ? 'dashed' : 'rounded'};`, `${indent}  color="#8c959f";`);
    for (const child of children.get(key) ?? []) emitCluster(child, `${indent}  `);
    emitNodes(key, `${indent}  `);
    lines.push(`${indent}}`);
  };
  for (const top of children.get(null) ?? []) emitCluster(top, '  ');
  emitNodes(null, '  ');
  for (const e of scene.edges) {
    const state = marks?.edges.get(e.key);
    const code = state === 'stopped' || state === 'partial' ? (stopCodes.get(e.to) ?? []).join(', ') : '';
    const text = [e.label, code ? `✗ ${code}` : ''].filter((x) => x !== '').join(' ');
    const attrs = [text === '' ? '' : `label="${dotText(text)}"`, e.kind === 'flow' ? 'style=dashed' : ''];
    if (state !== undefined)
      attrs.push(`color="${COLOUR[state]}"`, `fontcolor="${COLOUR[state]}"`, `penwidth=${state === 'path' || state === 'delivered' ? 2.5 : 3.5}`);
    const list = attrs.filter((a) => a !== '').join(', ');
    lines.push(`  ${nodeId.get(e.from)!} -> ${nodeId.get(e.to)!}${list ? ` [${list}]` : ''};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
