/**
 * Incremental recheck: a model kept together with its analysis, changed one step at a time — a rule added, removed
 * or modified, a group attached to or detached from an instance, an endpoint's status, a load-balancer member — each
 * step answered with the delta of the matrix: the flows it gains and loses. The delta is computed by the diff of
 * the model before and after the step (diff.ts), which decides again only the VPCs and the source–destination pairs
 * whose inputs the step touched, and for a rule change only the rule's ports; the model itself is validated again in full after each step (the same loader, so
 * a step that makes the model invalid is refused with the loader's diagnostics and changes nothing).
 */
import type { Diagnostic, Model, Result } from '../model/index.js';
import { Simulator } from '../sim/engine.js';
import { diffModels, type ModelDiff } from './diff.js';

/** A rule as written in a model file's `securityGroups[].rules` (see docs/model-format.md). */
type RuleDoc = Record<string, unknown>;

/** One step of change, in the model file's terms. */
export type ModelChange =
  | { readonly kind: 'add-rule'; readonly group: string; readonly rule: RuleDoc }
  | { readonly kind: 'remove-rule'; readonly group: string; readonly index: number }
  | { readonly kind: 'modify-rule'; readonly group: string; readonly index: number; readonly rule: RuleDoc }
  | { readonly kind: 'attach-group'; readonly instance: string; readonly group: string }
  | { readonly kind: 'detach-group'; readonly instance: string; readonly group: string }
  | { readonly kind: 'endpoint-status'; readonly endpoint: string; readonly status: string }
  | { readonly kind: 'add-member'; readonly listener: string; readonly member: Record<string, unknown> };

/** What a step did: the delta of the matrix, or why the step was refused (nothing changed then). */
export type StepOutcome = Result<{ readonly delta: ModelDiff; readonly model: Model }, IncrementalError>;

/** Why a start or a step was refused: in words, and the loader's diagnostics when the model would be invalid. */
export interface IncrementalError {
  readonly message: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** What the loader gives: a valid model, or its diagnostics (`LoadResult`). */
type Loaded = Result<Model, unknown> & { readonly diagnostics: readonly Diagnostic[] };

type Doc = { [key: string]: unknown };
type Item = { id?: unknown; [key: string]: unknown };

/** A model that changes step by step, with the delta of each step. */
export class IncrementalAnalysis {
  private doc: Doc;
  private sim: Simulator;

  /**
   * @param doc the model as data (a parsed model file, or a generated tenant); it is copied, never changed.
   * @param load the loader: model data in, a validated model (or diagnostics) out — `loadModelFromText` applied to
   *   the data as JSON, which is what `fromDocument` passes.
   */
  private constructor(
    doc: Doc,
    sim: Simulator,
    private readonly load: (doc: Doc) => Loaded,
  ) {
    this.doc = doc;
    this.sim = sim;
  }

  /** Starts from model data; null (with the diagnostics) when the data is not a valid model. */
  static fromDocument(doc: Doc, load: (doc: Doc) => Loaded): Result<IncrementalAnalysis, IncrementalError> {
    const copy = structuredClone(doc);
    const r = load(copy);
    if (!r.ok) return { ok: false, error: { message: 'the data is not a valid model', diagnostics: r.diagnostics } };
    return { ok: true, value: new IncrementalAnalysis(copy, new Simulator(r.value), load) };
  }

  /** The current model. */
  get model(): Model {
    return this.sim.model;
  }

  /** The simulator of the current model. */
  get simulator(): Simulator {
    return this.sim;
  }

  /** Applies one step; on success the analysis moves to the changed model. */
  apply(change: ModelChange): StepOutcome {
    const next = structuredClone(this.doc);
    const problem = edit(next, change);
    if (problem) return { ok: false, error: { message: problem, diagnostics: [] } };
    const r = this.load(next);
    if (!r.ok) return { ok: false, error: { message: 'the change makes the model invalid; nothing was changed', diagnostics: r.diagnostics } };
    const after = new Simulator(r.value);
    const delta = diffModels(this.sim, after);
    this.doc = next;
    this.sim = after;
    return { ok: true, value: { delta, model: r.value } };
  }
}

function list(doc: Doc, section: string): Item[] {
  const v = doc[section];
  return Array.isArray(v) ? (v as Item[]) : [];
}

function byId(doc: Doc, section: string, id: string): Item | undefined {
  return list(doc, section).find((x) => x !== null && typeof x === 'object' && x.id === id);
}

/** Applies a change to model data in place; a message when the change names something the data does not have. */
function edit(doc: Doc, c: ModelChange): string | null {
  switch (c.kind) {
    case 'add-rule':
    case 'remove-rule':
    case 'modify-rule': {
      const g = byId(doc, 'securityGroups', c.group);
      if (!g) return `no security group "${c.group}"`;
      const rules = Array.isArray(g.rules) ? (g.rules as unknown[]) : (g.rules = []);
      if (c.kind === 'add-rule') rules.push(structuredClone(c.rule));
      else if (!Number.isInteger(c.index) || c.index < 0 || c.index >= rules.length) return `security group "${c.group}" has no rule ${c.index}`;
      else if (c.kind === 'remove-rule') rules.splice(c.index, 1);
      else rules[c.index] = structuredClone(c.rule);
      return null;
    }
    case 'attach-group':
    case 'detach-group': {
      const i = byId(doc, 'instances', c.instance);
      if (!i) return `no instance "${c.instance}"`;
      const groups = Array.isArray(i.securityGroups) ? (i.securityGroups as unknown[]) : [];
      if (c.kind === 'attach-group') {
        if (groups.includes(c.group)) return `instance "${c.instance}" already has group "${c.group}"`;
        i.securityGroups = [...groups, c.group];
      } else {
        if (!groups.includes(c.group)) return `instance "${c.instance}" does not have group "${c.group}"`;
        i.securityGroups = groups.filter((g) => g !== c.group);
      }
      return null;
    }
    case 'endpoint-status': {
      const e = byId(doc, 'endpoints', c.endpoint);
      if (!e) return `no endpoint "${c.endpoint}"`;
      e.status = c.status;
      return null;
    }
    case 'add-member': {
      for (const lb of list(doc, 'loadBalancers')) {
        const listeners = Array.isArray(lb.listeners) ? (lb.listeners as Item[]) : [];
        const l = listeners.find((x) => x.id === c.listener);
        if (!l) continue;
        const members = Array.isArray(l.members) ? (l.members as unknown[]) : (l.members = []);
        members.push(structuredClone(c.member));
        return null;
      }
      return `no listener "${c.listener}"`;
    }
    default: {
      const never: never = c;
      return `unknown change ${JSON.stringify(never)}`;
    }
  }
}
