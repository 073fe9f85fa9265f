import { readFileSync, statSync } from 'node:fs';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { Diagnostic, SourceLocation } from '../model/index.js';

/** A data path into a parsed document: object keys and array indices. */
export type DataPath = readonly (string | number)[];

/** Prints a data path as `vpcs[0].subnets[1].cidr`. */
export function formatPath(path: DataPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

/** A parsed YAML/JSON file that can tell the line and column of any data path. */
export interface ParsedSource {
  readonly file: string;
  /** The document as plain data, or undefined when it could not be parsed. */
  readonly data: unknown;
  /** Parse problems (syntax, duplicate keys, unreadable file). */
  readonly diagnostics: Diagnostic[];
  /** Location of the value at `path`; for a path that does not exist, the nearest existing parent. With `key`, the location of the map key instead of its value. */
  locate(path: DataPath, key?: boolean): SourceLocation;
}

/** Largest alias expansion accepted while turning YAML into data. */
const MAX_ALIAS_COUNT = 1000;

/** Reads and parses a file. Never throws for bad input: problems come back as diagnostics with `data` undefined. */
export function readSource(file: string): ParsedSource {
  let text: string;
  try {
    const st = statSync(file);
    if (st.isDirectory()) return failed(file, 'file-unreadable', `${file} is a directory, not a file`, 'give the path of a .yaml, .yml or .json file');
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return failed(file, 'file-not-found', `${file} does not exist`, 'check the path (it is relative to the current directory)');
    if (code === 'EACCES') return failed(file, 'file-unreadable', `${file} cannot be read: permission denied`, 'check the file permissions');
    return failed(file, 'file-unreadable', `${file} cannot be read (${code ?? 'unknown error'})`);
  }
  return parseSource(file, text);
}

/** Parses YAML or JSON text. Never throws for bad input. */
export function parseSource(file: string, text: string): ParsedSource {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number, path = ''): SourceLocation => {
    const pos = lineCounter.linePos(Math.min(Math.max(offset, 0), text.length));
    return { file, path, line: pos.line, column: pos.col };
  };
  for (const err of doc.errors) {
    diagnostics.push({
      code: err.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax',
      severity: 'error',
      message: err.code === 'DUPLICATE_KEY' ? 'a key appears twice in the same mapping' : `YAML syntax error: ${oneLine(err.message)}`,
      location: at(err.pos[0]),
      ...(err.code === 'DUPLICATE_KEY' ? { hint: 'remove or rename one of the two keys' } : {}),
    });
  }
  const locate = (path: DataPath, key = false): SourceLocation => {
    const found = nodeAt(doc, path, key);
    return at(found ?? 0, formatPath(path));
  };
  if (diagnostics.length > 0) return { file, data: undefined, diagnostics, locate };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    diagnostics.push({
      code: 'yaml-syntax',
      severity: 'error',
      message: `the document cannot be expanded: ${oneLine((err as Error).message)}`,
      location: at(0),
      hint: `use fewer aliases (at most ${MAX_ALIAS_COUNT} alias expansions are allowed)`,
    });
    return { file, data: undefined, diagnostics, locate };
  }
  if (data === null || data === undefined) {
    diagnostics.push({ code: 'empty-file', severity: 'error', message: 'the file is empty', location: at(0), hint: 'write a mapping with the top-level fields (see docs/model-format.md)' });
    return { file, data: undefined, diagnostics, locate };
  }
  return { file, data, diagnostics, locate };
}

function failed(file: string, code: string, message: string, hint?: string): ParsedSource {
  const location = { file, path: '', line: 1, column: 1 };
  return { file, data: undefined, diagnostics: [{ code, severity: 'error', message, location, ...(hint ? { hint } : {}) }], locate: () => location };
}

function oneLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** Source offset of the node at `path` (or of its key), or of the deepest existing ancestor. */
function nodeAt(doc: Document, path: DataPath, key: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as YamlNode | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return offset;
      const keyNode = pair.key as YamlNode;
      if (last && key) return keyNode.range?.[0] ?? offset;
      node = pair.value;
      offset = (pair.value as YamlNode | null)?.range?.[0] ?? keyNode.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return offset;
      node = item;
      offset = (item as YamlNode | null)?.range?.[0] ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}
