/**
 * Which rules of a first-match rule list never decide a flow, or decide flows that the rest would decide the same
 * way — computed over flow spaces with the engine's own first-match evaluation (`firstMatch`), on the guards the
 * engine compiles, so "never decides" means exactly what `trace` would show. One evaluation of the list over every
 * flow gives each guard the flows it decides; a guard that decides none is shadowed.
 */
import { ALL_ADDRESSES, ALL_ICMP_CODES, ALL_SOURCE_PORTS, PROTO_PORT_ANY, intersectSpace, isEmptySpace, type FlowSpace } from '../net/index.js';
import type { SecurityGroupRule } from '../model/index.js';
import { decidesAlike, firstMatch, type DecidedPart, type Guard } from '../sim/guards.js';
import type { LintContext } from './types.js';

const ALL: FlowSpace = { protoPort: PROTO_PORT_ANY, src: ALL_ADDRESSES, dst: ALL_ADDRESSES, srcPort: ALL_SOURCE_PORTS, icmpCode: ALL_ICMP_CODES };

/** What each guard of a list decides when the list is evaluated over every flow. */
interface Coverage {
  readonly guards: readonly Guard[];
  /** By guard index: the flows it decides, or undefined when it decides none. */
  readonly decided: readonly (DecidedPart | undefined)[];
}

/** The coverage of a guard list: one first-match evaluation over every flow. */
function coverage(guards: readonly Guard[]): Coverage {
  const ev = firstMatch(guards, ALL);
  const decided: (DecidedPart | undefined)[] = new Array<DecidedPart | undefined>(guards.length).fill(undefined);
  const index = new Map(guards.map((g, i) => [g, i]));
  for (const part of ev.decided) decided[index.get(part.guard)!] = part;
  return { guards, decided };
}

/**
 * A guard that decides no flow; the earlier guards that take what it matches (every one that decides part of it, in
 * evaluation order), and the one to name first: the first written in the model (else the first).
 */
export interface Shadowed {
  readonly index: number;
  readonly by: Guard;
  readonly takers: readonly Guard[];
}

/** Whether guard `i` is shadowed in a coverage: it matches something and decides nothing; with the guard to name. */
function shadowedAt(c: Coverage, i: number): Shadowed | null {
  const { guards } = c;
  const g = guards[i]!;
  // A guard that matches no flow a sender sends (a rule on an ICMP code its type does not define) is no one's shadow:
  // sg-icmp-code-undefined says why it matches nothing.
  if (i === 0 || c.decided[i] !== undefined || isEmptySpace(intersectSpace(ALL, g.match))) return null;
  // First match would give the first earlier guard that meets this one's flows the first piece of them.
  let first: Guard | undefined;
  let written: Guard | undefined;
  for (let j = 0; j < i && written === undefined; j++) {
    const e = guards[j]!;
    if (isEmptySpace(intersectSpace(e.match, g.match))) continue;
    first ??= e;
    if (e.origin.kind === 'security-group' || e.origin.kind === 'network-acl') written = e;
  }
  // Every earlier guard that decides a piece of what this one matches: a deny and an allow may share it.
  const takers = firstMatch(guards.slice(0, i), g.match).decided.map((p) => p.guard);
  return { index: i, by: (written ?? first)!, takers: takers.length ? takers : [(written ?? first)!] };
}

/** Guards whose every flow is decided by earlier guards (guards that match no flow are left out). */
export function shadowedGuards(guards: readonly Guard[]): Shadowed[] {
  const c = coverage(guards);
  const out: Shadowed[] = [];
  for (let i = 1; i < guards.length; i++) {
    const x = shadowedAt(c, i);
    if (x) out.push(x);
  }
  return out;
}

/**
 * Whether guard `i` decides some flows, all of which the guards after it (and the default deny) would decide the same
 * way: removing the guard changes no flow's outcome.
 */
function redundantAt(c: Coverage, i: number): boolean {
  const part = c.decided[i];
  return part !== undefined && part.spaces.every((s) => decidesAlike(c.guards, i + 1, s, part.guard.action));
}

/** The group lists rules are evaluated in: every instance's list, and each group alone when no instance has it. */
function groupLists(ctx: LintContext): (readonly string[])[] {
  const lists = new Map<string, readonly string[]>();
  const attached = new Set<string>();
  for (const i of ctx.model.instances.values()) {
    lists.set(i.securityGroups.join('\u0000'), i.securityGroups);
    for (const g of i.securityGroups) attached.add(g);
  }
  for (const g of ctx.model.securityGroups.keys()) if (!attached.has(g)) lists.set(g, [g]);
  return [...lists.values()];
}

/** A security-group rule that is shadowed, or redundant, in every group list (both directions) that holds its group. */
export interface RuleMarks {
  readonly shadowed: readonly { readonly rule: SecurityGroupRule; readonly group: string; readonly by: Guard; readonly takers: readonly Guard[] }[];
  readonly redundant: readonly { readonly rule: SecurityGroupRule; readonly group: string }[];
}

interface RuleState {
  readonly group: string;
  /** Still shadowed in every list seen so far; the guard named in the first. */
  shadowed: boolean;
  by: Guard | undefined;
  takers: readonly Guard[];
  /** Still redundant in every list seen so far. */
  redundant: boolean;
}

const marksCache = new WeakMap<LintContext, RuleMarks>();

/**
 * The security-group rules that are shadowed, and those that are redundant, in every group list that holds their
 * group — one coverage per list and direction serves both. A rule found not shadowed (not redundant) in one list is
 * not examined for it again: what it is in the other lists no longer matters.
 */
export function securityGroupRuleMarks(ctx: LintContext): RuleMarks {
  const known = marksCache.get(ctx);
  if (known) return known;
  const state = new Map<SecurityGroupRule, RuleState>();
  const lists = groupLists(ctx);
  for (const direction of ['ingress', 'egress'] as const) {
    for (const list of lists) {
      const guards = ctx.cm.securityGroupGuards(list, direction);
      const c = coverage(guards);
      guards.forEach((g, i) => {
        if (g.origin.kind !== 'security-group') return;
        let e = state.get(g.origin.rule);
        if (!e) state.set(g.origin.rule, (e = { group: g.origin.resource, shadowed: true, by: undefined, takers: [], redundant: true }));
        if (e.shadowed) {
          const x = shadowedAt(c, i);
          if (x && e.by === undefined) {
            e.by = x.by;
            e.takers = x.takers;
          } else if (!x) e.shadowed = false;
        }
        if (e.redundant && !redundantAt(c, i)) e.redundant = false;
      });
    }
  }
  const shadowed: { rule: SecurityGroupRule; group: string; by: Guard; takers: readonly Guard[] }[] = [];
  const redundant: { rule: SecurityGroupRule; group: string }[] = [];
  for (const [rule, e] of state) {
    if (e.shadowed) shadowed.push({ rule, group: e.group, by: e.by!, takers: e.takers });
    if (e.redundant) redundant.push({ rule, group: e.group });
  }
  const marks = { shadowed, redundant };
  marksCache.set(ctx, marks);
  return marks;
}
