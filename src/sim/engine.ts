import { intervals, pointSpace, withAxis, type FlowSpace, type IntervalSet } from '../net/index.js';
import { INTERNET_ADDRESSES, INTERNET_WITNESS, type Model, type Resource } from '../model/index.js';
import { originOf } from './set-driver.js';
import { narrateInternetAssumption } from './narrate-internet.js';
import { describeValue, resolveQuery, type Resolved } from './query.js';
import { CompiledModel } from './compile.js';
import { OpenCompiledModel, WhatIfCompiledModel, passableKey } from './what-if.js';
import type { Decision, FilterDecision, RuleFilterDecision } from './decisions.js';
import type { DispositionCode } from './dispositions.js';
import { receive, send } from './kinds/index.js';
import { route } from './kinds/instance.js';
import { narrateHop, type Blocker } from './narrate.js';
import { view } from './words.js';

export { describeQueryError, describeValue, icmpCodeError, pickedShapeError, pickedValues, sourcePortError } from './query.js';
import type { AllBlockers, Answer, PathBlocker, PickedValues, Trace, TraceOutcome, TraceQuery, TraceResult, TraceStatus, Verdict } from './types.js';

/** One node of a path and its decisions on that path. */
export interface PathStep {
  readonly node: Resource;
  readonly decisions: readonly Decision[];
}

/** How one path ends, without narration. */
export interface PathEnd {
  readonly status: TraceStatus;
  readonly code: DispositionCode;
  readonly at: string;
  /** The load balancer the path went through, if any (where paths fork into members). */
  readonly loadBalancer: string | null;
}

/** The answer for one flow without narration: what `trace` says in its first line. */
export interface Decided {
  readonly verdict: Verdict;
  readonly code: DispositionCode;
  readonly at: string;
}

/** Either a decision-only answer, or why the query cannot be run. */
export type DecideOutcome = Answer<Decided>;

/**
 * Follows a flow from its client through every node's semantics; calls `emit` once per path, in path order. The
 * path handed to `emit` is live: it is valid during the call only.
 */
function walk(cm: CompiledModel, q: Resolved, emit: (path: readonly PathStep[]) => void): void {
  walkFrom(cm, q.client, send(cm, q.client, q.space, q.named), emit);
}

/**
 * Follows the branches a node's semantics gave for some flows through every later node; calls `emit` once per
 * path, in path order (the path is live: valid during the call only). Lint walks from an endpoint service this way.
 */
export function walkFrom(cm: CompiledModel, node: Resource, branches: readonly (readonly Decision[])[], emit: (path: readonly PathStep[]) => void): void {
  const path: PathStep[] = [];
  const follow = (at: Resource, bs: readonly (readonly Decision[])[]): void => {
    for (const decisions of bs) {
      path.push({ node: at, decisions });
      const last = decisions[decisions.length - 1]!;
      if (last.type === 'forward') follow(last.to, receive(cm, last.to, last.space, last.facts));
      else emit(path);
      path.pop();
    }
  };
  follow(node, branches);
}

/** What keeps a path from delivering in full: the hop, and the filter decision when a filter decided. */
interface Block {
  readonly step: number;
  readonly filter: FilterDecision | null;
  readonly partial: boolean;
}

/** The drop that ends a path, or the first filter that let only part of it through; null when it delivers in full. */
function blockingDecision(path: readonly PathStep[]): Block | null {
  const end = pathEnd(path);
  if (end.status === 'delivered') return null;
  if (end.status === 'dropped') {
    const last = path[path.length - 1]!.decisions.at(-1)!;
    const cause = last.type === 'drop' && 'type' in last.cause ? last.cause : null;
    return { step: path.length - 1, filter: cause, partial: false };
  }
  for (let i = 0; i < path.length; i++) {
    for (const d of path[i]!.decisions) {
      if (d.type === 'filter' && 'spec' in d && d.outcome === 'partial' && d.spec.onPartial === 'narrow') return { step: i, filter: d, partial: true };
    }
  }
  return null;
}

/** True when a path ends because a filter rule (or no rule) refused it. */
function droppedByRule(path: readonly PathStep[]): boolean {
  const last = path[path.length - 1]!.decisions.at(-1)!;
  return last.type === 'drop' && 'type' in last.cause && 'spec' in last.cause;
}

