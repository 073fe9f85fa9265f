/**
 * Reading `terraform show -json` output (a plan or a state, Terraform's JSON output format): the resource instances
 * with their addresses, values, which values are known only after apply, and where each sits in the file; and the
 * configuration's expressions, through which references between resources are followed when ids are not known yet.
 */
import type { DataPath } from '../source.js';

/** One resource instance of the plan or state. */
export interface TfResource {
  /** The full address: `module.net.huaweicloud_vpc.main`, `huaweicloud_compute_instance.web[0]`, `…["api"]`. */
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** The instance key (`count` index or `for_each` key), when there is one. */
  readonly index: string | number | undefined;
  /** The module instance it is in (`''` for the root, `module.net`, `module.app["a"]`). */
  readonly module: string;
  /** The module's path in the configuration, without instance keys (`''`, `module.net.module.inner`). */
  readonly configModule: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Plans: the shape of `after_unknown` — `true` where a value is known only after apply. */
  readonly unknown: unknown;
  /** Where the values object is in the file. */
  readonly path: DataPath;
  /** The provider configuration the resource uses (`huaweicloud`, `huaweicloud.consumer`); `<label>:…` when several files make one model. */
  readonly provider: string;
  /** The file it was read from, when several files make one model (its label, prefixed to addresses); `''` otherwise. */
  readonly label: string;
  readonly providerName: string;
}

/** An expression of the configuration: a constant, or the references it makes. */
export interface TfExpression {
  readonly constant_value?: unknown;
  readonly references?: readonly string[];
}

/** A module of the configuration. */
export interface TfConfigModule {
  readonly resources?: readonly {
    readonly address: string;
    readonly mode?: string;
    readonly provider_config_key?: string;
    readonly expressions?: Record<string, unknown>;
  }[];
  readonly module_calls?: Readonly<Record<string, { readonly expressions?: Record<string, unknown>; readonly module?: TfConfigModule }>>;
  readonly outputs?: Readonly<Record<string, { readonly expression?: TfExpression }>>;
}

/** A plan or a state as read. */
export interface TfDocument {
  readonly kind: 'plan' | 'state';
  readonly formatVersion: string;
  readonly terraformVersion: string;
  readonly resources: readonly TfResource[];
  /** The configuration of each file, by label (`''` for one file). */
  readonly configurations: ReadonlyMap<string, TfConfigModule | null>;
  readonly providerConfig: Readonly<Record<string, { readonly expressions?: Record<string, unknown> }>>;
}

/** Why a document is not one this reader takes. */
export interface TfRefusal {
  readonly code: 'terraform-format-version' | 'terraform-not-plan-or-state';
  readonly message: string;
  readonly hint: string;
  readonly path: DataPath;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether parsed JSON looks like `terraform show -json` output (decided by content, not by file name). */
export function isTerraformJson(data: unknown): boolean {
  return (
    isObject(data) &&
    typeof data.format_version === 'string' &&
    ('terraform_version' in data || 'planned_values' in data || 'values' in data || 'resource_changes' in data || 'prior_state' in data)
  );
}

/** Major versions of the JSON output format this reader knows: 0.x (Terraform 0.12–0.15) and 1.x. */
const KNOWN_MAJOR = new Set(['0', '1']);

/**
 * Which network of a plan to read: the one it plans (`after`, its planned values and the resources it leaves), or
 * the one it starts from (`before`, its prior state). A state has one.
 */
export type PlanSide = 'after' | 'before';

/** Reads a plan or state document; refuses a format version it does not know. */
export function readTerraform(data: Record<string, unknown>, side: PlanSide = 'after'): TfDocument | TfRefusal {
  const formatVersion = String(data.format_version);
  const major = formatVersion.split('.')[0]!;
  if (!KNOWN_MAJOR.has(major))
    return {
      code: 'terraform-format-version',
      message: `Terraform JSON format version ${formatVersion} is not one vpcreach reads (it reads 0.x and 1.x)`,
      hint: 'a new major version changes the format incompatibly: use a vpcreach release that supports it, or a Terraform version whose `terraform show -json` writes format 1.x',
      path: ['format_version'],
    };
  const terraformVersion = typeof data.terraform_version === 'string' ? data.terraform_version : 'unknown';
  const isPlan = 'planned_values' in data || 'resource_changes' in data;
  const resources: TfResource[] = [];
  const seen = new Set<string>();
  const configuration = isObject(data.configuration) && isObject(data.configuration.root_module) ? (data.configuration.root_module as TfConfigModule) : null;
  const providerOf = providerKeys(configuration);
  const providerConfig =
    isObject(data.configuration) && isObject(data.configuration.provider_config) ? (data.configuration.provider_config as TfDocument['providerConfig']) : {};
  if (isPlan && side === 'before') {
    // What exists before the plan is applied: its prior state, every value known.
    const prior = isObject(data.prior_state) && isObject(data.prior_state.values) ? data.prior_state.values.root_module : undefined;
    collect(prior, ['prior_state', 'values', 'root_module'], resources, {}, new Map(), providerOf);
  } else if (isPlan) {
    const unknownByAddress = new Map<string, unknown>();
    if (Array.isArray(data.resource_changes)) {
      for (const rc of data.resource_changes) {
        if (!isObject(rc) || typeof rc.address !== 'string' || !isObject(rc.change)) continue;
        unknownByAddress.set(rc.address, rc.change.after_unknown);
        // A resource the plan destroys (and does not create again) is in the prior state only: it is not planned.
        const actions = Array.isArray(rc.change.actions) ? rc.change.actions : [];
        if (actions.includes('delete') && !actions.includes('create')) seen.add(rc.address);
      }
    }
    const planned = isObject(data.planned_values) ? data.planned_values.root_module : undefined;
    collect(planned, ['planned_values', 'root_module'], resources, { record: seen }, unknownByAddress, providerOf);
    // Data sources read during planning, and resources the plan does not touch, are in the prior state.
    const prior = isObject(data.prior_state) && isObject(data.prior_state.values) ? data.prior_state.values.root_module : undefined;
    collect(prior, ['prior_state', 'values', 'root_module'], resources, { skip: seen }, new Map(), providerOf);
  } else if (isObject(data.values)) {
    // A state lists each resource once; one listed twice (an edited file) becomes two model items with one id, which
    // validation reports, rather than being dropped silently.
    collect(data.values.root_module, ['values', 'root_module'], resources, {}, new Map(), providerOf);
  } else if (!('values' in data)) {
    return {
      code: 'terraform-not-plan-or-state',
      message: 'this Terraform JSON is neither a plan nor a state: it has no planned_values and no values',
      hint: 'write it with `terraform show -json plan.out > plan.json` (a saved plan) or `terraform show -json > state.json` (the state)',
      path: [],
    };
  }
  return { kind: isPlan ? 'plan' : 'state', formatVersion, terraformVersion, resources, configurations: new Map([['', configuration]]), providerConfig };
}

/** Provider configuration keys by configuration address (`module.net.huaweicloud_vpc.main`). */
function providerKeys(root: TfConfigModule | null): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (m: TfConfigModule | undefined, prefix: string): void => {
    if (!m) return;
    for (const r of m.resources ?? []) if (r.provider_config_key) out.set(prefix + r.address, r.provider_config_key.replace(/^[^:]*:/, ''));
    for (const [name, call] of Object.entries(m.module_calls ?? {})) walk(call.module, `${prefix}module.${name}.`);
  };
  walk(root ?? undefined, '');
  return out;
}

