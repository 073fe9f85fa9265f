// A document that is JSON, and one read on the fast YAML path: their data, located, with the same key checks.
import type { YamlIndex, YamlKeyProblem } from './yaml-fast.js';
import { JsonIndex, lineColumn } from './json-source.js';
import { DiagnosticBag, type SourceLocation } from '../model/index.js';
import { keyDiagnostic, emptyFile } from './source-checks.js';
import { type DataPath, formatPath, type ParsedSource } from './source.js';

/** Whether the first character after blanks opens a JSON object or list. */
export function startsLikeJsonContainer(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return c === 123 || c === 91;
  }
  return false;
}

export function asJson(text: string): { ok: true; data: unknown } | { ok: false } {
  const first = text.trimStart().charCodeAt(0);
  // YAML documents almost never start like JSON; do not make JSON.parse fail on every one of them.
  if (first !== 123 && first !== 91 && first !== 34) return { ok: false };
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * A document that is valid JSON: its data, located through a JsonIndex, with the YAML path's key checks. The index is
 * built only when a key problem is possible or a location is asked for (a valid 78 MB state needs neither: its
 * model's locations are resolved when shown).
 */
export function parseJson(file: string, text: string, data: unknown, measured: { values: number; keys: number }): ParsedSource {
  const pos = lineColumn(text);
  const at = (offset: number, path = ''): SourceLocation => {
    const p = pos(offset);
    return { file, path, line: p.line, column: p.col };
  };
  let index: JsonIndex | undefined;
  const indexed = (): JsonIndex => (index ??= new JsonIndex(text, measured.values));
  const locate = (path: DataPath, key = false): SourceLocation => at(indexed().offsetOf(path, key), formatPath(path));
  if (JsonIndex.mayHaveKeyProblems(data, measured.keys)) {
    // A bag: a million repeated keys are a million diagnostics; only the first thousand are kept.
    const bag = new DiagnosticBag();
    for (const key of indexed().problems) bag.push(keyDiagnostic(key.name, at(key.offset)));
    if (bag.hasErrors()) return { file, data: undefined, diagnostics: bag.list(), locate };
  }
  if (data === null) return { file, data: undefined, diagnostics: [emptyFile(at(0))], locate };
  return { file, data, diagnostics: [], locate };
}

/** A document read on the fast YAML path: its data, located through its offset tree, with the same key checks. */
export function fromFastYaml(file: string, text: string, data: unknown, index: YamlIndex, problems: readonly YamlKeyProblem[]): ParsedSource {
  const pos = lineColumn(text);
  const at = (offset: number, path = ''): SourceLocation => {
    const p = pos(offset);
    return { file, path, line: p.line, column: p.col };
  };
  const locate = (path: DataPath, key = false): SourceLocation => at(index.offsetOf(path, key), formatPath(path));
  const bag = new DiagnosticBag();
  for (const key of problems) bag.push(keyDiagnostic(key.name, at(key.offset)));
  if (bag.hasErrors()) return { file, data: undefined, diagnostics: bag.list(), locate };
  return { file, data, diagnostics: [], locate };
}
