/**
 * Source equivalence classes: instances whose flows every hop decides alike, so that one of them answers for all.
 * What a hop can see of a source: its subnet (routing, the outbound ACL, "same subnet"), its security-group list
 * (egress, and group references in other groups' rules), its address relative to every address range the model
 * names (rule CIDRs, ACL rules, endpoint whitelists, listener access control — a group reference's members are
 * told apart by the group list instead, which keeps them from cutting every member into a class of its own), and
 * whether it is itself a destination or a load-balancer member (its own address, hairpins). Instances equal in all of these are
 * one class. That this is enough is checked by a property test: the classes' answers equal every instance's own.
 */
import { countAtMost, type IntervalSet } from '../net/index.js';
import type { Instance, Model } from '../model/index.js';

/** Instances by class: each class's instances in id order, classes in the order of their first instance. */
export function sourceClasses(model: Model, instances: readonly Instance[]): Instance[][] {
  const { cuts, members, groupsAt } = factsOf(model);
  const classes = new Map<string, Instance[]>();
  for (const i of instances) {
    const others = [...groupsAt.get(i.ip)!].filter((g) => !i.securityGroups.includes(g)).sort();
    const key = [
      i.subnet,
      i.securityGroups.join(','),
      countAtMost(cuts, i.ip),
      i.id.length > 0 && members.has(i.id) ? `member:${i.id}` : '',
      others.join(','),
    ].join('\u0000');
    const c = classes.get(key);
    if (c) c.push(i);
    else classes.set(key, [i]);
  }
  return [...classes.values()];
}

interface ClassFacts {
  readonly cuts: readonly number[];
  /** Instance id → the listeners it is a member of. */
  readonly members: ReadonlyMap<string, string[]>;
  /** Address → the groups of every instance with that address. */
  readonly groupsAt: ReadonlyMap<number, ReadonlySet<string>>;
}

const factsByModel = new WeakMap<Model, ClassFacts>();

/** What class keys are made of, computed once per model (a matrix asks for classes once per destination). */
function factsOf(model: Model): ClassFacts {
  let f = factsByModel.get(model);
  if (f) return f;
  const members = new Map<string, string[]>();
  for (const l of model.listeners.values()) for (const m of l.members) (members.get(m.instance) ?? members.set(m.instance, []).get(m.instance)!).push(l.id);
  // A rule that names a group matches its members' addresses: for an instance, that is its own group list (in the
  // key), unless another instance with the same address (in another VPC) is in a group it is not in.
  const groupsAt = new Map<number, Set<string>>();
  for (const i of model.instances.values()) {
    const at = groupsAt.get(i.ip);
    if (at) for (const g of i.securityGroups) at.add(g);
    else groupsAt.set(i.ip, new Set(i.securityGroups));
  }
  f = { cuts: addressCuts(model), members, groupsAt };
  factsByModel.set(model, f);
  return f;
}

/** Every address where some range the model names starts or stops (sorted, unique). */
function addressCuts(model: Model): number[] {
  const cuts = new Set<number>();
  const add = (set: IntervalSet | readonly { lo: number; hi: number }[]): void => {
    for (const r of set) {
      cuts.add(r.lo);
      cuts.add(r.hi + 1);
    }
  };
  // Rules that name a group are left out: their address sets follow group membership (see sourceClasses).
  for (const g of model.securityGroups.values()) for (const rule of g.rules) if (rule.remote.kind === 'cidr') add([rule.remote.cidr]);
  for (const a of model.networkAcls.values()) for (const rule of [...a.inbound, ...a.outbound]) add([rule.source, rule.destination]);
  for (const e of model.endpoints.values()) if (e.whitelistSet) add(e.whitelistSet);
  for (const l of model.listeners.values()) add(l.accessControl.set);
  return [...cuts].sort((a, b) => a - b);
}

/** The classes with `id` (when it is in one) taken out into a class of its own, the rest of its class after it. */
export function withOwnClass(classes: readonly (readonly Instance[])[], id: string): (readonly Instance[])[] {
  const out: (readonly Instance[])[] = [];
  for (const c of classes) {
    if (!c.some((i) => i.id === id)) out.push(c);
    else {
      out.push(c.filter((i) => i.id === id));
      const rest = c.filter((i) => i.id !== id);
      if (rest.length) out.push(rest);
    }
  }
  return out;
}
