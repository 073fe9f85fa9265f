/**
 * A scene as a Mermaid flowchart, which GitHub renders in Markdown as it is. Ids in the chart are generated (n0, c0,
 * …); the model's ids and details appear only inside quoted labels, every character outside a small safe set written
 * as a Mermaid entity code (`#60;`), so no model text can end a label, start a directive or inject markup.
 */
import type { MarkState, PathMarks, Scene } from './scene.js';

const SAFE = /^[A-Za-z0-9 .,:/_()+=@→✗-]$/u;

/** Model text for inside a quoted Mermaid label. */
export function mermaidText(text: string): string {
  let out = '';
  for (const ch of text) out += SAFE.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  return out;
}

const SHAPE: Record<string, [string, string]> = {
  instance: ['[', ']'],
  loadBalancer: ['[[', ']]'],
  listener: ['([', '])'],
  endpointService: ['{{', '}}'],
  endpoint: ['[/', '/]'],
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
  const stopCodes = new Map<string, string[]>();
  for (const s of marks?.stops ?? []) stopCodes.set(s.node, [...(stopCodes.get(s.node) ?? []), s.code]);
  const lines: string[] = ['flowchart LR'];
  if (marks) lines.push(`  %% ${mermaidText(marks.summary)}`);
  const children = new Map<string | null, string[]>();
  for (const c of scene.clusters) {
    const parent = c.parent !== null && clusterId.has(c.parent) ? c.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), c.key]);
  }
  const nodesIn = new Map<string | null, string[]>();
  for (const n of scene.nodes) {
    const cluster = n.cluster !== null && clusterId.has(n.cluster) ? n.cluster : null;
    nodesIn.set(cluster, [...(nodesIn.get(cluster) ?? []), n.key]);
  }
  const byKey = new Map(scene.nodes.map((n) => [n.key, n]));
  const titles = new Map(scene.clusters.map((c) => [c.key, c.title]));
  const emitNodes = (cluster: string | null, indent: string): void => {
    for (const key of nodesIn.get(cluster) ?? []) {
      const n = byKey.get(key)!;
      const [open, close] = SHAPE[n.kind]!;
      const codes = stopCodes.get(key);
      const stop = codes ? `<br/>✗ ${codes.map(mermaidText).join(', ')}` : '';
      lines.push(`${indent}${nodeId.get(key)!}${open}"<b>${mermaidText(key)}</b><br/>${mermaidText(n.detail)}${stop}"${close}`);
    }
  };
  const emitCluster = (key: string, indent: string): void => {
    lines.push(`${indent}subgraph ${clusterId.get(key)!}["${mermaidText(titles.get(key)!)}"]`);
    for (const child of children.get(key) ?? []) emitCluster(child, `${indent}  `);
    emitNodes(key, `${indent}  `);
    lines.push(`${indent}end`);
  };
  for (const top of children.get(null) ?? []) emitCluster(top, '  ');
  emitNodes(null, '  ');
  const linkStyles: string[] = [];
  scene.edges.forEach((e, i) => {
    const state = marks?.edges.get(e.key);
    const arrow = e.kind === 'flow' ? '-.->' : state !== undefined ? '==>' : '-->';
    const code = state === 'stopped' || state === 'partial' ? (stopCodes.get(e.to) ?? []).join(', ') : '';
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
