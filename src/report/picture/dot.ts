/**
 * A scene in Graphviz DOT (`dot -Tsvg`): clusters as `subgraph cluster_*`, generated node ids, the model's text only
 * inside quoted strings with `"` and `\` escaped (so it can neither close the string nor form an escape such as `\N`).
 */
import { nesting, stopCodes, type MarkState, type PathMarks, type Scene, type SceneCluster, type SceneNodeKind } from './scene.js';

/** Model text for inside a quoted DOT string; `\n` between lines. */
function dotText(...lines: string[]): string {
  return lines.map((l) => l.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ')).join('\\n');
}

const SHAPE: Record<SceneNodeKind, string> = {
  instance: 'box',
  loadBalancer: 'box3d',
  listener: 'cds',
  endpointService: 'hexagon',
  endpoint: 'parallelogram',
  peering: 'larrow',
  nextHop: 'trapezium',
  eip: 'oval',
  natGateway: 'cylinder',
  internet: 'doublecircle',
  address: 'ellipse',
};
const COLOUR: Record<MarkState, string> = { path: '#1f6feb', delivered: '#1a7f37', partial: '#9a6700', stopped: '#cf222e' };
const FILL: Record<MarkState, string> = { path: '#ddf4ff', delivered: '#dafbe1', partial: '#fff8c5', stopped: '#ffebe9' };

/** The graph. With marks, the path is drawn in colour and each stop carries its code. */
export function toDot(scene: Scene, marks?: PathMarks): string {
  const nodeId = new Map(scene.nodes.map((n, i) => [n.key, `n${i}`]));
  const clusterIndex = new Map(scene.clusters.map((c, i) => [c.key, i]));
  const codes = stopCodes(marks);
  const lines = [
    'digraph vpcreach {',
    '  rankdir=LR;',
    '  compound=true;',
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=10, color="#57606a"];',
  ];
  if (marks) lines.push(`  label="${dotText(marks.summary)}";`, '  labelloc=t;');
  const nest = nesting(scene);
  const emitNodes = (cluster: string | null, indent: string): void => {
    for (const n of nest.nodes.get(cluster) ?? []) {
      const key = n.key;
      const state = marks?.nodes.get(key);
      const stop = codes.get(key);
      const label = dotText(key, n.detail, ...(stop ? [`✗ ${stop.join(', ')}`] : []));
      const style = state === undefined ? '' : `, color="${COLOUR[state]}", fillcolor="${FILL[state]}", penwidth=${state === 'path' ? 2 : 3}`;
      lines.push(`${indent}${nodeId.get(key)!} [label="${label}", shape=${SHAPE[n.kind]}${style}];`);
    }
  };
  const emitCluster = (c: SceneCluster, indent: string): void => {
    lines.push(`${indent}subgraph cluster_${clusterIndex.get(c.key)!} {`);
    lines.push(`${indent}  label="${dotText(c.title)}";`, `${indent}  style=${c.kind === 'subnet' ? 'dashed' : 'rounded'};`, `${indent}  color="#8c959f";`);
    for (const child of nest.clusters.get(c.key) ?? []) emitCluster(child, `${indent}  `);
    emitNodes(c.key, `${indent}  `);
    lines.push(`${indent}}`);
  };
  for (const top of nest.clusters.get(null) ?? []) emitCluster(top, '  ');
  emitNodes(null, '  ');
  for (const e of scene.edges) {
    const state = marks?.edges.get(e.key);
    const code = state === 'stopped' || state === 'partial' ? (codes.get(e.to) ?? []).join(', ') : '';
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
