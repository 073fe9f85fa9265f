import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { jsonSyntaxProblem, yamlSyntaxProblem } from './syntax-errors.js';
import { STEP_ASIDE, parseYamlFast, type StepAside } from './yaml-fast.js';
import { JsonIndex, lineColumn } from './json-source.js';
import type { ConfigurationWords, Diagnostic, Model, SourceLocation } from '../model/index.js';
import { decode } from './decode.js';
import { preScan, dataShape, keyProblems, keyDiagnostic, emptyFile, failed, oneLine } from './source-checks.js';
import { startsLikeJsonContainer, asJson, parseJson, fromFastYaml } from './source-json.js';
import { nodeAt } from './yaml-locate.js';

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
  /** A front end that translated another configuration (Terraform): how that configuration says a change of the model. */
  readonly configuration?: (model: Model) => ConfigurationWords;
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
