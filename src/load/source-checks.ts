// What a document is refused for before and after parsing: its size, depth and keys, each with a located diagnostic.
import { pushAll, type Diagnostic, type SourceLocation } from '../model/index.js';
import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { FORBIDDEN_KEYS } from './json-source.js';
import type { ParsedSource } from './source.js';

/**
 * A quick upper bound on the number of values and on the nesting depth, before the YAML parser builds any
 * node: commas, list dashes and lines bound the number of values; brackets and indentation bound the depth.
 */
export function preScan(text: string): { values: number; depth: number; depthOffset: number } {
  let values = 0;
  let flow = 0;
  let maxDepth = 0;
  let depthOffset = 0;
  const indents: number[] = [];
  let lineStart = true;
  let indent = 0;
  let inQuote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      values++;
      lineStart = true;
      indent = 0;
      inQuote = 0;
      continue;
    }
    if (inQuote) {
      if (c === inQuote) inQuote = 0;
      continue;
    }
    if (lineStart) {
      if (c === 32) {
        indent++;
        continue;
      }
      lineStart = false;
      if (c !== 35 && c !== 13) {
        while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
      }
    }
    if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9 || text.charCodeAt(i - 1) === 10)) {
      const nl = text.indexOf('\n', i);
      i = (nl < 0 ? text.length : nl) - 1;
      continue;
    }
    if (c === 34 || c === 39) inQuote = c;
    else if (c === 44) values++;
    else if (c === 91 || c === 123) {
      flow++;
      values++;
    } else if (c === 93 || c === 125) flow = Math.max(0, flow - 1);
    else if (c === 45 && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 10)) {
      values++;
      indents.push(indent + (i - text.lastIndexOf('\n', i) - 1) + 1);
    }
    const depth = flow + indents.length;
    if (depth > maxDepth) {
      maxDepth = depth;
      depthOffset = i;
    }
  }
  return { values, depth: maxDepth, depthOffset };
}

/** A refused key: repeated (name undefined), a collection (name null), or a forbidden name. */
export function keyDiagnostic(name: string | null | undefined, location: SourceLocation): Diagnostic {
  if (name === undefined)
    return {
      code: 'duplicate-key',
      severity: 'error',
      message: 'a key appears twice in the same mapping',
      location,
      hint: 'remove or rename one of the two keys',
    };
  if (name === null)
    return {
      code: 'invalid-key',
      severity: 'error',
      message: 'a mapping key is a list or a mapping',
      location,
      hint: 'keys are plain words or quoted strings; check for a misplaced bracket or colon',
    };
  return {
    code: 'forbidden-key',
    severity: 'error',
    message: `the key "${name}" is not allowed`,
    location,
    hint: '__proto__, constructor and prototype are refused as keys anywhere in the file',
  };
}

export function emptyFile(location: SourceLocation): Diagnostic {
  return {
    code: 'empty-file',
    severity: 'error',
    message: 'the file is empty',
    location,
    hint: 'write a mapping with the top-level fields (see docs/model-format.md)',
  };
}

/**
 * Map keys that are refused, with their offsets (iterative walk: no recursion on hostile depth): the forbidden
 * names, keys that are collections (name null), which have no faithful plain-object form, and the second and later
 * occurrences of a scalar key in the same mapping (name undefined).
 */
export function keyProblems(doc: Document): { name: string | null | undefined; offset: number }[] {
  const out: { name: string | null | undefined; offset: number }[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const p of node.items) {
        const offset = (p.key as YamlNode | null)?.range?.[0] ?? 0;
        if (isScalar(p.key)) {
          if (seen.has(p.key.value)) out.push({ name: undefined, offset });
          seen.add(p.key.value);
          if (FORBIDDEN_KEYS.has(String(p.key.value))) out.push({ name: String(p.key.value), offset });
        } else if (isAlias(p.key)) {
          const target = p.key.resolve(doc);
          if (target && !isScalar(target)) out.push({ name: null, offset });
          else if (isScalar(target) && FORBIDDEN_KEYS.has(String(target.value))) out.push({ name: String(target.value), offset });
        } else if (p.key !== null && p.key !== undefined) {
          out.push({ name: null, offset });
        }
        stack.push(p.key, p.value);
      }
    } else if (isSeq(node)) pushAll(stack, node.items);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

/** "ok", or "cycle" when the data contains itself (self-referencing aliases), or "deep" beyond `maxDepth`. */
export function dataShape(data: unknown, maxDepth: number): 'ok' | 'cycle' | 'deep' {
  const onPath = new Set<object>();
  const stack: { value: unknown; depth: number; exit?: boolean }[] = [{ value: data, depth: 0 }];
  while (stack.length) {
    const top = stack.pop()!;
    if (top.value === null || typeof top.value !== 'object') continue;
    const obj = top.value;
    if (top.exit) {
      onPath.delete(obj);
      continue;
    }
    if (onPath.has(obj)) return 'cycle';
    if (top.depth > maxDepth) return 'deep';
    onPath.add(obj);
    stack.push({ value: obj, depth: top.depth, exit: true });
    for (const v of Object.values(obj)) if (v !== null && typeof v === 'object') stack.push({ value: v, depth: top.depth + 1 });
  }
  return 'ok';
}

/** A file that could not be read or parsed. Whole-file problems have no position: line and column 0. */
export function failed(file: string, code: string, message: string, hint?: string, line = 1, column = 1): ParsedSource {
  const location = { file, path: '', line, column };
  return { file, data: undefined, diagnostics: [{ code, severity: 'error', message, location, ...(hint ? { hint } : {}) }], locate: () => location };
}

export function oneLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