/** How a path ends: its last decision, or the first partial finding when it delivers. */
export function pathEnd(path: readonly PathStep[]): PathEnd {
  let partial: RuleFilterDecision | null = null;
  let loadBalancer: string | null = null;
  for (const step of path) {
    if (loadBalancer === null && step.node.kind === 'loadBalancer') loadBalancer = step.node.id;
    for (const d of step.decisions) {
      if (partial === null && d.type === 'filter' && 'spec' in d && d.outcome === 'partial' && d.spec.onPartial === 'narrow') partial = d;
    }
  }
  const steps = path[path.length - 1]!.decisions;
  const last = steps[steps.length - 1]!;
  if (last.type === 'drop') return { status: 'dropped', code: last.code, at: last.at, loadBalancer };
  if (last.type !== 'deliver') throw new Error(`pathEnd: a path ends in ${last.type}`);
  if (partial) return { status: 'partial', code: partial.spec.partial, at: partial.spec.resource, loadBalancer };
  return { status: 'delivered', code: 'DELIVERED', at: last.at.id, loadBalancer };
}

/** Folds the ends of a flow's paths into one verdict, code and stop point. */
export function combine(ends: readonly PathEnd[]): Decided {
  const first = ends[0]!;
  // Through a load balancer every member is a path: a reachable flow is reached at the load balancer, not at one member.
  if (ends.every((t) => t.status === 'delivered'))
    return { verdict: 'reachable', code: 'DELIVERED', at: ends.length > 1 && first.loadBalancer ? first.loadBalancer : first.at };
  if (ends.every((t) => t.status === 'dropped')) {
    // The members' common code, or the first member's when they differ: either way the first path's.
    return { verdict: 'unreachable', code: first.code, at: first.at };
  }
  const culprit = ends.find((t) => t.status !== 'delivered')!;
  return { verdict: 'partial', code: culprit.code, at: culprit.at };
}

/** A reusable simulator for one model: compiles the model's rules once. */
export class Simulator {
  /** The model's compiled rules, for the drivers over sets of flows (set-driver.ts). */
  readonly compiled: CompiledModel;
  private open: OpenCompiledModel | undefined;

  /** @param compiled the model's rules already compiled (`CompiledModel.withSecurityGroup`); compiled anew when absent. */
  constructor(
    readonly model: Model,
    compiled?: CompiledModel,
  ) {
    // API misuse (a load result, a file name, model data instead of a loaded model) is a thrown error that says so.
    if (model === null || typeof model !== 'object' || !(model.resources instanceof Map))
      throw new TypeError(
        `Simulator: expected a loaded model (the value of loadModel(file) when it is ok); got ${
          model !== null && typeof model === 'object' && 'diagnostics' in model ? 'a load result: use its .value when .ok is true' : describeValue(model)
        }`,
      );
    this.compiled = compiled?.model === model ? compiled : new CompiledModel(model);
  }

  /** Simulates one flow hop by hop. Never throws for a bad query: it comes back as `{ ok: false, error }`. */
  trace(query: TraceQuery): TraceOutcome {
    const wide = resolveQuery(this.model, query);
    if ('field' in wide) return { ok: false, error: wide };
    const q = this.concrete(wide);
    const paths: PathStep[][] = [];
    walk(this.compiled, q, (path) => paths.push([...path]));
    const ends = paths.map(pathEnd);
    const blocker = paths.some(droppedByRule) ? this.blockerBeyondFilters(q) : null;
    // Paths share their first hops (they fork at a listener): narrate each shared hop once.
    const shared: { decisions: readonly Decision[]; hop: Trace['hops'][number] }[] = [];
    const traces: Trace[] = paths.map((path, p) => {
      const hops = path.map((s, i) => {
        const prev = shared[i];
        if (prev && prev.decisions === s.decisions) return prev.hop;
        const hop = narrateHop(this.model, s.node, s.decisions, blocker);
        shared[i] = { decisions: s.decisions, hop };
        return hop;
      });
      const end = ends[p]!;
      return { disposition: end.code, status: end.status, at: end.at, hops };
    });
    // From or to every public address: the trace follows one, and says so once on its first hop (shared by the paths).
    if (wide.wide !== null && traces[0])
      traces[0].hops[0]!.notes.unshift(
        narrateInternetAssumption({ type: 'assume', assumption: 'internet-witness', space: q.space, axis: wide.wide, mixed: q.partial !== undefined }),
      );
    const decided = q.partial ?? combine(ends);
    // From the internet, the flow goes to a public address (the first path's): the resource's own is private.
    const first = paths[0]?.[0]?.decisions[0];
    const f = view(q.client.kind === 'internet' && first?.type === 'originate' ? first.space : q.space);
    const flow = {
      from: q.client.id,
      to: query.to,
      protocol: f.protocol,
      src: f.src,
      dst: f.dst,
      dstPort: f.dstPort,
      ...(f.srcPort !== undefined ? { srcPort: f.srcPort } : {}),
      ...(f.icmpCode !== undefined ? { icmpCode: f.icmpCode } : {}),
    };
    const result: TraceResult = { verdict: decided.verdict, code: decided.code, at: decided.at, flow, traces };
    return { ok: true, value: result };
  }

