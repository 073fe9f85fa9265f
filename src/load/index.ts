import type { Diagnostic, Model, Result } from '../model/index.js';
import { capDiagnostics, sortDiagnostics } from '../model/index.js';
import { parseSource, readSource, type InputLimits, type ParsedSource } from './source.js';
import { validateModel } from './validate-model.js';
import { documentKind } from './scenario-files.js';
import { TERRAFORM_REFUSALS, fromTerraform, fromTerraformFiles, isTerraformJson } from './terraform/index.js';
import { importedYaml } from './terraform/write.js';
import { fromApiDump } from './huaweicloud/index.js';

export { readSource, DEFAULT_LIMITS } from './source.js';
export type { InputLimits } from './source.js';
export { LIMITS } from './validate-model.js';
export { collectInputFiles, collectScenarioFiles, displayPath, documentKind, similarFile } from './scenario-files.js';

/**
 * Why a load gave no model: `unreadable` — the file could not be read or parsed at all (a usage error, exit 2);
 * `invalid` — it was read, but is not a valid model (exit 1). The diagnostics say what is wrong.
 */
export type LoadFailure = 'unreadable' | 'invalid';

/**
 * The result of loading a model: the model (`value`) when it is valid, or why not (`error`); either way, every
 * diagnostic found (sorted), warnings of a valid model among them.
 */
export type LoadResult = { readonly file: string; readonly diagnostics: readonly Diagnostic[] } & Result<Model, LoadFailure>;

const loaded = (file: string, diagnostics: readonly Diagnostic[], model: Model): LoadResult => ({ ok: true, value: model, file, diagnostics });
const notLoaded = (file: string, diagnostics: readonly Diagnostic[], error: LoadFailure): LoadResult => ({ ok: false, error, file, diagnostics });

/** Loads and validates a model file. Never throws for bad input. */
export function loadModel(file: string, limits: Partial<InputLimits> = {}): LoadResult {
  return fromSource(readSource(file, limits));
}

/** Loads and validates model text as if it were the file `file`. Never throws for bad input. */
export function loadModelFromText(file: string, text: string, limits: Partial<InputLimits> = {}): LoadResult {
  return fromSource(parseSource(file, text, limits));
}

/** Codes meaning the file could not be read as text at all (exit 2), as opposed to read but invalid (exit 1). */
export const UNREADABLE_CODES: ReadonlySet<string> = new Set([
  'file-not-found',
  'file-unreadable',
  'file-too-large',
  'binary-file',
  'invalid-encoding',
  ...TERRAFORM_REFUSALS,
]);

/** What `vpcreach import terraform` makes of a file: the model as YAML (when it was read), and the load result. */
export interface TerraformImport {
  readonly result: LoadResult;
  /** The model file text, or undefined when the file is not a plan or state that could be read. */
  readonly yaml: string | undefined;
}

/**
 * Reads Terraform plans or states (`terraform show -json` output) and writes the model they describe: one file, or
 * several that make one network (their resources named `<file label>:<address>`). Never throws for bad input.
 */
