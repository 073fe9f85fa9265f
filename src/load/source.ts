import { pushAll } from '../model/index.js';
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import { jsonSyntaxProblem, yamlSyntaxProblem } from './syntax-errors.js';
import { STEP_ASIDE, parseYamlFast, type StepAside, type YamlIndex, type YamlKeyProblem } from './yaml-fast.js';
import { FORBIDDEN_KEYS, JsonIndex, lineColumn } from './json-source.js';
import { DiagnosticBag, type Diagnostic, type SourceLocation } from '../model/index.js';

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

/** Limits that keep hostile or broken input from exhausting time or memory. */
export interface InputLimits {
  /** Files larger than this many bytes are refused before they are read (default 64 MiB). */
  readonly maxFileSize: number;
  /** Documents whose estimated number of values is larger are refused before parsing (default 2,000,000). */
  readonly maxValues: number;
  /**
   * YAML documents that the fast path cannot read (tags, anchors, aliases, brackets over several lines, …) with more
   * values are refused (default 80,000): the `yaml` library builds a node of about a kilobyte per value and takes
   * about 20 µs per value; this keeps any admitted YAML file within 300 MB and 5 s. JSON and plain YAML have only
   * `maxValues`.
   */
  readonly maxYamlValues: number;
  /** Deepest nesting of mappings and lists accepted (default 64; models need about 8). */
  readonly maxDepth: number;
  /** Largest number of alias expansions accepted (default 1000). */
  readonly maxAliasCount: number;
}

/** The default limits. */
export const DEFAULT_LIMITS: InputLimits = { maxFileSize: 64 * 1024 * 1024, maxValues: 2_000_000, maxYamlValues: 80_000, maxDepth: 64, maxAliasCount: 1000 };

/** Prints a byte count: "64 MiB", "1.5 KiB", "12 bytes". */
function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** Reads and parses a file. Never throws for bad input: problems come back as diagnostics with `data` undefined. */
export function readSource(file: string, limits: Partial<InputLimits> = {}): ParsedSource {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  let bytes: Buffer;
  if (file.trim() === '') return failed(file, 'file-not-found', 'an empty path was given', 'name a .yaml, .yml or .json file', 0, 0);
  try {
    const st = statSync(file);
    if (st.isDirectory()) return failed(file, 'file-unreadable', `${file} is a directory, not a file`, 'give the path of a .yaml, .yml or .json file', 0, 0);
    if (!st.isFile()) return failed(file, 'file-unreadable', `${file} is not a regular file`, 'give the path of a .yaml, .yml or .json file', 0, 0);
    if (st.size > lim.maxFileSize) {
      return failed(
        file,
        'file-too-large',
        `${file} is ${formatBytes(st.size)}, larger than the limit of ${formatBytes(lim.maxFileSize)}; it was not read`,
        'split the model, or raise the limit with --max-file-size',
        0,
        0,
      );
    }
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return failed(file, 'file-not-found', `${file} does not exist`, 'check the path; it is relative to the current directory', 0, 0);
    if (code === 'EACCES' || code === 'EPERM')
      return failed(file, 'file-unreadable', `${file} cannot be read: permission denied`, 'check the file permissions', 0, 0);
    return failed(file, 'file-unreadable', `${file} cannot be read: ${code ?? 'unknown error'}`, undefined, 0, 0);
  }
  if (bytes.length > lim.maxFileSize) {
    return failed(
      file,
      'file-too-large',
      `${file} is larger than the limit of ${formatBytes(lim.maxFileSize)}`,
      'split the model, or raise the limit with --max-file-size',
      0,
      0,
    );
  }
  const decoded = decode(file, bytes);
  if (typeof decoded !== 'string') return decoded;
  return parseSource(file, decoded, lim);
}

/** Decodes UTF-8, refusing binary files and other encodings with a located message. */
function decode(file: string, bytes: Buffer): string | ParsedSource {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return failed(file, 'invalid-encoding', `${file} is UTF-16 encoded`, 'save it as UTF-8', 0, 0);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const { line, column } = position(bytes, nul);
    return failed(
      file,
      'binary-file',
      `${file} looks like a binary file (a NUL byte at line ${line}, column ${column}), not YAML or JSON`,
      'check that the path names the model or scenario file',
      line,
      column,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const { line, column } = position(bytes, bad);
    return failed(
      file,
      'invalid-encoding',
      `${file} is not valid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at line ${line}, column ${column})`,
      'save the file as UTF-8',
      line,
      column,
    );
  }
}

/** Line and column (1-based, counting characters of the valid prefix) of a byte offset. */
function position(bytes: Buffer, offset: number): { line: number; column: number } {
  const before = bytes.subarray(0, offset).toString('utf8');
  const lastNl = before.lastIndexOf('\n');
  const line = before.split('\n').length;
  return { line, column: [...before.slice(lastNl + 1)].length + 1 };
}

/** Offset of the first byte that does not belong to a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return Math.max(0, b.length - 1);
}

/**
 * A quick upper bound on the number of values and on the nesting depth, before the YAML parser builds any
 * node: commas, list dashes and lines bound the number of values; brackets and indentation bound the depth.
 */
