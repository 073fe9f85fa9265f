/**
 * The Terraform front end: `terraform show -json` output (a plan or a state) becomes a model document with a
 * locator, so the model's own validation runs on it and every diagnostic points at a Terraform address and its place
 * in the JSON file.
 */
import { terraformWords } from './words.js';
import { DeferredLocation, plural, type Diagnostic, type SourceLocation } from '../../model/index.js';
import type { DataPath, ParsedSource } from '../source.js';
import { basename } from 'node:path';
import { mergeTerraform, readTerraform, type PlanSide, type TfDocument, type TfResource } from './document.js';
import { SUPPORTED_TYPES, translate } from './translate.js';

export { isTerraformJson } from './document.js';

/** A model document translated from another format: each value's place in its file, and the address it came from. */
export interface TranslatedSource extends ParsedSource {
  /** The Terraform address (or API object) a model value came from, without finding its place in the file. */
  address(path: DataPath): string | undefined;
}

/** A Terraform document read as a model source: the translated model, located in the Terraform file. */
export interface TerraformSource extends TranslatedSource {
  /** The plan or state as read (undefined when it was refused). */
  readonly terraform: TfDocument | undefined;
}

/** Codes that refuse a Terraform document as a whole (exit 2, like a file that cannot be read). */
export const TERRAFORM_REFUSALS: ReadonlySet<string> = new Set([
  'terraform-json-syntax',
  'terraform-format-version',
  'terraform-not-plan-or-state',
  'terraform-no-resources',
]);

/**
 * A plan or state read and checked (format version, resources of ours), or the diagnostic that refuses it. A plan's
 * prior state (`before`) may hold nothing: the plan then builds the network from scratch.
 */
function readChecked(source: ParsedSource, side: PlanSide = 'after'): TfDocument | Diagnostic {
  const refuse = (code: string, message: string, hint: string, path: DataPath): Diagnostic => ({
    code,
    severity: 'error',
    message,
    hint,
    location: source.locate(path),
  });
  const doc = readTerraform(source.data as Record<string, unknown>, side);
  if ('code' in doc) return refuse(doc.code, doc.message, doc.hint, doc.path);
  if (side === 'before' && doc.kind === 'plan') return doc;
  const ours = doc.resources.filter((r) => r.type.startsWith('huaweicloud_'));
  if (ours.length === 0 || !ours.some((r) => SUPPORTED_TYPES.has(r.type))) {
    const providers = [...new Set(doc.resources.map((r) => r.providerName || r.type.split('_')[0]!))].sort();
    return refuse(
      'terraform-no-resources',
      doc.resources.length === 0
        ? `this Terraform ${doc.kind} has no resources`
        : `this Terraform ${doc.kind} has no network resources of the huaweicloud provider (${plural(doc.resources.length, 'resource')}, of ${providers.join(', ')})`,
      'vpcreach reads VPCs, subnets, security groups, network ACLs, ECS/BMS instances, load balancers and VPC endpoint resources of registry.terraform.io/huaweicloud/huaweicloud',
      doc.kind === 'plan' ? ['planned_values'] : ['values'],
    );
  }
  return doc;
}

/** Reads Terraform JSON (already parsed, with its own locator) as a model source: of a plan, the network it plans or (`before`) the one it starts from. */
export function fromTerraform(source: ParsedSource, side: PlanSide = 'after'): TerraformSource {
  const doc = readChecked(source, side);
  if ('code' in doc)
    return {
      file: source.file,
      data: undefined,
      diagnostics: [doc],
      locate: (path, key) => source.locate(path, key),
      address: () => undefined,
      terraform: undefined,
    };
  const t = translate(doc, (_res, path) => source.locate(path), new DeferredLocation((p: DataPath) => source.locate(p), []));
  const diagnostics: Diagnostic[] = [...source.diagnostics, ...t.diagnostics];
  return {
    file: source.file,
    data: t.model,
    diagnostics,
    locate: (path) => t.locate(path),
    address: (path) => t.address(path),
    terraform: doc,
    configuration: terraformWords,
  };
}

/**
 * Several plans or states read as one model (consumer and provider in separate workspaces): each file's resources are
 * named `<file label>:<address>` (the label is the file name without `.json`), each file is its own account unless
 * its provider configuration or a service's connections say otherwise, and ids link resources across files.
 */
export function fromTerraformFiles(sources: readonly ParsedSource[]): TerraformSource {
  const first = sources[0]!;
  const docs: { label: string; doc: TfDocument; source: ParsedSource }[] = [];
  const diagnostics: Diagnostic[] = [];
  const labels = new Set<string>();
  for (const source of sources) {
    const one = readChecked(source);
    if ('code' in one) {
      diagnostics.push(one);
      continue;
    }
    let label = basename(source.file).replace(/\.json$/i, '');
    for (let n = 2; labels.has(label); n++) label = `${basename(source.file).replace(/\.json$/i, '')}-${n}`;
    labels.add(label);
    docs.push({ label, doc: one, source });
  }
  if (diagnostics.some((d) => d.severity === 'error') || docs.length === 0)
    return { file: first.file, data: undefined, diagnostics, locate: (path, key) => first.locate(path, key), address: () => undefined, terraform: undefined };
  const doc = mergeTerraform(docs.map(({ label, doc: d }) => ({ label, doc: d })));
  const sourceOf = new Map<string, ParsedSource>(docs.map((d) => [d.label, d.source]));
  const locateIn = (res: TfResource, path: DataPath): SourceLocation => sourceOf.get(res.label)!.locate(path);
  const t = translate(doc, locateIn, new DeferredLocation((p: DataPath) => first.locate(p), []));
  return {
    file: first.file,
    data: t.model,
    diagnostics: [...diagnostics, ...t.diagnostics],
    locate: (path) => t.locate(path),
    address: (path) => t.address(path),
    terraform: doc,
    configuration: terraformWords,
  };
}
