import type { Diagnostic, Model } from '../model/index.js';
import { sortDiagnostics } from '../model/index.js';
import { parseSource, readSource, type ParsedSource } from './source.js';
import { validateModel } from './validate-model.js';

export { readSource, parseSource, formatPath } from './source.js';
export type { ParsedSource, DataPath } from './source.js';
export { LIMITS } from './validate-model.js';

/** The result of loading a model: the model when it is valid, and every diagnostic found (sorted). */
export interface LoadResult {
  readonly file: string;
  readonly model: Model | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** True when the file could not be read or parsed at all (exit code 2 territory). */
  readonly unreadable: boolean;
}

/** Loads and validates a model file. Never throws for bad input. */
export function loadModel(file: string): LoadResult {
  return fromSource(readSource(file));
}

/** Loads and validates model text as if it were the file `file`. Never throws for bad input. */
export function loadModelFromText(file: string, text: string): LoadResult {
  return fromSource(parseSource(file, text));
}

function fromSource(source: ParsedSource): LoadResult {
  if (source.data === undefined) {
    const unreadable = source.diagnostics.some((d) => d.code === 'file-not-found' || d.code === 'file-unreadable');
    return { file: source.file, model: undefined, diagnostics: sortDiagnostics(source.diagnostics), unreadable };
  }
  const { model, diagnostics } = validateModel(source);
  return { file: source.file, model, diagnostics: sortDiagnostics([...source.diagnostics, ...diagnostics]), unreadable: false };
}
