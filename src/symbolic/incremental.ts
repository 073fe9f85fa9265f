/**
 * Incremental recheck: a model kept together with an index of what its analysis read, changed one step at a time — a
 * rule added, removed or modified, a group attached to or detached from an instance, an endpoint's status, a
 * load-balancer member — each step answered with the delta of the matrix: the flows it gains and loses.
 *
 * The start walks the whole matrix once (every VPC's instances to every destination their routing reaches) and
 * records, for each cell, everything the kinds' semantics read of the model on the way (CompiledModel.reads): the
 * index from each record and each filter's rules of one direction to the cells that read them. A cell whose walk
 * read nothing a step changes is walked identically after it, so a step recomputes only the cells that read what it
 * changes, once before and once after, on the ports it can touch (a rule's own, and what port translations turn
 * into them).
 *
 * A rule change needs no reload: only the changed group is validated (the loader's schema and builder,
 * load/model/one-group.ts), and the new model and compiled model share everything with the old ones but the group
 * and the guard lists that hold it (a step never changes a model). A cell's sends are kept from its walk before the
 * step and received again after it when they read none of the changed rules. The other steps load the changed data
 * in full (the same loader, so a step that makes the model invalid is refused with the loader's diagnostics and
 * changes nothing) and compare the same cells in the two models.
 */
import type { Diagnostic, Instance, Model, Result, SecurityGroup } from '../model/index.js';
import { intervals, protoPortSet, type IntervalSet } from '../net/index.js';
import { Simulator } from '../sim/engine.js';
import { diffModels, throughTranslations, type FlowChange, type ModelDiff } from './diff.js';
import { changesTo, diffOf } from './diff-compare.js';
import { planMatrix, type MatrixPlan } from './matrix.js';
import { EVERY_PORT, portClassesToOne, type Sends } from './set-ports.js';
import type { Sent } from '../sim/set-driver.js';
import { edit, list, type ModelChange } from './model-change.js';
import type { PortClass } from './ports.js';

export type { ModelChange } from './model-change.js';

/**
 * What a step did: the delta of the matrix, or why the step was refused (nothing changed then). `model` is the model
 * after the step (a new one: the model before it is unchanged).
 */
export type StepOutcome = Result<{ readonly delta: ModelDiff; readonly model: Model }, IncrementalError>;

/** Why a start or a step was refused: in words, and the loader's diagnostics when the model would be invalid. */
export interface IncrementalError {
  readonly message: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** What the loader gives: a valid model, or its diagnostics (`LoadResult`). */
type Loaded = Result<Model, unknown> & { readonly diagnostics: readonly Diagnostic[] };

/**
 * The loader's builder of one security group (`buildOneSecurityGroup`): the group at `securityGroups[index]` of the
 * data, validated on its own against the model's other resources, or the diagnostics that refuse it.
 */
export type GroupBuilder = (data: Doc, index: number, model: Model) => { readonly group?: SecurityGroup; readonly diagnostics: readonly Diagnostic[] };

type Doc = { [key: string]: unknown };

/** A cell of the matrix: a block (a VPC's instances) and a destination its routing reaches. */
interface Cell {
  readonly block: number;
  readonly to: string;
}

/** A model that changes step by step, with the delta of each step. */
export class IncrementalAnalysis {
  /** The blocks, and the instances (the model's map) their sources are. */
  private plan!: MatrixPlan & { readonly instances: Model['instances'] };
  private cells: Cell[] = [];
  /** What was read → the cells whose walk read it (besides the blocks' common reads). */
  private index = new Map<string, Set<number>>();
  /** What every cell of a block read (its sources' sends, mostly) → those blocks. */
  private blockIndex = new Map<string, Set<number>>();
  /** What planning the blocks read (the routing of each subnet's first instance). */
  private planReads = new Set<string>();
  /** A source instance → its block. */
  private blockOf = new Map<string, number>();

  /**
   * @param doc the model as data (a parsed model file, or a generated tenant); it is copied, never changed.
   * @param load the loader: model data in, a validated model (or diagnostics) out — `loadModelFromText` applied to
   *   the data as JSON, which is what `fromDocument` passes.
   */
  private constructor(
    private doc: Doc,
    private sim: Simulator,
    private readonly load: (doc: Doc) => Loaded,
    private readonly buildGroup: GroupBuilder | undefined,
  ) {
    this.index_();
  }