export function importTerraform(files: string | readonly string[], limits: Partial<InputLimits> = {}): TerraformImport {
  const list = typeof files === 'string' ? [files] : files;
  const parsed = list.map((f) => readSource(f, limits));
  for (const p of parsed) {
    if (p.data !== undefined && !isTerraformJson(p.data)) {
      const d = {
        code: 'not-terraform',
        severity: 'error' as const,
        message: `${p.file} is not Terraform JSON: it has no format_version with planned_values or values`,
        location: p.locate([]),
        hint: 'write a plan with `terraform plan -out plan.out && terraform show -json plan.out > plan.json`, or the state with `terraform show -json > state.json`',
      };
      return { result: notLoaded(p.file, [d], 'unreadable'), yaml: undefined };
    }
  }
  const unparsed = parsed.find((p) => p.data === undefined);
  if (unparsed) return { result: fromSource(unparsed), yaml: undefined };
  const source = parsed.length === 1 ? fromTerraform(parsed[0]!) : fromTerraformFiles(parsed);
  const result = fromSource(source);
  const tf = source.terraform;
  const from = list.length === 1 ? list[0]! : `${list.length} files (${list.join(', ')})`;
  const header = tf
    ? `Imported by vpcreach from ${from} (Terraform ${tf.kind}, JSON format ${tf.formatVersion}, Terraform ${tf.terraformVersion}).\n` +
      `Ids are the Terraform addresses${list.length > 1 ? ', prefixed with the file they come from' : ''}; a comment names the resource of each entry that has no id of its own.\n` +
      'Diagnostics of this file speak of it; run vpcreach on the plan or state itself to have them point at Terraform addresses.'
    : '';
  return { result, yaml: tf && source.data !== undefined ? importedYaml(source, header) : undefined };
}

/** Reads a directory of Huawei Cloud API response bodies and writes the model they describe. Never throws for bad input. */
export function importHuaweicloud(dir: string, limits: Partial<InputLimits> = {}): TerraformImport {
  const source = fromApiDump(dir, limits);
  if (source.unreadable) return { result: notLoaded(dir, capDiagnostics(sortDiagnostics(source.diagnostics)), 'unreadable'), yaml: undefined };
  const result = fromSource(source);
  const header =
    `Imported by vpcreach from the Huawei Cloud API responses in ${dir} (${source.files.length} files).\n` +
    "Ids are the resources' names (name#id where a name is not unique); a comment names the object of each entry without an id.";
  return { result, yaml: importedYaml(source, header) };
}

/**
 * The two networks of a Terraform plan (`terraform show -json plan.out`): the one it starts from (its prior state;
 * empty for a plan from scratch) and the one it plans. Null when the file is not a plan (a state, a model file, or
 * not readable as any): the caller says what it wanted. Never throws for bad input.
 */
export function loadPlanSides(file: string, limits: Partial<InputLimits> = {}): { readonly before: LoadResult; readonly after: LoadResult } | null {
  const parsed = readSource(file, limits);
  const data = parsed.data;
  if (data === undefined || !isTerraformJson(data)) return null;
  const d = data as Record<string, unknown>;
  if (!('planned_values' in d) && !('resource_changes' in d)) return null;
  return { before: fromSource(parsed, 'before'), after: fromSource(parsed) };
}

function fromSource(parsed: ParsedSource, side: 'after' | 'before' = 'after'): LoadResult {
  // Terraform JSON (`terraform show -json`), recognised by its content: translated into a model document first.
  const source = parsed.data !== undefined && !('terraform' in parsed) && isTerraformJson(parsed.data) ? fromTerraform(parsed, side) : parsed;
  if (source.data === undefined) {
    const unreadable = source.diagnostics.some((d) => UNREADABLE_CODES.has(d.code));
    return notLoaded(source.file, capDiagnostics(sortDiagnostics(source.diagnostics)), unreadable ? 'unreadable' : 'invalid');
  }
  if (documentKind(source.data) === 'scenario') {
    // One clear line instead of an unknown-field error for every scenario field.
    const location = { file: source.file, path: '', line: 0, column: 0 };
    const d = {
      code: 'not-a-model',
      severity: 'error' as const,
      message: `${source.file} is a scenario, not a model`,
      location,
      hint: `run it with: vpcreach check ${source.file}`,
    };
    return notLoaded(source.file, [d], 'invalid');
  }
  const { model, diagnostics } = validateModel(source);
  // A front end's own errors (a Terraform reference it cannot follow) make the model invalid too.
  const all = capDiagnostics(sortDiagnostics([...source.diagnostics, ...diagnostics]));
  return model !== undefined && !source.diagnostics.some((d) => d.severity === 'error')
    ? loaded(source.file, all, model)
    : notLoaded(source.file, all, 'invalid');
}
