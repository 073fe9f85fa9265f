/**
 * Which rules of a first-match rule list never decide a flow, or decide flows that the rest would decide the same
 * way — computed over flow spaces with the engine's own first-match evaluation (`firstMatch`), on the guards the
 * engine compiles, so "never decides" means exactly what `trace` would show. One evaluation of the list over every
 * flow gives each guard the flows it decides; a guard that decides none is shadowed.
 */
import { SVC_ANY, intersectSpace, isEmptySpace, type FlowSpace } from '../net/index.js';
import type { SecurityGroupRule } from '../model/index.js';
import { firstMatch, type DecidedPart, type Guard } from '../sim/guards.js';
import type { LintContext } from './types.js';

const ALL: FlowSpace = { svc: SVC_ANY, src: [{ lo: 0, hi: 0xffffffff }], dst: [{ lo: 0, hi: 0xffffffff }] };

/** What each guard of a list decides when the list is evaluated over every flow. */
export interface Coverage {
  readonly guards: readonly Guard[];
  /** By guard index: the flows it decides, or undefined when it decides none. */
  readonly decided: readonly (DecidedPart | undefined)[];
}

const cache = new WeakMap<readonly Guard[], Coverage>();

/** The coverage of a guard list (cached by list: the engine hands out one list per group list and direction). */
export function coverage(guards: readonly Guard[]): Coverage {
  let c = cache.get(guards);
  if (!c) {
    const ev = firstMatch(guards, ALL);
    const decided: (DecidedPart | undefined)[] = new Array<DecidedPart | undefined>(guards.length).fill(undefined);
    const index = new Map(guards.map((g, i) => [g, i]));
    for (const part of ev.decided) decided[index.get(part.guard)!] = part;
    c = { guards, decided };
    cache.set(guards, c);
  }
  return c;
}

/** A guard that decides no flow, and the earlier guard to name for it: the first one written in the model that takes part of what it matches (else the first). */
export interface Shadowed {
  readonly index: number;
  readonly by: Guard;
}

/** Guards whose every flow is decided by earlier guards (guards that match nothing are left out). */
export function shadowedGuards(guards: readonly Guard[]): Shadowed[] {
  const c = coverage(guards);
  const out: Shadowed[] = [];
  for (let i = 1; i < guards.length; i++) {
    const g = guards[i]!;
    if (c.decided[i] !== undefined || isEmptySpace(g.match)) continue;
    // First match would give the first earlier guard that meets this one's flows the first piece of them.
    let first: Guard | undefined;
    let written: Guard | undefined;
    for (let j = 0; j < i && written === undefined; j++) {
      const e = guards[j]!;
      if (isEmptySpace(intersectSpace(e.match, g.match))) continue;
      first ??= e;
      if (e.origin.kind === 'security-group' || e.origin.kind === 'network-acl') written = e;
    }
    out.push({ index: i, by: (written ?? first)! });
  }
  return out;
}

/**
 * Guards that decide some flows, all of which the guards after them (and the default deny) would decide the same
 * way: removing the guard changes no flow's outcome.
 */
export function redundantGuards(guards: readonly Guard[]): number[] {
  const c = coverage(guards);
  const out: number[] = [];
  c.decided.forEach((part, i) => {
    if (!part) return;
    const rest = guards.slice(i + 1);
    const same = part.spaces.every((s) => {
      const after = firstMatch(rest, s);
      return part.guard.action === 'allow' ? after.decision === 'allow' : after.decision === 'deny';
    });
    if (same) out.push(i);
  });
  return out;
}

/** The group lists rules are evaluated in: every instance's list, and each group alone when no instance has it. */
export function groupLists(ctx: LintContext): (readonly string[])[] {
  const lists = new Map<string, readonly string[]>();
  const attached = new Set<string>();
  for (const i of ctx.model.instances.values()) {
    lists.set(i.securityGroups.join('\u0000'), i.securityGroups);
    for (const g of i.securityGroups) attached.add(g);
  }
  for (const g of ctx.model.securityGroups.keys()) if (!attached.has(g)) lists.set(g, [g]);
  return [...lists.values()];
}

/**
 * The security-group rules that `find` marks in every group list (both directions) that holds their group, with the
 * group and what `find` said of the rule in the first list. `find` maps a list's guards to marks by guard index.
 */
export function markedInEveryList<T>(
  ctx: LintContext,
  find: (guards: readonly Guard[]) => ReadonlyMap<number, T>,
): { rule: SecurityGroupRule; group: string; mark: T }[] {
  const seen = new Map<SecurityGroupRule, { lists: number; marked: number; group: string; mark: T | undefined }>();
  const lists = groupLists(ctx);
  for (const direction of ['ingress', 'egress'] as const) {
    for (const list of lists) {
      const guards = ctx.cm.securityGroupGuards(list, direction);
      const marks = find(guards);
      guards.forEach((g, i) => {
        if (g.origin.kind !== 'security-group') return;
        const e = seen.get(g.origin.rule) ?? { lists: 0, marked: 0, group: g.origin.resource, mark: undefined };
        e.lists++;
        const m = marks.get(i);
        if (m !== undefined) {
          if (e.marked === 0) e.mark = m;
          e.marked++;
        }
        seen.set(g.origin.rule, e);
      });
    }
  }
  const out: { rule: SecurityGroupRule; group: string; mark: T }[] = [];
  for (const [rule, e] of seen) if (e.marked > 0 && e.marked === e.lists) out.push({ rule, group: e.group, mark: e.mark as T });
  return out;
}
