/**
 * Source equivalence classes: instances whose flows every hop decides alike, so that one of them answers for all.
 * What a hop can see of a source: its subnet (routing, the outbound ACL, "same subnet"), its security-group list
 * (egress, and group references in other groups' rules), its address relative to every address range the model
 * names (rule CIDRs, group members, ACL rules, endpoint whitelists, listener access control), and whether it is
 * itself a destination or a load-balancer member (its own address, hairpins). Instances equal in all of these are
 * one class. That this is enough is checked by a property test: the classes' answers equal every instance's own.
 */
import type { IntervalSet } from '../net/index.js';
import type { Instance, Model } from '../model/index.js';

/** Instances by class: each class's instances in id order, classes in the order of their first instance. */
export function sourceClasses(model: Model, instances: readonly Instance[]): Instance[][] {
  const cuts = addressCuts(model);
  const members = new Map<string, string[]>();
  for (const l of model.listeners.values()) for (const m of l.members) (members.get(m.instance) ?? members.set(m.instance, []).get(m.instance)!).push(l.id);
  const classes = new Map<string, Instance[]>();
  for (const i of instances) {
    const key = [i.subnet, i.securityGroups.join(','), atomOf(cuts, i.ip), i.id.length > 0 && members.has(i.id) ? `member:${i.id}` : ''].join('\u0000');
    const c = classes.get(key);
    if (c) c.push(i);
    else classes.set(key, [i]);
  }
  return [...classes.values()];
}

/** Every address where some range the model names starts or stops (sorted, unique). */
export function addressCuts(model: Model): number[] {
  const cuts = new Set<number>();
  const add = (set: IntervalSet | readonly { lo: number; hi: number }[]): void => {
    for (const r of set) {
      cuts.add(r.lo);
      cuts.add(r.hi + 1);
    }
  };
  for (const g of model.securityGroups.values()) for (const rule of [...g.ingress, ...g.egress]) add(rule.remoteSet);
  for (const a of model.networkAcls.values()) for (const rule of [...a.inbound, ...a.outbound]) add([rule.source, rule.destination]);
  for (const e of model.endpoints.values()) if (e.whitelistSet) add(e.whitelistSet);
  for (const l of model.listeners.values()) add(l.accessControl.set);
  return [...cuts].sort((a, b) => a - b);
}

/** The index of the run of addresses `ip` falls in. */
function atomOf(cuts: readonly number[], ip: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid]! <= ip) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