  /**
   * Starts from model data; the diagnostics when the data is not a valid model. The start walks the whole matrix
   * once, to index what each cell reads. With `buildGroup`, a rule step validates and builds only the changed group
   * (in place); without it, the changed data is loaded in full.
   */
  static fromDocument(doc: Doc, load: (doc: Doc) => Loaded, buildGroup?: GroupBuilder): Result<IncrementalAnalysis, IncrementalError> {
    const copy = structuredClone(doc);
    const r = load(copy);
    if (!r.ok) return { ok: false, error: { message: 'the data is not a valid model', diagnostics: r.diagnostics } };
    return { ok: true, value: new IncrementalAnalysis(copy, new Simulator(r.value), load, buildGroup) };
  }

  /** The current model. */
  get model(): Model {
    return this.sim.model;
  }

  /** The simulator of the current model. */
  get simulator(): Simulator {
    return this.sim;
  }

  /** The model data as it now stands (a copy). */
  get data(): Doc {
    return structuredClone(this.doc);
  }

  /** Plans the blocks and walks every cell, recording what each read. */
  private index_(): void {
    const cm = this.sim.compiled;
    this.index = new Map();
    this.blockOf = new Map();
    cm.reads = this.planReads = new Set();
    try {
      this.plan = { ...planMatrix(this.sim), instances: this.sim.model.instances };
    } finally {
      cm.reads = null;
    }
    this.cells = [];
    this.blockIndex = new Map();
    this.plan.blocks.forEach((b, k) => {
      for (const i of b.sources) this.blockOf.set(i.id, k);
      const first = this.cells.length;
      for (const to of b.reached) this.cells.push({ block: k, to });
      // What every cell of the block read is indexed once for the block: the index holds each cell's own reads only.
      const reads: Set<string>[] = [];
      for (let c = first; c < this.cells.length; c++) reads.push(this.walk(this.sim, c, EVERY_PORT).reads);
      const common = new Set(reads[0]);
      for (const r of reads.slice(1)) for (const key of common) if (!r.has(key)) common.delete(key);
      for (const key of common) add(this.blockIndex, key, k);
      reads.forEach((r, j) => {
        for (const key of r) if (!common.has(key)) add(this.index, key, first + j);
      });
    });
  }

  /** A cell's every source's classes on `ports`, and what the walk read (`sends`: see portClassesToOne). */
  private walk(sim: Simulator, c: number, ports: IntervalSet, sends: Sends = {}): { classes: ReadonlyMap<string, PortClass[]>; reads: Set<string> } {
    const { block, to } = this.cells[c]!;
    const sources = this.sourcesIn(sim, block);
    const cm = sim.compiled;
    const reads = (cm.reads = new Set());
    try {
      const r = portClassesToOne(sim, sources, to, ports, sends);
      return { classes: r.ok ? r.value : new Map(), reads };
    } finally {
      cm.reads = null;
    }
  }

  /**
   * A cell walked again after a step: its classes; what it read now is indexed too (what it read before stays: more is
   * sound). `sent`: what its sources' sends gave before the step, taken again when they read none of `changed`.
   */
  private rewalk(c: number, ports: IntervalSet, sent?: Sent, changed?: ReadonlySet<string>): ReadonlyMap<string, PortClass[]> {
    const same = sent?.reads && changed && ![...sent.reads].some((r) => changed.has(r));
    const { classes, reads } = this.walk(this.sim, c, ports, same ? { reuse: sent } : {});
    for (const key of reads) add(this.index, key, c);
    return classes;
  }

  /** A block's sources in a model (the plan's own list while the instances are the same: the walk prepares a list once). */
  private sourcesIn(sim: Simulator, block: number): readonly Instance[] {
    const listed = this.plan.blocks[block]!.sources;
    if (sim.model.instances === this.plan.instances) return listed;
    let lists = otherLists.get(sim);
    if (!lists) otherLists.set(sim, (lists = new Map<number, readonly Instance[]>()));
    let out = lists.get(block);
    if (!out) lists.set(block, (out = listed.map((i) => sim.model.instances.get(i.id)!)));
    return out;
  }

