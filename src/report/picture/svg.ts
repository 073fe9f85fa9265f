/**
 * A laid-out scene as SVG, drawn by vpcreach itself. Every text from the model is XML-escaped; elements carry their
 * model id in `data-key` (escaped as an attribute) and their kind and mark as classes, so that a page can highlight
 * another path by changing classes only. Colours come from CSS variables with a light and a dark set.
 */
import { LINE_HEIGHT, type Layout } from './layout.js';
import { stopCodes, type PathMarks, type SceneNodeKind } from './scene.js';

/** Text for XML content and attribute values; a character XML 1.0 cannot hold at all becomes U+FFFD. */
export function xmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- the point: replace the characters XML 1.0 forbids
      .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
      .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  );
}

/** The picture's style: light and dark colours, and the look of each mark. */
export const PICTURE_CSS = `
.vr-pic{--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--line:#8c959f;--node:#f6f8fa;--path:#0969da;--ok:#1a7f37;--okbg:#dafbe1;--warn:#9a6700;--warnbg:#fff8c5;--bad:#cf222e;--badbg:#ffebe9;--pathbg:#ddf4ff;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12px}
@media (prefers-color-scheme:dark){.vr-pic{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#656c76;--node:#161b22;--path:#4493f8;--ok:#3fb950;--okbg:#12261e;--warn:#d29922;--warnbg:#272115;--bad:#f85149;--badbg:#2d1214;--pathbg:#121d2f}}
.vr-pic .bg{fill:var(--bg)}
.vr-pic text{fill:var(--fg)}
/* Clusters (VPCs, subnets) are tinted areas with a dotted border, so that no edge — a flow, unmarked — looks like one. */
.vr-pic .cluster rect{fill:var(--node);fill-opacity:.45;stroke:var(--muted);stroke-width:1;stroke-dasharray:1 3}
.vr-pic .cluster.kind-subnet rect{stroke-dasharray:4 3}
.vr-pic .cluster.kind-account rect{stroke-width:2}
.vr-pic .cluster text{fill:var(--muted)}
.vr-pic .node rect{fill:var(--node);stroke:var(--line);stroke-width:1.2}
.vr-pic .node .detail{fill:var(--muted)}
.vr-pic .node .code{fill:var(--bad);font-weight:bold}
.vr-pic .edge path{fill:none;stroke:var(--line);stroke-width:1.2}
.vr-pic .edge.kind-flow path{stroke-dasharray:5 4}
.vr-pic .edge text{fill:var(--muted);font-size:11px}
.vr-pic .arrow{fill:var(--line)}
.vr-pic .arrow.path{fill:var(--path)}
.vr-pic .arrow.warn{fill:var(--warn)}
.vr-pic .arrow.bad{fill:var(--bad)}
.vr-pic .edge path{marker-end:url(#vr-arrow)}
.vr-pic .edge.path path,.vr-pic .edge.delivered path{marker-end:url(#vr-arrow-path)}
.vr-pic .edge.partial path{marker-end:url(#vr-arrow-warn)}
.vr-pic .edge.stopped path{marker-end:url(#vr-arrow-bad)}
.vr-pic .node.path rect{stroke:var(--path);stroke-width:2.5;fill:var(--pathbg)}
.vr-pic .node.delivered rect{stroke:var(--ok);stroke-width:3;fill:var(--okbg)}
.vr-pic .node.partial rect{stroke:var(--warn);stroke-width:3;fill:var(--warnbg)}
.vr-pic .node.stopped rect{stroke:var(--bad);stroke-width:3.5;fill:var(--badbg)}
.vr-pic .edge.path path,.vr-pic .edge.delivered path{stroke:var(--path);stroke-width:3}
.vr-pic .edge.partial path{stroke:var(--warn);stroke-width:3.5;stroke-dasharray:7 3}
.vr-pic .edge.stopped path{stroke:var(--bad);stroke-width:3.5;stroke-dasharray:7 3}
.vr-pic .edge.path text,.vr-pic .edge.delivered text{fill:var(--path);font-weight:bold}
.vr-pic .edge.stopped text,.vr-pic .edge.partial text{fill:var(--bad);font-weight:bold}
.vr-pic .edge:not(.path):not(.delivered):not(.partial):not(.stopped) .mark{display:none}
@media print{.vr-pic{--bg:#fff;--fg:#000;--muted:#333;--node:#fff;--pathbg:#fff;--okbg:#fff;--warnbg:#fff;--badbg:#fff}}
`;

