/**
 * Fixes as edits of the model's text, proven before they are kept. An edit inserts or removes the few characters
 * of one list item or value; everything else in the file — comments, order, quoting, layout — stays byte for byte.
 * Positions come from the `yaml` library's nodes (JSON is YAML, so the same code edits JSON files, writing JSON).
 *
 * The proof: the edited text is loaded and the engine compares every flow of the two models (`diffModels`). A fix
 * is kept only when its finding is gone, it loses no flow that works now, and every flow it gains goes to a
 * destination the finding is about (the endpoints of the service at fault; a fix that closes may gain none);
 * otherwise it is refused, with the flow that shows why.
 */
import { parseDocument, stringify, isMap, isScalar, isSeq, type Node as YamlNode, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseCidr, formatRange } from '../net/index.js';
import type { Model } from '../model/index.js';
import { Simulator } from '../sim/engine.js';
import { diffModels, type FlowChange } from '../symbolic/diff.js';
import type { LintFinding, LintFix } from './types.js';

/** Replace `remove` characters at `offset` with `insert`. */
export interface TextEdit {
  readonly offset: number;
  readonly remove: number;
  readonly insert: string;
}

/** What became of one fix. */
export type FixOutcome =
  | {
      readonly status: 'applied';
      readonly finding: LintFinding;
      readonly fix: LintFix;
      readonly gained: readonly FlowChange[];
      readonly lost: readonly FlowChange[];
    }
  | {
      readonly status: 'refused';
      readonly finding: LintFinding;
      readonly fix: LintFix;
      readonly reason: string;
      /** The flow that shows why, when a flow does. */
      readonly flow?: FlowChange;
    };

