/** Pictures of a model: its topology, and a traced flow's path on it, in Mermaid, DOT or SVG. */
import { didYouMean, type Model, type Result } from '../../model/index.js';
import type { TraceResult } from '../../sim/types.js';
import { toDot } from './dot.js';
import { layoutScene } from './layout.js';
import { toMermaid } from './mermaid.js';
import { buildScene, isFocusable, markPath, pathResources, type PathMarks, type Scene } from './scene.js';
import { toSvg } from './svg.js';

export { buildScene, markPath, type Scene, type PathMarks } from './scene.js';
export { toMermaid } from './mermaid.js';
export { toDot } from './dot.js';
export { layoutScene, prepareLayout } from './layout.js';
export { toSvg } from './svg.js';

export { PICTURE_FORMATS, type PictureFormat } from '../types.js';
import type { PictureFormat } from '../types.js';

/** Largest picture drawn unless asked for more: about what Mermaid renders by default (500 edges) and a page shows. */
export const DEFAULT_MAX_NODES = 400;

export interface PictureRequest {
  readonly format: PictureFormat;
  /** Resources whose neighbourhood to draw (any kind; a VPC, subnet or account stands for what it holds). */
  readonly focus?: readonly string[];
  /** A traced flow to draw on the topology. */
  readonly trace?: TraceResult;
  readonly maxNodes?: number;
}

/** Why a picture cannot be drawn (a focus that names nothing, more nodes than allowed), and what to do. */
export interface PictureError {
  readonly message: string;
  readonly hint: string;
}

/** A picture: its text and the scene it draws; or why it cannot be drawn. */
export type PictureOutcome = Result<{ readonly text: string; readonly scene: Scene }, PictureError>;

/**
 * The scene a request asks for: the focus's neighbourhood; else the whole model when it fits in `maxNodes`; else, for
 * a flow, the neighbourhood of its path (one forwarding step around it).
 */
function sceneFor(
  model: Model,
  request: Omit<PictureRequest, 'format'>,
): { ok: true; scene: Scene; marks?: PathMarks } | { ok: false; message: string; hint: string } {
  const max = request.maxNodes ?? DEFAULT_MAX_NODES;
  for (const id of request.focus ?? []) {
    if (!isFocusable(model, id))
      return {
        ok: false,
        message: `--focus ${id}: there is no such resource or account in the model`,
        hint:
          didYouMean(id, [...model.resources.keys(), ...model.accounts.keys(), ...[...model.vpcs.values()].map((v) => v.account)]) ??
          'name a resource id from the model (an instance, load balancer, endpoint, service, VPC, subnet, security group or account)',
      };
  }
  const path = request.trace ? pathResources(request.trace) : [];
  let scene: Scene;
  if (request.focus !== undefined && request.focus.length > 0) scene = buildScene(model, { focus: [...request.focus, ...path] });
  else {
    scene = buildScene(model);
    if (scene.nodes.length > max && request.trace) scene = buildScene(model, { focus: path, depth: 1 });
  }
  if (scene.nodes.length > max) {
    return {
      ok: false,
      message: `the picture would have ${scene.nodes.length.toLocaleString('en-US')} nodes, more than ${max.toLocaleString('en-US')}`,
      hint: 'draw part of it with --focus <id> (a resource, VPC, subnet or account) or a flow (--from, --to, --port), or raise --max-nodes',
    };
  }
  if (!request.trace) return { ok: true, scene };
  const marked = markPath(scene, request.trace);
  return { ok: true, scene: marked.scene, marks: marked.marks };
}

/** Draws a picture. Deterministic: the same model and request give the same text. */
export async function drawPicture(model: Model, request: PictureRequest): Promise<PictureOutcome> {
  const s = sceneFor(model, request);
  if (!s.ok) return { ok: false, error: { message: s.message, hint: s.hint } };
  const { scene, marks } = s;
  switch (request.format) {
    case 'mermaid':
      return { ok: true, value: { text: toMermaid(scene, marks), scene } };
    case 'dot':
      return { ok: true, value: { text: toDot(scene, marks), scene } };
    case 'svg': {
      const stops = new Set((marks?.stops ?? []).map((x) => x.node));
      return { ok: true, value: { text: toSvg(await layoutScene(scene, stops), marks), scene } };
    }
  }
}