  /** The analysis moves to a changed model: the blocks' sources are its instances from now on. */
  private moveTo(doc: Doc, sim: Simulator): void {
    const plan = this.plan;
    if (sim.model.instances !== plan.instances)
      this.plan = { ...plan, blocks: plan.blocks.map((b, k) => ({ ...b, sources: this.sourcesIn(sim, k) })), instances: sim.model.instances };
    this.doc = doc;
    this.sim = sim;
  }

  /**
   * Whether the blocks are the same in a changed model: they are when planning them read none of `keys`, or when
   * planning them again in it gives the same blocks (what it read then is kept too).
   */
  private samePlan(sim: Simulator, keys: readonly string[]): boolean {
    if (!keys.some((k) => this.planReads.has(k))) return true;
    const reads = (sim.compiled.reads = new Set<string>());
    let plan: MatrixPlan;
    try {
      plan = planMatrix(sim);
    } finally {
      sim.compiled.reads = null;
    }
    const ids = (xs: readonly Instance[]): string => xs.map((i) => i.id).join('\u0000');
    const same =
      plan.blocks.length === this.plan.blocks.length &&
      plan.blocks.every((b, k) => {
        const a = this.plan.blocks[k]!;
        return a.vpc === b.vpc && ids(a.sources) === ids(b.sources) && a.reached.join('\u0000') === b.reached.join('\u0000');
      });
    if (same) for (const r of reads) this.planReads.add(r);
    return same;
  }

  /** The step when the blocks differ: the two models compared in full (`diffModels`), and everything indexed again. */
  private anew(doc: Doc, after: Simulator): StepOutcome {
    const delta = diffModels(this.sim, after);
    this.doc = doc;
    this.sim = after;
    this.index_();
    return { ok: true, value: { delta, model: after.model } };
  }

  /** The cells that read any of `keys`; a source instance among them puts its whole block in. */
  private affected(keys: readonly string[]): number[] {
    const out = new Set<number>();
    const blocks = new Set<number>();
    for (const key of keys) {
      for (const c of this.index.get(key) ?? []) out.add(c);
      for (const b of this.blockIndex.get(key) ?? []) blocks.add(b);
      const block = this.blockOf.get(key);
      if (block !== undefined) blocks.add(block);
    }
    if (blocks.size) this.cells.forEach((cell, c) => blocks.has(cell.block) && out.add(c));
    return [...out].sort((a, b) => a - b);
  }

  /** The delta over `cells` on `ports`, from their classes before and after (in cell order). */
  private delta(
    cells: readonly number[],
    ports: IntervalSet,
    before: readonly ReadonlyMap<string, PortClass[]>[],
    after: readonly ReadonlyMap<string, PortClass[]>[],
  ): ModelDiff {
    const changes: FlowChange[] = [];
    const blocks = new Set<number>();
    cells.forEach((c, k) => {
      const { block, to } = this.cells[c]!;
      blocks.add(block);
      const ids = this.plan.blocks[block]!.sources.map((i) => i.id);
      for (const x of changesTo(before[k]!, after[k]!, ids, to, ports)) changes.push(x);
    });
    return diffOf(changes, blocks.size, this.sim.model.vpcs.size - blocks.size);
  }

