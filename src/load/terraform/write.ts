/**
 * An imported model as a model file: YAML whose ids are the Terraform addresses, with a comment naming the resource
 * of every list item that is not named by its id (a rule, a member, a port mapping), so the file can be read next to
 * the configuration.
 *
 * The layout is the `yaml` library's (block mappings, lists indented under their key, small entries and lists of
 * plain values on one line, no folding), written directly: building the library's document of a 20,000-instance
 * model and printing it took 7 s. Scalars the writer cannot prove plain are formatted by the library itself, and a
 * test compares the two writers byte for byte.
 */
import { Document, YAMLSeq, isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { DataPath } from '../source.js';
import type { TranslatedSource } from './index.js';

/** The imported model document as YAML, under a header comment (lines without `#`). */
export function importedYaml(source: TranslatedSource, header: string): string {
  return directYaml(source, header) ?? libraryYaml(source, header);
}

/** The file written directly, or undefined for a document with a shape the direct writer leaves to the library. */
export function directYaml(source: TranslatedSource, header: string): string | undefined {
  const w = new YamlWriter((path) => source.address(path));
  for (const line of header.split('\n')) w.out.push(`# ${line}\n`);
  w.out.push('\n');
  try {
    w.document(source.data);
  } catch (e) {
    if (e instanceof Unusual) return undefined;
    throw e;
  }
  return w.out.join('');
}

/** The same file, laid out by the `yaml` library's document (the reference the direct writer is tested against). */
export function libraryYaml(source: TranslatedSource, header: string): string {
  const doc = new Document(source.data);
  doc.commentBefore = header
    .split('\n')
    .map((l) => ` ${l}`)
    .join('\n');
  const walk = (node: Node | null, path: DataPath, parentAddress: string | undefined): void => {
    if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const p = [...path, i];
        if (isMap(item)) {
          const id = item.get('id');
          const address = source.address(p);
          if (address !== undefined && address !== id && address !== parentAddress) item.commentBefore = ` ${address}`;
          // Small entries (rules, mappings, members) on one line.
          if (item.items.every((pair) => isScalar(pair.value))) item.flow = true;
          walk(item, p, address);
        } else walk(item as Node, p, parentAddress);
      });
      // A list of plain values (security groups, CIDRs, ports) on one line.
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    } else if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        walk(pair.value as Node, [...path, key], parentAddress);
      }
    }
  };
  walk(doc.contents, [], undefined);
  return doc.toString({ lineWidth: 0 });
}

type Plain = null | boolean | number | string;
type Json = Plain | Json[] | { [k: string]: Json };
const isMapping = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPlainValue = (v: unknown): v is Plain => v === null || typeof v !== 'object';

/** A string the `yaml` library writes plain in block and in flow context: a name, an address, a CIDR. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const PLAIN_ADDRESS = /^\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?$/;
/** Names YAML reads as something other than a string (booleans, null, in any case). */
const NOT_A_STRING = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n']);

class YamlWriter {
  readonly out: string[] = [];
  private readonly block = new Map<string, string>();
  private readonly flow = new Map<string, string>();
  private readonly blockKeys = new Map<string, string>();
  private readonly flowKeys = new Map<string, string>();

  constructor(private readonly addressOf: (path: DataPath) => string | undefined) {}

  document(data: unknown): void {
    if (isMapping(data) && Object.keys(data).length > 0) this.mapping(data, 0, [], undefined);
    else this.out.push(`${this.scalarOrFlow(data as Json)}\n`);
  }

  /** A block mapping's entries, each on its own line at `indent` (the first one already begun by the caller when `inline`). */
  private mapping(m: Record<string, Json>, indent: number, path: DataPath, parentAddress: string | undefined, inline = false): void {
    const pad = ' '.repeat(indent);
    let first = inline;
    for (const key of Object.keys(m)) {
      const v = m[key]!;
      this.out.push(`${first ? '' : pad}${this.key(key, false)}:`);
      first = false;
      this.value(v, indent, [...path, key], parentAddress);
    }
  }

  /** The value of a mapping entry whose key is at `indent`: after the colon on the same line, or below it. */
  private value(v: Json, indent: number, path: DataPath, parentAddress: string | undefined): void {
    if (Array.isArray(v)) {
      if (v.every(isPlainValue)) this.out.push(` ${this.flowList(v)}\n`);
      else {
        this.out.push('\n');
        this.sequence(v, indent + 2, path, parentAddress);
      }
    } else if (isMapping(v)) {
      if (Object.keys(v).length === 0) this.out.push(' {}\n');
      else {
        this.out.push('\n');
        this.mapping(v, indent + 2, path, parentAddress);
      }
    } else this.out.push(` ${this.blockScalar(v, indent)}\n`);
  }