function preScan(text: string): { values: number; depth: number; depthOffset: number } {
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

/**
 * Parses YAML or JSON text. Never throws for bad input. `json: false` reads JSON text as YAML, and `fast: false` reads
 * YAML with the `yaml` library only (tests compare the paths).
 */
export function parseSource(
  file: string,
  text: string,
  limits: Partial<InputLimits> = {},
  options: { readonly json?: boolean; readonly fast?: boolean } = {},
): ParsedSource {
  const parsed = parseText(file, text, limits, options);
  // `terraform show -json` output that does not parse (cut short, edited by hand) cannot be read at all: say what
  // it is, so that it is not taken for a model file with a typo (and exit 2, like any file that cannot be read).
  if (parsed.data === undefined && /^\s*\{\s*"format_version"\s*:/.test(text.slice(0, 200))) {
    const syntax = parsed.diagnostics.find((d) => d.code === 'json-syntax' || d.code === 'yaml-syntax');
    if (syntax)
      return {
        ...parsed,
        diagnostics: [
          {
            ...syntax,
            code: 'terraform-json-syntax',
            message: `this Terraform JSON is malformed or cut short: ${syntax.message.replace(/^(JSON|YAML) syntax error: /, '')}`,
            hint: 'write it again, whole: `terraform show -json plan.out > plan.json` (or `terraform show -json > state.json`)',
          },
        ],
      };
  }
  return parsed;
}

function parseText(file: string, text: string, limits: Partial<InputLimits>, options: { readonly json?: boolean; readonly fast?: boolean }): ParsedSource {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lineCounter = new LineCounter();
  const at = (offset: number, path = ''): SourceLocation => {
    const pos = lineCounter.linePos(Math.min(Math.max(offset, 0), text.length));
    return { file, path, line: pos.line, column: pos.col };
  };
  // A text that is JSON is read as JSON whatever its name (natively, much faster than the YAML parser), bounded by
  // one scan that skips strings; one that is not, or is over a limit, goes the YAML path's way, which says why.
  let jsonTried = false;
  if (options.json !== false && startsLikeJsonContainer(text)) {
    const m = JsonIndex.measure(text);
    if (m.values <= lim.maxValues && m.depth <= lim.maxDepth) {
      const json = asJson(text);
      if (json.ok) return parseJson(file, text, json.data, m);
      jsonTried = true;
    }
  }
  const scan = preScan(text);
  if (scan.values > lim.maxValues) {
    return failed(
      file,
      'too-many-values',
      `the document holds about ${scan.values.toLocaleString('en-US')} values, more than the limit of ${lim.maxValues.toLocaleString('en-US')}; it was not parsed`,
      'split the model, or raise the limit with --max-values <n> (a generated tenant of 100,000 instances has about 3,900,000 values)',
    );
  }
  if (scan.depth > lim.maxDepth) {
    const before = text.slice(0, scan.depthOffset);
    const line = before.split('\n').length;
    const column = scan.depthOffset - before.lastIndexOf('\n');
    return failed(
      file,
      'too-deep',
      `the document nests more than ${lim.maxDepth} levels deep (line ${line}); it was not parsed`,
      'models nest about 8 levels; check for runaway brackets or indentation',
      line,
      column,
    );
  }
  // A .json file must be JSON: strict (no trailing commas, no comments), even though the YAML parser would accept more.
  const json: ReturnType<typeof asJson> = jsonTried ? { ok: false } : asJson(text);
  if (json.ok && options.json !== false) return parseJson(file, text, json.data, JsonIndex.measure(text));
  const isJsonFile = /\.json$/i.test(file);
  if (isJsonFile) {
    const problem = jsonSyntaxProblem(text);
    if (problem) {
      const before = text.slice(0, problem.offset);
      const line = before.split('\n').length;
      return failed(file, 'json-syntax', problem.message, problem.hint, line, problem.offset - before.lastIndexOf('\n'));
    }
  }
  // Plain YAML (no tags, anchors or aliases) is read on the fast path; anything else by the `yaml` library, whose
  // nodes cost about a kilobyte per value, hence its lower limit.
  const fast = options.fast === false ? undefined : parseYamlFast(text, lim.maxDepth, 2 * scan.values + 16);
  if (fast?.kind === 'ok') return fromFastYaml(file, text, fast.data, fast.index, fast.problems);
  if (!isJsonFile && scan.values > lim.maxYamlValues) {
    if (fast?.reason.startsWith('syntax: ')) {
      const p = lineColumn(text)(fast.offset);
      return failed(
        file,
        'yaml-syntax',
        `YAML syntax error: ${oneLine(fast.reason.slice(8))}`,
        'check the indentation, colons and brackets near this point',
        p.line,
        p.col,
      );
    }
    const p = fast ? lineColumn(text)(fast.offset) : { line: 0, col: 0 };
    const fix = fast && fast.reason in STEP_ASIDE ? STEP_ASIDE[fast.reason as StepAside] : 'write plain YAML';
    return failed(
      file,
      'too-many-values',
      `the YAML document holds about ${scan.values.toLocaleString('en-US')} values and has ${fast?.reason ?? 'what only the slower YAML reader reads'} (line ${p.line}), which only the slower YAML reader reads, up to ${lim.maxYamlValues.toLocaleString('en-US')} values; it was not parsed`,
      `${fix} (plain YAML is read up to ${lim.maxValues.toLocaleString('en-US')} values), write the model as JSON, or split it`,
    );
  }
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, keepSourceTokens: false, resolveKnownTags: false });
  } catch (err) {
    return failed(file, 'yaml-syntax', `the document cannot be parsed: ${oneLine((err as Error).message)}`);
  }
  const diagnostics: Diagnostic[] = [];
  // Of the syntax errors only the first is reported: one mistake often makes the parser report several, all but the
  // first of them confusing. Duplicate keys are each their own mistake; they are found by keyProblems below in one
  // pass (the parser's own check compares every key with every earlier one: 200,000 keys took eight minutes).
  const firstSyntax = doc.errors[0];
  if (firstSyntax) {
    const problem = yamlSyntaxProblem(text, firstSyntax);
    diagnostics.push({ code: 'yaml-syntax', severity: 'error', message: problem.message, location: at(problem.offset), hint: problem.hint });
  }
  const locate = (path: DataPath, key = false): SourceLocation => {
    const found = nodeAt(doc, path, key);
    return at(found ?? 0, formatPath(path));
  };
  for (const key of keyProblems(doc)) diagnostics.push(keyDiagnostic(key.name, at(key.offset)));
  if (diagnostics.length > 0) return { file, data: undefined, diagnostics, locate };
  for (const w of doc.warnings) {
    diagnostics.push({
      code: 'yaml-warning',
      severity: 'warning',
      message: `YAML: ${oneLine(w.message)}`,
      location: at(w.pos[0]),
      hint: 'vpcreach reads plain YAML: tags such as !!binary or !!set are ignored',
    });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: lim.maxAliasCount });
  } catch (err) {
    diagnostics.push({
      code: 'yaml-syntax',
      severity: 'error',
      message: `the document cannot be expanded: ${oneLine((err as Error).message)}`,
      location: at(0),
      hint: `use fewer aliases (at most ${lim.maxAliasCount} alias expansions are allowed)`,
    });
    return { file, data: undefined, diagnostics, locate };
  }
  // Only aliases (*name) can make the data deeper than the text or make it contain itself.
  const shape = text.includes('*') ? dataShape(data, lim.maxDepth) : 'ok';
  if (shape !== 'ok') {
    diagnostics.push({
      code: shape === 'cycle' ? 'yaml-syntax' : 'too-deep',
      severity: 'error',
      message:
        shape === 'cycle'
          ? 'an alias refers to the collection that contains it, so the document never ends'
          : `aliases expand the document to more than ${lim.maxDepth} levels deep`,
      location: at(0),
      hint: shape === 'cycle' ? 'remove the self-referencing alias' : 'use fewer nested aliases',
    });
    return { file, data: undefined, diagnostics, locate };
  }
  if (data === null || data === undefined) {
    diagnostics.push(emptyFile(at(0)));
    return { file, data: undefined, diagnostics, locate };
  }
  return { file, data, diagnostics, locate };
}