/** One arrowhead per colour (a marker cannot take the colour of the line it ends); CSS picks it by the edge's mark. */
const ARROWS = [
  ['vr-arrow', 'arrow'],
  ['vr-arrow-path', 'arrow path'],
  ['vr-arrow-warn', 'arrow warn'],
  ['vr-arrow-bad', 'arrow bad'],
] as const;

const ARROW_DEFS = `<defs>${ARROWS.map(([id, cls]) => `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path class="${cls}" d="M0,0L10,5L0,10z"/></marker>`).join('')}</defs>`;

/**
 * The arrowheads, once for a page that holds several inline pictures (each inline picture refers to them; ids must
 * be unique in a page, so the pictures carry none of their own).
 */
export const PICTURE_DEFS = `<svg class="vr-pic" width="0" height="0" aria-hidden="true" focusable="false">${ARROW_DEFS}</svg>`;

const KIND_WORD: Record<SceneNodeKind, string> = {
  instance: 'instance',
  loadBalancer: 'load balancer',
  listener: 'listener',
  endpointService: 'endpoint service',
  endpoint: 'endpoint',
  peering: 'VPC peering connection',
  nextHop: 'next hop',
  eip: 'EIP',
  natGateway: 'NAT gateway',
  internet: 'the internet',
  address: 'address',
};

/**
 * The picture as an `<svg>` element; standalone (with its XML declaration, style and arrowheads) unless `inline` (then
 * the page gives the style and PICTURE_DEFS once).
 */
export function toSvg(layout: Layout, marks?: PathMarks, options: { inline?: boolean; title?: string } = {}): string {
  const m = 12;
  const width = layout.width + 2 * m;
  const height = layout.height + 2 * m;
  const codes = stopCodes(marks);
  const out: string[] = [];
  if (!options.inline) out.push('<?xml version="1.0" encoding="UTF-8"?>');
  const title = options.title ?? marks?.summary ?? 'network topology';
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="vr-pic" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${xmlText(title)}">`,
    `<title>${xmlText(title)}</title>`,
  );
  if (!options.inline) out.push(`<style>${PICTURE_CSS}</style>`, ARROW_DEFS);
  out.push(`<rect class="bg" width="${width}" height="${height}"/>`, `<g transform="translate(${m},${m})">`);
  for (const { cluster, box } of layout.clusters) {
    out.push(
      `<g class="cluster kind-${cluster.kind}" data-key="${xmlText(cluster.key)}"><rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="6"/><text x="${box.x + 8}" y="${box.y + 15}">${xmlText(cluster.title)}</text></g>`,
    );
  }
  layout.edges.forEach(({ edge, points, label }) => {
    const state = marks?.edges.get(edge.key);
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join('');
    const cls = `edge kind-${edge.kind}${state ? ` ${state}` : ''}`;
    const attrs = `data-key="${xmlText(edge.key)}" data-from="${xmlText(edge.from)}" data-to="${xmlText(edge.to)}"`;
    const text = label ? `<text x="${round(label.x + 2)}" y="${round(label.y + LINE_HEIGHT - 4)}">${xmlText(edge.label)}</text>` : '';
    out.push(`<g class="${cls}" ${attrs}><path d="${d}"/>${text}</g>`);
  });
  for (const { node, box } of layout.nodes) {
    const state = marks?.nodes.get(node.key);
    const code = codes.get(node.key);
    const x = box.x + 8;
    const lines = [
      `<text x="${x}" y="${box.y + LINE_HEIGHT}" font-weight="bold">${xmlText(node.key)}</text>`,
      `<text class="detail" x="${x}" y="${box.y + 2 * LINE_HEIGHT}">${xmlText(node.detail)}</text>`,
    ];
    if (box.h >= 3 * LINE_HEIGHT)
      lines.push(`<text class="code" x="${x}" y="${box.y + 3 * LINE_HEIGHT}">${code ? xmlText(`✗ ${code.join(', ')}`) : ''}</text>`);
    out.push(
      `<g class="node kind-${node.kind}${state ? ` ${state}` : ''}" data-key="${xmlText(node.key)}"><title>${xmlText(`${KIND_WORD[node.kind]} ${node.key}: ${node.detail}${node.tags ? `; tags ${node.tags}` : ''}`)}</title><rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" rx="${node.kind === 'instance' ? 2 : 8}"/>${lines.join('')}</g>`,
    );
  }
  out.push('</g></svg>');
  return out.join('\n') + '\n';
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
