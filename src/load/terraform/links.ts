/**
 * How one resource of a plan or state points at another: by a known id (a state, or a plan for resources that exist),
 * or — when the id is known only after apply — through the configuration's references, followed across module
 * variables and outputs.
 */
import type { TfConfigModule, TfDocument, TfExpression, TfResource } from './document.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at a path of an object (undefined where missing). */
export function valueAt(values: unknown, path: readonly (string | number)[]): unknown {
  let v = values;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** Whether the value at a path is known only after apply (`after_unknown` is true there or above). */
export function isUnknownAt(res: TfResource, path: readonly (string | number)[]): boolean {
  let u = res.unknown;
  if (u === true) return true;
  for (const seg of path) {
    if (u === null || typeof u !== 'object') return false;
    u = (u as Record<string | number, unknown>)[seg];
    if (u === true) return true;
  }
  return false;
}

/** What a link resolves to: resources of the document, an id that is not in it, or nothing known. */
export type Resolved =
  | { readonly kind: 'resources'; readonly resources: readonly TfResource[] }
  | { readonly kind: 'external'; readonly ids: readonly string[] }
  | { readonly kind: 'unresolved'; readonly why: string };

interface Target {
  readonly label: string;
  readonly module: string;
  readonly configModule: string;
  readonly base: string;
  readonly index: string | number | undefined;
}

/** Links between the resources of one document. */
export class Links {
  /**
   * Resources by the ids others name them with. Ids are unique per resource type, not across types (an approval's id
   * is its service's): a repeated id keeps every resource that has it, and a link picks the one of its target type.
   */
  private readonly byId = new Map<string, TfResource>();
  private readonly sharedIds = new Map<string, TfResource[]>();
  /** Instances by module and resource (made on the first reference followed: a state has no configuration). */
  private byBaseIndex: Map<string, TfResource[]> | undefined;

  constructor(readonly doc: TfDocument) {
    // Ids that other resources use to point at each one (no resource points at a security-group rule: of a large
    // state, most resources, whose ids need not be hashed).
    for (const r of doc.resources) {
      if (r.type === 'huaweicloud_networking_secgroup_rule') continue;
      for (const id of idsOf(r)) {
        const first = this.byId.get(id);
        if (first === undefined) this.byId.set(id, r);
        else if (first !== r) {
          const list = this.sharedIds.get(id);
          if (list) {
            if (!list.includes(r)) list.push(r);
          } else this.sharedIds.set(id, [first, r]);
        }
      }
    }
  }

  /** The resource of one of `types` that a known id names (the first of them when types are not given). */
  private lookup(id: string, types?: readonly string[]): TfResource | undefined {
    const first = this.byId.get(id);
    if (first === undefined || types === undefined || types.includes(first.type)) return first;
    return this.sharedIds.get(id)?.find((r) => types.includes(r.type)) ?? first;
  }

  private get byBase(): Map<string, TfResource[]> {
    if (!this.byBaseIndex) {
      this.byBaseIndex = new Map();
      for (const r of this.doc.resources) {
        const key = `${r.label}\u0000${r.module}\u0000${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
        const list = this.byBaseIndex.get(key);
        if (list) list.push(r);
        else this.byBaseIndex.set(key, [r]);
      }
    }
    return this.byBaseIndex;
  }

  /** The resource a known id names, of one of `types` when given (ids are unique per type only). */
  byKnownId(id: string, types?: readonly string[]): TfResource | undefined {
    return this.lookup(id, types);
  }

  /**
   * The resources an attribute (a string, or a list of strings) points at: known ids are looked up; values known
   * only after apply are followed through the configuration's references. `types` are the resource types it may name.
   */
  resolve(res: TfResource, path: readonly (string | number)[], types: readonly string[]): Resolved {
    const value = valueAt(res.values, path);
    // The common case first: one id, known, of a resource of the document.
    if (typeof value === 'string' && value !== '' && res.unknown === undefined) {
      const found = this.lookup(value, types);
      if (found !== undefined && types.includes(found.type)) return { kind: 'resources', resources: [found] };
    }
    const known =
      typeof value === 'string' && value !== '' ? [value] : Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string' && x !== '') : [];
    const unknown =
      isUnknownAt(res, path) ||
      (Array.isArray(value) &&
        isObject(res.unknown) &&
        Array.isArray(valueAt(res.unknown, path)) &&
        (valueAt(res.unknown, path) as unknown[]).some((x) => x === true));
    if (known.length > 0 && !unknown) {
      const found = known.map((id) => this.lookup(id, types));
      if (found.every((r): r is TfResource => r !== undefined && types.includes(r.type))) return { kind: 'resources', resources: found };
      // Ids of resources that are not in this document: follow the configuration if it names them.
      const viaRefs = this.referenced(res, path, types);
      if (viaRefs.length > 0) return { kind: 'resources', resources: viaRefs };
      const missing = known.filter((id, i) => found[i] === undefined || !types.includes(found[i].type));
      return { kind: 'external', ids: missing };
    }
    const viaRefs = this.referenced(res, path, types);
    if (viaRefs.length > 0) return { kind: 'resources', resources: viaRefs };
    if (value === undefined && !unknown) return { kind: 'unresolved', why: 'not set' };
    return {
      kind: 'unresolved',
      why: this.doc.configurations.get(res.label)
        ? 'known only after apply, and the configuration does not reference a resource of this plan there'
        : 'known only after apply, and the plan has no configuration to follow',
    };
  }

  /**
   * Whether an attribute will hold a value after apply. Known now: it does when set. Known only after apply (a plan
   * marks every Optional+Computed attribute of a resource it creates as unknown, set or not): it does when the
   * configuration sets it; without a configuration, unless an attribute the provider's schema makes exclusive with it
   * (ConflictsWith / ExactlyOneOf) is set.
   */
  willBeSet(res: TfResource, path: readonly (string | number)[], exclusiveWith: readonly (readonly (string | number)[])[] = []): boolean {
    if (!isUnknownAt(res, path)) {
      const v = valueAt(res.values, path);
      return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
    }
    const cfg = this.configResource(res);
    if (cfg) return expressionAt(cfg.expressions, path) !== undefined;
    return !exclusiveWith.some((p) => {
      const v = valueAt(res.values, p);
      return !isUnknownAt(res, p) && v !== undefined && v !== null && v !== '';
    });
  }

  /** The resources of given types that the configuration expression at `path` references. */
  private referenced(res: TfResource, path: readonly (string | number)[], types: readonly string[]): TfResource[] {
    const out: TfResource[] = [];
    for (const t of this.targetsOf(res, path)) {
      for (const r of this.instances(t, res)) if (types.includes(r.type) && !out.includes(r)) out.push(r);
    }
    return out;
  }

  /** The resource instances a target names. */
  private instances(t: Target, from: TfResource): TfResource[] {
    const candidates = this.byBase.get(`${t.label}\u0000${t.module}\u0000${t.base}`) ?? [];
    if (t.index !== undefined) return candidates.filter((c) => c.index === t.index);
    if (candidates.length <= 1) return candidates;
    // `for_each = huaweicloud_x.y` or the same `count`: the instance with the referencing resource's own key.
    const same = candidates.filter((c) => c.index !== undefined && c.index === from.index);
    return same.length === 1 ? same : candidates;
  }

  /** The resource references of an expression, followed through module variables and outputs. */
  private targetsOf(res: TfResource, path: readonly (string | number)[]): Target[] {
    const cfg = this.configResource(res);
    if (!cfg) return [];
    const expr = expressionAt(cfg.expressions, path);
    return expr ? this.follow(res.label, expr.references ?? [], res.module, res.configModule, 0) : [];
  }

  private follow(label: string, refs: readonly string[], module: string, configModule: string, depth: number): Target[] {
    if (depth > 16) return [];
    const out: Target[] = [];
    const push = (t: Target): void => {
      if (!out.some((o) => o.label === t.label && o.module === t.module && o.base === t.base && o.index === t.index)) out.push(t);
    };
    for (const ref of refs) {
      const v = /^var\.([A-Za-z0-9_-]+)/.exec(ref);
      if (v && configModule !== '') {
        // A module variable: the argument the parent's module call passes, in the parent's scope.
        const parentModule = module.replace(/\.?module\.[A-Za-z0-9_-]+(\[[^\]]*\])?$/, '');
        const parentConfig = configModule.replace(/\.?module\.[A-Za-z0-9_-]+$/, '');
        const callName = /module\.([A-Za-z0-9_-]+)$/.exec(configModule)![1]!;
        const call = this.configModule(label, parentConfig)?.module_calls?.[callName];
        const e = call?.expressions?.[v[1]!];
        if (isObject(e)) for (const t of this.follow(label, (e as TfExpression).references ?? [], parentModule, parentConfig, depth + 1)) push(t);
        continue;
      }
      const m = /^module\.([A-Za-z0-9_-]+)(\[[^\]]*\])?\.([A-Za-z0-9_-]+)/.exec(ref);
      if (m) {
        const childConfig = `${configModule ? `${configModule}.` : ''}module.${m[1]}`;
        const childModule = `${module ? `${module}.` : ''}module.${m[1]}${m[2] ?? ''}`;
        const output = this.configModule(label, childConfig)?.outputs?.[m[3]!]?.expression;
        if (output) for (const t of this.follow(label, output.references ?? [], childModule, childConfig, depth + 1)) push(t);
        continue;
      }
      const r = /^((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?:\[("(?:[^"\\]|\\.)*"|\d+)\])?/.exec(ref);
      if (!r || /^(var|local|each|count|path|terraform|self|module)\./.test(ref)) continue;
      const index = r[2] === undefined ? undefined : r[2].startsWith('"') ? (JSON.parse(r[2]) as string) : Number(r[2]);
      // `x.y[0].id` also comes as `x.y`: keep the indexed form.
      if (index === undefined && refs.some((o) => o.startsWith(`${r[1]}[`))) continue;
      push({ label, module, configModule, base: r[1]!, index });
    }
    return out;
  }

  private configModule(label: string, path: string): TfConfigModule | undefined {
    let m: TfConfigModule | undefined = this.doc.configurations.get(label) ?? undefined;
    if (!m) return undefined;
    if (path === '') return m;
    for (const name of path.split('.').filter((_, i) => i % 2 === 1)) m = m?.module_calls?.[name]?.module;
    return m;
  }

  private configResource(res: TfResource): { expressions?: Record<string, unknown> } | undefined {
    const address = `${res.mode === 'data' ? 'data.' : ''}${res.type}.${res.name}`;
    return this.configModule(res.label, res.configModule)?.resources?.find((r) => r.address === address);
  }
}

/** The expression at a path: blocks are lists of objects of expressions; a list attribute is one expression. */
function expressionAt(expressions: Record<string, unknown> | undefined, path: readonly (string | number)[]): TfExpression | undefined {
  let e: unknown = expressions;
  for (const seg of path) {
    if (Array.isArray(e)) {
      e = typeof seg === 'number' ? (e[seg] ?? e[0]) : e[0];
      if (typeof seg === 'number') continue;
    }
    if (!isObject(e)) return undefined;
    // An expression reached before the path ends: a list attribute's one expression covers its elements.
    if ('references' in e || 'constant_value' in e) return e;
    e = e[seg as string];
  }
  if (Array.isArray(e)) e = e[0];
  return isObject(e) ? e : undefined;
}

/** The ids by which other resources name a resource. */
function idsOf(r: TfResource): string[] {
  const v = r.values;
  const out: string[] = [];
  const add = (x: unknown): void => {
    if (typeof x === 'string' && x !== '') out.push(x);
  };
  add(v.id);
  switch (r.type) {
    case 'huaweicloud_vpc_subnet':
      add(v.ipv4_subnet_id);
      add(v.subnet_id);
      break;
    case 'huaweicloud_elb_loadbalancer':
      add(v.ipv4_port_id);
      break;
    case 'huaweicloud_lb_loadbalancer':
      add(v.vip_port_id);
      break;
    case 'huaweicloud_vpc_eip':
      // An association names the EIP by its address (public_ip).
      add(v.address);
      break;
    case 'huaweicloud_compute_instance':
      if (Array.isArray(v.network)) for (const n of v.network) if (isObject(n)) add(n.port);
      break;
    case 'huaweicloud_bms_instance':
      if (Array.isArray(v.nics)) for (const n of v.nics) if (isObject(n)) add(n.port_id);
      break;
  }
  return out;
}
