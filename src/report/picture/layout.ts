/**
 * Where everything of a scene goes: a layered left-to-right layout by ELK (elkjs, the Eclipse Layout Kernel compiled
 * to JavaScript; no system Graphviz), clusters nested as compound nodes. Text is measured as monospace at 12 px, so
 * the same scene always gets the same layout (ELK's layered algorithm is deterministic for a given input order).
 */
import ElkApi from 'elkjs/lib/elk-api.js';
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { Scene, SceneCluster, SceneEdge, SceneNode } from './scene.js';
import { layoutThread } from './layout-thread.js';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Layout {
  readonly width: number;
  readonly height: number;
  readonly clusters: readonly { readonly cluster: SceneCluster; readonly box: Box }[];
  readonly nodes: readonly { readonly node: SceneNode; readonly box: Box }[];
  readonly edges: readonly { readonly edge: SceneEdge; readonly points: readonly Point[]; readonly label: Box | null }[];
}

/** Width of one character of the 12 px monospace font the pictures use. */
const CHAR_WIDTH = 7.3;
/** Height of one line of text in a node. */
export const LINE_HEIGHT = 15;
const PAD = 8;
const CLUSTER_TITLE = 20;

/** Lines of text a node shows: its id, what it is, and (when `stop`) a line kept for a stop code. */
function nodeSize(node: SceneNode, stopLine: boolean): { w: number; h: number } {
  const longest = Math.max(node.key.length, node.detail.length, stopLine ? 24 : 0);
  return { w: Math.ceil(longest * CHAR_WIDTH + 2 * PAD), h: (stopLine ? 3 : 2) * LINE_HEIGHT + PAD };
}

let elk: ELK | undefined;

/**
 * ELK, on a thread of its own (elk-thread.ts, layout-thread.ts), started on first use unless it was already: its
 * 1.6 MB of JavaScript, which no other command needs, loads and warms up there (about 0.2 s) while the caller goes on.
 * A command that will lay a picture out calls this first thing, so that ELK is ready by the time the scene is.
 */
export function prepareLayout(): ELK {
  if (elk) return elk;
  const thread = layoutThread();
  // Every message is answered once; while an answer is awaited the thread keeps the process alive, and only then.
  let awaited = 0;
  let listener: ((event: { data: unknown }) => void) | undefined;
  thread.on('message', (data: unknown) => {
    if (--awaited === 0) thread.unref();
    listener?.({ data });
  });
  thread.unref();
  // elk-api.js talks to a Web Worker: postMessage, and an onmessage it sets.
  const port = {
    postMessage: (message: unknown) => {
      if (awaited++ === 0) thread.ref();
      thread.postMessage(message);
    },
    set onmessage(f: (event: { data: unknown }) => void) {
      listener = f;
    },
    terminate: () => thread.close(),
  };
  const Elk = ElkApi as unknown as new (options: { workerFactory: () => typeof port; algorithms: string[] }) => ELK;
  elk = new Elk({ workerFactory: () => port, algorithms: ['layered'] });
  return elk;
}

const OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.json.edgeCoords': 'ROOT',
  'elk.json.shapeCoords': 'ROOT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '48',
  'elk.spacing.nodeNode': '18',
  'elk.spacing.edgeLabel': '2',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.randomSeed': '1',
};

/**
 * Lays a scene out. `stopLines` are the nodes that get room for a third line (a stop code), so that a picture whose
 * marks change (the HTML report) keeps one layout for every flow.
 */
export async function layoutScene(scene: Scene, stopLines: ReadonlySet<string> = new Set()): Promise<Layout> {
  const elkId = new Map<string, string>();
  scene.clusters.forEach((c, i) => elkId.set(`c\u0000${c.key}`, `c${i}`));
  scene.nodes.forEach((n, i) => elkId.set(`n\u0000${n.key}`, `n${i}`));
  const holder = new Map<string, ElkNode>();
  const root: ElkNode = { id: 'root', layoutOptions: OPTIONS, children: [], edges: [] };
  for (const c of scene.clusters) {
    holder.set(c.key, {
      id: elkId.get(`c\u0000${c.key}`)!,
      layoutOptions: {
        'elk.padding': `[top=${CLUSTER_TITLE + PAD},left=${PAD},bottom=${PAD},right=${PAD}]`,
        // At least as wide as its title.
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${Math.ceil(c.title.length * CHAR_WIDTH + 2 * PAD)}, ${CLUSTER_TITLE + 2 * PAD})`,
      },
      children: [],
    });
  }
  const parentOf = (cluster: string | null): ElkNode => (cluster !== null ? holder.get(cluster) : undefined) ?? root;
  for (const c of scene.clusters) parentOf(c.parent).children!.push(holder.get(c.key)!);
  for (const n of scene.nodes) {
    const { w, h } = nodeSize(n, stopLines.has(n.key));
    parentOf(n.cluster).children!.push({ id: elkId.get(`n\u0000${n.key}`)!, width: w, height: h });
  }
  const edges: ElkExtendedEdge[] = scene.edges.map((e, i) => ({
    id: `e${i}`,
    sources: [elkId.get(`n\u0000${e.from}`)!],
    targets: [elkId.get(`n\u0000${e.to}`)!],
    labels: e.label === '' ? [] : [{ text: String(i), width: Math.ceil(e.label.length * CHAR_WIDTH) + 4, height: LINE_HEIGHT }],
  }));
  root.edges = edges;
  const laid = await prepareLayout().layout(root);
  const boxes = new Map<string, Box>();
  const walk = (n: ElkNode): void => {
    for (const c of n.children ?? []) {
      boxes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, w: c.width ?? 0, h: c.height ?? 0 });
      walk(c);
    }
  };
  walk(laid);
  const outEdges = laid.edges ?? [];
  return {
    width: Math.ceil(laid.width ?? 0),
    height: Math.ceil(laid.height ?? 0),
    clusters: scene.clusters.map((cluster) => ({ cluster, box: boxes.get(elkId.get(`c\u0000${cluster.key}`)!)! })),
    nodes: scene.nodes.map((node) => ({ node, box: boxes.get(elkId.get(`n\u0000${node.key}`)!)! })),
    edges: scene.edges.map((edge, i) => {
      const e = outEdges[i]!;
      const points: Point[] = [];
      for (const s of e.sections ?? []) {
        points.push(s.startPoint);
        for (const b of s.bendPoints ?? []) points.push(b);
        points.push(s.endPoint);
      }
      const l = e.labels?.[0];
      const label = l && l.x !== undefined && l.y !== undefined ? { x: l.x, y: l.y, w: l.width ?? 0, h: l.height ?? 0 } : null;
      return { edge, points, label };
    }),
  };
}