/** The address of a module instance without instance keys: `module.a["x"].module.b[0]` → `module.a.module.b`. */
function configModuleOf(moduleAddress: string): string {
  return moduleAddress.replace(/\[[^\]]*\]/g, '');
}

/**
 * The resources of a module and its children. A plan's planned values come first and `record` their addresses; the
 * prior state then adds only the resources they do not hold (`skip`): data sources, and resources the plan leaves.
 */
function collect(
  module: unknown,
  path: DataPath,
  out: TfResource[],
  seen: { readonly record?: Set<string>; readonly skip?: ReadonlySet<string> },
  unknownByAddress: ReadonlyMap<string, unknown>,
  providerOf: ReadonlyMap<string, string>,
): void {
  if (!isObject(module)) return;
  const moduleAddress = typeof module.address === 'string' ? module.address : '';
  const configModule = configModuleOf(moduleAddress);
  const prefix = configModule ? `${configModule}.` : '';
  if (Array.isArray(module.resources)) {
    module.resources.forEach((r, i) => {
      if (!isObject(r) || typeof r.address !== 'string' || typeof r.type !== 'string' || typeof r.name !== 'string') return;
      if (seen.skip?.has(r.address)) return;
      seen.record?.add(r.address);
      // A state has no configuration: every resource uses the default provider configuration.
      const provider = providerOf.size === 0 ? undefined : providerOf.get(`${prefix}${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`);
      out.push({
        address: r.address,
        mode: r.mode === 'data' ? 'data' : 'managed',
        type: r.type,
        name: r.name,
        index: typeof r.index === 'string' || typeof r.index === 'number' ? r.index : undefined,
        module: moduleAddress,
        configModule,
        values: isObject(r.values) ? r.values : {},
        unknown: unknownByAddress.get(r.address),
        path: [...path, 'resources', i, 'values'],
        provider: provider ?? 'huaweicloud',
        label: '',
        providerName: typeof r.provider_name === 'string' ? r.provider_name : '',
      });
    });
  }
  if (Array.isArray(module.child_modules))
    module.child_modules.forEach((c, i) => collect(c, [...path, 'child_modules', i], out, seen, unknownByAddress, providerOf));
}

/**
 * Several plans or states as one document (consumer and provider in separate workspaces): each file's resources are
 * named `<label>:<address>`, use `<label>:<provider configuration>`, and follow references within their own file;
 * ids link across files.
 */
export function mergeTerraform(docs: readonly { readonly label: string; readonly doc: TfDocument }[]): TfDocument {
  const resources: TfResource[] = [];
  const configurations = new Map<string, TfConfigModule | null>();
  const providerConfig: Record<string, { readonly expressions?: Record<string, unknown> }> = {};
  for (const { label, doc } of docs) {
    configurations.set(label, doc.configurations.get('') ?? null);
    for (const [k, v] of Object.entries(doc.providerConfig)) providerConfig[`${label}:${k}`] = v;
    for (const r of doc.resources) resources.push({ ...r, address: `${label}:${r.address}`, provider: `${label}:${r.provider}`, label });
  }
  const first = docs[0]!.doc;
  return {
    kind: docs.some((d) => d.doc.kind === 'plan') ? 'plan' : 'state',
    formatVersion: first.formatVersion,
    terraformVersion: first.terraformVersion,
    resources,
    configurations,
    providerConfig,
  };
}
