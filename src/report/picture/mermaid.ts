/**
 * A scene as a Mermaid flowchart, which GitHub renders in Markdown as it is. Ids in the chart are generated (n0, c0,
 * …); the model's ids and details appear only inside quoted labels, every character outside a small safe set written
 * as a Mermaid entity code (`#60;`), so no model text can end a label, start a directive or inject markup.
 */
import { nesting, stopCodes, type MarkState, type PathMarks, type Scene, type SceneCluster, type SceneNodeKind } from './scene.js';

const SAFE = /^[A-Za-z0-9 .,:/_()+=@→✗-]$/u;

/** Model text for inside a quoted Mermaid label. */
function mermaidText(text: string): string {
  let out = '';
  for (const ch of text) out += SAFE.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  return out;
}

const SHAPE: Record<SceneNodeKind, [string, string]> = {
  instance: ['[', ']'],
  loadBalancer: ['[[', ']]'],
  listener: ['([', '])'],
  endpointService: ['{{', '}}'],
  endpoint: ['[/', '/]'],
  peering: ['>', ']'],
  nextHop: ['[\\', '\\]'],
  eip: ['([', '])'],
  natGateway: ['[(', ')]'],
  internet: ['(((', ')))'],
  address: ['((', '))'],
};

const MARK_STYLE: Record<MarkState, string> = {
  path: 'stroke:#1f6feb,stroke-width:3px',
  delivered: 'fill:#dafbe1,stroke:#1a7f37,stroke-width:3px',
  partial: 'fill:#fff8c5,stroke:#9a6700,stroke-width:3px',
  stopped: 'fill:#ffebe9,stroke:#cf222e,stroke-width:4px',
};
const EDGE_STYLE: Record<MarkState, string> = {
  path: 'stroke:#1f6feb,stroke-width:3px',
  delivered: 'stroke:#1a7f37,stroke-width:3px',
  partial: 'stroke:#9a6700,stroke-width:4px,stroke-dasharray:6 3',
  stopped: 'stroke:#cf222e,stroke-width:4px,stroke-dasharray:6 3',
};

/** The chart. With marks, the path is drawn in colour and each stop carries its code. */
export function toMermaid(scene: Scene, marks?: PathMarks): string {
  const nodeId = new Map(scene.nodes.map((n, i) => [n.key, `n${i}`]));
  const clusterId = new Map(scene.clusters.map((c, i) => [c.key, `c${i}`]));
  const codes = stopCodes(marks);
  const lines: string[] = ['flowchart LR'];
  if (marks) lines.push(`  %% ${mermaidText(marks.summary)}`);
  const nest = nesting(scene);
  const emitNodes = (cluster: string | null, indent: string): void => {
    for (const n of nest.nodes.get(cluster) ?? []) {
      const [open, close] = SHAPE[n.kind];
      const stopped = codes.get(n.key);
      const stop = stopped ? `<br/>✗ ${stopped.map(mermaidText).join(', ')}` : '';
      lines.push(`${indent}${nodeId.get(n.key)!}${open}"<b>${mermaidText(n.key)}</b><br/>${mermaidText(n.detail)}${stop}"${close}`);
    }
  };
  const emitCluster = (c: SceneCluster, indent: string): void => {
    lines.push(`${indent}subgraph ${clusterId.get(c.key)!}["${mermaidText(c.title)}"]`);
    for (const child of nest.clusters.get(c.key) ?? []) emitCluster(child, `${indent}  `);
    emitNodes(c.key, `${indent}  `);
    lines.push(`${indent}end`);
  };
  for (const top of nest.clusters.get(null) ?? []) emitCluster(top, '  ');
  emitNodes(null, '  ');
  const linkStyles: string[] = [];
  scene.edges.forEach((e, i) => {
    const state = marks?.edges.get(e.key);
    const arrow = e.kind === 'flow' ? '-.->' : state !== undefined ? '==>' : '-->';
    const code = state === 'stopped' || state === 'partial' ? (codes.get(e.to) ?? []).join(', ') : '';
    const text = [e.label, code ? `✗ ${code}` : ''].filter((x) => x !== '').join(' ');
    const label = text === '' ? '' : `|"${mermaidText(text)}"|`;
    lines.push(`  ${nodeId.get(e.from)!} ${arrow}${label} ${nodeId.get(e.to)!}`);
    if (state !== undefined) linkStyles.push(`  linkStyle ${i} ${EDGE_STYLE[state]}`);
  });
  for (const l of linkStyles) lines.push(l);
  for (const [state, style] of Object.entries(MARK_STYLE)) {
    const members = scene.nodes.filter((n) => marks?.nodes.get(n.key) === state).map((n) => nodeId.get(n.key)!);
    if (members.length === 0) continue;
    lines.push(`  classDef ${state} ${style}`);
    lines.push(`  class ${members.join(',')} ${state}`);
  }
  return lines.join('\n') + '\n';
}