  /** Applies one step; on success the analysis moves to the changed model. */
  apply(change: ModelChange): StepOutcome {
    // Data from outside the type system (a JavaScript caller, parsed JSON): refused with a message, never thrown.
    if (change === null || typeof change !== 'object' || typeof (change as { kind?: unknown }).kind !== 'string')
      return {
        ok: false,
        error: { message: `a change is an object with a kind (add-rule, remove-rule, …); got ${JSON.stringify(change) ?? typeof change}`, diagnostics: [] },
      };
    if (change.kind === 'add-rule' || change.kind === 'remove-rule' || change.kind === 'modify-rule') return this.applyRule(change);
    const next = structuredClone(this.doc);
    const problem = edit(next, change);
    if (problem) return { ok: false, error: { message: problem, diagnostics: [] } };
    const r = this.load(next);
    if (!r.ok) return { ok: false, error: { message: 'the change makes the model invalid; nothing was changed', diagnostics: r.diagnostics } };
    const after = new Simulator(r.value);
    const keys =
      change.kind === 'attach-group' || change.kind === 'detach-group'
        ? [change.instance, `members:${change.group}`]
        : change.kind === 'endpoint-status'
          ? [change.endpoint]
          : [change.listener];
    const before = this.sim;
    if (!this.samePlan(after, keys)) return this.anew(next, after);
    const cells = this.affected(keys);
    const was = cells.map((c) => this.walk(before, c, EVERY_PORT).classes);
    this.moveTo(next, after);
    const now = cells.map((c) => this.rewalk(c, EVERY_PORT));
    return { ok: true, value: { delta: this.delta(cells, EVERY_PORT, was, now), model: r.value } };
  }

  /** A rule step, in place: the group validated on its own, its guard lists renewed, the cells that read it walked again on its ports. */
  private applyRule(change: Extract<ModelChange, { kind: 'add-rule' | 'remove-rule' | 'modify-rule' }>): StepOutcome {
    const groups = list(this.doc, 'securityGroups');
    const at = groups.findIndex((g) => g !== null && typeof g === 'object' && g.id === change.group);
    if (at < 0) return { ok: false, error: { message: `no security group "${change.group}"`, diagnostics: [] } };
    const raw = structuredClone(groups[at]!);
    const problem = edit({ securityGroups: [raw] }, change);
    if (problem) return { ok: false, error: { message: problem, diagnostics: [] } };
    const data = { ...this.doc, securityGroups: groups.map((g, i) => (i === at ? raw : g)) };
    let next: Simulator;
    if (this.buildGroup) {
      const b = this.buildGroup(data, at, this.sim.model);
      if (!b.group) return { ok: false, error: { message: 'the change makes the model invalid; nothing was changed', diagnostics: b.diagnostics } };
      const compiled = this.sim.compiled.withSecurityGroup(b.group);
      next = new Simulator(compiled.model, compiled);
    } else {
      const r = this.load(structuredClone(data));
      if (!r.ok) return { ok: false, error: { message: 'the change makes the model invalid; nothing was changed', diagnostics: r.diagnostics } };
      next = new Simulator(r.value);
    }
    const built = { group: next.model.securityGroups.get(change.group)! };
    const old = this.sim.model.securityGroups.get(change.group)!;
    const index = change.kind === 'add-rule' ? built.group.rules.length - 1 : change.index;
    const rules = [old.rules.find((r) => r.index === index), change.kind === 'remove-rule' ? undefined : built.group.rules.find((r) => r.index === index)];
    // The flows a rule change can touch: the old rule's and the new one's, and what port translations turn into them.
    let ports: IntervalSet = intervals.EMPTY;
    const keys = new Set<string>();
    for (const r of rules) {
      if (!r) continue;
      ports = intervals.union(ports, protoPortSet(r.protocol, r.ports));
      keys.add(`${change.group}:${r.direction}`);
    }
    if (!this.samePlan(next, [...keys])) return this.anew(data, next);
    const walked = intervals.intersect(throughTranslations([this.sim.model], ports) ?? EVERY_PORT, EVERY_PORT);
    const cells = walked.length ? this.affected([...keys]) : [];
    // The sends of a cell that read none of the changed rules are the same after the step: sent once, received twice.
    const sent: (Sent | undefined)[] = [];
    const was = cells.map((c, k) => this.walk(this.sim, c, walked, { keep: (x) => (sent[k] = x) }).classes);
    this.moveTo(data, next);
    // (In place only: a model loaded anew has records of its own, which the sends' branches would not be.)
    const now = cells.map((c, k) => this.rewalk(c, walked, sent[k], this.buildGroup ? keys : undefined));
    return { ok: true, value: { delta: this.delta(cells, walked, was, now), model: this.sim.model } };
  }
}

const otherLists = new WeakMap<Simulator, Map<number, readonly Instance[]>>();

function add<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (set) set.add(value);
  else index.set(key, new Set([value]));
}