/** The data of a text that is JSON. */
/** Whether the first character after blanks opens a JSON object or list. */
function startsLikeJsonContainer(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return c === 123 || c === 91;
  }
  return false;
}

function asJson(text: string): { ok: true; data: unknown } | { ok: false } {
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
function parseJson(file: string, text: string, data: unknown, measured: { values: number; keys: number }): ParsedSource {
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
function fromFastYaml(file: string, text: string, data: unknown, index: YamlIndex, problems: readonly YamlKeyProblem[]): ParsedSource {
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

/** A refused key: repeated (name undefined), a collection (name null), or a forbidden name. */
function keyDiagnostic(name: string | null | undefined, location: SourceLocation): Diagnostic {
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

function emptyFile(location: SourceLocation): Diagnostic {
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
function keyProblems(doc: Document): { name: string | null | undefined; offset: number }[] {
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
function dataShape(data: unknown, maxDepth: number): 'ok' | 'cycle' | 'deep' {
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
function failed(file: string, code: string, message: string, hint?: string, line = 1, column = 1): ParsedSource {
  const location = { file, path: '', line, column };
  return { file, data: undefined, diagnostics: [{ code, severity: 'error', message, location, ...(hint ? { hint } : {}) }], locate: () => location };
}

function oneLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** The pairs of large mappings by key, built on the first lookup (a linear search per lookup was quadratic). */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

/** The first pair of `map` whose key is the scalar `key`. */
function pairOf(map: YAMLMap, key: string): Pair | undefined {
  const find = (p: Pair): boolean => isPair(p) && isScalar(p.key) && String(p.key.value) === key;
  if (map.items.length < 16) return map.items.find(find);
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    pairIndex.set(map, index);
  }
  return index.get(key);
}

/** Source offset of the node at `path` (or of its key), or of the deepest existing ancestor. */
function nodeAt(doc: Document, path: DataPath, key: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as YamlNode | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = pairOf(node, String(seg));
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