  /**
   * What would still stop the flow if every filter admitted it, when every path stops: a fix for a filter would
   * not help before that is changed. Null when opening the filters lets some path through.
   */
  private blockerBeyondFilters(q: Resolved): Blocker | null {
    this.open ??= new OpenCompiledModel(this.model);
    let first: PathStep[] | null = null;
    let delivers = false;
    walk(this.open, q, (path) => {
      if (pathEnd(path).status !== 'dropped') delivers = true;
      else first ??= [...path];
    });
    if (delivers || first === null) return null;
    const last = (first as PathStep[]).at(-1)!;
    const drop = narrateHop(this.model, last.node, last.decisions, null).steps.at(-1)!;
    const end = pathEnd(first);
    return { code: end.code, at: end.at, detail: drop.type === 'drop' ? drop.detail : '' };
  }

  /**
   * Every filter and condition that stops the flow (or lets only part of it through), in path order, each with
   * its fix: the first blocker of each path is taken as fixed and the flow walked again, until every path delivers
   * or only what cannot be looked past is left (see PathBlocker.passable). Every walk interprets the model's own
   * semantics; a fixed filter admits everything, a fixed endpoint is accepted, a fixed permission is granted.
   */
  allBlockers(query: TraceQuery): Answer<AllBlockers> {
    const wide = resolveQuery(this.model, query);
    if ('field' in wide) return { ok: false, error: wide };
    const q = this.concrete(wide, 'dropped');
    const whatIf = new WhatIfCompiledModel(this.model);
    const found = new Map<string, { blocker: PathBlocker; depth: number; order: number }>();
    for (let round = 0; ; round++) {
      let delivered = true;
      let opened = false;
      walk(whatIf, q, (path) => {
        const block = blockingDecision(path);
        if (block === null) return;
        delivered = false;
        const key = block.filter ? passableKey(block.filter) : null;
        const id = key ?? `${block.step}\u0000${pathEnd(path).code}`;
        if (!found.has(id)) found.set(id, { blocker: this.narrateBlocker(path, block, key !== null), depth: block.step, order: found.size });
        if (key !== null && !whatIf.passing.has(key)) {
          whatIf.passing.add(key);
          opened = true;
        }
      });
      // Each round opens at least one more filter or condition, of which a model has finitely many.
      if (delivered || !opened || round > found.size + 1) {
        const blockers = [...found.values()].sort((a, b) => a.depth - b.depth || a.order - b.order).map((f) => f.blocker);
        return { ok: true, value: { blockers, complete: delivered } };
      }
    }
  }

  private narrateBlocker(path: readonly PathStep[], block: Block, passable: boolean): PathBlocker {
    const step = path[block.step]!;
    const hop = narrateHop(this.model, step.node, step.decisions, null);
    const end = pathEnd(path);
    if (block.partial) {
      const f = hop.steps.find((s) => s.type === 'filter' && s.decision === 'partial');
      const detail = f && f.type === 'filter' ? f.detail : '';
      const fix = f && f.type === 'filter' ? f.fix : undefined;
      return { code: end.code, at: end.at, node: step.node.id, detail, ...(fix ? { fix } : {}), passable };
    }
    const drop = hop.steps.at(-1)!;
    const detail = drop.type === 'drop' ? drop.detail : '';
    const fix = drop.type === 'drop' ? drop.fix : undefined;
    return { code: end.code, at: end.at, node: step.node.id, detail, ...(fix ? { fix } : {}), passable };
  }

  /**
   * Whether the client's VPC routes to a destination named by id (an endpoint, instance or load balancer): the
   * routing of the instance kind's semantics, asked without a flow. False for unknown ids.
   */
  routes(from: string, to: string): boolean {
    const client = this.model.instances.get(from);
    const r = this.model.resources.get(to);
    if (!client || !r || (r.kind !== 'instance' && r.kind !== 'endpoint' && r.kind !== 'loadBalancer')) return false;
    // The client's record is read (its VPC, its address): what the answer depends on (CompiledModel.reads).
    this.compiled.visit(client);
    const space = pointSpace('tcp', 1, [{ lo: client.ip, hi: client.ip }], r.ip);
    return route(this.compiled, client, space, to).some((x) => x.target.kind === 'resource');
  }