/** The data path of a resource, from its location (`securityGroups[2]` → ['securityGroups', 2]). */
function pathOf(locPath: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of locPath.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The end of the line holding `offset` (before its line break). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/** The model's text, parsed for its node positions, and how it writes values. */
class Source {
  readonly doc;
  readonly json: boolean;
  readonly eol: string;

  /** `json`: whether values are written as JSON (known when the text is one resource cut out of a JSON document). */
  constructor(
    readonly text: string,
    json?: boolean,
  ) {
    this.doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: false });
    this.json = json ?? (/^\s*[{[]/.test(text) && !/^\s*#/m.test(text));
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  node(path: readonly (string | number)[]): unknown {
    return this.doc.getIn(path, true);
  }

  /** A value as this file writes one: JSON, or a one-line YAML flow value. */
  value(v: unknown): string {
    return this.json ? JSON.stringify(v) : stringify(v, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
  }

  key(k: string): string {
    return this.json ? JSON.stringify(k) : k;
  }

  /** Appends an item to a list, in the list's own style. */
  appendItem(seq: YAMLSeq, item: unknown): TextEdit {
    const range = (seq as YamlNode).range!;
    const items = seq.items as YamlNode[];
    if (seq.flow) {
      if (items.length === 0) {
        const close = this.text.lastIndexOf(']', range[1]);
        return { offset: close, remove: 0, insert: this.json ? this.value(item) : ` ${this.value(item)} ` };
      }
      const last = items[items.length - 1]!.range!;
      return { offset: last[1], remove: 0, insert: `, ${this.value(item)}` };
    }
    const last = items[items.length - 1]!;
    const indent = range[0] - lineStart(this.text, range[0]);
    const at = lineEnd(this.text, Math.max(last.range![1] - 1, last.range![0]));
    return { offset: at, remove: 0, insert: `${this.eol}${' '.repeat(indent)}- ${this.value(item)}` };
  }

  /** Puts an item first in a list, in the list's own style. */
  prependItem(seq: YAMLSeq, item: unknown): TextEdit {
    const range = (seq as YamlNode).range!;
    const items = seq.items as YamlNode[];
    if (items.length === 0) return this.appendItem(seq, item);
    const first = items[0]!.range!;
    if (seq.flow) return { offset: first[0], remove: 0, insert: `${this.value(item)}, ` };
    const start = lineStart(this.text, first[0]);
    const indent = range[0] - lineStart(this.text, range[0]);
    // The first item's line starts with its dash; the new item goes on a line of its own before it.
    return { offset: start, remove: 0, insert: `${' '.repeat(indent)}- ${this.value(item)}${this.eol}` };
  }

  /** Adds `key: value` to a mapping, in the mapping's own style. */
  addPair(map: YAMLMap, key: string, value: unknown): TextEdit {
    const range = (map as YamlNode).range!;
    if (map.flow) {
      const last = map.items[map.items.length - 1];
      const end = (last ? ((last.value ?? last.key) as YamlNode).range : undefined)?.[1];
      if (end !== undefined) return { offset: end, remove: 0, insert: `, ${this.key(key)}: ${this.value(value)}` };
      const close = this.text.lastIndexOf('}', range[1]);
      return { offset: close, remove: 0, insert: this.json ? `${this.key(key)}: ${this.value(value)}` : ` ${this.key(key)}: ${this.value(value)} ` };
    }
    const lastPair = map.items[map.items.length - 1]!;
    const lastNode = (lastPair.value ?? lastPair.key) as YamlNode;
    const indent = range[0] - lineStart(this.text, range[0]);
    const at = lineEnd(this.text, Math.max(lastNode.range![1] - 1, lastNode.range![0]));
    return { offset: at, remove: 0, insert: `${this.eol}${' '.repeat(indent)}${key}: ${this.value(value)}` };
  }

  /** Removes one item of a list, with its separator or its line. */
  removeItem(seq: YAMLSeq, index: number): TextEdit {
    const items = seq.items as YamlNode[];
    const r = items[index]!.range!;
    if (seq.flow) {
      if (index > 0) {
        const prevEnd = items[index - 1]!.range![1];
        return { offset: prevEnd, remove: r[1] - prevEnd, insert: '' };
      }
      const end = items.length > 1 ? items[1]!.range![0] : r[1];
      return { offset: r[0], remove: end - r[0], insert: '' };
    }
    const start = lineStart(this.text, r[0]);
    const end = lineEnd(this.text, Math.max(r[1] - 1, r[0]));
    const next = this.text.indexOf('\n', end);
    return { offset: start, remove: (next < 0 ? this.text.length : next + 1) - start, insert: '' };
  }
}

/** The resource a fix edits. */
function resourceOf(fix: LintFix): string {
  switch (fix.kind) {
    case 'add-security-group-rule':
    case 'set-rule-priority':
      return fix.group;
    case 'add-network-acl-rule':
      return fix.acl;
    case 'add-access-control-cidr':
    case 'remove-access-control-cidr':
      return fix.listener;
    case 'set-field':
      return fix.resource;
  }
}

/**
 * Where a resource written in JSON starts and ends in the text (its `{` to its `}`), from its location; null when the
 * location does not fall on a `{` (the whole text is parsed then).
 */
function jsonSpan(text: string, line: number, column: number): { start: number; end: number } | null {
  let start = 0;
  for (let l = 1; l < line; l++) {
    start = text.indexOf('\n', start) + 1;
    if (start === 0) return null;
  }
  start += column - 1;
  if (text[start] !== '{') return null;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return { start, end: i + 1 };
    }
  }
  return null;
}

/**
 * The edit that carries out a fix on the model's text, or why there is none. A model written in JSON is parsed only
 * for the resource the fix edits (a whole large document through the YAML parser took about 0.3 s a fix);
 * `parse: 'document'` parses the whole text all the same (the reference the resource's own parse is tested against).
 */
export function editFor(text: string, model: Model, fix: LintFix, parse: 'resource' | 'document' = 'resource'): TextEdit | string {
  const r = model.resources.get(resourceOf(fix));
  const span = parse === 'resource' && r && /^\s*[{[]/.test(text) && !/^\s*#/m.test(text) ? jsonSpan(text, r.loc.line, r.loc.column) : null;
  if (span === null) return editIn(new Source(text), model, fix, null);
  const edit = editIn(new Source(text.slice(span.start, span.end), true), model, fix, []);
  return typeof edit === 'string' ? edit : { ...edit, offset: edit.offset + span.start };
}

/** The edit in `src`: the whole text, or (with `root`) one resource's own text, whose path is `root`. */
function editIn(src: Source, model: Model, fix: LintFix, root: (string | number)[] | null): TextEdit | string {
  const mapAt = (id: string): YAMLMap | string => {
    const r = model.resources.get(id);
    if (!r) return `no resource "${id}"`;
    const node = src.node(root ?? pathOf(r.loc.path));
    return isMap(node) ? node : `"${id}" is not written as a mapping`;
  };
  switch (fix.kind) {
    case 'add-security-group-rule': {
      const group = mapAt(fix.group);
      if (typeof group === 'string') return group;
      const rule: Record<string, unknown> = { ...fix.rule };
      const rules = group.get('rules', true);
      if (isSeq(rules)) return src.appendItem(rules, rule);
      if (rules === undefined || (isScalar(rules) && rules.value === null)) return src.addPair(group, 'rules', [rule]);
      return `the rules of "${fix.group}" are not a list`;
    }
    case 'add-network-acl-rule': {
      const acl = mapAt(fix.acl);
      if (typeof acl === 'string') return acl;
      const rule: Record<string, unknown> = { ...fix.rule };
      const rules = acl.get(fix.direction, true);
      if (isSeq(rules)) return src.prependItem(rules, rule);
      if (rules === undefined || (isScalar(rules) && rules.value === null)) return src.addPair(acl, fix.direction, [rule]);
      return `the ${fix.direction} rules of "${fix.acl}" are not a list`;
    }
    case 'add-access-control-cidr':
    case 'remove-access-control-cidr': {
      const listener = mapAt(fix.listener);
      if (typeof listener === 'string') return listener;
      const ac = listener.get('accessControl', true);
      if (!isMap(ac)) return `listener "${fix.listener}" has no accessControl mapping`;
      const cidrs = ac.get('cidrs', true);
      if (fix.kind === 'add-access-control-cidr') {
        if (isSeq(cidrs)) return src.appendItem(cidrs, fix.cidr);
        return src.addPair(ac, 'cidrs', [fix.cidr]);
      }
      if (!isSeq(cidrs)) return `listener "${fix.listener}" has no cidrs list`;
      const index = cidrs.items.findIndex((item) => {
        if (!isScalar(item)) return false;
        const c = parseCidr(String(item.value), true);
        return c.ok && formatRange(c.value) === fix.cidr;
      });
      return index < 0 ? `no entry ${fix.cidr} in the cidrs of "${fix.listener}"` : src.removeItem(cidrs, index);
    }
    case 'set-rule-priority': {
      const group = mapAt(fix.group);
      if (typeof group === 'string') return group;
      const rules = group.get('rules', true);
      const item = isSeq(rules) ? rules.items[fix.index] : undefined;
      if (!isMap(item)) return `rules[${fix.index}] of "${fix.group}" is not written as a mapping`;
      const value = item.get('priority', true);
      if (value === undefined) return src.addPair(item, 'priority', fix.priority);
      if (!isScalar(value)) return `the priority of rules[${fix.index}] of "${fix.group}" is not a plain value`;
      const r = (value as YamlNode).range!;
      return { offset: r[0], remove: r[1] - r[0], insert: src.value(fix.priority) };
    }
    case 'set-field': {
      const map = mapAt(fix.resource);
      if (typeof map === 'string') return map;
      const value = map.get(fix.field, true);
      if (value === undefined) return src.addPair(map, fix.field, fix.value);
      if (!isScalar(value)) return `${fix.field} of "${fix.resource}" is not a plain value`;
      const r = (value as YamlNode).range!;
      return { offset: r[0], remove: r[1] - r[0], insert: src.value(fix.value) };
    }
  }
}

/** Applies edits (at distinct places) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.insert + out.slice(e.offset + e.remove);
  return out;
}

/** Whether a fix opens flows (and may gain only what its finding is about) or closes them (and may gain none). */
function opens(fix: LintFix): boolean {
  return fix.kind !== 'set-field';
}

/**
 * The destinations a finding is about: the endpoints of its endpoint service; for a load balancer's finding, the load
 * balancer and the endpoints of every service it backs.
 */
function intended(model: Model, finding: LintFinding): Set<string> {
  const services = new Set<unknown>([finding.data.service]);
  const lb = finding.data.loadBalancer;
  const out = new Set<string>();
  if (typeof lb === 'string') {
    out.add(lb);
    for (const s of model.endpointServices.values()) if (s.backend.kind === 'elb' && s.backend.loadBalancer === lb) services.add(s.id);
  }
  for (const ep of model.endpoints.values()) if (services.has(ep.service)) out.add(ep.id);
  return out;
}

/** The same finding (rule, message and data), wherever it now is. */
function sameFinding(a: LintFinding, b: LintFinding): boolean {
  return a.ruleId === b.ruleId && a.messageId === b.messageId && JSON.stringify(a.data) === JSON.stringify(b.data);
}

/**
 * Applies the fixes of the findings one at a time, each proven on the model as the fixes before it left it; returns
 * the final text and what became of each fix. `load` reads a text into a model (undefined when invalid); `relint`
 * gives a model's findings of one rule (the finding's: no other rule can report it again).
 */
export function proveFixes(
  text: string,
  model: Model,
  findings: readonly LintFinding[],
  load: (text: string) => Model | undefined,
  relint: (model: Model, rule: string) => readonly LintFinding[],
): { text: string; outcomes: FixOutcome[] } {
  const outcomes: FixOutcome[] = [];
  const seen = new Set<string>();
  let current = { text, model, sim: new Simulator(model) };
  for (const finding of findings) {
    const fix = finding.fix;
    if (!fix) continue;
    const key = JSON.stringify(fix);
    if (seen.has(key)) continue;
    seen.add(key);
    const edit = editFor(current.text, current.model, fix);
    if (typeof edit === 'string') {
      outcomes.push({ status: 'refused', finding, fix, reason: edit });
      continue;
    }
    const nextText = applyEdits(current.text, [edit]);
    const next = load(nextText);
    if (!next) {
      outcomes.push({ status: 'refused', finding, fix, reason: 'the edited model would not be valid' });
      continue;
    }
    const nextSim = new Simulator(next);
    const d = diffModels(current.sim, nextSim);
    const lost = d.changes.filter((c) => c.kind === 'lost');
    const gained = d.changes.filter((c) => c.kind === 'gained');
    const wanted = intended(current.model, finding);
    const stray = opens(fix) ? gained.find((c) => !wanted.has(c.to)) : gained[0];
    // No fix may take a flow away: a flow that works is not the finding's business.
    if (lost.length > 0) {
      outcomes.push({ status: 'refused', finding, fix, reason: 'it would lose a flow that works now', flow: lost[0]! });
      continue;
    }
    if (stray) {
      outcomes.push({
        status: 'refused',
        finding,
        fix,
        reason: opens(fix) ? 'it would open a flow the finding is not about' : 'it would open a flow',
        flow: stray,
      });
      continue;
    }
    if (relint(next, finding.ruleId).some((f) => sameFinding(f, finding))) {
      outcomes.push({ status: 'refused', finding, fix, reason: 'the finding would remain' });
      continue;
    }
    outcomes.push({ status: 'applied', finding, fix, gained, lost });
    current = { text: nextText, model: next, sim: nextSim };
  }
  return { text: current.text, outcomes };
}

/** One line for a fix: what it changes. */
export function describeFix(fix: LintFix): string {
  switch (fix.kind) {
    case 'add-security-group-rule':
      return `add to security group "${fix.group}": ${stringify(fix.rule, { collectionStyle: 'flow', lineWidth: 0 }).trim()}`;
    case 'add-network-acl-rule':
      return `add first to the ${fix.direction} rules of network ACL "${fix.acl}": ${stringify(fix.rule, { collectionStyle: 'flow', lineWidth: 0 }).trim()}`;
    case 'add-access-control-cidr':
      return `add ${fix.cidr} to the access control of listener "${fix.listener}"`;
    case 'remove-access-control-cidr':
      return `remove ${fix.cidr} from the access control of listener "${fix.listener}"`;
    case 'set-field':
      return `set ${fix.field}: ${String(fix.value)} on "${fix.resource}"`;
    case 'set-rule-priority':
      return `set priority: ${fix.priority} on rules[${fix.index}] of security group "${fix.group}"`;
  }
}

/** A flow change in one line, with the command that explains it. */
export function describeChange(c: FlowChange, file: string): string {
  const ports = c.ports.map((p) => (p.lo === p.hi ? String(p.lo) : `${p.lo}-${p.hi}`)).join(',');
  return `${c.kind} ${c.sources[0]}${c.sources.length > 1 ? ` (and ${c.sources.length - 1} more)` : ''} → ${c.to} ${c.protocol}/${ports} (vpcreach trace ${file} --from ${c.witness.from} --to ${c.witness.to} --port ${c.witness.port}${c.witness.protocol === 'tcp' ? '' : ` --protocol ${c.witness.protocol}`})`;
}
