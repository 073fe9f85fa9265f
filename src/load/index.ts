import type { Diagnostic, Model } from '../model/index.js';
import { capDiagnostics, sortDiagnostics } from '../model/index.js';
import { parseSource, readSource, type InputLimits, type ParsedSource } from './source.js';
import { validateModel } from './validate-model.js';
import { documentKind } from './scenario-files.js';

export { readSource, parseSource, formatPath, formatBytes, DEFAULT_LIMITS } from './source.js';
export type { ParsedSource, DataPath, InputLimits } from './source.js';
export { LIMITS } from './validate-model.js';
export { collectInputFiles, collectScenarioFiles, displayPath, documentKind, similarFile } from './scenario-files.js';
export { scenarioSchema, scenarioShellSchema, expectationSchema } from './scenario-schema.js';

/** The result of loading a model: the model when it is valid, and every diagnostic found (sorted). */
export interface LoadResult {
  readonly file: string;
  readonly model: Model | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** True when the file could not be read or parsed at all (exit code 2 territory). */
  readonly unreadable: boolean;
}

/** Loads and validates a model file. Never throws for bad input. */
export function loadModel(file: string, limits: Partial<InputLimits> = {}): LoadResult {
  return fromSource(readSource(file, limits));
}

/** Loads and validates model text as if it were the file `file`. Never throws for bad input. */
export function loadModelFromText(file: string, text: string, limits: Partial<InputLimits> = {}): LoadResult {
  return fromSource(parseSource(file, text, limits));
}

/** Codes meaning the file could not be read as text at all (exit 2), as opposed to read but invalid (exit 1). */
export const UNREADABLE_CODES: ReadonlySet<string> = new Set(['file-not-found', 'file-unreadable', 'file-too-large', 'binary-file', 'invalid-encoding']);

function fromSource(source: ParsedSource): LoadResult {
  if (source.data === undefined) {
    const unreadable = source.diagnostics.some((d) => UNREADABLE_CODES.has(d.code));
    return { file: source.file, model: undefined, diagnostics: capDiagnostics(sortDiagnostics(source.diagnostics)), unreadable };
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
    return { file: source.file, model: undefined, diagnostics: [d], unreadable: false };
  }
  const { model, diagnostics } = validateModel(source);
  return { file: source.file, model, diagnostics: capDiagnostics(sortDiagnostics([...source.diagnostics, ...diagnostics])), unreadable: false };
}