  /**
   * The set driver's walk: the flows from `from` to `to` on every (protocol, port) of `protoPorts` at once, through the
   * same semantics as `trace`. `from` may be several instances of one subnet and one security-group list (what the model
   * gives them alike): their addresses are the source axis, each a flow of its own. An instance that is `to` itself
   * walks alone (its own address never leaves it). The source port is any a client picks, or the one `srcPort` names; an
   * ICMP flow's code any its type defines, or the one `icmpCode` names (the caller checks it: icmpCodeError).
   * Calls `emit` with each path (live: valid during the call only).
   */
  walkSets(
    query: { readonly from: string | readonly string[]; readonly to: string } & PickedValues,
    protoPorts: IntervalSet,
    emit: (path: readonly PathStep[], input: FlowSpace) => void,
  ): Answer<null> {
    const ids = typeof query.from === 'string' ? [query.from] : query.from;
    const q = resolveQuery(this.model, { from: ids[0]!, to: query.to, port: 1, ...(query.srcPort !== undefined ? { srcPort: query.srcPort } : {}) });
    if ('field' in q) return { ok: false, error: q };
    const src: { lo: number; hi: number }[] = [];
    const first = q.client;
    if (first.kind === 'internet') {
      // The internet walks alone: its addresses are the query's (every public address, or the one it names).
      if (ids.length > 1) return { ok: false, error: { code: 'invalid-value', field: 'from', message: `the internet walks alone, not with "${ids[1]}"` } };
      for (const r of q.space.src) src.push(r);
    }
    for (const id of first.kind === 'internet' ? [] : ids) {
      const i = this.model.instances.get(id);
      if (
        !i ||
        first.kind !== 'instance' ||
        i.subnet !== first.subnet ||
        i.securityGroups.join(',') !== first.securityGroups.join(',') ||
        (ids.length > 1 && id === query.to)
      )
        return { ok: false, error: { code: 'invalid-value', field: 'from', message: `"${id}" cannot walk with "${ids[0]}"` } };
      src.push({ lo: i.ip, hi: i.ip });
    }
    const input: FlowSpace = {
      ...q.space,
      protoPort: protoPorts,
      src: intervals.fromRanges(src),
      ...(query.icmpCode !== undefined ? { icmpCode: [{ lo: query.icmpCode, hi: query.icmpCode }] } : {}),
    };
    // The query read the destination (its address): what the walk's answer depends on (CompiledModel.reads).
    if (q.named !== null) this.compiled.resource(q.named);
    walk(this.compiled, { ...q, space: input }, (path) => emit(path, input));
    return { ok: true, value: null };
  }

  /**
   * A query on every public address (`--from internet`, `--to internet`) narrowed to one, its witness: the documented
   * 203.0.113.1 when its flow is delivered (or, with `prefer: 'dropped'`, stopped) or no other is, else the lowest
   * such address. When only some of the addresses get through (`partial`), the answer is that of them all, as the
   * set driver's classes give it: partial, with the code and stop point of the first path that does not deliver.
   */
  private concrete(q: Resolved, prefer: 'delivered' | 'dropped' = 'delivered'): Resolved & { readonly partial?: Decided } {
    if (q.wide === null) return q;
    const axis = q.wide;
    let best: number | null = null;
    const ends: PathEnd[] = [];
    walk(this.compiled, q, (path) => {
      const end = pathEnd(path);
      ends.push(end);
      if ((end.status === 'dropped') !== (prefer === 'dropped') || best === INTERNET_WITNESS) return;
      const found = intervals.intersect(addressesOf(path, axis, q.space), INTERNET_ADDRESSES);
      if (found.length === 0) return;
      const pick = intervals.has(found, INTERNET_WITNESS) ? INTERNET_WITNESS : found[0]!.lo;
      if (best === null || pick < best || pick === INTERNET_WITNESS) best = pick;
    });
    const point = best ?? INTERNET_WITNESS;
    const all = combine(ends);
    return { ...q, space: withAxis(q.space, axis, [{ lo: point, hi: point }]), wide: null, ...(all.verdict === 'partial' ? { partial: all } : {}) };
  }

  /** The verdict, code and stop point of one flow, without narrating it. */
  decide(query: TraceQuery): DecideOutcome {
    const wide = resolveQuery(this.model, query);
    if ('field' in wide) return { ok: false, error: wide };
    const q = this.concrete(wide);
    if (q.partial) return { ok: true, value: q.partial };
    const ends: PathEnd[] = [];
    walk(this.compiled, q, (path) => ends.push(pathEnd(path)));
    return { ok: true, value: combine(ends) };
  }
}

/** Simulates one flow through a model. */
export function trace(model: Model, query: TraceQuery): TraceOutcome {
  return new Simulator(model).trace(query);
}

/**
 * The original addresses a path decides on one axis: its sources as the set driver reads them, or its destinations up
 * to the first rewrite of the destination.
 */
function addressesOf(path: readonly PathStep[], axis: 'src' | 'dst', input: FlowSpace): IntervalSet {
  if (axis === 'src') return originOf(path, input).src;
  let dst = input.dst;
  for (const step of path)
    for (const d of step.decisions) {
      if (d.type === 'transform') {
        if (d.after.dst !== d.before.dst) return dst;
      } else if ('space' in d) dst = d.space.dst;
    }
  return dst;
}