  /** A block sequence's items at `indent`, each with the comment naming its resource when its id does not. */
  private sequence(list: Json[], indent: number, path: DataPath, parentAddress: string | undefined): void {
    const pad = ' '.repeat(indent);
    list.forEach((item, i) => {
      const p = [...path, i];
      if (isMapping(item)) {
        const address = this.addressOf(p);
        if (address !== undefined && address !== item.id && address !== parentAddress) {
          if (address.includes('\n')) throw new Unusual();
          this.out.push(`${pad}# ${address}\n`);
        }
        const keys = Object.keys(item);
        if (keys.every((k) => isPlainValue(item[k]))) this.out.push(`${pad}- ${this.flowMapping(item, keys)}\n`);
        else {
          this.out.push(`${pad}- `);
          this.mapping(item, indent + 2, p, address, true);
        }
      } else if (Array.isArray(item)) {
        if (!item.every(isPlainValue)) throw new Unusual();
        this.out.push(`${pad}- ${this.flowList(item)}\n`);
      } else this.out.push(`${pad}- ${this.blockScalar(item, indent)}\n`);
    });
  }

  private flowMapping(m: Record<string, Json>, keys: readonly string[]): string {
    if (keys.length === 0) return '{}';
    return `{ ${keys.map((k) => `${this.key(k, true)}: ${this.scalar(m[k] as Plain, true)}`).join(', ')} }`;
  }

  private flowList(list: readonly Plain[]): string {
    return list.length === 0 ? '[]' : `[ ${list.map((x) => this.scalar(x, true)).join(', ')} ]`;
  }

  private scalarOrFlow(v: Json): string {
    if (Array.isArray(v)) {
      if (!v.every(isPlainValue)) throw new Unusual();
      return this.flowList(v);
    }
    if (isMapping(v)) return this.flowMapping(v, Object.keys(v));
    return this.scalar(v, false);
  }

  /** A scalar in block context whose key (or `- `) is at `indent`: a block literal's lines go two further in. */
  private blockScalar(v: Plain, indent: number): string {
    const s = this.scalar(v, false);
    return s.includes('\n') ? s.replace(/\n/g, `\n${' '.repeat(indent + 2)}`) : s;
  }

  /** A mapping key as the `yaml` library writes it (an implicit key: quoted where a value would be a block literal). */
  private key(k: string, inFlow: boolean): string {
    if ((PLAIN_NAME.test(k) && !NOT_A_STRING.has(k.toLowerCase())) || PLAIN_ADDRESS.test(k)) return k;
    const cache = inFlow ? this.flowKeys : this.blockKeys;
    let text = cache.get(k);
    if (text === undefined) {
      const probe = new Document({ [k]: 0 });
      if (inFlow) (probe.contents as YAMLMap).flow = true;
      const written = probe.toString({ lineWidth: 0 });
      const [head, tail] = inFlow ? ['{ ', ': 0 }\n'] : ['', ': 0\n'];
      if (!written.startsWith(head) || !written.endsWith(tail) || written.startsWith(`${head}? `)) throw new Unusual();
      text = written.slice(head.length, -tail.length);
      cache.set(k, text);
    }
    return text;
  }

  /** A scalar as the `yaml` library writes it, plain where it certainly would be, else asked of the library. */
  private scalar(v: Plain, inFlow: boolean): string {
    if (typeof v === 'string') {
      if ((PLAIN_NAME.test(v) && !NOT_A_STRING.has(v.toLowerCase())) || PLAIN_ADDRESS.test(v)) return v;
    } else if (typeof v === 'number') {
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v);
    } else if (typeof v === 'boolean') return String(v);
    else if (v === null) return 'null';
    const cache = inFlow ? this.flow : this.block;
    const key = typeof v === 'string' ? `s${v}` : `n${String(v)}`;
    let text = cache.get(key);
    if (text === undefined) {
      if (inFlow) {
        const list = new YAMLSeq();
        list.flow = true;
        list.items.push(new Document(v).contents);
        text = new Document(list).toString({ lineWidth: 0 }).slice(2, -3);
        // A line break in a flow collection: the library spreads the whole entry over several lines.
        if (text.includes('\n')) throw new Unusual();
      } else text = new Document(v).toString({ lineWidth: 0 }).slice(0, -1);
      cache.set(key, text);
    }
    return text;
  }
}

/**
 * What the direct writer leaves to the library: lists of lists of entries, keys it would write as `? key` (none of the
 * model's shapes), line breaks in a small entry or a list of values (a multi-line rule description) or in an address.
 */
class Unusual extends Error {}
